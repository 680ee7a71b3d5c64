package vnnews.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * Runs ONE OpenSearch node in this JVM, from the Maven artifacts on the classpath.
 *
 * <p>There is no server distribution here, so there is no plugins/ or modules/ folder
 * either: the plugins this project needs (netty4 for HTTP and transport,
 * analysis-common, and Painless when its jar is present) are handed to the node as
 * classes, the way OpenSearch's own test framework (MockNode) does it.
 *
 * <p>The node is started through {@link Node} directly rather than through
 * {@code org.opensearch.bootstrap.OpenSearch}, so none of the bootstrap-only steps run:
 * no jar-hell check of the (flat) classpath, no security manager, no native
 * (JNA/seccomp/mlockall) initialisation and no production bootstrap checks (heap size,
 * max map count, file descriptors...). That is what makes a plain
 * {@code java -cp 'opensearch-launcher.jar:lib/*'} work; it is for development and
 * tests on loopback only.
 *
 * <pre>
 * java -cp 'opensearch-launcher.jar:lib/*' vnnews.opensearch.Launcher \
 *   --home DIR [--data DIR] [--logs DIR] [--cluster-name NAME] [--node-name NAME] \
 *   [--http-port 9200] [--transport-port 9300] [--host 127.0.0.1] \
 *   [--seed-hosts 127.0.0.1:9300,127.0.0.1:9301] [--initial-cluster-manager-nodes n1,n2] \
 *   [-E key=value ...]
 * </pre>
 *
 * Without --seed-hosts the node runs with {@code discovery.type: single-node}.
 * SIGTERM (or Ctrl-C) closes the node cleanly.
 */
public final class Launcher {

    /** Plugin classes loaded when present on the classpath; the first two are required. */
    private static final String[] REQUIRED_PLUGINS = {
        "org.opensearch.transport.Netty4Plugin",
        "org.opensearch.analysis.common.CommonAnalysisPlugin", };
    private static final String[] OPTIONAL_PLUGINS = { "org.opensearch.painless.PainlessPlugin", };

    /** A {@link Node} that takes its plugins as classes from the classpath (like MockNode). */
    static final class ClasspathPluginNode extends Node {
        ClasspathPluginNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    private Launcher() {}

    private static void usage(String error) {
        if (error != null) {
            System.err.println("error: " + error);
        }
        System.err.println(
            "usage: Launcher --home DIR [--data DIR] [--logs DIR] [--cluster-name NAME] [--node-name NAME]\n"
                + "                [--http-port PORT] [--transport-port PORT] [--host ADDR]\n"
                + "                [--seed-hosts HOST:PORT,...] [--initial-cluster-manager-nodes NAME,...]\n"
                + "                [-E key=value ...]\n"
                + "Starts one OpenSearch node in this JVM (single-node discovery unless --seed-hosts is given).");
        System.exit(error == null ? 0 : 2);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help") || a.equals("-help")) {
                usage(null);
            }
            if (a.startsWith("-E")) {
                String kv = a.length() > 2 ? a.substring(2) : (++i < args.length ? args[i] : null);
                if (kv == null || !kv.contains("=")) {
                    usage("-E needs key=value");
                }
                extra.add(kv);
                continue;
            }
            if (!a.startsWith("--")) {
                usage("unexpected argument: " + a);
            }
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else {
                if (++i >= args.length) {
                    usage("missing value for " + a);
                }
                value = args[i];
            }
            opts.put(key, value);
        }
        List<String> known = Arrays.asList(
            "home", "data", "logs", "cluster-name", "node-name", "http-port", "transport-port", "host",
            "seed-hosts", "initial-cluster-manager-nodes");
        for (String k : opts.keySet()) {
            if (!known.contains(k)) {
                usage("unknown option --" + k);
            }
        }
        if (!opts.containsKey("home")) {
            usage("--home is required");
        }

        Path home = Paths.get(opts.get("home")).toAbsolutePath().normalize();
        Path data = Paths.get(opts.getOrDefault("data", home.resolve("data").toString())).toAbsolutePath();
        Path logs = Paths.get(opts.getOrDefault("logs", home.resolve("logs").toString())).toAbsolutePath();
        Path config = home.resolve("config");
        String clusterName = opts.getOrDefault("cluster-name", "vnnews-dev");
        String nodeName = opts.getOrDefault("node-name", "node-1");
        String host = opts.getOrDefault("host", "127.0.0.1");
        String seedHosts = opts.getOrDefault("seed-hosts", "");
        String initialManagers = opts.getOrDefault("initial-cluster-manager-nodes", "");

        for (Path p : new Path[] { home, data, logs, config, home.resolve("plugins"), home.resolve("modules") }) {
            Files.createDirectories(p);
        }
        Path log4jConfig = config.resolve("log4j2.properties");
        if (!Files.exists(log4jConfig)) {
            try (InputStream in = Launcher.class.getResourceAsStream("/log4j2.properties")) {
                Files.copy(in, log4jConfig, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        Settings.Builder b = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", logs.toString())
            .put("cluster.name", clusterName)
            .put("node.name", nodeName)
            // loopback only: network.host also sets bind and publish hosts
            .put("network.host", host)
            .put("http.port", opts.getOrDefault("http-port", "9200"))
            .put("transport.port", opts.getOrDefault("transport-port", "9300"))
            // dev machine: a nearly full disk must not turn indices read-only or block allocation
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        if (seedHosts.isEmpty()) {
            b.put("discovery.type", "single-node");
        } else {
            b.putList("discovery.seed_hosts", splitList(seedHosts));
            if (!initialManagers.isEmpty()) {
                b.putList("cluster.initial_cluster_manager_nodes", splitList(initialManagers));
            }
        }
        for (String kv : extra) {
            int eq = kv.indexOf('=');
            b.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Settings settings = b.build();

        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), config, () -> nodeName);

        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(nodeName);
        LogConfigurator.configure(environment);

        Collection<Class<? extends Plugin>> plugins = new ArrayList<>();
        for (String name : REQUIRED_PLUGINS) {
            plugins.add(Class.forName(name).asSubclass(Plugin.class));
        }
        for (String name : OPTIONAL_PLUGINS) {
            try {
                plugins.add(Class.forName(name).asSubclass(Plugin.class));
            } catch (ClassNotFoundException e) {
                // optional plugin not on the classpath
            }
        }

        final Node node = new ClasspathPluginNode(environment, plugins);
        final CountDownLatch keepAlive = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                keepAlive.countDown();
                // log4j's own shutdown hook is disabled (-Dlog4j.shutdownHookEnabled=false)
                // so that the node can still log while it closes; stop log4j last.
                LoggerContext context = (LoggerContext) LogManager.getContext(false);
                Configurator.shutdown(context);
            }
        }, "opensearch-launcher-shutdown"));

        try {
            node.start();
        } catch (Throwable t) {
            LogManager.getLogger(Launcher.class).error("node failed to start", t);
            System.err.println("node failed to start: " + t);
            System.exit(1);
        }
        LogManager.getLogger(Launcher.class).info(
            "started node [{}] of cluster [{}]: http://{}:{} (plugins {})",
            nodeName, clusterName, host, settings.get("http.port"), plugins);

        // OpenSearch's threads are daemon threads: keep the JVM alive until shutdown.
        Thread keeper = new Thread(() -> {
            try {
                keepAlive.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "opensearch-launcher-keepalive");
        keeper.setDaemon(false);
        keeper.start();
    }

    private static String[] splitList(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toArray(String[]::new);
    }
}

#!/usr/bin/env bash
# Run a local OpenSearch 2.19.6 node, or a cluster of N nodes, for development and
# tests: no Docker and no server tarball, only Maven artifacts (see
# opensearch/launcher/). Everything lives under .opensearch/ (git-ignored):
#   build/            the launcher jar + lib/ (rebuilt only when opensearch/launcher/ changes)
#   nodes/node-I/     each node's home: config/, data/, logs/, tmp/
#   logs/node-I.log   each node's stdout/stderr
#   run/node-I.pid    pid of each running node; run/cluster.env what was started
#
#   bash scripts/opensearch.sh start [--nodes N] [--port P] [--transport-port T]
#                                    [--cluster-name NAME] [--keep-data] [-E setting=value ...]
#       Starts N nodes (default 1) on 127.0.0.1, HTTP ports P, P+1, ... (default 9200),
#       transport ports T, T+1, ... (default P+100), with the node settings -E (for
#       every node, e.g. -E indices.query.bool.max_clause_count=4096), waits until the cluster is green
#       with N nodes, and prints its URL (http://127.0.0.1:P) as the last line of
#       stdout; everything else goes to stderr:
#           URL=$(bash scripts/opensearch.sh start | tail -1)
#       Data is wiped at every start (fresh, empty cluster) unless --keep-data is given
#       (then the same --nodes and --port must be used as before, and start waits for
#       yellow only: on one node an index with replicas never gets green; create
#       indices with "number_of_replicas": 0 on a single node to have green).
#       If a cluster started by this script is still running: with the same node count
#       and port and a green/yellow health it is reused as it is (its URL is printed,
#       its data kept); otherwise start fails and says to run `stop` first.
#   bash scripts/opensearch.sh stop      TERM each node by its pid, KILL after 30 s; harmless when none runs
#   bash scripts/opensearch.sh status    pids, health; exit 0 when running, 3 when not
#
# Environment: OPENSEARCH_STATE (the state folder: nodes/, logs/, run/; default .opensearch;
# a relative path is taken from the project root): a second cluster, with its own state
# folder and ports, runs beside the first and is started, stopped and reported on
# apart from it, e.g.
#     OPENSEARCH_STATE=.opensearch/pair bash scripts/opensearch.sh start --nodes 2 --port 9270
# (the launcher build stays in .opensearch/build/, shared).
# OPENSEARCH_HEAP (per node; default 1g for one node, 512m each for more),
# OPENSEARCH_JAVA_OPTS (extra JVM options), OPENSEARCH_START_TIMEOUT (seconds, default 180),
# OPENSEARCH_STOP_TIMEOUT (seconds, default 30), JAVA (default: java on PATH), MVN (default mvn).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${OPENSEARCH_STATE:-.opensearch}
case "$STATE" in /*) ;; *) STATE="$ROOT/$STATE" ;; esac
LAUNCHER_SRC="$ROOT/opensearch/launcher"
BUILD="$ROOT/.opensearch/build" # one launcher build for every state folder
RUN="$STATE/run"
LOGS="$STATE/logs"
NODES="$STATE/nodes"
JAVA=${JAVA:-java}
MVN=${MVN:-mvn}
START_TIMEOUT=${OPENSEARCH_START_TIMEOUT:-180}
STOP_TIMEOUT=${OPENSEARCH_STOP_TIMEOUT:-30}
MAIN_CLASS=vnnews.opensearch.Launcher

log() { echo "opensearch.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit "${1:-0}"
}

# ---------------------------------------------------------------- build

source_hash() {
    (
        cd "$LAUNCHER_SRC"
        find pom.xml src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
        "$JAVA" -version 2>&1 | head -1
    ) | sha256sum | cut -d' ' -f1
}

build_launcher() {
    local hash
    hash=$(source_hash)
    # One build at a time, whichever state folder starts it (fd 8, closed before the
    # nodes start: a JVM must not hold it).
    mkdir -p "$(dirname "$BUILD")"
    exec 8>"$(dirname "$BUILD")/.build.lock"
    flock 8
    if [ -f "$BUILD/.stamp" ] && [ "$(cat "$BUILD/.stamp")" = "$hash" ] \
        && [ -f "$BUILD/opensearch-launcher.jar" ] && [ -d "$BUILD/lib" ]; then
        exec 8>&-
        return 0
    fi
    command -v "$MVN" >/dev/null || die "maven ($MVN) is needed to build the launcher"
    log "building the launcher with Maven (the first time Maven downloads ~85 MB into ~/.m2) ..."
    local t0=$SECONDS
    rm -rf "$BUILD"
    # (Debian's Maven prints stray ANSI resets even with -B -q: strip them.)
    if ! "$MVN" -B -q -Dstyle.color=never -f "$LAUNCHER_SRC/pom.xml" -Dlauncher.build.dir="$BUILD" package 2>&1 \
        | sed 's/\x1b\[[0-9;]*m//g' >&2; then
        die "the Maven build of opensearch/launcher failed"
    fi
    echo "$hash" >"$BUILD/.stamp"
    exec 8>&-
    log "built in $((SECONDS - t0)) s"
}

# ---------------------------------------------------------------- pids

# Is $1 the pid of a live launcher JVM (not a recycled pid)?
is_launcher_pid() {
    local pid=$1
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] \
        && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"
}

pid_files() {
    [ -d "$RUN" ] || return 0
    find "$RUN" -maxdepth 1 -name 'node-*.pid' | LC_ALL=C sort
}

live_pids() {
    local f pid
    for f in $(pid_files); do
        pid=$(cat "$f" 2>/dev/null || true)
        if is_launcher_pid "$pid"; then echo "$pid"; fi
    done
}

health() { # URL [query] -> prints the health JSON, or nothing
    curl -s --max-time 15 "$1/_cluster/health${2:-}" 2>/dev/null || true
}

json_field() { # JSON FIELD -> value of a top-level string/number/bool field
    sed -n "s/.*\"$2\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" <<<"$1" | head -1
}

stop_nodes() {
    local f pid pids=() t
    for f in $(pid_files); do
        pid=$(cat "$f" 2>/dev/null || true)
        if is_launcher_pid "$pid"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    if [ ${#pids[@]} -gt 0 ]; then
        log "stopping ${#pids[@]} node(s): ${pids[*]}"
        t=0
        while :; do
            local alive=()
            for pid in "${pids[@]}"; do
                if is_launcher_pid "$pid"; then alive+=("$pid"); fi
            done
            [ ${#alive[@]} -eq 0 ] && break
            if [ "$t" -ge $((STOP_TIMEOUT * 5)) ]; then
                log "still running after ${STOP_TIMEOUT}s, killing: ${alive[*]}"
                kill -KILL "${alive[@]}" 2>/dev/null || true
                sleep 0.5
                break
            fi
            sleep 0.2
            t=$((t + 1))
        done
    fi
    rm -f "$RUN"/node-*.pid "$RUN/cluster.env"
}

tail_logs() {
    local f
    for f in "$LOGS"/node-*.log; do
        [ -f "$f" ] || continue
        echo "----- last lines of $f -----" >&2
        tail -n 40 "$f" >&2
    done
}

# ---------------------------------------------------------------- commands

cmd_start() {
    local nodes=1 port=9200 tport="" cluster=vnnews-dev keep_data=0 node_settings=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --nodes) nodes=${2:?}; shift 2 ;;
            --nodes=*) nodes=${1#*=}; shift ;;
            --port) port=${2:?}; shift 2 ;;
            --port=*) port=${1#*=}; shift ;;
            --transport-port) tport=${2:?}; shift 2 ;;
            --transport-port=*) tport=${1#*=}; shift ;;
            --cluster-name) cluster=${2:?}; shift 2 ;;
            --cluster-name=*) cluster=${1#*=}; shift ;;
            --keep-data) keep_data=1; shift ;;
            -E) node_settings+=(-E "${2:?}"); shift 2 ;;
            -E*) node_settings+=("$1"); shift ;;
            -h|--help) usage 0 ;;
            *) die "unknown option for start: $1" ;;
        esac
    done
    [[ "$nodes" =~ ^[1-9][0-9]*$ ]] || die "--nodes must be a positive number"
    [[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"
    tport=${tport:-$((port + 100))}
    [[ "$tport" =~ ^[0-9]+$ ]] || die "--transport-port must be a number"
    local url="http://127.0.0.1:$port"
    mkdir -p "$RUN" "$LOGS" "$NODES"

    # A cluster from an earlier start that is still running: reuse it or refuse.
    local running
    running=$(live_pids | wc -l)
    if [ "$running" -gt 0 ]; then
        local prev_nodes="" prev_port="" h status n
        if [ -f "$RUN/cluster.env" ]; then
            prev_nodes=$(sed -n 's/^NODES=//p' "$RUN/cluster.env")
            prev_port=$(sed -n 's/^PORT=//p' "$RUN/cluster.env")
        fi
        if [ "$prev_nodes" = "$nodes" ] && [ "$prev_port" = "$port" ] && [ "$running" = "$nodes" ]; then
            h=$(health "$url")
            status=$(json_field "$h" status)
            n=$(json_field "$h" number_of_nodes)
            if { [ "$status" = green ] || [ "$status" = yellow ]; } && [ "$n" = "$nodes" ]; then
                log "reusing the running cluster ($nodes node(s), status $status); data kept"
                echo "$url"
                return 0
            fi
            die "a cluster started earlier is running but not healthy (status '${status:-no answer}', nodes '${n:-?}'); run: bash scripts/opensearch.sh stop"
        fi
        if [ "$prev_nodes" = "$nodes" ] && [ "$prev_port" = "$port" ]; then
            die "only $running of the $nodes node(s) started earlier on port $port are still running; run: bash scripts/opensearch.sh stop"
        fi
        die "$running node(s) from an earlier start are running (started as ${prev_nodes:-?} node(s) on port ${prev_port:-?}), not the $nodes node(s) on port $port asked for; run: bash scripts/opensearch.sh stop"
    fi
    rm -f "$RUN"/node-*.pid "$RUN/cluster.env" # stale files of nodes that died

    # Ports must be free (another OpenSearch, or anything else).
    local i
    for ((i = 0; i < nodes; i++)); do
        for p in $((port + i)) $((tport + i)); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
                die "port $p on 127.0.0.1 is already in use (by a process this script did not start)"
            fi
        done
    done

    build_launcher

    local heap=${OPENSEARCH_HEAP:-}
    if [ -z "$heap" ]; then
        if [ "$nodes" -eq 1 ]; then heap=1g; else heap=512m; fi
    fi
    local seeds="" managers=""
    if [ "$nodes" -gt 1 ]; then
        for ((i = 0; i < nodes; i++)); do
            seeds+="${seeds:+,}127.0.0.1:$((tport + i))"
            managers+="${managers:+,}node-$((i + 1))"
        done
    fi
    {
        echo "NODES=$nodes"
        echo "PORT=$port"
        echo "TRANSPORT_PORT=$tport"
        echo "CLUSTER_NAME=$cluster"
    } >"$RUN/cluster.env"

    rm -f "$LOGS"/node-*.log # logs are per start
    local t0=$SECONDS name home pid args
    for ((i = 0; i < nodes; i++)); do
        name="node-$((i + 1))"
        home="$NODES/$name"
        if [ "$keep_data" -eq 0 ]; then rm -rf "$home"; fi
        mkdir -p "$home/tmp"
        args=(--home "$home" --cluster-name "$cluster" --node-name "$name"
            --http-port $((port + i)) --transport-port $((tport + i)) --host 127.0.0.1)
        if [ "$nodes" -gt 1 ]; then
            args+=(--seed-hosts "$seeds" --initial-cluster-manager-nodes "$managers")
        fi
        args+=(${node_settings[@]+"${node_settings[@]}"})
        # shellcheck disable=SC2086 # OPENSEARCH_JAVA_OPTS is a list of options
        setsid nohup "$JAVA" "-Xms$heap" "-Xmx$heap" \
            -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
            -Dfile.encoding=UTF-8 -Djava.awt.headless=true \
            -Djava.io.tmpdir="$home/tmp" \
            -Djava.locale.providers=SPI,COMPAT \
            -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
            -Dio.netty.recycler.maxCapacityPerThread=0 \
            -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true \
            ${OPENSEARCH_JAVA_OPTS:-} \
            -cp "$BUILD/opensearch-launcher.jar:$BUILD/lib/*" "$MAIN_CLASS" "${args[@]}" \
            </dev/null >"$LOGS/$name.log" 2>&1 9>&- & # 9>&-: the JVM must not hold the lock

        pid=$!
        echo "$pid" >"$RUN/$name.pid"
        log "started $name (pid $pid): http 127.0.0.1:$((port + i)), transport $((tport + i)), heap $heap, log $LOGS/$name.log"
    done

    # Wait for a green cluster with all nodes. A fresh cluster has no index, so it is
    # green as soon as it has formed; with --keep-data an index whose replicas cannot be
    # allocated (e.g. 1 replica on one node) stays yellow forever: then yellow is enough.
    local want=green
    [ "$keep_data" -eq 0 ] || want=yellow
    local deadline=$((SECONDS + START_TIMEOUT)) h status n f
    while :; do
        for f in $(pid_files); do
            pid=$(cat "$f")
            if ! is_launcher_pid "$pid"; then
                tail_logs
                stop_nodes
                die "$(basename "$f" .pid) (pid $pid) exited during startup; see the log above"
            fi
        done
        h=$(health "$url" "?wait_for_status=$want&wait_for_nodes=$nodes&timeout=5s")
        status=$(json_field "$h" status)
        n=$(json_field "$h" number_of_nodes)
        if [ "$n" = "$nodes" ] && [ "$(json_field "$h" timed_out)" = false ]; then
            break
        fi
        if [ $SECONDS -ge $deadline ]; then
            tail_logs
            stop_nodes
            die "the cluster was not $want with $nodes node(s) after ${START_TIMEOUT}s (last health: ${h:-no answer}); nodes stopped"
        fi
        [ -n "$h" ] || sleep 1
    done
    log "cluster '$cluster' is $status with $nodes node(s) after $((SECONDS - t0)) s"
    echo "$url"
}

cmd_stop() {
    [ $# -eq 0 ] || die "stop takes no options"
    if [ -z "$(live_pids)" ]; then
        rm -f "$RUN"/node-*.pid "$RUN/cluster.env" 2>/dev/null || true
        log "no node is running"
        return 0
    fi
    stop_nodes
    log "stopped"
}

cmd_status() {
    [ $# -eq 0 ] || die "status takes no options"
    local f pid name running=0 port="" h=""
    [ -f "$RUN/cluster.env" ] && port=$(sed -n 's/^PORT=//p' "$RUN/cluster.env")
    port=${port:-9200}
    for f in $(pid_files); do
        pid=$(cat "$f" 2>/dev/null || true)
        name=$(basename "$f" .pid)
        if is_launcher_pid "$pid"; then
            echo "$name: running (pid $pid, http://127.0.0.1:$((port + ${name#node-} - 1)))"
            running=$((running + 1))
            # health as seen by the first live node that answers
            [ -n "$h" ] || h=$(health "http://127.0.0.1:$((port + ${name#node-} - 1))")
        else
            echo "$name: not running (stale pid file, pid $pid)"
        fi
    done
    if [ "$running" -eq 0 ]; then
        echo "no node is running"
        return 3
    fi
    echo "url: http://127.0.0.1:$port"
    echo "health: ${h:-no answer}"
}

main() {
    local cmd=${1:-}
    [ $# -gt 0 ] && shift
    case "$cmd" in
        start | stop | status)
            mkdir -p "$STATE"
            # One start/stop at a time.
            exec 9>"$STATE/.lock"
            flock 9
            "cmd_$cmd" "$@"
            ;;
        -h | --help | help) usage 0 ;;
        *) usage 2 ;;
    esac
}

main "$@"

"""Load test of the production server: ``python -m search_app`` under concurrent clients.

Usage (from the repo root)::

    python bench/load.py [--index DIR] [--seconds 30] [--connections 1,20,100] [--workers 1,2]
                         [--mix mixed,short] [--result-cache 0] [--queries 200] [--seed 4]
                         [--client python|wrk] [--out docs/benchmarks.md]

For each number of worker processes, starts ``python -m search_app --index DIR --port
<free> --workers W`` (our index is the cached ``bench/results/index-all`` unless
``--index``) and, for each query mix and number of connections, drives it with that many
client threads (one keep-alive ``http.client`` connection each, each starting at its own
offset of the mix) for ``--seconds``.  Mixes: ``mixed`` is the latency query mix (title
spans of 2-5 words with and without accents, single words, dated queries); ``short`` is
its queries of one or two words.  ``--result-cache 0`` (the default) turns the server's
result cache off, so that every request is searched: the mix repeats its queries within
seconds, and with the cache on (``--result-cache 2048``) most answers would come from it.
Reports requests/s, p50/p95/p99, errors (any non-200 or connection failure; must be 0)
and the resident memory of the server's processes together.  The client runs on the same
2-core machine and takes CPU from the server: absolute figures understate what a server
alone would do; compare the rows of one run.  ``--client wrk`` drives the same requests
with ``wrk`` instead (Debian's; it takes far less CPU, and keeps every connection busy:
the Python threads' own work spaces out their requests, which flatters the latencies).
"""

from __future__ import annotations

import argparse
import http.client
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DOC, ROOT, Server, cmdline, corpus_dirs, ensure_our_index, facts_md, log_line,  # noqa: E402
                    machine_facts, make_queries, md_table, query_path, save_json, summary_ms,
                    title_records, update_doc)


def run_load(port: int, paths: list[str], connections: int, seconds: float, memory=None):
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    peak = [0.0]

    def client(offset: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset
        mine = []
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    with lock:
                        errors.append(f"HTTP {resp.status} {path}")
                else:
                    mine.append(time.perf_counter() - t0)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc} {path}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            latencies.extend(mine)

    def sample():
        while time.monotonic() < deadline:
            if memory:
                peak[0] = max(peak[0], memory())
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(k * len(paths) // connections,), daemon=True)
               for k in range(connections)]
    sampler = threading.Thread(target=sample, daemon=True)
    t0 = time.perf_counter()
    sampler.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - t0, peak[0]


_WRK_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%.3f %%.3f\\n", summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.mean / 1000))
end
"""


def run_wrk(port: int, paths: list[str], connections: int, seconds: float, memory=None) -> dict:
    """The same load driven by ``wrk`` (C, from Debian: ``apt-get install wrk``), two
    threads, ``connections`` keep-alive connections cycling through ``paths``: a client
    that takes far less CPU from the server than Python threads do."""
    import json
    import subprocess
    import tempfile

    script = "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n" + _WRK_SCRIPT % ()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    peak, stop = [0.0], threading.Event()

    def sample():
        while not stop.is_set():
            if memory:
                peak[0] = max(peak[0], memory())
            stop.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    out = subprocess.run(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "30s",
                          "-s", fh.name, f"http://127.0.0.1:{port}"], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    stop.set()
    Path(fh.name).unlink()
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {out.stdout[-1000:]} {out.stderr[-1000:]}")
    requests, errors, p50, p95, p99, mean = line.split()[1:]
    return {"ok": int(requests) - int(errors), "errors": int(errors), "seconds": wall,
            "p50": float(p50), "p95": float(p95), "p99": float(p99), "mean": float(mean), "peak": peak[0]}


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/load.py", description=__doc__.split("\n")[0])
    p.add_argument("--index", default=None)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--connections", default="1,20,100")
    p.add_argument("--workers", default="1,2", help="worker processes of the server, one run each")
    p.add_argument("--mix", default="mixed,short")
    p.add_argument("--result-cache", type=int, default=0, help="the server's --result-cache (default 0: off)")
    p.add_argument("--threads", type=int, default=None, help="server threads per worker (default: the server's)")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--client", choices=["python", "wrk"], default="python",
                   help="the load generator: Python threads, or wrk (Debian's, far lighter on the CPU)")
    p.add_argument("--out", default=str(DOC))
    args = p.parse_args(argv)
    corpus_dirs("all")
    log_line("run: " + cmdline())
    facts = machine_facts()
    index_dir = ensure_our_index("all", args.index)
    queries = make_queries(title_records("all"), args.queries, args.seed)
    mixes = {"mixed": [query_path(q) for q in queries],
             "short": [query_path(q) for q in queries if len(q["q"].split()) <= 2]}
    rows, results, samples = [], [], []
    for workers in _ints(args.workers):
        server = Server(index_dir, threads=args.threads, workers=workers, result_cache=args.result_cache)
        with server:
            idle = server.tree_rss_mb()
            server_cmd = " ".join(server.cmd[1:])
            for mix in args.mix.split(","):
                for connections in _ints(args.connections):
                    if args.client == "wrk":
                        w = run_wrk(server.port, mixes[mix], connections, args.seconds, server.tree_rss_mb)
                        ok, n_errors, wall, peak = w["ok"], w["errors"], w["seconds"], w["peak"]
                        s = {k: w[k] for k in ("p50", "p95", "p99", "mean")}
                        errors = [f"{n_errors} requests failed (wrk)"] if n_errors else []
                    else:
                        lat, errors, wall, peak = run_load(server.port, mixes[mix], connections, args.seconds,
                                                           server.tree_rss_mb)
                        ok, n_errors = len(lat), len(errors)
                        s = summary_ms(lat) if lat else {k: float("nan") for k in ("p50", "p95", "p99", "mean")}
                    res = {"workers": workers, "mix": mix, "connections": connections, "client": args.client,
                           "ok": ok, "errors": n_errors, "seconds": wall, "rps": ok / wall if wall else 0, **s,
                           "server_rss_idle_mb": idle, "server_rss_peak_mb": peak}
                    results.append(res)
                    samples += errors[:5]
                    rows.append([workers, mix, connections, ok + n_errors, n_errors, res["rps"],
                                 s["p50"], s["p95"], s["p99"], idle, peak])
                    print(rows[-1], flush=True)
    save_json("load.json", {"facts": facts, "results": results, "args": vars(args)})
    text = "\n".join([
        "## Load (production server)", "", facts_md(facts), "",
        f"Index: `{index_dir.relative_to(ROOT) if index_dir.is_relative_to(ROOT) else index_dir}`.", "",
        "Command: `" + cmdline() + "`; server: `python " + server_cmd.replace(str(index_dir), "<index>")
        .replace(f"--workers {workers}", "--workers W") + "`", "",
        ("Keep-alive connections (client threads on the same machine)" if args.client == "python" else
         "Keep-alive connections driven by `wrk` (2 threads, on the same machine)")
        + f", {args.seconds:.0f} s per row; "
        f"mixes: `mixed` = the latency query mix ({len(mixes['mixed'])} queries, 10 results each), "
        f"`short` = its queries of one or two words ({len(mixes['short'])}); the server's result cache "
        + ("off (every request searched)" if args.result_cache == 0 else f"of {args.result_cache} results")
        + ". Memory: resident, the server's processes together.", "",
        md_table(["workers", "mix", "connections", "requests", "errors", "requests/s", "p50 ms", "p95 ms",
                  "p99 ms", "RSS idle MiB", "RSS peak MiB"], rows),
        "", ("Errors: 0." if not samples else "**Errors:** " + "; ".join(samples[:5])),
    ])
    update_doc("load", text, Path(args.out))
    print(text)
    return 0 if not samples else 1


if __name__ == "__main__":
    sys.exit(main())

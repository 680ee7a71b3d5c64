"""Load test of the production server: ``python -m search_app`` under concurrent clients.

Usage (from the repo root)::

    python bench/load.py [--index DIR] [--seconds 60] [--connections 20] [--max-requests 100000]
                         [--threads N] [--queries 200] [--seed 4] [--out docs/benchmarks.md]

Starts ``python -m search_app --index DIR --port <free>`` as a subprocess (our index is
the cached ``bench/results/index-all`` unless ``--index``), drives it with
``--connections`` client threads (one keep-alive ``http.client`` connection each; the
query mix of ``latency.py``, each thread starting at its own offset) for ``--seconds`` or
until ``--max-requests``, then stops the server.  Reports requests/s, p50/p95/p99, errors
(any non-200 or connection failure; must be 0) and the server's peak RSS (VmHWM).  The
client runs on the same 2-core machine and takes CPU from the server.
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


def run_load(port: int, paths: list[str], connections: int, seconds: float, cap: int):
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    state = {"sent": 0}
    latencies: list[float] = []
    errors: list[str] = []

    def client(offset: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset
        mine = []
        while time.monotonic() < deadline:
            with lock:
                if state["sent"] >= cap:
                    break
                state["sent"] += 1
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    errors.append(f"HTTP {resp.status} {path}")
                else:
                    mine.append(time.perf_counter() - t0)
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{type(exc).__name__}: {exc} {path}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(k * len(paths) // connections,), daemon=True)
               for k in range(connections)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - t0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/load.py", description=__doc__.split("\n")[0])
    p.add_argument("--index", default=None)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--connections", type=int, default=20)
    p.add_argument("--max-requests", type=int, default=100_000)
    p.add_argument("--threads", type=int, default=None, help="server worker threads (default: the server's)")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--out", default=str(DOC))
    args = p.parse_args(argv)
    corpus_dirs("all")
    log_line("run: " + cmdline())
    facts = machine_facts()
    index_dir = ensure_our_index("all", args.index)
    queries = make_queries(title_records("all"), args.queries, args.seed)
    paths = [query_path(q) for q in queries]
    server = Server(index_dir, threads=args.threads)
    if not server.available():
        print("search_app/__main__.py is missing: no server to load.")
        return 0
    with server:
        idle_rss = server.rss_mb()
        latencies, errors, wall = run_load(server.port, paths, args.connections, args.seconds,
                                           args.max_requests)
        hwm = server.hwm_mb()
        server_cmd = " ".join(server.cmd[1:])
    n = len(latencies) + len(errors)
    s = summary_ms(latencies) if latencies else {"p50": float("nan"), "p95": float("nan"),
                                                 "p99": float("nan"), "mean": float("nan"), "max": float("nan")}
    res = {"requests": n, "ok": len(latencies), "errors": len(errors), "seconds": wall,
           "rps": len(latencies) / wall if wall else 0, **s, "server_hwm_mb": hwm,
           "server_idle_rss_mb": idle_rss, "error_samples": errors[:20]}
    save_json("load.json", {"facts": facts, "result": res, "args": vars(args)})
    text = "\n".join([
        "## Load (production server)", "", facts_md(facts), "", f"Index: `{index_dir.relative_to(ROOT) if index_dir.is_relative_to(ROOT) else index_dir}`.", "",
        "Command: `" + cmdline() + "`; server: `python " + server_cmd.replace(str(index_dir), "<index>") + "`", "",
        f"{args.connections} concurrent keep-alive connections (client threads on the same machine), "
        f"{args.seconds:.0f} s or {args.max_requests:,} requests at most, the latency query mix "
        f"({len(paths)} queries, 10 results each).", "",
        md_table(["requests", "errors", "requests/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
                  "server RSS idle MiB", "server peak RSS (VmHWM) MiB"],
                 [[n, len(errors), res["rps"], s["p50"], s["p95"], s["p99"], s["max"], idle_rss, hwm]]),
        "", ("Errors: 0." if not errors else "**Errors:** " + "; ".join(errors[:5])),
    ])
    update_doc("load", text, Path(args.out))
    print(text)
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())

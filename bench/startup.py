"""The first queries after a start: ``python -m search_app`` on the 38k index.

Usage (from the repo root)::

    python bench/startup.py [--index DIR] [--queries 20] [--out docs/benchmarks.md]

Starts the server twice on the same index (our cached ``bench/results/index-all`` unless
``--index``): as the indexer leaves it (with its vocabulary file), and with the
vocabulary file moved away (an index written before the indexer wrote it, as every index
was before: the vocabulary is then read from the index on the first query that needs it).
Each time: the seconds until the server answers at all (``/api/openapi.json``), then the
first accentless query and ``--queries`` more from the latency mix, each sent once, in
order; their latencies.  The file is put back afterwards.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DOC, PYTHON, ROOT, cmdline, ensure_our_index, facts_md, free_port, log_line,  # noqa: E402
                    machine_facts, make_queries, md_table, query_path, save_json, summary_ms, title_records,
                    update_doc)

FIRST = "/api/search?q=hoi+nghi+can+bo+chu+chot&per_page=10"


def _get(port: int, path: str, timeout: float = 120) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def one_start(index_dir: Path, paths: list[str]) -> dict:
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen([PYTHON, "-m", "search_app", "--index", str(index_dir), "--port", str(port),
                             "--workers", "1"], cwd=str(ROOT), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        while True:
            try:
                if _get(port, "/api/openapi.json", timeout=5) == 200:
                    break
            except OSError:
                time.sleep(0.05)
            if time.perf_counter() - t0 > 120:
                raise RuntimeError("server did not answer within 120 s")
        listening = time.perf_counter() - t0
        times, statuses = [], []
        for path in [FIRST] + paths:
            q0 = time.perf_counter()
            statuses.append(_get(port, path))
            times.append(time.perf_counter() - q0)
        return {"listening_s": listening, "first_ms": times[0] * 1000, "rest": summary_ms(times[1:]),
                "non_200": sum(1 for s in statuses if s != 200)}
    finally:
        proc.terminate()
        proc.wait(30)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/startup.py", description=__doc__.split("\n")[0])
    p.add_argument("--index", default=None)
    p.add_argument("--queries", type=int, default=20)
    p.add_argument("--out", default=str(DOC))
    args = p.parse_args(argv)
    log_line("run: " + cmdline())
    facts = machine_facts()
    index_dir = ensure_our_index("all", args.index)
    from indexer import store

    build = store.live_build(index_dir)
    paths = [query_path(q) for q in make_queries(title_records("all"), 200, 4)][:args.queries]
    written = sorted(build.glob("vocabulary_*.pickle"))
    if not written:
        print(f"{build} has no vocabulary file: rebuild it with this indexer first.")
        return 1
    with_file = one_start(index_dir, paths)
    aside = [w.with_name(w.name + ".aside") for w in written]
    for w, a in zip(written, aside):
        w.rename(a)
    try:
        without = one_start(index_dir, paths)
    finally:
        for w, a in zip(written, aside):
            a.rename(w)
    rows = [[label, r["listening_s"], r["first_ms"], r["rest"]["p50"], r["rest"]["max"], r["non_200"]]
            for label, r in (("vocabulary written by the indexer", with_file),
                             ("without it (read from the index on first use)", without))]
    save_json("startup.json", {"facts": facts, "with_file": with_file, "without": without})
    text = "\n".join([
        "## Start (first queries after a start)", "", facts_md(facts), "",
        "Command: `" + cmdline() + "`. One server process (`--workers 1`), the 38k index; the first query "
        f"is accentless (`{FIRST.split('q=')[1].split('&')[0]}`), then {len(paths)} queries of the latency mix, "
        "each sent once.", "",
        md_table(["start", "answers after s", "first query ms", f"next {len(paths)}: p50 ms", "max ms",
                  "non-200"], rows),
    ])
    update_doc("startup", text, Path(args.out))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

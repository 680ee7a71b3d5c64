"""Query latency on the 38k corpus: ours (Python API and HTTP JSON API), tantivy, FTS5.

Usage (from the repo root)::

    python bench/latency.py [--index DIR] [--queries 200] [--seed 4] [--passes 2]
                            [--profile] [--out docs/benchmarks.md]

Our index is built once into ``bench/results/index-all`` (git-ignored) unless ``--index``
is given; the peers' indexes likewise into ``bench/results/``.  The query set (seeded):
title spans of 2-5 words accented and accentless, single title words, and date-filtered
spans (``date``, ``month``, ``from``/``to``).  Each engine answers every query once to
warm up, then ``--passes`` timed passes; per_page=10.  The HTTP run starts
``python -m search_app --index DIR --port <free>`` as a subprocess (one keep-alive
connection, sequential requests) and stops it at the end.  ``--profile`` also runs the
query set under cProfile through the Python API and writes the top functions to
``bench/results/latency-profile.txt``.  Target: ours p95 ≤ 100 ms through the JSON API.
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DOC, RESULTS, Server, cmdline, corpus_dirs, date_range_of, ensure_our_index,  # noqa: E402
                    ensure_peer_index, facts_md, log_line, machine_facts, make_queries, md_table,
                    query_path, save_json, summary_ms, title_records, update_doc)

TARGET_P95_MS = 100.0


def _timed(fn, queries, passes: int, first: list | None = None) -> tuple[list[float], dict]:
    for q in queries:  # warm-up (timed into ``first`` when given: each query seen once)
        t0 = time.perf_counter()
        fn(q)
        if first is not None:
            first.append(time.perf_counter() - t0)
    times, per_query = [], {}
    for _ in range(passes):
        for i, q in enumerate(queries):
            t0 = time.perf_counter()
            fn(q)
            dt = time.perf_counter() - t0
            times.append(dt)
            per_query[i] = max(per_query.get(i, 0.0), dt)
    return times, per_query


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/latency.py", description=__doc__.split("\n")[0])
    p.add_argument("--index", default=None, help="our index folder (default: cached bench/results/index-all)")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--passes", type=int, default=2)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--out", default=str(DOC))
    args = p.parse_args(argv)
    corpus_dirs("all")  # exits 0 when absent
    log_line("run: " + cmdline())
    facts = machine_facts()
    index_dir = ensure_our_index("all", args.index)
    queries = make_queries(title_records("all"), args.queries, args.seed)
    save_json("queries.json", queries)

    from search_app.engine import Engine, SearchParams

    from peers import FTS5, Tantivy

    engine = Engine(index_dir, result_cache_size=0)  # every query searched, never a cached result

    def ours(q):
        return engine.search(SearchParams.from_args({**{k: v for k, v in q.items() if k != "kind"},
                                                     "per_page": "10"}))

    peers = {"tantivy": Tantivy(ensure_peer_index("tantivy")), "fts5": FTS5(ensure_peer_index("fts5"))}

    def peer_fn(peer):
        def run(q):
            lo, hi = date_range_of(q)
            return peer.search(q["q"], {"from": lo, "to": hi}, 10)
        return run

    results = {}
    slow = {}
    print("ours (Python API) …", flush=True)
    engine.warm()  # what the server does when it starts: pyvi's model, columns, lengths
    cold: list[float] = []
    results["ours (Python API)"], per_q = _timed(ours, queries, args.passes, first=cold)
    slow["ours (Python API)"] = per_q
    totals = [ours(q).total for q in queries]

    # The same with the posting arrays not read: every posting list decoded from
    # Whoosh's blocks, as before the indexer wrote them (a fresh engine, cache empty).
    print("ours (Python API), Whoosh's blocks …", flush=True)
    import search_app.settings as serving_settings

    serving_settings.POSTING_ARRAYS = False
    try:
        blocks_engine = Engine(index_dir, result_cache_size=0)
        blocks_engine.warm()

        def ours_blocks(q):
            return blocks_engine.search(SearchParams.from_args({**{k: v for k, v in q.items() if k != "kind"},
                                                                "per_page": "10"}))

        blocks_cold: list[float] = []
        blocks_times, _ = _timed(ours_blocks, queries, args.passes, first=blocks_cold)
    finally:
        serving_settings.POSTING_ARRAYS = True

    http_note = ""
    server = Server(index_dir, workers=1, result_cache=0)
    if server.available():
        print("ours (HTTP JSON API) …", flush=True)
        try:
            with server:
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                errors = 0

                def over_http(q):
                    nonlocal errors, conn
                    try:
                        conn.request("GET", query_path(q))
                        resp = conn.getresponse()
                        body = resp.read()
                        if resp.status != 200:
                            errors += 1
                        return body
                    except (OSError, http.client.HTTPException):
                        errors += 1
                        conn.close()
                        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)

                results["ours (HTTP JSON API)"], slow["ours (HTTP JSON API)"] = _timed(over_http, queries,
                                                                                       args.passes)
                conn.close()
                http_note = (f"HTTP: `python -m search_app --index {index_dir.name} --port <free>` "
                             f"--workers 1 --result-cache 0 (waitress, default threads, every query searched), "
                             f"{errors} errors; server RSS peak "
                             f"{server.hwm_mb():.0f} MiB.")
        except RuntimeError as exc:
            http_note = f"HTTP run failed: {exc}"
    else:
        http_note = "search_app/__main__.py is missing: no HTTP run."
    print(http_note, flush=True)
    for name, peer in peers.items():
        print(f"{name} …", flush=True)
        results[name], slow[name] = _timed(peer_fn(peer), queries, args.passes)

    by_kind = {}
    for name in ("ours (Python API)",):
        for kind in dict.fromkeys(q["kind"] for q in queries):
            idx = [i for i, q in enumerate(queries) if q["kind"] == kind]
            by_kind[kind] = summary_ms([slow[name][i] for i in idx])
    slowest = sorted(slow["ours (Python API)"].items(), key=lambda kv: -kv[1])[:10]
    slowest = [{"q": queries[i], "ms": round(t * 1000, 1), "total": totals[i]} for i, t in slowest]

    profile_txt = ""
    if args.profile:
        pr = cProfile.Profile()
        pr.enable()
        for q in queries:
            ours(q)
        pr.disable()
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(45)
        s2 = io.StringIO()
        pstats.Stats(pr, stream=s2).sort_stats("tottime").print_stats(30)
        profile_txt = s.getvalue() + "\n\n" + s2.getvalue()
        (RESULTS / "latency-profile.txt").write_text(profile_txt, encoding="utf-8")

    summaries = {name: summary_ms(ts) for name, ts in results.items()}
    # The warm-up pass: every query seen for the first time, its posting lists not yet
    # in the engine's cache (those of common syllables may be, from earlier queries).
    summaries = {"ours (Python API), first sight of each query": summary_ms(cold), **summaries,
                 "ours (Python API), Whoosh's blocks decoded, first sight": summary_ms(blocks_cold),
                 "ours (Python API), Whoosh's blocks decoded": summary_ms(blocks_times)}
    save_json("latency.json", {"facts": facts, "summaries": summaries, "by_kind": by_kind,
                               "slowest": slowest, "http_note": http_note})
    kinds = {k: sum(1 for q in queries if q["kind"] == k) for k in dict.fromkeys(q["kind"] for q in queries)}
    via_http = summaries.get("ours (HTTP JSON API)")
    verdict = (f"**Target (ours p95 ≤ {TARGET_P95_MS:.0f} ms via the JSON API): "
               + ("met" if via_http and via_http["p95"] <= TARGET_P95_MS else "NOT met") + "**"
               + (f" (p95 {via_http['p95']:.1f} ms)." if via_http else "."))
    text = "\n".join([
        "## Query latency (38k articles)", "", facts_md(facts), "",
        "Command: `" + cmdline() + "`", "",
        f"{len(queries)} queries (seed {args.seed}): " + ", ".join(f"{v} {k}" for k, v in kinds.items())
        + f"; one warm-up pass, then {args.passes} timed passes; 10 results per query. "
          "The first row times the warm-up pass of our Python API (each query seen once, "
          "after the start-up warm-up of `Engine.warm()`: its posting lists are read "
          "from the index files, not from the engine's array cache). The last two rows: a second engine "
          "that ignores the indexer's posting arrays (`POSTING_ARRAYS = False` in `search_app/settings.py`) "
          "and decodes Whoosh's blocks instead, as before they were written. "
          "Peers get the same text and date range (see `bench/peers.py`). " + http_note, "",
        md_table(["engine", "queries", "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms"],
                 [[n, s["n"], s["mean"], s["p50"], s["p95"], s["p99"], s["max"]] for n, s in summaries.items()]),
        "", verdict, "",
        "Ours (Python API) by query kind (slowest pass of each query):", "",
        md_table(["kind", "queries", "p50 ms", "p95 ms", "max ms"],
                 [[k, s["n"], s["p50"], s["p95"], s["max"]] for k, s in by_kind.items()]),
        "", "Slowest queries (ours, Python API):", "",
        md_table(["query", "filters", "hits", "ms"],
                 [[f"`{s['q']['q']}`", " ".join(f"{k}={v}" for k, v in s["q"].items() if k not in ("q", "kind"))
                   or "–", s["total"], s["ms"]] for s in slowest]),
    ])
    update_doc("latency", text, Path(args.out))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The two backends side by side on the 38k corpus: Whoosh (embedded) and OpenSearch.

Usage (from the repo root, a node running: ``bash scripts/opensearch.sh start``)::

    python bench/backends.py --opensearch-url http://127.0.0.1:9200 [--rebuild]
                             [--index DIR] [--alias bench-all] [--queries 200]
                             [--seconds 30] [--threads 4] [--n 100] [--out docs/benchmarks.md]

* **Index time**: with ``--rebuild`` (or when an index is missing), both are built from
  ``../shared/corpus`` by ``python -m indexer rebuild`` with ``--jobs 2`` (the OpenSearch
  one with ``--replicas 0``: one node), timed, with the size on disk.
* **Latency**: the query set of ``bench/latency.py`` (seeded: title spans accented and
  not, single words, date-filtered), through the same search service (``Engine``, result
  cache off) over each backend: one warm-up pass, then two timed passes.
* **Throughput**: ``--threads`` threads issuing the same queries for ``--seconds`` each,
  in this process (the GIL is shared by both: what one Flask worker would do).
* **Quality**: the figures of ``bench/quality.py`` (known items by kind, accent exactness,
  dates, persons) and of ``bench/relevance.py`` (the held-out sample, seed 303: known
  items, real headlines, topical pairs; the judged queries' nDCG@10), on both.  The
  issue's target: OpenSearch within 0.02 of Whoosh on every figure.

What it cannot show: a cluster of several machines (the node shares these two cores with
the benchmark and the Python process), nor OpenSearch's own caches warmed by real
traffic; absolute times on this shared machine are noisy, ratios in one run less so.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DOC, PYTHON, RESULTS, ROOT, cmdline, corpus_dirs, dir_size, facts_md, log_line,  # noqa: E402
                    machine_facts, make_queries, md_table, mib, save_json, summary_ms, title_records, update_doc)

TOLERANCE = 0.02  # OpenSearch within this of Whoosh on every quality figure


class Backend:
    """One backend behind our search service, answering as the quality benches ask."""

    def __init__(self, name: str, engine):
        from quality import Ours

        self.name = name
        self.engine = engine
        self._ours = Ours.__new__(Ours)  # borrow its paging and arguments
        self._ours.engine = engine
        self._ours.errors = []

    def search(self, q, filters=None, k=10):
        return self._ours.search(q, filters, k)


def _rebuild(cmd: list[str]) -> dict:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {r.stderr[-2000:]}")
    report = json.loads(r.stdout)
    return {"seconds": time.perf_counter() - t0, "indexed": report.get("indexed")}


def _opensearch_bytes(url: str, alias: str) -> int:
    with urllib.request.urlopen(f"{url}/{alias}/_stats/store", timeout=30) as response:
        data = json.load(response)
    return data["_all"]["primaries"]["store"]["size_in_bytes"]


def build(args, sources: list[Path]) -> dict:
    out = {}
    index_dir = Path(args.index)
    src = [x for d in sources for x in ("--source", str(d))]
    if args.rebuild or not (index_dir / "current").exists():
        print("whoosh rebuild …", flush=True)
        out["whoosh"] = _rebuild([PYTHON, "-m", "indexer", "rebuild", "--index", str(index_dir), "--jobs", "2",
                                  "--json", *src])
        from indexer import store

        out["whoosh"]["bytes"] = dir_size(store.live_build(index_dir))  # not the previous build kept beside it
    if args.rebuild or not _exists(args.opensearch_url, args.alias):
        print("opensearch rebuild …", flush=True)
        out["opensearch"] = _rebuild([PYTHON, "-m", "indexer", "rebuild", "--backend", "opensearch",
                                      "--opensearch-url", args.opensearch_url, "--opensearch-index", args.alias,
                                      "--replicas", "0", "--jobs", "2", "--json", *src])
        out["opensearch"]["bytes"] = _opensearch_bytes(args.opensearch_url, args.alias)
    return out


def _exists(url: str, alias: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_alias/{alias}", timeout=10):
            return True
    except OSError:
        return False


def latency(engines: dict, queries: list[dict]) -> dict:
    from search_app.params import SearchParams

    out = {}
    for name, engine in engines.items():
        def run(q):
            return engine.search(SearchParams.from_args({**{k: v for k, v in q.items() if k != "kind"},
                                                         "per_page": "10"}))
        for q in queries:
            run(q)
        times = []
        for _ in range(2):
            for q in queries:
                t0 = time.perf_counter()
                run(q)
                times.append(time.perf_counter() - t0)
        out[name] = summary_ms(times)
        print(f"  {name}: {out[name]}", flush=True)
    return out


def throughput(engines: dict, queries: list[dict], threads: int, seconds: float) -> dict:
    from search_app.params import SearchParams

    out = {}
    for name, engine in engines.items():
        done, errors = [0], [0]
        stop = time.monotonic() + seconds
        lock = threading.Lock()

        def work(offset: int):
            i = offset
            while time.monotonic() < stop:
                q = queries[i % len(queries)]
                i += threads
                try:
                    engine.search(SearchParams.from_args({**{k: v for k, v in q.items() if k != "kind"},
                                                          "per_page": "10"}))
                    with lock:
                        done[0] += 1
                except Exception:  # counted: a benchmark reports failures, it does not stop
                    with lock:
                        errors[0] += 1

        pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        out[name] = {"rps": done[0] / seconds, "errors": errors[0]}
        print(f"  {name}: {out[name]}", flush=True)
    return out


def quality(backends: list[Backend], n: int) -> dict:
    import quality as Qb
    import relevance as Rb

    records = title_records("all")
    figures: dict[str, dict] = {}

    def put(label, values):
        figures[label] = {b.name: values[b.name] for b in backends}

    print("quality: known items …", flush=True)
    known = Qb.eval_known(backends, Qb.known_item_queries(records, n, 7), {})
    for kind in Qb.TITLE_KINDS:
        put(f"known item, {kind} (MRR@10)", {b.name: known[(kind, b.name)]["mrr"] for b in backends})
    print("quality: accents, dates, persons …", flush=True)
    accents, _ = Qb.eval_accents(backends, backends[0]._ours, {})
    put("accent exactness (share of top 10)", accents)
    first, inside, _ = Qb.eval_dates(backends, backends[0]._ours, records, min(n, 150), 7, {})
    put("dates: title + date ranks it first", first)
    put("dates: results inside the filter", inside)
    persons, _ = Qb.eval_persons(backends, {})
    if persons:
        put("persons: labelled article found", persons)
    print("relevance: held-out sample …", flush=True)
    sample = Rb.run_sample(backends, Rb.Corpus(), Rb.HELDOUT_SEED, n, {})
    for kind, row in sample.items():
        if not kind.startswith("title:"):  # the known items are above, on the quality seed
            put(f"relevance (seed {Rb.HELDOUT_SEED}): {kind}", row)
    judged = Rb.run_judged(backends, {})
    if judged:
        put("relevance: judged queries (nDCG@10)", judged["all"])
    return figures


def render(built: dict, lat: dict, thr: dict, figures: dict, args, elapsed: float) -> str:
    lines = ["## Backends: Whoosh and OpenSearch (38k articles)", "",
             f"Run: `{cmdline()}` ({elapsed:.0f} s). One OpenSearch node (2.19.6, `scripts/opensearch.sh`) on "
             "this machine, sharing its two cores with the benchmark; the same search service (`Engine`, "
             "result cache off) over each backend.", ""]
    if built:
        rows = [[name + (" (an earlier run)" if b.get("earlier") else ""), b["indexed"], f"{b['seconds']:.0f}",
                 f"{b['indexed'] / b['seconds']:.0f}", f"{mib(b['bytes']):.0f}"] for name, b in built.items()]
        lines += ["**Index time** (`python -m indexer rebuild --jobs 2`; OpenSearch with `--replicas 0`):", "",
                  md_table(["backend", "articles", "seconds", "articles/s", "MiB (primaries)"], rows), ""]
    rows = [[name, s["p50"], s["p95"], s["mean"], f"{thr[name]['rps']:.1f}", thr[name]["errors"]]
            for name, s in lat.items()]
    lines += [f"**Latency and throughput** ({args.queries} queries of `bench/latency.py`, 2 timed passes; "
              f"{args.threads} threads for {args.seconds:.0f} s):", "",
              md_table(["backend", "p50 ms", "p95 ms", "mean ms", "requests/s", "errors"], rows), ""]
    rows, missed = [], []
    for label, row in figures.items():
        w, o = row["whoosh"], row["opensearch"]
        gap = o - w
        rows.append([label, w, o, f"{gap:+.3f}"])
        if gap < -TOLERANCE:
            missed.append(f"{label} ({gap:+.3f})")
    lines += [f"**Quality** (`bench/quality.py`'s figures on seed 7, {args.n} queries per kind; "
              "`bench/relevance.py`'s held-out sample and judged queries):", "",
              md_table(["figure", "whoosh", "opensearch", "difference"], rows), "",
              f"Target: OpenSearch within {TOLERANCE} of Whoosh on every figure: "
              + ("met." if not missed else "not met on " + "; ".join(missed) + "."), "", facts_md()]
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/backends.py", description=__doc__.split("\n")[0])
    p.add_argument("--opensearch-url", required=True)
    p.add_argument("--alias", default="bench-all")
    p.add_argument("--index", default=str(RESULTS / "index-all"))
    p.add_argument("--rebuild", action="store_true", help="build both indexes anew (timed)")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--n", type=int, default=100, help="quality queries per kind")
    p.add_argument("--out", default=str(DOC))
    args = p.parse_args(argv)
    sources = corpus_dirs("all")  # exits 0 when absent
    log_line("run: " + cmdline())
    t0 = time.perf_counter()
    built = build(args, sources)
    if set(built) != {"whoosh", "opensearch"} and (RESULTS / "backends.json").exists():
        # Not both rebuilt: the last run's index figures, said so in the table.
        last = json.loads((RESULTS / "backends.json").read_text(encoding="utf-8")).get("built") or {}
        built = {**{k: dict(v, earlier=True) for k, v in last.items()}, **built}

    from search_app.backend import open_backend
    from search_app.engine import Engine

    engines = {"whoosh": Engine(open_backend("whoosh", index_dir=args.index), result_cache_size=0),
               "opensearch": Engine(open_backend("opensearch", url=args.opensearch_url, index=args.alias),
                                    result_cache_size=0)}
    for engine in engines.values():
        engine.warm()
    queries = make_queries(title_records("all"), args.queries, args.seed)
    print("latency …", flush=True)
    lat = latency(engines, queries)
    print("throughput …", flush=True)
    thr = throughput(engines, queries, args.threads, args.seconds)
    figures = quality([Backend(name, e) for name, e in engines.items()], args.n)
    result = {"built": built, "latency": lat, "throughput": thr, "quality": figures, "facts": machine_facts()}
    save_json("backends.json", result)
    body = render(built, lat, thr, figures, args, time.perf_counter() - t0)
    print(body)
    if args.out:
        update_doc("backends", body, Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

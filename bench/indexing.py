"""Indexing speed, index size and peak memory: ours vs stock pyvi, tantivy, SQLite FTS5.

Usage (from the repo root)::

    python bench/indexing.py [--corpus dantri|all|both] [--jobs N] [--out docs/benchmarks.md]
                             [--corpus-root ../shared/corpus] [--keep]

Each engine runs in its own subprocess (wall time from spawn to exit, so interpreter
start-up and model loading are included for every engine alike):

* ours: ``python -m indexer rebuild --source ... --index <tmp> --jobs N`` (default all cores);
* pyvi: stock ``pyvi.ViTokenizer.tokenize`` over title, lead and body of the same
  articles in ONE process — the issue #2 yardstick (ratio ours / pyvi ≤ 1.0, aim 0.5 on
  2 cores);
* tantivy and fts5: see ``bench/peers.py``.

Peak memory: ``max RSS`` = the largest single process (``wait4`` rusage);
``tree RSS`` = the peak of the sum over the process tree, sampled every 0.1 s (ours
runs one worker process per job).  ``--keep`` keeps the built indexes of the ``all``
corpus as the cache used by ``latency.py`` / ``quality.py`` (``bench/results/``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DOC, PYTHON, RESULTS, cmdline, corpus_dirs, dir_size, facts_md,  # noqa: E402
                    log_line, machine_facts, md_table, mib, run_measured, save_json, update_doc)


def bench_corpus(name: str, jobs: int | None, corpus_root, keep: bool) -> list[dict]:
    dirs = corpus_dirs(name, corpus_root)
    tmp = Path(tempfile.mkdtemp(prefix=f"vnbench-{name}-"))
    rows = []
    try:
        engines = {
            "ours": ([PYTHON, "-m", "indexer", "rebuild", "--index", str(tmp / "ours"), "--json"]
                     + [x for d in dirs for x in ("--source", str(d))]
                     + (["--jobs", str(jobs)] if jobs else []), tmp / "ours"),
            "pyvi": ([PYTHON, "bench/peers.py", "build", "pyvi"]
                     + [x for d in dirs for x in ("--source", str(d))], None),
            "tantivy": ([PYTHON, "bench/peers.py", "build", "tantivy", "--out", str(tmp / "tantivy")]
                        + [x for d in dirs for x in ("--source", str(d))], tmp / "tantivy"),
            "fts5": ([PYTHON, "bench/peers.py", "build", "fts5", "--out", str(tmp / "fts5.db")]
                     + [x for d in dirs for x in ("--source", str(d))], tmp / "fts5.db"),
        }
        for engine, (cmd, out) in engines.items():
            print(f"[{name}] {engine}: {' '.join(cmd)}", flush=True)
            log_line(f"indexing {name} {engine}: {' '.join(cmd)}")
            r = run_measured(cmd)
            if r.returncode != 0:
                print(r.stderr[-3000:], file=sys.stderr)
                raise SystemExit(f"{engine} failed on {name} (exit {r.returncode})")
            info = {}
            try:
                info = json.loads(r.stdout.strip().splitlines()[-1] if engine != "ours" else r.stdout)
            except (ValueError, IndexError):
                pass
            n = info.get("indexed", info.get("articles", 0))
            if engine == "ours" and n == 0:
                raise SystemExit(f"ours indexed nothing: {r.stdout[-1000:]}")
            size = dir_size(out) if out else 0
            if engine == "ours":
                # Only the live build counts (an old build is kept for rollback).
                size = dir_size((out / "current").resolve()) if (out / "current").exists() else size
            row = {"corpus": name, "engine": engine, "articles": n, "seconds": r.seconds,
                   "cpu_seconds": r.cpu_seconds,
                   "inner_seconds": info.get("seconds"), "per_second": n / r.seconds if r.seconds else 0,
                   "size_bytes": size, "max_rss_mb": r.max_rss_mb, "tree_rss_mb": r.tree_rss_mb,
                   "cmd": " ".join(cmd)}
            print(f"  {n} articles, {r.seconds:.1f} s, {mib(size):.1f} MiB, max RSS {r.max_rss_mb:.0f} MiB, "
                  f"tree {r.tree_rss_mb:.0f} MiB", flush=True)
            rows.append(row)
        if keep and name == "all":
            for engine, dest in (("tantivy", RESULTS / "tantivy-all"), ("fts5", RESULTS / "fts5-all.db")):
                src = engines[engine][1]
                if dest.exists():
                    shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
                shutil.move(str(src), str(dest))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    stock_row = next(r for r in rows if r["engine"] == "pyvi")
    stock, stock_cpu = stock_row["seconds"], stock_row.get("cpu_seconds")
    for r in rows:
        r["ratio_pyvi"] = r["seconds"] / stock if stock else float("nan")
        r["cpu_ratio_pyvi"] = r["cpu_seconds"] / stock_cpu if r.get("cpu_seconds") and stock_cpu else float("nan")
    return rows


def render(all_rows: list[dict], jobs, facts: dict) -> str:
    out = ["## Indexing", "", facts_md(facts), "",
           "Command: `" + cmdline() + "`", "",
           f"Ours runs `python -m indexer rebuild --jobs {jobs or 'all cores'}`; each engine in its own "
           "process, wall time from spawn to exit (reading + parsing the files through "
           "`indexer.formats.read_articles` is included for every engine). *pyvi* is stock "
           "`ViTokenizer.tokenize` over title + lead + body in one process and builds no index: "
           "the issue #2 yardstick (ours / pyvi ≤ 1.0 required, 0.5 the aim on 2 cores). "
           "tantivy: simple tokenizer + lowercase + ascii_fold (custom `TextAnalyzerBuilder`), "
           "2 writer threads; FTS5: `unicode61 remove_diacritics 2`, then `optimize`. "
           "Max RSS = largest single process; tree RSS = peak sum over the process tree "
           "(ours = parent + one worker per job). CPU s = user + system CPU of the process and its "
           "workers (robust to other load on the machine; on an otherwise idle 2-core machine ours' "
           "wall time approaches CPU s / 2).", ""]
    for corpus in dict.fromkeys(r["corpus"] for r in all_rows):
        rows = [r for r in all_rows if r["corpus"] == corpus]
        out += [f"### {corpus} ({rows[0]['articles']:,} articles)", "",
                md_table(["engine", "wall s", "articles/s", "wall ratio to stock pyvi", "CPU s",
                          "CPU ratio to stock pyvi", "index MiB", "max RSS MiB", "tree RSS MiB"],
                         [[r["engine"], r["seconds"], r["per_second"], r["ratio_pyvi"],
                           r.get("cpu_seconds", float("nan")), r.get("cpu_ratio_pyvi", float("nan")),
                           mib(r["size_bytes"]) if r["engine"] != "pyvi" else "–",
                           r["max_rss_mb"], r["tree_rss_mb"]] for r in rows]), ""]
    return "\n".join(out)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/indexing.py", description=__doc__.split("\n")[0])
    p.add_argument("--corpus", choices=["dantri", "all", "both"], default="both")
    p.add_argument("--jobs", type=int, default=None, help="ours: worker processes (default all cores)")
    p.add_argument("--out", default=str(DOC), help="Markdown file to update (default docs/benchmarks.md)")
    p.add_argument("--corpus-root", default=None, help="folder holding dantri/ and baomoi/ "
                                                       "(default ../shared/corpus from the repo root)")
    p.add_argument("--keep", action="store_true", help="keep the 'all' peer indexes as the bench cache")
    args = p.parse_args(argv)
    corpora = ["dantri", "all"] if args.corpus == "both" else [args.corpus]
    for c in corpora:
        corpus_dirs(c, args.corpus_root)  # exits 0 with a message when absent
    facts = machine_facts()
    log_line("run: " + cmdline())
    rows = []
    for c in corpora:
        rows += bench_corpus(c, args.jobs, args.corpus_root, args.keep)
    # Keep the other corpus' rows from the previous run, so one corpus can be rerun alone.
    prev = RESULTS / "indexing.json"
    if prev.exists() and args.corpus != "both" and not args.corpus_root:
        try:
            old = json.loads(prev.read_text(encoding="utf-8"))["rows"]
            rows = [r for r in old if r["corpus"] not in corpora] + rows
            rows.sort(key=lambda r: ["dantri", "all"].index(r["corpus"]))
        except (ValueError, KeyError):
            pass
    if not args.corpus_root:
        save_json("indexing.json", {"facts": facts, "rows": rows})
    text = render(rows, args.jobs, facts)
    update_doc("indexing", text, Path(args.out))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

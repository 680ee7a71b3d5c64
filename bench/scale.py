"""Scale curve: index time, size on disk, server memory and query latency by archive size.

Usage (from the repo root)::

    python bench/scale.py [--base all|dantri] [--factors 1,4,10] [--queries 100] [--seed 4]
                          [--work DIR] [--out docs/benchmarks.md] [--plot docs/scale.png]

For each factor k, a corpus of k copies of the base corpus is written to a temporary
folder: copy i of an article gets a new file name (``c<i>_<name>``), its dateline year
moved i years on, and a last line ``Bản sao <i>.`` so that the indexer does not drop it as
a duplicate.  This is not a bigger archive: every word is k times as frequent and the
copies hold the same texts, so term statistics, posting-list lengths and the number of
near-equal hits differ from a real archive of that size.  It shows how time and space grow
with the number of documents, not how relevance would.

Each corpus is indexed (``python -m indexer rebuild``, all cores; wall time and the peak
memory of the largest process), then served (``python -m search_app --workers 1
--result-cache 0``) and asked the latency mix through the JSON API, one request at a
time: a first pass (every query new to the server: its posting lists are read from the
index files, which are read into the page cache first) and a timed pass after it
(p50/p95 of each); the server's resident memory after the queries.  The server is asked
once it has started (``common.Server`` waits for each worker's ``memory ready``);
``bench/startup.py`` measures a start.  The curves are drawn with matplotlib into ``--plot``.

``--work DIR`` keeps each factor's copies and index in ``DIR/x<k>/`` (with the build's
figures in ``built.json``) and uses an index found there instead of building it again:
the 10x index takes most of an hour to build, the latency a few minutes to measure.
Without it everything goes in a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DOC, PYTHON, ROOT, Server, cmdline, corpus_dirs, dir_size, facts_md, http_get,  # noqa: E402
                    log_line, machine_facts, make_queries, md_table, mib, query_path, run_measured,
                    save_json, summary_ms, title_records, update_doc)

_DATE_HEADER = re.compile(r"^(# date = )(\d{4})(\d{4})$", re.M)


def write_copies(dirs: list[Path], target: Path, copies: int) -> int:
    """``copies`` re-identified, re-dated copies of every article file of ``dirs``."""
    n = 0
    for src in dirs:
        out = target / src.name
        out.mkdir(parents=True, exist_ok=True)
        for path in sorted(src.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for i in range(copies):
                body = text if i == 0 else _DATE_HEADER.sub(lambda m: f"{m[1]}{int(m[2]) + i}{m[3]}", text)
                if i:
                    body = body.rstrip("\n") + f"\nBản sao {i}.\n"
                (out / (path.name if i == 0 else f"c{i}_{path.name}")).write_text(body, encoding="utf-8")
                n += 1
    return n


def read_into_page_cache(index: Path) -> float:
    """Read every file of ``index`` once, so that the first pass measures queries new to
    the server rather than the disk (after the other sizes' indexes, a large one is partly
    out of the page cache); the seconds it took."""
    start = time.perf_counter()
    for path in sorted(index.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as f:
                while f.read(1 << 24):
                    pass
    return time.perf_counter() - start


def query_latency(index: Path, paths: list[str]) -> tuple[dict, dict, float]:
    """(first pass, timed pass, server MiB): each pass asks every query once."""
    read_into_page_cache(index)
    server = Server(index, workers=1, result_cache=0)
    with server:
        passes = []
        for _ in range(2):
            times = []
            for p in paths:
                t0 = time.perf_counter()
                status, _ = http_get("127.0.0.1", server.port, p)
                times.append(time.perf_counter() - t0)
                if status != 200:
                    raise RuntimeError(f"{p} answered {status}")
            passes.append(summary_ms(times))
        return passes[0], passes[1], server.tree_rss_mb()


def build_index(dirs: list[Path], work: Path, k: int) -> tuple[int, dict]:
    """Write the k copies and index them in ``work``, or take the index built there
    before; (articles, build figures)."""
    built_json = work / "built.json"
    if built_json.exists() and (work / "index").exists():
        built = json.loads(built_json.read_text())
        return built["articles"], built
    articles = write_copies(dirs, work / "src", k)
    cmd = [PYTHON, "-m", "indexer", "rebuild", "--index", str(work / "index"), "--json"]
    for d in sorted((work / "src").iterdir()):
        cmd += ["--source", str(d)]
    measured = run_measured(cmd)
    if measured.returncode != 0:
        raise SystemExit(f"build of {k}x failed:\n{measured.stderr[-2000:]}")
    built = {"articles": articles, "index_s": measured.seconds, "build_max_rss_mib": measured.max_rss_mb}
    built_json.write_text(json.dumps(built))
    return articles, built


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [r["articles"] / 1000 for r in rows]
    fig, axes = plt.subplots(2, 2, figsize=(10, 7))
    for ax, key, label in ((axes[0][0], "index_s", "index time (s)"), (axes[0][1], "size_mib", "index size (MiB)"),
                           (axes[1][0], "server_mib", "server memory (MiB)")):
        ax.plot(n, [r[key] for r in rows], marker="o")
        ax.set_xlabel("articles (thousands)")
        ax.set_ylabel(label)
        ax.grid(True, alpha=0.3)
    ax = axes[1][1]
    ax.plot(n, [r["p50"] for r in rows], marker="o", label="p50")
    ax.plot(n, [r["p95"] for r in rows], marker="o", label="p95")
    ax.set_xlabel("articles (thousands)")
    ax.set_ylabel("query latency, JSON API (ms)")
    ax.legend()
    ax.grid(True, alpha=0.3)
    fig.suptitle("Scale: copies of the corpus (term statistics differ from a real archive)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/scale.py", description=__doc__.split("\n")[0])
    p.add_argument("--base", choices=["all", "dantri"], default="all")
    p.add_argument("--factors", default="1,4,10")
    p.add_argument("--queries", type=int, default=100)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--work", default=None, help="keep (and reuse) each factor's copies and index here")
    p.add_argument("--out", default=str(DOC))
    p.add_argument("--plot", default=str(ROOT / "docs" / "scale.png"))
    args = p.parse_args(argv)
    dirs = corpus_dirs(args.base)
    log_line("run: " + cmdline())
    facts = machine_facts()
    paths = [query_path(q) for q in make_queries(title_records(args.base), args.queries, args.seed)]
    rows = []
    for k in [int(x) for x in args.factors.split(",")]:
        work = Path(args.work) / f"x{k}" if args.work else Path(tempfile.mkdtemp(prefix=f"vnscale-{k}-"))
        try:
            articles, built = build_index(dirs, work, k)
            index = work / "index"
            first, latency, server_mib = query_latency(index, paths)
            row = {"factor": k, "articles": articles, "index_s": built["index_s"], "size_mib": mib(dir_size(index)),
                   "build_max_rss_mib": built["build_max_rss_mib"], "server_mib": server_mib, **latency,
                   "first_p50": first["p50"], "first_p95": first["p95"]}
            rows.append(row)
            print(row, flush=True)
        finally:
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)
    save_json("scale.json", {"facts": facts, "rows": rows, "args": vars(args)})
    plot(rows, Path(args.plot))
    base_name = "Dân trí" if args.base == "dantri" else "Dân trí + Báo Mới"
    text = "\n".join([
        "## Scale (copies of the corpus)", "", facts_md(facts), "",
        "Command: `" + cmdline() + f"`. Base: {base_name}; k copies of every article, re-identified, re-dated "
        "and marked (`Bản sao i.`), so that none is dropped as a duplicate. **Not a real archive of that size**: "
        "every word is k times as frequent and the texts repeat, so term statistics and hit lists differ. "
        f"Latency: the JSON API, one request at a time, {len(paths)} queries of the latency mix, one server "
        "process, result cache off, once it has started (its index read into the page cache first, its memory "
        "touched): a first pass (each query new to the server) and a second, timed pass. "
        "Plot: `docs/scale.png`.", "",
        md_table(["copies", "articles", "index s", "index MiB", "build max RSS MiB", "server RSS MiB",
                  "first pass p50 ms", "first pass p95 ms", "p50 ms", "p95 ms"],
                 [[r["factor"], r["articles"], r["index_s"], r["size_mib"], r["build_max_rss_mib"],
                   r["server_mib"], r["first_p50"], r["first_p95"], r["p50"], r["p95"]] for r in rows]),
        "", "![scale](scale.png)",
    ])
    update_doc("scale", text, Path(args.out))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

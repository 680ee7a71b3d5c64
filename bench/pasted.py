"""Pasted paragraphs: what a reader gets who pastes a paragraph of an article.

Usage (from the repo root)::

    python bench/pasted.py [--index DIR] [--paragraphs 50] [--seed 4] [--out docs/benchmarks.md]

``--paragraphs`` articles are drawn (``random.Random(seed)``) from Dân trí and Báo Mới; of
each, the first body paragraph of at least 300 characters after the lead, cut at a word to
at most 2,000 characters (the longest query the app takes, ``MAX_QUERY_CHARS``), is sent
to the JSON API of one server process (``--workers 1 --result-cache 0``, on our cached 38k
index unless ``--index``), once as new to the server and once again, one request at a
time.  Reported: the latency of each pass (p50, p95, max), and where the article the
paragraph comes from stands among the first 10 results (a known-item search: it should
be first).  The index is read into the page cache first, and the server asked once it has
started (``common.Server``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DOC, Server, cmdline, corpus_dirs, ensure_our_index, facts_md, http_get,  # noqa: E402
                    load_articles, log_line, machine_facts, md_table, save_json, summary_ms, update_doc)
from scale import read_into_page_cache  # noqa: E402

MIN_CHARS = 300
MAX_CHARS = 2000


def pasted_paragraph(body: str) -> str | None:
    """The first paragraph of ``body`` of at least ``MIN_CHARS`` characters, cut at a
    word to at most ``MAX_CHARS``; None when there is none."""
    for para in body.split("\n"):
        para = " ".join(para.split())
        if len(para) >= MIN_CHARS:
            if len(para) <= MAX_CHARS:
                return para
            return para[:MAX_CHARS].rsplit(" ", 1)[0]
    return None


def draw(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` (article id, pasted paragraph) pairs, the articles drawn at random."""
    articles = sorted(load_articles(corpus_dirs("all")), key=lambda a: a.id)
    rng = random.Random(seed)
    out = []
    for a in rng.sample(articles, len(articles)):
        para = pasted_paragraph(a.body)
        if para:
            out.append((a.id, para))
            if len(out) == n:
                break
    return out


def ask(port: int, paragraph: str) -> tuple[float, int, list[str]]:
    """(seconds, HTTP status, the ids of the first 10 results)."""
    path = "/api/search?" + urlencode({"q": paragraph, "per_page": 10})
    t0 = time.perf_counter()
    status, body = http_get("127.0.0.1", port, path)
    seconds = time.perf_counter() - t0
    ids = [r["id"] for r in json.loads(body)["results"]] if status == 200 else []
    return seconds, status, ids


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/pasted.py", description=__doc__.split("\n")[0])
    p.add_argument("--index", default=None, help="our index folder (default: cached bench/results/index-all)")
    p.add_argument("--paragraphs", type=int, default=50)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--out", default=str(DOC))
    args = p.parse_args(argv)
    log_line("run: " + cmdline())
    facts = machine_facts()
    index = ensure_our_index("all", args.index)
    drawn = draw(args.paragraphs, args.seed)
    read_into_page_cache(index)
    passes, ranks, statuses = [], [], []
    with Server(index, workers=1, result_cache=0) as server:
        for n in range(2):
            times = []
            for doc_id, para in drawn:
                seconds, status, ids = ask(server.port, para)
                times.append(seconds)
                statuses.append(status)
                if n == 0:
                    ranks.append(ids.index(doc_id) + 1 if doc_id in ids else None)
            passes.append(summary_ms(times))
        server_mib = server.tree_rss_mb()
    chars = sorted(len(para) for _, para in drawn)
    first = sum(1 for r in ranks if r == 1)
    top10 = sum(1 for r in ranks if r is not None)
    save_json("pasted.json", {"facts": facts, "args": vars(args), "passes": passes, "ranks": ranks,
                              "ids": [i for i, _ in drawn], "chars": chars})
    text = "\n".join([
        "## Pasted paragraphs (38k articles)", "", facts_md(facts), "",
        "Command: `" + cmdline() + f"`. {len(drawn)} articles drawn at random (seed {args.seed}) from Dân trí "
        f"and Báo Mới; of each, the first body paragraph of at least {MIN_CHARS} characters, cut at a word to "
        f"at most {MAX_CHARS} (median {chars[len(chars) // 2]} characters), sent to the JSON API of one server "
        "process (result cache off, index read into the page cache first), one request at a time: once new "
        "to the server, once again.", "",
        md_table(["pass", "queries", "p50 ms", "p95 ms", "max ms"],
                 [[label, s["n"], s["p50"], s["p95"], s["max"]]
                  for label, s in (("new to the server", passes[0]), ("asked again", passes[1]))]),
        "",
        f"The article the paragraph comes from: first for {first} of {len(drawn)}, in the first 10 for "
        f"{top10}; answers other than 200: {sum(1 for s in statuses if s != 200)}; server memory after "
        f"{server_mib:,.0f} MiB.",
    ])
    update_doc("pasted", text, Path(args.out))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

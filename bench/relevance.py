"""Relevance on the queries readers type: ours vs tantivy vs SQLite FTS5.

Usage (from the repo root)::

    python bench/relevance.py [--sample dev|heldout|both] [--n 200] [--out docs/benchmarks.md]
    python bench/relevance.py --pool bench/results/pool.json   # top 10s to judge by reading

Every engine answers over the same 38k corpus (dantri + baomoi; indexes cached in
``bench/results/``).  Measured, on two samples drawn with fixed seeds (``DEV_SEED`` to
choose weights and rules, ``HELDOUT_SEED`` to report, drawn once):

* **known items**: the kinds of ``bench/quality.py`` (title exact, lower case,
  accentless, NFD, tone style, i/y, first five words), MRR@10.
* **real headlines**: a Dân trí article's headline is only in its URL slug, without
  accents (``bi-thu-thua-thien-hue-yeu-cau-…``); the slug's words are the query,
  the article the known item, MRR@10.
* **topical pairs**: two words of a headline as pyvi segments it (each at least one
  syllable of three letters or more, neither among the commonest words), typed with
  accents, without, and "mixed" (pairs in which a word mixes marked and unmarked
  syllables, ``Sơn La``, typed with accents).  An article is relevant when its text
  holds each word as written, its syllables side by side (case and punctuation
  ignored); the score is precision at min(10, relevant articles).
* **judged queries**: ``bench/relevance_judged.json``, queries of the kinds readers
  type (a province, a person, an event, a topic, an abbreviation, Telex/VNI), graded
  0/1/2 by reading the pooled top 10s; nDCG@10 (unjudged results count 0, and the
  share of each engine's top 10 that was judged is printed beside it).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (BENCH, DOC, RESULTS, cmdline, corpus_dirs, ensure_our_index, ensure_peer_index,  # noqa: E402
                    facts_md, load_articles, log_line, machine_facts, md_table, save_json,
                    update_doc)
from quality import Ours, TITLE_KINDS, eval_known, known_item_queries, mrr, rank_of, unaccent  # noqa: E402

from indexer.analysis import canonical_syllable, fold, segment, syllables  # noqa: E402

DEV_SEED = 101
HELDOUT_SEED = 303  # drawn once for the second round; 202 was the first round's held-out sample
JUDGED = BENCH / "relevance_judged.json"
TARGETS = {"pairs_accented": 0.95, "pairs_mixed": 0.95, "pairs_accentless": 0.85,
           "headlines": 0.85, "ndcg": 0.90}


# ---------------------------------------------------------------------------
# Samples
# ---------------------------------------------------------------------------


def slug_query(url: str) -> str | None:
    """``https://dantri.com.vn/xa-hoi/bi-thu-…-20210427123456.htm`` → ``bi thu …``."""
    m = re.search(r"/([a-z0-9-]+?)(?:-\d{8,})?\.htm", url or "")
    if not m:
        return None
    words = [w for w in m.group(1).split("-") if w]
    return " ".join(words) if len(words) >= 3 else None


def _text_key(text: str) -> str:
    """The text's canonical lower-case syllables, space-separated, with spaces around."""
    return " " + " ".join(canonical_syllable(s).lower() for s in syllables(unicodedata.normalize("NFC", text))) + " "


class Corpus:
    """The articles' ids, titles, URLs and syllable keys (for judging topical pairs)."""

    def __init__(self):
        self.articles = load_articles(corpus_dirs("all"))
        self.keys = {a.id: _text_key("\n".join(p for p in (a.title, a.lead, a.body) if p)) for a in self.articles}
        self.df: dict[str, int] = {}
        for key in self.keys.values():
            for s in set(key.split()):
                self.df[s] = self.df.get(s, 0) + 1

    def holding(self, words: list[list[str]]) -> set[str]:
        needles = [" " + " ".join(w) + " " for w in words]
        return {i for i, key in self.keys.items() if all(n in key for n in needles)}


def headline_queries(corpus: Corpus, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    pool = [a for a in corpus.articles if a.id.startswith("dantri/") and slug_query(a.url)]
    pool.sort(key=lambda a: a.id)
    seen: dict[str, int] = {}
    for a in pool:
        q = slug_query(a.url)
        seen[q] = seen.get(q, 0) + 1
    pool = [a for a in pool if seen[slug_query(a.url)] == 1]
    return [{"q": slug_query(a.url), "id": a.id} for a in rng.sample(pool, min(n, len(pool)))]


def _mixed(word: list[str]) -> bool:
    marked = [s != fold(s) for s in word]
    return len(word) > 1 and any(marked) and not all(marked)


def pair_queries(corpus: Corpus, n: int, seed: int) -> dict[str, list[dict]]:
    """Two words of a headline: accented, accentless, mixed."""
    rng = random.Random(seed + 1)
    titles = sorted(((a.id, a.title) for a in corpus.articles if a.title), key=lambda t: t[0])
    rng.shuffle(titles)
    common = 0.05 * len(corpus.articles)
    out = {"pairs_accented": [], "pairs_accentless": [], "pairs_mixed": []}
    for doc_id, title in titles:
        if all(len(v) >= n for v in out.values()):
            break
        words = []
        for w in segment(title):
            sylls = [canonical_syllable(s).lower() for s in syllables(w)]
            if not sylls or any(s.isdigit() for s in sylls) or not any(len(s) >= 3 for s in sylls):
                continue
            if len(sylls) == 1 and corpus.df.get(sylls[0], 0) > common:
                continue
            if sylls not in words:
                words.append(sylls)
        if len(words) < 2:
            continue
        a, b = rng.sample(words, 2)
        relevant = corpus.holding([a, b])
        if not relevant:
            continue
        text = " ".join(a) + " " + " ".join(b)
        item = {"q": text, "words": [a, b], "relevant": sorted(relevant), "from": doc_id}
        if len(out["pairs_accented"]) < n:
            out["pairs_accented"].append(item)
            out["pairs_accentless"].append({**item, "q": unaccent(text)})
        if (_mixed(a) or _mixed(b)) and len(out["pairs_mixed"]) < n:
            out["pairs_mixed"].append(item)
    return out


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


def precision(ids: list[str], relevant: set[str]) -> float:
    k = min(10, len(relevant))
    return sum(1 for i in ids[:k] if i in relevant) / k if k else float("nan")


def ndcg(ids: list[str], grades: dict[str, int], k: int = 10) -> float:
    gains = [grades.get(i, 0) for i in ids[:k]]
    dcg = sum((2 ** g - 1) / math.log2(r + 2) for r, g in enumerate(gains))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg else float("nan")


def run_sample(engines, corpus: Corpus, seed: int, n: int, misses: dict) -> dict:
    results: dict = {}
    names = [e.name for e in engines]
    print(f"  known items (seed {seed}) …", flush=True)
    records = [type("R", (), {"id": a.id, "title": a.title, "date": a.date}) for a in corpus.articles]
    known = eval_known(engines, known_item_queries(records, n, seed), {})
    for kind in TITLE_KINDS:
        results[f"title: {kind}"] = {nm: known[(kind, nm)]["mrr"] for nm in names}
        results[f"title: {kind}"]["n"] = known[(kind, names[0])]["n"]
    print("  real headlines …", flush=True)
    heads = headline_queries(corpus, n, seed)
    row = {"n": len(heads)}
    for e in engines:
        ranks = []
        for item in heads:
            r = rank_of(e.search(item["q"], {}, 10), item["id"])
            ranks.append(r)
            if e.name == "ours" and r != 1:
                misses.setdefault(f"headlines/{seed}", []).append({"q": item["q"], "want": item["id"], "rank": r})
        row[e.name] = mrr(ranks)
    results["headlines"] = row
    print("  topical pairs …", flush=True)
    for kind, items in pair_queries(corpus, n, seed).items():
        row = {"n": len(items)}
        for e in engines:
            ps = []
            for item in items:
                ids = e.search(item["q"], {}, 10)
                p = precision(ids, set(item["relevant"]))
                ps.append(p)
                if e.name == "ours" and p < 1:
                    misses.setdefault(f"{kind}/{seed}", []).append(
                        {"q": item["q"], "p": round(p, 2), "relevant": len(item["relevant"]),
                         "wrong": [i for i in ids[:min(10, len(item["relevant"]))] if i not in item["relevant"]][:3]})
            row[e.name] = sum(ps) / len(ps) if ps else float("nan")
        results[kind] = row
    return results


def run_judged(engines, misses: dict) -> dict:
    if not JUDGED.exists():
        return {}
    data = json.loads(JUDGED.read_text(encoding="utf-8"))
    row = {"n": len(data["queries"])}
    by_kind: dict = {}
    for e in engines:
        scores, judged = [], []
        for item in data["queries"]:
            grades = item["grades"]
            ids = e.search(item["q"], {}, 10)
            s = ndcg(ids, grades)
            if not math.isnan(s):
                scores.append(s)
                by_kind.setdefault(item["kind"], {}).setdefault(e.name, []).append(s)
            judged.append(sum(1 for i in ids if i in grades) / max(1, len(ids)))
            if e.name == "ours" and s < 0.9:
                misses.setdefault("judged", []).append({"q": item["q"], "ndcg": round(s, 3),
                                                        "unjudged": [i for i in ids if i not in grades]})
        row[e.name] = sum(scores) / len(scores) if scores else float("nan")
        row[e.name + " judged"] = sum(judged) / len(judged) if judged else float("nan")
    return {"all": row, "kinds": {k: {nm: sum(v) / len(v) for nm, v in d.items()} for k, d in by_kind.items()}}


def pool(engines, path: Path) -> None:
    """Write the pooled top 10s of the judged queries, for judging by reading."""
    data = json.loads(JUDGED.read_text(encoding="utf-8"))
    ours = engines[0]
    out = []
    for item in data["queries"]:
        ids: list[str] = []
        for e in engines:
            for i in e.search(item["q"], {}, 10):
                if i not in ids:
                    ids.append(i)
        docs = []
        for i in ids:
            art = ours.engine.article(i)
            if art:
                docs.append({"id": i, "title": art["title"], "text": (art["lead"] + " " + art["body"])[:600],
                             "grade": item["grades"].get(i)})
        out.append({"q": item["q"], "kind": item["kind"], "meaning": item.get("meaning", ""), "docs": docs})
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"pooled {sum(len(x['docs']) for x in out)} results of {len(out)} queries into {path}")


# ---------------------------------------------------------------------------


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/relevance.py", description=__doc__.split("\n")[0])
    p.add_argument("--index", default=None)
    p.add_argument("--n", type=int, default=200, help="queries per kind and sample")
    p.add_argument("--sample", choices=["dev", "heldout", "both", "none"], default="both",
                   help="which samples to run (none: only the judged queries)")
    p.add_argument("--judged-only", action="store_true",
                   help="rerun only the judged queries; the samples are read from bench/results/relevance.json")
    p.add_argument("--pool", default=None, help="write the judged queries' pooled top 10s here and stop")
    p.add_argument("--out", default=str(DOC))
    args = p.parse_args(argv)
    corpus_dirs("all")
    log_line("run: " + cmdline())
    from peers import FTS5, Tantivy

    ours = Ours(ensure_our_index("all", args.index))
    engines = [ours, Tantivy(ensure_peer_index("tantivy", "all")), FTS5(ensure_peer_index("fts5", "all"))]
    names = [e.name for e in engines]
    if args.pool:
        pool(engines, Path(args.pool))
        return 0
    ours.engine.warm()
    t0 = time.perf_counter()
    misses: dict = {}
    if args.judged_only:
        # The samples as last run (bench/results/relevance.json); the judged queries anew.
        saved = json.loads((RESULTS / "relevance.json").read_text(encoding="utf-8"))
        samples, n = saved["samples"], saved.get("n", args.n)
    else:
        print("reading the corpus …", flush=True)
        corpus = Corpus()
        samples, n = {}, args.n
        for label, seed in (("dev", DEV_SEED), ("heldout", HELDOUT_SEED)):
            if args.sample in (label, "both"):
                print(f"{label} sample (seed {seed}) …", flush=True)
                samples[label] = run_sample(engines, corpus, seed, args.n, misses)
    print("judged queries …", flush=True)
    judged = run_judged(engines, misses)
    elapsed = time.perf_counter() - t0
    save_json("relevance.json", {"samples": samples, "n": n, "judged": judged, "facts": machine_facts()})
    save_json("relevance-misses.json" if not args.judged_only else "relevance-judged-misses.json", misses)
    body = render(samples, judged, names, n, elapsed)
    print(body)
    if args.out:
        update_doc("relevance", body, Path(args.out))
    return 0


def render(samples: dict, judged: dict, names: list[str], n: int, elapsed: float) -> str:
    lines = ["## Relevance: the queries readers type (38k articles)", "",
             f"Run: `{cmdline()}` ({elapsed:.0f} s). Seeds: development {DEV_SEED}, held-out "
             f"{HELDOUT_SEED}; {n} queries per kind and sample. Misses of ours are written to "
             "`bench/results/relevance-misses.json`.", ""]
    for label, res in samples.items():
        rows = []
        for kind, row in res.items():
            rows.append([kind, row["n"]] + [row.get(nm, float("nan")) for nm in names])
        lines += [f"**{label} sample** (seed {DEV_SEED if label == 'dev' else HELDOUT_SEED}):", "",
                  md_table(["kind (MRR@10; pairs: precision)", "n"] + names, rows), ""]
    if judged:
        row = judged["all"]
        rows = [["all", row["n"]] + [f"{row[nm]:.3f} ({row[nm + ' judged']:.0%} judged)" for nm in names]]
        for kind, d in sorted(judged["kinds"].items()):
            rows.append([kind, ""] + [d.get(nm, float("nan")) for nm in names])
        lines += ["**judged queries** (nDCG@10; share of each top 10 that was judged):", "",
                  md_table(["kind", "n"] + names, rows), ""]
    held = samples.get("heldout") or samples.get("dev") or {}
    short = []
    for kind, target in TARGETS.items():
        if kind == "ndcg":
            got = judged.get("all", {}).get("ours") if judged else None
        else:
            got = held.get(kind, {}).get("ours")
        if got is not None and got < target:
            short.append(f"{kind}: {got:.3f} < {target}")
        if kind == "headlines" and held.get(kind):
            best_peer = max(held[kind][nm] for nm in names[1:])
            if held[kind]["ours"] <= best_peer:
                short.append(f"headlines: ours {held[kind]['ours']:.3f} ≤ best peer {best_peer:.3f}")
    lines += ["Targets on the held-out sample: " + ("all met." if not short else "not met: " + "; ".join(short) + "."),
              "", facts_md()]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

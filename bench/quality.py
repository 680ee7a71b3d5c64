"""Search quality: ours vs tantivy vs SQLite FTS5, one evaluation for all three.

Usage (from the repo root)::

    python bench/quality.py [--index DIR] [--n 300] [--seed 7] [--out docs/benchmarks.md]

Every engine sits behind ``search(q, filters, k) -> ranked ids`` over the same 38k
corpus (dantri + baomoi; indexes cached in ``bench/results/``).  Measured:

* **known items** — ``--n`` articles with a title unique in the corpus (seeded); the
  query is the title: exact, lower case, accentless, NFD, old/new tone placement swapped
  (hòa↔hoà, thúy↔thuý, khỏe↔khoẻ, ủy↔uỷ; titles that have such a syllable), i/y swapped
  (kỹ↔kĩ, lý↔lí, quý↔quí, mỹ↔mĩ; titles that have one), the first five words accented
  and accentless.  MRR@10 and success@1 per kind.  For the first-five-words kinds also
  how many queries begin more than one title (nothing then tells the wanted one apart),
  every engine's MRR@10 on the others, and the MRR@10 such ties leave any engine.
* **accent exactness** — single accented words whose accentless forms collide
  (bàn/bán/bạn, …): the share of the top 10 whose stored text (NFC, canonical tone
  placement, lower case) contains the exact word.
* **dates** (dantri) — the title + the article's ``date`` ranks it first; every result of
  ``date`` / ``month`` / ``from``-``to`` queries lies inside the range (peers get a date
  column and the same range).
* **persons** — tests/fixtures/persons_gold.json: share of labelled (article, name)
  pairs whose ``person=`` search returns the article (peers: a phrase query on the name),
  looked for in the first 200 results.

Targets: ours ≥ best peer on every kind; MRR@10 ≥ 0.98 on all title kinds; accent
exactness ≥ 0.95.  Misses are written to ``bench/results/quality-misses.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (DOC, ROOT, cmdline, corpus_dirs, ensure_our_index, ensure_peer_index,  # noqa: E402
                    facts_md, log_line, machine_facts, md_table, save_json, title_records, update_doc)

from indexer.analysis import canonical, fold, syllables  # noqa: E402

TITLE_KINDS = ["exact", "lowercase", "accentless", "nfd", "tone_style", "i_y", "first5", "first5_accentless"]
# Accented words whose accentless forms collide with other common words.
COLLIDING = ["bàn", "bán", "bạn", "mã", "má", "đường", "dương", "tỉnh", "tình", "bác", "bạc", "cá",
             "cà", "thương", "thường", "mưa", "mua", "giá", "già", "sáng", "sang", "bảo", "bão", "tiền",
             "tiện", "cao", "cáo"]
PERSON_DEPTH = 200  # results looked through for the labelled article
GOLD = ROOT / "tests" / "fixtures" / "persons_gold.json"

# ---------------------------------------------------------------------------
# Query variants
# ---------------------------------------------------------------------------


def unaccent(text: str) -> str:
    """Drop every accent, keep case (đ → d)."""
    s = unicodedata.normalize("NFD", text)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", s.replace("đ", "d").replace("Đ", "D"))


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _split_tone(syl: str):
    d = unicodedata.normalize("NFD", syl)
    tone = next((c for c in d if c in _TONES), None)
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return base, tone


def _put_tone(base: str, pos: int, tone: str) -> str:
    return unicodedata.normalize("NFC", base[:pos + 1] + tone + base[pos + 1:])


_WORDS = re.compile(r"\w+", re.UNICODE)


def tone_swap_syllable(syl: str) -> str | None:
    """hòa↔hoà, khỏe↔khoẻ, thúy↔thuý, ủy↔uỷ (open syllables oa/oe/uy, not after q)."""
    base, tone = _split_tone(syl)
    if tone is None:
        return None
    low = base.lower()
    m = re.fullmatch(r"([bcdđghklmnprstvx]*)(oa|oe|uy)", low)
    if not m or m.group(1).endswith("q") or m.group(1) == "g" and low.startswith("gi"):
        return None
    i = len(m.group(1))
    d = unicodedata.normalize("NFD", syl)
    # Where is the tone now: on the first or second vowel of the pair?
    pos_now = None
    idx = -1
    for ch in d:
        if ch in _TONES:
            pos_now = idx
        elif unicodedata.category(ch) != "Mn":
            idx += 1
    if pos_now == i:
        return _put_tone(base, i + 1, tone)
    if pos_now == i + 1:
        return _put_tone(base, i, tone)
    return None


def iy_swap_syllable(syl: str) -> str | None:
    """kỹ↔kĩ, lý↔lí, quý↔quí, mỹ↔mĩ (k, l, m, qu, h, t, s + a lone i/y)."""
    base, tone = _split_tone(syl)
    m = re.fullmatch(r"(k|l|m|qu|h|t|s)([iy])", base, flags=re.I)
    if not m or tone is None:
        return None
    v = m.group(2)
    other = {"i": "y", "y": "i", "I": "Y", "Y": "I"}[v]
    return _put_tone(m.group(1) + other, len(m.group(1)), tone)


def swap_words(title: str, fn) -> str | None:
    changed = False

    def rep(m):
        nonlocal changed
        new = fn(m.group(0))
        if new and new != m.group(0):
            changed = True
            return new
        return m.group(0)

    out = _WORDS.sub(rep, unicodedata.normalize("NFC", title))
    return out if changed else None


def first_words(title: str, n: int = 5) -> str:
    return " ".join(title.split()[:n])


# ---------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------


class Ours:
    name = "ours"

    def __init__(self, index_dir):
        from search_app.engine import Engine

        self.engine = Engine(index_dir)
        self.errors: list[str] = []

    def _args(self, q, filters):
        args = {"q": q}
        for key in ("date", "month", "person"):
            if filters.get(key):
                args[key] = str(filters[key])
        if filters.get("from"):
            args["from"] = filters["from"].isoformat()
        if filters.get("to"):
            args["to"] = filters["to"].isoformat()
        return args

    def search_hits(self, q, filters=None, k=10):
        from search_app.engine import SearchParams

        filters = filters or {}
        hits, page = [], 1
        per_page = min(k, 50)
        while len(hits) < k:
            res = self.engine.search(SearchParams.from_args({**self._args(q, filters),
                                                             "per_page": str(per_page), "page": str(page)}))
            hits.extend(res.hits)
            if len(res.hits) < per_page or page * per_page >= res.total:
                break
            page += 1
        return hits[:k]

    def search(self, q, filters=None, k=10):
        from search_app.errors import SearchError

        try:
            return [h.id for h in self.search_hits(q, filters, k)]
        except SearchError as exc:  # e.g. more than 32 words: counted as a miss
            self.errors.append(f"{q[:80]!r}: {exc}")
            return []


def peer_filters(filters: dict) -> dict:
    """Peers take an explicit range: date / month → from, to."""
    out = dict(filters)
    if filters.get("date"):
        d = dt.date.fromisoformat(filters["date"])
        out["from"] = out["to"] = d
    if filters.get("month"):
        y, m = map(int, filters["month"].split("-"))
        out["from"] = dt.date(y, m, 1)
        out["to"] = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
    return out


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------


def rank_of(ids, target):
    try:
        return ids.index(target) + 1
    except ValueError:
        return None


MAX_QUERY_CHARS = 512  # the search API's limit on a query; every engine gets the same cut


def fit(text: str) -> str:
    """A title as a reader can type it into the search box: at most MAX_QUERY_CHARS
    characters, cut at a word boundary (Dân trí "titles" are often whole sentences)."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    return text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]


def mrr(ranks) -> float:
    return sum(1 / r for r in ranks if r) / len(ranks) if ranks else float("nan")


def syllable_key(text: str) -> tuple:
    """The text's syllables without case or accents: what the engines compared here
    index of it (none of them indexes punctuation)."""
    return tuple(fold(s) for s in syllables(text))


def tie_ceiling(k: int, depth: int = 10) -> float:
    """The expected reciprocal rank of one of ``k`` titles that begin with the same words,
    when an engine puts all ``k`` first in an order of its own (nothing in the query tells
    them apart): the mean of 1/1 … 1/k, counting ranks up to ``depth`` only."""
    return sum(1 / r for r in range(1, min(k, depth) + 1)) / k


def first_words_ambiguity(records, queries, known, names) -> dict:
    """For the first-five-words kinds: how many queries begin more than one title of the
    corpus (syllable for syllable, case, accents and punctuation aside), every engine's
    MRR@10 on the others, and the ceiling that ties put on any engine (the mean of
    ``tie_ceiling`` over the queries)."""
    keys = [syllable_key(fit(unicodedata.normalize("NFC", r.title))) for r in records]
    out = {}
    for kind in ("first5", "first5_accentless"):
        wanted = [syllable_key(q) for q, _ in queries[kind]]
        begins = {}
        for length in {len(w) for w in wanted}:
            for key in keys:
                begins[key[:length]] = begins.get(key[:length], 0) + (len(key) >= length)
        ks = [max(begins.get(w, 0), 1) for w in wanted]
        alone = [i for i, k in enumerate(ks) if k == 1]
        out[kind] = {
            "n": len(ks), "ambiguous": len(ks) - len(alone),
            "ceiling": sum(tie_ceiling(k) for k in ks) / len(ks) if ks else float("nan"),
            "unambiguous_mrr": {nm: mrr([known[(kind, nm)]["ranks"][i] for i in alone]) for nm in names},
        }
    return out


def known_item_queries(records, n, seed):
    rng = random.Random(seed)
    folded_count = {}
    for r in records:
        key = " ".join(unaccent(r.title).lower().split())
        folded_count[key] = folded_count.get(key, 0) + 1
    unique = [r for r in records
              if folded_count[" ".join(unaccent(r.title).lower().split())] == 1 and len(r.title.split()) >= 3]
    sample = rng.sample(unique, min(n, len(unique)))
    queries = {k: [] for k in TITLE_KINDS}
    for r in sample:
        t = fit(unicodedata.normalize("NFC", r.title))
        queries["exact"].append((t, r.id))
        queries["lowercase"].append((t.lower(), r.id))
        queries["accentless"].append((unaccent(t), r.id))
        queries["nfd"].append((unicodedata.normalize("NFD", t), r.id))
        queries["first5"].append((first_words(t), r.id))
        queries["first5_accentless"].append((unaccent(first_words(t)), r.id))
    # Spelling variants: titles that have such a syllable (sampled from all unique titles).
    for kind, fn in (("tone_style", tone_swap_syllable), ("i_y", iy_swap_syllable)):
        pool = [(v, r.id) for r in unique if (v := swap_words(fit(r.title), fn))]
        queries[kind] = rng.sample(pool, min(n, len(pool)))
    return queries


def eval_known(engines, queries, misses):
    table = {}
    for kind, qs in queries.items():
        for e in engines:
            ranks = []
            t0 = time.perf_counter()
            for q, target in qs:
                ids = e.search(q, {}, 10)
                r = rank_of(ids, target)
                ranks.append(r)
                if r != 1 and e.name == "ours":
                    misses.setdefault(kind, []).append({"q": q, "want": target, "rank": r, "got": ids[:3]})
            table[(kind, e.name)] = {"n": len(qs), "mrr": mrr(ranks),
                                     "s1": sum(r == 1 for r in ranks) / len(qs) if qs else float("nan"),
                                     "ranks": ranks, "seconds": time.perf_counter() - t0}
        print(f"  {kind}: " + ", ".join(f"{e.name} {table[(kind, e.name)]['mrr']:.3f}" for e in engines),
              flush=True)
    return table


def _tokens(text: str) -> set[str]:
    return set(_WORDS.findall(canonical(unicodedata.normalize("NFC", text)).lower()))


def eval_accents(engines, ours: Ours, misses):
    texts: dict[str, set] = {}

    def text_of(doc_id):
        if doc_id not in texts:
            a = ours.engine.article(doc_id) or {}
            texts[doc_id] = _tokens(" ".join([a.get("title", ""), a.get("lead", ""), a.get("body", "")]))
        return texts[doc_id]

    out, per_word = {}, {}
    for e in engines:
        shares = []
        for w in COLLIDING:
            ids = e.search(w, {}, 10)
            if not ids:
                continue
            want = canonical(w).lower()
            good = sum(1 for i in ids if want in text_of(i))
            shares.append(good / len(ids))
            per_word.setdefault(w, {})[e.name] = f"{good}/{len(ids)}"
            if e.name == "ours" and good < len(ids):
                misses.setdefault("accent", []).append({"q": w, "exact": good, "of": len(ids),
                                                        "wrong": [i for i in ids if want not in text_of(i)][:5]})
        out[e.name] = sum(shares) / len(shares) if shares else float("nan")
    return out, per_word


def eval_dates(engines, ours: Ours, records, n, seed, misses):
    rng = random.Random(seed + 1)
    dated = [r for r in records if r.date and r.id.startswith("dantri/")]
    by_id = {r.id: r for r in records}
    sample = rng.sample(dated, min(n, len(dated)))
    # 1) title + its date ranks it first
    first = {}
    for e in engines:
        ok = 0
        for r in sample:
            f = {"date": r.date.isoformat()}
            ids = e.search(fit(r.title), f if e.name == "ours" else peer_filters(f), 10)
            ok += bool(ids) and ids[0] == r.id
            if e.name == "ours" and not (ids and ids[0] == r.id):
                misses.setdefault("date_title", []).append({"q": fit(r.title), "date": f["date"], "got": ids[:3]})
        first[e.name] = ok / len(sample)
    # 2) every result of a date / month / from-to query lies inside the range
    inside = {}
    for e in engines:
        good = total = 0
        for k, r in enumerate(sample):
            words = [w for w in r.title.split() if len(w) > 2][:2] or r.title.split()[:1]
            q = " ".join(words)
            mode = ("date", "month", "range")[k % 3]
            if mode == "date":
                f = {"date": r.date.isoformat()}
                lo = hi = r.date
            elif mode == "month":
                f = {"month": f"{r.date.year:04d}-{r.date.month:02d}"}
                pf = peer_filters(f)
                lo, hi = pf["from"], pf["to"]
            else:
                lo, hi = r.date - dt.timedelta(days=10), r.date + dt.timedelta(days=10)
                f = {"from": lo, "to": hi}
            ids = e.search(q, f if e.name == "ours" else peer_filters(f), 50)
            for i in ids:
                d = by_id[i].date if i in by_id else None
                total += 1
                if d is not None and lo <= d <= hi:
                    good += 1
                elif e.name == "ours":
                    misses.setdefault("date_range", []).append({"q": q, "filter": str(f), "id": i, "date": str(d)})
        inside[e.name] = good / total if total else float("nan")
    return first, inside, len(sample)


def eval_persons(engines, misses):
    if not GOLD.exists():
        return {}, 0
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    pairs = [(f"dantri/{f}", name) for f, names in gold.items() for name in names]
    out = {}
    for e in engines:
        found = 0
        for doc_id, name in pairs:
            ids = e.search("", {"person": name}, PERSON_DEPTH)
            found += doc_id in ids
            if e.name == "ours" and doc_id not in ids:
                misses.setdefault("person", []).append({"person": name, "want": doc_id, "returned": len(ids)})
        out[e.name] = found / len(pairs) if pairs else float("nan")
    return out, len(pairs)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/quality.py", description=__doc__.split("\n")[0])
    p.add_argument("--index", default=None)
    p.add_argument("--corpus", choices=["all", "dantri"], default="all",
                   help="index to evaluate on (default all = dantri + baomoi, 38k)")
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", default=str(DOC))
    args = p.parse_args(argv)
    corpus_dirs(args.corpus)
    log_line("run: " + cmdline())
    facts = machine_facts()
    from peers import FTS5, Tantivy

    ours = Ours(ensure_our_index(args.corpus, args.index))
    engines = [ours, Tantivy(ensure_peer_index("tantivy", args.corpus)), FTS5(ensure_peer_index("fts5", args.corpus))]
    records = title_records(args.corpus)
    misses: dict = {}
    t0 = time.perf_counter()
    print("known items …", flush=True)
    queries = known_item_queries(records, args.n, args.seed)
    known = eval_known(engines, queries, misses)
    ambiguity = first_words_ambiguity(records, queries, known, [e.name for e in engines])
    print("accent exactness …", flush=True)
    accents, per_word = eval_accents(engines, ours, misses)
    print("dates …", flush=True)
    date_first, date_inside, n_dates = eval_dates(engines, ours, records, min(args.n, 150), args.seed, misses)
    print("persons …", flush=True)
    persons, n_pairs = eval_persons(engines, misses)
    names = [e.name for e in engines]

    rows = []
    shortfalls = []
    for kind in TITLE_KINDS:
        vals = [known[(kind, n)] for n in names]
        row = [f"title: {kind}", vals[0]["n"]]
        for v in vals:
            row += [v["mrr"], v["s1"]]
        rows.append(row)
        best_peer = max(v["mrr"] for v in vals[1:])
        if vals[0]["mrr"] < 0.98:
            ceiling = (f" (at best {ambiguity[kind]['ceiling']:.3f} expected: see the first-words table)"
                       if kind in ambiguity else "")
            shortfalls.append(f"{kind}: MRR@10 {vals[0]['mrr']:.3f} < 0.98{ceiling}")
        if vals[0]["mrr"] < best_peer:
            shortfalls.append(f"{kind}: ours {vals[0]['mrr']:.3f} < best peer {best_peer:.3f}")

    def simple(label, n, d):
        r = [label, n]
        for nm in names:
            r += [d.get(nm, float("nan")), ""]
        return r

    rows.append(simple("accent exactness (share of top 10)", len(COLLIDING), accents))
    rows.append(simple("dates: title + date ranks it first (success@1)", n_dates, date_first))
    rows.append(simple("dates: results inside the date filter (share)", n_dates, date_inside))
    rows.append(simple("persons: labelled article found (recall)", n_pairs, persons))
    if accents.get("ours", 0) < 0.95:
        shortfalls.append(f"accent exactness {accents['ours']:.3f} < 0.95")
    for label, d in (("accent exactness", accents), ("dates first", date_first), ("dates inside", date_inside),
                     ("persons", persons)):
        if d and d.get("ours", 0) < max(d.get(n, 0) for n in names[1:]):
            shortfalls.append(f"{label}: ours {d['ours']:.3f} < best peer {max(d.get(n, 0) for n in names[1:]):.3f}")
    save_json("quality.json", {"facts": facts, "known": {f"{k}|{n}": v for (k, n), v in known.items()},
                               "accents": accents, "per_word": per_word, "date_first": date_first,
                               "date_inside": date_inside, "persons": persons, "shortfalls": shortfalls,
                               "first_words_ambiguity": ambiguity,
                               "seconds": time.perf_counter() - t0})
    misses["search_errors"] = ours.errors
    save_json("quality-misses.json", misses)
    headers = ["measure", "n"]
    for nm in names:
        headers += [f"{nm} MRR@10 / share", f"{nm} S@1"]
    amb_rows = [[f"title: {kind}", a["n"], a["ambiguous"], a["ceiling"]]
                + [a["unambiguous_mrr"][nm] for nm in names] for kind, a in ambiguity.items()]
    amb_headers = ["kind", "queries", "begin more than one title", "MRR@10 expected at best"] + [
        f"{nm} MRR@10 on the others" for nm in names]
    text = "\n".join([
        "## Search quality", "", facts_md(facts), "",
        "Command: `" + cmdline() + "`", "",
        ("Index: the 38k corpus (dantri + baomoi)" if args.corpus == "all" else "Index: dantri only (2,653 articles)")
        + f" for every engine; known items: {args.n} articles "
        f"with a title unique in the corpus (seed {args.seed}); tone-style and i/y variants are "
        "sampled from the titles that contain such a syllable. Peers: see `bench/peers.py` "
        "(queries passed as typed; dates as a column with the same range; persons as a phrase query "
        "on the name over title/lead/body).", "",
        md_table(headers, rows), "",
        "Accent exactness per word (exact / returned, top 10): "
        + "; ".join(f"{w} " + "/".join(f"{v.get(n, '–')}" for n in names) for w, v in per_word.items())
        + f" (order: {', '.join(names)}).", "",
        "First-five-words queries that begin more than one title: the query's syllables "
        "(case, accents and punctuation aside, as every engine here indexes them) also "
        "begin other titles of the corpus, and nothing in the query tells them apart. An "
        "engine that ranks all of "
        "them first, in whatever order, expects 1/k × (1 + 1/2 + … + 1/k) for a query "
        "shared by k titles: \"expected at best\" is the mean of that over the queries "
        "(1 for a query no other title begins with), the most any engine can expect from "
        "this sample.", "",
        md_table(amb_headers, amb_rows), "",
        f"Queries ours refused with an error (counted as misses): {len(ours.errors)}"
        + (f", e.g. {ours.errors[0]}" if ours.errors else "") + ".", "",
        "**Targets** (ours ≥ best peer on every kind; MRR@10 ≥ 0.98 on all title kinds; accent "
        "exactness ≥ 0.95): " + ("all met." if not shortfalls else "not met — " + "; ".join(shortfalls) + "."),
    ])
    update_doc("quality", text, Path(args.out))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

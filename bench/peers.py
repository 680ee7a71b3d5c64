"""The peer engines the benchmarks compare ours with, behind one small adapter each.

* **tantivy** (PyPI ``tantivy``): fields title / lead / body (stored), a custom text
  analyzer ``Tokenizer.simple() + Filter.lowercase() + Filter.ascii_fold()`` (no
  stemming; ascii folding drops Vietnamese accents and maps đ → d), ``id`` (raw,
  stored), ``date`` (u64 YYYYMMDD, indexed + fast).  Query: every analysed query token
  must match (Must) in title^4 / lead^2 / body^1 (Should), BM25; with no hit, any token
  (Should), like our engine's fallback.
* **fts5** (SQLite stdlib): ``fts5(id UNINDEXED, title, lead, body, date UNINDEXED,
  tokenize='unicode61 remove_diacritics 2')``; query = the whitespace tokens as quoted
  strings (implicit AND; OR fallback), ``ORDER BY bm25(docs, 0, 4, 2, 1, 0)``.
  Note: unicode61 does not fold đ → d (đ has no Unicode decomposition).
* **pyvi** (the yardstick of issue #2): stock ``pyvi.ViTokenizer.tokenize`` over every
  article's title, lead and body in one process; it builds nothing.

Queries are passed as typed (accented, accentless or NFD); each engine folds them with
its own analyzer.  Build from the command line (used by ``indexing.py`` so that each
build runs — and is measured — in its own process)::

    python bench/peers.py build tantivy|fts5|pyvi --source DIR [--source DIR] --out PATH
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import load_articles  # noqa: E402

FIELD_WEIGHTS = {"title": 4.0, "lead": 2.0, "body": 1.0}
TANTIVY_TOKENIZER = "vi_fold"


def _date_int(d) -> int | None:
    return d.year * 10000 + d.month * 100 + d.day if d else None


# ---------------------------------------------------------------------------
# tantivy
# ---------------------------------------------------------------------------


def tantivy_analyzer():
    import tantivy as T

    return (T.TextAnalyzerBuilder(T.Tokenizer.simple())
            .filter(T.Filter.lowercase())
            .filter(T.Filter.ascii_fold())
            .build())


def tantivy_schema():
    import tantivy as T

    sb = T.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in ("title", "lead", "body"):
        sb.add_text_field(name, stored=True, tokenizer_name=TANTIVY_TOKENIZER)
    sb.add_unsigned_field("date", stored=True, indexed=True, fast=True)
    return sb.build()


def build_tantivy(articles, out: Path) -> None:
    import tantivy as T

    out.mkdir(parents=True, exist_ok=True)
    ix = T.Index(tantivy_schema(), path=str(out))
    ix.register_tokenizer(TANTIVY_TOKENIZER, tantivy_analyzer())
    writer = ix.writer(heap_size=256_000_000, num_threads=0)
    for a in articles:
        doc = T.Document(id=a.id, title=a.title, lead=a.lead or "", body=a.body)
        di = _date_int(a.date)
        if di:
            doc.add_unsigned("date", di)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()


class Tantivy:
    name = "tantivy"

    def __init__(self, path: Path):
        import tantivy as T

        self.T = T
        self.ix = T.Index.open(str(path))
        self.ix.register_tokenizer(TANTIVY_TOKENIZER, tantivy_analyzer())
        self.ix.reload()
        self.schema = self.ix.schema
        self.analyzer = tantivy_analyzer()
        self.searcher = self.ix.searcher()

    def _tokens(self, text: str) -> list[str]:
        return list(self.analyzer.analyze(text))

    def _token_query(self, tok: str):
        T = self.T
        return T.Query.boolean_query([
            (T.Occur.Should, T.Query.boost_query(T.Query.term_query(self.schema, f, tok), w))
            for f, w in FIELD_WEIGHTS.items()])

    def _phrase_query(self, toks: list[str]):
        T = self.T
        if len(toks) == 1:
            return self._token_query(toks[0])
        return T.Query.boolean_query([
            (T.Occur.Should, T.Query.phrase_query(self.schema, f, toks)) for f in FIELD_WEIGHTS])

    def _date_filter(self, lo, hi):
        T = self.T
        return T.Query.range_query(self.schema, "date", T.FieldType.Unsigned,
                                   _date_int(lo) or 0, _date_int(hi) or 99999999)

    def search(self, q: str, filters: dict | None = None, k: int = 10) -> list[str]:
        T = self.T
        filters = filters or {}
        lo, hi = filters.get("from"), filters.get("to")
        extra = [(T.Occur.Must, self._date_filter(lo, hi))] if (lo or hi) else []
        if filters.get("person"):
            ptoks = self._tokens(filters["person"])
            if ptoks:
                extra.append((T.Occur.Must, self._phrase_query(ptoks)))
        toks = self._tokens(q)
        if not toks and not extra:
            return []
        for occur in (T.Occur.Must, T.Occur.Should):
            clauses = [(occur, self._token_query(t)) for t in toks]
            if occur == T.Occur.Should and clauses:
                clauses = [(T.Occur.Must, T.Query.boolean_query(clauses))]
            query = T.Query.boolean_query(clauses + extra) if (clauses or extra) else T.Query.all_query()
            res = self.searcher.search(query, limit=k, count=False)
            ids = [self.searcher.doc(addr)["id"][0] for _, addr in res.hits]
            if ids or len(toks) < 2:
                return ids
        return []


# ---------------------------------------------------------------------------
# SQLite FTS5
# ---------------------------------------------------------------------------

FTS5_DDL = ("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, lead, body, date UNINDEXED, "
            "tokenize='unicode61 remove_diacritics 2')")


def build_fts5(articles, out: Path) -> None:
    if out.exists():
        out.unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(out))
    con.execute(FTS5_DDL)
    with con:
        con.executemany("INSERT INTO docs(id, title, lead, body, date) VALUES (?,?,?,?,?)",
                        ((a.id, a.title, a.lead or "", a.body, _date_int(a.date)) for a in articles))
    con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.commit()
    con.close()


_FTS_SPLIT = re.compile(r"\s+")


class FTS5:
    name = "fts5"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.con = sqlite3.connect(str(path), check_same_thread=False)

    @staticmethod
    def _quoted(parts):
        return ['"' + p.replace('"', '""') + '"' for p in parts if re.search(r"\w", p)]

    def search(self, q: str, filters: dict | None = None, k: int = 10) -> list[str]:
        filters = filters or {}
        parts = self._quoted(_FTS_SPLIT.split(q.strip()))
        where, args = [], []
        lo, hi = filters.get("from"), filters.get("to")
        if lo:
            where.append("date >= ?")
            args.append(_date_int(lo))
        if hi:
            where.append("date <= ?")
            args.append(_date_int(hi))
        person = self._quoted([filters.get("person", "")]) if filters.get("person") else []
        if not parts and not person:
            return []
        for joiner in (" ", " OR "):
            expr = joiner.join(parts)
            if person:
                expr = f"({expr}) AND {person[0]}" if expr else person[0]
            sql = ("SELECT id FROM docs WHERE docs MATCH ?" + "".join(" AND " + w for w in where)
                   + " ORDER BY bm25(docs, 0, 4, 2, 1, 0) LIMIT ?")
            try:
                ids = [r[0] for r in self.con.execute(sql, [expr] + args + [k])]
            except sqlite3.OperationalError:
                ids = []
            if ids or len(parts) < 2:
                return ids
        return []


# ---------------------------------------------------------------------------
# stock pyvi
# ---------------------------------------------------------------------------


def run_pyvi(articles) -> int:
    from pyvi import ViTokenizer

    n = 0
    for a in articles:
        for text in (a.title, a.lead, a.body):
            if text:
                ViTokenizer.tokenize(text)
        n += 1
    return n


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python bench/peers.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("engine", choices=["tantivy", "fts5", "pyvi"])
    b.add_argument("--source", action="append", required=True)
    b.add_argument("--out", default="")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    articles = load_articles(args.source)
    t_load = time.perf_counter() - t0
    if args.engine == "tantivy":
        build_tantivy(articles, Path(args.out))
    elif args.engine == "fts5":
        build_fts5(articles, Path(args.out))
    else:
        run_pyvi(articles)
    print(json.dumps({"articles": len(articles), "load_seconds": round(t_load, 3),
                      "seconds": round(time.perf_counter() - t0, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

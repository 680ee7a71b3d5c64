"""The search engine behind the pages and the API: one object per app.

Each worker thread keeps its own Whoosh searcher (searchers are not thread-safe) and
reopens it when the indexer has switched to a new build or committed an update, so the
app follows ``python -m indexer rebuild``/``update`` without a restart.
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import math
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from whoosh import query as Q
from whoosh import collectors
from whoosh.searching import TimeLimit

from indexer import store
from indexer.analysis import canonical, fold, segment
from indexer.errors import IndexMissing

from . import querying
from .errors import IndexUnavailable, SearchError
from .highlight import snippet
from .params import SearchParams
from .suggest import VocabularyCache

log = logging.getLogger(__name__)

__all__ = ["Engine", "Hit", "IndexUnavailable", "SearchError", "SearchParams", "SearchResult"]

TIME_BUDGET = 0.8  # seconds of searching per query; past it, the hits found so far
REFRESH_EVERY = 1.0  # seconds between checks for a new build or commit
PROXIMITY_MAX_MATCHES = 2000  # above this many matches, rank without proximity phrases
PERSON_FACET_DOCS = 200  # the person facet counts names over the best this-many results
PERSON_FACET_SIZE = 10
INDEX_MISSING = "Chưa có chỉ mục tìm kiếm: quản trị viên cần chạy `python -m indexer rebuild`."
INDEX_UNREADABLE = ("Không đọc được chỉ mục tìm kiếm: chỉ mục bị hỏng hoặc đang được thay; "
                    "hãy thử lại sau ít phút.")


@dataclass
class Hit:
    id: str
    title: str
    date: dt.date | None
    persons: list[str]
    snippet: Markup
    score: float | None
    url: str
    lead: str = ""

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "persons": self.persons,
            "snippet": str(self.snippet),
            "score": round(self.score, 4) if self.score is not None and math.isfinite(self.score) else None,
            "url": self.url or None,
        }


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    hits: list[Hit]
    facets: dict
    suggestion: str | None = None
    partial: bool = False
    timed_out: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.params.per_page)) if self.total else 0

    def as_json(self) -> dict:
        return {
            "query": self.params.q,
            "total": self.total,
            "page": self.params.page,
            "per_page": self.params.per_page,
            "results": [h.as_json() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "partial": self.partial,
        }


def _parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _persons(stored: dict) -> list[str]:
    return [p for p in (stored.get("persons") or "").split(",") if p]


class Engine:
    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._local = threading.local()
        self._vocab = VocabularyCache()

    # -- searchers ---------------------------------------------------------

    def _searcher(self):
        state = self._local
        now = time.monotonic()
        searcher = getattr(state, "searcher", None)
        if searcher is not None and now - state.checked < REFRESH_EVERY:
            return searcher
        with self._reading():
            build = store.live_build(self.index_dir)
            if searcher is None or build != state.build or not searcher.up_to_date():
                # A fresh searcher, never Whoosh's refresh(): that keeps the old reader
                # of a segment whose deletions changed, so deleted articles would stay.
                ix = store.open_index(self.index_dir)
                if searcher is not None:
                    searcher.close()
                searcher = ix.searcher()
                state.build = build
        state.searcher = searcher
        state.checked = now
        return searcher

    @contextmanager
    def _reading(self):
        """Turn any failure to read the index into IndexUnavailable (HTTP 503).

        Whoosh raises many kinds of exception on damaged files (struct, zlib, EOF,
        plain Exception("Block tag error")...).  The details go to the log, not to the
        public, and this thread's searcher is dropped so the next request reopens.
        """
        try:
            yield
        except (SearchError, IndexUnavailable):
            raise
        except IndexMissing:
            self.close_thread()
            raise IndexUnavailable(INDEX_MISSING) from None
        except Exception:
            log.exception("cannot read the index in %s", self.index_dir)
            self.close_thread()
            raise IndexUnavailable(INDEX_UNREADABLE) from None

    def close_thread(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            try:
                searcher.close()
            except Exception:
                pass
        self._local.searcher = None
        self._local.build = None

    def warm(self) -> None:
        """Load pyvi's model and the "did you mean" vocabulary before the first reader
        waits for them (a second or two on a large archive)."""
        segment("khởi động")
        try:
            reader = self._searcher().reader()
            self._vocab.get((str(self._local.build), reader.generation()), reader, self._open_reader)
        except IndexUnavailable:
            pass

    def _open_reader(self):
        return store.open_index(self.index_dir).reader()

    def search(self, params: SearchParams) -> SearchResult:
        searcher = self._searcher()
        with self._reading():
            return self._search(searcher, params)

    def _search(self, searcher, params: SearchParams) -> SearchResult:
        reader = searcher.reader()
        parsed = querying.parse(params.q)
        deadline = time.monotonic() + TIME_BUDGET
        allowed = self._allowed(searcher, params)
        # Words as typed first; then every accent forgiven; then not every word needed.
        result = self._run(searcher, querying.build(reader, parsed), allowed, params, parsed, deadline)
        if result.total == 0 and parsed.accented:
            result = self._run(searcher, querying.build(reader, parsed, strict=False),
                               allowed, params, parsed, deadline)
        if result.total == 0 and len(parsed.groups) > 1:
            result = self._run(searcher, querying.build(reader, parsed, require_all=False, strict=False),
                               allowed, params, parsed, deadline)
            result.partial = result.total > 0
        if params.q:
            result.suggestion = self._suggest(searcher, params.q, parsed)
        return result

    def _allowed(self, searcher, params: SearchParams) -> set[int] | None:
        """Documents the date and person filters let through (None: no filter)."""
        clauses = []
        if params.date_from or params.date_to:
            if params.date_from and params.date_to and params.date_from > params.date_to:
                return set()
            clauses.append(Q.TermRange(
                "date",
                params.date_from.isoformat() if params.date_from else None,
                params.date_to.isoformat() if params.date_to else None,
            ))
        allowed = None
        if params.person:
            person = querying.person_query(params.person)
            allowed = _docset(searcher, person) if person is not Q.NullQuery else set()
            # Also the articles that write the name (two syllables or more) where the
            # extractor did not list it: "every article that mentions a person".
            allowed |= _docset(searcher, querying.mention_query(params.person))
            if not allowed:
                return set()
        if not clauses:
            return allowed
        query = clauses[0] if len(clauses) == 1 else Q.And(clauses)
        docs = set(searcher.docs_for_query(query))
        return docs if allowed is None else docs & allowed

    def _matching(self, searcher, query, allowed, deadline) -> tuple[list[int], bool]:
        """Every document ``query`` matches, unscored, as sorted docnums.

        Terms are read block by block into sets and combined with set algebra, which is
        many times faster than stepping Whoosh's matchers one document at a time; only
        what sets cannot express (phrases, ranges) goes through a matcher.
        """
        docs = _docset(searcher, query)
        if allowed is not None:
            docs &= allowed
        return sorted(docs), time.monotonic() > deadline

    def _run(self, searcher, plan, allowed, params: SearchParams, parsed, deadline) -> SearchResult:
        empty = SearchResult(params, 0, [], {"years": {}, "months": {}, "persons": []})
        if plan.match is Q.NullQuery or allowed == set():
            return empty
        docs, timed_out = self._matching(searcher, plan.match, allowed, deadline)
        if not docs:
            return empty
        start = (params.page - 1) * params.per_page
        end = params.page * params.per_page
        marks = querying.marks(parsed)
        window = max(end, PERSON_FACET_DOCS)
        if params.sort == "relevance" and not parsed.empty:
            if len(docs) <= PROXIMITY_MAX_MATCHES or plan.quick is None:
                ranked = self._score_docs(searcher, plan.scored, docs, window, deadline)
            else:
                ranked = self._top(searcher, plan.quick, allowed, window, deadline)
        else:
            ranked = [(d, None) for d in self._by_date(searcher, docs, params.sort == "oldest")[:window]]
        hits = [self._hit(searcher.stored_fields(d), score, marks) for d, score in ranked[start:end]]
        facets = {
            "years": _column_counts(searcher, "year", docs),
            "months": _column_counts(searcher, "month", docs),
            # The persons of the best (or newest) results, not of an arbitrary sample.
            "persons": self._person_facet(searcher, [d for d, _ in ranked[:PERSON_FACET_DOCS]]),
        }
        return SearchResult(params, len(docs), hits, facets, timed_out=timed_out)

    @staticmethod
    def _score_docs(searcher, query, docs: list[int], limit: int, deadline) -> list[tuple[int, float]]:
        """Score just the matched documents (known already), jumping the matcher from
        one to the next: far cheaper than letting it search when they are few."""
        scored = []
        context = searcher.context()
        for sub, offset in searcher.leaf_searchers():
            upto = offset + sub.reader().doc_count_all()
            mine = [d - offset for d in docs if offset <= d < upto]
            if not mine:
                continue
            matcher = query.matcher(sub, context)
            for n, docnum in enumerate(mine):
                if not matcher.is_active():
                    break
                if matcher.id() < docnum:
                    matcher.skip_to(docnum)
                    if not matcher.is_active():
                        break
                if matcher.id() == docnum:
                    scored.append((docnum + offset, matcher.score()))
                if n & 255 == 255 and time.monotonic() > deadline:
                    break
        return heapq.nlargest(limit, scored, key=lambda ds: (ds[1], -ds[0]))

    def _top(self, searcher, query, allowed, limit, deadline) -> list[tuple[int, float]]:
        """The ``limit`` best-scored documents (Whoosh skips blocks that cannot make it)."""
        collector = collectors.TopCollector(limit=limit, usequality=True)
        budget = max(0.05, deadline - time.monotonic())
        collector = _BudgetCollector(collector, budget)
        if allowed is not None:
            collector = collectors.FilterCollector(collector, allow=allowed)
        try:
            searcher.search_with_collector(query, collector)
        except TimeLimit:
            collector.finish()
        return [(hit.docnum, hit.score) for hit in collector.results()]

    @staticmethod
    def _by_date(searcher, docs: list[int], oldest: bool) -> list[int]:
        """Newest (or oldest) first; undated articles last either way."""
        column = searcher.reader().column_reader("date")
        missing = "\uffff" if oldest else ""

        def key(docnum):
            value = column[docnum]
            if isinstance(value, bytes):
                value = value.decode("utf-8")
            return value or missing

        if oldest:
            return sorted(docs, key=lambda d: (key(d), d))
        return sorted(docs, key=lambda d: (key(d), -d), reverse=True)

    def _hit(self, stored: dict, score, marks) -> Hit:
        lead = stored.get("lead") or ""
        return Hit(
            id=stored["id"],
            title=stored.get("title", ""),
            date=_parse_date(stored.get("date")),
            persons=_persons(stored),
            snippet=snippet([lead, stored.get("body", "")], marks),
            score=float(score) if score is not None else None,
            url=stored.get("url") or "",
            lead=lead,
        )

    def _person_facet(self, searcher, docs: list[int]) -> list[list]:
        """The most named persons among ``docs`` (the best PERSON_FACET_DOCS results)."""
        reader = searcher.reader()
        counts: dict[str, int] = {}
        for docnum in docs[:PERSON_FACET_DOCS]:
            if not reader.has_vector(docnum, "persons"):
                continue
            for term, _ in reader.vector_as("weight", docnum, "persons"):
                name = term.decode("utf-8") if isinstance(term, bytes) else term
                counts[name] = counts.get(name, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [[name, n] for name, n in ranked[:PERSON_FACET_SIZE]]

    def _suggest(self, searcher, q: str, parsed) -> str | None:
        """A better-accented query, for queries typed without accents or with words the
        index does not know; None when the query is fine as typed."""
        units = parsed.positive_units() + parsed.excluded
        if not units or any(u.kind != "word" or u.negate for u in units) \
                or any(len(g) > 1 for g in parsed.groups):
            return None
        reader = searcher.reader()
        if parsed.accented and all(
            any(reader.doc_frequency(f, word) for f in ("title", "text"))
            for u in units for word in u.exact
        ):
            return None
        vocab = self._vocab.get((str(self._local.build), reader.generation()), reader, self._open_reader)
        syllables = [fold(s) for run in parsed.runs for w in run for s in w]
        words = vocab.suggest(syllables)
        if not words:
            return None
        suggestion = " ".join(words)
        typed = " ".join(canonical(q).lower().split())
        return None if suggestion == typed else suggestion

    # -- articles ----------------------------------------------------------

    def article(self, doc_id: str) -> dict | None:
        searcher = self._searcher()
        with self._reading():
            stored = searcher.document(id=doc_id)
        if stored is None:
            return None
        return {
            "id": stored["id"],
            "title": stored.get("title", ""),
            "date": _parse_date(stored.get("date")),
            "persons": _persons(stored),
            "lead": stored.get("lead", ""),
            "body": stored.get("body", ""),
            "url": stored.get("url") or "",
        }

    def related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """More like this: articles sharing the article's most telling words."""
        searcher = self._searcher()
        with self._reading():
            docnum = searcher.document_number(id=doc_id)
            if docnum is None:
                return []
            stored = searcher.stored_fields(docnum)
            text = " ".join([stored.get("title", "")] * 2 + [stored.get("lead", ""),
                                                             stored.get("body", "")[:4000]])
            results = searcher.more_like(docnum, "text", text=text, top=limit, numterms=15)
            none = querying.marks(querying.ParsedQuery())
            return [self._hit(hit.fields(), hit.score, none) for hit in results]

    def person_page(self, name: str, page: int = 1) -> SearchResult:
        params = SearchParams.from_args({"person": name, "sort": "newest", "page": str(page)})
        return self.search(params)


def _column_counts(searcher, fieldname: str, docs: list[int]) -> dict:
    """How many of ``docs`` have each value of a sortable field, newest first."""
    column = searcher.reader().column_reader(fieldname)
    counts: dict[bytes, int] = {}
    for docnum in docs:
        value = column[docnum]
        if value:
            counts[value] = counts.get(value, 0) + 1
    return {k.decode("utf-8") if isinstance(k, bytes) else str(k): n
            for k, n in sorted(counts.items(), reverse=True)}


class _BudgetCollector(collectors.WrappingCollector):
    """Stops collecting when the time budget is spent (Whoosh's TimeLimitCollector
    bypasses an outer filter, so the budget is checked here, inside it)."""

    def __init__(self, child, seconds: float):
        super().__init__(child)
        self.seconds = seconds

    def prepare(self, top_searcher, q, context):
        self.deadline = time.monotonic() + self.seconds
        self.child.prepare(top_searcher, q, context)

    def collect(self, sub_docnum):
        if time.monotonic() > self.deadline:
            raise TimeLimit
        return self.child.collect(sub_docnum)


def _docset(searcher, query) -> set[int]:
    """The documents a query matches (deleted ones excluded), by set algebra."""
    if isinstance(query, Q.Term):
        out: set[int] = set()
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            if (query.fieldname, query.text) not in reader:
                continue
            ids = reader.postings(query.fieldname, query.text).all_ids()
            if reader.has_deletions():
                out.update(d + offset for d in ids if not reader.is_deleted(d))
            else:
                out.update(d + offset for d in ids)
        return out
    if isinstance(query, Q.And):
        sets = sorted((_docset(searcher, q) for q in query.subqueries), key=len)
        out = sets[0] if sets else set()
        for other in sets[1:]:
            if not out:
                break
            out &= other
        return out
    if isinstance(query, Q.Or):
        out = set()
        for q in query.subqueries:
            out |= _docset(searcher, q)
        return out
    if isinstance(query, Q.AndNot):
        return _docset(searcher, query.a) - _docset(searcher, query.b)
    if isinstance(query, Q.AndMaybe):
        return _docset(searcher, query.a)
    if query is Q.NullQuery:
        return set()
    return set(searcher.docs_for_query(query))

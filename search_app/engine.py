"""The search engine behind the pages and the API: one object per app.

Each worker thread keeps its own Whoosh searcher (searchers are not thread-safe) and
reopens it when the indexer has switched to a new build or committed an update, so the
app follows ``python -m indexer rebuild``/``update`` without a restart.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import math
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

import numpy as np
from markupsafe import Markup
from whoosh import query as Q

from indexer import store
from indexer.aliases import default_aliases
from indexer.analysis import canonical, fold, segment
from indexer.documents import stored_persons as _persons
from indexer.errors import IndexMissing
from indexer.sections import readable, section_key
from indexer.schema import FOLDED, FOLDED_PAIRS, SYLLABLES, TEXT_FIELDS

from . import completion, query_plan, query_reading
from .arrays import ArrayCache, IndexArrays
from .errors import IndexUnavailable, SearchError
from .analysed_query import ParsedQuery
from .highlight import marks_of, snippet
from .lexicon import Lexicon
from .params import SearchParams
from .ranking import Ranker
from .caching import RESULT_CACHE_SIZE, IndexVersion, ResultCache
from .vocabulary_cache import VocabularyCache
from .tuning import FEW_RESULTS
from .settings import (EXPORT_CHUNK, EXPORT_LIMIT, PERSON_FACET_DOCS, PERSON_FACET_SIZE, REFRESH_EVERY,
                       TIME_BUDGET, TOP_PERSONS_DAYS)

log = logging.getLogger(__name__)

__all__ = ["Engine", "Hit", "IndexUnavailable", "SearchError", "SearchParams", "SearchResult"]

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
    section: str = ""

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "section": self.section or None,
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
    # Words written with a minus (``-Cần``) searched as hyphenated, not excluded: the
    # exclusion left nothing (``TP.HCM -Cần Thơ`` in a pasted headline).
    minus_ignored: list[str] = field(default_factory=list)
    # The query as searched, when it was read as Telex or VNI typing (``hooij nghij``).
    rewritten: str | None = None
    # The document numbers of the results in order, as far as they were ranked (the
    # page at least; an export asks for more).
    ranked: list[int] = field(default_factory=list, repr=False)

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
            "minus_ignored": self.minus_ignored,
            "rewritten": self.rewritten,
        }


def _parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _version_of(build: Path, generation: int) -> IndexVersion:
    toc = Path(build) / f"_MAIN_{generation}.toc"
    try:
        stamp = toc.stat().st_mtime
    except OSError:
        stamp = time.time()
    modified = dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc)
    return IndexVersion(f"{Path(build).name}-{generation}", modified)


class Engine:
    def __init__(self, index_dir: str | Path, result_cache_size: int = RESULT_CACHE_SIZE):
        self.index_dir = Path(index_dir)
        self._local = threading.local()
        self._vocab = VocabularyCache()
        # Posting lists, field lengths and columns as arrays, shared by the threads.
        self._arrays = ArrayCache()
        self._results = ResultCache(result_cache_size)
        self._completions: dict = {}  # index generation -> completion.Completions
        self._completions_lock = threading.Lock()

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
                fresh = store.open_searcher(self.index_dir)
                if searcher is not None:
                    searcher.close()
                searcher = fresh
                state.build = build
                state.ranker = None
                state.version = _version_of(build, searcher.reader().generation())
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

    def _ranker(self, searcher) -> Ranker:
        """This thread's array ranker over ``searcher`` (made when it is opened)."""
        ranker = getattr(self._local, "ranker", None)
        if ranker is None or ranker.searcher is not searcher:
            ranker = Ranker(IndexArrays(searcher, self._arrays))
            self._local.ranker = ranker
        return ranker

    def close_thread(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            try:
                searcher.close()
            except Exception:
                pass
        self._local.searcher = None
        self._local.build = None
        self._local.ranker = None

    def warm(self) -> None:
        """Open the vocabulary, load pyvi's model and read the columns every query reads,
        before the first reader waits for them."""
        try:
            searcher = self._searcher()
            reader = searcher.reader()
            self._vocab.get((str(self._local.build), reader.generation()), reader, self._open_reader)
            segment("khởi động")
            with self._reading():
                arrays = self._ranker(searcher).arrays
                for name in ("date", "month", "year", "section"):
                    arrays.column(name)
                arrays.names([])  # every article's persons, for the person facet
                for name in TEXT_FIELDS:
                    arrays.lengths(name)
                    arrays.lengths(FOLDED[name])
                    arrays.lengths(SYLLABLES[name])
        except IndexUnavailable:
            pass

    def _open_reader(self):
        return store.open_index(self.index_dir).reader()

    def version(self) -> IndexVersion:
        """The live index generation (it changes with every build and update)."""
        self._searcher()
        return self._local.version

    def search(self, params: SearchParams) -> SearchResult:
        searcher = self._searcher()
        key = (self._local.version.tag, params.key())
        result = self._results.get(key)
        if result is None:
            with self._reading():
                result = self._search(searcher, params)
            if not result.partial:  # a search cut by the time budget is not kept
                self._results.put(key, result)
        return result

    def _lexicon(self, searcher) -> Lexicon:
        reader = searcher.reader()
        vocab = self._vocab.get((str(self._local.build), reader.generation()), reader, self._open_reader)
        return Lexicon(reader, vocab, self._ranker(searcher).docset)

    def _search(self, searcher, params: SearchParams, ranked: int = 0) -> SearchResult:
        """The search, with at least ``ranked`` articles in order in ``result.ranked``."""
        reader = searcher.reader()
        lexicon = self._lexicon(searcher) if params.q.strip() else None
        parsed = query_reading.parse(params.q, lexicon)
        deadline = time.monotonic() + TIME_BUDGET
        allowed = self._allowed(searcher, params)
        if params.scope != "all" and not parsed.empty and (allowed is None or len(allowed)):
            scoped = self._ranker(searcher).docset(query_plan.scope_query(parsed, params.scope))
            allowed = scoped if allowed is None else np.intersect1d(allowed, scoped, assume_unique=True)

        def run(parsed, **how) -> SearchResult:
            return self._run(searcher, query_plan.build(reader, parsed, **how), allowed, params, parsed, deadline,
                             ranked)

        def as_meant(parsed) -> SearchResult:
            # Words as typed; an accented query that finds too little also finds its
            # accentless matches (those as typed first); then syllables anywhere.
            result = run(parsed)
            if parsed.accented and result.total < FEW_RESULTS and not parsed.long:
                wider = run(parsed, strict=False)
                if wider.total > result.total:
                    result = wider
            if result.total == 0 and not parsed.long:
                result = run(parsed, strict=False, scattered=True)
            return result

        result = as_meant(parsed)
        if result.total == 0 and parsed.minus_words:
            # A minus glued to a word read as a hyphen.
            hyphenated = query_reading.parse(params.q, lexicon, exclusions=False)
            retry = as_meant(hyphenated)
            if retry.total:
                result, parsed = retry, hyphenated
                result.minus_ignored = list(dict.fromkeys(hyphenated.minus_words))
        if result.total == 0 and len(parsed.groups) > 1:
            # Not every word needed.
            result = run(parsed, require_all=False, strict=False, scattered=True)
            result.partial = result.total > 0
        result.rewritten = parsed.rewritten
        if params.q and not parsed.rewritten:
            result.suggestion = self._suggest(searcher, params.q, parsed, lexicon)
        return result

    def _allowed(self, searcher, params: SearchParams) -> np.ndarray | None:
        """Documents the date and person filters let through, sorted (None: no filter)."""
        ranker = self._ranker(searcher)
        allowed = None
        if params.person:
            person = query_plan.person_query(params.person)
            # Also the articles that write the name (two syllables or more) where the
            # extractor did not list it: "every article that mentions a person".
            allowed = np.union1d(ranker.docset(person), ranker.docset(query_plan.mention_query(params.person)))
            if not len(allowed):
                return allowed
        if params.date_from or params.date_to:
            if params.date_from and params.date_to and params.date_from > params.date_to:
                return np.zeros(0, dtype=np.int64)
            dated = self._in_dates(ranker, params.date_from, params.date_to)
            allowed = dated if allowed is None else np.intersect1d(allowed, dated, assume_unique=True)
        if params.sections:
            filed = self._in_sections(ranker, params.sections)
            allowed = filed if allowed is None else np.intersect1d(allowed, filed, assume_unique=True)
        return allowed

    @staticmethod
    def _in_sections(ranker: Ranker, names) -> np.ndarray:
        """The live documents filed in any of the sections ``names`` (any spelling of a
        section's name or slug: ``Thể thao``, ``the-thao``, ``sport``)."""
        codes, values = ranker.arrays.column("section")
        wanted = {section_key(readable(n)) for n in names} | {section_key(n) for n in names}
        chosen = [c for c, v in enumerate(values) if c and section_key(v) in wanted]
        inside = np.isin(codes, chosen)
        if ranker.arrays.live is not None:
            inside &= ranker.arrays.live
        return np.flatnonzero(inside).astype(np.int64)

    @staticmethod
    def _in_dates(ranker: Ranker, first: dt.date | None, last: dt.date | None) -> np.ndarray:
        """The live documents dated from ``first`` to ``last`` (either may be open)."""
        codes, values = ranker.arrays.column("date")
        # Codes sort as the dates do (YYYY-MM-DD), and code 0 is "no date".
        lo = bisect.bisect_left(values, first.isoformat()) if first else 1
        hi = bisect.bisect_right(values, last.isoformat()) if last else len(values)
        inside = (codes >= max(lo, 1)) & (codes < hi)
        if ranker.arrays.live is not None:
            inside &= ranker.arrays.live
        return np.flatnonzero(inside).astype(np.int64)

    def _run(self, searcher, plan, allowed, params: SearchParams, parsed, deadline, at_least: int = 0) -> SearchResult:
        empty = SearchResult(params, 0, [], {"years": {}, "months": {}, "sections": {}, "persons": []})
        if plan.match is Q.NullQuery or (allowed is not None and not len(allowed)):
            return empty
        ranker = self._ranker(searcher)
        docs = ranker.docset(plan.match)
        if allowed is not None:
            docs = np.intersect1d(docs, allowed, assume_unique=True)
        if not len(docs):
            return empty
        start = (params.page - 1) * params.per_page
        page_end = params.page * params.per_page
        end = max(page_end, at_least)
        marks = marks_of(parsed)
        window = max(end, PERSON_FACET_DOCS)
        timed_out = False
        if params.sort == "relevance" and not parsed.empty:
            ranked, timed_out = ranker.rank(plan.scored, docs, end, window, deadline)
        else:
            ranked = [(d, None) for d in self._by_date(ranker, docs, params.sort == "oldest")[:window]]
        hits = [self._hit(searcher.stored_fields(d), score, marks) for d, score in ranked[start:page_end]]
        facets = {
            "years": _column_counts(ranker, "year", docs),
            "months": _column_counts(ranker, "month", docs),
            "sections": _section_counts(ranker, docs),
            # The persons of the best (or newest) results, not of an arbitrary sample.
            "persons": self._person_facet(searcher, [d for d, _ in ranked[:PERSON_FACET_DOCS]]),
        }
        return SearchResult(params, len(docs), hits, facets, timed_out=timed_out,
                            ranked=[d for d, _ in ranked[:end]])

    @staticmethod
    def _by_date(ranker: Ranker, docs: np.ndarray, oldest: bool) -> list[int]:
        """Newest (or oldest) first, then by document number; undated articles last."""
        codes, _ = ranker.arrays.column("date")
        keys = codes[docs].astype(np.int64)
        if oldest:
            keys = np.where(keys == 0, np.iinfo(np.int64).max, keys)  # undated last
            order = np.lexsort((docs, keys))
        else:
            order = np.lexsort((docs, -keys))  # undated (code 0) come last
        return [int(d) for d in docs[order]]

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
            section=stored.get("section") or "",
        )

    def _person_facet(self, searcher, docs: list[int]) -> list[list]:
        """The most named persons among ``docs`` (the best PERSON_FACET_DOCS results)."""
        counts: dict[str, int] = {}
        for names in self._ranker(searcher).arrays.names(docs[:PERSON_FACET_DOCS]):
            for name in names:
                counts[name] = counts.get(name, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [[name, n] for name, n in ranked[:PERSON_FACET_SIZE]]

    def _suggest(self, searcher, q: str, parsed, lexicon) -> str | None:
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
        if not parsed.accented and len(parsed.runs) == 1:
            # Typed without accents: the query's words were read so already.
            suggestion = query_reading.reading_of(parsed.plain_words())
        else:
            syllables = [fold(s) for run in parsed.runs for w in run for s in w]
            suggestion = query_reading.likeliest_reading(" ".join(syllables), lexicon)
        if not suggestion:
            return None
        typed = " ".join(canonical(q).lower().split())
        return None if suggestion == typed else suggestion

    # -- articles ----------------------------------------------------------

    def article(self, doc_id: str) -> dict | None:
        searcher = self._searcher()
        with self._reading():  # damaged stored fields (no "id") are a 503 too
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
                "section": stored.get("section") or "",
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
            query = query_plan.more_like_query(searcher, text)
            ranker = self._ranker(searcher)
            docs = ranker.docset(query)
            ranked, _ = ranker.rank(query, docs[docs != docnum], limit, limit)
            none = marks_of(ParsedQuery())
            return [self._hit(searcher.stored_fields(d), score, none) for d, score in ranked]

    def export(self, params: SearchParams, limit: int = EXPORT_LIMIT) -> tuple[int, Iterator[dict]]:
        """The articles a search finds, in its order, at most ``limit`` of them: the
        total found and the records (id, title, date, persons, url), read from the index
        a chunk at a time as they are consumed."""
        searcher = self._searcher()
        first = replace(params, page=1, per_page=1)
        with self._reading():
            result = self._search(searcher, first, ranked=limit)
        docs = result.ranked[:limit]

        def records() -> Iterator[dict]:
            for at in range(0, len(docs), EXPORT_CHUNK):
                with self._reading():
                    chunk = [searcher.stored_fields(d) for d in docs[at:at + EXPORT_CHUNK]]
                for stored in chunk:
                    yield {"id": stored["id"], "title": stored.get("title", ""),
                           "date": stored.get("date") or None, "section": stored.get("section") or None,
                           "persons": _persons(stored), "url": stored.get("url") or None}

        return result.total, records()

    def latest_date(self) -> dt.date | None:
        """The newest article date in the archive."""
        searcher = self._searcher()
        with self._reading():
            codes, values = self._ranker(searcher).arrays.column("date")
            live = self._ranker(searcher).arrays.live
            present = codes if live is None else codes[live]
            return _parse_date(values[int(present.max())]) if len(present) and present.max() > 0 else None

    def top_persons(self, days: int = TOP_PERSONS_DAYS, limit: int = PERSON_FACET_SIZE) -> list[list]:
        """The persons named in most articles of the archive's last ``days`` days (up to
        its newest article), most named first: ``[[name, articles], …]``."""
        last = self.latest_date()
        if last is None:
            return []
        searcher = self._searcher()
        with self._reading():
            ranker = self._ranker(searcher)
            docs = self._in_dates(ranker, last - dt.timedelta(days=days - 1), last)
            counts: dict[str, int] = {}
            for names in ranker.arrays.names(docs):
                for name in names:
                    counts[name] = counts.get(name, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [[name, n] for name, n in ranked[:limit]]

    def complete(self, typed: str) -> list[str]:
        """Completions of a query being typed (``completion.Completions``), from a table
        made once per index generation."""
        searcher = self._searcher()
        tag = self._local.version.tag
        with self._completions_lock:  # made once: a second request waits for the first
            table = self._completions.get(tag)
            if table is None:
                with self._reading():
                    table = completion.from_reader(searcher.reader(), default_aliases())
                self._completions = {tag: table}
        reader = searcher.reader()

        def together(a: str, b: str) -> int:
            try:
                return reader.doc_frequency(FOLDED_PAIRS, f"{a}_{b}")
            except (KeyError, ValueError):
                return 0

        with self._reading():
            return table.complete(typed, together=together)

    def person_page(self, name: str, page: int = 1) -> SearchResult:
        params = SearchParams.from_args({"person": name, "sort": "newest", "page": str(page)})
        return self.search(params)


def _section_counts(ranker: Ranker, docs: np.ndarray) -> dict:
    """How many of ``docs`` each section holds, most first."""
    codes, values = ranker.arrays.column("section")
    counts = np.bincount(codes[docs], minlength=len(values))
    order = sorted((c for c in range(1, len(values)) if counts[c]), key=lambda c: (-counts[c], values[c]))
    return {values[c]: int(counts[c]) for c in order}


def _column_counts(ranker: Ranker, fieldname: str, docs: np.ndarray) -> dict:
    """How many of ``docs`` have each value of a sortable field, newest first."""
    codes, values = ranker.arrays.column(fieldname)
    counts = np.bincount(codes[docs], minlength=len(values))
    return {values[c]: int(counts[c]) for c in range(len(values) - 1, 0, -1) if counts[c]}

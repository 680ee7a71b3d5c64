"""The embedded backend: the Whoosh index in a folder, ranked by our array ranker.

Each worker thread keeps its own Whoosh searcher (searchers are not thread-safe) and
reopens it when the indexer has switched to a new build or committed an update, so the
app follows ``python -m indexer rebuild``/``update`` without a restart.  Queries are
``query_plan.build``'s Whoosh queries, matched and ranked from whole posting lists
(``ranking.Ranker`` over ``arrays.IndexArrays``, their caches shared by the threads).
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import threading
import time
import weakref
from pathlib import Path

import numpy as np
from whoosh import query as Q

from indexer import posting_arrays, store
from indexer.aliases import default_aliases
from indexer.documents import stored_persons
from indexer.errors import IndexCorrupt, IndexMissing
from indexer.schema import FOLDED_PAIRS

from . import completion, docsets, query_plan
from .analysed_query import ParsedQuery
from .arrays import ArrayCache, IndexArrays
from .backend import Matches, Record, failures_answered, sections_named
from .caching import IndexVersion
from .errors import IndexUnavailable
from .lexicon import Lexicon
from .ranking import Ranker
from .settings import PERSON_FACET_DOCS, PRETOUCH_SHARE, REFRESH_EVERY, REWARM_TERMS
from .vocabulary_cache import VocabularyCache

log = logging.getLogger(__name__)

INDEX_MISSING = "Chưa có chỉ mục tìm kiếm: quản trị viên cần chạy `python -m indexer rebuild`."
INDEX_UNREADABLE = ("Không đọc được chỉ mục tìm kiếm: chỉ mục bị hỏng hoặc đang được thay; "
                    "hãy thử lại sau ít phút.")


def _version_of(build: Path, generation: int) -> IndexVersion:
    toc = Path(build) / f"_MAIN_{generation}.toc"
    try:
        stamp = toc.stat().st_mtime
    except OSError:
        stamp = time.time()
    modified = dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc)
    return IndexVersion(f"{Path(build).name}-{generation}", modified)


def _record(stored: dict, text: bool = True) -> Record:
    record = {"id": stored["id"], "title": stored.get("title", ""), "date": stored.get("date") or None,
              "url": stored.get("url") or "", "section": stored.get("section") or "",
              "persons": stored_persons(stored)}
    if text:
        record.update(lead=stored.get("lead") or "", body=stored.get("body", ""))
    return record


class WhooshBackend:
    def __init__(self, index_dir: str | Path, cache_bytes: int | None = None):
        self.index_dir = Path(index_dir)
        self._local = threading.local()
        self._vocab = VocabularyCache()
        # Posting lists, field lengths and columns as arrays, shared by the threads.
        self._arrays = ArrayCache() if cache_bytes is None else ArrayCache(cache_bytes)
        self._watcher: threading.Thread | None = None  # warms each new version (``warm``)
        self._watch_lock = threading.Lock()

    def snapshot(self) -> "WhooshSnapshot":
        searcher = self._searcher()
        return WhooshSnapshot(self, searcher, self._local.build, self._local.version)

    def _searcher(self):
        state = self._local
        now = time.monotonic()
        searcher = getattr(state, "searcher", None)
        if searcher is not None and now - state.checked < REFRESH_EVERY:
            return searcher
        with self.reading():
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

    def reading(self):
        """Turn any failure to read the index into IndexUnavailable (HTTP 503).

        Whoosh raises many kinds of exception on damaged files (struct, zlib, EOF,
        plain Exception("Block tag error")...).  The details go to the log, not to the
        public, and this thread's searcher is dropped so the next request reopens.
        """
        return failures_answered(INDEX_MISSING, INDEX_UNREADABLE, self.close_thread,
                                 lambda exc: log.exception("cannot read the index in %s", self.index_dir))

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
        """Open the vocabulary and read what every query reads (columns, every article's
        persons, field lengths and norms); then do so again for each new build or update,
        in a background thread, before a request needs it."""
        warmed = self._warm_view()
        with self._watch_lock:
            if self._watcher is None:
                self._watcher = threading.Thread(target=_watch, args=(weakref.ref(self), warmed),
                                                 name="search-index-warmer", daemon=True)
                self._watcher.start()

    def pretouch_bytes(self) -> int:
        """``PRETOUCH_SHARE`` of the live build's posting arrays (the points of posting
        lists the cache keeps are twice their size), at most the array cache's budget."""
        try:
            build = store.live_build(self.index_dir)
            size = sum(p.stat().st_size for p in build.glob(f"*.{posting_arrays.EXTENSION}"))
        except (IndexMissing, IndexCorrupt, OSError):
            return 0
        return min(int(size * PRETOUCH_SHARE), self._arrays.max_bytes)

    def _warm_view(self, rewarm: bool = False) -> str | None:
        """Warm the live index version; its tag (None: no index to read).  ``rewarm``:
        also the points of the terms recently ranked on the version before."""
        try:
            snap = self.snapshot()
            snap.vocabulary()
            with self.reading():
                arrays = snap.ranker.arrays
                for name in ("date", "month", "year", "section"):
                    arrays.column(name)
                arrays.names([])  # every article's persons, for the person facet
                snap.ranker.warm()  # every scored field's lengths and norms
                if rewarm:
                    snap.ranker.rewarm(REWARM_TERMS)
            return snap.version.tag
        except IndexUnavailable:
            return None

    def _open_reader(self):
        return store.open_index(self.index_dir).reader()


def _watch(backend_ref, warmed: str | None) -> None:
    """The warm-up thread of a backend (as long as it lives): every ``REFRESH_EVERY``
    seconds, if a build or an update has made a new version live, read what every query
    reads for it (``_warm_view``) into the caches the request threads share, so that
    the first query after an update finds it ready (and the points of the terms ranked
    last, computed again for the new version).  ``warmed``: the version warmed already."""
    while True:
        time.sleep(REFRESH_EVERY)
        backend = backend_ref()
        if backend is None:
            return
        try:
            tag = backend.snapshot().version.tag
            if tag != warmed:
                warmed = backend._warm_view(rewarm=True)
        except Exception:  # an index being replaced, a damaged one: requests report it
            log.debug("warming the new index version failed", exc_info=True)
        del backend


class WhooshSnapshot:
    """One thread's searcher and ranker, for one request."""

    def __init__(self, backend: WhooshBackend, searcher, build, version: IndexVersion):
        self.backend = backend
        self.searcher = searcher
        self.build = build
        self.version = version

    @property
    def ranker(self) -> Ranker:
        """This thread's array ranker over the searcher (made when first asked)."""
        return self.backend._ranker(self.searcher)

    def vocabulary(self):
        reader = self.searcher.reader()
        return self.backend._vocab.get((str(self.build), reader.generation()), reader, self.backend._open_reader)

    def lexicon(self) -> Lexicon:
        return Lexicon(self.searcher.reader(), self.vocabulary(), self.ranker.docset)

    # -- matching ----------------------------------------------------------

    def filters(self, params, parsed: ParsedQuery) -> np.ndarray | None:
        """Documents the person, date, section and scope filters let through, sorted
        (None: no filter)."""
        ranker = self.ranker
        allowed = None
        if params.person:
            person = query_plan.person_query(params.person)
            # Also the articles that write the name (two syllables or more) where the
            # extractor did not list it: "every article that mentions a person".
            allowed = docsets.union([ranker.docset(person), ranker.docset(query_plan.mention_query(params.person))],
                                     ranker.arrays.doc_count)
            if not len(allowed):
                return allowed
        if params.date_from or params.date_to:
            if params.date_from and params.date_to and params.date_from > params.date_to:
                return np.zeros(0, dtype=np.int64)
            dated = self._in_dates(params.date_from, params.date_to)
            allowed = dated if allowed is None else docsets.intersect(allowed, dated)
        if params.sections:
            filed = self._in_sections(params.sections)
            allowed = filed if allowed is None else docsets.intersect(allowed, filed)
        if params.scope != "all" and not parsed.empty and (allowed is None or len(allowed)):
            scoped = ranker.docset(query_plan.scope_query(parsed, params.scope))
            allowed = scoped if allowed is None else docsets.intersect(allowed, scoped)
        return allowed

    def _in_sections(self, names) -> np.ndarray:
        """The live documents filed in any of the sections ``names`` (any spelling of a
        section's name or slug: ``Thể thao``, ``the-thao``, ``sport``)."""
        arrays = self.ranker.arrays
        codes, values = arrays.column("section")
        named = set(sections_named(values[1:], names))  # code 0: no section
        inside = np.isin(codes, [c for c, v in enumerate(values) if c and v in named])
        if arrays.live is not None:
            inside &= arrays.live
        return np.flatnonzero(inside).astype(np.int64)

    def _in_dates(self, first: dt.date | None, last: dt.date | None) -> np.ndarray:
        """The live documents dated from ``first`` to ``last`` (either may be open)."""
        arrays = self.ranker.arrays
        codes, values = arrays.column("date")
        # Codes sort as the dates do (YYYY-MM-DD), and code 0 is "no date".
        lo = bisect.bisect_left(values, first.isoformat()) if first else 1
        hi = bisect.bisect_right(values, last.isoformat()) if last else len(values)
        inside = (codes >= max(lo, 1)) & (codes < hi)
        if arrays.live is not None:
            inside &= arrays.live
        return np.flatnonzero(inside).astype(np.int64)

    def match(self, parsed: ParsedQuery, allowed, order: str, exact: int, deadline: float, *,
              require_all: bool = True, strict: bool = True, scattered: bool = False) -> Matches:
        plan = query_plan.build(self.searcher.reader(), parsed, require_all=require_all, strict=strict,
                                scattered=scattered)
        if plan.match is Q.NullQuery or (allowed is not None and not len(allowed)):
            return Matches()
        ranker = self.ranker
        docs = ranker.docset(plan.match)
        if allowed is not None:
            docs = docsets.intersect(docs, allowed)
        if not len(docs):
            return Matches()
        window = max(exact, PERSON_FACET_DOCS)
        timed_out = False
        if order == "relevance":
            ranked, timed_out = ranker.rank(plan.scored, docs, exact, window, deadline)
        else:
            ranked = [(d, None) for d in self._by_date(docs, order == "oldest")[:window]]
        return Matches(
            total=len(docs), ranked=ranked, timed_out=timed_out,
            # The persons of the best (or newest) results, not of an arbitrary sample.
            names=ranker.arrays.names([d for d, _ in ranked[:PERSON_FACET_DOCS]]),
            years=self._counts("year", docs), months=self._counts("month", docs),
            sections=self._counts("section", docs))

    def _by_date(self, docs: np.ndarray, oldest: bool) -> list[int]:
        """Newest (or oldest) first, then by document number; undated articles last."""
        codes, _ = self.ranker.arrays.column("date")
        keys = codes[docs].astype(np.int64)
        if oldest:
            keys = np.where(keys == 0, np.iinfo(np.int64).max, keys)  # undated last
            order = np.lexsort((docs, keys))
        else:
            order = np.lexsort((docs, -keys))  # undated (code 0) come last
        return [int(d) for d in docs[order]]

    def _counts(self, fieldname: str, docs: np.ndarray) -> dict[str, int]:
        """How many of ``docs`` have each value of a sortable field."""
        codes, values = self.ranker.arrays.column(fieldname)
        counts = np.bincount(codes[docs], minlength=len(values))
        return {values[c]: int(counts[c]) for c in np.flatnonzero(counts) if c}

    # -- articles ----------------------------------------------------------

    def records(self, docs: list, text: bool = True) -> list[Record]:
        return [_record(self.searcher.stored_fields(d), text) for d in docs]

    def article(self, doc_id: str) -> Record | None:
        stored = self.searcher.document(id=doc_id)
        return None if stored is None else _record(stored)

    def related(self, doc_id: str, limit: int) -> list[tuple[Record, float]]:
        """More like this: articles sharing the article's most telling words."""
        docnum = self.searcher.document_number(id=doc_id)
        if docnum is None:
            return []
        stored = self.searcher.stored_fields(docnum)
        text = " ".join([stored.get("title", "")] * 2 + [stored.get("lead", ""), stored.get("body", "")[:4000]])
        query = query_plan.more_like_query(self.searcher, text)
        docs = self.ranker.docset(query)
        ranked, _ = self.ranker.rank(query, docs[docs != docnum], limit, limit)
        return [(_record(self.searcher.stored_fields(d)), score) for d, score in ranked]

    def latest_date(self) -> dt.date | None:
        arrays = self.ranker.arrays
        codes, values = arrays.column("date")
        present = codes if arrays.live is None else codes[arrays.live]
        if not len(present) or present.max() <= 0:
            return None
        try:
            return dt.date.fromisoformat(values[int(present.max())])
        except ValueError:
            return None

    def person_counts(self, first: dt.date, last: dt.date, limit: int) -> dict[str, int]:
        """How many articles dated from ``first`` to ``last`` name each person."""
        counts: dict[str, int] = {}
        for names in self.ranker.arrays.names(self._in_dates(first, last)):
            for name in names:
                counts[name] = counts.get(name, 0) + 1
        return counts

    def completions(self) -> completion.Completions:
        return completion.from_reader(self.searcher.reader(), default_aliases())

    def together(self, a: str, b: str) -> int:
        """Articles that write the folded syllables ``a`` and ``b`` side by side."""
        try:
            return self.searcher.reader().doc_frequency(FOLDED_PAIRS, f"{a}_{b}")
        except (KeyError, ValueError):
            return 0

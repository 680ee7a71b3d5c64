"""The search service behind the pages and the API: one object per app, over one
backend (``backend.py``: the embedded Whoosh index by default, or OpenSearch).

Everything that does not depend on the index lives here once: reading the query (with
the backend's lexicon), the fallbacks (as typed, then accents forgiven when few, then
syllables anywhere, a minus read as a hyphen, not every word), "did you mean", paging,
the hits with our snippets, the facets' order and the person facet, exports, the person
page, completions and the results kept per index version.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from markupsafe import Markup

from indexer.analysis import canonical, fold, segment

from . import query_reading
from .analysed_query import ParsedQuery
from .backend import Backend, Matches, Record, open_backend
from .caching import RESULT_CACHE_SIZE, IndexVersion, ResultCache
from .errors import IndexUnavailable, SearchError
from .highlight import marks_of, snippet
from .params import SearchParams
from .settings import EXPORT_CHUNK, EXPORT_LIMIT, PERSON_FACET_DOCS, PERSON_FACET_SIZE, TIME_BUDGET, TOP_PERSONS_DAYS
from .tuning import FEW_RESULTS

__all__ = ["Engine", "Hit", "IndexUnavailable", "SearchError", "SearchParams", "SearchResult"]


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
    # The results in order (the backend's handles: Whoosh document numbers, OpenSearch
    # ids), as far as they were ranked (the page at least; an export asks for more).
    ranked: list = field(default_factory=list, repr=False)

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


def most_named(counts: dict[str, int], limit: int = PERSON_FACET_SIZE) -> list[list]:
    """``[[name, articles], …]``, most named first (then by name)."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [[name, n] for name, n in ranked[:limit]]


def facets_of(found: Matches) -> dict:
    """The facets of a search: years and months newest first, sections most first, and
    the persons most named among the best ``PERSON_FACET_DOCS`` results."""
    persons: dict[str, int] = {}
    for names in found.names[:PERSON_FACET_DOCS]:
        for name in names:
            persons[name] = persons.get(name, 0) + 1
    return {
        "years": dict(sorted(found.years.items(), reverse=True)),
        "months": dict(sorted(found.months.items(), reverse=True)),
        "sections": dict(sorted(found.sections.items(), key=lambda kv: (-kv[1], kv[0]))),
        "persons": most_named(persons),
    }


class Engine:
    """The search service over ``source``: a backend (``backend.open_backend``), or the
    folder of an embedded Whoosh index."""

    def __init__(self, source: Backend | str | Path, result_cache_size: int = RESULT_CACHE_SIZE):
        self.backend = open_backend("whoosh", index_dir=source) if isinstance(source, (str, Path)) else source
        self._results = ResultCache(result_cache_size)
        self._completions: dict = {}  # index version tag -> completion.Completions
        self._completions_lock = threading.Lock()

    def warm(self) -> None:
        """Load pyvi's model and what the backend reads for every query, before the
        first reader waits for them."""
        segment("khởi động")
        self.backend.warm()

    def version(self) -> IndexVersion:
        """The live index version (it changes with every build and update)."""
        return self.backend.snapshot().version

    def search(self, params: SearchParams) -> SearchResult:
        snap = self.backend.snapshot()
        key = (snap.version.tag, params.key())
        result = self._results.get(key)
        if result is None:
            with self.backend.reading():
                result = self._search(snap, params)
            if not result.partial:  # a search cut by the time budget is not kept
                self._results.put(key, result)
        return result

    def _search(self, snap, params: SearchParams, ranked: int = 0) -> SearchResult:
        """The search, with at least ``ranked`` articles in order in ``result.ranked``."""
        lexicon = snap.lexicon() if params.q.strip() else None
        parsed = query_reading.parse(params.q, lexicon)
        deadline = time.monotonic() + TIME_BUDGET
        filters = snap.filters(params, parsed)

        def run(parsed, **how) -> SearchResult:
            return self._run(snap, parsed, filters, params, deadline, ranked, **how)

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
            result.suggestion = self._suggest(params.q, parsed, lexicon)
        return result

    def _run(self, snap, parsed: ParsedQuery, filters, params: SearchParams, deadline: float, at_least: int = 0,
             **how) -> SearchResult:
        start = (params.page - 1) * params.per_page
        page_end = params.page * params.per_page
        end = max(page_end, at_least)
        order = params.sort if params.sort != "relevance" or not parsed.empty else "newest"
        found = snap.match(parsed, filters, order, end, deadline, **how)
        if not found.total:
            return SearchResult(params, 0, [], {"years": {}, "months": {}, "sections": {}, "persons": []})
        marks = marks_of(parsed)
        page = found.ranked[start:page_end]
        hits = [self._hit(record, score, marks)
                for record, (_, score) in zip(snap.records([d for d, _ in page]), page)]
        return SearchResult(params, found.total, hits, facets_of(found), timed_out=found.timed_out,
                            ranked=[d for d, _ in found.ranked[:end]])

    @staticmethod
    def _hit(record: Record, score, marks) -> Hit:
        lead = record.get("lead") or ""
        return Hit(
            id=record["id"],
            title=record.get("title", ""),
            date=_parse_date(record.get("date")),
            persons=list(record.get("persons") or []),
            snippet=snippet([lead, record.get("body", "")], marks),
            score=float(score) if score is not None else None,
            url=record.get("url") or "",
            lead=lead,
            section=record.get("section") or "",
        )

    @staticmethod
    def _suggest(q: str, parsed: ParsedQuery, lexicon) -> str | None:
        """A better-accented query, for queries typed without accents or with words the
        index does not know; None when the query is fine as typed."""
        units = parsed.positive_units() + parsed.excluded
        if not units or any(u.kind != "word" or u.negate for u in units) \
                or any(len(g) > 1 for g in parsed.groups):
            return None
        if parsed.accented and all(lexicon.knows(word) for u in units for word in u.exact):
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
        snap = self.backend.snapshot()
        with self.backend.reading():  # damaged stored fields (no "id") are a 503 too
            record = snap.article(doc_id)
        if record is None:
            return None
        return {
            "id": record["id"],
            "title": record.get("title", ""),
            "date": _parse_date(record.get("date")),
            "persons": list(record.get("persons") or []),
            "lead": record.get("lead", ""),
            "body": record.get("body", ""),
            "url": record.get("url") or "",
            "section": record.get("section") or "",
        }

    def related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """More like this: articles sharing the article's most telling words."""
        snap = self.backend.snapshot()
        with self.backend.reading():
            related = snap.related(doc_id, limit)
        none = marks_of(ParsedQuery())
        return [self._hit(record, score, none) for record, score in related]

    def export(self, params: SearchParams, limit: int = EXPORT_LIMIT) -> tuple[int, Iterator[dict]]:
        """The articles a search finds, in its order, at most ``limit`` of them: the
        total found and the records (id, title, date, persons, url), read from the index
        a chunk at a time as they are consumed."""
        snap = self.backend.snapshot()
        first = replace(params, page=1, per_page=1)
        with self.backend.reading():
            result = self._search(snap, first, ranked=limit)
        docs = result.ranked[:limit]

        def records() -> Iterator[dict]:
            for at in range(0, len(docs), EXPORT_CHUNK):
                with self.backend.reading():
                    chunk = snap.records(docs[at:at + EXPORT_CHUNK], text=False)
                for record in chunk:
                    yield {"id": record["id"], "title": record.get("title", ""),
                           "date": record.get("date") or None, "section": record.get("section") or None,
                           "persons": list(record.get("persons") or []), "url": record.get("url") or None}

        return result.total, records()

    def latest_date(self) -> dt.date | None:
        """The newest article date in the archive."""
        snap = self.backend.snapshot()
        with self.backend.reading():
            return snap.latest_date()

    def top_persons(self, days: int = TOP_PERSONS_DAYS, limit: int = PERSON_FACET_SIZE) -> list[list]:
        """The persons named in most articles of the archive's last ``days`` days (up to
        its newest article), most named first: ``[[name, articles], …]``."""
        snap = self.backend.snapshot()
        with self.backend.reading():
            last = snap.latest_date()
            if last is None:
                return []
            counts = snap.person_counts(last - dt.timedelta(days=days - 1), last, limit)
        return most_named(counts, limit)

    def complete(self, typed: str) -> list[str]:
        """Completions of a query being typed (``completion.Completions``), from a table
        made once per index version."""
        snap = self.backend.snapshot()
        tag = snap.version.tag
        with self._completions_lock:  # made once: a second request waits for the first
            table = self._completions.get(tag)
            if table is None:
                with self.backend.reading():
                    table = snap.completions()
                self._completions = {tag: table}
        with self.backend.reading():
            return table.complete(typed, together=snap.together)

    def person_page(self, name: str, page: int = 1) -> SearchResult:
        params = SearchParams.from_args({"person": name, "sort": "newest", "page": str(page)})
        return self.search(params)

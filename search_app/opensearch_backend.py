"""The OpenSearch backend: the index behind an alias on a cluster (built by
``python -m indexer rebuild --backend opensearch``), searched with the Query DSL
compiled from the same query plan as the Whoosh index (``opensearch_query``).

Each request reads one concrete index: the alias is resolved (with the index's
``_meta``, which says when it was built and last updated: the version that keys the
caches and the ETags) at most once a second per process, so a rebuild that switches
the alias is followed within a second and never mixed into a request.  The cluster's
failures (refused or timed-out connections, unavailable or failed shards, 5xx) answer
503 with a message in Vietnamese, never 500; a missing alias is "no index yet".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time

import opensearchpy
from opensearchpy import OpenSearch
from whoosh import query as Q

from indexer.aliases import default_aliases
from indexer.errors import IndexMissing
from indexer.opensearch.cluster import display_url, error_reason, node_urls
from indexer.opensearch.indices import DEFAULT_ALIAS, META
from indexer.schema import FOLDED_PAIRS

from . import completion, query_plan
from . import opensearch_query as dsl
from .analysed_query import ParsedQuery
from .backend import Matches, Record, failures_answered, sections_named
from .caching import IndexVersion
from .errors import IndexUnavailable, SearchError
from .opensearch_lexicon import IndexCounts, IndexWords, OpenSearchLexicon, WordsCache
from .settings import (DEFAULT_THREADS, FACET_VALUES, MAX_RESULT_WINDOW, OPENSEARCH_RETRIES, OPENSEARCH_RETRY_PAUSE,
                       OPENSEARCH_TIMEOUT, PERSON_FACET_DOCS, REFRESH_EVERY)
from .tuning import RELATED_TERMS

log = logging.getLogger(__name__)

INDEX_MISSING = ("Chưa có chỉ mục tìm kiếm trên OpenSearch: quản trị viên cần chạy "
                 "`python -m indexer rebuild --backend opensearch`.")
CLUSTER_UNAVAILABLE = ("Không đọc được chỉ mục tìm kiếm: cụm OpenSearch không trả lời hoặc chưa sẵn sàng; "
                       "hãy thử lại sau ít phút.")
TOO_COMPLEX = "Câu tìm quá phức tạp: hãy bớt từ hoặc bớt OR, dấu * và dấu ~."
_TOO_MANY_CLAUSES = ("too_many_clauses", "too_many_nested_clauses")
_RECORD_FIELDS = ["id", "title", "date", "url", "section", "persons"]


class _ShardsFailed(Exception):
    """Some of the index's shards did not answer: the results would be incomplete."""


def _transient(exc: Exception) -> bool:
    """A failure a second try may not meet: a node that dropped the connection, shards
    that failed, a 5xx (a node leaving the cluster mid-search); not a timeout (the
    reader has waited long enough) nor a refusal of the query."""
    if isinstance(exc, opensearchpy.ConnectionTimeout):
        return False
    if isinstance(exc, (_ShardsFailed, opensearchpy.ConnectionError)):
        return True
    return isinstance(exc, opensearchpy.TransportError) and isinstance(exc.status_code, int) \
        and exc.status_code >= 500


def _once_more(ask):
    """``ask()``, asked again after a short pause when it fails in a way that a node's
    failure explains (searches are reads: asking twice changes nothing)."""
    for attempt in range(OPENSEARCH_RETRIES + 1):
        try:
            return ask()
        except Exception as exc:  # noqa: BLE001 - sorted by _transient, else raised as it is
            if attempt == OPENSEARCH_RETRIES or not _transient(exc):
                raise
            reason = error_reason(exc) if isinstance(exc, opensearchpy.TransportError) else str(exc)
            log.warning("OpenSearch failed (%s); asking once more", reason)
            time.sleep(OPENSEARCH_RETRY_PAUSE)


def _record(source: dict, doc_id: str, text: bool = True) -> Record:
    record = {"id": source.get("id") or doc_id, "title": source.get("title") or "", "date": source.get("date"),
              "url": source.get("url") or "", "section": source.get("section") or "",
              "persons": list(source.get("persons") or [])}
    if text:
        record.update(lead=source.get("lead") or "", body=source.get("body") or "")
    return record


class OpenSearchBackend:
    def __init__(self, url: str | None, alias: str | None = None):
        if not url:
            raise ValueError("the opensearch backend needs OPENSEARCH_URL")
        self.url = url
        self.alias = alias or DEFAULT_ALIAS
        self.client = OpenSearch(hosts=node_urls(url), timeout=OPENSEARCH_TIMEOUT, max_retries=1,
                                 retry_on_timeout=False, pool_maxsize=DEFAULT_THREADS)
        self._lock = threading.Lock()
        self._live: tuple[str, IndexVersion, float] | None = None
        self._first_seen: dict[str, dt.datetime] = {}
        self._words = WordsCache()
        self._counts: tuple[str | None, dict] = (None, {})

    def snapshot(self) -> "OpenSearchSnapshot":
        with self.reading():
            index, version = self.live_index()
        return OpenSearchSnapshot(self, index, version)

    def forget_live(self) -> None:
        """Look at the alias again on the next request."""
        self._live = None

    def live_index(self) -> tuple[str, IndexVersion]:
        """The concrete index behind the alias and its version, asked at most once a
        second: the alias and the ``_meta`` the indexer wrote, in one request."""
        now = time.monotonic()
        live = self._live
        if live is not None and now - live[2] < REFRESH_EVERY:
            return live[0], live[1]
        try:
            mappings = self.client.indices.get_mapping(index=self.alias)
        except opensearchpy.NotFoundError:
            raise IndexMissing(f"no index behind the alias {self.alias}") from None
        if len(mappings) != 1:
            raise IndexUnavailable(CLUSTER_UNAVAILABLE)  # an alias over several indices: mid-repair
        index, info = next(iter(mappings.items()))
        meta = ((info.get("mappings") or {}).get("_meta") or {}).get(META) or {}
        # Every build and update rewrites the _meta (its stamp, the run's summary).
        tag = f"{index}@{hashlib.blake2b(json.dumps(meta, sort_keys=True).encode(), digest_size=6).hexdigest()}"
        version = IndexVersion(tag, self._modified(tag, meta.get("updated_at") or meta.get("built_at")))
        self._live = (index, version, now)
        return index, version

    def _modified(self, tag: str, stamp: str | None) -> dt.datetime:
        """When the version was written (the indexer's stamp; else when first seen)."""
        try:
            modified = dt.datetime.fromisoformat(stamp) if stamp else None
        except ValueError:
            modified = None
        if modified is None:
            modified = self._first_seen.setdefault(tag, dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
        return modified if modified.tzinfo else modified.replace(tzinfo=dt.timezone.utc)

    def reading(self):
        """Turn any failure of the cluster into IndexUnavailable (HTTP 503); the details
        go to the log, and the alias is looked at again by the next request."""
        return failures_answered(INDEX_MISSING, CLUSTER_UNAVAILABLE, self.forget_live, self._explain)

    def _explain(self, exc: Exception) -> None:
        if not isinstance(exc, opensearchpy.TransportError):
            log.exception("cannot search the index %s on OpenSearch at %s", self.alias, display_url(self.url))
            return
        if exc.status_code == 400 and any(mark in json.dumps(exc.info, default=str) for mark in _TOO_MANY_CLAUSES):
            raise SearchError(TOO_COMPLEX) from None  # more clauses than the cluster allows
        log.error("OpenSearch at %s failed: %s", display_url(self.url), error_reason(exc))

    def words(self, index: str, tag: str) -> IndexWords:
        return self._words.get(tag, lambda: IndexWords.read(self.client, index))

    def kept_counts(self, tag: str) -> dict:
        """The counts of version ``tag`` asked so far (forgotten when it changes)."""
        with self._lock:
            if self._counts[0] != tag:
                self._counts = (tag, {})
            return self._counts[1]

    def warm(self) -> None:
        """Resolve the alias and scan the index's words before the first query."""
        try:
            snap = self.snapshot()
            with self.reading():
                snap.words()
        except IndexUnavailable:
            pass

    def pretouch_bytes(self) -> int:
        """Nothing: the cluster holds the postings, this process only small counts."""
        return 0


class OpenSearchSnapshot:
    """One concrete index, for one request."""

    def __init__(self, backend: OpenSearchBackend, index: str, version: IndexVersion):
        self.backend = backend
        self.client = backend.client
        self.index = index
        self.version = version
        self._counts: IndexCounts | None = None

    def _asking(self, ask):
        """``ask(index)`` of this request's index; when a rebuild has just moved the
        alias and deleted that index, of the index the alias names now."""
        try:
            return ask(self.index)
        except opensearchpy.NotFoundError as exc:
            if "index_not_found_exception" not in json.dumps(exc.info, default=str):
                raise
            self.backend.forget_live()
            index, _ = self.backend.live_index()
            if index == self.index:
                raise
            self.index = index
            return ask(index)

    def search(self, body: dict) -> dict:
        """A search of the index; its failed shards are a failure (IndexUnavailable)."""
        def ask(index):
            found = self.client.search(index=index, body=body)
            shards = found.get("_shards") or {}
            if shards.get("failed"):
                reasons = [f.get("reason") for f in shards.get("failures") or []][:3]
                raise _ShardsFailed(f"{shards['failed']} of {shards.get('total')} shards of {index} failed: {reasons}")
            return found

        return _once_more(lambda: self._asking(ask))

    def words(self) -> IndexWords:
        return self.backend.words(self.index, self.version.tag)

    def counts(self) -> IndexCounts:
        if self._counts is None:
            self._counts = IndexCounts(self.search, self.words(), self.backend.kept_counts(self.version.tag))
        return self._counts

    def lexicon(self) -> OpenSearchLexicon:
        return OpenSearchLexicon(self.counts())

    # -- matching ----------------------------------------------------------

    def filters(self, params, parsed: ParsedQuery) -> list[dict]:
        """The filter clauses of the person, date, section and scope filters."""
        idf = self.counts().idf
        clauses = []
        if params.person:
            # Also the articles that write the name (two syllables or more) where the
            # extractor did not list it: "every article that mentions a person".
            clauses.append(dsl.any_of([query_plan.person_query(params.person),
                                       query_plan.mention_query(params.person)], idf))
        if params.date_from or params.date_to:
            if params.date_from and params.date_to and params.date_from > params.date_to:
                return [dsl.NOTHING]
            clauses.append(dsl.in_dates(params.date_from, params.date_to))
        if params.sections:
            clauses.append(dsl.in_sections(sections_named(self.words().sections, params.sections)))
        if params.scope != "all" and not parsed.empty:
            scope = query_plan.scope_query(parsed, params.scope)
            if not isinstance(scope, Q.Every):
                clauses.append(dsl.compile_query(scope, idf))
        return clauses

    def match(self, parsed: ParsedQuery, filters: list[dict], order: str, exact: int, deadline: float, *,
              require_all: bool = True, strict: bool = True, scattered: bool = False) -> Matches:
        counts = self.counts()
        # What the plan asks (to order the words, to choose a long query's telling
        # ones), in one request.
        counts.prefetch([pair for group in parsed.groups for unit in group if unit.kind in ("word", "phrase")
                         for pair in query_plan.frequency_terms(unit)])
        plan = query_plan.build(counts, parsed, require_all=require_all, strict=strict, scattered=scattered)
        if plan.match is Q.NullQuery or dsl.NOTHING in filters:
            return Matches()
        if order == "relevance":
            counts.prefetch(dsl.starts_with_terms(plan.scored))
            query = {"bool": {"must": [dsl.compile_query(plan.scored, counts.idf)], "filter": filters}}
        else:
            query = {"bool": {"filter": [dsl.compile_query(plan.match, counts.idf), *filters]}}
        # No time budget here: a search cut short by the cluster would count fewer
        # matches and send the fallbacks astray (Whoosh's budget only shortens the exact
        # ranking of phrases).  A cluster that does not answer in OPENSEARCH_TIMEOUT is a 503.
        window = min(max(exact, PERSON_FACET_DOCS), MAX_RESULT_WINDOW)
        found = self.search({"query": query, "size": window, "_source": ["persons"], "track_total_hits": True,
                             "sort": dsl.order_by(order), "aggs": dsl.facet_aggregations(FACET_VALUES)})
        total = found["hits"]["total"]["value"]
        if not total:
            return Matches()
        hits = found["hits"]["hits"]
        aggs = found["aggregations"]
        return Matches(
            total=total, timed_out=bool(found.get("timed_out")),
            ranked=[(h["_id"], h.get("_score") if order == "relevance" else None) for h in hits],
            names=[(h.get("_source") or {}).get("persons") or [] for h in hits[:PERSON_FACET_DOCS]],
            **{name: {b["key"]: b["doc_count"] for b in aggs[name]["buckets"]} for name in ("years", "months",
                                                                                          "sections")})

    # -- articles ----------------------------------------------------------

    def _found(self, docs: list, text: bool) -> list[Record | None]:
        if not docs:
            return []
        fields = _RECORD_FIELDS + (["lead", "body"] if text else [])
        answer = self._asking(lambda index: self.client.mget(index=index, body={"ids": list(docs)},
                                                             params={"_source_includes": ",".join(fields)}))
        return [_record(d.get("_source") or {}, d["_id"], text) if d.get("found") else None
                for d in answer["docs"]]

    def records(self, docs: list, text: bool = True) -> list[Record]:
        # An article deleted since the search (an update meanwhile) keeps its place.
        return [record or _record({}, doc_id, text) for doc_id, record in zip(docs, self._found(docs, text))]

    def article(self, doc_id: str) -> Record | None:
        return self._found([doc_id], True)[0]

    def related(self, doc_id: str, limit: int) -> list[tuple[Record, float]]:
        """More like this: articles sharing the article's most telling words."""
        found = self.search({"query": dsl.more_like(doc_id, RELATED_TERMS), "size": limit,
                             "_source": _RECORD_FIELDS + ["lead", "body"]})
        return [(_record(h.get("_source") or {}, h["_id"]), h.get("_score")) for h in found["hits"]["hits"]]

    def latest_date(self) -> dt.date | None:
        found = self.search({"size": 0, "track_total_hits": False,
                             "aggs": {"last": {"max": {"field": "date", "format": "yyyy-MM-dd"}}}})
        last = found["aggregations"]["last"].get("value_as_string")
        try:
            return dt.date.fromisoformat(last) if last else None
        except ValueError:
            return None

    def person_counts(self, first: dt.date, last: dt.date, limit: int) -> dict[str, int]:
        """How many articles dated from ``first`` to ``last`` name each of the persons
        named most there."""
        found = self.search({"size": 0, "track_total_hits": False, "query": dsl.in_dates(first, last),
                             "aggs": {"persons": dsl.person_aggregation(limit)}})
        return {b["key"]: b["doc_count"] for b in found["aggregations"]["persons"]["buckets"]}

    def completions(self) -> completion.Completions:
        words = self.words()
        return completion.from_counts(words.title_df.items(), words.persons.items(), default_aliases())

    def together(self, a: str, b: str) -> int:
        """Articles that write the folded syllables ``a`` and ``b`` side by side."""
        return self.counts().doc_frequency(FOLDED_PAIRS, f"{a}_{b}")

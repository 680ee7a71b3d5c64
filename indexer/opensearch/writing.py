"""Documents into an index: read and analysed by the indexer's own worker processes
(``indexer.build.work_in_processes``, the code a Whoosh build runs, so the analysis is
the same), sent through the bulk API as they come; and the content hashes an index
holds, for ``update``.
"""

from __future__ import annotations

from contextlib import closing
from typing import Callable, Iterable, Iterator

from opensearchpy import helpers

from ..build import FileResult, _run_job, work_in_processes
from ..errors import BackendError
from ..opensearch_documents import source_of
from .cluster import REQUEST_SECONDS, Cluster, one_line

MAX_ID_BYTES = 512  # OpenSearch's limit on a document's _id
CHUNK_DOCUMENTS = 500
CHUNK_BYTES = 8 * 1024 * 1024  # an analysed Dân trí article is about 40 kB
RETRIES = 3  # of documents the cluster answers 429 (too busy) for, with a backoff


class DocumentHandler:
    """What each worker does with its jobs for OpenSearch (see
    ``indexer.build.work_in_processes``): the Whoosh fields of each article it
    prepares become the article's ``_source``, emitted as ``("doc", source)``."""

    def open(self, emit: Callable[[tuple], None]) -> None:
        self.writer = _SourceWriter(emit)

    def run(self, job) -> FileResult:
        return _run_job(self.writer, job)

    def finish(self) -> None:
        return None


class _SourceWriter:
    """Stands where build._run_job expects a Whoosh segment writer."""

    def __init__(self, emit: Callable[[tuple], None]):
        self.emit = emit

    def add_document(self, **fields) -> None:
        self.emit(("doc", source_of(fields)))


class Loading:
    """The bulk actions that index ``work`` (FileJobs, or Articles in an update) into
    ``index``, made by ``n_jobs`` workers; what became of each job is in ``results``
    once :meth:`actions` is consumed and :meth:`settle` called.

    An article whose id OpenSearch cannot take (over 512 bytes), or which repeats the id
    of an article before it in the same run (two lines of a JSON Lines file with one
    ``id``), is not sent: it is reported as skipped with its reason.
    """

    def __init__(self, index: str, work: list, n_jobs: int, progress: Callable[[int], None],
                 keep_lock: Callable[[], None]):
        self.index = index
        self.work = work
        self.n_jobs = n_jobs
        self.progress = progress
        self.keep_lock = keep_lock
        self.results: list[FileResult] = []
        self._withheld: list[tuple[str, str, str]] = []  # id, text hash, reason

    def actions(self) -> Iterator[dict]:
        ids: set[str] = set()
        with closing(work_in_processes(self.work, self.n_jobs, DocumentHandler())) as reports:
            for kind, payload in reports:
                self.keep_lock()
                if kind == "file":
                    self.results.append(payload)
                    self.progress(1)
                elif kind == "doc":
                    reason = _refusal(payload["id"], ids)
                    if reason:
                        self._withheld.append((payload["id"], payload.get("text_hash", ""), reason))
                        continue
                    ids.add(payload["id"])
                    yield {"_op_type": "index", "_index": self.index, "_id": payload["id"], "_source": payload}

    def settle(self) -> list[FileResult]:
        """The results, the articles not sent moved from ``articles`` to ``dropped``."""
        withheld = list(self._withheld)
        for result in self.results if withheld else ():
            for article in list(result.articles):
                for item in withheld:
                    if item[:2] == article[:2]:
                        result.articles.remove(article)
                        result.dropped.append(f"{article[0]}: {item[2]}")
                        withheld.remove(item)
                        break
        return self.results


def _refusal(doc_id: str, ids: set[str]) -> str:
    """Why a document cannot go to OpenSearch, or "".

    >>> _refusal("a/" + "x" * 600, set())
    'its id is longer than 512 bytes, the most OpenSearch takes: shorten the path'
    >>> _refusal("a/b.jsonl#7", {"a/b.jsonl#7"}), _refusal("a/b.jsonl#8", {"a/b.jsonl#7"})
    ('another article before it has the same id', '')
    """
    if len(doc_id.encode("utf-8")) > MAX_ID_BYTES:
        return f"its id is longer than {MAX_ID_BYTES} bytes, the most OpenSearch takes: shorten the path"
    if doc_id in ids:
        return "another article before it has the same id"
    return ""


def deletions(index: str, ids: Iterable[str]) -> Iterator[dict]:
    for doc_id in ids:
        yield {"_op_type": "delete", "_index": index, "_id": doc_id}


def bulk(cluster: Cluster, index: str, actions: Iterable[dict]) -> int:
    """Send ``actions`` through the bulk API; the number done.  The first document the
    cluster rejects (after RETRIES when it is only too busy) stops the stream with
    BackendError naming it and the reason; deleting a document that is not there is
    not an error."""
    done = 0
    with cluster.asking(f"index documents into {index}"):
        for ok, item in helpers.streaming_bulk(
                cluster.client, actions, chunk_size=CHUNK_DOCUMENTS, max_chunk_bytes=CHUNK_BYTES,
                raise_on_error=False, max_retries=RETRIES, initial_backoff=1,
                request_timeout=REQUEST_SECONDS * 2):
            op, outcome = next(iter(item.items()))
            if ok or (op == "delete" and outcome.get("result") == "not_found"):
                done += 1
                continue
            error = outcome.get("error")
            reason = f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else str(error)
            raise BackendError(f"OpenSearch at {cluster.url} rejected the document {outcome.get('_id')} "
                               f"({op} into {index}, {outcome.get('status')}: {one_line(reason)})")
    return done


def content_hashes(cluster: Cluster, index: str) -> dict[str, str]:
    """id -> content hash of every document of ``index`` (a scroll over it)."""
    with cluster.asking(f"read the content hashes of {index}"):
        return {hit["_id"]: hit.get("_source", {}).get("content_hash", "")
                for hit in helpers.scan(cluster.client, index=index, size=2000, scroll="2m",
                                        query={"_source": ["content_hash"], "query": {"match_all": {}}},
                                        request_timeout=REQUEST_SECONDS)}

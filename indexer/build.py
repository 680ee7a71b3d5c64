"""Build and update the index: the library behind ``python -m indexer``.

Segmentation is the expensive part, so it is spread over worker processes: each worker
opens its own segment writer on the new build (``segment_writer.FastSegmentWriter``:
Whoosh's, with postings kept in plain dicts), parses and indexes the files it is
handed, and returns the finished segment; the parent then commits all segments in one
table of contents (as Whoosh's own multi-process writer does).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import multiprocessing
import os
import queue as queue_module
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index as whoosh_index
from whoosh.writing import MERGE_SMALL, SegmentWriter

from . import impacts, posting_arrays, store, vocabulary
from .analysis import segment
from .article import Article
from .documents import fields, prepare
from .errors import IndexerError, IndexMissing, NotAnArticle, UsageError
from .formats import article_files, read_articles
from .schema import SCHEMA_VERSION, build_schema
from .segment_writer import FastSegmentWriter

log = logging.getLogger(__name__)

# Postings a worker keeps in memory before it writes them to a sorted run on disk (merged
# into its segment at the end): the indexer's memory bound, an estimate of the postings'
# size (see segment_writer).
WRITER_MEMORY_MB = 128


@dataclass(frozen=True)
class Source:
    name: str
    root: Path


@dataclass(frozen=True)
class FileJob:
    path: str
    source: str
    rel: str


@dataclass
class Report:
    """What a rebuild or update did; printed as the summary."""

    mode: str
    indexed: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    undated: int = 0
    files: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    index_dir: str = ""

    @property
    def articles_per_second(self) -> float:
        return (self.indexed + self.updated) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "mode": self.mode,
            "files": self.files,
            "indexed": self.indexed,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "undated": self.undated,
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "warnings": [{"file": f, "message": m} for f, m in self.warnings],
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 1),
            "index": self.index_dir,
        }


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------


def resolve_sources(dirs: Iterable[str | Path]) -> list[Source]:
    """Check the source folders; their names become the first part of each id."""
    sources = []
    seen: dict[str, Path] = {}
    for d in dirs:
        root = Path(d).resolve()
        if not root.is_dir():
            raise UsageError(f"source folder {d} does not exist")
        if root.name in seen and seen[root.name] != root:
            raise UsageError(
                f"two source folders are both named {root.name!r} ({seen[root.name]} and {root}): "
                "ids would collide"
            )
        seen[root.name] = root
        sources.append(Source(root.name, root))
    if not sources:
        raise UsageError("no source folder given")
    return sources


def list_jobs(sources: list[Source], skipped: list | None = None) -> list[FileJob]:
    """Every article file of the sources.  A file whose name is not valid UTF-8 cannot
    have an id: it is listed in ``skipped`` with the reason."""
    jobs = []
    for src in sources:
        for path in article_files(src.root):
            rel = path.relative_to(src.root).as_posix()
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                if skipped is not None:
                    name = str(path).encode("utf-8", "backslashreplace").decode("ascii", "replace")
                    skipped.append((name, "file name is not valid UTF-8; rename the file"))
                continue
            jobs.append(FileJob(str(path), src.name, rel))
    return jobs


# ---------------------------------------------------------------------------
# Indexing one file (in a worker or inline)
# ---------------------------------------------------------------------------


@dataclass
class FileResult:
    file: str
    articles: list[tuple[str, str, bool]] = field(default_factory=list)  # id, text_hash, dated
    skipped: str = ""
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # articles of the file not indexed


def _index_article(writer, article: Article, result: FileResult) -> None:
    """Prepare one article and add it.  A failure to prepare it skips the article; a
    failure to write it (a full disk...) stops the whole build, since Whoosh's writer
    cannot go on after one."""
    try:
        warnings = prepare(article)
        doc = fields(article)
    except Exception as exc:
        log.exception("cannot prepare %s", article.id)
        result.dropped.append(f"{article.id}: cannot prepare it ({type(exc).__name__}: {exc})")
        return
    for warning in warnings:
        result.warnings.append(f"{article.id}: {warning}")
    if article.date_problem:
        result.warnings.append(f"{article.id}: no date, {article.date_problem}")
    writer.add_document(**doc)
    result.articles.append((article.id, article.text_hash, article.date is not None))


def _read(job: FileJob, result: FileResult) -> list[Article]:
    try:
        return read_articles(Path(job.path), job.source, job.rel)
    except NotAnArticle as exc:
        result.skipped = str(exc)
    except OSError as exc:
        result.skipped = f"cannot read ({exc.strerror or exc})"
    except Exception as exc:  # a parser bug must not stop the build
        log.exception("cannot parse %s", job.path)
        result.skipped = f"cannot parse ({type(exc).__name__}: {exc})"
    return []


def _run_job(writer, job) -> FileResult:
    """Index one file (FileJob) or one already parsed article (update)."""
    if isinstance(job, FileJob):
        result = FileResult(job.path)
        for article in _read(job, result):
            _index_article(writer, article, result)
        return result
    result = FileResult(job.id)
    _index_article(writer, job, result)
    return result


def _die_with_parent() -> None:
    """Linux: have the kernel end this worker when the indexer that forked it dies."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# A writer's postings are millions of small lists that hold no reference cycles, yet each
# one counts towards the next garbage collection, and every older collection walks them
# all again: while indexing, objects from before are left out of collections (frozen)
# and the young generation is collected every 50,000 allocations instead of 700 (about
# 4 % of a worker's CPU on dantri).
_GC_THRESHOLD = (50_000, 50, 100)


@contextlib.contextmanager
def _fewer_collections():
    saved = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.unfreeze()


class SegmentHandler:
    """What a worker does with its jobs in a Whoosh build: index them into one new
    segment of ``build_dir``, handed back by ``finish``."""

    def __init__(self, build_dir: str | Path):
        self.build_dir = str(build_dir)
        self.writer = None

    def open(self, emit: Callable[[tuple], None]) -> None:
        ix = whoosh_index.open_dir(self.build_dir)
        self.writer = FastSegmentWriter(ix, _lk=False, limitmb=WRITER_MEMORY_MB)

    def run(self, job) -> FileResult:
        return _run_job(self.writer, job)

    def finish(self):
        return self.writer.finish()


def _worker(handler, jobs, results, parent: int) -> None:
    """Worker process: run the handler over jobs from the queue, report each result."""
    store.release_inherited_locks()
    _die_with_parent()
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        handler.open(results.put)
        while True:
            try:
                job = jobs.get(timeout=1.0)
            except queue_module.Empty:
                if os.getppid() != parent:  # the indexer is gone: so is the build
                    os._exit(1)
                continue
            if job is None:
                break
            results.put(("file", handler.run(job)))
        results.put(("done", handler.finish()))
    except BaseException as exc:  # report, so the parent does not wait forever
        results.put(("error", f"{type(exc).__name__}: {exc}"))
        raise


def _mp_context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def work_in_processes(work: list, n_jobs: int, handler) -> Iterator[tuple[str, object]]:
    """Run ``handler`` over ``work`` (FileJobs, or Articles in an update) in ``n_jobs``
    worker processes, or in this one when ``n_jobs`` is 1, and yield what they report
    as it comes: ``("file", FileResult)`` per job, ``("done", handler.finish())`` per
    worker, and whatever the handler emits on its way (``handler.open(emit)``).

    A handler has ``open(emit)``, ``run(job) -> FileResult`` and ``finish()``; it is
    opened once in each worker.  Close the generator (``contextlib.closing``) when its
    reader can stop early: the workers are ended then.
    """
    if not work:
        return
    if n_jobs <= 1:
        emitted: list[tuple] = []
        handler.open(emitted.append)
        with _fewer_collections():
            for job in work:
                result = handler.run(job)
                yield from emitted
                emitted.clear()
                yield "file", result
            yield "done", handler.finish()
        return

    segment("chargement")  # load pyvi's model once, before forking
    ctx = _mp_context()
    jobs = ctx.Queue()
    out = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(handler, jobs, out, os.getpid()), daemon=True)
             for _ in range(n_jobs)]
    for p in procs:
        p.start()
    try:
        for job in work:
            jobs.put(job)
        for _ in procs:
            jobs.put(None)
        done = 0
        while done < len(procs):
            try:
                kind, payload = out.get(timeout=1.0)
            except queue_module.Empty:
                dead = [p for p in procs if p.exitcode not in (None, 0)]
                if dead:
                    raise IndexerError(f"an indexing worker died (exit code {dead[0].exitcode})")
                continue
            if kind == "error":
                raise IndexerError(f"an indexing worker failed: {payload}")
            done += kind == "done"
            yield kind, payload
        for p in procs:
            p.join(timeout=30)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)


def _index_in_workers(build_dir: Path, work: list, n_jobs: int, progress) -> tuple[list, list[FileResult]]:
    """Index ``work`` (FileJobs or Articles) into new segments of ``build_dir``."""
    results: list[FileResult] = []
    segments = []
    with contextlib.closing(work_in_processes(work, n_jobs, SegmentHandler(build_dir))) as reports:
        for kind, payload in reports:
            if kind == "file":
                results.append(payload)
                progress(1)
            elif kind == "done":
                segments.extend(payload)
    return segments, results


def _tally(report: Report, results: list[FileResult]) -> None:
    for r in results:
        for reason in ([r.skipped] if r.skipped else []) + r.dropped:
            report.skipped.append((r.file, reason))
            log.warning("skipped %s: %s", r.file, reason)
        for w in r.warnings:
            report.warnings.append((r.file, w))
            log.warning("%s", w)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _no_progress(_n: int) -> None:
    pass


# ---------------------------------------------------------------------------
# rebuild
# ---------------------------------------------------------------------------


def rebuild(
    source_dirs: Iterable[str | Path],
    index_dir: str | Path,
    jobs: int | None = None,
    lock_wait: float = 30.0,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Report:
    """Build a fresh index from ``source_dirs`` and switch it live atomically."""
    started = time.monotonic()
    index_dir = Path(index_dir)
    sources = resolve_sources(source_dirs)
    n_jobs = jobs or default_jobs()
    if n_jobs < 1:
        raise UsageError("--jobs must be at least 1")
    progress = progress or _no_progress
    report = Report("rebuild", index_dir=str(index_dir))
    with store.index_lock(index_dir, wait=lock_wait):
        work = list_jobs(sources, report.skipped)
        report.files = len(work) + len(report.skipped)
        if on_total:
            on_total(len(work))
        build = store.new_build_dir(index_dir)
        try:
            ix = whoosh_index.create_in(str(build), build_schema())
            # Hand out the biggest files first so that workers finish together.
            work.sort(key=lambda j: -_size(j.path))
            segments, results = _index_in_workers(build, work, min(n_jobs, max(1, len(work))), progress)
            writer = ix.writer()
            writer.commit(mergetype=lambda w, existing: existing + segments)
            results.sort(key=lambda r: r.file)
            _tally(report, results)
            dups = _drop_duplicates(ix, results, report)
            kept = [a for r in results for a in r.articles if a[0] not in dups]
            report.indexed = len(kept)
            report.undated = sum(1 for (_, _, dated) in kept if not dated)
            posting_arrays.ensure(ix)
            impacts.ensure(ix)
            with ix.reader() as reader:
                vocabulary.write(build, reader)
            report.seconds = time.monotonic() - started
            store.write_meta(build, _meta(sources, report, ix))
            store.switch_to(index_dir, build)
        except BaseException:
            store.discard(build)
            raise
    report.seconds = time.monotonic() - started
    return report


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def find_duplicates(results: list[FileResult]) -> list[tuple[str, str, str]]:
    """The same article filed under two names: ``(file, id, id kept)`` for every article
    whose text an article listed before it already has (results in file order)."""
    first: dict[str, str] = {}
    dups = []
    for r in results:
        for doc_id, text_hash, _ in r.articles:
            if text_hash in first:
                dups.append((r.file, doc_id, first[text_hash]))
            else:
                first[text_hash] = doc_id
    return dups


def _drop_duplicates(ix, results: list[FileResult], report: Report) -> set[str]:
    """The same article filed under two names: keep the first id, skip the others."""
    dups = find_duplicates(results)
    if dups:
        writer = ix.writer()
        for file, doc_id, original in dups:
            writer.delete_by_term("id", doc_id)
            report.skipped.append((file, f"duplicate of {original}"))
        writer.commit(merge=False)
    return {doc_id for _, doc_id, _ in dups}


def _meta(sources: list[Source], report: Report, ix) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "updated_at": None,
        "sources": [str(s.root) for s in sources],
        "last": report.as_dict(),
    }


# ---------------------------------------------------------------------------
# update
# ---------------------------------------------------------------------------


def update(
    source_dirs: Iterable[str | Path],
    index_dir: str | Path,
    jobs: int | None = None,
    lock_wait: float = 30.0,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Report:
    """Add new files, re-index changed ones (by content hash), delete removed ones."""
    index_dir = Path(index_dir)
    try:
        build = store.live_build(index_dir)
    except IndexMissing:
        report = rebuild(source_dirs, index_dir, jobs, lock_wait, progress, on_total)
        report.mode = "update (no index yet: full build)"
        return report
    started = time.monotonic()
    sources = resolve_sources(source_dirs)
    n_jobs = jobs or default_jobs()
    progress = progress or _no_progress
    report = Report("update", index_dir=str(index_dir))
    with store.index_lock(index_dir, wait=lock_wait):
        build = store.live_build(index_dir)
        ix = store.open_index(index_dir)
        existing = {}
        with ix.searcher() as searcher:
            for stored in searcher.reader().all_stored_fields():
                existing[stored["id"]] = stored.get("content_hash", "")
        changed, removed = plan_update(sources, existing, report)
        if on_total:
            on_total(len(changed))
        writer = SegmentWriter(ix, limitmb=WRITER_MEMORY_MB)
        try:
            segments, results = _index_in_workers(build, changed, min(n_jobs, max(1, len(changed))), progress)
            for article in changed:
                if article.id in existing:
                    writer.delete_by_term("id", article.id)
            for doc_id in removed:
                writer.delete_by_term("id", doc_id)
            writer.commit(mergetype=lambda w, segs: MERGE_SMALL(w, segs) + segments)
        except BaseException:
            writer.cancel()
            raise
        # The new generation is live; a search app takes up its vocabulary and the
        # merged segments' posting arrays when written.
        posting_arrays.ensure(ix)
        impacts.ensure(ix)  # every segment's: the fields' average lengths have changed
        with ix.reader() as reader:
            vocabulary.write(build, reader)
        count_update(report, results, existing, removed)
        report.seconds = time.monotonic() - started
        meta = store.read_meta(build)
        meta["updated_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        meta["last"] = report.as_dict()
        store.write_meta(build, meta)
    return report


def plan_update(sources: list[Source], existing: dict[str, str], report: Report) -> tuple[list[Article], list[str]]:
    """What an update of an index holding ``existing`` (id -> content hash) must do:
    the articles to index (new or changed) and the ids to delete (removed from a source
    folder, or now a duplicate of another article).  Reads every article of
    ``sources``; counts the files, the skipped ones and the unchanged articles in
    ``report``."""
    source_names = {s.name for s in sources}
    work = list_jobs(sources, report.skipped)
    report.files = len(work) + len(report.skipped)
    seen: set[str] = set()
    found: list[tuple[FileJob, Article]] = []
    for job in work:
        parsed = FileResult(job.path)
        articles = _read(job, parsed)
        if parsed.skipped:
            report.skipped.append((job.path, parsed.skipped))
        for article in articles:
            seen.add(article.id)
            found.append((job, article))

    # Duplicates are judged against what the index holds after this run: unchanged
    # articles keep their place, then new or changed ones claim theirs in order.
    def unchanged(article):
        return existing.get(article.id) == article.content_hash

    owner: dict[str, str] = {}
    for _, article in found:
        if unchanged(article):
            owner.setdefault(article.text_hash, article.id)
    changed: list[Article] = []
    stale: list[str] = []  # now a duplicate of another article: the old version goes
    for job, article in found:
        twin = owner.setdefault(article.text_hash, article.id)
        if twin != article.id:
            report.skipped.append((job.path, f"duplicate of {twin}"))
            if article.id in existing:
                stale.append(article.id)
        elif unchanged(article):
            report.unchanged += 1
        else:
            changed.append(article)
    removed = [doc_id for doc_id in existing
               if doc_id not in seen and doc_id.split("/", 1)[0] in source_names] + stale
    return changed, removed


def count_update(report: Report, results: list[FileResult], existing, removed: list[str]) -> None:
    """Count what an update did in ``report``: indexed (new), updated (replaced an
    article of ``existing``), undated, deleted, and every skip and warning."""
    _tally(report, results)
    for r in results:
        for doc_id, _, dated in r.articles:
            if doc_id in existing:
                report.updated += 1
            else:
                report.indexed += 1
            report.undated += not dated
    report.deleted = len(removed)

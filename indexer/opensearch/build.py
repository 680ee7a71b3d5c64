"""``rebuild`` and ``update`` of an OpenSearch index: the same reading, analysis,
duplicates and summary (``indexer.build.Report``) as the Whoosh indexer, into a cluster.

rebuild: a new concrete index from the alias's template, loaded with replicas and
refresh off, given them back, checked (it must hold every document sent), then the alias
moved to it in one request and the old index deleted.  Anything failing before the
alias moves deletes the new index and leaves the alias where it was; a rebuild killed
outright leaves the alias too, and the next rebuild deletes what it left (an orphan).

update: the content hash of every document in the live index, against the articles of
the source folders: new and changed ones indexed, vanished ones deleted, then a refresh.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from contextlib import closing
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable

from ..build import (Report, _no_progress, _size, _tally, count_update, default_jobs, find_duplicates, list_jobs,
                     plan_update, resolve_sources)
from ..errors import BackendError, UsageError
from ..schema import SCHEMA_VERSION
from . import indices
from .cluster import Cluster, connect
from .indices import DEFAULT_ALIAS
from .lock import alias_lock
from .writing import Loading, bulk, content_hashes, deletions

log = logging.getLogger(__name__)


Progress = Callable[[int], None]


def rebuild(source_dirs: Iterable[str | Path], url: str, alias: str = DEFAULT_ALIAS, shards: int = 1,
            replicas: int = 1, jobs: int | None = None, lock_wait: float = 30.0, progress: Progress | None = None,
            on_total: Progress | None = None) -> Report:
    """Build a fresh index of ``source_dirs`` on the cluster at ``url`` and move
    ``alias`` to it atomically (the new index has ``shards`` and ``replicas``)."""
    started = time.monotonic()
    n_jobs, sources, cluster = _begin(source_dirs, url, alias, shards, replicas, jobs)
    progress = progress or _no_progress
    report = Report("rebuild", index_dir=f"{cluster.url}/{alias}")
    with alias_lock(cluster, alias, "rebuild", lock_wait) as lock:
        indices.alias_holders(cluster, alias)  # refuses an index named like the alias
        indices.delete(cluster, indices.orphans(cluster, alias))
        indices.put_template(cluster, alias, shards, replicas)
        work = list_jobs(sources, report.skipped)
        report.files = len(work) + len(report.skipped)
        if on_total:
            on_total(len(work))
        work.sort(key=lambda j: -_size(j.path))  # the biggest first, so that workers finish together
        meta = {"schema_version": SCHEMA_VERSION, "mappings": indices.mappings_digest(), "built_at": None,
                "updated_at": None, "sources": [str(s.root) for s in sources], "last": None}
        index = indices.create_for_loading(cluster, alias, meta)
        report.index_dir = f"{cluster.url}/{alias} ({index})"
        try:
            _load(cluster, index, work, min(n_jobs, max(1, len(work))), progress, lock.keep, report)
            indices.finish_loading(cluster, index, replicas)
            held = indices.count(cluster, index)
            if held != report.indexed:
                raise BackendError(f"index {index} on OpenSearch at {cluster.url} holds {held} documents after "
                                   f"the load, not the {report.indexed} sent (was it deleted meanwhile?)")
            report.seconds = time.monotonic() - started
            meta.update(built_at=_now(), last=indices.meta_of_run(report.as_dict()))
            indices.write_meta(cluster, index, meta)
            lock.keep(now=True)
            old = indices.switch_alias(cluster, alias, index)
        except BaseException:
            _discard(cluster, alias, index)
            raise
        _delete_old(cluster, old, report)
    report.seconds = time.monotonic() - started
    return report


def _begin(source_dirs, url: str, alias: str, shards: int, replicas: int, jobs: int | None):
    """The arguments checked (UsageError), then the cluster reached: the number of
    worker processes, the sources and the Cluster."""
    indices.check_alias(alias)
    if shards < 1:
        raise UsageError("--shards must be at least 1")
    if replicas < 0:
        raise UsageError("--replicas must be 0 or more")
    n_jobs = jobs or default_jobs()
    if n_jobs < 1:
        raise UsageError("--jobs must be at least 1")
    sources = resolve_sources(source_dirs)
    return n_jobs, sources, connect(url)


def _load(cluster: Cluster, index: str, work: list, n_jobs: int, progress, keep_lock, report: Report) -> None:
    """Index every article of ``work``, then delete the duplicates (the same article
    under two names: the first in file order stays, as in a Whoosh build)."""
    loading = Loading(index, work, n_jobs, progress, keep_lock)
    with closing(loading.actions()) as actions:  # closed at once on a failure: the workers end
        bulk(cluster, index, actions)
    results = sorted(loading.settle(), key=lambda r: r.file)
    _tally(report, results)
    dups = find_duplicates(results)
    bulk(cluster, index, deletions(index, [doc_id for _, doc_id, _ in dups]))
    for file, _, original in dups:
        report.skipped.append((file, f"duplicate of {original}"))
    dropped = {doc_id for _, doc_id, _ in dups}
    kept = [a for r in results for a in r.articles if a[0] not in dropped]
    report.indexed = len(kept)
    report.undated = sum(1 for (_, _, dated) in kept if not dated)


def _discard(cluster: Cluster, alias: str, index: str) -> None:
    """Delete the index of a failed rebuild, unless the alias did move to it (a switch
    whose answer was lost).  When the cluster cannot tell, the index stays: the next
    rebuild deletes it if no alias points to it."""
    try:
        if index not in indices.alias_holders(cluster, alias):
            indices.delete(cluster, [index])
    except Exception as exc:
        log.warning("could not delete the half-built index %s: %s", index, exc)


def _delete_old(cluster: Cluster, old: list[str], report: Report) -> None:
    """Delete the indices the alias left; one that cannot be is a warning (the next
    rebuild deletes it)."""
    for name in old:
        try:
            indices.delete(cluster, [name])
        except BackendError as exc:
            report.warnings.append((name, f"the old index {name} could not be deleted ({exc}); "
                                          "the next rebuild deletes it"))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def update(source_dirs: Iterable[str | Path], url: str, alias: str = DEFAULT_ALIAS, shards: int = 1,
           replicas: int = 1, jobs: int | None = None, lock_wait: float = 30.0, progress: Progress | None = None,
           on_total: Progress | None = None) -> Report:
    """Add new articles, re-index changed ones (by content hash), delete removed ones, in
    the index behind ``alias``; without one, a full rebuild (``shards``, ``replicas``)."""
    started = time.monotonic()
    n_jobs, sources, cluster = _begin(source_dirs, url, alias, shards, replicas, jobs)
    progress = progress or _no_progress
    if not indices.alias_holders(cluster, alias):
        report = rebuild(source_dirs, url, alias, shards, replicas, jobs, lock_wait, progress, on_total)
        report.mode = "update (no index yet: full build)"
        return report
    report = Report("update", index_dir=f"{cluster.url}/{alias}")
    with alias_lock(cluster, alias, "update", lock_wait) as lock:
        index = indices.live_index(cluster, alias)
        report.index_dir = f"{cluster.url}/{alias} ({index})"
        cluster.require_not_red(index)
        meta = indices.read_meta(cluster, index)
        indices.check_schema(cluster, index, meta)
        existing = content_hashes(cluster, index)
        changed, removed = plan_update(sources, existing, report)
        if on_total:
            on_total(len(changed))
        loading = Loading(index, changed, min(n_jobs, max(1, len(changed))), progress, lock.keep)
        with closing(loading.actions()) as actions:
            bulk(cluster, index, chain(actions, deletions(index, removed)))
        with cluster.asking(f"refresh {index}"):
            cluster.client.indices.refresh(index=index)
        count_update(report, loading.settle(), existing, removed)
        report.seconds = time.monotonic() - started
        meta.update(updated_at=_now(), last=indices.meta_of_run(report.as_dict()))
        indices.write_meta(cluster, index, meta)
    report.seconds = time.monotonic() - started
    return report

"""Where the index lives on disk, and how it is switched atomically.

Layout of an index directory (``index_data/`` by default)::

    index_data/
      current -> builds/20261129T101500-1a2b   symlink to the live build
      builds/<name>/                           Whoosh files + build.json
      .indexer.lock                            held by the one indexer at work

``rebuild`` writes a new build next to the live one and then replaces the ``current``
symlink with one rename, so a search app never sees a half-built or missing index and a
killed rebuild leaves the old one serving.  ``update`` changes the live build in place
through Whoosh's own atomic commit (a new table of contents written last).
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from .errors import IndexBusy, IndexCorrupt, IndexMissing
from .schema import SCHEMA_VERSION

CURRENT = "current"
BUILDS = "builds"
LOCK_FILE = ".indexer.lock"
META_FILE = "build.json"
KEEP_OLD_BUILDS = 1


def live_build(index_dir: Path) -> Path:
    """The directory of the live build; IndexMissing when there is none."""
    index_dir = Path(index_dir)
    link = index_dir / CURRENT
    if link.is_symlink() or link.is_dir():
        try:
            target = link.resolve(strict=True)
        except (OSError, RuntimeError):  # missing target, or a symlink loop
            raise IndexCorrupt(f"{link} points to a missing build or loops; run a rebuild") from None
        if not target.is_dir():
            raise IndexCorrupt(f"{link} points to a missing build ({target.name})")
        return target
    if whoosh_index.exists_in(str(index_dir)):  # a plain Whoosh index
        return index_dir
    raise IndexMissing(f"no index in {index_dir}: run `python -m indexer rebuild --index {index_dir}`")


def outdated_schema(build: Path) -> int | None:
    """The schema version ``build`` was written with, when it is not this program's."""
    version = read_meta(build).get("schema_version", SCHEMA_VERSION)
    return None if version == SCHEMA_VERSION else version


OPEN_ATTEMPTS = 5


def open_index(index_dir: Path):
    """Open the live index for reading.  IndexMissing / IndexCorrupt say what is wrong."""
    return _retrying(index_dir, _open_build)


def open_searcher(index_dir: Path):
    """A Whoosh searcher over the live index, its segments opened once and checked."""
    return _retrying(index_dir, lambda build: _open_build(build, searcher=True))


def _retrying(index_dir: Path, open_build):
    """``open_build(live build)``, tried again when a file goes missing under it.

    An ``update`` commits a new table of contents and deletes the old one, and a
    ``rebuild`` prunes old builds; a reader that lists the files just before either can
    find one gone.  A missing file is therefore tried again on the live build as it is
    then, and only a file missing every time is damage.
    """
    for attempt in range(OPEN_ATTEMPTS):
        try:
            return open_build(live_build(index_dir))
        except FileNotFoundError as exc:
            missing = exc
            time.sleep(0.05 * (attempt + 1))
    raise IndexCorrupt(f"index in {index_dir} cannot be read (a file keeps going missing: {missing})")


def _open_build(build: Path, searcher: bool = False):
    version = outdated_schema(build)
    if version is not None:
        raise IndexCorrupt(
            f"index in {build} has schema version {version}, this program needs "
            f"{SCHEMA_VERSION}: run `python -m indexer rebuild`"
        )
    try:
        # Read files rather than map them: a segment truncated under a running app
        # must give an error (503), not kill the process with SIGBUS.
        ix = FileStorage(str(build), supports_mmap=False).open_index()
        # Touch the segments so that truncated files fail here, not mid-search.
        if searcher:
            opened = ix.searcher()
            try:
                opened.doc_count()
            except BaseException:
                opened.close()
                raise
            return opened
        with ix.reader() as reader:
            reader.doc_count()
        return ix
    except FileNotFoundError:
        raise  # changed under us: open_index tries again
    except whoosh_index.EmptyIndexError:
        raise IndexMissing(f"no index in {build}") from None
    except Exception as exc:  # Whoosh raises many kinds on damaged files
        raise IndexCorrupt(f"index in {build} cannot be read ({type(exc).__name__}: {exc})") from None


def read_meta(build: Path) -> dict:
    try:
        return json.loads((Path(build) / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"{build / META_FILE} cannot be read ({exc})") from None


def write_meta(build: Path, meta: dict) -> None:
    path = Path(build) / META_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8",
                   errors="backslashreplace")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def new_build_dir(index_dir: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = Path(index_dir) / BUILDS / f"{stamp}-{secrets.token_hex(3)}"
    path.mkdir(parents=True)
    return path


def switch_to(index_dir: Path, build: Path) -> None:
    """Make ``build`` the live index with one atomic rename, then prune old builds."""
    index_dir = Path(index_dir)
    link = index_dir / CURRENT
    if link.exists() and not link.is_symlink():
        raise IndexCorrupt(f"{link} is not a symlink; move it away and rebuild")
    tmp = index_dir / f".{CURRENT}.{secrets.token_hex(4)}"
    os.symlink(os.path.join(BUILDS, build.name), tmp)
    os.replace(tmp, link)
    _fsync_dir(index_dir)
    prune_builds(index_dir)


def prune_builds(index_dir: Path) -> None:
    """Delete builds that never went live (no build.json: a killed rebuild) and all
    finished ones but the live build and the KEEP_OLD_BUILDS newest others.

    The previous build is kept so that a search app still reading it can finish.
    """
    builds_dir = Path(index_dir) / BUILDS
    if not builds_dir.is_dir():
        return
    try:
        live = live_build(index_dir)
    except (IndexMissing, IndexCorrupt):
        live = None
    others = sorted((p for p in builds_dir.iterdir() if p.is_dir() and p != live), reverse=True)
    finished = [p for p in others if (p / META_FILE).is_file()]
    for old in others:
        if old not in finished[:KEEP_OLD_BUILDS]:
            shutil.rmtree(old, ignore_errors=True)


def discard(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def index_lock(index_dir: Path, wait: float = 30.0):
    """Hold the indexer lock of ``index_dir``; IndexBusy after ``wait`` seconds.

    The lock is an flock on a file: the kernel lets go when the holder dies, so a killed
    indexer never leaves a stale lock behind.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    fh = open(index_dir / LOCK_FILE, "a+")
    deadline = time.monotonic() + max(0.0, wait)
    try:
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = _read_holder(fh)
                    raise IndexBusy(
                        f"another indexer{holder} is working on {index_dir}; "
                        f"gave up after {wait:g} s"
                    ) from None
                time.sleep(0.1)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        HELD_LOCKS.add(fh.fileno())
        yield
    finally:
        HELD_LOCKS.discard(fh.fileno())
        fh.close()


# Descriptors of the locks this process holds: a forked worker closes its copies, so
# that the lock goes with the indexer that took it and never outlives it in a worker.
HELD_LOCKS: set[int] = set()


def release_inherited_locks() -> None:
    for fd in list(HELD_LOCKS):
        try:
            os.close(fd)
        except OSError:
            pass
    HELD_LOCKS.clear()


def _read_holder(fh) -> str:
    try:
        fh.seek(0)
        pid = fh.read().strip()
        return f" (pid {pid})" if pid.isdigit() else ""
    except OSError:
        return ""

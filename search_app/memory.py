"""How a server process takes its memory: one malloc pool, no huge-page compaction, and
pages touched once at start and then kept (as a JVM's ``-XX:+AlwaysPreTouch``, which
Elasticsearch's default JVM options have turned on since 5.0 for the same reason).

A query new to the server computes the points of its terms over whole posting lists and
keeps them (``ranking.py``, ``arrays.py``): at 10x, a hundred new queries allocate about
a gigabyte.  Memory that the process has never touched is slow to touch the first time,
and on a virtual machine whose free memory is handed back to its host (as on the machines
these figures come from) very slow: 10 microseconds a 4 KiB page, against 1.3 for a page
the process freed a moment before.  A new query spent as much time on that as on its
arithmetic.  So each process

* shares one malloc pool among its threads (``limit_malloc_arenas``);
* keeps numpy from asking for transparent huge pages: on a fault, the kernel then compacts
  memory to find 2 MiB at once (8 microseconds a 4 KiB page here; ``no_huge_pages``);
* takes arrays of up to 32 MiB from that pool and keeps what it frees for the next array,
  instead of giving it back to the system (``keep_freed_memory``);
* touches a share of that pool once, in a background thread of low priority, while no
  request is being answered, before the queries need it (``pretouch``).  Touching it
  while a query ran made that query wait: the first query after a start took 120 ms
  instead of 42 at 38k articles.

Each function says whether it could do its part; on another C library than glibc, or
another numpy, the process runs as before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import threading
import time

from .settings import MALLOC_ARENAS, PRETOUCH_AVAILABLE_SHARE, PRETOUCH_CHUNK

log = logging.getLogger(__name__)

# glibc's malloc.h
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
MMAP_THRESHOLD_MAX = 32 * 1024 * 1024  # glibc's largest M_MMAP_THRESHOLD on 64 bits


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def _mallopt(option: int, value: int) -> bool:
    libc = _libc()
    mallopt = getattr(libc, "mallopt", None)
    return bool(mallopt and mallopt(option, value))


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Have glibc's allocator share ``arenas`` memory pools among a process's threads
    (``MALLOC_ARENA_MAX``); whether it could (False on another C library).

    A request thread with a pool of its own returns the large temporary arrays of a
    query to the system and takes them again from it, page by page: at 10x, a heavy
    query asked of each of the eight threads in turn took twice as long the first time
    on each (``da khi``: 125-139 ms, then 63-74).  Request threads hold the GIL while
    they allocate, so one shared pool costs them little waiting.  Call it before any
    thread starts."""
    return _mallopt(_M_ARENA_MAX, arenas)


def no_huge_pages() -> bool:
    """Stop numpy from advising transparent huge pages for its large arrays (what the
    ``NUMPY_MADVISE_HUGEPAGE=0`` environment variable does when numpy is imported);
    whether it could.  Where the kernel compacts memory for advised regions (``defrag``
    set to ``madvise``, the default), touching a new array then waits for compaction."""
    import numpy as np

    core = getattr(np, "_core", None) or getattr(np, "core", None)
    setter = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
    if setter is None:
        return False
    setter(False)
    return True


def keep_freed_memory(nbytes: int) -> bool:
    """Take arrays of up to 32 MiB from the malloc pool and keep up to ``nbytes`` of
    freed memory in it (glibc gives large blocks back to the system at once, and the
    top of its pool past 128 KiB); whether it could."""
    return (_mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX)
            and _mallopt(_M_TRIM_THRESHOLD, max(nbytes, 0) + MMAP_THRESHOLD_MAX))


def pretouch(nbytes: int, chunk: int = PRETOUCH_CHUNK, wait=None) -> int:
    """Allocate ``nbytes`` from the malloc pool in ``chunk``-sized blocks, write each
    page, and free them again (kept in the pool by ``keep_freed_memory``); the bytes
    touched.  ``memset`` runs without the GIL.  ``wait()``, if given, is called before
    each block: it returns when touching may go on."""
    libc = _libc()
    if libc is None or nbytes <= 0 or chunk > MMAP_THRESHOLD_MAX:
        return 0
    malloc, free = libc.malloc, libc.free
    malloc.restype, malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    free.restype, free.argtypes = None, [ctypes.c_void_p]
    blocks = []
    try:
        for _ in range(nbytes // chunk):
            if wait is not None:
                wait()
            block = malloc(chunk)
            if not block:
                break
            blocks.append(block)
            ctypes.memset(block, 0, chunk)
    finally:
        for block in blocks:
            free(block)
    return len(blocks) * chunk


def available_memory() -> int | None:
    """The memory the system could give without swapping (``MemAvailable``), in bytes;
    None where it is not known."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def pretouch_in_background(nbytes: int, wait=None) -> threading.Thread | None:
    """``keep_freed_memory`` and ``pretouch`` (with ``wait``) in a daemon thread of the
    lowest CPU priority; the thread (None: nothing to touch, or a C library that cannot
    keep freed memory).  Never more than ``PRETOUCH_AVAILABLE_SHARE`` of the memory the
    system has available: on a small machine the workers' caches would not grow that far
    anyway, and touching it would push the page cache (the index) out.  Either way it
    logs ``memory ready`` once done (the benchmarks wait for that line)."""
    available = available_memory()
    if available is not None:
        nbytes = min(nbytes, int(available * PRETOUCH_AVAILABLE_SHARE))
    if nbytes <= 0 or not keep_freed_memory(nbytes):
        log.info("memory ready: touched 0 MiB")
        return None

    def run():
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # this thread only, on Linux
        except (AttributeError, OSError):
            pass
        start = time.perf_counter()
        done = pretouch(nbytes, wait=wait)
        log.info("memory ready: touched %d MiB in %.1f s", done >> 20, time.perf_counter() - start)

    thread = threading.Thread(target=run, name="search-memory-pretouch", daemon=True)
    thread.start()
    return thread

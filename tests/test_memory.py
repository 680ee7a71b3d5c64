"""Tests for search_app.memory: how a server process takes and keeps its memory."""
from __future__ import annotations

import ctypes
import logging
import sys

import numpy as np
import pytest

from indexer.build import rebuild
from search_app import memory

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                 "fordblks", "keepcost")]


def _free_bytes_kept() -> int:
    """Freed bytes glibc's pools hold for later allocations (``mallinfo2``)."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _Mallinfo2
    return libc.mallinfo2().fordblks


def test_the_threads_of_a_process_share_one_malloc_arena():
    """glibc takes the setting (``MALLOC_ARENA_MAX``) that keeps a query's temporary
    arrays from being returned to the system by one thread and faulted in again by the
    next."""
    assert memory.limit_malloc_arenas(1) is True


def test_numpy_no_longer_asks_for_huge_pages():
    setter = np._core.multiarray._set_madvise_hugepage
    try:
        assert memory.no_huge_pages() is True
        assert setter(False) is False  # it returns the setting it replaces
    finally:
        setter(True)


def test_touched_memory_is_kept_for_the_next_arrays():
    """After ``pretouch``, what it touched is free memory inside the process (not given
    back to the system), and an array of a query takes it from there."""
    assert memory.keep_freed_memory(64 << 20) is True
    assert memory.pretouch(64 << 20, chunk=16 << 20) == 64 << 20
    assert _free_bytes_kept() >= 64 << 20
    before = _free_bytes_kept()
    points = np.empty(2 << 20)  # 16 MiB: below the 32 MiB that glibc maps apart
    assert _free_bytes_kept() <= before - points.nbytes
    del points


def test_nothing_to_touch_starts_no_thread_and_says_so(caplog):
    with caplog.at_level(logging.INFO, logger="search_app.memory"):
        assert memory.pretouch_in_background(0) is None
    assert "memory ready: touched 0 MiB" in caplog.text


def _touched_in_background(caplog, nbytes: int) -> str:
    """What ``pretouch_in_background(nbytes)`` logs once its thread is done."""
    with caplog.at_level(logging.INFO, logger="search_app.memory"):
        thread = memory.pretouch_in_background(nbytes)
        assert thread is not None
        thread.join(30)
        assert not thread.is_alive()
    return caplog.text


def test_pretouch_in_background_reports_what_it_touched(caplog):
    assert "memory ready: touched 32 MiB" in _touched_in_background(caplog, 32 << 20)


def test_pretouch_asks_before_each_block_whether_it_may_go_on():
    asked = []
    assert memory.pretouch(8 << 20, chunk=2 << 20, wait=lambda: asked.append(1)) == 8 << 20
    assert len(asked) == 4


def test_the_system_says_how_much_memory_it_has_available():
    available = memory.available_memory()
    assert available is None or available > 0


def test_a_process_touches_no_more_than_a_share_of_the_available_memory(monkeypatch, caplog):
    """On a small machine the pretouch is cut to ``PRETOUCH_AVAILABLE_SHARE`` of what the
    system has available, so that it does not push the index out of the page cache."""
    monkeypatch.setattr(memory, "available_memory", lambda: 64 << 20)
    monkeypatch.setattr(memory, "PRETOUCH_AVAILABLE_SHARE", 0.25)
    assert "memory ready: touched 16 MiB" in _touched_in_background(caplog, 1 << 30)


def test_a_chunk_past_glibcs_mapping_threshold_touches_nothing():
    assert memory.pretouch(64 << 20, chunk=64 << 20) == 0


def test_the_index_decides_how_much_a_worker_touches(tmp_path, fixture_dir):
    """A share of the live build's posting arrays, at most the array cache."""
    from indexer import posting_arrays, store
    from search_app.settings import PRETOUCH_SHARE
    from search_app.whoosh_backend import WhooshBackend

    rebuild([fixture_dir], tmp_path / "idx", jobs=1)
    build = store.live_build(tmp_path / "idx")
    size = sum(p.stat().st_size for p in build.glob(f"*.{posting_arrays.EXTENSION}"))
    assert size > 0
    assert WhooshBackend(tmp_path / "idx").pretouch_bytes() == int(size * PRETOUCH_SHARE)
    assert WhooshBackend(tmp_path / "idx", cache_bytes=size // 8).pretouch_bytes() == size // 8
    assert WhooshBackend(tmp_path / "none").pretouch_bytes() == 0

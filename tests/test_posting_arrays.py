"""Posting arrays beside each segment: written by the indexer, the same postings as
Whoosh's blocks, checked before use, rebuilt when missing, removed with their segment."""

from __future__ import annotations

import doctest
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer import posting_arrays, store
from indexer.build import rebuild, update
from indexer.posting_arrays import ArraysMismatch, SegmentArrays, derive, ensure, file_name
from indexer_fixtures import corpus  # noqa: F401  (fixture)
from search_app.arrays import ArrayCache, IndexArrays, _leaf_postings, _raw_matcher, _w3_extent


def segments(index: Path):
    """(leaf reader, segment id, doc count) of each segment of the live build."""
    ix = store.open_index(index)
    reader = ix.reader()
    return ix, reader, [(leaf, leaf.segment().segment_id(), leaf.segment().doc_count_all())
                        for leaf, _ in reader.leaf_readers()]


def arrays_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name.endswith(".arrays")}


def test_the_doc_example_holds():
    assert doctest.testmod(posting_arrays).failed == 0


def test_every_segment_has_its_arrays_and_nothing_else_does(many_index):
    ix, reader, segs = segments(many_index)
    try:
        folder = store.live_build(many_index)
        assert len(segs) >= 2
        for _, seg_id, count in segs:
            SegmentArrays.open(folder, seg_id, count)
        assert arrays_files(folder) == {file_name(seg_id) for _, seg_id, _ in segs}
        assert not [p for p in folder.iterdir() if p.name.startswith(".posting-arrays")]
    finally:
        reader.close()


def test_the_arrays_hold_whooshs_postings_and_blocks(many_index):
    ix, reader, segs = segments(many_index)
    try:
        folder = store.live_build(many_index)
        checked = 0
        for leaf, seg_id, count in segs:
            mapped = SegmentArrays.open(folder, seg_id, count)
            for fieldname, btext in leaf.all_terms():
                extent = _w3_extent(leaf, fieldname, btext)
                if extent is None:  # inlined in its term info by Whoosh's writer
                    continue
                docs, weights, offsets, firsts = _leaf_postings(leaf, fieldname, btext)
                got = mapped.postings(extent[1])
                assert got is not None, (fieldname, btext)
                assert got[0].tolist() == docs.tolist()
                assert got[1].tolist() == weights.tolist()
                assert got[2].tolist() == offsets.tolist()
                assert got[3][:-1].tolist() == firsts.tolist() and got[3][-1] == len(docs)
                checked += 1
        assert checked > 1000
    finally:
        reader.close()


def test_the_arrays_hold_the_short_fields_positions(many_index):
    """A title's or a lead's positions, decoded, posting by posting as Whoosh reads
    them; none for the whole text's."""
    ix, reader, segs = segments(many_index)
    flat = posting_arrays.flat_fields(ix.schema)
    assert {"title_fold", "lead_fold", "headline_fold"} <= flat and "text_fold" not in flat
    try:
        folder = store.live_build(many_index)
        checked = set()
        for leaf, seg_id, count in segs:
            mapped = SegmentArrays.open(folder, seg_id, count)
            for fieldname, btext in leaf.all_terms():
                extent = _w3_extent(leaf, fieldname, btext)
                if extent is None or not leaf.schema[fieldname].format.supports("positions"):
                    continue
                got = mapped.positions(extent[1])
                if fieldname not in flat:
                    assert got is None
                    continue
                positions, starts = got
                docs = mapped.postings(extent[1])[0].tolist()
                assert len(starts) == len(docs) + 1
                m = _raw_matcher(leaf, fieldname, btext)  # deleted documents too
                while m.is_active():
                    i = docs.index(m.id())
                    assert positions[starts[i]:starts[i + 1]].tolist() == m.value_as("positions")
                    m.next()
                checked.add(fieldname)
        assert {"title", "title_fold", "title_syl", "person_names"} <= checked  # (no leads here)
    finally:
        reader.close()


def test_the_writers_file_is_what_the_segment_gives_back(many_index, tmp_path):
    ix, reader, segs = segments(many_index)
    try:
        folder = store.live_build(many_index)
        leaf, seg_id, _ = segs[0]
        derived = derive(leaf, tmp_path, seg_id)
        assert derived.read_bytes() == (folder / file_name(seg_id)).read_bytes()
    finally:
        reader.close()


def test_an_unknown_extent_finds_nothing(many_index):
    ix, reader, segs = segments(many_index)
    try:
        _, seg_id, count = segs[0]
        mapped = SegmentArrays.open(store.live_build(many_index), seg_id, count)
        assert mapped.postings(-1) is None
        assert mapped.postings(int(mapped.arrays["extents"][-1]) + 1) is None
    finally:
        reader.close()


@pytest.fixture
def index_copy(many_index, tmp_path) -> Path:
    """A copy of the many-article index that a test may damage."""
    target = tmp_path / "index"
    shutil.copytree(many_index, target, symlinks=True)
    return target


def _rewrite_header(path: Path, **changes) -> None:
    import json

    data = bytearray(path.read_bytes())
    start = len(posting_arrays.MAGIC) + 4
    length = int.from_bytes(data[len(posting_arrays.MAGIC):start], "little")
    meta = json.loads(data[start:start + length])
    meta.update(changes)
    new = json.dumps(meta, sort_keys=True).encode()
    assert len(new) <= length
    data[start:start + length] = new + b" " * (length - len(new))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["schema", "segment", "doc_count", "format", "cut", "magic", "offsets"])
def test_a_file_that_does_not_match_its_segment_is_refused(index_copy, damage):
    folder = store.live_build(index_copy)
    ix, reader, segs = segments(index_copy)
    reader.close()
    _, seg_id, count = segs[0]
    path = folder / file_name(seg_id)
    if damage == "cut":
        path.write_bytes(path.read_bytes()[:-100])
    elif damage == "magic":
        path.write_bytes(b"NOTARRAY" + path.read_bytes()[8:])
    elif damage == "offsets":
        _rewrite_header(path, offsets=None)
    else:
        _rewrite_header(path, **{damage: {"schema": -1, "segment": "MAIN_other", "doc_count": count + 1,
                                          "format": 99}[damage]})
    with pytest.raises(ArraysMismatch):
        SegmentArrays.open(folder, seg_id, count)


def test_search_reads_whooshs_blocks_where_a_file_is_refused_and_says_so(index_copy, caplog):
    folder = store.live_build(index_copy)
    ix, reader, segs = segments(index_copy)
    reader.close()
    seg_id = segs[0][1]
    expected = {}
    with store.open_index(index_copy).searcher() as searcher:
        arrays = IndexArrays(searcher, ArrayCache())
        assert all(m is not None for m in arrays._mapped.values())
        for term in ("son", "la", "hoi", "nghi"):
            expected[term] = [a.tolist() for a in arrays.postings("text_fold", term)]
    _rewrite_header(folder / file_name(seg_id), schema=-1)
    with caplog.at_level(logging.WARNING, logger="search_app.arrays"):
        with store.open_index(index_copy).searcher() as searcher:
            arrays = IndexArrays(searcher, ArrayCache())
            unmapped = [key for key, m in arrays._mapped.items() if m is None]
            assert [key[1] for key in unmapped] == [seg_id]
            for term, want in expected.items():
                assert [a.tolist() for a in arrays.postings("text_fold", term)] == want
    assert any("no usable posting arrays" in r.getMessage() and seg_id in r.getMessage()
               for r in caplog.records)


def test_ensure_writes_what_is_missing_and_only_that(index_copy):
    folder = store.live_build(index_copy)
    ix, reader, segs = segments(index_copy)
    reader.close()
    seg_id = segs[-1][1]
    original = (folder / file_name(seg_id)).read_bytes()
    (folder / file_name(seg_id)).unlink()
    assert ensure(store.open_index(index_copy)) == [seg_id]
    assert (folder / file_name(seg_id)).read_bytes() == original
    assert ensure(store.open_index(index_copy)) == []


def test_updates_that_merge_segments_leave_one_file_per_segment(corpus, tmp_path):
    index = tmp_path / "index"
    rebuild([corpus], index, jobs=1)
    for i in range(6):
        (corpus / f"added_{i}.txt").write_text(
            f"Tin thêm số {i}\n\nNgày {i + 1} tháng 3 năm 2021\n\nÔng Nguyễn Văn An nói về Sơn La lần {i}.\n",
            encoding="utf-8")
        update([corpus], index, jobs=1)
    ix, reader, segs = segments(index)
    try:
        folder = store.live_build(index)
        assert arrays_files(folder) == {file_name(seg_id) for _, seg_id, _ in segs}
        for leaf, seg_id, count in segs:
            SegmentArrays.open(folder, seg_id, count)
    finally:
        reader.close()
    with store.open_index(index).searcher() as searcher:
        arrays = IndexArrays(searcher, ArrayCache())
        docs = arrays.docs("text_fold", "an")
        assert len(docs) >= 6
        assert np.all(np.diff(docs) > 0)


def test_arrays_written_after_the_view_was_opened_are_taken_up(index_copy, monkeypatch):
    import search_app.arrays as arrays_module

    folder = store.live_build(index_copy)
    ix, reader, segs = segments(index_copy)
    reader.close()
    seg_id = segs[0][1]
    kept = (folder / file_name(seg_id)).read_bytes()
    (folder / file_name(seg_id)).unlink()
    monkeypatch.setattr(arrays_module, "REFRESH_EVERY", 0.0)
    with store.open_index(index_copy).searcher() as searcher:
        arrays = IndexArrays(searcher, ArrayCache())
        missing = [key for key, m in arrays._mapped.items() if m is None]
        assert [key[1] for key in missing] == [seg_id]
        before = [a.tolist() for a in arrays.postings("text_fold", "son")]
        (folder / file_name(seg_id)).write_bytes(kept)  # as an update's ensure() does
        arrays.cache.clear()
        assert [a.tolist() for a in arrays.postings("text_fold", "son")] == before
        assert all(m is not None for m in arrays._mapped.values())


def test_ensure_removes_what_a_dead_writer_left(index_copy):
    folder = store.live_build(index_copy)
    (folder / ".posting-arrays-4242-abc.docs").write_bytes(b"\0" * 64)
    assert ensure(store.open_index(index_copy)) == []
    assert not list(folder.glob(".posting-arrays-*"))

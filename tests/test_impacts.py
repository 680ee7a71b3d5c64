"""Impacts beside each segment: each posting's BM25F part, written by the indexer after
every build and update, checked against the view that reads them, rewritten when stale."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from whoosh.scoring import BM25F

from indexer import impacts, store
from indexer.impacts import ImpactsMismatch, SegmentImpacts
from indexer.posting_arrays import SegmentArrays


def leaves(index):
    ix = store.open_index(index)
    return ix, [(leaf, leaf.segment().segment_id(), leaf.segment().doc_count_all())
                for leaf, _ in ix.reader().leaf_readers()]


def test_each_posting_holds_its_bm25f_part(many_index):
    """``tf * (K1 + 1) / (tf + norm)``, the norm from the document's length and the
    field's average length over the whole index."""
    ix, segs = leaves(many_index)
    folder = store.live_build(many_index)
    w = BM25F()
    with ix.searcher() as searcher:
        for leaf, seg_id, count in segs:
            arrays = SegmentArrays.open(folder, seg_id, count)
            found = SegmentImpacts.open(folder, seg_id, count)
            assert set(found.fields) == {n for n in searcher.schema.scorable_names()
                                         if n in found.fields}  # scored fields only
            for name, f in found.fields.items():
                average = searcher.avg_field_length(name)
                assert f["average"] == average and (f["K1"], f["B"]) == (w.K1, w.B)
                docs = arrays.arrays["docs"][f["lo"]:f["hi"]]
                tf = arrays.arrays["weights"][f["lo"]:f["hi"]].astype(np.float64)
                lengths = impacts.leaf_lengths(leaf, name)[docs]
                want = tf * (w.K1 + 1) / (tf + w.K1 * ((1 - w.B) + w.B * lengths / average))
                got = found.of(name, f["lo"], f["hi"])
                assert np.allclose(got, want, rtol=1e-12), name


def test_the_fields_ranges_follow_one_another_in_the_posting_arrays(many_index):
    _, segs = leaves(many_index)
    folder = store.live_build(many_index)
    for leaf, seg_id, count in segs:
        arrays = SegmentArrays.open(folder, seg_id, count)
        ranges = sorted(impacts._field_ranges(leaf, arrays).values())
        assert ranges[-1][1] == arrays.posting_count
        assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))


def test_a_cut_or_stale_file_is_refused_and_ensure_writes_it_again(many_index, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(many_index, index, symlinks=True)
    ix, segs = leaves(index)
    folder = store.live_build(index)
    _, seg_id, count = segs[0]
    path = folder / impacts.file_name(seg_id)
    path.write_bytes(path.read_bytes()[:-8])
    with pytest.raises(ImpactsMismatch, match="cut short"):
        SegmentImpacts.open(folder, seg_id, count)
    assert impacts.ensure(ix) == [seg_id]
    path.write_bytes((folder / impacts.file_name(segs[1][1])).read_bytes())  # another segment's
    with pytest.raises(ImpactsMismatch, match="segment"):
        SegmentImpacts.open(folder, seg_id, count)
    assert impacts.ensure(ix) == [seg_id]
    assert impacts.ensure(ix) == []  # every file fits now
    assert SegmentImpacts.open(folder, seg_id, count).fits(
        "text_fold", 1.2, 0.75, ix.searcher().avg_field_length("text_fold"),
        SegmentArrays.open(folder, seg_id, count).posting_count)
    # a weighting of other parameters: every segment's is written again for it
    assert sorted(impacts.ensure(ix, BM25F(K1=2.0))) == sorted(s for _, s, _ in segs)
    assert not any(path.name.startswith(".impacts-") for path in folder.iterdir())

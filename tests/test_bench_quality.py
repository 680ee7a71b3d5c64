"""bench/quality.py: the first-words ambiguity split that the report leans on."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
quality = pytest.importorskip("quality")


def test_tie_ceiling():
    assert quality.tie_ceiling(1) == 1.0
    assert quality.tie_ceiling(2) == pytest.approx(0.75)
    assert quality.tie_ceiling(3) == pytest.approx((1 + 1 / 2 + 1 / 3) / 3)
    # Only ranks 1..10 count: 20 tied titles leave 1/20 of the first ten's reciprocals.
    assert quality.tie_ceiling(20) == pytest.approx(sum(1 / r for r in range(1, 11)) / 20)


def test_first_words_ambiguity_counts_titles_syllable_for_syllable():
    titles = {
        "a": "Thanh tra, kiểm tra như 'vòng kim cô' kiềm tỏa doanh nghiệp",
        "b": "Thanh tra kiểm tra như 'vòng kim cô' gây kìm tỏa doanh nghiệp",  # a comma apart
        "c": "Giá vàng hôm nay tăng mạnh",
        "d": "Giá vàng hôm qua giảm",  # shares four words with c, not five
    }
    records = [SimpleNamespace(id=i, title=t) for i, t in titles.items()]
    queries = {kind: [(q(quality.first_words(titles[i])), i) for i in ("a", "c")]
               for kind, q in (("first5", str), ("first5_accentless", quality.unaccent))}
    known = {(kind, "ours"): {"ranks": [2, 1]} for kind in queries}
    out = quality.first_words_ambiguity(records, queries, known, ["ours"])
    for kind in queries:
        assert out[kind]["ambiguous"] == 1  # a's opening also begins b
        assert out[kind]["ceiling"] == pytest.approx((0.75 + 1.0) / 2)
        assert out[kind]["unambiguous_mrr"] == {"ours": 1.0}  # c, found first

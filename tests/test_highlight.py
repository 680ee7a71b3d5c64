"""Snippets: the syllables that match a query are found by a pattern over the text's
bare letters, and exactly the ones a syllable-by-syllable reading marks."""

from __future__ import annotations

import itertools

import pytest

from conftest import FIXTURE_ARTICLES

from indexer.analysis import syllables
from search_app import highlight

TEXTS = [p.read_text(encoding="utf-8") for p in sorted(FIXTURE_ARTICLES.glob("*.txt"))] + [
    "Kĩ thuật và kỹ sư; KỸ NĂNG, ki-lô-mét, Kylian, U23 Việt Nam năm 2019: 4,45ha.",
    "Hoà bình, hòa bình, HOÀ BÌNH; thuỷ điện, thủy lợi; Đắk Lắk, đăk lăk, Quy Nhơn, Qui Nhơn.",
    "İstanbul and straße: letters whose lower case is longer fall back to reading every syllable.",
    "Sơn La là tỉnh miền núi; sơn là màu hồng; La Habana; sơn  la; Sơn-La.",
]


def _slowly(text, terms):
    real = highlight._candidate_spans
    highlight._candidate_spans = lambda t, _: highlight._syllables(t)
    try:
        return highlight._matches(text, terms)
    finally:
        highlight._candidate_spans = real


def _terms():
    words = {"hội", "nghị", "sơn", "la", "là", "kỹ", "ky", "hòa", "hoà", "thủy", "quy", "đắk", "2019", "u", "45",
             "ha", "bình", "tỉnh", "lắk"}
    for accented in (False, True):
        keys = {highlight._key(w, not accented) for w in words}
        for size in (1, 2, 4):
            for chosen in itertools.islice(itertools.combinations(sorted(keys), size), 0, 40, 3):
                yield (set(chosen), not accented, set(), set())
                yield (set(chosen), not accented, {"thu"}, set())
                if size == 2:
                    yield (set(chosen), not accented, set(), {tuple(chosen)})


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_the_pattern_finds_exactly_the_syllables_a_full_reading_marks(text):
    for terms in _terms():
        assert highlight._matches(text, terms) == _slowly(text, terms), terms


def test_a_text_whose_lower_case_is_longer_keeps_its_offsets():
    text = TEXTS[-2]
    assert len(text.lower()) != len(text)
    start = text.index("letters")
    assert highlight._matches(text, ({"letters"}, True, set(), set())) == [(start, start + 7)]
    assert highlight._matches(text, ({"istanbul"}, True, set(), set())) == _slowly(text, ({"istanbul"}, True,
                                                                                         set(), set()))


def test_every_syllable_kind_has_a_pattern():
    assert highlight._candidates(frozenset({"sơn", "2019"}), frozenset({"thu"})) is not None
    assert highlight._candidates(frozenset({"a_b"}), frozenset()) is None  # read syllable by syllable
    assert syllables("U23") == ["U", "23"]

"""Tests for search_app.phrases: words in a row and title starts, found for many
documents at once exactly where Whoosh's span joining finds them."""
from __future__ import annotations

import random

import numpy as np
import pytest
from whoosh.query.spans import Span, SpanNear2

from search_app.phrases import any_in_each, in_row, starts


class _WhooshJoiner:
    """Whoosh's own ordered span joining (``SpanNear2``, what ``Phrase`` matches with),
    run over positions given as lists: the yardstick for the ranker's array joins."""

    _get_spans = SpanNear2.SpanNear2Matcher._get_spans

    class _Word:
        def __init__(self, positions):
            self.positions = positions

        def spans(self):
            return [Span(p) for p in self.positions]

    def __init__(self, slop: int, positions: list[list[int]]):
        self.slop, self.ordered, self.mindist = slop, True, 1
        self.ms = [self._Word(p) for p in positions]

    def spans(self):
        return self._get_spans() if len(self.ms) > 1 else self.ms[0].spans()


@pytest.mark.parametrize("words,slop", [(2, 1), (2, 2), (2, 4), (3, 1), (3, 2), (4, 1), (5, 3)])
def test_words_in_a_row_are_joined_over_many_documents_at_once_as_whoosh_joins_them(words, slop):
    """``in_row`` (whole arrays, every document at once) finds a phrase wherever
    Whoosh's span joining finds it, document by document; the same word twice in a
    phrase shares its positions."""
    rng = random.Random(words * 10 + slop)
    docs = []
    for _ in range(3000):
        positions = [sorted(rng.sample(range(40), rng.randint(1, 6))) for _ in range(words)]
        if words > 2 and rng.random() < 0.2:
            positions[-1] = positions[0]
        docs.append(positions)

    def flat(word):
        lists = [d[word] for d in docs]
        return np.array([p for ps in lists for p in ps]), np.cumsum([0] + [len(ps) for ps in lists])

    expected = [bool(_WhooshJoiner(slop, d).spans()) for d in docs]
    assert in_row([flat(w) for w in range(words)], slop).tolist() == expected
    positions, bounds = flat(0)
    assert any_in_each(positions == 3, bounds).tolist() == [3 in d[0] for d in docs]


@pytest.mark.parametrize("words", [1, 2, 3, 4])
def test_a_title_start_is_found_as_whoosh_finds_it(words):
    rng = random.Random(words)
    for _ in range(3000):
        # Small positions, often repeated across words (the same word twice).
        positions = [sorted(rng.sample(range(8), rng.randint(1, 3))) for _ in range(words)]
        spans = _WhooshJoiner(1, positions).spans()  # Whoosh's span joining, then SpanFirst's limit
        expected = any(span.end <= words - 1 for span in spans)
        assert starts(positions) == expected, positions

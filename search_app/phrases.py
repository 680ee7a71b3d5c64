"""Where words stand: the phrase and title-start rules, on positions held as flat arrays.

The ranker (``ranking.py``) checks a phrase for thousands of documents at once.  Each
word's positions in those documents come as one flat array with, for each document, where
its positions start (``IndexArrays.flat_positions``); ``in_row`` and ``any_in_each``
answer for every document at once what Whoosh's span joining answers for each one
(``tests/test_phrases.py`` compares them with it).
"""

from __future__ import annotations

import numpy as np


def starts(positions: list[list[int]]) -> bool:
    """Whether words at these positions begin a field, as ``StartsWith`` (Whoosh's
    ``SpanFirst`` over words in a row) has it: word i stands at position i, since the
    row must end by position n - 1 (tests/test_phrases.py checks this against Whoosh).
    For one document; the ranker applies it to many at once, word by word, with
    ``any_in_each(positions == i, starts)``.

    >>> starts([[0, 4], [1]]), starts([[0], [2]])
    (True, False)
    """
    return all(i in words for i, words in enumerate(positions))


def any_in_each(hit: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each document, whether ``hit`` holds for one of its positions (the ``i``-th
    document's are ``starts[i]`` to ``starts[i + 1]`` of the flat arrays).

    >>> any_in_each(np.array([False, True, False, False]), np.array([0, 2, 2, 4])).tolist()
    [True, False, False]
    """
    counts = np.zeros(len(hit) + 1, dtype=np.int64)
    np.cumsum(hit, out=counts[1:])
    return counts[starts[1:]] > counts[starts[:-1]]


def in_row(per_word: list, slop: int) -> np.ndarray:
    """For each document, whether its words stand in a row: each next word 1 to ``slop``
    places after where the row so far ends, from each word's ``flat_positions``.  This
    is Whoosh's ordered span joining (``SpanNear2``, which ``Phrase`` matches with) for
    words of one position each (tests/test_phrases.py checks it against Whoosh's).

    >>> at = lambda *docs: (np.array([p for d in docs for p in d]), np.cumsum([0] + [len(d) for d in docs]))
    >>> in_row([at([0, 5], [3], [1]), at([6], [5], [2])], 1).tolist()
    [True, False, True]
    >>> in_row([at([0, 5], [3], [1]), at([6], [5], [2])], 2).tolist()
    [True, True, True]
    >>> in_row([at([0, 5], [3]), at([6], [4]), at([8], [5])], 1).tolist()
    [False, True]
    """
    count = len(per_word[0][1]) - 1
    if any(not len(flat) for flat, _ in per_word):
        return np.zeros(count, dtype=bool)
    # Each position made unique over the documents: its document's number times a width
    # that no position plus the slop reaches, plus the position.
    width = int(max(flat.max() for flat, _ in per_word)) + slop + 1
    base = np.arange(count, dtype=np.int64) * width

    def keys(flat, starts):  # sorted: positions ascend within a document
        return np.repeat(base, np.diff(starts)) + flat

    ends = keys(*per_word[0])  # where a row of the words so far can end
    for flat, starts in per_word[1:]:
        after = keys(flat, starts)
        hit = np.zeros(len(after), dtype=bool)
        for d in range(1, slop + 1):
            wanted = after - d
            at = np.minimum(np.searchsorted(ends, wanted), len(ends) - 1)
            hit |= ends[at] == wanted
        ends = after[hit]
        if not len(ends):
            return np.zeros(count, dtype=bool)
    member = np.zeros(count, dtype=bool)
    member[ends // width] = True
    return member


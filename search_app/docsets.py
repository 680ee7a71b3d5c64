"""Set algebra on sets of documents held as sorted arrays of unique document numbers.

numpy's ``intersect1d``, ``union1d`` and ``setdiff1d`` sort the two arrays together,
which costs n log n in the longer one: on a large archive a common word's list has
hundreds of thousands of documents.  Here an intersection looks the shorter set up in
the longer one (``searchsorted``: m log n), and unions and counts of many long sets mark
a table of every document (linear, no sort) when that is cheaper than sorting them.

>>> import numpy as np
>>> a, b = np.array([1, 4, 7, 9]), np.array([0, 4, 5, 9, 12])
>>> intersect(a, b).tolist(), difference(a, b).tolist(), union([a, b], 13).tolist()
([4, 9], [1, 7], [0, 1, 4, 5, 7, 9, 12])
>>> at_least([a, b, np.array([9])], 2, 13).tolist()
[4, 9]
"""

from __future__ import annotations

import numpy as np

_EMPTY = np.zeros(0, dtype=np.int64)
# A union or count of sets whose sizes add up to more than this share of the archive is
# done on a table of every document rather than by sorting.
TABLE_FROM = 1 / 32


def _members(small: np.ndarray, large: np.ndarray) -> np.ndarray:
    """Which of ``small`` are in ``large`` (both sorted), as a mask over ``small``."""
    if not len(large):
        return np.zeros(len(small), dtype=bool)
    at = np.searchsorted(large, small)
    at[at == len(large)] = 0
    return large[at] == small


def intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) > len(b):
        a, b = b, a
    return a[_members(a, b)] if len(a) else a


def difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The documents of ``a`` not in ``b``."""
    if not len(a) or not len(b):
        return a
    return a[~_members(a, b)]


def union(sets: list[np.ndarray], doc_count: int) -> np.ndarray:
    sets = [s for s in sets if len(s)]
    if not sets:
        return _EMPTY
    if len(sets) == 1:
        return sets[0]
    if sum(len(s) for s in sets) > doc_count * TABLE_FROM:
        table = np.zeros(doc_count, dtype=bool)
        for s in sets:
            table[s] = True
        return np.flatnonzero(table)
    return np.unique(np.concatenate(sets))


def at_least(sets: list[np.ndarray], minimum: int, doc_count: int) -> np.ndarray:
    """The documents in at least ``minimum`` of ``sets``."""
    sets = [s for s in sets if len(s)]
    if len(sets) < minimum:
        return _EMPTY
    if sum(len(s) for s in sets) > doc_count * TABLE_FROM:
        counts = np.zeros(doc_count, dtype=np.int32)
        for s in sets:
            counts[s] += 1
        return np.flatnonzero(counts >= minimum)
    docs, counts = np.unique(np.concatenate(sets), return_counts=True)
    return docs[counts >= minimum]

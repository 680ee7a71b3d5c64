"""Set algebra on sets of documents held as sorted arrays of unique document numbers.

numpy's ``intersect1d``, ``union1d`` and ``setdiff1d`` sort the two arrays together,
which costs n log n in the longer one: on a large archive a common word's list has
hundreds of thousands of documents.  Here an intersection looks the shorter set up in
the longer one: by ``searchsorted`` (m log n) when the shorter is short, else on a table
of every document (linear; at 380,000 documents four times faster).  Unions and counts of
many long sets mark such a table too, when that is cheaper than sorting them.
``lookup`` gives the ranker each candidate's value in a term's list (its points), by
whichever of three ways costs least for the two sizes.

>>> import numpy as np
>>> a, b = np.array([1, 4, 7, 9]), np.array([0, 4, 5, 9, 12])
>>> intersect(a, b).tolist(), difference(a, b).tolist(), union([a, b], 13).tolist()
([4, 9], [1, 7], [0, 1, 4, 5, 7, 9, 12])
>>> at_least([a, b, np.array([9])], 2, 13).tolist()
[4, 9]
>>> found, values = lookup(b, np.array([.5, .4, .3, .2, .1]), a)
>>> found.tolist(), values.tolist()
([False, True, False, True], [0.0, 0.4, 0.0, 0.2])
"""

from __future__ import annotations

import threading

import numpy as np

_EMPTY = np.zeros(0, dtype=np.int64)
# A union or count of sets whose sizes add up to more than this share of the archive is
# done on a table of every document rather than by sorting.
TABLE_FROM = 1 / 32


# What looking ``wanted`` documents up in a set of ``docs`` costs, in nanoseconds a step
# measured on this project's machine (the choice needs only their ratios):
# ``searchsorted`` of each wanted document in the set (wanted * log2 docs steps), of each
# document of the set among the wanted ones (docs * log2 wanted, plus clearing a result per
# wanted one), or a table of every document, written, read and cleared (2 docs + wanted).
SEARCH_STEP, CLEAR_STEP, TABLE_STEP = 1.4, 0.3, 2.7

_tables = threading.local()


def _costs(docs: int, wanted: int) -> tuple[float, float, float]:
    """(wanted in docs, docs in wanted, table)."""
    return (SEARCH_STEP * wanted * np.log2(docs + 1),
            SEARCH_STEP * docs * np.log2(wanted + 1) + CLEAR_STEP * wanted,
            TABLE_STEP * (2 * docs + wanted))


def _table(size: int) -> np.ndarray:
    """This thread's table of NaN, a cell per document number below ``size`` at least.
    Whoever writes cells sets them back to NaN before returning."""
    table = getattr(_tables, "table", None)
    if table is None or len(table) < size:
        table = _tables.table = np.full(max(size, 2 * len(table) if table is not None else 0), np.nan)
    return table


def lookup(docs: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of ``wanted`` are in ``docs`` (both sorted), and the value ``values`` gives
    each (0 where absent), in ``values``' type: whichever way costs least."""
    if not len(docs) or not len(wanted):
        return np.zeros(len(wanted), dtype=bool), np.zeros(len(wanted), dtype=values.dtype)
    search, reverse, table_cost = _costs(len(docs), len(wanted))
    if table_cost < min(search, reverse):
        table = _table(int(max(docs[-1], wanted[-1])) + 1)
        try:
            table[docs] = values
            found = table[wanted]
        finally:
            table[docs] = np.nan
        mask = ~np.isnan(found)
        found[~mask] = 0.0
        return mask, found.astype(values.dtype, copy=False)
    if reverse < search:
        at = np.searchsorted(wanted, docs)
        inside = at < len(wanted)
        inside[inside] = wanted[at[inside]] == docs[inside]
        mask = np.zeros(len(wanted), dtype=bool)
        found = np.zeros(len(wanted), dtype=values.dtype)
        mask[at[inside]] = True
        found[at[inside]] = values[inside]
        return mask, found
    at = np.searchsorted(docs, wanted)
    at[at == len(docs)] = 0
    mask = docs[at] == wanted
    return mask, np.where(mask, values[at], values.dtype.type(0))


def members(small: np.ndarray, large: np.ndarray) -> np.ndarray:
    """Which of ``small`` are in ``large`` (both sorted), as a mask over ``small``."""
    if not len(large):
        return np.zeros(len(small), dtype=bool)
    search, _, table_cost = _costs(len(large), len(small))
    if table_cost < search:
        table = _table(int(max(large[-1], small[-1])) + 1)
        try:
            table[large] = 0.0
            return ~np.isnan(table[small])
        finally:
            table[large] = np.nan
    at = np.searchsorted(large, small)
    at[at == len(large)] = 0
    return large[at] == small


def places(docs: np.ndarray, some: np.ndarray) -> np.ndarray:
    """Where in ``docs`` each of ``some`` that it holds stands (both sorted), ascending:
    a cost that follows ``some``, however long ``docs`` is.

    >>> places(np.array([2, 4, 6, 8]), np.array([1, 4, 8, 9])).tolist()
    [1, 3]
    """
    if not len(docs) or not len(some):
        return _EMPTY
    at = np.searchsorted(docs, some)
    at = at[:np.searchsorted(at, len(docs))]  # past the end: the last of ``some``, if any
    return at[docs[at] == some[:len(at)]]


def intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) > len(b):
        a, b = b, a
    return a[members(a, b)] if len(a) else a


def difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The documents of ``a`` not in ``b``."""
    if not len(a) or not len(b):
        return a
    return a[~members(a, b)]


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

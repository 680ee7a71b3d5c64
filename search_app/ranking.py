"""Match and rank with whole arrays: Whoosh's query trees, evaluated with numpy.

Whoosh evaluates a query by stepping a tree of matchers one document at a time, in
Python.  On a 38,000-article archive a query of common words matches ten thousand
articles, and scoring each of them that way took most of a second.  This module gives
the same answers from whole posting lists at once (``arrays.py``):

* ``docset(query)``: the live documents a query matches, by sorted-array set algebra;
  only phrases need positions, and those are checked with Whoosh's own phrase matcher
  on the documents that have every word of the phrase.
* ``rank(query, docs, ...)``: the best of ``docs`` by the score Whoosh would give them
  (BM25F, with the same boosts, the same one-byte field lengths and the same rules for
  combining scores: ``And`` and ``Or`` add their matching clauses' scores, ``AndMaybe``
  adds the optional part where it matches, a compound of one clause ignores its own
  boost, a phrase scores as the sum of its words).

Phrases are what cost: their positions are read only for the few documents that can
reach the top.  Every document first gets an upper bound, its score as though each of
its phrases matched wherever all the phrase's words occur; the best ones by that bound
then get their exact score, and the set grows until no document left outside can beat
the last exact score kept (the threshold algorithm).  The top ``exact`` results are thus
exactly Whoosh's order (score, then document number).
"""

from __future__ import annotations

import time

import numpy as np
from whoosh import query as Q
from whoosh.query.qcore import QueryError
from whoosh.query.spans import Span, SpanNear2
from whoosh.scoring import BM25F

from . import docsets
from .arrays import IndexArrays
from .query_types import AtLeast, StartsWith

_EMPTY = np.zeros(0, dtype=np.int64)


class Ranker:
    def __init__(self, arrays: IndexArrays):
        self.arrays = arrays
        self.searcher = arrays.searcher
        self.weighting = self.searcher.weighting
        if not isinstance(self.weighting, BM25F):
            raise TypeError("the array ranker implements BM25F only")
        self._maybe: np.ndarray | None = None

    # -- matching ----------------------------------------------------------

    def all_docs(self) -> np.ndarray:
        docs = np.arange(self.arrays.doc_count, dtype=np.int64)
        return docs if self.arrays.live is None else docs[self.arrays.live]

    def docset(self, query) -> np.ndarray:
        """The live documents ``query`` matches, as a sorted array."""
        if isinstance(query, Q.Term):
            return self.arrays.live_only(self._points(query.fieldname, query.text)[0])
        if isinstance(query, Q.And):
            sets = sorted((self.docset(q) for q in query.subqueries), key=len)
            if not sets:
                return _EMPTY
            out = sets[0]
            for other in sets[1:]:
                if not len(out):
                    break
                out = docsets.intersect(out, other)
            return out
        if isinstance(query, AtLeast):
            return docsets.at_least([self.docset(q) for q in query.subqueries], query.minimum,
                                    self.arrays.doc_count)
        if isinstance(query, Q.ConstantScoreQuery):
            return self.docset(query.child)
        if isinstance(query, Q.Require):
            a = self.docset(query.a)
            return docsets.intersect(a, self.docset(query.b)) if len(a) else a
        if isinstance(query, Q.Or):
            return docsets.union([self.docset(q) for q in query.subqueries], self.arrays.doc_count)
        if isinstance(query, Q.AndNot):
            out = self.docset(query.a)
            return docsets.difference(out, self.docset(query.b)) if len(out) else out
        if isinstance(query, Q.AndMaybe):
            return self.docset(query.a)
        if isinstance(query, (Q.Phrase, StartsWith)):
            candidates = self.docset(Q.And([Q.Term(query.fieldname, w) for w in query.words]))
            return candidates[self._phrase_members(query, candidates)] if len(candidates) else candidates
        if isinstance(query, Q.Every):
            return self.all_docs()
        if query is Q.NullQuery:
            return _EMPTY
        return np.array(sorted(self.searcher.docs_for_query(query)), dtype=np.int64)

    def _phrase_members(self, query, docs: np.ndarray) -> np.ndarray:
        """Which of ``docs`` (sorted, each holding every word) hold the phrase.

        Each word's positions are decoded for just those documents, and the spans are
        joined by Whoosh's own phrase logic (``SpanNear2``, as ``Phrase`` uses), so a
        phrase matches exactly where Whoosh's phrase query would."""
        field = self.searcher.schema[query.fieldname]
        if not field.format or not field.format.supports("positions"):
            raise QueryError(f"Phrase search: {query.fieldname!r} field has no positions")
        if not len(docs):
            return np.zeros(0, dtype=bool)
        per_word = [self.arrays.positions(query.fieldname, w, docs) for w in query.words]
        if isinstance(query, StartsWith):
            joiner = _SpanJoiner(1, first=len(query.words) - 1)
        else:
            joiner = _SpanJoiner(query.slop)
        member = np.zeros(len(docs), dtype=bool)
        for i in range(len(docs)):
            member[i] = joiner.joins([words[i] for words in per_word])
        return member

    # -- scoring -----------------------------------------------------------

    def _term(self, q: Q.Term, cand: np.ndarray):
        docs, points = self._points(q.fieldname, q.text)
        if not len(docs):
            return np.zeros(len(cand), dtype=bool), np.zeros(len(cand))
        at = np.searchsorted(docs, cand)
        at[at == len(docs)] = 0
        mask = docs[at] == cand
        score = np.where(mask, points[at], 0.0)
        if q.boost != 1.0:
            score *= q.boost
        return mask, score

    def _points(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """A term's documents (deleted ones included) and what each scores for it (its
        BM25F part, which depends only on the term and the document; for a field that is
        not scored, its weight), computed once per index view and kept in the cache."""
        return self.arrays.cache.get(("points", self.arrays.view, fieldname, text),
                                     lambda: self._compute_points(fieldname, text))

    def _compute_points(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        docs, tf = self.arrays.postings(fieldname, text)
        field = self.searcher.schema[fieldname]
        if not len(docs) or not field.scorable:
            return docs, tf
        # BM25F as Whoosh computes it, idf * (tf * (K1 + 1)) / (tf + norm), with each
        # document's norm K1 * ((1 - B) + B * length / average) computed once per field:
        # the same operations on the same numbers, so the same scores to the last bit.
        K1 = self.weighting.K1
        points = tf * (K1 + 1)
        below = self._norms(fieldname)[docs]
        below += tf
        points /= below
        points *= self.arrays.idf(fieldname, text)
        return docs, points

    def _norms(self, fieldname: str) -> np.ndarray:
        """Every document's BM25F length norm in a field, for this index view."""
        def compute():
            w = self.weighting
            B = w._field_B.get(fieldname, w.B)
            return w.K1 * ((1 - B) + B * self.arrays.lengths(fieldname) / self.arrays.avg_length(fieldname))
        return self.arrays.cache.get(("norms", self.arrays.view, fieldname), compute)

    def _eval(self, q, cand: np.ndarray, exact: bool):
        """(matches, score) of every candidate; phrases are exact or upper bounds."""
        n = len(cand)
        if isinstance(q, Q.Term):
            return self._term(q, cand)
        if isinstance(q, AtLeast):
            results = [self._eval(s, cand, exact) for s in q.subqueries]
            count = np.sum([m for m, _ in results], axis=0)
            total = np.sum([s for _, s in results], axis=0)
            mask = count >= q.minimum
            return mask, np.where(mask, total * q.boost if q.boost != 1.0 else total, 0.0)
        if isinstance(q, Q.ConstantScoreQuery):
            mask, _ = self._eval(q.child, cand, exact)
            return mask, np.where(mask, q.score, 0.0)
        if isinstance(q, Q.Require):
            mask, score = self._eval(q.a, cand, exact)
            bmask, _ = self._eval(q.b, cand, exact)
            mask = mask & bmask
            return mask, np.where(mask, score, 0.0)
        if isinstance(q, (Q.And, Q.Or)):
            subs = q.subqueries
            if not subs:
                return np.zeros(n, dtype=bool), np.zeros(n)
            if len(subs) == 1:  # Whoosh ignores the boost of a compound of one
                return self._eval(subs[0], cand, exact)
            results = [self._eval(s, cand, exact) for s in subs]
            masks = np.array([m for m, _ in results])
            total = np.sum([s for _, s in results], axis=0)
            mask = masks.all(axis=0) if isinstance(q, Q.And) else masks.any(axis=0)
            score = np.where(mask, total * q.boost if q.boost != 1.0 else total, 0.0)
            return mask, score
        if isinstance(q, Q.AndMaybe):
            mask, score = self._eval(q.a, cand, exact)
            bmask, bscore = self._eval(q.b, cand, exact)
            return mask, score + np.where(mask & bmask, bscore, 0.0)
        if isinstance(q, Q.AndNot):
            # The candidates are documents the query matches: the exclusion has been
            # applied by ``docset`` already, and an excluded part adds no score.
            return self._eval(q.a, cand, exact)
        if isinstance(q, (Q.Phrase, StartsWith)):
            if not q.words:
                return np.zeros(n, dtype=bool), np.zeros(n)
            mask, score = self._eval(Q.And([Q.Term(q.fieldname, w) for w in q.words]), cand, exact)
            # A phrase of one word is that word; positions matter otherwise, and always
            # for a title start (the word must come first).
            if len(q.words) > 1 or isinstance(q, StartsWith):
                if not exact:
                    self._maybe |= mask  # an upper bound: checked later if it can matter
                elif mask.any():
                    sub = np.flatnonzero(mask)
                    mask = mask.copy()
                    mask[sub] = self._phrase_members(q, cand[sub])
            if isinstance(q, StartsWith):
                return mask, np.where(mask, q.value(self.searcher), 0.0)
            return mask, np.where(mask, score * q.boost if q.boost != 1.0 else score, 0.0)
        if q is Q.NullQuery:
            return np.zeros(n, dtype=bool), np.zeros(n)
        if isinstance(q, Q.Every):
            return np.ones(n, dtype=bool), np.zeros(n)
        return self._whoosh_eval(q, cand)

    def _whoosh_eval(self, q, cand: np.ndarray):
        """Anything else: Whoosh's matcher, jumped over the candidates."""
        mask = np.zeros(len(cand), dtype=bool)
        score = np.zeros(len(cand))
        context = self.searcher.context()
        for sub, reader, offset, _ in self.arrays.leaves:
            lo, hi = np.searchsorted(cand, [offset, offset + reader.doc_count_all()])
            if lo == hi:
                continue
            m = q.matcher(sub, context)
            for i in range(lo, hi):
                local = int(cand[i]) - offset
                if not m.is_active():
                    break
                if m.id() < local:
                    m.skip_to(local)
                    if not m.is_active():
                        break
                if m.id() == local:
                    mask[i] = True
                    score[i] = m.score()
        return mask, score

    def scores(self, query, cand: np.ndarray) -> np.ndarray:
        """The exact score of every candidate (sorted), as Whoosh would compute it."""
        return self._eval(query, cand, exact=True)[1]

    def rank(self, query, docs: np.ndarray, exact: int, window: int,
             deadline: float | None = None) -> tuple[list[tuple[int, float]], bool]:
        """The best ``window`` of ``docs`` (sorted, all matching ``query``) as (doc,
        score), best first; the first ``exact`` of them are exactly Whoosh's top.
        Also returns whether the deadline cut the exact part short."""
        n = len(docs)
        if not n:
            return [], False
        self._maybe = np.zeros(n, dtype=bool)
        try:
            _, upper = self._eval(query, docs, exact=False)
            maybe = self._maybe
        finally:
            self._maybe = None
        score = upper.copy()
        resolved = ~maybe
        order = np.lexsort((docs, -upper))
        timed_out = False
        if maybe.any():
            k = min(n, max(2 * exact, 32))
            while True:
                top = order[:k]
                need = top[~resolved[top]]
                if len(need):
                    need = np.sort(need)
                    score[need] = self.scores(query, docs[need])
                    resolved[need] = True
                if k >= n:
                    break
                best = np.sort(score[top])[::-1]
                kth = best[min(exact, len(best)) - 1] if exact else best[0]
                if upper[order[k]] < kth:
                    break
                if deadline is not None and time.monotonic() > deadline:
                    timed_out = True
                    break
                k = min(n, k * 4)
            # Rank what was scored exactly by the exact score; after them, the rest
            # by their bound (only for counting persons in the facet).
            head = order[:k]
            head = head[np.lexsort((docs[head], -score[head]))]
            tail = order[k:window] if k < window else order[:0]
            order = np.concatenate([head, tail])
        order = order[:window]
        return [(int(docs[i]), float(score[i])) for i in order], timed_out


class _SpanJoiner:
    """Runs Whoosh's ``SpanNear2`` span joining (what ``Phrase`` matches with) over
    positions given as lists instead of matchers."""

    _get_spans = SpanNear2.SpanNear2Matcher._get_spans

    class _Word:
        def __init__(self, positions):
            self.positions = positions

        def spans(self):
            return [Span(p) for p in self.positions]

    def __init__(self, slop: int, first: int | None = None):
        self.slop = slop
        self.ordered = True
        self.mindist = 1
        self.first = first  # SpanFirst's limit: the span must end at or before it

    def joins(self, positions: list[list[int]]) -> bool:
        if len(positions) == 2 and self.first is None:
            # Two words (most phrases, every proximity pair): for single positions
            # Whoosh's joining comes down to a second-word position 1..slop after a
            # first-word one (tests/test_ranking.py checks this against it).
            after = set(positions[1])
            return any(p + d in after for p in positions[0] for d in range(1, self.slop + 1))
        self.ms = [self._Word(p) for p in positions]
        spans = self._get_spans() if len(self.ms) > 1 else self.ms[0].spans()
        if self.first is not None:
            return any(span.end <= self.first for span in spans)
        return bool(spans)

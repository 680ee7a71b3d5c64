"""Match and rank with whole arrays: Whoosh's query trees, evaluated with numpy.

Whoosh evaluates a query by stepping a tree of matchers one document at a time, in
Python.  On a 38,000-article archive a query of common words matches ten thousand
articles, and scoring each of them that way took most of a second.  This module gives
the same answers from whole posting lists at once (``arrays.py``):

* ``docset(query)``: the live documents a query matches, by sorted-array set algebra;
  only phrases need positions, and those are joined as Whoosh's phrase matcher joins
  them, on the documents that have every word of the phrase.
* ``rank(query, docs, ...)``: the best of ``docs`` by the score Whoosh would give them
  (BM25F, with the same boosts, the same one-byte field lengths and the same rules for
  combining scores: ``And`` and ``Or`` add their matching clauses' scores, ``AndMaybe``
  adds the optional part where it matches, a compound of one clause ignores its own
  boost, a phrase scores as the sum of its words).

A term's score in a document is its idf times the posting's *impact*, ``tf * (K1 + 1) /
(tf + norm)``, which the indexer writes beside each segment (``indexer/impacts.py``): the
scores of a term of a long list (``IMPACTS_FROM`` postings or more) are looked up for the
candidates only, and multiplied by its idf, the same operations on the same numbers.  A
shorter list's points, and a long one's where no impacts fit this view of the index (an
update whose impacts are still being written, an index from before them), are computed
over the whole posting list, once per view, and kept.

Phrases in the whole text are what cost: their positions are read only for the few
documents that can reach the top.  Every document first gets an upper bound, its score
as though each such phrase matched wherever all the phrase's words occur; the best ones
by that bound then get their exact score, and the set grows until no document left
outside can beat the last exact score kept (the threshold algorithm).  The top
``exact`` results are thus exactly Whoosh's order (score, then document number).  A
phrase or title start in a short field (a title, a lead) is checked at once: its
positions are slices of the posting arrays, and an exact score lets the pruning below
drop more, sooner.

On a large archive a query of common words matches hundreds of thousands of articles,
and a ranked query adds some thirty optional boosts to them.  Before the bounds,
those boosts are taken one at a time, the highest first, and an article is dropped as
soon as everything it could still gain would not lift it to the ``window``-th best score
already certain (the MaxScore idea, on arrays): what the next boost is looked up for
shrinks as it goes.  A boost that can match only a few of the candidates (a title's
words, among the hundreds of thousands of articles that hold two common syllables) is
weighed on the documents of its posting lists only.  The results are the same as
without it, in the same order (``tests/test_ranking.py`` checks).
"""

from __future__ import annotations

import threading
import time

import numpy as np
from indexer.impacts import impacts_into, length_norms, weighting_of
from whoosh import query as Q
from whoosh.query.qcore import QueryError
from whoosh.scoring import BM25F

from . import docsets
from .phrases import any_in_each, in_row
from .arrays import IndexArrays, joined
from .query_types import AtLeast, StartsWith
from .settings import IMPACTS_FROM, LOOKED_BYTES, PRUNE_FROM, SPARSE_PART

_EMPTY = np.zeros(0, dtype=np.int64)


class Ranker:
    def __init__(self, arrays: IndexArrays):
        self.arrays = arrays
        self.searcher = arrays.searcher
        self.weighting = self.searcher.weighting
        if not isinstance(self.weighting, BM25F):
            raise TypeError("the array ranker implements BM25F only")
        self._maybe: np.ndarray | None = None
        self._looked: dict | None = None  # the terms looked up while ranking
        self._looked_bytes = 0

    def warm(self) -> None:
        """Compute every scored field's length norms for this index view, before a
        query needs them (some 3 ms a field at 380,000 articles)."""
        for fieldname in self.searcher.schema.scorable_names():
            self._norms(fieldname)

    def rewarm(self, limit: int) -> int:
        """Ready for this index view the terms most recently ranked on an earlier one (up
        to ``limit`` of each kind): their documents, their points where no impacts fit
        (after an update, a term's points change with the archive's statistics), their
        ceilings; the next queries are likely to ask for the same terms.  How many."""
        done = 0
        for kind in ("points", "docs"):
            for _, view, fieldname, text in self.arrays.cache.recent(kind, limit):
                if view != self.arrays.view:
                    self._docs(fieldname, text)
                    self._top_points(fieldname, text)
                    done += 1
        return done

    # -- matching ----------------------------------------------------------

    def all_docs(self) -> np.ndarray:
        docs = np.arange(self.arrays.doc_count, dtype=np.int64)
        return docs if self.arrays.live is None else docs[self.arrays.live]

    def docset(self, query) -> np.ndarray:
        """The live documents ``query`` matches, as a sorted array."""
        if isinstance(query, Q.Term):
            return self.arrays.live_only(self._docs(query.fieldname, query.text))
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

        Each word's positions are decoded for just those documents (``flat_positions``)
        and joined as Whoosh's phrase logic (``SpanNear2``, as ``Phrase`` uses) joins
        them, so a phrase matches exactly where Whoosh's phrase query would, with
        whole-array operations."""
        field = self.searcher.schema[query.fieldname]
        if not field.format or not field.format.supports("positions"):
            raise QueryError(f"Phrase search: {query.fieldname!r} field has no positions")
        if not len(docs):
            return np.zeros(0, dtype=bool)
        if isinstance(query, StartsWith):
            # ``starts``, applied word by word.  Most documents fail on the first word,
            # and then the next words' positions are not read.
            member = np.ones(len(docs), dtype=bool)
            for i, word in enumerate(query.words):
                left = np.flatnonzero(member)
                if not len(left):
                    break
                flat, starts = self.arrays.flat_positions(query.fieldname, word, docs[left])
                member[left] = any_in_each(flat == i, starts)
            return member
        return in_row([self.arrays.flat_positions(query.fieldname, w, docs) for w in query.words],
                       query.slop)

    # -- scoring -----------------------------------------------------------

    def _term(self, q: Q.Term, cand: np.ndarray):
        # A query names the same term in several parts (a word in the tiers, in the
        # title's start, in a phrase): while ranking, each is looked up once per set of
        # candidates.  The entry holds the candidates, so their id is not reused.
        key = (id(cand), q.fieldname, q.text)
        seen = self._looked.get(key) if self._looked is not None else None
        if seen is not None:
            _, mask, score = seen
        else:
            mask, score = self._lookup(q.fieldname, q.text, cand)
            if self._looked is not None and self._looked_bytes < LOOKED_BYTES:
                self._looked[key] = (cand, mask, score)
                self._looked_bytes += mask.nbytes + score.nbytes
        return mask, score * q.boost if q.boost != 1.0 else score

    def _lookup(self, fieldname: str, text, cand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of ``cand`` (sorted) hold a term, and what each scores for it: from the
        impacts the indexer wrote, looked up for the candidates only and multiplied by
        the term's idf (the points' last operation, so the same numbers); else from the
        points computed for the whole list."""
        impacts = self._impacts(fieldname, text)
        if impacts is None:
            docs, points = self._points(fieldname, text)
            if not len(docs):
                return np.zeros(len(cand), dtype=bool), np.zeros(len(cand))
            return docsets.lookup(docs, points, cand)
        mask, score = np.zeros(len(cand), dtype=bool), np.zeros(len(cand))
        for docs, values, offset, count in impacts:
            lo, hi = np.searchsorted(cand, (offset, offset + count))
            if lo < hi:
                local = (cand[lo:hi] - offset).astype(docs.dtype)  # not the whole list cast
                mask[lo:hi], score[lo:hi] = docsets.lookup(docs, values, local)
        score *= self.arrays.idf(fieldname, text)
        return mask, score

    def _impacts(self, fieldname: str, text):
        """``IndexArrays.impacts`` of a scored field's term under this weighting, or None
        (then its points are computed and kept): for a term of ``IMPACTS_FROM`` postings
        or more, whose points would cost most to compute and to keep."""
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None or not field.scorable or self.arrays.count(fieldname, text) < IMPACTS_FROM:
            return None
        return self.arrays.impacts(fieldname, text, *weighting_of(self.weighting, fieldname))

    def _points(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """A term's documents (deleted ones included) and what each scores for it (its
        BM25F part, which depends only on the term and the document; for a field that is
        not scored, its weight), computed once per index view and kept in the cache."""
        return self.arrays.cache.get(("points", self.arrays.view, fieldname, text),
                                     lambda: self._compute_points(fieldname, text))

    def _compute_points(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None or not field.scorable:
            return self.arrays.postings(fieldname, text)
        # BM25F as Whoosh computes it, idf * (tf * (K1 + 1)) / (tf + norm), with each
        # document's norm K1 * ((1 - B) + B * length / average) computed once per field:
        # the same operations on the same numbers, so the same scores to the last bit.
        # Computed segment by segment straight from the mapped lists (int32 documents,
        # float32 frequencies, each widened exactly as it is read): the lists are never
        # joined into a copy first.
        K1 = self.weighting.K1
        norms = self._norms(fieldname)
        idf = self.arrays.idf(fieldname, text)

        def fill(local, tf, offset, out):
            below = _scratch(len(local))  # reused: fresh memory costs a page fault a page
            np.take(norms[offset:], local, out=below, mode="clip")  # (every index is in range)
            impacts_into(tf, below, K1, out)  # as the indexer computes them
            out *= idf  # while this segment's part is still in the processor's cache

        return joined(self.arrays.parts(fieldname, text), fill)

    def _norms(self, fieldname: str) -> np.ndarray:
        """Every document's BM25F length norm in a field, for this index view."""
        def compute():
            K1, B = weighting_of(self.weighting, fieldname)
            return length_norms(self.arrays.lengths(fieldname), K1, B, self.arrays.avg_length(fieldname))
        return self.arrays.cache.get(("norms", self.arrays.view, fieldname), compute)

    def _eval(self, q, cand: np.ndarray, exact: bool):
        """(matches, score) of every candidate; phrases are exact or upper bounds."""
        n = len(cand)
        if isinstance(q, Q.Term):
            return self._term(q, cand)
        if isinstance(q, AtLeast):
            count = np.zeros(n, dtype=np.int32)
            total = np.zeros(n)
            for s in q.subqueries:
                m, score = self._eval(s, cand, exact)
                count += m
                total += score
            mask = count >= q.minimum
            return mask, _scaled(total, mask, q.boost)
        if isinstance(q, Q.ConstantScoreQuery):
            mask = self._matches(q.child, cand, exact)
            return mask, np.where(mask, q.score, 0.0)
        if isinstance(q, Q.Require):
            mask, score = self._eval(q.a, cand, exact)
            mask = mask & self._matches(q.b, cand, exact)
            return mask, np.where(mask, score, 0.0)
        if isinstance(q, (Q.And, Q.Or)):
            subs = q.subqueries
            if not subs:
                return np.zeros(n, dtype=bool), np.zeros(n)
            if len(subs) == 1:  # Whoosh ignores the boost of a compound of one
                return self._eval(subs[0], cand, exact)
            # Added up in place, in the order of the parts (what numpy's sum over a
            # stack of them did, to the last bit), without stacking them.
            mask, score = self._eval(subs[0], cand, exact)
            mask, total = mask.copy(), score.copy()
            both = isinstance(q, Q.And)
            for s in subs[1:]:
                m, score = self._eval(s, cand, exact)
                if both:
                    mask &= m
                else:
                    mask |= m
                total += score
            return mask, _scaled(total, mask, q.boost)
        if isinstance(q, Q.AndMaybe):
            mask, score = self._eval(q.a, cand, exact)
            bmask, bscore = self._eval(q.b, cand, exact)
            return mask, score + np.where(mask & bmask, bscore, 0.0)
        if isinstance(q, Q.AndNot):
            # The candidates are documents the query matches: the exclusion has been
            # applied by ``docset`` already, and an excluded part adds no score.
            return self._eval(q.a, cand, exact)
        if isinstance(q, StartsWith):
            mask = self._matches(q, cand, exact)
            return mask, np.where(mask, q.value(self.searcher), 0.0)
        if isinstance(q, Q.Phrase):
            if not q.words:
                return np.zeros(n, dtype=bool), np.zeros(n)
            mask, score = self._eval(Q.And([Q.Term(q.fieldname, w) for w in q.words]), cand, exact)
            if len(q.words) > 1:  # a phrase of one word is that word
                mask = self._positioned(q, cand, mask, exact)
            return mask, np.where(mask, score * q.boost if q.boost != 1.0 else score, 0.0)
        if q is Q.NullQuery:
            return np.zeros(n, dtype=bool), np.zeros(n)
        if isinstance(q, Q.Every):
            return np.ones(n, dtype=bool), np.zeros(n)
        return self._whoosh_eval(q, cand)

    def _matches(self, q, cand: np.ndarray, exact: bool) -> np.ndarray:
        """Which of ``cand`` match ``q`` (``_eval``'s mask, without the scores: what a
        constant score and a requirement read); phrases exactly or as upper bounds, as
        there."""
        if isinstance(q, Q.Term):
            return self._term(q, cand)[0]
        if isinstance(q, (Q.And, Q.Or)) and not isinstance(q, AtLeast) and q.subqueries:
            mask = self._matches(q.subqueries[0], cand, exact).copy()
            for s in q.subqueries[1:]:
                if isinstance(q, Q.And):
                    mask &= self._matches(s, cand, exact)
                else:
                    mask |= self._matches(s, cand, exact)
            return mask
        if isinstance(q, Q.ConstantScoreQuery):
            return self._matches(q.child, cand, exact)
        if isinstance(q, (Q.Phrase, StartsWith)):
            if not q.words:  # nothing to find: nothing matches
                return np.zeros(len(cand), dtype=bool)
            mask = self._matches(Q.And([Q.Term(q.fieldname, w) for w in q.words]), cand, exact)
            # A phrase of one word is that word; a title start checks where it stands.
            return self._positioned(q, cand, mask, exact) if len(q.words) > 1 or isinstance(q, StartsWith) else mask
        return self._eval(q, cand, exact)[0]

    def _positioned(self, q, cand: np.ndarray, mask: np.ndarray, exact: bool) -> np.ndarray:
        """``mask`` (the candidates that hold every word of a phrase or title start ``q``)
        narrowed to those that hold them in place: checked at once where that is exact
        or cheap (a short field's positions are slices of the posting arrays), else kept
        as an upper bound and marked to be checked later if it can matter."""
        if exact or self.arrays.sliced_positions(q.fieldname):
            return self._phrase_mask(q, cand, mask)
        self._maybe |= mask
        return mask

    def _phrase_mask(self, q, cand: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Which of ``cand`` hold the phrase (or title start) ``q``, given ``mask``, the
        ones that hold all its words.  A query names the same phrase in several parts,
        and the candidates shrink as it is ranked: while ranking, a document is checked
        for a phrase once."""
        if not mask.any():
            return mask
        at = np.flatnonzero(mask)
        docs = cand[at]
        key = ("phrase", type(q), q.fieldname, tuple(q.words), getattr(q, "slop", 1))
        checked, holders = self._looked.get(key, (_EMPTY, _EMPTY)) if self._looked is not None else (_EMPTY, _EMPTY)
        new = docsets.difference(docs, checked)
        if len(new):
            found = new[self._phrase_members(q, new)]
            if len(checked):
                checked, holders = np.union1d(checked, new), np.union1d(holders, found)
            else:
                checked, holders = new, found
            if self._looked is not None:
                self._looked[key] = (checked, holders)
        mask = mask.copy()
        mask[at] = docsets.members(docs, holders)
        return mask

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
        self._looked, self._looked_bytes = {}, 0
        try:
            return self._rank(query, docs, exact, window, deadline)
        finally:
            self._looked = None

    def _rank(self, query, docs: np.ndarray, exact: int, window: int, deadline: float | None):
        if len(docs) > max(window, PRUNE_FROM):
            docs = self._contenders(query, docs, window)
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

    # -- pruning -----------------------------------------------------------

    def _contenders(self, query, docs: np.ndarray, window: int) -> np.ndarray:
        """The documents of ``docs`` (sorted, all matching ``query``) that may be among
        the best ``window`` by score or by bound; the others are dropped.

        A ranked query is its match plus optional boosts (``AndMaybe(match, Or(boosts))``),
        and its score the sum of the parts a document matches.  Every part has a ceiling
        (``_ceiling``).  The parts are added up highest ceiling first; after each, a
        document whose sum so far plus the ceilings still to come is below the
        ``window``-th best sum of what is certain (a part counts where its bound took no
        phrase as matching) can reach neither the top by score nor by bound, and is
        dropped."""
        parts = _parts(query)
        if parts is None:
            return docs
        ceilings = [self._ceiling(q) * factor for q, factor in parts]
        if not all(np.isfinite(c) and c >= 0 for c in ceilings):
            return docs
        order = sorted(range(len(parts)), key=lambda i: -ceilings[i])
        to_come = float(sum(ceilings))
        total = np.zeros(len(docs))
        certain = np.zeros(len(docs))
        for i in order:
            part, factor = parts[i]
            score, unsure = self._part_bound(part, docs)
            if factor != 1.0:
                score = score * factor
            total += score
            # Where a phrase was taken as matching, the part may score less, or nothing.
            certain += np.where(unsure, 0.0, score) if unsure.any() else score
            to_come -= ceilings[i]
            if len(docs) <= max(window, PRUNE_FROM):
                continue
            bar = kth_largest(certain, window)
            # The slack covers the rounding of sums added in another order.
            slack = to_come * (1 + 1e-9) + 1e-9
            if total.min() + slack >= bar * (1 - 1e-9):
                continue  # nothing to drop yet (the usual case for the first parts)
            alive = total + slack >= bar * (1 - 1e-9)
            docs, total, certain = docs[alive], total[alive], certain[alive]
        return docs

    def _part_bound(self, part, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A part's score in each of ``docs``, phrases as upper bounds, and where that
        took a phrase as matching.  A part that can match only a few of them (a title's
        words, among the hundreds of thousands of articles that hold two common words)
        is weighed on those few only: the others score nothing."""
        n = len(docs)
        reach = self._reach(part, n // SPARSE_PART)
        at = None
        if reach is not None:
            at = docsets.places(docs, reach)
            docs = docs[at]
        self._maybe = np.zeros(len(docs), dtype=bool)
        try:
            _, score = self._eval(part, docs, exact=False)
            unsure = self._maybe
        finally:
            self._maybe = None
        if at is None:
            return score, unsure
        everywhere, unsure_everywhere = np.zeros(n), np.zeros(n, dtype=bool)
        everywhere[at] = score
        unsure_everywhere[at] = unsure
        return everywhere, unsure_everywhere

    def _reach(self, q, limit: int) -> np.ndarray | None:
        """Documents (sorted) outside which ``q`` cannot match: a superset of its
        matches read from posting lists alone; None where that could exceed ``limit``
        documents, or is not known."""
        if self._reach_size(q) > limit:
            return None
        return self._reach_docs(q)

    def _reach_size(self, q) -> float:
        if isinstance(q, Q.Term):
            return self.arrays.count(q.fieldname, q.text)
        if isinstance(q, (Q.Phrase, StartsWith)):
            return min((self.arrays.count(q.fieldname, w) for w in q.words), default=0)
        if isinstance(q, AtLeast) or (isinstance(q, Q.Or) and len(q.subqueries) != 1):
            return sum(self._reach_size(s) for s in q.subqueries)
        if isinstance(q, (Q.And, Q.Or)):
            return min((self._reach_size(s) for s in q.subqueries), default=0)
        if isinstance(q, Q.Require):
            return min(self._reach_size(q.a), self._reach_size(q.b))
        if isinstance(q, (Q.AndMaybe, Q.AndNot)):
            return self._reach_size(q.a)
        if isinstance(q, Q.ConstantScoreQuery):
            return self._reach_size(q.child)
        if q is Q.NullQuery:
            return 0
        return float("inf")

    def _reach_docs(self, q) -> np.ndarray:
        """``_reach`` of a query whose ``_reach_size`` is finite: a word's documents;
        for every other part, its narrowest part's, or the union of its parts'."""
        if isinstance(q, Q.Term):
            return self._docs(q.fieldname, q.text)
        if isinstance(q, (Q.Phrase, StartsWith)):
            return min((self._docs(q.fieldname, w) for w in q.words), key=len, default=_EMPTY)
        if isinstance(q, AtLeast) or (isinstance(q, Q.Or) and len(q.subqueries) != 1):
            return docsets.union([self._reach_docs(s) for s in q.subqueries], self.arrays.doc_count)
        if isinstance(q, (Q.And, Q.Or)):
            return self._reach_docs(min(q.subqueries, key=self._reach_size)) if q.subqueries else _EMPTY
        if isinstance(q, Q.Require):
            return self._reach_docs(min((q.a, q.b), key=self._reach_size))
        if isinstance(q, (Q.AndMaybe, Q.AndNot)):
            return self._reach_docs(q.a)
        if isinstance(q, Q.ConstantScoreQuery):
            return self._reach_docs(q.child)
        return _EMPTY

    def _ceiling(self, q) -> float:
        """The most ``q`` can score in any document (inf where not known)."""
        if isinstance(q, Q.Term):
            return self._top_points(q.fieldname, q.text) * q.boost
        if isinstance(q, Q.ConstantScoreQuery):
            return q.score
        if isinstance(q, StartsWith):
            return q.value(self.searcher)
        if isinstance(q, Q.Phrase):
            return sum(self._top_points(q.fieldname, w) for w in q.words) * q.boost  # as scored: a word per place
        if isinstance(q, (Q.Require, Q.AndNot)):
            return self._ceiling(q.a)
        if isinstance(q, Q.AndMaybe):
            return self._ceiling(q.a) + self._ceiling(q.b)
        if isinstance(q, (Q.And, Q.Or)):  # AtLeast too
            if len(q.subqueries) == 1:
                return self._ceiling(q.subqueries[0])
            return sum(self._ceiling(s) for s in q.subqueries) * q.boost
        if q is Q.NullQuery or isinstance(q, Q.Every):
            return 0.0
        return float("inf")

    def _docs(self, fieldname: str, text) -> np.ndarray:
        """A term's documents (deleted ones included), sorted: those of its points where
        they are computed, else joined once per index view."""
        if self._impacts(fieldname, text) is None:
            return self._points(fieldname, text)[0]
        return self.arrays.term_docs(fieldname, text)

    def _top_points(self, fieldname: str, text) -> float:
        def compute():
            impacts = self._impacts(fieldname, text)
            if impacts is not None:  # rounding keeps the order: the largest impact scores most
                top = max((float(values.max()) for _, values, _, _ in impacts if len(values)), default=0.0)
                return np.array([top * self.arrays.idf(fieldname, text) if impacts else 0.0])
            points = self._points(fieldname, text)[1]
            return np.array([points.max() if len(points) else 0.0])
        return float(self.arrays.cache.get(("top", self.arrays.view, fieldname, text), compute)[0])


_SCRATCH = threading.local()


def _scratch(n: int) -> np.ndarray:
    """This thread's working array of ``n`` floats (its contents are anyone's)."""
    buf = getattr(_SCRATCH, "buf", None)
    if buf is None or len(buf) < n:
        buf = _SCRATCH.buf = np.empty(max(n, 1 << 16))
    return buf[:n]


def kth_largest(values: np.ndarray, k: int) -> float:
    """The ``k``-th largest of ``values`` (1 <= k <= len), as ``np.partition`` gives it.

    While the boosts are added up, hundreds of thousands of documents share a few sums
    (a tier's constant, nothing more), and partitioning so many equal values is slow.  A
    guess from every 32nd value (a little below where the ``k``-th largest should be)
    usually leaves a few thousand values above it to partition; when fewer than ``k``
    are above it, the guess itself is the answer if ``k`` values reach it, and only
    otherwise is everything partitioned.

    >>> values = np.concatenate([np.full(20000, 7.0), np.arange(100.0), [9.5, 8.25]])
    >>> kth_largest(values, 2), kth_largest(values, 50), kth_largest(values, 500)
    (98.0, 50.0, 7.0)
    """
    n = len(values)
    step = 32
    if n >= 64 * step and k * 8 < n:
        sample = values[::step]
        j = min(len(sample), 2 * (k // step) + 8)
        guess = np.partition(sample, len(sample) - j)[len(sample) - j]
        above = values[values > guess]
        if len(above) >= k:
            return float(np.partition(above, len(above) - k)[len(above) - k])
        if len(above) + np.count_nonzero(values == guess) >= k:
            return float(guess)
    return float(np.partition(values, n - k)[n - k])


def _scaled(total: np.ndarray, mask: np.ndarray, boost: float) -> np.ndarray:
    """``total`` (an array of this ranking's own) times ``boost`` where ``mask``, else 0."""
    if boost != 1.0:
        total *= boost
    total[~mask] = 0.0
    return total


def _parts(query) -> list[tuple[object, float]] | None:
    """The parts whose sum is ``query``'s score on a document it matches, each with its
    factor; None when the query is not a match with optional boosts."""
    if not isinstance(query, Q.AndMaybe) or not isinstance(query.b, Q.Or) or isinstance(query.b, AtLeast):
        return None
    boosts = query.b.subqueries
    factor = query.b.boost if len(boosts) > 1 else 1.0
    return [(query.a, 1.0)] + [(b, factor) for b in boosts]

"""The query types of our own that ``query_plan`` builds and ``ranking`` evaluates.

Both are Whoosh queries (so they print, compare and hash like any other); the array
ranker evaluates them from whole posting lists.
"""

from __future__ import annotations

from whoosh import query as Q
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.matching.wrappers import ConstantScoreWrapperMatcher
from whoosh.query.spans import SpanFirst, SpanNear2


class StartsWith(SpanFirst):
    """Words in a row at the very start of a field (a title that begins with the
    query).  It scores the sum of the words' inverse document frequencies, times
    ``boost``: BM25 without its length normalisation (and with a frequency of one),
    because where a title begins does not depend on how long it goes on (a Dân trí
    "title" is often a whole lead sentence).

    A Whoosh query like any other (``SpanFirst`` over ``SpanNear2``, as ``Phrase``
    does it, with a constant score), so Whoosh itself can evaluate it; the ranker does
    the same from arrays."""

    def __init__(self, fieldname: str, words: list[str], boost: float = 1.0):
        terms = [Q.Term(fieldname, w) for w in words]
        inner = terms[0] if len(terms) == 1 else SpanNear2(terms, slop=1, ordered=True, mindist=1)
        super().__init__(inner, limit=len(words) - 1)
        self.fieldname = fieldname
        self.words = list(words)
        self.boost = boost

    def __repr__(self):
        return f"StartsWith({self.fieldname!r}, {self.words!r}, boost={self.boost})"

    def __eq__(self, other):
        return (isinstance(other, StartsWith) and self.fieldname == other.fieldname
                and self.words == other.words and self.boost == other.boost)

    def __hash__(self):
        return hash((self.fieldname, tuple(self.words), self.boost))

    def estimate_size(self, ixreader):
        return Q.And([Q.Term(self.fieldname, w) for w in self.words]).estimate_size(ixreader)

    def estimate_min_size(self, ixreader):
        return 0

    def value(self, searcher) -> float:
        """The score of a match (the same in every document)."""
        field = searcher.schema[self.fieldname]
        return self.boost * sum(searcher.idf(self.fieldname, field.to_bytes(w)) for w in self.words)

    def matcher(self, searcher, context=None):
        if any((self.fieldname, w) not in searcher.reader() for w in
               (searcher.schema[self.fieldname].to_bytes(w) for w in self.words)):
            return NullMatcher()
        return ConstantScoreWrapperMatcher(super().matcher(searcher, context), self.value(searcher))


class AtLeast(Q.Or):
    """Documents that match at least ``minimum`` of the subqueries (Elasticsearch's
    ``minimum_should_match``), scored as ``Or`` scores them: the sum of the matching
    subqueries' scores.  Only the array ranker evaluates it."""

    def __init__(self, subqueries, minimum: int, boost: float = 1.0):
        super().__init__(subqueries, boost=boost)
        self.minimum = max(1, min(int(minimum), len(self.subqueries) or 1))

    def __repr__(self):
        return f"AtLeast({self.subqueries!r}, minimum={self.minimum})"

    def __eq__(self, other):
        return (isinstance(other, AtLeast) and self.subqueries == other.subqueries
                and self.minimum == other.minimum and self.boost == other.boost)

    def __hash__(self):
        return hash((tuple(self.subqueries), self.minimum, self.boost))

    def normalize(self):
        return self

    def matcher(self, searcher, context=None):
        """Whoosh's way, for checking the ranker: every subquery's matches counted."""
        found: dict[int, list] = {}
        for sub in self.subqueries:
            m = sub.matcher(searcher, context)
            while m.is_active():
                entry = found.setdefault(m.id(), [0, 0.0])
                entry[0] += 1
                entry[1] += m.score()
                m.next()
        ids = sorted(d for d, (n, _) in found.items() if n >= self.minimum)
        if not ids:
            return NullMatcher()
        return ListMatcher(ids, weights=[found[d][1] * self.boost for d in ids])

"""The array ranker gives Whoosh's own answers: the same documents for every kind of
query the engine builds, and the same top results with the same scores."""

from __future__ import annotations

import heapq
import time

import numpy as np
import pytest
from whoosh import query as Q

from indexer import store
from search_app import query_plan, query_reading
from search_app.arrays import ArrayCache, IndexArrays
from search_app.query_types import StartsWith
from search_app.ranking import Ranker

QUERIES = [
    "Sơn La",
    "son la",
    "hội nghị cán bộ",
    "hoi nghi can bo",
    "Hoà bình",
    "kĩ thuật",
    "bàn",
    "ban",
    '"hội nghị" tỉnh',
    '"son la" nong san',
    "Sơn La -bàn",
    "bầu cử OR đại hội",
    "title:hội nghị",
    "tieude:son la",
    "person:Nguyễn Hữu Đông",
    "nguoi:nguyen huu dong Sơn La",
    "giao*",
    "hoi~ nghi",
    "của và các những",
    "Đồng chí Nguyễn Hữu Đông, Bí thư Tỉnh ủy phát biểu tại hội nghị",
    "xyzzy không có",
]


def whoosh_docs(searcher, query) -> list[int]:
    """Whoosh's documents for a query.  An exclusion is taken apart: Whoosh's own
    AndNot matcher, over segments with deletions, lets through some documents that
    hold the excluded word (found by this test)."""
    if isinstance(query, Q.AndNot):
        return sorted(set(whoosh_docs(searcher, query.a)) - set(whoosh_docs(searcher, query.b)))
    return sorted(searcher.docs_for_query(query))


def whoosh_top(searcher, query, docs, limit):
    """Whoosh's own scores: its matcher jumped over the documents, the best first."""
    scored = []
    context = searcher.context()
    for sub, offset in searcher.leaf_searchers():
        upto = offset + sub.reader().doc_count_all()
        mine = [d - offset for d in docs if offset <= d < upto]
        if not mine:
            continue
        m = query.matcher(sub, context)
        for docnum in mine:
            if not m.is_active():
                break
            if m.id() < docnum:
                m.skip_to(docnum)
                if not m.is_active():
                    break
            if m.id() == docnum:
                scored.append((docnum + offset, m.score()))
    return heapq.nlargest(limit, scored, key=lambda ds: (ds[1], -ds[0]))


@pytest.fixture(scope="module")
def searcher(many_index):
    s = store.open_index(many_index).searcher()
    assert len(list(s.leaf_searchers())) >= 2
    assert any(sub.reader().has_deletions() for sub, _ in s.leaf_searchers())
    yield s
    s.close()


def plans(reader, text):
    parsed = query_reading.parse(text)
    for strict in (True, False):
        for require_all in (True, False):
            yield query_plan.build(reader, parsed, require_all=require_all, strict=strict)


@pytest.mark.parametrize("cache_bytes", [1 << 30, 4096])
@pytest.mark.parametrize("text", QUERIES)
def test_same_documents_and_ranking_as_whoosh(searcher, text, cache_bytes):
    ranker = Ranker(IndexArrays(searcher, ArrayCache(cache_bytes)))
    for plan in plans(searcher.reader(), text):
        docs = ranker.docset(plan.match)
        assert docs.tolist() == whoosh_docs(searcher, plan.match), plan.match
        expected = whoosh_top(searcher, plan.scored, docs.tolist(), 10**6)
        got, timed_out = ranker.rank(plan.scored, docs, exact=len(docs), window=len(docs))
        assert not timed_out
        assert_same_ranking(got, expected)


def assert_same_ranking(got, expected):
    """The same documents with the same scores, in the same order, except that two
    documents whose scores differ by rounding alone (Whoosh adds a query's clauses in
    a tree whose shape depends on each segment) may come either way round."""
    assert len(got) == len(expected)
    assert np.allclose([s for _, s in got], [s for _, s in expected], rtol=1e-9, atol=1e-12)
    want = dict(expected)
    for doc, score in got:
        assert doc in want and np.isclose(score, want[doc], rtol=1e-9, atol=1e-12)
    for (d1, s1), (d2, s2) in zip(got, got[1:]):
        assert s1 > s2 or np.isclose(s1, s2, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("exact", [1, 10, 20])
def test_the_exact_head_is_whooshs_top(searcher, exact):
    """Only the first ``exact`` results are promised exact; they are, and the window
    after them holds the other matches."""
    ranker = Ranker(IndexArrays(searcher, ArrayCache()))
    for text in ("son la", "Sơn La tỉnh", "tinh"):
        plan = query_plan.build(searcher.reader(), query_reading.parse(text))
        docs = ranker.docset(plan.match)
        assert len(docs) > 40
        got, _ = ranker.rank(plan.scored, docs, exact=exact, window=40)
        expected = whoosh_top(searcher, plan.scored, docs.tolist(), exact)
        assert np.allclose([s for _, s in got[:exact]], [s for _, s in expected], rtol=1e-9)
        assert len(got) == 40 and len({d for d, _ in got}) == 40
        assert set(d for d, _ in got) <= set(docs.tolist())


@pytest.mark.parametrize("sparse", [1, 3, 10**9])
@pytest.mark.parametrize("exact, window", [(1, 5), (10, 20), (10, 200)])
def test_dropping_what_cannot_reach_the_top_changes_no_result(searcher, monkeypatch, exact, window, sparse):
    """Pruning (``Ranker._contenders``) only saves work: with it at every size, each
    query gives the same window, in the same order, with the same scores, as without;
    whether a boost is weighed on all the candidates or only on those its posting lists
    reach (``SPARSE_PART``) changes nothing either."""
    from search_app import ranking

    monkeypatch.setattr(ranking, "SPARSE_PART", sparse)
    dropped = 0
    for text in QUERIES:
        for plan in plans(searcher.reader(), text):
            ranker = Ranker(IndexArrays(searcher, ArrayCache()))
            docs = ranker.docset(plan.match)
            monkeypatch.setattr(ranking, "PRUNE_FROM", 10**9)
            whole, _ = ranker.rank(plan.scored, docs, exact, window)
            monkeypatch.setattr(ranking, "PRUNE_FROM", 0)
            pruned, _ = ranker.rank(plan.scored, docs, exact, window)
            assert pruned == whole, (text, plan.scored)
            if len(docs) > window:
                dropped += len(docs) - len(ranker._contenders(plan.scored, docs, window))
    assert dropped > 0


def test_a_short_fields_phrase_is_checked_at_once_the_whole_texts_is_bounded(searcher):
    """While bounds are computed, a phrase in a title (positions sliced from the posting
    arrays) is checked exactly; one in the whole text is taken as matching wherever its
    words are, and marked to be checked later."""
    arrays = IndexArrays(searcher, ArrayCache())
    ranker = Ranker(arrays)
    assert arrays.sliced_positions("title_fold") and not arrays.sliced_positions("text_fold")
    docs = ranker.all_docs()
    for fieldname, exactly in (("title_fold", True), ("text_fold", False)):
        phrase = Q.Phrase(fieldname, ["la", "son"])  # both words are in many, the phrase in few
        words = ranker.docset(Q.And([Q.Term(fieldname, "la"), Q.Term(fieldname, "son")]))
        held = ranker.docset(phrase)
        assert len(held) < len(words)
        ranker._maybe = np.zeros(len(docs), dtype=bool)
        mask, _ = ranker._eval(phrase, docs, exact=False)
        assert docs[mask].tolist() == (held if exactly else words).tolist()
        assert ranker._maybe.any() != exactly
    ranker._maybe = None


def test_scores_match_whoosh_for_each_document(searcher):
    ranker = Ranker(IndexArrays(searcher, ArrayCache()))
    plan = query_plan.build(searcher.reader(), query_reading.parse("hội nghị Sơn La"))
    docs = ranker.docset(plan.match)
    expected = dict(whoosh_top(searcher, plan.scored, docs.tolist(), 10**6))
    got = ranker.scores(plan.scored, docs)
    assert np.allclose(got, [expected[d] for d in docs.tolist()], rtol=1e-9)


def test_warm_computes_every_scored_fields_norms(searcher, monkeypatch):
    """After ``warm`` no query computes a field's length norms (each is a pass over
    every document)."""
    ranker = Ranker(IndexArrays(searcher, ArrayCache()))
    ranker.warm()
    plan = query_plan.build(searcher.reader(), query_reading.parse("hội nghị Sơn La"))
    computed = []
    real = ranker.arrays.lengths
    monkeypatch.setattr(ranker.arrays, "lengths", lambda name: computed.append(name) or real(name))
    ranker.rank(plan.scored, ranker.docset(plan.match), exact=10, window=20)
    assert computed == []


def test_every_and_nothing(searcher):
    ranker = Ranker(IndexArrays(searcher, ArrayCache()))
    assert ranker.docset(Q.Every()).tolist() == sorted(searcher.docs_for_query(Q.Every()))
    assert ranker.docset(Q.NullQuery).tolist() == []
    assert ranker.rank(Q.Term("text_fold", "son"), np.zeros(0, dtype=np.int64), 10, 10) == ([], False)
    # A phrase or a title start of no words matches nothing, exactly or as a bound.
    docs = ranker.all_docs()
    for empty in (StartsWith("title_fold", []), Q.Phrase("title_fold", [])):
        assert not ranker.scores(Q.Or([empty, Q.Term("title_fold", "son")]), docs)[
            ~np.isin(docs, ranker.docset(Q.Term("title_fold", "son")))].any()
        ranker._maybe = np.zeros(len(docs), dtype=bool)
        mask, score = ranker._eval(empty, docs, exact=False)
        ranker._maybe = None
        assert not mask.any() and not score.any()


def test_other_queries_go_through_whoosh(searcher):
    """A query kind the ranker does not know (a range) is answered by Whoosh itself."""
    ranker = Ranker(IndexArrays(searcher, ArrayCache()))
    q = Q.TermRange("date", "2020-01-01", "2020-12-31")
    assert ranker.docset(q).tolist() == sorted(searcher.docs_for_query(q))


def test_a_spent_deadline_still_answers(searcher):
    ranker = Ranker(IndexArrays(searcher, ArrayCache()))
    plan = query_plan.build(searcher.reader(), query_reading.parse("son la hoi nghi"))
    docs = ranker.docset(plan.match)
    got, _ = ranker.rank(plan.scored, docs, exact=10, window=20, deadline=time.monotonic() - 1)
    assert len(got) == 20


def test_starts_with_finds_the_titles_that_begin_so(searcher):
    from indexer.analysis import fold, syllables

    ranker = Ranker(IndexArrays(searcher, ArrayCache()))
    live = ranker.all_docs().tolist()
    title = searcher.stored_fields(live[0])["title"]
    start = [fold(s) for s in syllables(title)][:4]
    q = StartsWith("title_fold", start, boost=4.0)
    docs = ranker.docset(q).tolist()
    assert live[0] in docs
    assert docs == sorted(searcher.docs_for_query(q))
    for docnum in live:
        begins = [fold(s) for s in syllables(searcher.stored_fields(docnum)["title"])][:4] == start
        assert begins == (docnum in docs)
    scores = ranker.scores(q, np.array(docs, dtype=np.int64))
    assert np.allclose(scores, [s for _, s in sorted(whoosh_top(searcher, q, docs, len(docs)))])


def test_related_articles_are_whooshs_more_like_this(many_index):
    from search_app.engine import Engine

    engine = Engine(many_index)
    searcher = store.open_index(many_index).searcher()
    for docnum in list(Ranker(IndexArrays(searcher, ArrayCache())).all_docs())[:40:7]:
        stored = searcher.stored_fields(int(docnum))
        text = " ".join([stored.get("title", "")] * 2 + [stored.get("lead", ""), stored.get("body", "")[:4000]])
        expected = searcher.more_like(int(docnum), "text", text=text, top=5, numterms=15)
        got = engine.related(stored["id"], limit=5)
        assert np.allclose([h.score for h in got], [hit.score for hit in expected], rtol=1e-9)
        assert stored["id"] not in [h.id for h in got]
    searcher.close()


def test_the_document_set_algebra_is_numpys():
    import doctest

    from search_app import docsets

    assert doctest.testmod(docsets).failed == 0
    rng = np.random.default_rng(5)
    for doc_count in (50, 5000):
        sets = [np.unique(rng.integers(0, doc_count, rng.integers(0, doc_count))) for _ in range(6)]
        for a in sets:
            for b in sets:
                assert docsets.intersect(a, b).tolist() == np.intersect1d(a, b).tolist()
                assert docsets.difference(a, b).tolist() == np.setdiff1d(a, b).tolist()
        assert docsets.union(sets, doc_count).tolist() == np.unique(np.concatenate(sets)).tolist()
        docs, counts = np.unique(np.concatenate(sets), return_counts=True)
        for minimum in (1, 2, 4, 7):
            assert docsets.at_least(sets, minimum, doc_count).tolist() == docs[counts >= minimum].tolist()


@pytest.mark.parametrize("docs, wanted", [(20, 5000), (5000, 20), (3000, 3000), (0, 10), (10, 0)])
def test_a_lookup_gives_each_wanted_document_its_value_whichever_way_it_goes(docs, wanted):
    """Looking documents up goes three ways by the sizes (search each way, or a
    table); every way gives what a dictionary would."""
    from search_app import docsets

    rng = np.random.default_rng(docs + wanted)
    d = np.unique(rng.integers(0, 20_000, docs)).astype(np.int64)
    w = np.unique(rng.integers(0, 20_000, wanted)).astype(np.int64)
    for values in (rng.random(len(d)), rng.random(len(d)).astype(np.float32)):
        found, got = docsets.lookup(d, values, w)
        table = dict(zip(d.tolist(), values.tolist()))
        assert found.tolist() == [x in table for x in w.tolist()]
        assert got.tolist() == [table.get(x, 0.0) for x in w.tolist()]
        assert got.dtype == values.dtype


def test_kth_largest_is_what_a_partition_gives():
    """Small and large arrays, many equal values (a tier's constant) or none, and ``k``
    from 1 to all: the guess from a sample must never change the answer."""
    import doctest

    from search_app import ranking
    from search_app.ranking import kth_largest

    assert doctest.testmod(ranking).failed == 0
    rng = np.random.default_rng(5)
    for _ in range(300):
        n = int(rng.choice([50, 400, 3000, 20000]))
        if rng.random() < 0.5:
            values = rng.choice([0.0, 20000.0, 20000.0, 20000.0, 20001.5], size=n)
        else:
            values = rng.random(n) * 100
        values[rng.integers(0, n, size=n // 50)] += rng.random(n // 50) * 30
        for k in {1, n, int(rng.integers(1, n + 1)), int(rng.integers(1, max(2, n // 20)))}:
            assert kth_largest(values, k) == np.partition(values, n - k)[n - k]


def test_scores_come_from_the_indexers_impacts_bit_for_bit(searcher, monkeypatch):
    """With the indexer's impacts, no term's points are computed for the whole list, and
    every score is the same number as the points give (not merely close)."""
    from search_app import ranking, settings

    monkeypatch.setattr(ranking, "IMPACTS_FROM", 0)  # every term's (the index is small)
    arrays = IndexArrays(searcher, ArrayCache())
    assert all(found is not None for found in arrays._impacts.values())  # the update wrote every segment's
    with_impacts = Ranker(arrays)
    monkeypatch.setattr(settings, "IMPACTS", False)
    computed = Ranker(IndexArrays(searcher, ArrayCache()))
    assert not any(computed.arrays._impacts.values())
    for text in QUERIES:
        for plan in plans(searcher.reader(), text):
            docs = with_impacts.docset(plan.match)
            assert docs.tolist() == computed.docset(plan.match).tolist()
            got, _ = with_impacts.rank(plan.scored, docs, exact=len(docs), window=len(docs))
            want, _ = computed.rank(plan.scored, docs, exact=len(docs), window=len(docs))
            assert got == want, text
    assert not arrays.cache.recent("points", 10**6) or all(
        not searcher.schema[field].scorable for _, _, field, _ in arrays.cache.recent("points", 10**6))


def test_a_short_lists_points_are_computed_and_kept(searcher):
    """Under ``IMPACTS_FROM`` postings (every term of this small index), a term's points
    are computed once and kept: looking them up again is cheaper than the impacts."""
    ranker = Ranker(IndexArrays(searcher, ArrayCache()))
    plan = query_plan.build(searcher.reader(), query_reading.parse("son la"))
    docs = ranker.docset(plan.match)
    ranker.rank(plan.scored, docs, exact=10, window=10)
    assert ranker.arrays.cache.recent("points", 10)


def test_impacts_of_another_view_are_not_used(searcher, monkeypatch):
    """A field's impacts computed with another average length (the index before an
    update) are not used: the ranker computes the points instead."""
    arrays = IndexArrays(searcher, ArrayCache())
    assert arrays.impacts("text_fold", "son", 1.2, 0.75)
    monkeypatch.setattr(arrays, "avg_length", lambda fieldname: 1.5)
    assert arrays.impacts("text_fold", "son", 1.2, 0.75) is None

"""The index read as arrays holds what Whoosh's readers give one posting at a time."""

from __future__ import annotations

import numpy as np
import pytest

from indexer import store
from search_app.arrays import ArrayCache, IndexArrays, _generic_postings, _leaf_postings


@pytest.fixture(scope="module")
def searcher(many_index):
    s = store.open_index(many_index).searcher()
    yield s
    s.close()


@pytest.fixture(scope="module")
def arrays(searcher):
    return IndexArrays(searcher, ArrayCache())


def some_terms(reader, fieldname, n=40):
    terms = [t for t, _ in zip(reader.lexicon(fieldname), range(10**6))]
    by_df = sorted(terms, key=lambda t: -reader.doc_frequency(fieldname, t))
    return by_df[:n // 2] + terms[:: max(1, len(terms) // (n // 2))]


@pytest.mark.parametrize("fieldname", ["text_fold", "text", "text_syl", "title", "lead_fold", "persons"])
def test_postings_are_whooshs(searcher, fieldname):
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        for term in some_terms(reader, fieldname):
            docs, tf, offsets, firsts = _leaf_postings(reader, fieldname, term)
            m = reader._terms.matcher(fieldname, term, reader.schema[fieldname].format, scorer=None)
            ref_docs, ref_tf = _generic_postings(m)
            assert docs.tolist() == ref_docs.tolist()
            assert tf.tolist() == ref_tf.tolist()
            assert firsts[0] == 0 and len(offsets) - 1 == len(firsts) == -(-len(docs) // 128)


def test_a_common_term_spans_several_blocks(searcher):
    reader = next(iter(searcher.leaf_searchers()))[0].reader()
    assert len(_leaf_postings(reader, "text_fold", b"son")[2]) > 1


def test_live_documents_leave_out_the_deleted(searcher, arrays):
    assert arrays.live is not None
    for fieldname, text in [("text_fold", "son"), ("title_fold", "hoi"), ("text", "sơn_la")]:
        from whoosh import query as Q

        assert arrays.docs(fieldname, text).tolist() == sorted(searcher.docs_for_query(Q.Term(fieldname, text)))


def test_few_deletions_are_looked_up_as_a_mask_would_leave_them(searcher, arrays):
    """With few deletions, a list's deleted documents are looked up (two of them may
    fall between the same two documents of the list) rather than every document read."""
    assert 0 < len(arrays._dead) * 16 < 300
    for fieldname in ("text_fold", "text_pairs", "title_fold"):
        for text in some_terms(searcher.reader(), fieldname):
            docs = arrays.postings(fieldname, text)[0]
            assert arrays.live_only(docs).tolist() == docs[arrays.live[docs]].tolist(), (fieldname, text)


def test_idf_is_whooshs_from_the_lists_lengths(searcher, arrays):
    """The idf is counted from the posting lists (deleted documents in, as Whoosh
    counts them), not read from the term index again: the same number to the last bit."""
    assert arrays.live is not None and len(searcher.leaf_searchers()) > 1
    for fieldname in ("text_fold", "text_pairs", "title", "persons"):
        for term in some_terms(searcher.reader(), fieldname):
            text = searcher.schema[fieldname].from_bytes(term)
            assert arrays.idf(fieldname, text) == searcher.idf(fieldname, term), (fieldname, text)
    assert arrays.idf("text_fold", "khongcotu") == searcher.idf("text_fold", b"khongcotu")


def test_parts_are_each_segments_list(searcher, arrays):
    docs, tf = arrays.postings("text_fold", "son")
    parts = arrays.parts("text_fold", "son")
    assert len(parts) > 1
    assert np.concatenate([local + offset for local, _, offset in parts]).tolist() == docs.tolist()
    assert np.concatenate([t for _, t, _ in parts]).tolist() == tf.tolist()
    assert arrays.parts("text_fold", "khongcotu") == [] and arrays.parts("no_such_field", "x") == []


def test_lengths_are_whooshs(searcher, arrays):
    for fieldname in ("text", "text_fold", "title", "lead_fold"):
        lengths = arrays.lengths(fieldname)
        assert len(lengths) == searcher.doc_count_all()
        for docnum in range(0, searcher.doc_count_all(), 7):
            assert lengths[docnum] == (searcher.reader().doc_field_length(docnum, fieldname, 0) or 0)


@pytest.mark.parametrize("fieldname, terms", [("text_fold", "son la hoi nghi"), ("title_fold", "son la hoi nghi"),
                                               ("title_syl", "sơn la hội nghị")])
def test_positions_are_whooshs(searcher, arrays, fieldname, terms, monkeypatch):
    """From Whoosh's blocks (the whole text) or from the posting arrays (the short
    fields, whose blocks are then not read), all in one array (``flat_positions``)."""
    import search_app.arrays

    if fieldname != "text_fold":
        monkeypatch.setattr(search_app.arrays, "_block_positions", None)
    for term in terms.split():
        docs = arrays.docs(fieldname, term)
        flat, starts = arrays.flat_positions(fieldname, term, docs)
        got = [flat[a:b].tolist() for a, b in zip(starts, starts[1:])]
        assert len(docs) and len(got) == len(docs)
        for docnum, positions in zip(docs.tolist(), got):
            for sub, offset in searcher.leaf_searchers():
                if offset <= docnum < offset + sub.reader().doc_count_all():
                    m = sub.reader().postings(fieldname, term)
                    m.skip_to(docnum - offset)
                    assert m.id() == docnum - offset
                    assert positions == m.value_as("positions")


def test_a_document_without_the_term_is_an_error(arrays):
    docs, _ = arrays.postings("text_fold", "hoi")  # deleted documents included
    missing = np.setdiff1d(np.arange(arrays.doc_count), docs)
    assert len(missing)
    with pytest.raises(ValueError):
        arrays.flat_positions("text_fold", "hoi", missing[:1])


def test_columns_code_the_values_in_order(searcher, arrays):
    for fieldname in ("date", "month", "year"):
        codes, values = arrays.column(fieldname)
        assert values[0] == "" and values == sorted(values)
        column = searcher.reader().column_reader(fieldname)
        for docnum in range(0, searcher.doc_count_all(), 5):
            raw = column[docnum]
            raw = raw.decode("utf-8") if isinstance(raw, bytes) else (raw or "")
            assert values[codes[docnum]] == raw


def test_keywords_are_the_persons_vector(searcher, arrays):
    docs = list(range(0, searcher.doc_count_all(), 3))
    reader = searcher.reader()
    for docnum, names in zip(docs, arrays.keywords("persons", docs)):
        expected = tuple(t.decode("utf-8") if isinstance(t, bytes) else t
                         for t, _ in reader.vector_as("weight", docnum, "persons")) \
            if reader.has_vector(docnum, "persons") else ()
        assert names == expected


def test_names_are_the_persons_in_the_articles_order(searcher, arrays):
    docs = list(range(searcher.doc_count_all()))
    names = arrays.names(docs)
    assert any(names)
    for docnum, got, vector in zip(docs, names, arrays.keywords("persons", docs)):
        assert set(got) == set(vector)  # the vector sorts them; the column keeps the article's order
        stored = searcher.reader().stored_fields(docnum).get("persons") or ""
        assert ",".join(got) == stored


def test_unknown_fields_and_terms_are_empty(arrays):
    assert arrays.docs("no_such_field", "x").tolist() == []
    assert arrays.docs("text_fold", "khongcotu").tolist() == []


def test_the_cache_keeps_to_its_budget():
    cache = ArrayCache(max_bytes=1000)
    for i in range(50):
        cache.get(i, lambda: np.zeros(100))  # 800 bytes each
    assert cache.bytes <= 1000
    assert cache.get(49, lambda: None) is not None
    cache.clear()
    assert cache.bytes == 0


def test_the_cache_names_its_most_recent_entries_of_a_kind():
    cache = ArrayCache()
    for key in [("points", 1), ("norms", 1), ("points", 2), ("points", 3)]:
        cache.get(key, lambda: np.zeros(1))
    cache.get(("points", 1), lambda: None)  # used again: the most recent
    assert cache.recent("points", 2) == [("points", 1), ("points", 3)]
    assert cache.recent("norms", 5) == [("norms", 1)]

"""indexer.segment_writer: the fast writer gives the same index as Whoosh's SegmentWriter.

Every field's terms, postings (ids, weights, frequencies, positions, block and term
statistics), document lengths, stored fields, columns and vectors are compared between
an index written by the stock ``whoosh.writing.SegmentWriter`` and one written by
``FastSegmentWriter`` from the same documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer import build as build_module
from indexer import store
from indexer.build import FileResult, _read, list_jobs, rebuild, resolve_sources
from indexer.documents import fields, prepare
from indexer.schema import build_schema
from indexer.segment_writer import FastSegmentWriter, _plan, encode_positions
from indexer_fixtures import corpus, index_dir  # noqa: F401  (fixtures)

FIXTURE_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"

# Documents that reach the corners of the analysers: name lists (position gaps), tokens
# over the 80-character cut, text in capitals, digits glued to letters, repeated words,
# punctuation only, empty values, a term at a position past the single-position cache.
LONG = "a" * 81
EDGE_DOCS = [
    dict(id="x/1", source="x", url="", content_hash="h1", text_hash="t1", title="", title_fold="",
         text="...", text_syl="...", text_fold="..."),
    dict(id="x/2", source="x", url="u", content_hash="h2", text_hash="t2",
         title="HỘI NGHỊ CÁN BỘ TỈNH SƠN LA", title_fold="HỘI NGHỊ CÁN BỘ TỈNH SƠN LA",
         lead="Diện tích 4,45ha; 1.000 người, kĩ thuật và kỹ thuật, hoà bình hòa bình",
         lead_fold="Diện tích 4,45ha; 1.000 người, kĩ thuật và kỹ thuật, hoà bình hòa bình",
         body="b", text=f"{LONG} ok {LONG}b x x x x", text_syl=f"{LONG} ok {LONG}b x x x x",
         text_fold=f"{LONG} ok {LONG}b x x x x",
         date="2020-01-02", month="2020-01", year="2020",
         persons="Nguyễn Hữu Đông,Hữu Đông,Lê A", person_names="Nguyễn Hữu Đông,Hữu Đông,Lê A",
         person_names_fold="Nguyễn Hữu Đông,Hữu Đông,Lê A"),
    dict(id="x/3", source="x", url="", content_hash="h3", text_hash="t3", title="Sơn La Sơn La",
         title_fold="Sơn La Sơn La", text=("từ " * 70_000) + "cuối",
         text_syl=("từ " * 70_000) + "cuối", text_fold="ở " * 120_001 + "cuối",
         persons="Lê A", person_names="Lê A", person_names_fold="Lê A",
         date="2019-11-16", month="2019-11", year="2019"),
]


def _fixture_docs(folders) -> list[dict]:
    """The documents the indexer makes of the fixture articles, in build order."""
    skipped: list = []
    docs = []
    for job in list_jobs(resolve_sources(folders), skipped):
        for article in _read(job, FileResult(job.path)):
            prepare(article)
            docs.append(fields(article))
    return docs


def _write(path: Path, docs, writer_class, **kwargs):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    writer = writer_class(ix, **kwargs)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return whoosh_index.open_dir(str(path))


def _postings(reader, fieldname, text):
    matcher = reader.postings(fieldname, text)
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_max_weight(),
                    matcher.block_min_length(), matcher.block_max_length()))
        matcher.next()
    return out


def _column(reader, fieldname):
    """Every document's column value (segment by segment: a segment without the column
    reads as its default)."""
    return [v for leaf, _ in reader.leaf_readers() for v in leaf.column_reader(fieldname)]


def assert_same_index(stock, fast) -> int:
    """Compare two indexes of the same documents; returns the number of postings seen."""
    seen = 0
    with stock.reader() as a, fast.reader() as b:
        assert a.doc_count_all() == b.doc_count_all()
        assert list(a.all_stored_fields()) == list(b.all_stored_fields())
        schema = stock.schema
        for name in schema.names():
            field = schema[name]
            if field.indexed:
                terms = list(a.lexicon(name))
                assert terms == list(b.lexicon(name)), name
                assert a.field_length(name) == b.field_length(name), name
                if field.scorable and a.field_length(name):  # (Whoosh fails on no lengths)
                    assert a.min_field_length(name) == b.min_field_length(name), name
                    assert a.max_field_length(name) == b.max_field_length(name), name
                kinds = ["frequency", "weight"]
                if field.format.supports("positions"):
                    kinds.append("positions")
                for text in terms:
                    assert a.doc_frequency(name, text) == b.doc_frequency(name, text)
                    assert a.frequency(name, text) == b.frequency(name, text)
                    ia, ib = a.term_info(name, text), b.term_info(name, text)
                    for stat in ("weight", "doc_frequency", "min_length", "max_length",
                                 "max_weight", "min_id", "max_id"):
                        assert getattr(ia, stat)() == getattr(ib, stat)(), (name, text, stat)
                    for kind in kinds:
                        assert (list(a.postings(name, text).items_as(kind))
                                == list(b.postings(name, text).items_as(kind))), (name, text, kind)
                    rows = _postings(a, name, text)
                    assert rows == _postings(b, name, text), (name, text)
                    seen += len(rows)
            for docnum in range(a.doc_count_all()):
                assert (a.doc_field_length(docnum, name)
                        == b.doc_field_length(docnum, name)), (name, docnum)
                if field.vector:
                    assert a.has_vector(docnum, name) == b.has_vector(docnum, name)
                    if a.has_vector(docnum, name):
                        for kind in ("weight", "frequency"):
                            assert (list(a.vector_as(kind, docnum, name))
                                    == list(b.vector_as(kind, docnum, name)))
            if field.column_type:
                assert _column(a, name) == _column(b, name), name
    return seen


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> list[dict]:
    from indexer_fixtures import write_corpus

    small = write_corpus(tmp_path_factory.mktemp("corpus") / "src")
    return _fixture_docs([FIXTURE_ARTICLES, small]) + EDGE_DOCS


def test_same_index_as_whoosh(tmp_path, docs):
    stock = _write(tmp_path / "stock", docs, SegmentWriter)
    fast = _write(tmp_path / "fast", docs, FastSegmentWriter)
    assert len(fast._segments()) == 1
    assert assert_same_index(stock, fast) > 1000


def test_memory_bound_spills_sorted_runs(tmp_path, docs):
    """Past the memory bound the postings so far go to a run file on disk; the runs are
    merged into the one segment, the same as without them."""
    stock = _write(tmp_path / "stock", docs, SegmentWriter)
    (tmp_path / "fast").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "fast"), build_schema())
    writer = FastSegmentWriter(ix, limitmb=0)  # a run after every document
    for doc in docs:
        writer.add_document(**doc)
    assert len(writer._runs) == len(docs)
    runs = list(writer._runs)
    writer.commit()
    assert not any(Path(run).exists() for run in runs)
    fast = whoosh_index.open_dir(str(tmp_path / "fast"))
    assert len(fast._segments()) == 1
    assert assert_same_index(stock, fast) > 1000


def test_cancel_removes_runs(tmp_path, docs):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = FastSegmentWriter(ix, limitmb=0)
    for doc in docs[:3]:
        writer.add_document(**doc)
    runs = list(writer._runs)
    assert runs and all(Path(run).exists() for run in runs)
    writer.cancel()
    assert not any(Path(run).exists() for run in runs)


def test_analysis_shortcut_matches_analyzers():
    """The token texts and positions computed without Token objects are the analysers'."""
    schema = build_schema()
    writer_like = FastSegmentWriter.__new__(FastSegmentWriter)  # just for _texts
    writer_like._memos = {}
    values = [doc[name] for doc in EDGE_DOCS for name in doc if isinstance(doc[name], str)]
    values += [doc["text"] for doc in _fixture_docs([FIXTURE_ARTICLES])]
    checked = 0
    for name in schema.names():
        kind, tokenizer, filters = _plan(schema[name])
        if kind == "whoosh":
            continue
        for value in values:
            tokens = [(t.text, t.pos) for t in schema[name].analyzer(value, positions=True, mode="index")]
            texts, positions = writer_like._texts(tokenizer, filters, value, {})
            assert texts == [t for t, _ in tokens], name
            assert (positions or list(range(len(texts)))) == [p for _, p in tokens], name
            checked += 1
    assert checked > 50


def test_fast_paths_cover_the_text_fields():
    schema = build_schema()
    kinds = {name: _plan(schema[name])[0] for name in schema.names() if schema[name].indexed}
    for name in ("title", "title_fold", "lead", "lead_fold", "text_fold", "person_names",
                 "person_names_fold"):
        assert kinds[name] == "pos", name
    for name in ("text", "text_syl"):
        assert kinds[name] == "freq", name
    assert kinds["id"] == kinds["persons"] == "whoosh"


def test_encode_positions_is_whoosh_encoding():
    from whoosh.formats import Positions

    fmt = Positions()
    for poslist in ([0], [5], [300], [150_000], [0, 1, 2], [3, 100, 100_000, 100_001]):
        assert encode_positions(poslist) == fmt.encode(poslist)


def test_decode_positions_is_whoosh_decoding():
    import random

    from whoosh.formats import Positions

    from indexer.posting_arrays import decode_positions

    fmt, rnd = Positions(), random.Random(5)
    lists = [[0], [300], [150_000], [0, 1, 2]] + [sorted(rnd.sample(range(200_000), rnd.randint(1, 40)))
                                                  for _ in range(200)]
    for poslist in lists:
        value = fmt.encode(poslist)
        assert decode_positions(value) == fmt.decode_positions(value) == poslist
        assert decode_positions(value[:-1]) == poslist  # stored without the pickle's final stop


def test_boosts_refused(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = FastSegmentWriter(ix)
    with pytest.raises(ValueError):
        writer.add_document(id="x", _boost=2.0)
    writer.cancel()


class _StockWriter(SegmentWriter):
    """Whoosh's writer with the fast writer's finish(), to run rebuild() on it."""

    def finish(self):
        if self.docnum:
            return [self._finalize_segment()]
        self._close_segment()
        return []


def test_rebuild_same_as_with_whoosh_writer(tmp_path, monkeypatch, corpus):  # noqa: F811
    fast_dir, stock_dir = tmp_path / "fast", tmp_path / "stock"
    rebuild([FIXTURE_ARTICLES, corpus], fast_dir, jobs=1, lock_wait=0)
    monkeypatch.setattr(build_module, "FastSegmentWriter", _StockWriter)
    rebuild([FIXTURE_ARTICLES, corpus], stock_dir, jobs=1, lock_wait=0)
    stock, fast = store.open_index(stock_dir), store.open_index(fast_dir)
    try:
        assert assert_same_index(stock, fast) > 1000
    finally:
        stock.close()
        fast.close()

"""Tests for indexer.vocabulary: written with every build and update, opened by the
search app instead of reading the index's every term."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer import store, vocabulary
from indexer.build import rebuild, update
from indexer_fixtures import corpus, index_dir, write_corpus  # noqa: F401  (fixtures)
from search_app.vocabulary_cache import VocabularyCache


def _files(build: Path) -> list[str]:
    return sorted(p.name for p in build.glob("vocabulary_*"))


def test_rebuild_writes_the_vocabulary_of_its_generation(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1)
    build = store.live_build(index_dir)
    ix = store.open_index(index_dir)
    with ix.reader() as reader:
        assert _files(build) == [f"vocabulary_{reader.generation()}.pickle"]
        written = vocabulary.load(build, reader.generation())
        read = vocabulary.Vocabulary.from_reader(reader)
    assert written.spellings == read.spellings and written.total == read.total
    assert written.spellings  # the fixture corpus has words


def test_update_writes_the_new_generation_and_drops_the_old(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1)
    build = store.live_build(index_dir)
    before = _files(build)
    (corpus / "new.txt").write_text("Hội nghị cán bộ chủ chốt\nNông dân bản Mé thu hoạch thanh long.\n",
                                    encoding="utf-8")
    update([corpus], index_dir, jobs=1)
    after = _files(build)
    assert len(after) == 1 and after != before
    generation = int(after[0].split("_")[1].split(".")[0])
    assert "thanh_long" in vocabulary.load(build, generation).spellings


def test_a_damaged_or_foreign_file_is_not_used(tmp_path):
    path = vocabulary.path_for(tmp_path, 3)
    path.write_bytes(b"not a pickle")
    assert vocabulary.load(tmp_path, 3) is None
    assert vocabulary.load(tmp_path, 4) is None  # missing


def test_the_app_opens_the_written_vocabulary_without_reading_the_index(corpus, index_dir, monkeypatch):
    rebuild([corpus], index_dir, jobs=1)
    build = store.live_build(index_dir)
    ix = store.open_index(index_dir)

    def never(reader):
        raise AssertionError("the index was read for its vocabulary")

    monkeypatch.setattr(vocabulary.Vocabulary, "from_reader", classmethod(lambda cls, reader: never(reader)))
    with ix.reader() as reader:
        vocab = VocabularyCache().get((str(build), reader.generation()), reader)
    assert vocab.spellings


def test_without_the_file_the_app_reads_the_index(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1)
    build = store.live_build(index_dir)
    for p in build.glob("vocabulary_*"):
        p.unlink()
    ix = store.open_index(index_dir)
    with ix.reader() as reader:
        vocab = VocabularyCache().get((str(build), reader.generation()), reader)
        assert vocab.spellings == vocabulary.Vocabulary.from_reader(reader).spellings


def test_search_answers_accentless_queries_from_the_written_vocabulary(corpus, index_dir, monkeypatch):
    from search_app import create_app

    rebuild([corpus], index_dir, jobs=1)
    monkeypatch.setattr(vocabulary.Vocabulary, "from_reader",
                        classmethod(lambda cls, reader: pytest.fail("vocabulary read from the index")))
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    response = client.get("/api/search", query_string={"q": "hoi nghi"})
    assert response.status_code == 200

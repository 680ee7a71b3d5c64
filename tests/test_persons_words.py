"""Tests for indexer.persons.words: the word lists and the one reader of the generated
tab-separated data files (counts, clusters, name lists)."""
from __future__ import annotations

import doctest

import pytest

from indexer.errors import DataFileError
from indexer.persons import native, words
from indexer.persons.clusters import WordClusters
from indexer.persons.contexts import NameContexts


def test_the_doctests_hold():
    examples = doctest.testmod(native.load_source("words"))  # the source's: a compiled module keeps none
    assert examples.attempted and not examples.failed


def test_a_missing_file_has_no_rows(tmp_path):
    assert words.read_rows(tmp_path / "none.txt", tuple) == []
    assert WordClusters.load(tmp_path / "none.txt").clusters == {}


@pytest.mark.parametrize("load, text, line", [
    (WordClusters.load, "# header\nMessi\t17\t3\nRonaldo\t17\n", 3),  # a column short
    (WordClusters.load, "Messi\t17\tthree\n", 1),
    (NameContexts.load, "Park Hang-seo\t4\t0\tx\t9\t0\n", 1),
])
def test_a_malformed_line_names_its_file_and_line(tmp_path, load, text, line):
    path = tmp_path / "data.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=f"data.txt, line {line}: cannot read"):
        load(path)


def test_the_shipped_files_read_whole():
    assert len(WordClusters.load().clusters) > 20_000
    assert len(NameContexts.load().counts) > 50_000

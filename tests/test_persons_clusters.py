"""Tests for indexer.persons.clusters: word clusters made from unlabelled text, read by
the tagger as features."""
from __future__ import annotations

import doctest

import pytest

from indexer.persons import clusters, native
from indexer.persons.clusters import WordClusters, build_clusters, paragraphs_words


def test_the_doctests_hold():
    examples = doctest.testmod(native.load_source("clusters"))  # the source's: a compiled module keeps none
    assert examples.attempted and not examples.failed


def test_paragraphs_are_read_as_words_with_their_case():
    articles = [("HLV Park Hang-seo", ["Ông Park nói: 2-1 là tốt.", ""])]
    assert list(paragraphs_words(articles)) == [["HLV", "Park", "Hang-seo"], ["Ông", "Park", "nói", "là", "tốt"]]


def test_the_clusters_survive_a_write_and_a_read(tmp_path):
    made = WordClusters({"Messi": (213, 14), "Hùng": (209, 21)})
    made.write(tmp_path / "c.txt")
    read = WordClusters.load(tmp_path / "c.txt")
    assert read.clusters == made.clusters
    assert read.features("Hùng") == ("cluster=209", "cluster_coarse=21")


def test_a_missing_file_gives_no_cluster(tmp_path):
    assert WordClusters.load(tmp_path / "none.txt").features("Messi") == ("cluster=none",)


def test_the_shipped_clusters_put_names_of_a_kind_together():
    shipped = clusters.word_clusters().clusters
    if not shipped:
        return  # a checkout without the data file: nothing to check
    assert shipped["Messi"][0] == shipped["Lacazette"][0]  # footballers
    assert shipped["Seo"][0] == shipped["Lee"][0]  # Korean name syllables
    assert shipped["Hùng"][0] == shipped["Dũng"][0]  # Vietnamese given names
    assert shipped["Messi"][0] != shipped["Hùng"][0]


def test_clusters_are_built_alike_twice():
    pytest.importorskip("gensim")
    text = ["Tiền đạo Messi ghi bàn cho Barca.", "Tiền đạo Ronaldo ghi bàn cho Juventus.",
            "Ông Hùng cho biết xã đã xong.", "Ông Dũng cho biết huyện đã xong."]
    articles = [("Tin", text)] * 5
    a = build_clusters(articles, fine=4, coarse=2, min_count=2)
    b = build_clusters(articles, fine=4, coarse=2, min_count=2)
    assert a.clusters == b.clusters
    assert {"Messi", "Ronaldo", "Hùng", "ghi"} <= set(a.clusters)
    assert all(0 <= f < 4 and 0 <= c < 2 for f, c in a.clusters.values())

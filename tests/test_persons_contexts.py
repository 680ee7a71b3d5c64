"""Tests for indexer.persons.contexts: what a name is elsewhere in the archive, counted
from unlabelled text and read by the tagger as features."""
from __future__ import annotations

import doctest

from indexer.persons import contexts, native
from indexer.persons.contexts import NameContexts, bucket, count_contexts


def test_the_doctests_hold():
    examples = doctest.testmod(native.load_source("contexts"))  # the source's: a compiled module keeps none
    assert examples.attempted and not examples.failed


def test_counts_become_coarse_classes():
    assert [bucket(n) for n in (0, 1, 2, 3, 4, 7, 8, 500)] == ["0", "1", "2-3", "2-3", "4-7", "4-7", "8+", "8+"]


def test_a_name_is_counted_after_person_cues_place_cues_and_before_speech_verbs():
    articles = [
        ("Tin thể thao", ["HLV Guardiola cho biết đội đã sẵn sàng."]),
        ("Tin thể thao", ["Hôm qua, ông Guardiola nói thêm về trận đấu."]),
        ("Tin địa phương", ["Người dân huyện Thọ Xuân đón Tết."]),
        ("Tin địa phương", ["Mưa lớn ở huyện Thọ Xuân."]),
    ]
    counts = count_contexts(articles).counts
    person, place, follow, seen, lower = counts["Guardiola"]
    assert (person, place, seen) == (2, 0, 2) and follow == 2
    assert counts["Thọ Xuân"][:2] == (0, 2)
    # the words of a longer name are counted with its cues too
    assert counts["Thọ"][1] == 2 and counts["Xuân"][1] == 2


def test_lower_case_writings_are_counted():
    articles = [
        ("Tin", ["Thịnh Vượng là tên một dự án."]),
        ("Tin", ["Thịnh Vượng được nhắc lại."]),
        ("Tin", ["Một năm thịnh vượng và một mùa thịnh vượng."]),
    ]
    assert count_contexts(articles).counts["Thịnh Vượng"][4] == 2


def test_names_written_once_are_not_kept():
    counts = count_contexts([("Tin", ["Ông Zebulon đến thăm."])]).counts
    assert "Zebulon" not in counts


def test_the_counts_survive_a_write_and_a_read(tmp_path):
    made = NameContexts({"Guardiola": (9, 0, 3, 14, 0), "Thọ Xuân": (0, 45, 1, 74, 2)})
    made.write(tmp_path / "c.txt")
    read = NameContexts.load(tmp_path / "c.txt")
    assert read.counts == made.counts
    assert read.features(["Thọ", "Xuân"], "name") == made.features(["Thọ", "Xuân"], "name")


def test_a_missing_file_gives_no_counts(tmp_path):
    assert NameContexts.load(tmp_path / "none.txt").features(["Messi"], "word") == ("word_seen=0",)


def test_the_shipped_counts_know_the_corpora():
    shipped = contexts.name_contexts()
    if not shipped.counts:
        return  # a checkout without the data file: nothing to check
    assert "name_person=8+" in shipped.features(["Guardiola"], "name")
    assert "name_place=8+" in shipped.features(["Thọ", "Xuân"], "name")

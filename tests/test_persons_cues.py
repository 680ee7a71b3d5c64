"""Tests for indexer.persons.cues: the words before a name as a person's or a place's cue."""
from __future__ import annotations

import doctest

from indexer.persons import extract_persons, native
from indexer.persons.cues import cue_kind, ends_common_word, place_as_person, strong_cue


def test_a_kinship_word_that_ends_a_common_word_is_no_cue():
    # "tuyên bố" (declare), "công bố" (publish), "trẻ em" (children): not "father", "younger sibling"
    for words in [("mỹ", "tuyên", "bố"), ("công", "bố"), ("khủng", "bố"), ("trẻ", "em"), ("công", "cụ")]:
        assert ends_common_word(words)
        assert cue_kind(words) is None and not strong_cue(words)


def test_kinship_pairs_person_compounds_and_person_suffixes_stay_cues():
    for words in [("vợ", "chồng"), ("anh", "em"), ("đàn", "em"), ("sư", "thầy"), ("bố",), ("của", "bố")]:
        assert not ends_common_word(words)
        assert cue_kind(words) == "person"
    assert cue_kind(("độc", "giả")) == "person"  # a reader: "giả" is a person's suffix, no kinship word


def test_a_country_after_a_verb_ending_in_a_kinship_word_is_no_person():
    persons = extract_persons("Mỹ và Triều Tiên", ["Tổng thống Mỹ Donald Trump tuyên bố Mỹ không phản đối."])
    assert persons == ["Donald Trump"]


def test_a_place_named_after_a_person_is_the_person_after_his_titles_only():
    hcm = ["Hồ", "Chí", "Minh"]
    assert place_as_person(hcm, ("viếng", "chủ", "tịch")) and place_as_person(hcm, ("bác",))
    assert not place_as_person(hcm, ("tp",)) and not place_as_person(hcm, ("chính", "trị", "quốc", "gia"))
    assert not place_as_person(["Hà", "Nội"], ("chủ", "tịch"))
    assert not place_as_person(hcm, ())


def test_the_examples():
    examples = doctest.testmod(native.load_source("cues"))  # the source's: a compiled module keeps none
    assert examples.attempted and not examples.failed

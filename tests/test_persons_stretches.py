"""Tests for indexer.persons.stretches: the capitalised stretches the CRF labels, and
those it need not."""
from __future__ import annotations

import doctest

from indexer.persons import native, shapes, stretches
from indexer.persons.reading import read
from indexer.persons.runs import Tok


def _stretch_words(paras):
    return [[t.text for t in s] for s in stretches.stretches(paras)]


def test_stretches_join_name_particles():
    words = _stretch_words(["Bà Ursula von der Leyen phát biểu."])
    assert ["Bà", "Ursula", "von", "der", "Leyen"] in words


def test_stretches_join_initials():
    words = _stretch_words(["Tổng thống John F. Kennedy và C.Ronaldo."])
    assert ["John", "F", "Kennedy"] in words
    assert ["C", "Ronaldo"] in words


def test_stretches_leave_out_single_common_words():
    assert _stretch_words(["Theo bà Mai, giá giảm."]) == [["Mai"]]


def test_names_keep_the_written_form():
    paras = ["Tổng thống John F. Kennedy và C.Ronaldo."]
    (span,) = [s for s in stretches.stretches(paras) if len(s) == 3]
    assert stretches.text_of(span, paras) == "John F. Kennedy"
    assert shapes.words_of("C.Ronaldo") == ["C", "Ronaldo"]


def test_words_are_read_one_way_for_names_and_for_the_clusters():
    examples = doctest.testmod(native.load_source("shapes"))  # the source's: a compiled module keeps none
    assert examples.attempted and not examples.failed
    assert shapes.words_of("U23 thắng 2-1, Hang-seo") == ["U23", "thắng", "Hang-seo"]


def test_a_stretch_that_is_one_known_place_is_not_tagged():
    spans = stretches.stretches(["Đoàn đến Hà Nội gặp Tuấn Anh và Anh Đức."])
    known = {" ".join(t.text for t in s): stretches.all_known(s) for s in spans}
    assert known["Hà Nội"] is True
    # two countries side by side make a given name, not a place
    assert known["Anh Đức"] is False and known["Tuấn Anh"] is False
    reading = read("Tin", ["Đoàn đến Hà Nội gặp Tuấn Anh."])
    assert ["Hà", "Nội"] not in [[t.text for t in s] for s in reading.stretches()[0]]


def test_a_place_named_after_a_person_is_tagged_after_his_title():
    reading = read("Tin", ["Chủ tịch Hồ Chí Minh lên thăm Sơn La.", "Đoàn về từ TP Hồ Chí Minh."])
    tagged = [(s[0].para, [t.text for t in s]) for s in reading.stretches()[0]]
    assert (1, ["Hồ", "Chí", "Minh"]) in tagged and (2, ["Hồ", "Chí", "Minh"]) not in tagged  # 0: the title


def test_a_common_word_opening_a_sentence_is_not_tagged():
    """``Việc``, ``Thứ`` open sentences; a given name (``Hương``) or a surname there may be
    a person, and is tagged."""
    reading = read("Tin", ["Việc này khó. Thứ hai là giá. Hương cho biết. Nguyễn nói."])
    spans, _ = reading.stretches()
    assert [[t.text for t in s] for s in spans] == [["Hương"], ["Nguyễn"]]
    assert stretches.common_opening([Tok("Việc", 0, 4, "", 0, sent_start=True)])
    assert not stretches.common_opening([Tok("Việc", 0, 4, "", 0, sent_start=False)])

"""Tests for indexer.persons.tagger: the shipped model, labelling as crfsuite does, and
what it finds beyond the rules."""
from __future__ import annotations

import pytest

from indexer.persons import extract_persons, tagger
from indexer.persons.features import flat
from indexer.persons.reading import read


def test_without_a_model_the_rules_answer(tmp_path):
    missing = tagger.Tagger(tmp_path / "none.crfsuite")
    paras = ["Ông Nguyễn Văn An cho biết."]
    assert extract_persons("Tin", paras, tagger=missing) == extract_persons("Tin", paras, tagger=None)


needs_model = pytest.mark.skipif(not tagger.MODEL_FILE.is_file(), reason="no trained model in indexer/data")


@needs_model
@pytest.mark.parametrize("paras, name", [
    (["Tiền đạo Công Phượng và tiền vệ Quang Hải cùng ghi bàn trong trận thắng."], "Công Phượng"),
    (["Tiền đạo Công Phượng và tiền vệ Quang Hải cùng ghi bàn trong trận thắng."], "Quang Hải"),
    (["Tổng thư ký NATO Jens Stoltenberg cảnh báo Nga.", "Ông Stoltenberg nói thêm."], "Jens Stoltenberg"),
    (["Chủ tịch Ủy ban châu Âu Ursula von der Leyen phát biểu.", "Bà Ursula cho biết."],
     "Ursula von der Leyen"),
])
def test_shipped_model_finds_names_the_rules_miss_or_cut(paras, name):
    assert name in extract_persons("Tin", paras)


@needs_model
def test_short_mentions_beside_the_full_name_are_merged():
    out = extract_persons("Tin", ["Chủ tịch Ủy ban châu Âu Ursula von der Leyen phát biểu.",
                                  "Bà Ursula cho biết, theo von der Leyen, EU sẽ hành động."])
    assert out == ["Ursula von der Leyen"]


@needs_model
def test_a_title_glued_to_a_name_is_not_part_of_it():
    assert "Azerbaijan Anar Imanov" not in extract_persons("Tin", ["Bộ trưởng Ngoại giao Azerbaijan Anar Imanov gặp báo chí."])


@needs_model
def test_newspapers_are_not_persons():
    out = extract_persons("Tin", ["Theo tờ The Athletic, Messi sẽ ở lại.", "Tờ Telegraph cho biết Messi đồng ý."])
    assert "The Athletic" not in out and "Telegraph" not in out


@needs_model
def test_footballers_named_by_their_given_names_and_bare_foreign_names():
    out = extract_persons("Việt Nam thắng Malaysia", [
        "Công Phượng mở tỷ số ở phút 20, Văn Toàn nhân đôi cách biệt.",
        "Guardiola khen ngợi Haaland sau trận đấu.",
    ])
    assert {"Công Phượng", "Văn Toàn", "Guardiola"} <= set(out)


@needs_model
def test_the_tagger_labels_as_crfsuite_does():
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(tagger.MODEL_FILE))
    reading = read("Tin", ["HLV Park Hang Seo và Công Phượng, Văn Toàn gặp Thủ tướng Nguyễn Xuân Phúc tại Hà Nội.",
                           "Ursula von der Leyen, John F. Kennedy và C.Ronaldo; tờ Marca viết."])
    spans, features = reading.stretches()
    assert len(spans) > 5
    for f in features:
        assert tagger.DEFAULT_TAGGER.tag(f) == crf.tag(flat(f))


def test_viterbi_takes_the_transitions_into_account():
    # B I O; I after O is forbidden, so the second word's best label I gives way to B
    trans = [[-1.0, 2.0, 0.0], [-1.0, 1.0, 0.0], [0.0, -50.0, 0.0]]
    assert tagger._viterbi([(0.0, 0.0, 5.0), (1.0, 1.5, 0.0)], trans) == [2, 0]
    assert tagger._viterbi([(1.0, 0.0, 0.0), (1.0, 1.5, 0.0)], trans) == [0, 1]
    assert tagger._viterbi([(0.0, 0.0, 1.0)], trans) == [2]

"""Tests for indexer.persons.tagger: the stretches the CRF labels, their features, the
shipped model, and what it finds beyond the rules."""
from __future__ import annotations

import doctest

import pytest

from indexer.persons import extract_persons, shapes, tagger
from indexer.persons.reading import read
from indexer.persons.runs import Tok


def _stretch_words(paras):
    return [[t.text for t in s] for s in tagger.stretches(paras)]


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
    (span,) = [s for s in tagger.stretches(paras) if len(s) == 3]
    assert tagger.text_of(span, paras) == "John F. Kennedy"
    assert shapes.words_of("C.Ronaldo") == ["C", "Ronaldo"]


def test_words_are_read_one_way_for_names_and_for_the_clusters():
    assert doctest.testmod(shapes).failed == 0
    assert shapes.words_of("U23 thắng 2-1, Hang-seo") == ["U23", "thắng", "Hang-seo"]


def test_features_read_the_rules_and_the_context():
    reading = read("Tin", ["HLV Park Hang Seo cho biết đội đã sẵn sàng."])
    spans, features = reading.stretches()
    (first, *_), = [tagger.flat(f) for s, f in zip(spans, features) if s[0].text == "Park"]
    assert "pre1=hlv" in first and "cue=person" in first and "follow=True" in first
    assert "rule_kind=person" in first and "pos=first" in first


def test_features_mark_given_names_found_in_full_names():
    reading = read("Tin", ["Tiền đạo Công Phượng ghi bàn."])
    spans, features = reading.stretches()
    (feats,) = [tagger.flat(f) for s, f in zip(spans, features) if s[0].text == "Công"]
    assert all("given_name=True" in f for f in feats)


def test_tagged_place_or_initials_are_not_persons():
    paras = ["Hà Nội và A. B. gặp nhau."]
    spans = tagger.stretches(paras)
    labels = [["B"] + ["I"] * (len(s) - 1) for s in spans]
    assert tagger.tagged_mentions(spans, labels, paras) == []


def test_a_tagged_name_takes_the_rules_bounds():
    reading = read("Tin", ["Bộ trưởng Quốc phòng Nga Sergei Shoigu cho biết."])
    spans, _ = reading.stretches()
    # the whole stretch, place and all
    labels = [["B"] + ["I"] * (len(s) - 1) if s[-1].text == "Shoigu" else ["O"] * len(s) for s in spans]
    found = tagger.tagged_mentions(spans, labels, reading.paras, reading.runs)
    assert [m.text for m in found] == ["Sergei Shoigu"]


def test_the_rules_start_is_not_taken_over_words_the_model_read_and_left_out():
    """The rules' run begins at a place word the lists do not know (``Mỹ Latin``, ``châu
    Âu``); the model labels it ``O``, so the name begins where the model's does."""
    reading = read("Tin", ["Hoa hậu Mỹ Latin Laura Zuniga bị tước vương miện."])
    spans, _ = reading.stretches()
    rule = next(r for r in reading.runs if r.kind == "person")
    assert rule.toks[0].text == "Latin"  # what the rules make of it
    labels = [["B" if t.text == "Laura" else "I" if t.text == "Zuniga" else "O" for t in s] for s in spans]
    found = tagger.tagged_mentions(spans, labels, reading.paras, reading.runs)
    assert [m.text for m in found] == ["Laura Zuniga"]
    assert extract_persons("Tin", ["Chủ tịch Hội đồng châu Âu Charles Michel phát biểu."]) == ["Charles Michel"]


def test_a_korean_family_name_that_is_a_vietnamese_word_is_kept():
    paras = ["Nữ diễn viên Song Hye Kyo và Song Joong Ki chia tay.", "Theo Cho Eun Jung, cặp đôi ly thân."]
    assert extract_persons("Tin", paras) == ["Song Hye Kyo", "Song Joong Ki", "Cho Eun Jung"]
    name = [Tok(w, 0, 0, "", 0) for w in ("Nam", "Định")]
    assert tagger.east_asian_family(name) is None  # a Vietnamese word after it: not a Korean name
    assert tagger.east_asian_family([Tok(w, 0, 0, "", 0) for w in ("Nam", "Joo", "Hyuk")]).text == "Nam"


def test_a_regnal_number_belongs_to_the_name():
    assert doctest.run_docstring_examples(tagger.regnal_number, vars(tagger)) is None
    paras = ["Nữ hoàng Elizabeth II gặp Giáo hoàng John Paul II.", "Sau đó, Nữ hoàng Elizabeth phát biểu.",
             "Bác sĩ chuyên khoa I Uông Hồng Hợp cho biết."]
    assert extract_persons("Tin", paras) == ["Elizabeth II", "John Paul II", "Uông Hồng Hợp"]


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


def test_a_stretch_that_is_one_known_place_is_not_tagged():
    spans = tagger.stretches(["Đoàn đến Hà Nội gặp Tuấn Anh và Anh Đức."])
    known = {" ".join(t.text for t in s): tagger.all_known(s) for s in spans}
    assert known["Hà Nội"] is True
    # two countries side by side make a given name, not a place
    assert known["Anh Đức"] is False and known["Tuấn Anh"] is False
    reading = read("Tin", ["Đoàn đến Hà Nội gặp Tuấn Anh."])
    assert ["Hà", "Nội"] not in [[t.text for t in s] for s in reading.stretches()[0]]


def test_list_neighbours_lend_their_class():
    reading = read("Tin", ["Đội hình gồm Diop, Tousart và Thuram, cùng HLV Nguyễn Văn An."])
    spans, features = reading.stretches()
    by_name = {" ".join(t.text for t in s): tagger.flat(f)[0] for s, f in zip(spans, features)}
    assert any(x.startswith("list_left=") for x in by_name["Tousart"])
    assert any(x.startswith("list_right=") for x in by_name["Tousart"])
    assert not any(x.startswith("list_") for x in by_name["Nguyễn Văn An"])


def test_features_read_the_archive_counts():
    reading = read("Tin", ["Guardiola nói về trận đấu."])
    spans, features = reading.stretches()
    (feats,) = [tagger.flat(f) for s, f in zip(spans, features) if s[0].text == "Guardiola"]
    assert any(x.startswith("name_") for x in feats[0]) and any(x.startswith("word_") for x in feats[0])


def test_a_tagged_name_never_starts_with_a_sentence_opening_or_a_title_word():
    paras = ["Nhưng Kiatisuk không đồng ý. Tờ Marca viết vậy."]
    spans = tagger.stretches(paras)
    labels = [["B"] + ["I"] * (len(s) - 1) for s in spans]
    assert [m.text for m in tagger.tagged_mentions(spans, labels, paras)] == ["Kiatisuk", "Marca"]



def test_a_title_word_is_stripped_from_the_rules_bounds_but_a_surname_that_is_a_common_word_is_kept():
    for text, name in (("Bs Hạnh cho biết bệnh nhân đã ổn.", "Hạnh"),
                       ("Nhà thiên văn học Lord Rees nói rằng dự án là ảo tưởng.", "Rees"),
                       ("Anh Từ Tịnh Lôi cho biết.", "Từ Tịnh Lôi")):
        reading = read("Tin", [text])
        spans, _ = reading.stretches()
        labels = [["B"] + ["I"] * (len(s) - 1) for s in spans]
        found = tagger.tagged_mentions(spans, labels, reading.paras, reading.runs)
        assert [m.text for m in found] == [name]

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
        assert tagger.DEFAULT_TAGGER.tag(f) == crf.tag(tagger.flat(f))


def test_viterbi_takes_the_transitions_into_account():
    # B I O; I after O is forbidden, so the second word's best label I gives way to B
    trans = [[-1.0, 2.0, 0.0], [-1.0, 1.0, 0.0], [0.0, -50.0, 0.0]]
    assert tagger._viterbi([(0.0, 0.0, 5.0), (1.0, 1.5, 0.0)], trans) == [2, 0]
    assert tagger._viterbi([(1.0, 0.0, 0.0), (1.0, 1.5, 0.0)], trans) == [0, 1]
    assert tagger._viterbi([(0.0, 0.0, 1.0)], trans) == [2]


def test_a_tagged_name_keeps_its_end_past_the_rules_run_over_particles():
    reading = read("Tin", ["Sau đó, bà Ursula von der Leyen phát biểu."])
    spans, _ = reading.stretches()
    labels = [["B"] + ["I"] * (len(s) - 1) if s[0].text == "Ursula" else ["O"] * len(s) for s in spans]
    found = tagger.tagged_mentions(spans, labels, reading.paras, reading.runs)
    assert [m.text for m in found] == ["Ursula von der Leyen"]


def test_features_read_an_apposition_after_the_name():
    from indexer.persons.cues import apposition_kind

    assert apposition_kind(", tiền đạo người Pháp, là người duy nhất") == "person"
    assert apposition_kind(", Giám đốc Chương trình châu Á") == "person"
    assert apposition_kind(", tỉnh Takeo") == "place"
    assert apposition_kind(" cho biết") == apposition_kind(", 69 tuổi") == ""
    reading = read("Tin", ["Arsenal trông chờ vào Lacazette, tiền đạo người Pháp."])
    spans, features = reading.stretches()
    (feats,) = [tagger.flat(f) for s, f in zip(spans, features) if s[0].text == "Lacazette"]
    assert "apposition=person" in feats[0]


def test_a_common_word_opening_a_sentence_is_not_tagged():
    """``Việc``, ``Thứ`` open sentences; a given name (``Hương``) or a surname there may be
    a person, and is tagged."""
    reading = read("Tin", ["Việc này khó. Thứ hai là giá. Hương cho biết. Nguyễn nói."])
    spans, _ = reading.stretches()
    assert [[t.text for t in s] for s in spans] == [["Hương"], ["Nguyễn"]]
    assert tagger.common_opening([Tok("Việc", 0, 4, "", 0, sent_start=True)])
    assert not tagger.common_opening([Tok("Việc", 0, 4, "", 0, sent_start=False)])

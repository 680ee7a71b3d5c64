"""Tests for indexer.persons.tagged: the names of the labels, their bounds mended by the rules."""
from __future__ import annotations

import doctest

from indexer.persons import extract_persons, tagged
from indexer.persons.reading import read
from indexer.persons.runs import Tok
from indexer.persons.stretches import stretches


def test_tagged_place_or_initials_are_not_persons():
    paras = ["Hà Nội và A. B. gặp nhau."]
    spans = stretches(paras)
    labels = [["B"] + ["I"] * (len(s) - 1) for s in spans]
    assert tagged.tagged_mentions(spans, labels, paras) == []


def test_a_tagged_name_takes_the_rules_bounds():
    reading = read("Tin", ["Bộ trưởng Quốc phòng Nga Sergei Shoigu cho biết."])
    spans, _ = reading.stretches()
    # the whole stretch, place and all
    labels = [["B"] + ["I"] * (len(s) - 1) if s[-1].text == "Shoigu" else ["O"] * len(s) for s in spans]
    found = tagged.tagged_mentions(spans, labels, reading.paras, reading.runs)
    assert [m.text for m in found] == ["Sergei Shoigu"]


def test_the_rules_start_is_not_taken_over_words_the_model_read_and_left_out():
    """The rules' run begins at a place word the lists do not know (``Mỹ Latin``, ``châu
    Âu``); the model labels it ``O``, so the name begins where the model's does."""
    reading = read("Tin", ["Hoa hậu Mỹ Latin Laura Zuniga bị tước vương miện."])
    spans, _ = reading.stretches()
    rule = next(r for r in reading.runs if r.kind == "person")
    assert rule.toks[0].text == "Latin"  # what the rules make of it
    labels = [["B" if t.text == "Laura" else "I" if t.text == "Zuniga" else "O" for t in s] for s in spans]
    found = tagged.tagged_mentions(spans, labels, reading.paras, reading.runs)
    assert [m.text for m in found] == ["Laura Zuniga"]
    assert extract_persons("Tin", ["Chủ tịch Hội đồng châu Âu Charles Michel phát biểu."]) == ["Charles Michel"]


def test_a_korean_family_name_that_is_a_vietnamese_word_is_kept():
    paras = ["Nữ diễn viên Song Hye Kyo và Song Joong Ki chia tay.", "Theo Cho Eun Jung, cặp đôi ly thân."]
    assert extract_persons("Tin", paras) == ["Song Hye Kyo", "Song Joong Ki", "Cho Eun Jung"]
    name = [Tok(w, 0, 0, "", 0) for w in ("Nam", "Định")]
    assert tagged.east_asian_family(name) is None  # a Vietnamese word after it: not a Korean name
    assert tagged.east_asian_family([Tok(w, 0, 0, "", 0) for w in ("Nam", "Joo", "Hyuk")]).text == "Nam"


def test_a_regnal_number_belongs_to_the_name():
    assert doctest.run_docstring_examples(tagged.regnal_number, vars(tagged)) is None
    paras = ["Nữ hoàng Elizabeth II gặp Giáo hoàng John Paul II.", "Sau đó, Nữ hoàng Elizabeth phát biểu.",
             "Bác sĩ chuyên khoa I Uông Hồng Hợp cho biết."]
    assert extract_persons("Tin", paras) == ["Elizabeth II", "John Paul II", "Uông Hồng Hợp"]


def test_a_tagged_name_never_starts_with_a_sentence_opening_or_a_title_word():
    paras = ["Nhưng Kiatisuk không đồng ý. Tờ Marca viết vậy."]
    spans = stretches(paras)
    labels = [["B"] + ["I"] * (len(s) - 1) for s in spans]
    assert [m.text for m in tagged.tagged_mentions(spans, labels, paras)] == ["Kiatisuk", "Marca"]


def test_a_title_word_is_stripped_from_the_rules_bounds_but_a_surname_that_is_a_common_word_is_kept():
    for text, name in (("Bs Hạnh cho biết bệnh nhân đã ổn.", "Hạnh"),
                       ("Nhà thiên văn học Lord Rees nói rằng dự án là ảo tưởng.", "Rees"),
                       ("Anh Từ Tịnh Lôi cho biết.", "Từ Tịnh Lôi"),
                       ("Diva Thanh Lam đăng ảnh tình cảm.", "Thanh Lam"),
                       ("Lãnh đạo biểu tình Daw Myo Aye bị bắt.", "Myo Aye")):
        reading = read("Tin", [text])
        spans, _ = reading.stretches()
        labels = [["B"] + ["I"] * (len(s) - 1) for s in spans]
        found = tagged.tagged_mentions(spans, labels, reading.paras, reading.runs)
        assert [m.text for m in found] == [name]


def test_a_tagged_name_keeps_its_end_past_the_rules_run_over_particles():
    reading = read("Tin", ["Sau đó, bà Ursula von der Leyen phát biểu."])
    spans, _ = reading.stretches()
    labels = [["B"] + ["I"] * (len(s) - 1) if s[0].text == "Ursula" else ["O"] * len(s) for s in spans]
    found = tagged.tagged_mentions(spans, labels, reading.paras, reading.runs)
    assert [m.text for m in found] == ["Ursula von der Leyen"]


def test_a_nickname_in_quotes_belongs_to_the_name_around_it():
    assert doctest.run_docstring_examples(tagged.quoted_nickname, vars(tagged)) is None
    assert doctest.run_docstring_examples(tagged.given_and_nickname, vars(tagged)) is None
    paras = ['Anh Elmer "Lucky" Sutton kể lại chuyện cũ. Sutton nói thêm.',
             "Ngôi sao Dwayne “The Rock” Johnson đóng phim.", 'HLV Messi "Tôi" rất vui.']
    assert extract_persons("Tin", paras) == ['Elmer "Lucky" Sutton', "Dwayne “The Rock” Johnson", "Messi"]
    reading = read("Tin", [paras[0]])
    spans, _ = reading.stretches()
    labels = [["B"] * len(s) for s in spans]  # Elmer, Lucky and Sutton each a name
    found = tagged.tagged_mentions(spans, labels, reading.paras, reading.runs)
    assert [m.text for m in found] == ['Elmer "Lucky" Sutton', "Sutton"]


def test_the_names_last_word_written_twice_is_a_glued_caption():
    paras = ["Romelu Lukaku Lukaku vừa có trận đấu hay."]
    spans = stretches(paras)
    labels = [["B", "I", "I"]]
    assert [m.words for m in tagged.tagged_mentions(spans, labels, paras)] == [["Romelu", "Lukaku"]]
    chinese = ["Phạm Băng Băng đóng phim mới."]  # a doubled Vietnamese syllable: the name itself
    assert [m.words for m in tagged.tagged_mentions(stretches(chinese), [["B", "I", "I"]], chinese)] == \
        [["Phạm", "Băng", "Băng"]]

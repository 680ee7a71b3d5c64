"""Tests for indexer.persons.mentions: each person once, as the fullest form."""
from __future__ import annotations

import doctest

from indexer.persons import mentions, native
from indexer.persons.mentions import Mention, merge


def test_the_doctests_hold():
    examples = doctest.testmod(native.load_source("mentions"))  # the source's: a compiled module keeps none
    assert examples.attempted and not examples.failed


def test_shorter_mentions_merge_into_the_full_name():
    found = [Mention(50, ["Phúc"]), Mention(0, ["Nguyễn", "Xuân", "Phúc"]), Mention(80, ["Xuân", "Phúc"])]
    assert merge(found, []) == ["Nguyễn Xuân Phúc"]


def test_one_letter_misspelling_merges():
    found = [Mention(0, ["Josep", "Borrell"]), Mention(9, ["Josep", "Borell"])]
    assert merge(found, []) == ["Josep Borrell"]


def test_order_of_first_mention_and_written_form():
    found = [Mention(90, ["John", "F", "Kennedy"], "John F. Kennedy"), Mention(10, ["Messi"])]
    assert merge(found, []) == ["Messi", "John F. Kennedy"]


def test_different_persons_stay_apart():
    found = [Mention(0, ["Park", "Hang", "Seo"]), Mention(5, ["Park", "Choong", "Kyun"])]
    assert merge(found, []) == ["Park Hang Seo", "Park Choong Kyun"]


def test_a_name_without_its_middle_words_merges_into_the_full_name():
    found = [Mention(0, ["Phạm", "Thị", "Kim", "Huệ"]), Mention(40, ["Phạm", "Kim", "Huệ"]),
             Mention(60, ["Harsh", "Vardhan", "Shringla"]), Mention(90, ["Harsh", "Shringla"])]
    assert merge(found, []) == ["Phạm Thị Kim Huệ", "Harsh Vardhan Shringla"]


def test_a_mention_in_other_capitals_merges():
    found = [Mention(0, ["Donny", "Van", "De", "Beek"]), Mention(50, ["Van", "de", "Beek"]),
             Mention(70, ["Frenkie", "de", "Jong"]), Mention(90, ["De", "Jong"])]
    assert merge(found, []) == ["Donny Van De Beek", "Frenkie de Jong"]


def test_a_dropped_initial_or_two_fuller_names_keep_persons_apart():
    bushes = [Mention(0, ["George", "W.", "Bush"]), Mention(30, ["George", "H.", "W.", "Bush"])]
    assert merge(bushes, []) == ["George W. Bush", "George H. W. Bush"]
    two = [Mention(0, ["Nguyễn", "Văn", "Anh"]), Mention(9, ["Nguyễn", "Thị", "Anh"]), Mention(20, ["Nguyễn", "Anh"])]
    assert merge(two, []) == ["Nguyễn Văn Anh", "Nguyễn Thị Anh", "Nguyễn Anh"]


def test_a_foreign_name_without_its_accents_or_with_another_apostrophe_merges():
    found = [Mention(0, ["Alvaro", "Fernandez"]), Mention(30, ["Fernández"]),
             Mention(50, ["Robert", "O’Brien"], "Robert O’Brien"), Mention(90, ["Robert", "O'Brien"], "Robert O'Brien")]
    assert merge(found, []) == ["Alvaro Fernandez", "Robert O’Brien"]


def test_a_vietnamese_syllable_is_neither_folded_nor_clipped():
    assert mentions.folded("Hưng") != mentions.folded("Hùng")
    assert merge([Mention(0, ["Trần", "Phúc"]), Mention(50, ["Phú"])], []) == ["Trần Phúc", "Phú"]


def test_a_clipped_foreign_name_merges_into_the_one_it_clips():
    found = [Mention(0, ["Zlatan", "Ibrahimovic"]), Mention(20, ["Ibra"]), Mention(40, ["Manuel", "Trigueros"]),
             Mention(60, ["Manu", "Trigueros"]), Mention(80, ["Miguel", "Diaz-Canel"]), Mention(90, ["Miguel", "Diaz"])]
    assert merge(found, []) == ["Zlatan Ibrahimovic", "Manuel Trigueros", "Miguel Diaz-Canel"]
    glued = [Mention(0, ["Dmitry", "Peskovkhẳng"]), Mention(9, ["Dmitry", "Peskov"]),
             Mention(20, ["Donald", "Trumptin"]), Mention(30, ["Donald", "Trump"])]
    assert merge(glued, []) == ["Dmitry Peskovkhẳng", "Dmitry Peskov", "Donald Trumptin", "Donald Trump"]


def test_a_nickname_merges_into_the_person_the_article_names():
    found = [Mention(0, ["Zico"]), Mention(30, ["Kiatisuk", "Senamuang"]), Mention(60, ["Zico"])]
    assert merge(found, []) == ["Kiatisuk Senamuang"]
    assert merge([Mention(0, ["Lionel", "Messi"]), Mention(9, ["El", "Pulga"])], []) == ["Lionel Messi"]
    assert merge([Mention(0, ["Zico"]), Mention(9, ["Park", "Hang-seo"])], []) == ["Zico", "Park Hang-seo"]


def _completed(paras, words):
    from indexer.persons.mentions import complete
    from indexer.persons.reading import read

    reading = read("Tin", paras)
    return [m.text for m in complete([Mention(10**9, words)], reading.runs, reading.paras)][1:]


def test_a_short_mention_is_completed_by_the_full_name_written_elsewhere():
    assert _completed(["Bộ trưởng Bộ NN&PTNT Lê Minh Hoan phát biểu.", "Ông Hoan cho biết."], ["Hoan"]) \
        == ["Lê Minh Hoan"]
    assert _completed(["Ủy viên Ủy ban điều hành UEFA Jesper Moller lên tiếng.", "Ông Moller nói."], ["Moller"]) \
        == ["Jesper Moller"]
    assert _completed(["Đại diện Liên minh châu Âu Josep Borrell phát biểu.", "Ông Borrell nói."], ["Borrell"]) \
        == ["Josep Borrell"]


def test_a_title_a_place_or_two_full_names_do_not_complete_a_mention():
    assert _completed(["Nhà thiên văn học Lord Rees nói.", "Rees cho biết."], ["Rees"]) == []
    assert _completed(["Đội tuyển Argentina Messi ghi bàn.", "Messi vui."], ["Messi"]) == []
    two = ["Ông Nguyễn Văn Hùng và ông Trần Văn Hùng đến.", "Ông Hùng nói."]
    assert _completed(two, ["Hùng"]) == []


def test_a_mention_that_a_found_name_holds_is_not_completed():
    from indexer.persons.mentions import complete
    from indexer.persons.reading import read

    reading = read("Tin", ["Ông Nguyễn Văn Hùng đến.", "Anh Trần Văn Hùng nói."])
    found = [Mention(0, ["Nguyễn", "Văn", "Hùng"]), Mention(99, ["Hùng"])]
    assert complete(found, reading.runs, reading.paras) == found


def test_the_extractor_completes_what_the_tagger_found():
    """A tagger that finds only the bare ``Moller`` (``Ông Moller``), not ``Jesper Moller``:
    the extractor gives the full name.  (Any object with ``available`` and ``tag`` will do
    as the tagger: a class of the tests cannot inherit from the compiled ``Tagger``.)"""
    from indexer.persons import extract_persons

    class OnlyMoller:
        def available(self):
            return True

        def tag(self, features):
            words = [next(a[2:] for a in part if a.startswith("w=")) for part in (w[0] for w in features.words)]
            return ["B" if w == "Moller" and "Jesper" not in words else "O" for w in words]

    out = extract_persons("Tin", ["Ủy viên Ủy ban điều hành UEFA Jesper Moller đã lên tiếng.", "Ông Moller nói thêm."],
                          tagger=OnlyMoller())
    assert out == ["Jesper Moller"]

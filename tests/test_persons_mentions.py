"""Tests for indexer.persons.mentions: each person once, as the fullest form."""
from __future__ import annotations

import doctest

from indexer.persons import mentions
from indexer.persons.mentions import Mention, merge


def test_the_doctests_hold():
    assert doctest.testmod(mentions).failed == 0


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
    the extractor gives the full name."""
    from indexer.persons import extract_persons
    from indexer.persons.tagger import Tagger

    class OnlyMoller(Tagger):
        def available(self):
            return True

        def tag(self, features):
            words = [next(a[2:] for a in part if a.startswith("w=")) for part in (w[0] for w in features.words)]
            return ["B" if w == "Moller" and "Jesper" not in words else "O" for w in words]

    out = extract_persons("Tin", ["Ủy viên Ủy ban điều hành UEFA Jesper Moller đã lên tiếng.", "Ông Moller nói thêm."],
                          tagger=OnlyMoller())
    assert out == ["Jesper Moller"]

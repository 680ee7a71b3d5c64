"""Tests for indexer.persons.streets: a name written as a street or a school, and never
after a person's title, is the street or the school, not the person; a street's name
written right after a person's title is the person."""
from __future__ import annotations

import doctest

from indexer.persons import extract_persons, native
from indexer.persons.reading import read
from indexer.persons.streets import after_street_word, street_names, titled_namesakes


def test_street_lane_and_school_words_before_a_name():
    assert after_street_word(("trên", "đường"))
    assert after_street_word(("tuyến", "phố"))
    assert after_street_word(("đại", "lộ"))
    assert after_street_word(("trường", "thpt", "chuyên"))
    assert after_street_word(("ngõ",))


def test_the_end_of_a_common_word_or_an_exception_is_no_street_word():
    assert not after_street_word(("môi", "trường"))  # environment
    assert not after_street_word(("thành", "phố"))  # city
    assert not after_street_word(("vũ", "trường"))  # dance hall
    assert not after_street_word(("dạo", "phố"))  # a stroll
    assert not after_street_word(("đội", "trường"))  # "trưởng" misspelt
    assert not after_street_word(("hé", "lộ"))
    assert not after_street_word(())


def _streets(title, paragraphs):
    reading = read(title, paragraphs)
    return street_names(reading.runs, reading.paras)


def test_a_name_written_as_a_street_and_never_after_a_title_is_the_street():
    paras = ["Cây phong lá đỏ được trồng trên đường Trần Duy Hưng.",
             "Trần Duy Hưng là tuyến phố đông đúc."]
    assert _streets("Cây phong ở Hà Nội", paras) == {"Trần Duy Hưng"}


def test_a_name_also_written_after_a_title_stays_a_person():
    paras = ["Đường Võ Văn Kiệt mang tên cố Thủ tướng Võ Văn Kiệt.",
             "Người dân đi trên đường Võ Văn Kiệt mỗi ngày."]
    assert _streets("Con đường mang tên Thủ tướng", paras) == set()
    assert "Võ Văn Kiệt" in extract_persons("Con đường mang tên Thủ tướng", paras)


def test_the_extractor_leaves_out_the_schools_and_keeps_the_headmaster():
    paras = ["Thầy Huỳnh Thanh Phú, Hiệu trưởng Trường THPT Nguyễn Du, cho biết điểm thi đã sẵn sàng.",
             "Thí sinh Trường THPT Lê Quý Đôn và Trường THPT Nguyễn Thị Minh Khai dự thi tại đây.",
             "Nguyễn Thị Minh Khai có 469 thí sinh."]
    persons = extract_persons("Thi tốt nghiệp tại TP HCM", paras)
    assert persons == ["Huỳnh Thanh Phú"]


def test_the_extractor_leaves_out_a_street_it_would_otherwise_call_a_person():
    persons = extract_persons("Ùn tắc ở ngã tư", [
        "Tại nhiều ngã tư ở các tuyến phố của Hà Nội như: Khuất Duy Tiến, Nguyễn Chí Thanh, Phạm Hùng… "
        "không khó để bắt gặp cảnh tắc đường.",
        "Chị Minh (một người dân khác) cho biết, chị hay đi qua tuyến đường Phạm Hùng, cũng gặp những cảnh này."])
    assert "Phạm Hùng" not in persons and "Minh" in persons


def test_the_extractor_leaves_out_a_school_written_after_thpt():
    persons = extract_persons("Thi vào lớp 10", [
        'Nhiều trường "tên tuổi", như: Chu Văn An, Kim Liên, Việt Đức đều giảm điểm.',
        "THPT Kim Liên trước lấy 53 điểm, THPT Chu Văn An lấy 55 điểm."])
    assert "Kim Liên" not in persons


def test_a_street_name_right_after_a_title_is_the_person():
    """The archive writes these names mostly as streets; the tagger alone leaves them out."""
    assert extract_persons("Kỷ niệm chiến thắng", ["Đại tướng Võ Nguyên Giáp chỉ huy chiến dịch."]) == \
        ["Võ Nguyên Giáp"]
    assert extract_persons("Kỷ niệm Quốc khánh", ["Chủ tịch Tôn Đức Thắng đọc diễn văn."]) == ["Tôn Đức Thắng"]
    assert extract_persons("Phân luồng giao thông", ["Cửa hàng trên đường Tôn Đức Thắng đóng cửa."]) == []


def test_the_city_named_after_the_president_is_the_president_after_his_title():
    title = "Sơn La kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh"
    paras = ["Năm 1959, Chủ tịch Hồ Chí Minh lên thăm Sơn La.", "Bác Hồ căn dặn đồng bào đoàn kết.",
             "Đoàn đại biểu từ TP Hồ Chí Minh cũng về dự."]
    assert extract_persons(title, paras) == ["Hồ Chí Minh"]  # "Bác Hồ" is him too
    assert extract_persons("Khách về TP Hồ Chí Minh", ["Ông đến TP Hồ Chí Minh hôm qua."]) == []
    assert extract_persons("Học tập", ["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."]) == []


def test_titled_namesakes_only_add_what_the_tagger_left_out():
    paras = ["Đại tướng Võ Nguyên Giáp chỉ huy chiến dịch."]
    reading = read("", paras)
    (run,) = reading.runs
    spans = [run.toks]
    assert [m.words for m in titled_namesakes(reading.runs, spans, [["O", "O", "O"]])] == [["Võ", "Nguyên", "Giáp"]]
    assert [m.words for m in titled_namesakes(reading.runs, spans, [["O", "O", "B"]])] == [["Võ", "Nguyên", "Giáp"]]
    assert titled_namesakes(reading.runs, spans, [["B", "I", "I"]]) == []


def test_the_examples():
    examples = doctest.testmod(native.load_source("streets"))  # the source's: a compiled module keeps none
    assert examples.attempted and not examples.failed

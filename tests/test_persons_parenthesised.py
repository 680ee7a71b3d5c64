"""Tests for indexer.persons.parenthesised: a name and another in parentheses right after
it are one person when one reads the other or they share a word; not a role and its actor,
nor a substitute in a team sheet."""
from __future__ import annotations

from indexer.persons import extract_persons
from indexer.persons.parenthesised import one_each


def test_a_reading_and_the_name_it_reads_are_one_person_the_longer_kept():
    paras = ["Giám đốc điều hành Trương Nhất Minh (Zhang Yiming) từ chức."]
    assert one_each(["Trương Nhất Minh", "Zhang Yiming"], paras) == ["Trương Nhất Minh"]


def test_a_stage_name_and_a_real_name_sharing_a_word_give_the_real_name_where_the_first_stood():
    paras = ["Bà Lan gặp Hai Trắng (Nguyễn Minh Trắng) hôm qua."]
    assert one_each(["Lan", "Hai Trắng", "Nguyễn Minh Trắng"], paras) == ["Lan", "Nguyễn Minh Trắng"]


def test_of_names_as_long_the_one_written_more_often_is_kept():
    paras = ["Đạo diễn Chloe Zhao (Triệu Đình) thắng giải.", "Chloe Zhao sinh ở Bắc Kinh."]
    assert one_each(["Triệu Đình", "Chloe Zhao"], paras) == ["Chloe Zhao"]


def test_a_role_and_its_actor_stay_apart():
    paras = ["Cô là bạn chí cốt của Tiểu Yến Tử (Triệu Vy) trong phim."]
    assert one_each(["Tiểu Yến Tử", "Triệu Vy"], paras) == ["Tiểu Yến Tử", "Triệu Vy"]


def test_a_substitute_in_a_team_sheet_stays_apart():
    paras = ["West Ham: Fabianski; Coufal, Noble (Lanzini), Soucek; Antonio"]
    assert one_each(["Noble", "Lanzini"], paras, team_sheets={0}) == ["Noble", "Lanzini"]


def test_names_never_written_so_are_left_as_they_are():
    assert one_each(["Trương Nhất Minh", "Zhang Yiming"], ["Trương Nhất Minh và Zhang Yiming (ảnh)."]) == \
        ["Trương Nhất Minh", "Zhang Yiming"]


def test_the_extractor_gives_the_person_once():
    persons = extract_persons("ByteDance đổi lãnh đạo", [
        "Nhà sáng lập ByteDance kiêm Giám đốc điều hành Trương Nhất Minh (Zhang Yiming) sẽ từ chức.",
        "Ông Trương Nhất Minh cho biết ông muốn tập trung vào chiến lược dài hạn."])
    assert persons == ["Trương Nhất Minh"]

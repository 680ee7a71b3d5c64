"""Tests for indexer.persons.roles: a name given as a role is a character, not a person."""
from __future__ import annotations

from indexer.persons import extract_persons
from indexer.persons.roles import characters


def test_a_name_after_a_role_cue_is_a_character_in_any_case_of_the_cue():
    text = "Nhân vật Quách Tĩnh do Lý Á Bằng thủ vai. Ông từng Hóa thân thành Lệnh Hồ Xung."
    assert characters(["Quách Tĩnh", "Lý Á Bằng", "Lệnh Hồ Xung"], text) == {"Quách Tĩnh", "Lệnh Hồ Xung"}


def test_a_shoulder_a_longer_word_and_another_line_are_no_role():
    assert characters(["Lý Bình Hy"], "Trương Vũ Kỳ tựa đầu lên vai Lý Bình Hy.") == set()
    assert characters(["Ngọc"], "Cô vào vai Ngọct, một người mẫu.") == set()
    assert characters(["Shraddha Kapoor"], "cát sê cho một vai diễn\nShraddha Kapoor lọt vào") == set()


def test_the_extractor_leaves_out_the_roles_and_keeps_the_actors():
    persons = extract_persons("Triệu Vy và vai diễn để đời", [
        "Năm 1998, diễn viên Triệu Vy vào vai Tiểu Yến Tử, còn diễn viên Lâm Tâm Như đóng vai Hạ Tử Vy.",
        "Tiểu Yến Tử trở thành vai diễn gắn liền với tên tuổi Triệu Vy."])
    assert "Triệu Vy" in persons and "Lâm Tâm Như" in persons
    assert "Tiểu Yến Tử" not in persons and "Hạ Tử Vy" not in persons


def test_every_role_cue_holds_a_key_looked_for_first():
    from indexer.persons import roles

    assert all(any(key in cue for key in roles._CUE_KEYS) for cue in roles._CUE_LOWER)

"""Tests for indexer.person_field: the persons field's one grammar, written and read."""
from __future__ import annotations

import doctest

from indexer import person_field
from indexer.person_field import join_persons, split_persons


def test_the_examples():
    assert doctest.testmod(person_field).failed == 0


def test_names_written_and_read_back_in_order():
    names = ["Nguyễn Xuân Phúc", "Ursula von der Leyen", "Hồ Chí Minh"]
    assert split_persons(join_persons(names)) == names


def test_a_comma_inside_a_name_cannot_split_it():
    assert split_persons(join_persons(["Smith, John", "Lò Văn Hặc"])) == ["Smith  John", "Lò Văn Hặc"]

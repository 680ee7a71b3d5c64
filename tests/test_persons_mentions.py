"""Tests for indexer.persons.mentions: each person once, as the fullest form."""
from __future__ import annotations

from indexer.persons.mentions import Mention, merge


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

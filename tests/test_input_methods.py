"""indexer/input_methods.py: Telex and VNI typed with the input method off."""

from __future__ import annotations

import doctest

import pytest

from indexer import input_methods
from indexer.input_methods import decode_telex, decode_vni


@pytest.mark.parametrize("typed, meant", [
    ("hooij", "hội"), ("nghij", "nghị"), ("cans", "cán"), ("booj", "bộ"), ("dduwowngf", "đường"),
    ("nuwowcs", "nước"), ("toasn", "toán"), ("vieetj", "việt"), ("quaan", "quân"), ("cuar", "của"),
    ("Sown", "sơn"), ("thur", "thủ"), ("tuowngs", "tướng"),
])
def test_telex(typed, meant):
    assert decode_telex(typed) == meant


@pytest.mark.parametrize("typed, meant", [
    ("ho6i5", "hội"), ("nghi5", "nghị"), ("d9u7o7ng2", "đường"), ("nu7o71c", "nước"), ("bo65", "bộ"),
])
def test_vni(typed, meant):
    assert decode_vni(typed) == meant


@pytest.mark.parametrize("word", ["hoi", "nam", "Paris", "U23", "covid19", "G7", "facebook", "hội", "2020"])
def test_words_that_are_not_keystrokes_are_left_alone(word):
    assert decode_telex(word) is None or decode_telex(word) == word.lower()
    assert decode_vni(word) is None


def test_doctests():
    assert doctest.testmod(input_methods).failed == 0

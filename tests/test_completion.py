"""Completions of a query being typed: the table and ``/api/suggest``."""

from __future__ import annotations

import doctest

from conftest import SECRETARY

from search_app import completion
from search_app.completion import Completions


def test_the_doctests_hold():
    assert doctest.testmod(completion).failed == 0


def test_the_most_frequent_completion_comes_first_and_earlier_words_stay():
    table = Completions([("cán_bộ", 50), ("cán_cân", 5)], [], [("UBND", 900)])
    assert table.complete("hoi nghi can") == ["hoi nghi cán bộ", "hoi nghi cán cân"]
    assert table.complete("ub") == ["UBND"]
    assert table.complete("u") == []  # too short to guess


def test_the_api_completes_persons_titles_and_abbreviations(client):
    data = client.get("/api/suggest?q=nguyen+huu").get_json()
    assert data["query"] == "nguyen huu"
    assert SECRETARY in data["completions"]
    assert "sơn la" in client.get("/api/suggest?q=son+l").get_json()["completions"]
    assert "UBND" in client.get("/api/suggest?q=ubn").get_json()["completions"]
    assert client.get("/api/suggest?q=").get_json()["completions"] == []


def test_the_browser_format_is_opensearch_suggestions(client):
    data = client.get("/api/suggest?q=nguyen+huu&format=opensearch").get_json()
    assert data[0] == "nguyen huu" and SECRETARY in data[1]


def test_the_search_box_asks_for_completions_with_a_script_of_our_own(client):
    html = client.get("/").get_data(as_text=True)
    assert 'list="q-completions"' in html and '<datalist id="q-completions">' in html
    assert 'src="/static/autocomplete.js"' in html
    assert client.get("/static/autocomplete.js").status_code == 200


def test_completions_can_be_kept_by_a_proxy(client):
    first = client.get("/api/suggest?q=nguyen+huu")
    assert first.headers["Cache-Control"].startswith("public") and first.headers["ETag"]
    again = client.get("/api/suggest?q=nguyen+huu", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_completion_the_word_before_is_written_beside_comes_first():
    table = Completions([("và", 900), ("vàng", 40), ("vào", 500)], [], [])
    pairs = {("gia", "vang"): 30, ("gia", "va"): 2}
    assert table.complete("gia va", together=lambda a, b: pairs.get((a, b), 0))[:2] == ["gia vàng", "gia và"]
    assert table.complete("gia va")[0] == "gia và"  # without pairs: the commonest word

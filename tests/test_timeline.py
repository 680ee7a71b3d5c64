"""The timeline of hits, drawn by the server."""

from __future__ import annotations

import doctest

from conftest import SECRETARY, html_tags

from search_app import timeline as timeline_module
from search_app.timeline import MAX_MONTH_BARS, timeline


def test_the_doctests_hold():
    assert doctest.testmod(timeline_module).failed == 0


def test_every_month_between_the_first_and_the_last_is_a_bar():
    t = timeline({"2019-11": 4, "2020-02": 1})
    assert [b.value for b in t.bars] == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert [b.height for b in t.bars] == [80, 0, 0, 20]
    assert t.per == "month"


def test_a_long_span_is_drawn_by_year():
    t = timeline({"2015-01": 2, f"{2015 + MAX_MONTH_BARS // 12 + 1}-06": 3})
    assert t.per == "year" and all(b.param == "year" for b in t.bars)


def test_the_results_page_draws_the_timeline_with_links_to_each_month(client):
    html = client.get("/?q=S%C6%A1n+La").get_data(as_text=True)
    assert 'id="timeline"' in html
    links = [a["href"] for t, a in html_tags(html) if t == "a" and "month=" in (a.get("href") or "")]
    assert any("month=2019-11" in href for href in links)
    page = client.get(next(h for h in links if "month=2019-11" in h).replace("&amp;", "&"))
    assert page.status_code == 200


def test_the_person_page_draws_the_persons_timeline(client):
    html = client.get(f"/nguoi/{SECRETARY}").get_data(as_text=True)
    assert 'id="timeline"' in html
    assert "month=2021-06" in html and "person=" in html

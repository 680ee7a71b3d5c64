"""The Atom feed of a search and the OpenSearch description."""

from __future__ import annotations

import feedparser

from conftest import N_ARTICLES, SEED_ID, html_tags


def test_the_feed_of_a_search_is_valid_atom_newest_first(client):
    response = client.get("/feed.atom?q=S%C6%A1n+La")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert "Sơn La" in feed.feed.title
    assert len(feed.entries) == N_ARTICLES  # every article names Sơn La; at most 50
    # Newest first; an undated article comes last, "updated" when the index was built.
    dates = [e.published_parsed for e in feed.entries if "published" in e]
    assert dates == sorted(dates, reverse=True) and len(dates) == N_ARTICLES - 1
    assert "published" not in feed.entries[-1]
    first = feed.entries[0]
    assert first.link.startswith("http://localhost/bai-viet/articles/")
    assert first.title and first.summary
    assert any(e.link.endswith(SEED_ID) for e in feed.entries)


def test_the_feed_keeps_the_filters_and_ignores_sort_and_paging(client):
    feed = feedparser.parse(client.get("/feed.atom?q=S%C6%A1n+La&date=2019-11-16&sort=oldest&page=3").get_data())
    assert len(feed.entries) == 4
    assert {e.published[:10] for e in feed.entries} == {"2019-11-16"}


def test_a_bad_feed_request_is_a_400(client):
    assert client.get("/feed.atom?date=2019-02-31").status_code == 400


def test_the_results_page_links_its_feed(client):
    html = client.get("/?q=S%C6%A1n+La").get_data(as_text=True)
    links = [a for t, a in html_tags(html) if t == "link" and a.get("rel") == "alternate"]
    assert links and links[0]["type"] == "application/atom+xml"
    assert links[0]["href"].startswith("/feed.atom?") and "q=S%C6%A1n+La" in links[0]["href"]
    assert client.get(links[0]["href"]).status_code == 200


def test_the_opensearch_description_is_linked_from_every_page(client):
    for url in ("/", "/?q=la", f"/bai-viet/{SEED_ID}"):
        html = client.get(url).get_data(as_text=True)
        links = [a for t, a in html_tags(html) if t == "link" and a.get("rel") == "search"]
        assert links and links[0]["href"] == "/opensearch.xml", url
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    text = response.get_data(as_text=True)
    assert 'template="http://localhost/?q={searchTerms}"' in text
    assert "<ShortName>" in text and "suggest" in text

"""Tests for search_app.caching: ETag, Last-Modified and Cache-Control from the index
generation, 304 before any search, and results kept per generation."""
from __future__ import annotations

import pytest

from indexer.build import rebuild, update
from indexer_fixtures import corpus  # noqa: F401  (fixture)
from search_app import create_app
from search_app.caching import ResultCache


def test_answers_carry_validators_and_a_public_max_age(client):
    response = client.get("/api/search", query_string={"q": "sơn la"})
    assert response.status_code == 200
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    assert response.cache_control.public and response.cache_control.max_age == 60
    page = client.get("/", query_string={"q": "sơn la"})
    assert page.headers["ETag"] and page.cache_control.public


def test_if_none_match_is_answered_304_without_searching(app, client, monkeypatch):
    first = client.get("/api/search", query_string={"q": "sơn la"})
    engine = app.extensions["search_engine"]
    monkeypatch.setattr(engine, "search", lambda params: pytest.fail("searched again"))
    again = client.get("/api/search", query_string={"q": "sơn la"},
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    since = client.get("/api/search", query_string={"q": "sơn la"},
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_other_parameters_have_other_etags(client):
    a = client.get("/api/search", query_string={"q": "sơn la"}).headers["ETag"]
    b = client.get("/api/search", query_string={"q": "sơn la", "page": "2"}).headers["ETag"]
    assert a != b


def test_errors_are_not_cacheable(client):
    response = client.get("/api/search", query_string={"page": "x"})
    assert response.status_code == 400
    assert not response.cache_control.public and "ETag" not in response.headers


def test_a_new_generation_changes_the_etag_and_the_results(corpus, tmp_path):
    index_dir = tmp_path / "index"
    rebuild([corpus], index_dir, jobs=1)
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    before = client.get("/api/search", query_string={"q": "măng cụt"})
    assert "src/new.txt" not in [r["id"] for r in before.get_json()["results"]]
    (corpus / "new.txt").write_text("Măng cụt vào mùa\nNông dân bản Mé thu hoạch măng cụt.\n", encoding="utf-8")
    update([corpus], index_dir, jobs=1)
    import time

    time.sleep(1.1)  # the engine looks for a new commit once a second
    after = client.get("/api/search", query_string={"q": "măng cụt"},
                       headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "src/new.txt" in [r["id"] for r in after.get_json()["results"]]
    assert after.headers["ETag"] != before.headers["ETag"]


def test_result_cache_drops_the_least_recently_used():
    cache = ResultCache(size=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3 and len(cache) == 2

"""Exports of a search as CSV and JSON Lines."""

from __future__ import annotations

import csv
import io
import json

from conftest import N_ARTICLES, SECRETARY, SEED_ID


def test_the_csv_export_holds_every_result_in_the_search_order(client):
    response = client.get("/api/export.csv?q=S%C6%A1n+La")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["X-Total-Count"] == str(N_ARTICLES)
    assert response.headers["X-Export-Capped"] == "false"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["id", "title", "date", "section", "persons", "url"]
    ids = [r[0] for r in rows[1:]]
    assert len(ids) == N_ARTICLES
    ranked = [h["id"] for h in client.get("/api/search?q=S%C6%A1n+La&per_page=50").get_json()["results"]]
    assert ids == ranked
    seed = rows[1 + ids.index(SEED_ID)]
    assert seed[2] == "2019-11-16" and SECRETARY in seed[4].split("; ")


def test_the_jsonl_export_keeps_filters_and_sort(client):
    response = client.get("/api/export.jsonl?q=S%C6%A1n+La&from=2019-11-16&to=2019-11-16&sort=newest")
    assert response.status_code == 200
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(records) == 4 == int(response.headers["X-Exported-Count"])
    assert {r["date"] for r in records} == {"2019-11-16"}
    assert set(records[0]) == {"id", "title", "date", "section", "persons", "url"}
    assert isinstance(records[0]["persons"], list)


def test_an_export_past_the_limit_is_capped_and_says_so(client, monkeypatch):
    from search_app import export

    monkeypatch.setattr(export, "EXPORT_LIMIT", 5)
    response = client.get("/api/export.jsonl?q=S%C6%A1n+La")
    assert response.headers["X-Export-Capped"] == "true"
    assert response.headers["X-Total-Count"] == str(N_ARTICLES)
    assert len(response.get_data(as_text=True).splitlines()) == 5


def test_a_bad_export_request_is_a_json_400(client):
    response = client.get("/api/export.csv?sort=sideways")
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_the_results_page_links_both_exports(client):
    html = client.get("/?q=S%C6%A1n+La").get_data(as_text=True)
    assert 'href="/api/export.csv?q=S%C6%A1n+La"' in html
    assert 'href="/api/export.jsonl?q=S%C6%A1n+La"' in html

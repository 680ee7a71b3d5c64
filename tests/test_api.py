"""The JSON API: /api/search, /api/articles/<id>, /api/openapi.json."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from conftest import (
    IMG,
    N_ARTICLES,
    ON_16_11_2019,
    SCRIPT,
    SECRETARY,
    SECRETARY_IDS,
    SEED_ID,
    UNDATED_ID,
    XSS_ID,
)

from search_app.params import PARAM_NAMES


def get_json(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:500])
    assert response.mimetype == "application/json"
    return response.get_json()


def ids(data) -> list[str]:
    return [r["id"] for r in data["results"]]


# ---------------------------------------------------------------------------
# /api/search
# ---------------------------------------------------------------------------


def test_search_shape(client):
    data = get_json(client, "/api/search?q=S%C6%A1n+La")
    assert {"query", "total", "page", "per_page", "results", "facets", "suggestion"} <= set(data)
    assert data["query"] == "Sơn La"
    assert data["total"] == N_ARTICLES
    assert data["page"] == 1 and data["per_page"] == 10
    assert len(data["results"]) == 10
    for hit in data["results"]:
        assert {"id", "title", "date", "persons", "snippet", "score", "url"} <= set(hit)
        assert hit["date"] is None or len(hit["date"]) == 10
        assert isinstance(hit["persons"], list)
    assert set(data["facets"]) >= {"years", "months", "persons"}
    assert data["facets"]["years"] == {"2021": 3, "2020": 4, "2019": 5}
    assert data["facets"]["months"]["2019-11"] == 4
    assert [SECRETARY, len(SECRETARY_IDS)] in data["facets"]["persons"]


def test_search_without_parameters_lists_everything_newest_first(client):
    data = get_json(client, "/api/search")
    assert data["total"] == N_ARTICLES
    dates = [r["date"] for r in data["results"] if r["date"]]
    assert dates == sorted(dates, reverse=True)


def test_page_and_per_page(client):
    first = get_json(client, "/api/search?q=S%C6%A1n+La&per_page=5")
    assert first["per_page"] == 5 and len(first["results"]) == 5
    third = get_json(client, "/api/search?q=S%C6%A1n+La&per_page=5&page=3")
    assert third["page"] == 3 and len(third["results"]) == N_ARTICLES - 10
    second = get_json(client, "/api/search?q=S%C6%A1n+La&page=2")
    assert len(second["results"]) == N_ARTICLES - 10
    assert not set(ids(second)) & set(ids(get_json(client, "/api/search?q=S%C6%A1n+La")))
    assert get_json(client, "/api/search?q=S%C6%A1n+La&per_page=50")["per_page"] == 50
    past = get_json(client, "/api/search?q=S%C6%A1n+La&page=5")
    assert past["results"] == [] and past["total"] == N_ARTICLES


@pytest.mark.parametrize("args,expected", [
    ({"date": "2019-11-16"}, ON_16_11_2019),
    ({"date": "16/11/2019"}, ON_16_11_2019),
    ({"from": "2021-01-01"}, {"articles/08_bau_cu.txt", "articles/09_mua_xuan.txt",
                              "articles/12_giao_duc.txt"}),
    ({"to": "2019-11-16"}, ON_16_11_2019),
    ({"from": "01/03/2020", "to": "2020-10-31"}, {"articles/06_hoa_binh.txt", "articles/05_dai_hoi.txt"}),
    ({"month": "2020-03"}, {"articles/06_hoa_binh.txt"}),
    ({"year": "2020"}, {"articles/04_ban_be.txt", "articles/06_hoa_binh.txt",
                        "articles/05_dai_hoi.txt", "articles/07_covid.txt"}),
    ({"person": SECRETARY}, set(SECRETARY_IDS)),
    ({"person": "Nguyen Huu Dong"}, set(SECRETARY_IDS)),
    ({"person": SECRETARY, "year": "2021"}, {"articles/08_bau_cu.txt", "articles/12_giao_duc.txt"}),
    ({"q": "b\u1ea7u c\u1eed", "person": SECRETARY}, {"articles/08_bau_cu.txt"}),
])
def test_filters(client, args, expected):
    data = get_json(client, "/api/search", query_string={**args, "per_page": "50"})
    assert set(ids(data)) == expected
    assert data["total"] == len(expected)


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_sort(client, sort):
    data = get_json(client, "/api/search", query_string={"q": "S\u01a1n La", "sort": sort, "per_page": "50"})
    dates = [r["date"] for r in data["results"] if r["date"]]
    if sort == "newest":
        assert dates == sorted(dates, reverse=True)
    elif sort == "oldest":
        assert dates == sorted(dates)
    else:
        scores = [r["score"] for r in data["results"]]
        assert scores == sorted(scores, reverse=True)


def test_sort_without_query(client):
    for sort in ("newest", "oldest"):
        data = get_json(client, f"/api/search?sort={sort}&per_page=50")
        dates = [r["date"] for r in data["results"] if r["date"]]
        assert dates == sorted(dates, reverse=(sort == "newest"))
        assert data["total"] == N_ARTICLES


def test_suggestion_and_partial(client):
    data = get_json(client, "/api/search?q=hoi+nghi")
    assert data["suggestion"] == "hội nghị"
    assert get_json(client, "/api/search?q=S%C6%A1n+La")["suggestion"] is None
    data = get_json(client, "/api/search?q=xo%C3%A0i+b%E1%BA%A7u+c%E1%BB%AD")
    assert data["total"] >= 1
    assert data.get("partial") is True


def test_an_exclusion_that_leaves_nothing_is_read_as_a_hyphen(client):
    # Every fixture article about a conference is from Sơn La: "-Sơn" leaves nothing.
    data = get_json(client, "/api/search", query_string={"q": "hội nghị -Sơn"})
    assert data["total"] >= 1 and data["minus_ignored"] == ["Sơn"]
    plain = get_json(client, "/api/search", query_string={"q": "hội nghị Sơn"})
    assert [r["id"] for r in data["results"]] == [r["id"] for r in plain["results"]]
    # An exclusion that leaves something excludes, as typed.
    data = get_json(client, "/api/search", query_string={"q": "Sơn La -covid"})
    assert data["minus_ignored"] == [] and data["total"] >= 1
    assert "articles/07_covid.txt" not in [r["id"] for r in data["results"]]


def test_readme_example_has_the_keys_of_a_response(client):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", readme, re.S).group(1))
    data = get_json(client, "/api/search?q=hoi+nghi")
    assert set(example) == set(data)
    assert set(example["results"][0]) == set(data["results"][0])
    assert set(example["facets"]) == set(data["facets"])


def test_snippet_marks_and_escapes(client):
    data = get_json(client, "/api/search", query_string={"q": "m\u00e3 \u0111\u1ed9c"})
    hit = next(r for r in data["results"] if r["id"] == XSS_ID)
    assert "<mark>" in hit["snippet"]
    assert SCRIPT not in hit["snippet"] and IMG not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]
    assert hit["title"] == "Cảnh báo mã độc <script>alert(1)</script> trên mạng"  # JSON: plain text


@pytest.mark.parametrize("payload", [SCRIPT, IMG])
def test_query_payloads(client, payload):
    data = get_json(client, "/api/search", query_string={"q": payload})
    assert XSS_ID in ids(data)
    for hit in data["results"]:
        assert SCRIPT not in hit["snippet"] and IMG not in hit["snippet"]
    assert data["suggestion"] is None or "<" not in data["suggestion"]
    response = client.get("/api/search", query_string={"q": payload})
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("query", [
    "date=2019-02-31",  # impossible date
    "date=31/02/2019",
    "from=2020-01-01&to=2019-01-01",  # from after to
    "q=" + "a" * 2001,  # query too long
    "page=0", "page=-1", "page=abc", "page=1.5", "page=99999999",
    "per_page=0", "per_page=51", "per_page=abc",
    "sort=bogus", "sort=%3Cscript%3E",
    "month=2019-13", "month=abc", "year=19", "year=abcd",
    "date=ng%C3%A0y+mai", "from=2019-02-30",
])
def test_bad_input_is_400(client, query):
    data = get_json(client, "/api/search?" + query, status=400)
    assert set(data) == {"error"}
    assert isinstance(data["error"], str) and data["error"]
    assert "Traceback" not in data["error"]


def test_query_of_2000_chars_is_fine(client):
    get_json(client, "/api/search", query_string={"q": "a" * 2000})


def test_unknown_parameters_are_ignored(client):
    assert get_json(client, "/api/search?q=S%C6%A1n+La&foo=bar")["total"] == N_ARTICLES


def test_every_parameter_is_documented(client):
    doc = get_json(client, "/api/openapi.json")
    documented = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert set(PARAM_NAMES) <= documented


def test_search_503_without_index(empty_app):
    data = get_json(empty_app.test_client(), "/api/search?q=x", status=503)
    assert set(data) == {"error"}


# ---------------------------------------------------------------------------
# /api/articles/<id>
# ---------------------------------------------------------------------------


def test_article(client):
    data = get_json(client, f"/api/articles/{SEED_ID}")
    assert set(data) == {"id", "title", "date", "persons", "lead", "body", "url", "section"}
    assert data["id"] == SEED_ID
    assert data["title"] == "Hội nghị cán bộ chủ chốt toàn tỉnh"
    assert data["date"] == "2019-11-16"
    assert data["persons"][:1] == [SECRETARY]
    assert "Phát biểu tại Hội nghị" in data["body"]


def test_undated_article(client):
    data = get_json(client, f"/api/articles/{UNDATED_ID}")
    assert data["date"] is None
    assert data["lead"].startswith("Sơn La là tỉnh miền núi")


def test_article_text_is_returned_as_is(client):
    data = get_json(client, f"/api/articles/{XSS_ID}")
    assert SCRIPT in data["title"] and IMG in data["body"]


def test_every_hit_can_be_fetched(client):
    for hit in get_json(client, "/api/search?per_page=50")["results"]:
        data = get_json(client, "/api/articles/" + quote(hit["id"]))
        assert data["id"] == hit["id"]


def test_unknown_article_is_404(client):
    data = get_json(client, "/api/articles/articles/khong-co.txt", status=404)
    assert set(data) == {"error"}
    get_json(client, "/api/articles/", status=404)


def test_jsonl_style_id(app, monkeypatch):
    asked = []
    engine = app.extensions["search_engine"]
    monkeypatch.setattr(engine, "article", lambda doc_id: asked.append(doc_id))
    get_json(app.test_client(), "/api/articles/cms/export.jsonl%2342", status=404)
    assert asked == ["cms/export.jsonl#42"]


def test_article_503_without_index(empty_app):
    get_json(empty_app.test_client(), f"/api/articles/{SEED_ID}", status=503)


# ---------------------------------------------------------------------------
# /api/openapi.json
# ---------------------------------------------------------------------------


def test_openapi_document(client):
    doc = get_json(client, "/api/openapi.json")
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] and doc["info"]["version"]
    assert {"/api/search", "/api/articles/{id}", "/api/openapi.json"} <= set(doc["paths"])
    search = doc["paths"]["/api/search"]["get"]
    assert {"200", "400", "503"} <= set(search["responses"])
    article = doc["paths"]["/api/articles/{id}"]["get"]
    assert {"200", "404", "503"} <= set(article["responses"])
    assert article["parameters"][0]["in"] == "path"
    schemas = doc["components"]["schemas"]
    assert {"SearchResult", "Hit", "Article", "Error", "Facets"} <= set(schemas)

    def refs(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(doc):
        kind, name = ref.split("/")[-2:]
        assert name in doc["components"][kind], ref


def test_openapi_matches_responses(client):
    """The fields the API returns are the ones the document lists as required."""
    doc = get_json(client, "/api/openapi.json")
    schemas = doc["components"]["schemas"]
    data = get_json(client, "/api/search?q=S%C6%A1n+La")
    assert set(schemas["SearchResult"]["required"]) <= set(data)
    assert set(schemas["Hit"]["required"]) <= set(data["results"][0])
    article = get_json(client, f"/api/articles/{SEED_ID}")
    assert set(schemas["Article"]["required"]) == set(article)

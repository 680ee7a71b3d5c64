"""HTML pages: the search page, the article page, the person page."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from conftest import (
    BAN_ID,
    HOA_ID,
    IMG,
    N_ARTICLES,
    ON_16_11_2019,
    SCRIPT,
    SECRETARY,
    SECRETARY_IDS,
    SEED_ID,
    UNDATED_ID,
    XSS_ID,
    assert_no_active_content,
    html_tags,
)

from search_app.views import page_numbers


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:500])
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def hit_ids(html: str) -> list[str]:
    """Article ids of the result list, in order."""
    part = html.split('class="hits"', 1)
    if len(part) < 2:
        return []
    part = part[1].split("</ol>", 1)[0]
    return [html_lib.unescape(m) for m in re.findall(r'class="hit-title"><a href="/bai-viet/([^"]+)"', part)]


def links(html: str, cls: str | None = None) -> list[tuple[str, dict]]:
    return [attrs for tag, attrs in html_tags(html) if tag == "a"]


def query_of(href: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(html_lib.unescape(href)).query).items()}


def person_href(name: str) -> str:
    return "/nguoi/" + quote(name)


# ---------------------------------------------------------------------------
# The search form
# ---------------------------------------------------------------------------


def test_home_shows_the_form_only(client):
    html = page(client, "/")
    assert '<html lang="vi">' in html
    assert "<main" in html and 'role="search"' in html
    assert "Tìm thấy" not in html and 'class="hits"' not in html
    tags = html_tags(html)
    form = next(attrs for tag, attrs in tags if tag == "form")
    assert form["method"] == "get" and form["action"] == "/"
    inputs = {attrs["name"]: attrs for tag, attrs in tags if tag in ("input", "select") and "name" in attrs}
    assert inputs["q"]["type"] == "search"
    for name in ("date", "from", "to"):
        assert inputs[name]["type"] == "date"
    assert inputs["person"]["type"] == "text"
    assert "sort" in inputs
    # Every visible field has a label.
    labelled = {attrs["for"] for tag, attrs in tags if tag == "label"}
    for name in ("q", "date", "from", "to", "person", "scope", "sort"):
        assert inputs[name]["id"] in labelled
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', html)
    assert options == [("all", "Toàn bài"), ("lead", "Tiêu đề và sapo"), ("title", "Chỉ tiêu đề"),
                       ("relevance", "Liên quan nhất"), ("newest", "Mới nhất"), ("oldest", "Cũ nhất")]
    assert '<link rel="stylesheet" href="/static/style.css">' in html
    assert 'name="viewport"' in html


def test_results_page_is_shareable_and_fills_the_form(client):
    html = page(client, "/?q=h%E1%BB%99i+ngh%E1%BB%8B&date=16/11/2019&person=Nguy%E1%BB%85n&sort=newest")
    assert 'value="hội nghị"' in html
    assert 'name="date" value="2019-11-16"' in html  # DD/MM/YYYY shown to the date picker as ISO
    assert 'name="person" value="Nguyễn"' in html
    assert '<option value="newest" selected>' in html


def test_search_results(client):
    html = page(client, "/?q=S%C6%A1n+La")
    assert f"Tìm thấy {N_ARTICLES} bài viết" in html
    assert 'aria-live="polite"' in html
    ids = hit_ids(html)
    assert len(ids) == 10
    assert "<mark>" in html
    assert_no_active_content(html)


def test_hit_shows_date_persons_and_article_link(client):
    html = page(client, "/?q=c%C3%A1n+b%E1%BB%99+ch%E1%BB%A7+ch%E1%BB%91t")
    assert hit_ids(html)[0] == SEED_ID
    assert f'href="/bai-viet/{SEED_ID}"' in html
    assert '<time datetime="2019-11-16">16/11/2019</time>' in html
    assert f'href="{person_href(SECRETARY)}"' in html


def test_undated_hit(client):
    html = page(client, "/?q=Cao+nguy%C3%AAn+M%E1%BB%99c+Ch%C3%A2u")
    assert UNDATED_ID in hit_ids(html)
    assert "Không rõ ngày" in html


def test_pagination_keeps_all_parameters(client):
    html = page(client, "/?q=S%C6%A1n+La&sort=newest&from=2019-01-01")
    nav = html.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert hrefs, nav
    for href in hrefs:
        args = query_of(href)
        assert args["q"] == "Sơn La" and args["sort"] == "newest" and args["from"] == "2019-01-01"
        assert args["page"] == "2"
    assert 'rel="next"' in nav and 'rel="prev"' not in nav
    assert 'aria-current="page">1<' in nav

    html2 = page(client, "/?q=S%C6%A1n+La&sort=newest&from=2019-01-01&page=2")
    ids2 = hit_ids(html2)
    assert len(ids2) == N_ARTICLES - 1 - 10  # the undated article is outside any date range
    nav2 = html2.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    assert 'rel="prev"' in nav2 and 'rel="next"' not in nav2
    prev = re.search(r'href="([^"]+)" rel="prev"', nav2).group(1)
    assert "page" not in query_of(prev) or query_of(prev)["page"] == "1"
    # No article twice across pages.
    assert not set(ids2) & set(hit_ids(html))


def test_per_page_in_url(client):
    html = page(client, "/?q=S%C6%A1n+La&per_page=5&page=3")
    assert len(hit_ids(html)) == 3
    assert 'name="per_page" value="5"' in html  # kept when the form is sent again


def test_page_past_the_end(client):
    html = page(client, "/?q=S%C6%A1n+La&page=9")
    assert hit_ids(html) == []
    assert "Về trang 1" in html


def test_no_results(client):
    html = page(client, "/?q=zzzqqqxxx")
    assert "Tìm thấy 0 bài viết" in html
    assert "Không tìm thấy bài viết nào" in html


def test_filter_by_day(client):
    html = page(client, "/?date=2019-11-16")
    assert set(hit_ids(html)) == ON_16_11_2019
    assert html.count("16/11/2019</time>") >= len(ON_16_11_2019)
    html = page(client, "/?q=h%E1%BB%99i+ngh%E1%BB%8B&date=2019-11-16")
    assert set(hit_ids(html)) <= ON_16_11_2019 and hit_ids(html)


@pytest.mark.parametrize("query,expected", [
    ("from=2020-01-01&to=2020-12-31", {"articles/04_ban_be.txt", "articles/06_hoa_binh.txt",
                                        "articles/05_dai_hoi.txt", "articles/07_covid.txt"}),
    ("month=2019-11", ON_16_11_2019),
    ("year=2021", {"articles/08_bau_cu.txt", "articles/09_mua_xuan.txt", "articles/12_giao_duc.txt"}),
    ("person=Nguy%E1%BB%85n+H%E1%BB%AFu+%C4%90%C3%B4ng", set(SECRETARY_IDS)),
    ("person=nguyen+huu+dong", set(SECRETARY_IDS)),
])
def test_filters(client, query, expected):
    assert set(hit_ids(page(client, "/?" + query))) == expected


def test_sort_orders(client):
    newest = hit_ids(page(client, "/?person=Nguy%E1%BB%85n+H%E1%BB%AFu+%C4%90%C3%B4ng&sort=newest"))
    assert newest[:3] == SECRETARY_IDS[:3]
    oldest = hit_ids(page(client, "/?person=Nguy%E1%BB%85n+H%E1%BB%AFu+%C4%90%C3%B4ng&sort=oldest"))
    assert oldest[-1] == SECRETARY_IDS[0]
    assert set(oldest) == set(SECRETARY_IDS)


def test_active_filters_can_be_removed(client):
    html = page(client, "/?q=S%C6%A1n+La&year=2019")
    nav = html.split('class="active-filters"', 1)[1].split("</nav>", 1)[0]
    href = re.search(r'href="([^"]+)"', nav).group(1)
    assert query_of(href) == {"q": "Sơn La"}


def test_facets_link_to_narrower_searches(client):
    html = page(client, "/?q=S%C6%A1n+La&sort=newest")
    facets = html.split('class="facets"', 1)[1].split("</aside>", 1)[0]
    assert "Theo năm" in facets and "Theo tháng" in facets and "Theo nhân vật" in facets
    hrefs = [html_lib.unescape(h) for h in re.findall(r'href="([^"]+)"', facets)]
    years = [query_of(h) for h in hrefs if "year=" in h]
    assert {a["year"] for a in years} == {"2019", "2020", "2021"}
    assert all(a["q"] == "Sơn La" and a["sort"] == "newest" for a in years)
    assert "2019</a> <span class=\"n\">(5)</span>" in facets
    months = [query_of(h) for h in hrefs if "month=" in h]
    assert {"2019-11", "2021-06"} <= {a["month"] for a in months}
    assert "11/2019</a> <span class=\"n\">(4)</span>" in facets
    persons = [query_of(h) for h in hrefs if "person=" in h]
    assert SECRETARY in {a["person"] for a in persons}
    assert all(a["q"] == "Sơn La" for a in persons)
    # Following a facet link narrows the results.
    year_2021 = next(h for h in hrefs if "year=2021" in h)
    assert len(hit_ids(page(client, year_2021))) == 3


def test_suggestion_links_to_the_same_search(client):
    html = page(client, "/?q=hoi+nghi&sort=newest")
    assert "Có phải bạn muốn tìm:" in html
    m = re.search(r'Có phải bạn muốn tìm: <a href="([^"]+)">([^<]+)</a>', html)
    assert m.group(2) == "hội nghị"
    assert query_of(m.group(1)) == {"q": "hội nghị", "sort": "newest"}


def test_partial_note(client):
    html = page(client, "/?q=xo%C3%A0i+b%E1%BA%A7u+c%E1%BB%AD")
    assert "Không có bài viết chứa tất cả các từ; đây là các kết quả gần nhất" in html
    html = page(client, "/?q=S%C6%A1n+La")
    assert "Không có bài viết chứa tất cả các từ" not in html


def test_minus_read_as_hyphen_note(client):
    html = page(client, "/?q=h%E1%BB%99i+ngh%E1%BB%8B+-S%C6%A1n")  # hội nghị -Sơn
    assert "Không có bài viết nào khi loại trừ «Sơn»: dấu “-” đã được hiểu là gạch nối" in html
    assert "loại trừ" not in page(client, "/?q=S%C6%A1n+La")


@pytest.mark.parametrize("query,first", [
    ("b%C3%A0n", BAN_ID),  # bàn
    ("b%C3%A1n", "articles/02_nong_san.txt"),  # bán
    ("b%E1%BA%A1n", "articles/04_ban_be.txt"),  # bạn
    ("h%C3%B2a", HOA_ID),  # hòa
    ("ho%C3%A0", HOA_ID),  # hoà
    ("k%E1%BB%B9", HOA_ID),  # kỹ
    ("k%C4%A9", HOA_ID),  # kĩ
])
def test_vietnamese_spellings(client, query, first):
    assert hit_ids(page(client, "/?q=" + query))[0] == first


@pytest.mark.parametrize("query", [
    "date=2019-02-31", "from=2020-01-01&to=2019-01-01", "q=" + "a" * 2001, "page=0",
    "page=abc", "per_page=0", "per_page=51", "per_page=x", "sort=bogus", "month=2019-13",
    "year=19", "date=hôm+qua",
])
def test_bad_input_shows_the_form_with_a_message(client, query):
    html = page(client, "/?" + query, status=400)
    assert 'role="alert"' in html and "Không thể tìm kiếm" in html
    assert 'role="search"' in html  # the form is still there to fix the query
    assert 'class="hits"' not in html


# ---------------------------------------------------------------------------
# XSS: user and article text only ever escaped
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [SCRIPT, IMG])
@pytest.mark.parametrize("param", ["q", "person", "date", "sort", "month"])
def test_query_text_is_escaped(client, payload, param):
    response = client.get("/", query_string={param: payload})
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 400)
    assert payload not in html
    assert_no_active_content(html)


def test_query_echo_is_escaped(client):
    html = page(client, "/?" + "q=" + quote(SCRIPT))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = page(client, "/?" + "q=" + quote(IMG))
    assert 'value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in html


def test_article_text_is_escaped_in_results_and_suggestions(client):
    for q in (SCRIPT, IMG, "script alert", "onerror", "m\u00e3 \u0111\u1ed9c"):
        html = page(client, "/?q=" + quote(q))
        assert XSS_ID in hit_ids(html), q
        assert SCRIPT not in html and IMG not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert_no_active_content(html)


def test_article_page_escapes_text(client):
    html = page(client, f"/bai-viet/{XSS_ID}")
    assert SCRIPT not in html and IMG not in html
    assert "<h1 id=\"article-title\">Cảnh báo mã độc &lt;script&gt;alert(1)&lt;/script&gt; trên mạng</h1>" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<title>Cảnh báo mã độc &lt;script&gt;" in html
    assert_no_active_content(html)


def test_person_page_escapes_name(client):
    response = client.get("/nguoi/" + quote(SCRIPT, safe=""))
    html = response.get_data(as_text=True)
    assert SCRIPT not in html
    assert_no_active_content(html)


# ---------------------------------------------------------------------------
# The article page
# ---------------------------------------------------------------------------


def test_article_page(client):
    html = page(client, f"/bai-viet/{SEED_ID}")
    assert "<h1 id=\"article-title\">Hội nghị cán bộ chủ chốt toàn tỉnh</h1>" in html
    assert '<time datetime="2019-11-16">16/11/2019</time>' in html
    for name in ("Nguyễn Hữu Đông", "Nguyễn Đắc Quỳnh", "Hoàng Quốc Khánh", "Nguyễn Thái Hưng"):
        assert f'href="{person_href(name)}">{name}</a>' in html
    body = html.split('class="body"', 1)[1].split("</div>", 1)[0]
    assert body.count("<p>") >= 5
    assert "Phát biểu tại Hội nghị, đồng chí Nguyễn Hữu Đông" in body
    assert "Bài viết liên quan" in html
    related = html.split('class="related"', 1)[1].split("</aside>", 1)[0]
    related_ids = re.findall(r'href="/bai-viet/([^"]+)"', related)
    assert 1 <= len(related_ids) <= 5
    assert SEED_ID not in related_ids
    assert "Trang tìm kiếm" in html


def test_undated_article_page(client):
    html = page(client, f"/bai-viet/{UNDATED_ID}")
    assert "Giới thiệu về tỉnh Sơn La" in html
    assert "Không rõ ngày" in html
    assert '<p class="lead">Sơn La là tỉnh miền núi vùng Tây Bắc' in html
    assert "<p>Cao nguyên Mộc Châu là điểm du lịch nổi tiếng của tỉnh.</p>" in html


def test_unknown_article_is_404(client):
    html = page(client, "/bai-viet/articles/khong-co.txt", status=404)
    assert "Không tìm thấy" in html


@pytest.mark.parametrize("path", [
    "../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd", "articles/../../etc/passwd",
    "articles/%2e%2e/%2e%2e/etc/passwd", "%2fetc%2fpasswd", "/etc/passwd", "articles%5c..%5c..%5cx",
    "articles/x%00.txt", "articles\\..\\x", "articles/./000_bddf68c9230f3abc.txt", ".",
    "articles/10_xss.txt%0a", "%252e%252e/etc/passwd", "articles//10_xss.txt",
])
def test_traversal_is_404(client, path):
    response = client.get("/bai-viet/" + path)
    assert response.status_code == 404, path
    response = client.get("/api/articles/" + path)
    assert response.status_code == 404, path
    assert response.get_json()["error"]


def test_engine_never_asked_for_unsafe_ids(app, monkeypatch):
    asked = []
    engine = app.extensions["search_engine"]
    monkeypatch.setattr(engine, "article", lambda doc_id: asked.append(doc_id))
    client = app.test_client()
    for path in ("..%2f..%2fetc%2fpasswd", "articles/%2e%2e/x", "a%00b", "a%5cb"):
        assert client.get("/bai-viet/" + path).status_code == 404
        assert client.get("/api/articles/" + path).status_code == 404
    assert asked == []


def test_article_source_link_only_for_http(app, monkeypatch):
    engine = app.extensions["search_engine"]
    doc = {"id": "x/y.txt", "title": "T", "date": None, "persons": [], "lead": "", "body": "B",
           "url": "javascript:alert(1)"}
    monkeypatch.setattr(engine, "article", lambda doc_id: dict(doc))
    monkeypatch.setattr(engine, "related", lambda doc_id, limit=5: [])
    client = app.test_client()
    html = page(client, "/bai-viet/x/y.txt")
    assert "javascript:" not in html and "Nguồn:" not in html
    doc["url"] = "https://example.org/tin?a=1&b=2"
    html = page(client, "/bai-viet/x/y.txt")
    assert 'href="https://example.org/tin?a=1&amp;b=2"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


# ---------------------------------------------------------------------------
# The person page
# ---------------------------------------------------------------------------


def test_person_page_lists_articles_newest_first(client):
    html = page(client, person_href(SECRETARY))
    assert f"<h1 id=\"person-title\">{SECRETARY}</h1>" in html
    assert f"{len(SECRETARY_IDS)} bài viết nhắc đến" in html
    ids = hit_ids(html)
    assert ids[:3] == SECRETARY_IDS[:3]
    assert set(ids) == set(SECRETARY_IDS)
    # A link to search within this person's articles.
    assert "/?person=Nguy" in html


def test_person_page_without_accents(client):
    html = page(client, "/nguoi/nguyen%20huu%20dong")
    assert set(hit_ids(html)) == set(SECRETARY_IDS)


def test_person_page_links_from_hits(client):
    html = page(client, "/?q=b%E1%BA%A7u+c%E1%BB%AD")
    href = person_href(SECRETARY)
    assert f'href="{href}"' in html
    assert set(hit_ids(page(client, href))) == set(SECRETARY_IDS)


def test_person_page_pagination(client, app, monkeypatch):
    html = page(client, person_href(SECRETARY) + "?page=2", status=404)
    assert hit_ids(html) == []
    page(client, person_href(SECRETARY) + "?page=0", status=400)
    page(client, person_href(SECRETARY) + "?page=abc", status=400)


SPORT_ARTICLE = """Công Phượng lập cú đúp, Việt Nam thắng Malaysia

Ngày 12 tháng 6 năm 2021

Tiền đạo Công Phượng ghi hai bàn trong chiến thắng 3-1 của đội tuyển Việt Nam.

Phượng mở tỷ số ở phút 20, Văn Toàn nhân đôi cách biệt trước khi Quang Hải khép lại trận đấu.
HLV Park Hang Seo cho biết cả đội đã chơi đúng chiến thuật.
"""


def test_a_footballers_page_lists_the_article_that_names_him_by_his_given_name(tmp_path):
    """A footballer named the Vietnamese way (``Công Phượng``, later ``Phượng``) has his
    page, and the article lists him once among the sport article's persons."""
    from indexer.build import rebuild
    from search_app import create_app

    source = tmp_path / "the-thao"
    source.mkdir()
    (source / "bong_da.txt").write_text(SPORT_ARTICLE, encoding="utf-8")
    assert rebuild([source], tmp_path / "index", jobs=1).indexed == 1
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    html = page(client, person_href("Công Phượng"))
    assert '<h1 id="person-title">Công Phượng</h1>' in html
    assert hit_ids(html) == ["the-thao/bong_da.txt"]
    persons = client.get("/api/search?q=vi%E1%BB%87t+nam").get_json()["results"][0]["persons"]
    assert {"Công Phượng", "Văn Toàn", "Quang Hải", "Park Hang Seo"} <= set(persons)
    assert "Phượng" not in persons
    facet = dict(client.get("/api/search?q=vi%E1%BB%87t+nam").get_json()["facets"]["persons"])
    assert facet.get("Công Phượng") == 1


def test_unknown_person_is_404(client):
    html = page(client, "/nguoi/Kh%C3%B4ng%20C%C3%B3%20Ai", status=404)
    assert "Không tìm thấy bài viết nào nhắc đến" in html


def test_person_name_too_long_is_404(client):
    page(client, "/nguoi/" + "a" * 300, status=404)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def test_page_numbers():
    assert page_numbers(1, 1) == []
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert page_numbers(1, 20) == [1, 2, 3, None, 20]
    assert page_numbers(20, 20) == [1, None, 18, 19, 20]


def test_a_query_typed_in_telex_says_what_was_searched(client):
    html = client.get("/?q=hooij+nghij").get_data(as_text=True)
    assert 'class="message note rewritten"' in html
    assert "Đã tìm «hội nghị»" in html and "«hooij nghij»" in html
    plain = client.get("/?q=hoi+nghi").get_data(as_text=True)
    assert "rewritten" not in plain


def test_the_api_returns_the_rewritten_query(client):
    assert client.get("/api/search?q=ho6i5+nghi5").get_json()["rewritten"] == "hội nghị"
    assert client.get("/api/search?q=hoi+nghi").get_json()["rewritten"] is None


# ---------------------------------------------------------------------------
# Citation, date presets, the most named persons
# ---------------------------------------------------------------------------


def test_the_article_page_cites_the_article_the_vietnamese_way(client):
    html = page(client, f"/bai-viet/{SEED_ID}")
    tags = html_tags(html)
    canonical = [a for t, a in tags if t == "link" and a.get("rel") == "canonical"]
    assert canonical and canonical[0]["href"] == f"http://localhost/bai-viet/{SEED_ID}"
    cited = re.search(r'<p id="citation"[^>]*>(.*?)</p>', html, re.S).group(1)
    cited = html_lib.unescape(cited)
    assert cited.startswith("Hội nghị cán bộ chủ chốt")
    assert ", localhost, ngày 16/11/2019, http://localhost/bai-viet/" in cited
    assert re.search(r"truy cập ngày \d\d/\d\d/\d{4}\.$", cited)


def test_a_citation_names_the_source_site_and_its_url():
    import datetime as dt

    from search_app.views import citation

    doc = {"id": "dantri/news_sport_001.txt", "title": "Tuyển Việt Nam thắng", "date": dt.date(2021, 4, 2)}
    assert citation(doc, "https://dantri.com.vn/the-thao/a.htm", "http://x/bai-viet/a",
                    dt.date(2026, 12, 6)) == ("Tuyển Việt Nam thắng, dantri.com.vn, ngày 02/04/2021, "
                                              "https://dantri.com.vn/the-thao/a.htm, truy cập ngày 06/12/2026.")


def test_the_date_presets_keep_the_query_and_set_the_period():
    import datetime as dt

    from search_app.params import SearchParams
    from search_app.views import date_presets

    app_ctx = __import__("search_app").create_app({"INDEX_DIR": "/nonexistent"})
    with app_ctx.test_request_context("/"):
        presets = dict(date_presets(SearchParams.from_args({"q": "lũ", "month": "2020-10"}), dt.date(2026, 12, 6)))
    assert list(presets) == ["Hôm nay", "7 ngày qua", "30 ngày qua", "Năm nay"]
    assert presets["Hôm nay"] == "/?q=l%C5%A9&date=2026-12-06"
    assert presets["7 ngày qua"] == "/?q=l%C5%A9&from=2026-11-30&to=2026-12-06"
    assert presets["Năm nay"] == "/?q=l%C5%A9&year=2026"


def test_the_search_page_offers_the_date_presets(client):
    html = page(client, "/?q=la")
    assert 'class="presets"' in html and "30 ngày qua" in html


def test_the_home_page_lists_the_persons_most_named_in_the_archives_last_30_days(client):
    html = page(client, "/")
    part = html.split('class="top-persons"', 1)[1]
    # The newest article (28/06/2021) is the only one in its last 30 days.
    assert SECRETARY in part
    assert f'href="/nguoi/{quote(SECRETARY)}"' in part

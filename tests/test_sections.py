"""Sections (chuyên mục): read from the source, filtered and counted; with them the
search's scope (title, title and lead) and proximity ``"a b"~N``."""

from __future__ import annotations

import doctest
import json

import pytest

from indexer import sections
from indexer.formats import parse_text
from indexer.sections import readable, section_key, section_of

ARTICLES = {
    # Dân trí's header format: the section from the URL (and the file name).
    "news_sport_001.txt": "# url = https://dantri.com.vn/the-thao/mua-lon-hoan-tran-dau-20210402.htm\n"
                          "# date = 20210402\nMưa lớn, trận đấu bị hoãn\nTrận đấu bị hoãn vì mưa lớn kéo dài.",
    "news_sport_002.txt": "# date = 20210403\nĐội tuyển tập luyện dưới mưa\nMưa rất lớn nhưng đội vẫn tập.",
    # A portal's own header.
    "giaoduc.txt": "# section = giáo dục\n# date = 20210405\nHọc sinh nghỉ học vì mưa\n"
                   "Mưa ở các tỉnh miền núi phía Bắc rất lớn, học sinh được nghỉ học.",
    "plain.txt": "Tin không có chuyên mục\n\nNgày 6 tháng 4 năm 2021\n\nMột bài viết không nói về thời tiết.",
}
JSONL = [{"id": "1", "title": "Ngập sau mưa lớn ở Hà Nội", "body": "Mưa lớn gây ngập nhiều tuyến phố.",
          "date": "2021-04-07", "category": "Xã hội"},
         {"id": "2", "title": "Chợ nông sản mở cửa", "body": "Nông dân bán rau.", "date": "2021-04-08",
          "section": "Nông nghiệp"}]


def test_the_doctests_hold():
    assert doctest.testmod(sections).failed == 0


def test_a_section_is_read_from_a_header_the_url_or_the_dantri_file_name():
    assert parse_text("# section = Thể thao\nTiêu đề\nThân bài.", "s/x.txt", "s").section == "Thể thao"
    assert section_of("", "https://dantri.com.vn/suc-manh-so/a-20210101.htm", "x.txt") == "Công nghệ"
    assert section_of("", "https://example.vn/a-b-c.htm", "news_travel_001.txt") == "Du lịch"
    assert section_of("", "https://example.vn/a-b-c.htm", "x.txt") == ""  # one segment: no section
    assert readable("THỂ THAO") == readable("sport") == "Thể thao"
    assert section_key("Ô tô - Xe máy") == "o-to-xe-may"


def sectioned_index(tmp_path_factory) -> str:
    """The index of ARTICLES and JSONL (also served in the browser test)."""
    from indexer.build import rebuild

    src = tmp_path_factory.mktemp("sections") / "src"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text + "\n", encoding="utf-8")
    (src / "cms.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in JSONL) + "\n",
                                   encoding="utf-8")
    index = tmp_path_factory.mktemp("sections-index")
    assert rebuild([src], index, jobs=1).indexed == len(ARTICLES) + len(JSONL)
    return str(index)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from search_app import create_app

    return create_app({"INDEX_DIR": sectioned_index(tmp_path_factory)}).test_client()


def ids(client, url):
    return {h["id"] for h in client.get(url).get_json()["results"]}


def test_hits_and_articles_carry_their_section(client):
    hits = {h["id"]: h["section"] for h in client.get("/api/search?q=m%C6%B0a&per_page=50").get_json()["results"]}
    assert hits["src/news_sport_001.txt"] == "Thể thao" == hits["src/news_sport_002.txt"]
    assert hits["src/giaoduc.txt"] == "Giáo dục" and hits["src/cms.jsonl#1"] == "Xã hội"
    assert client.get("/api/articles/src/plain.txt").get_json()["section"] is None


def test_the_section_filter_takes_several_sections_in_any_spelling(client):
    assert ids(client, "/api/search?section=Th%E1%BB%83+thao") == {"src/news_sport_001.txt", "src/news_sport_002.txt"}
    assert ids(client, "/api/search?section=the-thao&section=xa+hoi") == {
        "src/news_sport_001.txt", "src/news_sport_002.txt", "src/cms.jsonl#1"}
    assert ids(client, "/api/search?q=m%C6%B0a&section=Gi%C3%A1o+d%E1%BB%A5c") == {"src/giaoduc.txt"}
    assert client.get("/api/search?section=Kh%C3%B4ng+c%C3%B3").get_json()["total"] == 0


def test_the_section_facet_counts_the_results_most_first(client):
    facets = client.get("/api/search?q=m%C6%B0a").get_json()["facets"]
    assert facets["sections"] == {"Thể thao": 2, "Giáo dục": 1, "Xã hội": 1}


def test_the_page_shows_the_section_facet_and_filter(client):
    html = client.get("/?q=m%C6%B0a").get_data(as_text=True)
    assert 'id="facet-sections"' in html and "Thể thao" in html
    html = client.get("/?q=m%C6%B0a&section=Th%E1%BB%83+thao").get_data(as_text=True)
    assert "Chuyên mục: <strong>Thể thao</strong>" in html
    assert '<input type="hidden" name="section" value="Thể thao">' in html


def test_exports_and_feeds_keep_the_section(client):
    text = client.get("/api/export.csv?section=sport").get_data(as_text=True)
    assert text.count("Thể thao") == 2 and "Xã hội" not in text


def test_the_scope_limits_where_the_words_stand(client):
    everywhere = ids(client, "/api/search?q=m%C6%B0a+l%E1%BB%9Bn")
    assert {"src/news_sport_001.txt", "src/cms.jsonl#1"} <= everywhere
    assert ids(client, "/api/search?q=m%C6%B0a+l%E1%BB%9Bn&scope=title") == {"src/news_sport_001.txt",
                                                                             "src/cms.jsonl#1"}
    assert ids(client, "/api/search?q=n%C3%B4ng+d%C3%A2n&scope=title") == set()
    assert ids(client, "/api/search?q=n%C3%B4ng+d%C3%A2n&scope=lead") == set()
    assert ids(client, "/api/search?q=n%C3%B4ng+d%C3%A2n") == {"src/cms.jsonl#2"}
    assert client.get("/api/search?q=x&scope=body").status_code == 400


def test_a_phrase_with_a_distance_finds_its_words_near_each_other(client):
    exact = ids(client, "/api/search?q=%22m%C6%B0a+l%E1%BB%9Bn%22")
    near = ids(client, "/api/search?q=%22m%C6%B0a+l%E1%BB%9Bn%22~1")
    far = ids(client, "/api/search?q=%22m%C6%B0a+l%E1%BB%9Bn%22~12")
    assert "src/news_sport_002.txt" not in exact and "src/news_sport_002.txt" in near  # mưa rất lớn
    assert "src/giaoduc.txt" not in near and "src/giaoduc.txt" in far  # 10 syllables apart
    assert exact < near < far
    assert ids(client, "/api/search?q=%22mua+lon%22~1") == near  # typed without accents too


def test_a_feed_keeps_every_section_asked(client):
    import feedparser

    feed = feedparser.parse(client.get("/feed.atom?section=sport&section=x%C3%A3+h%E1%BB%99i").get_data())
    assert len(feed.entries) == 3  # two sport, one society
    alternate = next(link["href"] for link in feed.feed.links if link["rel"] == "alternate")
    assert alternate.count("section=") == 2


def test_the_page_links_feed_and_exports_with_every_section(client):
    import html as html_lib
    import re

    page = client.get("/?q=m%C6%B0a&section=sport&section=x%C3%A3+h%E1%BB%99i").get_data(as_text=True)
    links = [html_lib.unescape(h) for h in re.findall(r'href="(/(?:feed\.atom|api/export\.\w+)\?[^"]*)"', page)]
    assert len(links) >= 3 and all(link.count("section=") == 2 for link in links)
    assert len(client.get(next(link for link in links if "jsonl" in link)).get_data(as_text=True).splitlines()) == 3


def test_feeds_and_exports_keep_the_scope(client):
    page = client.get("/?q=l%E1%BB%9Bn&scope=title").get_data(as_text=True)
    assert 'href="/api/export.jsonl?q=l%E1%BB%9Bn&amp;scope=title"' in page
    lines = client.get("/api/export.jsonl?q=l%E1%BB%9Bn&scope=title").get_data(as_text=True).splitlines()
    assert len(lines) == 2  # "lớn" in two titles, not the two bodies


def test_a_section_name_is_tidied_and_bounded():
    assert readable("  Nông\tnghiệp\x00 ") == "Nông nghiệp"
    assert len(readable("x" * 500)) == 80
    assert section_of("", "http://[bad", "x.txt") == ""

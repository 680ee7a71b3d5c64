"""indexer/documents.py: an Article's Whoosh fields."""

from __future__ import annotations

import doctest

import pytest

from indexer import documents
from indexer.article import Article
from indexer.documents import fields, url_headline


@pytest.mark.parametrize("url, headline", [
    ("https://dantri.com.vn/xa-hoi/bi-thu-thua-thien-hue-yeu-cau-khong-che-dich-20210427123456.htm",
     "bi thu thua thien hue yeu cau khong che dich"),
    ("https://vnexpress.net/gia-vang-tang-manh-4312345.html", "gia vang tang manh"),
    ("https://example.vn/tin-tuc/son-la-don-tet/", "son la don tet"),
    ("https://example.vn/tin/12345.html", ""),
    ("https://example.vn/a-b.html", ""),  # two words: not a headline
    ("", ""),
    ("not a url at all", ""),
])
def test_the_headline_a_url_spells(url, headline):
    assert url_headline(url) == headline


def test_an_article_with_a_slug_url_gets_a_headline_field():
    art = Article(id="x/1", title="Một câu dẫn", body="Nội dung.",
                  url="https://dantri.com.vn/the-thao/nu-trong-tai-xinh-dep-20210421211511511.htm")
    assert fields(art)["headline_fold"] == "nu trong tai xinh dep"
    assert "headline_fold" not in fields(Article(id="x/2", title="Tiêu đề", body="Nội dung."))


def test_doctests():
    assert doctest.testmod(documents).failed == 0

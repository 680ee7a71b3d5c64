"""Tests for indexer.opensearch_documents: an article as an OpenSearch document carries the
same analysis as the Whoosh index (no node needed)."""
from __future__ import annotations

import doctest

from indexer import opensearch_documents as od
from indexer.analysis import folded_analyzer, pair_analyzer, word_analyzer
from indexer.article import Article
from indexer.documents import fields


def test_the_doctests_hold():
    assert doctest.testmod(od).failed == 0


def _article(**kw) -> Article:
    base = dict(id="a/1.txt", source="a", title="Hội nghị Tỉnh ủy Sơn La", lead="Sáng 16/11, Hội nghị khai mạc.",
                body="Đồng chí Nguyễn Hữu Đông phát biểu.")
    base.update(kw)
    article = Article(**base)
    article.persons = ["Nguyễn Hữu Đông", "Lò Minh Hùng"]
    return article


def test_every_analysed_field_holds_the_whoosh_tokens_in_order():
    article = _article()
    whoosh = fields(article)
    doc = od.source_of(whoosh)
    assert doc["title_words"].split() == [t.text for t in word_analyzer()(article.title)]
    assert doc["text_fold"].split() == [t.text for t in folded_analyzer()(whoosh["text_fold"])]
    assert "sơn_la" in doc["text_pairs"].split() and "son_la" in doc["text_fold_pairs"].split()
    assert doc["title"] == article.title and doc["body"] == article.body


def test_person_names_are_one_string_each_so_a_phrase_never_crosses_two():
    doc = od.source_of(fields(_article()))
    assert doc["persons"] == ["Nguyễn Hữu Đông", "Lò Minh Hùng"]
    assert doc["person_names_fold"] == ["nguyen huu dong", "lo minh hung"]
    mapping = od.index_body()["mappings"]["properties"]
    assert mapping["person_names"]["position_increment_gap"] >= 100


def test_the_mapping_is_strict_and_every_field_sent_is_mapped():
    body = od.index_body(shards=2, replicas=1)
    assert body["mappings"]["dynamic"] == "strict"
    assert body["settings"]["index"] == {"number_of_shards": 2, "number_of_replicas": 1}
    doc = od.source_of(fields(_article(url="https://dantri.com.vn/xa-hoi/hoi-nghi-tinh-uy-son-la-2021.htm")))
    assert set(doc) <= set(body["mappings"]["properties"])


def test_an_article_without_date_persons_or_section_sends_none_of_them():
    article = _article()
    article.persons = []
    doc = od.source_of(fields(article))
    assert not {"date", "month", "year", "persons", "person_names", "section"} & set(doc)

"""An article as an OpenSearch document: the same analysis as the Whoosh index, sent
pre-analysed.

OpenSearch has no Vietnamese analysis of ours (pyvi words, canonical tone placement,
folded syllables, glued syllable pairs), so each analysed field is sent as its tokens
joined by spaces and indexed with a whitespace analyzer: token ``i`` of the string is
position ``i``, so phrases and slop read the same positions as in Whoosh.  Person names
are sent as a list, one string per name, with a wide ``position_increment_gap``, so a
phrase never runs from one name into the next (Whoosh's ``NameListTokenizer.GAP``).
The text as written (title, lead, body) is kept in ``_source`` only, for display and our
own highlighter.

Field names are Whoosh's (``indexer.schema``), except the three pyvi word fields, named
``*_words`` here because ``title``, ``lead`` and ``body`` hold the text as written.

>>> doc = source_of({"id": "a/1.txt", "title": "Hội nghị Sơn La", "title_syl": "Hội nghị Sơn La",
...                  "title_fold": "Hội nghị Sơn La", "persons": "Lò Minh Hùng,Cầm Ngọc Minh",
...                  "person_names": "Lò Minh Hùng,Cầm Ngọc Minh", "date": "2019-11-16"})
>>> doc["title"], doc["title_words"], doc["title_fold"]
('Hội nghị Sơn La', 'hội_nghị sơn_la', 'hoi nghi son la')
>>> doc["persons"], doc["person_names"]
(['Lò Minh Hùng', 'Cầm Ngọc Minh'], ['lò minh hùng', 'cầm ngọc minh'])
"""
from __future__ import annotations

from .analysis import (folded_analyzer, folded_name_analyzer, folded_pair_analyzer, name_analyzer, pair_analyzer,
                       syllable_analyzer, word_analyzer)
from .documents import stored_persons

TOKENS = "vnnews_tokens"  # the index's analyzer: whitespace, nothing else
NAME_GAP = 100  # positions between two names of one article (as NameListTokenizer.GAP)

# Whoosh field -> (OpenSearch field, analyzer making its tokens)
_ANALYSED = {
    "title": ("title_words", word_analyzer), "lead": ("lead_words", word_analyzer),
    "text": ("text_words", word_analyzer),
    "title_syl": ("title_syl", syllable_analyzer), "lead_syl": ("lead_syl", syllable_analyzer),
    "text_syl": ("text_syl", syllable_analyzer),
    "title_fold": ("title_fold", folded_analyzer), "lead_fold": ("lead_fold", folded_analyzer),
    "text_fold": ("text_fold", folded_analyzer), "headline_fold": ("headline_fold", folded_analyzer),
    "text_pairs": ("text_pairs", pair_analyzer), "text_fold_pairs": ("text_fold_pairs", folded_pair_analyzer),
}
_NAMES = {"person_names": name_analyzer, "person_names_fold": folded_name_analyzer}
WORD_FIELDS = {"title": "title_words", "lead": "lead_words", "text": "text_words"}
"""Whoosh's pyvi word fields and their names here."""

_ANALYZERS: dict = {}


def _analyzer(make):
    if make not in _ANALYZERS:
        _ANALYZERS[make] = make()
    return _ANALYZERS[make]


def tokens(make, text: str) -> str:
    """``text`` analysed by the analyzer ``make`` makes, its tokens joined by spaces."""
    return " ".join(t.text for t in _analyzer(make)(text or ""))


def _text_field(positions: bool = True) -> dict:
    field = {"type": "text", "analyzer": TOKENS, "norms": True}
    if not positions:
        field["index_options"] = "freqs"
    return field


def index_body(shards: int = 1, replicas: int = 0) -> dict:
    """The settings and mappings of a news index."""
    properties = {
        "id": {"type": "keyword"},
        "source": {"type": "keyword"},
        "url": {"type": "keyword", "index": False, "doc_values": False},
        "content_hash": {"type": "keyword"},
        "text_hash": {"type": "keyword"},
        "title": {"type": "text", "index": False},
        "lead": {"type": "text", "index": False},
        "body": {"type": "text", "index": False},
        "date": {"type": "date", "format": "yyyy-MM-dd"},
        "month": {"type": "keyword"},
        "year": {"type": "keyword"},
        "section": {"type": "keyword"},
        "persons": {"type": "keyword"},
    }
    for whoosh, (name, _) in _ANALYSED.items():
        properties[name] = _text_field(positions=whoosh not in ("text", "text_syl", "text_pairs", "text_fold_pairs"))
    for name in _NAMES:
        properties[name] = dict(_text_field(), position_increment_gap=NAME_GAP)
    return {
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas},
            "analysis": {"analyzer": {TOKENS: {"type": "custom", "tokenizer": "whitespace"}}},
        },
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def source_of(fields: dict) -> dict:
    """The ``_source`` of the document whose Whoosh fields are ``fields``
    (``indexer.documents.fields``)."""
    doc = {key: fields[key] for key in ("id", "source", "url", "content_hash", "text_hash", "title", "lead",
                                        "body", "date", "month", "year", "section") if fields.get(key)}
    for whoosh, (name, make) in _ANALYSED.items():
        if fields.get(whoosh):
            doc[name] = tokens(make, fields[whoosh])
    names = stored_persons(fields)
    if names:
        doc["persons"] = names
        for name, make in _NAMES.items():
            doc[name] = [tokens(make, n) for n in names]
    return doc

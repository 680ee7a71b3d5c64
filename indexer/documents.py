"""Turn an Article into the fields of one Whoosh document."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .article import Article
from .person_field import join_persons, split_persons
from .persons import extract_persons

# A news article is never this long; longer text is cut so that one file cannot hold
# the indexer for long (the cut is reported in the summary).
MAX_ARTICLE_CHARS = 1_000_000


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}$")
_SLUG_ID = re.compile(r"-(?:[a-z]*\d{5,}[a-z0-9]*)$")


def url_headline(url: str) -> str:
    """The headline a news URL spells in its last segment (Dân trí, VnExpress and most
    Vietnamese CMSs write it there without accents), or "" when there is none.

    >>> url_headline("https://dantri.com.vn/xa-hoi/bi-thu-hue-kiem-tra-bien-gioi-20210427123456.htm")
    'bi thu hue kiem tra bien gioi'
    >>> url_headline("https://example.vn/tin/12345.html"), url_headline("")
    ('', '')
    """
    try:
        path = urlsplit(url or "").path
    except ValueError:
        return ""
    last = unquote(path.rstrip("/").rsplit("/", 1)[-1]).lower()
    last = re.sub(r"\.(?:html?|aspx?|php|vn)$", "", last)
    last = _SLUG_ID.sub("", last)
    if not _SLUG.match(last):
        return ""
    return " ".join(last.split("-"))


def prepare(article: Article) -> list[str]:
    """Cut oversized text and find the persons.  Returns warnings for the summary."""
    warnings = []
    if len(article.body) > MAX_ARTICLE_CHARS:
        article.body = article.body[:MAX_ARTICLE_CHARS]
        warnings.append(f"text cut to {MAX_ARTICLE_CHARS:,} characters")
    article.persons = extract_persons(*person_input(article))
    return warnings


def person_input(article: Article) -> tuple[str, list[str]]:
    """What the person extractor reads of an article: its title, and its lead and body
    as paragraphs."""
    return article.title, ([article.lead] if article.lead else []) + article.body.split("\n")


def stored_persons(stored: dict) -> list[str]:
    """The persons of a stored document (``person_field``)."""
    return split_persons(stored.get("persons") or "")


def fields(article: Article) -> dict:
    doc = {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "content_hash": article.content_hash,
        "text_hash": article.text_hash,
        "title": article.title,
        "title_syl": article.title,
        "title_fold": article.title,
        "lead": article.lead,
        "lead_syl": article.lead,
        "lead_fold": article.lead,
        "body": article.body,
    }
    whole = "\n".join(part for part in (article.title, article.lead, article.body) if part)
    doc["text"] = doc["text_syl"] = doc["text_fold"] = whole
    doc["text_pairs"] = doc["text_fold_pairs"] = whole
    headline = url_headline(article.url)
    if headline:
        doc["headline_fold"] = headline
    if article.section:
        doc["section"] = article.section
    if article.date:
        iso = article.date.isoformat()
        doc.update(date=iso, month=iso[:7], year=iso[:4])
    if article.persons:
        joined = join_persons(article.persons)
        doc["persons"] = doc["person_names"] = doc["person_names_fold"] = joined
        doc["persons_list"] = joined.encode("utf-8")
    return doc

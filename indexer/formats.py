"""Parse one article file into Article records.  The format is detected per file:

* portal plain text: title, a dateline (``Ngày 16 tháng 11 năm 2019``), body;
* header format: ``# key = value`` lines (doc_id, url, date, section), title, body;
* title / lead / body (no date);
* JSON Lines (``*.jsonl``): one article per line with title, body, date, lead, url, id,
  section (or category).

Each article's section is named by ``sections.section_of``.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from . import cleanup, sections
from .article import Article
from .dates import match_dateline, parse_date
from .errors import InvalidDate, NotAnArticle

log = logging.getLogger(__name__)

# Limits that bound the time and memory one file can take.  A news article is a few
# kilobytes; a text file over 8 MiB is not an article.  A JSON Lines export holds many.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_JSONL_BYTES = 256 * 1024 * 1024
MAX_JSONL_LINE_CHARS = MAX_FILE_BYTES
MAX_TITLE_CHARS = 1000
_HEADER = re.compile(r"^#\s*([A-Za-z_][\w-]*)\s*[=:]\s*(.*?)\s*$")
# How many lines may come before the dateline (title lines, a category, an author).
_DATELINE_WINDOW = 4


def article_files(root: Path):
    """Every article file below ``root``, sorted, hidden files and folders skipped."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in (".txt", ".jsonl", ".text", ""):
            yield path


def read_articles(path: Path, source: str, rel: str) -> list[Article]:
    """All articles of one file.  Raises NotAnArticle with the reason when there are none."""
    size = path.stat().st_size
    if size == 0:
        raise NotAnArticle("empty file")
    jsonl = path.suffix.lower() == ".jsonl"
    limit = MAX_JSONL_BYTES if jsonl else MAX_FILE_BYTES
    if size > limit:
        raise NotAnArticle(f"file too large ({size / 1_048_576:.1f} MiB > {limit // 1_048_576} MiB)")
    text = cleanup.decode(path.read_bytes())
    doc_id = f"{source}/{rel}"
    articles = parse_jsonl(text, doc_id, source) if jsonl else [parse_text(text, doc_id, source)]
    for article in articles:
        article.section = sections.section_of(article.section, article.url, rel)
    return articles


def parse_text(text: str, doc_id: str, source: str = "") -> Article:
    """One plain-text article in any of the three text formats."""
    raw_lines = cleanup.normalize(text).split("\n")
    headers: dict[str, str] = {}
    start = 0
    for i, line in enumerate(raw_lines):
        m = _HEADER.match(line)
        if m:
            headers[m.group(1).lower()] = m.group(2)
            start = i + 1
        elif line.strip():
            break
        else:
            start = i + 1
    lines = cleanup.clean_lines("\n".join(raw_lines[start:]))
    if not lines:
        raise NotAnArticle("no text")
    article = Article(id=doc_id, title="", body="", source=source, url=headers.get("url", ""),
                      section=headers.get("section") or headers.get("category") or "")
    if headers:
        _header_date(article, headers.get("date", ""))
        article.title = lines[0]
        article.body = "\n".join(lines[1:])
        return _checked(article)
    dateline = _find_dateline(lines, article)
    if dateline is not None:
        if dateline:
            article.title = " ".join(lines[:dateline])
            body = lines[dateline + 1:]
        else:  # the dateline came first: the title is the next line
            article.title = lines[1] if len(lines) > 1 else ""
            body = lines[2:]
        article.body = "\n".join(body)
        return _checked(article)
    # Title / lead / body.
    article.title = lines[0]
    if len(lines) > 2:
        article.lead = lines[1]
        article.body = "\n".join(lines[2:])
    else:
        article.body = "\n".join(lines[1:])
    return _checked(article)


def _find_dateline(lines: list[str], article: Article) -> int | None:
    for i, line in enumerate(lines[:_DATELINE_WINDOW]):
        try:
            date = match_dateline(line)
        except InvalidDate as exc:
            article.date_problem = f"dateline {line!r}: {exc}"
            return i
        if date is not None:
            article.date = date
            return i
    return None


def _header_date(article: Article, value: str) -> None:
    if not value.strip():
        return
    try:
        article.date = parse_date(value)
    except InvalidDate as exc:
        article.date_problem = f"header date {value!r}: {exc}"


def _checked(article: Article) -> Article:
    if not article.title.strip():
        raise NotAnArticle("no title")
    if len(article.title) > MAX_TITLE_CHARS:
        article.body = (article.title + "\n" + article.body).strip()
        article.title = article.title[:200].rsplit(" ", 1)[0] + "…"
    return article


def parse_jsonl(text: str, file_id: str, source: str = "") -> list[Article]:
    """A CMS export: one JSON object per line.  Bad lines are logged and skipped."""
    articles = []
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_JSONL_LINE_CHARS:
            problems.append(f"line {number}: longer than {MAX_JSONL_LINE_CHARS:,} characters")
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
            articles.append(_json_article(record, file_id, number, source))
        except (ValueError, NotAnArticle) as exc:
            problems.append(f"line {number}: {exc}")
    for problem in problems:
        log.warning("%s %s", file_id, problem)
    if not articles:
        raise NotAnArticle("no article in JSON Lines file" + (f" ({problems[0]})" if problems else ""))
    return articles


def _field(record: dict, name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise ValueError(f"field {name!r} is not text")
    return str(value)


def _json_article(record: dict, file_id: str, number: int, source: str) -> Article:
    key = _field(record, "id").strip() or str(number)
    doc_id = f"{file_id}#{key}"
    title_lines = cleanup.clean_lines(_field(record, "title"))
    if not title_lines:
        raise NotAnArticle("no title")
    article = Article(
        id=doc_id,
        title=" ".join(title_lines),
        lead=" ".join(cleanup.clean_lines(_field(record, "lead"))),
        body="\n".join(cleanup.clean_lines(_field(record, "body"))),
        url=_field(record, "url").strip(),
        source=source,
        section=_field(record, "section") or _field(record, "category"),
    )
    _header_date(article, _field(record, "date"))
    return _checked(article)

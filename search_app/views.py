"""HTML pages: the search page, the article page and the person page."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, render_template, request

from indexer.dates import parse_date
from indexer.errors import InvalidDate

from .engine_access import get_engine
from .urls import person_url, safe_doc_id, search_url
from .caching import by_index_version
from .engine import SearchError, SearchParams

log = logging.getLogger(__name__)

bp = Blueprint("views", __name__)

# The request parameters of a search, as the JSON API names them.
PARAM_NAMES = ("q", "date", "from", "to", "month", "year", "person", "sort", "page", "per_page")
# The ones that ask for results (sort / page / per_page alone only shape them).
QUERY_NAMES = ("q", "date", "from", "to", "month", "year", "person")
SORT_CHOICES = (
    ("relevance", "Liên quan nhất"),
    ("newest", "Mới nhất"),
    ("oldest", "Cũ nhất"),
)
MAX_PERSON_CHARS = 200
RELATED_LIMIT = 5


def _given(args, names) -> bool:
    return any((args.get(name) or "").strip() for name in names)


def _form_values(args) -> dict:
    """What the form shows: the request's values, dates as YYYY-MM-DD for the pickers."""
    values = {name: (args.get(name) or "").strip() for name in PARAM_NAMES}
    for name in ("date", "from", "to"):
        if values[name]:
            try:
                values[name] = parse_date(values[name]).isoformat()
            except InvalidDate:
                pass
    return values


def page_numbers(page: int, pages: int, window: int = 2) -> list[int | None]:
    """Page numbers to link, with None where a gap (…) goes: 1 … 4 5 [6] 7 8 … 20."""
    if pages <= 1:
        return []
    shown = {1, pages} | set(range(max(1, page - window), min(pages, page + window) + 1))
    out: list[int | None] = []
    prev = 0
    for n in sorted(shown):
        if n - prev > 1:
            out.append(None)
        out.append(n)
        prev = n
    return out


def _active_filters(params: SearchParams) -> list[tuple[str, str, str]]:
    """(label, value, name) of each filter in use, for the 'remove' links."""
    labels = {"date": "Ngày", "from": "Từ ngày", "to": "Đến ngày", "month": "Tháng",
              "year": "Năm", "person": "Nhân vật"}
    out = []
    for name, label in labels.items():
        value = params.raw.get(name)
        if value:
            out.append((label, value, name))
    return out


@bp.get("/")
@by_index_version
def search():
    args = request.args
    form = _form_values(args)
    context = dict(form=form, sort_choices=SORT_CHOICES, params=None, result=None,
                   error=None, filters=[], page_numbers=[])
    if not _given(args, PARAM_NAMES):
        return render_template("search.html", **context)
    try:
        params = SearchParams.from_args(args)
        context["params"] = params
        context["filters"] = _active_filters(params)
        if _given(args, QUERY_NAMES):
            result = get_engine().search(params)
            context["result"] = result
            context["page_numbers"] = page_numbers(params.page, result.pages)
            context["page_url"] = lambda n, _p=params: search_url(_p, page=n)
    except SearchError as exc:
        # The search page itself, with the message next to the form.
        context["error"] = str(exc)
        return render_template("search.html", **context), 400
    return render_template("search.html", **context)


@bp.get("/bai-viet/<path:doc_id>")
@by_index_version
def article(doc_id: str):
    if not safe_doc_id(doc_id):
        abort(404)
    engine = get_engine()
    doc = engine.article(doc_id)
    if doc is None:
        abort(404)
    paragraphs = [p.strip() for p in (doc.get("body") or "").split("\n") if p.strip()]
    try:
        related = engine.related(doc_id, limit=RELATED_LIMIT)
    except SearchError:
        related = []
    source_url = doc.get("url") or ""
    if not source_url.lower().startswith(("http://", "https://")):
        source_url = ""  # never a javascript: or data: link
    return render_template("article.html", doc=doc, paragraphs=paragraphs,
                           related=related, source_url=source_url)


def _page_arg() -> int:
    """The ``page`` argument, checked as the search does (SearchError -> 400)."""
    value = request.args.get("page", "")
    return SearchParams.from_args({"page": value}).page if value.strip() else 1


@bp.get("/nguoi/<name>")
@by_index_version
def person(name: str):
    name = " ".join(name.split())
    if not name or len(name) > MAX_PERSON_CHARS or not name.isprintable():
        abort(404)
    page = _page_arg()
    result = get_engine().person_page(name, page)
    status = 200
    if result.total == 0 or (page > 1 and page > result.pages):
        status = 404
    return render_template("person.html", name=name, result=result, page=page,
                           page_numbers=page_numbers(page, result.pages),
                           page_url=lambda n: person_url(name, n)), status

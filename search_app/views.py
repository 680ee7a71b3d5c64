"""HTML pages: the search page (with its timeline, date presets, feed and export links),
the article page (with its citation) and the person page (with its timeline)."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

from flask import Blueprint, abort, render_template, request, url_for

from indexer.dates import parse_date
from indexer.errors import InvalidDate

from .engine_access import get_engine
from .params import PARAM_NAMES, QUERY_NAMES, RESULT_NAMES
from .timeline import timeline
from .urls import person_url, safe_doc_id, search_url, vn_date
from .caching import by_index_version
from .engine import EXPORT_LIMIT, IndexUnavailable, SearchError, SearchParams

log = logging.getLogger(__name__)

bp = Blueprint("views", __name__)

SCOPE_CHOICES = (
    ("all", "Toàn bài"),
    ("lead", "Tiêu đề và sapo"),
    ("title", "Chỉ tiêu đề"),
)
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
    """(label, value, URL without it) of each filter in use, for the 'remove' links."""
    labels = {"date": "Ngày", "from": "Từ ngày", "to": "Đến ngày", "month": "Tháng",
              "year": "Năm", "person": "Nhân vật"}
    out = []
    for name, label in labels.items():
        value = params.raw.get(name)
        if value:
            out.append((label, value, search_url(params, **{name: ""})))
    for section in params.sections:
        others = [s for s in params.sections if s != section]
        out.append(("Chuyên mục", section, search_url(params, section=others)))
    if params.scope != "all":
        out.append(("Phạm vi", dict(SCOPE_CHOICES)[params.scope], search_url(params, scope="")))
    return out


def date_presets(params: SearchParams | None, today: dt.date | None = None) -> list[tuple[str, str]]:
    """(label, URL) of the preset periods beside the date pickers: today, the last 7 and
    30 days, this year (the search's other parameters kept)."""
    today = today or dt.date.today()
    clear = {"date": "", "from": "", "to": "", "month": "", "year": ""}
    periods = [
        ("Hôm nay", {"date": today.isoformat()}),
        ("7 ngày qua", {"from": (today - dt.timedelta(days=6)).isoformat(), "to": today.isoformat()}),
        ("30 ngày qua", {"from": (today - dt.timedelta(days=29)).isoformat(), "to": today.isoformat()}),
        ("Năm nay", {"year": str(today.year)}),
    ]
    return [(label, search_url(params, **{**clear, **period})) for label, period in periods]


def _query_args(params: SearchParams) -> dict:
    """The parameters that choose and order the results (for the feed and the exports)."""
    return {k: v for k, v in params.raw.items() if k in RESULT_NAMES}


@bp.get("/")
@by_index_version
def search():
    args = request.args
    form = _form_values(args)
    context = dict(form=form, sort_choices=SORT_CHOICES, scope_choices=SCOPE_CHOICES, params=None, result=None,
                   error=None, filters=[], page_numbers=[], presets=date_presets(None),
                   timeline=None, top_persons=[])
    if not _given(args, PARAM_NAMES):
        try:
            context["top_persons"] = get_engine().top_persons()
        except IndexUnavailable:
            pass
        return render_template("search.html", **context)
    try:
        params = SearchParams.from_args(args)
        context["params"] = params
        context["presets"] = date_presets(params)
        context["filters"] = _active_filters(params)
        if _given(args, QUERY_NAMES):
            result = get_engine().search(params)
            context["result"] = result
            context["page_numbers"] = page_numbers(params.page, result.pages)
            context["page_url"] = lambda n, _p=params: search_url(_p, page=n)
            context["timeline"] = timeline(result.facets.get("months", {}))
            query = _query_args(params)
            context["feed_url"] = url_for("feeds.atom", **{k: v for k, v in query.items() if k != "sort"})
            context["export_urls"] = [(name, url_for(endpoint, **query)) for name, endpoint in
                                      (("CSV", "export.export_csv"), ("JSON Lines", "export.export_jsonl"))]
            context["export_limit"] = EXPORT_LIMIT
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
    permalink = url_for("views.article", doc_id=doc_id, _external=True)
    return render_template("article.html", doc=doc, paragraphs=paragraphs,
                           related=related, source_url=source_url, permalink=permalink,
                           citation=citation(doc, source_url, permalink))


def citation(doc: dict, source_url: str, permalink: str, accessed: dt.date | None = None) -> str:
    """The article cited in the Vietnamese way: title, source, date, URL, date accessed
    (``Hội nghị cán bộ chủ chốt…, baosonla.vn, ngày 16/11/2019, https://…, truy cập
    ngày 06/12/2026.``)."""
    accessed = accessed or dt.date.today()
    # The paper it came from; an article of the archive's own portal, this site.
    host = urlsplit(source_url or permalink).hostname or ""
    source = host.removeprefix("www.") or doc["id"].split("/", 1)[0]
    parts = [doc.get("title") or doc["id"], source]
    if doc.get("date"):
        parts.append(f"ngày {vn_date(doc['date'])}")
    parts.append(source_url or permalink)
    parts.append(f"truy cập ngày {vn_date(accessed)}")
    return ", ".join(parts) + "."


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
                           page_url=lambda n: person_url(name, n),
                           timeline=timeline(result.facets.get("months", {}))), status

"""Feeds a reader's tools follow: an Atom feed of any search (``/feed.atom?q=…``, the
newest 50 articles) and the OpenSearch description (``/opensearch.xml``) that lets a
browser add the site's search box.  The Atom is written by ``feedgen``."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, request, url_for
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from .caching import by_index_version
from .engine import SearchParams
from .engine_access import get_engine
from .params import RESULT_NAMES
from .settings import FEED_ENTRIES
from .urls import search_url

bp = Blueprint("feeds", __name__)

SITE_NAME = "Tìm kiếm tin tức"
ATOM = "application/atom+xml; charset=utf-8"
OPENSEARCH = "application/opensearchdescription+xml; charset=utf-8"


def feed_params(args) -> SearchParams:
    """The search of a feed: the request's parameters (every ``section`` of them),
    newest first, the first 50."""
    args = MultiDict(args)
    for name in ("sort", "page", "per_page"):
        args.pop(name, None)
    args.update({"sort": "newest", "per_page": str(FEED_ENTRIES)})
    return SearchParams.from_args(args)


def _moment(day: dt.date | None, fallback: dt.datetime) -> dt.datetime:
    if day is None:
        return fallback
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


@bp.get("/feed.atom")
@by_index_version
def atom():
    params = feed_params(request.args)  # SearchError -> 400
    engine = get_engine()
    result = engine.search(params)
    built = engine.version().modified
    what = params.q or params.person or "mọi bài viết"
    feed = FeedGenerator()
    feed.id(request.url)
    feed.title(f"{SITE_NAME}: {what}")
    feed.link(href=request.url, rel="self")
    shown = [k for k in RESULT_NAMES if k in request.args and k != "sort"]
    page = search_url(None, **{k: request.args.getlist(k) for k in shown})
    feed.link(href=request.host_url.rstrip("/") + page, rel="alternate", type="text/html")
    feed.language("vi")
    feed.updated(max([_moment(h.date, built) for h in result.hits], default=built))
    for hit in reversed(result.hits):  # feedgen lists the last added first
        entry = feed.add_entry()
        link = url_for("views.article", doc_id=hit.id, _external=True)
        entry.id(link)
        entry.title(hit.title or hit.id)
        entry.link(href=link)
        entry.updated(_moment(hit.date, built))
        if hit.date:
            entry.published(_moment(hit.date, built))
        summary = hit.lead or hit.snippet.striptags()  # plain text: feedgen escapes it
        if summary:
            entry.summary(summary)
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml",
                    content_type=ATOM)


@bp.get("/opensearch.xml")
def opensearch():
    template = url_for("views.search", _external=True) + "?q={searchTerms}"
    suggest = url_for("api.suggest", _external=True) + "?q={searchTerms}&format=opensearch"
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>{escape(SITE_NAME)}</ShortName>
  <Description>Tìm bài viết trong kho lưu trữ tin tức</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Language>vi</Language>
  <Url type="text/html" method="get" template="{escape(template)}"/>
  <Url type="application/atom+xml" template="{escape(url_for('feeds.atom', _external=True) + '?q={searchTerms}')}"/>
  <Url type="application/x-suggestions+json" template="{escape(suggest)}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="{escape(request.url)}"/>
</OpenSearchDescription>
"""
    return Response(xml, content_type=OPENSEARCH)

"""Links and the names in them: the search, article and person URLs, the article ids
that may appear in a URL, and the date filters of the templates."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

from flask import Flask, url_for


def vn_date(value) -> str:
    """``16/11/2019`` from a date (or an ISO string); empty for None."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def iso_date(value) -> str:
    if not value:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def search_url(params=None, **changes) -> str:
    """URL of the search page for ``params`` with ``changes`` (empty values dropped)."""
    if params is not None:
        args = params.url_args(**changes)
    else:
        args = {k: (v if isinstance(v, (list, tuple)) else str(v)) for k, v in changes.items()
                if v not in (None, "", [], ())}
    query = urlencode(args, doseq=True)
    base = url_for("views.search")
    return f"{base}?{query}" if query else base


def article_url(doc_id: str) -> str:
    return url_for("views.article", doc_id=doc_id)


def person_url(name: str, page: int = 1) -> str:
    if page and page > 1:
        return url_for("views.person", name=name, page=page)
    return url_for("views.person", name=name)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["vndate"] = vn_date
    app.jinja_env.filters["isodate"] = iso_date
    app.jinja_env.autoescape = True

    app.jinja_env.globals.update(search_url=search_url, article_url=article_url,
                                 person_url=person_url)


# ---------------------------------------------------------------------------
# Article ids from URLs
# ---------------------------------------------------------------------------

MAX_DOC_ID_CHARS = 1024
# <source>/<path inside it>[#<key of a JSON Lines record>]: word characters (any script),
# a few punctuation marks, single dots and single spaces inside a name.  This leaves out
# "." and ".." segments, leading slashes (absolute paths), backslashes, NUL and every
# control character, so that no id that could mean a path outside a source is ever used.
_NAME = r"[\w\-~+@,()=]+(?:[. ][\w\-~+@,()=]+)*"
_DOC_ID = re.compile(rf"{_NAME}(?:/{_NAME})*(?:#[\w\-.~+@,:()=]+)?")


def safe_doc_id(doc_id: str) -> bool:
    """True when ``doc_id`` is made only of safe characters and has no path tricks."""
    return (
        isinstance(doc_id, str)
        and 0 < len(doc_id) <= MAX_DOC_ID_CHARS
        and _DOC_ID.fullmatch(doc_id) is not None
    )

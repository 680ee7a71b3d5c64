"""The JSON API: ``/api/search``, ``/api/articles/<id>``, ``/api/suggest`` (completions
of a query being typed) and ``/api/openapi.json``; exports are in ``export``.

Errors are JSON too (``{"error": "..."}``), turned out by the app's error handlers:
400 for bad input, 404 for an unknown article or path, 503 when there is no index.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from .engine_access import get_engine
from .urls import safe_doc_id
from .caching import by_index_version
from .engine import SearchParams
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")


def _iso(value):
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@bp.get("/search")
@by_index_version
def search():
    params = SearchParams.from_args(request.args)  # SearchError -> 400
    result = get_engine().search(params)  # IndexUnavailable -> 503
    return jsonify(result.as_json())


@bp.get("/articles/<path:doc_id>")
@by_index_version
def article(doc_id: str):
    if not safe_doc_id(doc_id):
        abort(404)
    doc = get_engine().article(doc_id)
    if doc is None:
        abort(404)
    return jsonify({
        "id": doc.get("id", doc_id),
        "title": doc.get("title", ""),
        "date": _iso(doc.get("date")),
        "persons": list(doc.get("persons") or []),
        "lead": doc.get("lead", ""),
        "body": doc.get("body", ""),
        "url": doc.get("url", ""),
        "section": doc.get("section") or None,
    })


@bp.get("/suggest")
@by_index_version
def suggest():
    """Completions of ``q`` as the reader types it; ``format=opensearch`` answers in the
    OpenSearch suggestions format a browser's search box reads."""
    q = SearchParams.from_args({"q": request.args.get("q", "")}).q  # SearchError -> 400
    completions = get_engine().complete(q) if q else []
    if request.args.get("format") == "opensearch":
        return jsonify([q, completions])
    return jsonify({"query": q, "completions": completions})


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())

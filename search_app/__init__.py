"""The Flask web layer of the Vietnamese news search engine.

``create_app()`` builds the app: one :class:`~search_app.engine.Engine` per app (in
``app.extensions["search_engine"]``, over the backend ``SEARCH_BACKEND`` names), the
HTML pages (``views``), the JSON API (``api``) and its OpenAPI description, error pages
and the security headers sent on every response.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, abort, jsonify, render_template, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from . import engine_access
from .caching import MAX_AGE, RESULT_CACHE_SIZE
from .engine import IndexUnavailable, SearchError
from .engine_access import ENGINE_KEY, get_engine  # noqa: F401  (the package's API)
from .urls import register_template_helpers, safe_doc_id  # noqa: F401
from .settings import CACHE_BYTES, MAX_CONTENT_LENGTH

log = logging.getLogger(__name__)

DEFAULT_INDEX_DIR = "index_data/"
ENV_INDEX_DIR = "FLASK_INDEX_DIR"
DEFAULT_BACKEND = "whoosh"
ENV_BACKEND = "FLASK_SEARCH_BACKEND"
DEFAULT_OPENSEARCH_URL = "http://127.0.0.1:9200"
ENV_OPENSEARCH_URL = "FLASK_OPENSEARCH_URL"
DEFAULT_OPENSEARCH_INDEX = "vnnews"  # the alias the indexer switches to each new build
ENV_OPENSEARCH_INDEX = "FLASK_OPENSEARCH_INDEX"


CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

# Vietnamese titles and messages of the HTTP errors.
HTTP_TITLES = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    413: "Yêu cầu quá lớn",
    500: "Lỗi máy chủ",
    503: "Dịch vụ tạm thời không sẵn sàng",
}
HTTP_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    404: "Không tìm thấy trang hoặc bài viết này.",
    405: "Phương thức không được hỗ trợ.",
    413: "Yêu cầu quá lớn.",
    500: "Đã xảy ra lỗi máy chủ. Vui lòng thử lại sau.",
    503: "Dịch vụ tìm kiếm tạm thời không sẵn sàng.",
}


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    # "/bai-viet//etc/passwd" must be a 404, not a redirect to "/bai-viet/etc/passwd".
    app.url_map.merge_slashes = False
    app.config.from_mapping(
        INDEX_DIR=os.environ.get(ENV_INDEX_DIR) or str(Path.cwd() / DEFAULT_INDEX_DIR),
        # Where the index is: "whoosh" (the folder INDEX_DIR) or "opensearch" (the alias
        # OPENSEARCH_INDEX on the cluster at OPENSEARCH_URL).
        SEARCH_BACKEND=os.environ.get(ENV_BACKEND) or DEFAULT_BACKEND,
        OPENSEARCH_URL=os.environ.get(ENV_OPENSEARCH_URL) or DEFAULT_OPENSEARCH_URL,
        OPENSEARCH_INDEX=os.environ.get(ENV_OPENSEARCH_INDEX) or DEFAULT_OPENSEARCH_INDEX,
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        JSON_SORT_KEYS=False,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        RESULT_CACHE_SIZE=RESULT_CACHE_SIZE,  # search results kept per process (0: none)
        ARRAY_CACHE_BYTES=CACHE_BYTES,  # the ranker's arrays kept per process, at most
        PRETOUCH_BYTES=None,  # memory a server process touches at start (None: the backend's pretouch_bytes)
        CACHE_MAX_AGE=MAX_AGE,  # seconds a proxy may reuse an answer (Cache-Control max-age)
    )
    if test_config:
        app.config.from_mapping(test_config)
    # Never run with the debugger: it executes code sent by the browser.
    app.debug = False
    app.config["DEBUG"] = False
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    engine_access.init_app(app)

    from . import api, export, feeds, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(feeds.bp)
    register_template_helpers(app)
    _register_error_handlers(app)

    @app.before_request
    def _limit_body():
        length = request.content_length
        if length is not None and length > app.config["MAX_CONTENT_LENGTH"]:
            abort(413)

    @app.after_request
    def _security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-cache")
        return response

    return app


def wants_json() -> bool:
    path = request.path
    return path == "/api" or path.startswith("/api/")


def error_response(status: int, message: str):
    if wants_json():
        response = jsonify({"error": message})
        response.status_code = status
        return response
    title = HTTP_TITLES.get(status, "Lỗi")
    try:
        html = render_template("error.html", status=status, title=title, message=message)
    except Exception:  # never fail while reporting a failure
        log.exception("cannot render the error page")
        html = (f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi {status}</title>'
                f"<h1>Lỗi {status}</h1><p>{escape(message)}</p></html>")
    return html, status


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(SearchError)
    def _search_error(exc):
        return error_response(400, str(exc) or HTTP_MESSAGES[400])

    @app.errorhandler(IndexUnavailable)
    def _index_unavailable(exc):
        log.error("index unavailable: %s", exc)
        response = error_response(503, str(exc) or HTTP_MESSAGES[503])
        return _with_retry_after(response)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        message = HTTP_MESSAGES.get(status) or exc.description or exc.name
        response = error_response(status, message)
        if status == 405 and getattr(exc, "valid_methods", None):
            response = app.make_response(response)
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _server_error(exc):
        if isinstance(exc, HTTPException):  # pragma: no cover - handled above
            return _http_error(exc)
        original = getattr(exc, "original_exception", exc)
        log.error("unhandled error on %s", request.path, exc_info=original)
        return error_response(500, HTTP_MESSAGES[500])

    app.register_error_handler(InternalServerError, _server_error)


def _with_retry_after(response):
    from flask import current_app

    response = current_app.make_response(response)
    response.headers["Retry-After"] = "30"
    return response

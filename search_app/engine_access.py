"""The app's search engine: one :class:`~search_app.engine.Engine` per app over the
backend its config names (``SEARCH_BACKEND``: ``whoosh`` over ``INDEX_DIR``, or
``opensearch`` over ``OPENSEARCH_URL`` and the alias ``OPENSEARCH_INDEX``), opened by
``init_app`` and reached from a request with ``get_engine()`` (as Flask's tutorial
reaches its database with ``get_db()``)."""

from __future__ import annotations

import logging

from flask import Flask, current_app

from .backend import open_backend
from .engine import Engine, IndexUnavailable

log = logging.getLogger(__name__)

ENGINE_KEY = "search_engine"


def engine_for(config) -> Engine:
    """The engine an app's config asks for (opening it touches no index)."""
    backend = open_backend(config.get("SEARCH_BACKEND") or "whoosh", index_dir=config["INDEX_DIR"],
                           url=config.get("OPENSEARCH_URL"), index=config.get("OPENSEARCH_INDEX"),
                           cache_bytes=config.get("ARRAY_CACHE_BYTES"))
    return Engine(backend, config["RESULT_CACHE_SIZE"])


def open_engine(config) -> Engine | None:
    try:
        return engine_for(config)
    except IndexUnavailable as exc:
        # The index may be built later: requests try again (see get_engine).
        log.warning("search index not available yet: %s", exc)
        return None


def init_app(app: Flask) -> None:
    """Open the engine the app's config names (or leave it to the first request)."""
    app.extensions[ENGINE_KEY] = open_engine(app.config)


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine, opened on first use if the index was missing at start."""
    app = app or current_app
    engine = app.extensions.get(ENGINE_KEY)
    if engine is None:
        engine = engine_for(app.config)  # IndexUnavailable -> 503
        app.extensions[ENGINE_KEY] = engine
    return engine

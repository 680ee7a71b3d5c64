"""The app's search engine: one :class:`~search_app.engine.Engine` per app, opened by
``init_app`` and reached from a request with ``get_engine()`` (as Flask's tutorial
reaches its database with ``get_db()``)."""

from __future__ import annotations

import logging

from flask import Flask, current_app

from .caching import RESULT_CACHE_SIZE
from .engine import Engine, IndexUnavailable

log = logging.getLogger(__name__)

ENGINE_KEY = "search_engine"


def open_engine(index_dir, result_cache_size: int = RESULT_CACHE_SIZE) -> Engine | None:
    try:
        return Engine(index_dir, result_cache_size)
    except IndexUnavailable as exc:
        # The index may be built later: requests try again (see get_engine).
        log.warning("search index not available yet: %s", exc)
        return None


def init_app(app: Flask) -> None:
    """Open the engine on the app's ``INDEX_DIR`` (or leave it to the first request)."""
    app.extensions[ENGINE_KEY] = open_engine(app.config["INDEX_DIR"], app.config["RESULT_CACHE_SIZE"])


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine, opened on first use if the index was missing at start."""
    app = app or current_app
    engine = app.extensions.get(ENGINE_KEY)
    if engine is None:
        engine = Engine(app.config["INDEX_DIR"], app.config["RESULT_CACHE_SIZE"])  # IndexUnavailable -> 503
        app.extensions[ENGINE_KEY] = engine
    return engine

"""Caching that a portal's front proxy understands, and results kept in memory.

Every answer depends only on the request and on the index generation that served it.
So a page or an API answer carries an ``ETag`` made of both, a ``Last-Modified`` of the
generation's commit, and ``Cache-Control: public, max-age=…``: nginx or a CDN in front
can hold it through a spike, and a browser that asks again with ``If-None-Match`` or
``If-Modified-Since`` gets ``304 Not Modified`` before any search is run.  Behind that,
``ResultCache`` keeps the latest search results of this process, keyed by the
normalised parameters and the index generation, so a new build or update is never
answered from an old one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import current_app, make_response, request

from .settings import MAX_AGE, RESULT_CACHE_SIZE


@dataclass(frozen=True)
class IndexVersion:
    """What the live index is: a tag that changes with every build or update (the
    build's name and its Whoosh generation) and when that generation was committed."""
    tag: str
    modified: dt.datetime


class ResultCache:
    """The latest ``size`` results by key, least recently used dropped first; shared
    by the threads of one process."""

    def __init__(self, size: int = RESULT_CACHE_SIZE):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict = OrderedDict()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def etag_for(version: IndexVersion) -> str:
    """The ETag of this request's answer from ``version`` of the index."""
    what = f"{version.tag}\n{request.path}\n{request.query_string.decode('latin-1')}\n{request.accept_mimetypes}"
    return hashlib.blake2b(what.encode("utf-8"), digest_size=12).hexdigest()


def _stamp(response, etag: str, version: IndexVersion):
    response.set_etag(etag)
    response.last_modified = version.modified
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config.get("CACHE_MAX_AGE", MAX_AGE)
    response.cache_control.no_cache = None
    response.vary.add("Accept")
    return response


def by_index_version(view):
    """Answer ``view`` with the headers above, and with 304 when the client holds it.

    Only successful answers are marked cacheable; errors keep no-cache, and without an
    index the view answers alone."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        from .engine_access import get_engine
        from .engine import IndexUnavailable

        try:
            version = get_engine().version()
        except IndexUnavailable:  # the view answers (503, or a page that needs no index)
            return view(*args, **kwargs)
        etag = etag_for(version)
        if request.if_none_match.contains(etag) or (
                not request.if_none_match and request.if_modified_since is not None
                and version.modified <= request.if_modified_since):
            return _stamp(make_response("", 304), etag, version)
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200:
            _stamp(response, etag, version)
        return response

    return wrapped

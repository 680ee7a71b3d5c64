"""The seam between the search service and an index: what ``engine.Engine`` asks of a
backend, and the backends there are.

The service (``engine.py``) reads the query (``query_reading``, with the backend's
lexicon), runs the fallback chain, pages, builds the hits with our snippets, counts the
person facet, suggests, exports; it never imports Whoosh or the OpenSearch client.  A
backend answers the index-specific questions, each over one :class:`Snapshot`, the live
index as one request reads it (one Whoosh searcher; one concrete OpenSearch index behind
the alias), so that a rebuild switching under a request never mixes two indexes:

* ``lexicon()``: what query reading asks of the index (``lexicon.Lexicon`` documents it);
* ``filters(params, parsed)`` then ``match(...)``: match and rank a parsed query, ``how``
  (``strict``, ``scattered``, ``require_all``: ``query_plan.build``'s switches) under the
  filters, in an order, returning :class:`Matches`;
* ``records(docs)``, ``article(id)``, ``related(id)``: articles as :data:`Record` dicts;
* ``latest_date()``, ``person_counts(first, last, limit)``, ``completions()``.

Two implementations: ``whoosh`` (embedded, ``whoosh_backend``, the default) and
``opensearch`` (``opensearch_backend``).  :func:`open_backend` makes one; each is
imported only when chosen.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Callable, Protocol

from indexer.errors import IndexMissing
from indexer.sections import readable, section_key

from .caching import IndexVersion
from .errors import IndexUnavailable, SearchError

BACKENDS = ("whoosh", "opensearch")

# An article as every backend returns it: ``id``, ``title``, ``lead``, ``body`` (absent
# when not asked for), ``date`` (``YYYY-MM-DD`` or None), ``url``, ``section`` (strings,
# "" when absent) and ``persons`` (a list of names as written).
Record = dict


@dataclass
class Matches:
    """What a query matched: how many, the best ones in order, and the facets' counts."""

    total: int = 0
    # (document, score) best first: at least the ``exact`` asked for, in their exact
    # order, and up to the person facet's window.  A document is the backend's own
    # handle (a Whoosh document number, an OpenSearch id), given back to ``records``.
    ranked: list[tuple[object, float | None]] = field(default_factory=list)
    # The persons of each of the best ``PERSON_FACET_DOCS`` (in the ranked order).
    names: list = field(default_factory=list)
    years: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    sections: dict[str, int] = field(default_factory=dict)
    timed_out: bool = False


class Snapshot(Protocol):
    """The live index as one request reads it."""

    version: IndexVersion

    def lexicon(self): ...

    def filters(self, params, parsed): ...

    def match(self, parsed, filters, order: str, exact: int, deadline: float, *, require_all: bool = True,
              strict: bool = True, scattered: bool = False) -> Matches: ...

    def records(self, docs: list, text: bool = True) -> list[Record]: ...

    def article(self, doc_id: str) -> Record | None: ...

    def related(self, doc_id: str, limit: int) -> list[tuple[Record, float]]: ...

    def latest_date(self) -> dt.date | None: ...

    def person_counts(self, first: dt.date, last: dt.date, limit: int) -> dict[str, int]: ...

    def completions(self): ...

    def together(self, a: str, b: str) -> int: ...


class Backend(Protocol):
    def snapshot(self) -> Snapshot:
        """The live index (IndexUnavailable when there is none or it cannot be read)."""

    def reading(self) -> AbstractContextManager:
        """A context that turns any failure of the index into IndexUnavailable (503)."""

    def warm(self) -> None:
        """Read what every query needs before the first one waits for it."""

    def pretouch_bytes(self) -> int:
        """The memory worth touching once at start (``memory.pretouch``): about what
        this process's caches will hold; 0 for none."""


@contextmanager
def failures_answered(missing: str, broken: str, reset: Callable[[], None], explain: Callable[[Exception], None]):
    """A backend's ``reading()``: any failure of its index becomes IndexUnavailable
    (HTTP 503), ``missing`` when there is no index and ``broken`` for anything else,
    after ``reset()`` (the next request opens the index again) and ``explain(exc)`` (which
    logs the details, never shown to the public, or raises SearchError for a failure
    that is the query's)."""
    try:
        yield
    except (SearchError, IndexUnavailable):
        raise
    except IndexMissing:
        reset()
        raise IndexUnavailable(missing) from None
    except Exception as exc:
        reset()
        explain(exc)
        raise IndexUnavailable(broken) from None


def sections_named(values, names) -> list[str]:
    """Those of an index's section ``values`` that ``names`` name (any spelling of a
    section's name or slug: ``Thể thao``, ``the-thao``, ``sport``)."""
    wanted = {section_key(readable(n)) for n in names} | {section_key(n) for n in names}
    return [v for v in values if v and section_key(v) in wanted]


def open_backend(kind: str = "whoosh", *, index_dir=None, url: str | None = None,
                 index: str | None = None, cache_bytes: int | None = None) -> Backend:
    """The backend ``kind``: ``whoosh`` over the index folder ``index_dir`` (its arrays
    cached up to ``cache_bytes``, default ``settings.CACHE_BYTES``), or ``opensearch``
    over the cluster at ``url`` and the alias ``index``."""
    if kind == "whoosh":
        from .whoosh_backend import WhooshBackend

        return WhooshBackend(index_dir, cache_bytes)
    if kind == "opensearch":
        from .opensearch_backend import OpenSearchBackend

        return OpenSearchBackend(url, index)
    raise ValueError(f"unknown search backend {kind!r}: one of {', '.join(BACKENDS)}")

"""Serving: several worker processes behind one port (gunicorn), or one (waitress).

Each gunicorn worker builds its own app after the fork, so every process has its own
searchers and caches and follows a rebuild or update by itself; the index files are
shared through the operating system's page cache.  A worker that dies is replaced by the
master.  A process reads what every query needs (pyvi's model, the vocabulary, the
columns, field lengths and length norms the ranker reads, every article's persons)
before it takes its first request, about half a second at 38k articles: the first query
then costs what any other new query costs, instead of waiting behind that reading.
Gunicorn's socket is open meanwhile, so a request that comes that early waits in its
queue; waitress opens its socket when the process is ready.  Afterwards a thread in each
process reads the same for every new build or update as soon as it is live
(``WhooshBackend.warm``), so that the first query after an update does not wait either.
How each process takes its memory (one malloc pool, no huge pages, memory touched at
start and kept) is ``memory.py``'s.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from .memory import limit_malloc_arenas, no_huge_pages, pretouch_in_background
from .settings import GRACEFUL_TIMEOUT, WORKER_TIMEOUT


def _prepare_process() -> None:
    """What a server process does before any thread starts (``memory.py`` says why);
    gunicorn's workers inherit it from the master."""
    limit_malloc_arenas()
    no_huge_pages()


class InFlight:
    """WSGI middleware that counts the requests a process is answering, so that work
    of its own (touching memory) can wait until there are none."""

    def __init__(self, app):
        self.app = app
        self._count = 0
        self._idle = threading.Condition()

    def __call__(self, environ, start_response):
        with self._idle:
            self._count += 1
        try:
            return self.app(environ, start_response)
        finally:
            with self._idle:
                self._count -= 1
                if not self._count:
                    self._idle.notify_all()

    def wait_idle(self) -> None:
        """Return once no request is being answered."""
        with self._idle:
            self._idle.wait_for(lambda: not self._count)


def _warm(app) -> None:
    engine = app.extensions.get("search_engine")
    if engine is not None:
        engine.warm()
        wanted = app.config.get("PRETOUCH_BYTES")
        requests = app.wsgi_app = InFlight(app.wsgi_app)
        pretouch_in_background(engine.backend.pretouch_bytes() if wanted is None else wanted,
                               wait=requests.wait_idle)
    # What was read at start lives as long as the process: the garbage collector's full
    # passes need not walk it again (each such pass paused a query by some 80 ms at 10x).
    gc.freeze()


def serve_one(index_dir: Path, host: str, port: int, threads: int, config: dict | None = None) -> None:
    """One process with ``threads`` threads (waitress)."""
    from waitress import serve

    from . import create_app

    _prepare_process()
    app = create_app({"INDEX_DIR": str(index_dir), **(config or {})})
    _warm(app)
    serve(app, host=host, port=port, threads=threads, ident="search_app")


def serve_workers(index_dir: Path, host: str, port: int, workers: int, threads: int,
                  config: dict | None = None) -> None:
    """``workers`` processes of ``threads`` threads each behind one port (gunicorn)."""
    from gunicorn.app.base import BaseApplication

    from . import create_app

    _prepare_process()  # in the master: each forked worker inherits it

    class SearchServer(BaseApplication):
        def load_config(self):
            bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            for name, value in {
                "bind": [bind], "workers": workers, "worker_class": "gthread", "threads": threads,
                "timeout": WORKER_TIMEOUT, "graceful_timeout": GRACEFUL_TIMEOUT,
                "proc_name": "search_app", "post_worker_init": lambda worker: _warm(worker.wsgi),
                # A pasted 2,000-character paragraph, percent-encoded, is longer than
                # gunicorn's 4 KiB default; waitress has no such limit either.
                "limit_request_line": 0,
            }.items():
                self.cfg.set(name, value)

        def load(self):
            return create_app({"INDEX_DIR": str(index_dir), **(config or {})})

    SearchServer().run()

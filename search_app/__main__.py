"""``python -m search_app``: serve the search engine.

    python -m search_app [--host 127.0.0.1] [--port 8000] [--index DIR] [--workers N] [--threads N]
    python -m search_app --backend opensearch --opensearch-url URL [--opensearch-index ALIAS] ...

``--workers N`` processes (default: the number of cores) behind one port, by gunicorn;
``--workers 1`` is one process served by waitress.  When the index folder holds no index
yet, it is first built from ``seeds/``; an OpenSearch index is the indexer's to build
(``python -m indexer rebuild --backend opensearch``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .settings import DEFAULT_THREADS

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SEED_DIR = "seeds"


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def make_parser() -> argparse.ArgumentParser:
    from . import (DEFAULT_BACKEND, DEFAULT_INDEX_DIR, DEFAULT_OPENSEARCH_INDEX, ENV_BACKEND, ENV_INDEX_DIR,
                   ENV_OPENSEARCH_INDEX, ENV_OPENSEARCH_URL)
    from .backend import BACKENDS
    from .caching import RESULT_CACHE_SIZE
    from .settings import CACHE_BYTES

    p = argparse.ArgumentParser(prog="python -m search_app",
                                description="Serve the Vietnamese news search engine.")
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--index", metavar="DIR", default=os.environ.get(ENV_INDEX_DIR) or DEFAULT_INDEX_DIR,
                   help=f"index folder (default ${ENV_INDEX_DIR} or {DEFAULT_INDEX_DIR})")
    p.add_argument("--workers", type=int, default=default_workers(), metavar="N",
                   help="worker processes (default: the number of cores); 1 serves with waitress")
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS, metavar="N",
                   help=f"threads per worker (default {DEFAULT_THREADS})")
    p.add_argument("--result-cache", type=int, default=RESULT_CACHE_SIZE, metavar="N",
                   help=f"search results kept per worker (default {RESULT_CACHE_SIZE}; 0 keeps none)")
    p.add_argument("--array-cache", type=int, default=CACHE_BYTES >> 20, metavar="MIB",
                   help=f"MiB of the ranker's arrays (points of posting lists, positions, columns) kept per "
                        f"worker (default {CACHE_BYTES >> 20}; a 380,000-article archive uses about 1,300 "
                        f"for a hundred different queries)")
    p.add_argument("--pretouch", type=int, default=None, metavar="MIB",
                   help="MiB of memory each worker touches at start, in the background, and keeps for the "
                        "ranker's arrays (default: a third of the index's posting arrays, at most "
                        "--array-cache; never more than a quarter of the memory available; 0 touches none)")
    p.add_argument("--backend", choices=BACKENDS, default=os.environ.get(ENV_BACKEND) or DEFAULT_BACKEND,
                   help=f"whoosh: the index in --index (the default); opensearch: the index behind an alias on an "
                        f"OpenSearch cluster (default ${ENV_BACKEND} or {DEFAULT_BACKEND})")
    g = p.add_argument_group("with --backend opensearch")
    g.add_argument("--opensearch-url", metavar="URL", default=os.environ.get(ENV_OPENSEARCH_URL),
                   help=f"the cluster, e.g. http://127.0.0.1:9200 (default ${ENV_OPENSEARCH_URL})")
    g.add_argument("--opensearch-index", metavar="ALIAS",
                   default=os.environ.get(ENV_OPENSEARCH_INDEX) or DEFAULT_OPENSEARCH_INDEX,
                   help=f"the alias searched (default ${ENV_OPENSEARCH_INDEX} or {DEFAULT_OPENSEARCH_INDEX})")
    return p


def has_index(index_dir: Path) -> bool:
    from indexer import store
    from indexer.errors import IndexMissing, IndexCorrupt

    try:
        store.live_build(index_dir)
        return True
    except IndexMissing:
        return False
    except IndexCorrupt:
        return True  # let the app report it (503) rather than overwrite anything


def outdated_schema(index_dir: Path) -> tuple[int, list[str]] | None:
    """(schema version, sources) of an index built with another schema version."""
    from indexer import store
    from indexer.errors import IndexerError

    try:
        build = store.live_build(index_dir)
        version = store.outdated_schema(build)
        return None if version is None else (version, list(store.read_meta(build).get("sources", [])))
    except IndexerError:
        return None


def ensure_index(index_dir: Path, seeds: Path = Path(SEED_DIR)) -> bool:
    """Build the index from ``seeds`` when there is none, or rebuild it when it was built
    from ``seeds`` alone with another schema version (seconds; a larger archive is the
    operator's to rebuild, and the app says so).  True when one was built."""
    from indexer.schema import SCHEMA_VERSION

    if has_index(index_dir):
        old = outdated_schema(index_dir)
        if old is None:
            return False
        version, sources = old
        if not seeds.is_dir() or sources != [str(seeds.resolve())]:
            print(f"The index in {index_dir} has schema version {version}; this version needs "
                  f"{SCHEMA_VERSION}. Searches answer 503 until it is rebuilt: "
                  f"python -m indexer rebuild --index {index_dir} "
                  + " ".join(f"--source {src}" for src in sources), flush=True)
            return False
        print(f"The index in {index_dir} has schema version {version}: rebuilding it from {seeds}/ …",
              flush=True)
    elif not seeds.is_dir():
        print(f"No index in {index_dir} and no {seeds}/ folder to build one from; "
              "searches will answer 503 until an index is built.", flush=True)
        return False
    else:
        print(f"No index in {index_dir}: building it from {seeds}/ …", flush=True)
    from indexer.build import rebuild

    report = rebuild([str(seeds)], index_dir)
    print(f"Indexed {report.indexed} articles in {report.seconds:.1f} s.", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if not 0 < args.port < 65536:
        print("--port must be between 1 and 65535", file=sys.stderr)
        return 2
    if args.threads < 1:
        print("--threads must be at least 1", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("--workers must be at least 1", file=sys.stderr)
        return 2
    if args.result_cache < 0:
        print("--result-cache must be 0 or more", file=sys.stderr)
        return 2
    if args.array_cache < 16:
        print("--array-cache must be at least 16 (MiB)", file=sys.stderr)
        return 2
    if args.pretouch is not None and args.pretouch < 0:
        print("--pretouch must be 0 or more (MiB)", file=sys.stderr)
        return 2
    opensearch = args.backend == "opensearch"
    if opensearch and not args.opensearch_url:
        print("--backend opensearch needs --opensearch-url URL (or $FLASK_OPENSEARCH_URL)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    index_dir = Path(args.index).resolve()
    config = {"RESULT_CACHE_SIZE": args.result_cache, "ARRAY_CACHE_BYTES": args.array_cache << 20,
              "SEARCH_BACKEND": args.backend}
    if args.pretouch is not None:
        config["PRETOUCH_BYTES"] = args.pretouch << 20
    if opensearch:
        from indexer.opensearch.cluster import display_url

        config.update(OPENSEARCH_URL=args.opensearch_url, OPENSEARCH_INDEX=args.opensearch_index)
        logging.getLogger("opensearch").setLevel(logging.WARNING)  # not a line per request
        where = f"OpenSearch index {args.opensearch_index} at {display_url(args.opensearch_url)}"
    else:
        where = f"index {index_dir}"
        try:
            ensure_index(index_dir)
        except Exception as exc:  # the indexer's errors carry a one-line reason
            print(f"Cannot build the index: {exc}", file=sys.stderr)
            return 1

    from . import serving

    host = args.host
    shown = f"[{host}]" if ":" in host else host
    how = f"{args.workers} workers × {args.threads} threads" if args.workers > 1 else f"{args.threads} threads"
    print(f"Serving on http://{shown}:{args.port}/  ({where}; {how}; Ctrl+C to stop)", flush=True)
    if args.workers > 1 and sys.platform.startswith("linux"):
        serving.serve_workers(index_dir, host, args.port, args.workers, args.threads, config)
    else:
        serving.serve_one(index_dir, host, args.port, args.threads, config)
    return 0


if __name__ == "__main__":
    sys.exit(main())

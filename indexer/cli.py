"""``python -m indexer`` (console script ``vnnews-index``): rebuild, update, stats, of a
Whoosh index in a folder (``--backend whoosh``, the default) or of an OpenSearch index
behind an alias (``--backend opensearch``).

Exit codes: 0 done (skipped files included), 1 failure (one-line reason on stderr),
2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from .build import default_jobs, rebuild, update
from .errors import IndexerError, UsageError
from .stats import index_stats

DEFAULT_SOURCE = "seeds/"
DEFAULT_INDEX = "index_data/"
DEFAULT_ALIAS = "vnnews"  # indexer.opensearch.indices.DEFAULT_ALIAS (not imported: Whoosh runs need no client)
DEFAULT_SHARDS = 1
DEFAULT_REPLICAS = 1
URL_VARIABLE = "OPENSEARCH_URL"


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        raise UsageError(message)


def make_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m indexer", description="Build and update the Vietnamese news index.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, help_ in (("rebuild", "build a fresh index, then switch to it atomically"),
                        ("update", "add new, re-index changed and delete removed articles")):
        s = sub.add_parser(name, help=help_)
        s.add_argument("--source", action="append", metavar="DIR",
                       help=f"folder of articles (repeatable; default {DEFAULT_SOURCE})")
        s.add_argument("--index", default=None, metavar="DIR",
                       help=f"Whoosh index folder (default {DEFAULT_INDEX})")
        s.add_argument("--jobs", type=int, default=None, metavar="N",
                       help=f"worker processes (default: all cores, here {default_jobs()})")
        s.add_argument("--wait", type=float, default=30.0, metavar="SECONDS",
                       help="how long to wait for another indexer to finish (default 30)")
        s.add_argument("--json", action="store_true", help="print the summary as JSON")
        _add_backend_arguments(s, builds=True)
    s = sub.add_parser("stats", help="documents, dates, persons and size of an index")
    s.add_argument("--index", default=None, metavar="DIR", help=f"Whoosh index folder (default {DEFAULT_INDEX})")
    s.add_argument("--json", action="store_true", help="print as JSON")
    _add_backend_arguments(s, builds=False)
    return p


def _add_backend_arguments(s: argparse.ArgumentParser, builds: bool) -> None:
    s.add_argument("--backend", choices=("whoosh", "opensearch"), default="whoosh",
                   help="whoosh: an index in a folder (the default); opensearch: an index on an OpenSearch cluster")
    g = s.add_argument_group("with --backend opensearch")
    g.add_argument("--opensearch-url", metavar="URL",
                   help=f"the cluster, e.g. http://127.0.0.1:9200 or https://user:password@host:9200 "
                        f"(default ${URL_VARIABLE})")
    g.add_argument("--opensearch-index", metavar="ALIAS",
                   help=f"the alias searches use; a rebuild writes a new index ALIAS-<UTC time> and moves the "
                        f"alias to it (default {DEFAULT_ALIAS})")
    if builds:
        g.add_argument("--shards", type=int, metavar="N",
                       help=f"primary shards of a new index (default {DEFAULT_SHARDS})")
        g.add_argument("--replicas", type=int, metavar="N",
                       help=f"copies of each shard of a new index (default {DEFAULT_REPLICAS}; "
                            "0 on a one-node cluster, where a replica has nowhere to go)")


_OPENSEARCH_ONLY = ("opensearch_url", "opensearch_index", "shards", "replicas")


def _check_backend(args) -> None:
    """Options of one backend given to the other are usage errors; OpenSearch needs a URL."""
    if args.backend == "whoosh":
        for name in _OPENSEARCH_ONLY:
            if getattr(args, name, None) is not None:
                raise UsageError(f"--{name.replace('_', '-')} is for --backend opensearch")
        args.index = args.index or DEFAULT_INDEX
        return
    if args.index is not None:
        raise UsageError("--index names a Whoosh folder; with --backend opensearch name the alias "
                         "with --opensearch-index")
    args.opensearch_url = args.opensearch_url or os.environ.get(URL_VARIABLE)
    if not args.opensearch_url:
        raise UsageError(f"--backend opensearch needs --opensearch-url URL (or ${URL_VARIABLE})")
    args.opensearch_index = args.opensearch_index or DEFAULT_ALIAS


def _stats(args) -> dict:
    if args.backend == "whoosh":
        return index_stats(args.index)
    from .opensearch import index_stats as opensearch_stats

    return opensearch_stats(args.opensearch_url, args.opensearch_index)


def _run(args, progress, on_total):
    """Run the rebuild or update asked for; its Report."""
    common = dict(jobs=args.jobs, lock_wait=args.wait, progress=progress, on_total=on_total)
    sources = args.source or [DEFAULT_SOURCE]
    if args.backend == "whoosh":
        return (rebuild if args.command == "rebuild" else update)(sources, args.index, **common)
    from . import opensearch

    run = opensearch.rebuild if args.command == "rebuild" else opensearch.update
    return run(sources, args.opensearch_url, args.opensearch_index,
               shards=DEFAULT_SHARDS if args.shards is None else args.shards,
               replicas=DEFAULT_REPLICAS if args.replicas is None else args.replicas, **common)


def _progress_bar(enabled: bool):
    """A tqdm bar on a terminal; nothing in logs and CI."""
    if not enabled:
        return None, None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="doc", file=sys.stderr, dynamic_ncols=True, leave=False)

    def on_total(n):
        bar.total = n
        bar.refresh()

    return bar.update, on_total, bar.close


def _print_report(report) -> None:
    d = report.as_dict()
    print(f"{report.mode}: {d['index']}")
    print(f"  files read     {d['files']}")
    print(f"  indexed        {d['indexed']}")
    if report.mode.startswith("update"):
        print(f"  updated        {d['updated']}")
        print(f"  deleted        {d['deleted']}")
        print(f"  unchanged      {d['unchanged']}")
    print(f"  undated        {d['undated']}")
    print(f"  skipped        {len(d['skipped'])}")
    for item in d["skipped"]:
        print(f"    {item['file']}: {item['reason']}")
    for item in d["warnings"]:
        print(f"  warning: {item['message']}")
    print(f"  time           {d['seconds']:.1f} s ({d['articles_per_second']:.1f} articles/s)")


def _print_stats(s: dict) -> None:
    if "alias" in s:
        print(f"index        {s['index']} (alias {s['alias']} on {s['url']})")
        print(f"health       cluster {s['health']['cluster']}, index {s['health']['index']}")
    else:
        print(f"index        {s['index']}")
    print(f"documents    {s['documents']}")
    print(f"dates        {s['date_from'] or '-'} … {s['date_to'] or '-'}")
    print(f"undated      {s['undated']}")
    print(f"size         {s['size_bytes'] / 1_048_576:.1f} MiB")
    print(f"built        {s['built_at'] or '-'}")
    print(f"updated      {s['updated_at'] or '-'}")
    if s.get("sections"):
        print("sections")
        for name, n in s["sections"].items():
            print(f"  {n:6d}  {name}")
    if s["top_persons"]:
        print("top persons")
        for name, n in s["top_persons"]:
            print(f"  {n:6d}  {name}")


def main(argv=None) -> int:
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    args = None
    try:
        args = make_parser().parse_args(argv)
        _check_backend(args)
        if args.command == "stats":
            s = _stats(args)
            print(json.dumps(s, ensure_ascii=False, indent=2)) if args.json else _print_stats(s)
            return 0
        if args.jobs is not None and args.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        tick, on_total, close = _progress_bar(sys.stderr.isatty() and not args.json)
        try:
            report = _run(args, tick, on_total)
        finally:
            close()
        if args.json:
            print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            _print_report(report)
        return 0
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except IndexerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if args is not None and args.backend == "opensearch" and args.command == "update":
            print("error: interrupted; some changes may be in the index already: run the update again",
                  file=sys.stderr)
        else:
            print("error: interrupted; the live index is unchanged", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}{': ' + exc.filename if getattr(exc, 'filename', None) else ''}",
              file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: still one line, and the live index is unchanged
        logging.getLogger(__name__).debug("unexpected error", exc_info=True)
        print(f"error: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1

"""``python -m indexer`` (console script ``vnnews-index``): rebuild, update, stats.

Exit codes: 0 done (skipped files included), 1 failure (one-line reason on stderr),
2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from .build import default_jobs, rebuild, update
from .errors import IndexerError, UsageError
from .stats import index_stats

DEFAULT_SOURCE = "seeds/"
DEFAULT_INDEX = "index_data/"


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
        s.add_argument("--index", default=DEFAULT_INDEX, metavar="DIR",
                       help=f"index folder (default {DEFAULT_INDEX})")
        s.add_argument("--jobs", type=int, default=None, metavar="N",
                       help=f"worker processes (default: all cores, here {default_jobs()})")
        s.add_argument("--wait", type=float, default=30.0, metavar="SECONDS",
                       help="how long to wait for another indexer to finish (default 30)")
        s.add_argument("--json", action="store_true", help="print the summary as JSON")
    s = sub.add_parser("stats", help="documents, dates, persons and size of an index")
    s.add_argument("--index", default=DEFAULT_INDEX, metavar="DIR")
    s.add_argument("--json", action="store_true", help="print as JSON")
    return p


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
    try:
        args = make_parser().parse_args(argv)
        if args.command == "stats":
            s = index_stats(args.index)
            print(json.dumps(s, ensure_ascii=False, indent=2)) if args.json else _print_stats(s)
            return 0
        if args.jobs is not None and args.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        run = rebuild if args.command == "rebuild" else update
        tick, on_total, close = _progress_bar(sys.stderr.isatty() and not args.json)
        try:
            report = run(args.source or [DEFAULT_SOURCE], args.index, jobs=args.jobs,
                         lock_wait=args.wait, progress=tick, on_total=on_total)
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

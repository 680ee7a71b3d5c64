"""Exports of a search, for researchers and editors: ``/api/export.csv`` and
``/api/export.jsonl`` take the search's parameters and stream up to
``engine.EXPORT_LIMIT`` articles (id, title, date, section, persons, url) in the search's
order.

How many the search found and how many were exported travel in the headers
``X-Total-Count`` and ``X-Exported-Count``; ``X-Export-Capped: true`` says the export
stopped at the limit."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, request, stream_with_context

from .caching import by_index_version
from .engine import EXPORT_LIMIT, SearchParams
from .engine_access import get_engine

bp = Blueprint("export", __name__, url_prefix="/api")

COLUMNS = ("id", "title", "date", "section", "persons", "url")


def _export(params: SearchParams):
    total, records = get_engine().export(params, EXPORT_LIMIT)
    return total, min(total, EXPORT_LIMIT), records


def _headers(total: int, exported: int, filename: str) -> dict:
    return {
        "X-Total-Count": str(total),
        "X-Exported-Count": str(exported),
        "X-Export-Capped": "true" if total > exported else "false",
        "X-Export-Limit": str(EXPORT_LIMIT),
        "Content-Disposition": f'attachment; filename="{filename}"',
    }


def _csv_lines(records):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([record["id"], record["title"], record["date"] or "", record["section"] or "",
                         "; ".join(record["persons"]), record["url"] or ""])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl_lines(records):
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


@bp.get("/export.csv")
@by_index_version
def export_csv():
    params = SearchParams.from_args(request.args)  # SearchError -> 400
    total, exported, records = _export(params)
    # A byte-order mark, so that spreadsheet programs read the Vietnamese as UTF-8.
    body = stream_with_context(_prefixed("\ufeff", _csv_lines(records)))
    return Response(body, content_type="text/csv; charset=utf-8",
                    headers=_headers(total, exported, "tim-kiem.csv"))


@bp.get("/export.jsonl")
@by_index_version
def export_jsonl():
    params = SearchParams.from_args(request.args)
    total, exported, records = _export(params)
    return Response(stream_with_context(_jsonl_lines(records)), content_type="application/x-ndjson; charset=utf-8",
                    headers=_headers(total, exported, "tim-kiem.jsonl"))


def _prefixed(first: str, chunks):
    yield first
    yield from chunks

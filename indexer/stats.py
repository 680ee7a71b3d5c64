"""Facts about a built index, for ``python -m indexer stats``."""

from __future__ import annotations

from pathlib import Path

from . import store
from .documents import stored_persons
from .errors import IndexCorrupt


def index_stats(index_dir: str | Path, top: int = 10) -> dict:
    index_dir = Path(index_dir)
    build = store.live_build(index_dir)
    ix = store.open_index(index_dir)
    meta = store.read_meta(build)
    try:
        return _read_stats(ix, build, meta, top)
    except Exception as exc:  # Whoosh raises many kinds of exception on damaged files
        raise IndexCorrupt(f"index in {build} cannot be read ({type(exc).__name__}: {exc})") from None


def _read_stats(ix, build: Path, meta: dict, top: int) -> dict:
    with ix.searcher() as searcher:
        reader = searcher.reader()
        docs = reader.doc_count()
        # Read the live documents' stored fields: term statistics still count deleted
        # documents until their segment is merged.
        dates = []
        counts: dict[str, int] = {}
        sections: dict[str, int] = {}
        for stored in reader.all_stored_fields():
            if stored.get("date"):
                dates.append(stored["date"])
            if stored.get("section"):
                sections[stored["section"]] = sections.get(stored["section"], 0) + 1
            for name in stored_persons(stored):
                counts[name] = counts.get(name, 0) + 1
        dates.sort()
        persons = sorted(((n, name) for name, n in counts.items()), key=lambda p: (-p[0], p[1]))
    size = sum(f.stat().st_size for f in build.iterdir() if f.is_file())
    return summary(str(build), docs, dates[0] if dates else None, dates[-1] if dates else None, len(dates),
                   [[name, n] for n, name in persons[:top]], sorted(sections.items(), key=lambda kv: (-kv[1], kv[0])),
                   size, meta)


def summary(index: str, documents: int, date_from: str | None, date_to: str | None, dated: int,
            top_persons: list[list], sections: list[tuple[str, int]], size_bytes: int, meta: dict) -> dict:
    """The statistics of an index as ``stats`` prints them (``--json``), whatever the
    backend: persons and sections most frequent first, then by name; ``meta`` is what
    the indexer wrote of the build (built_at, updated_at, sources, last)."""
    return {
        "index": index,
        "documents": documents,
        "date_from": date_from,
        "date_to": date_to,
        "undated": documents - dated,
        "top_persons": top_persons,
        "sections": dict(sections),
        "size_bytes": size_bytes,
        "built_at": meta.get("built_at"),
        "updated_at": meta.get("updated_at"),
        "sources": meta.get("sources", []),
        "last_run": meta.get("last"),
    }

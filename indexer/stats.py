"""Facts about a built index, for ``python -m indexer stats``."""

from __future__ import annotations

from pathlib import Path

from . import store


def index_stats(index_dir: str | Path, top: int = 10) -> dict:
    index_dir = Path(index_dir)
    build = store.live_build(index_dir)
    ix = store.open_index(index_dir)
    meta = store.read_meta(build)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        docs = reader.doc_count()
        dates = sorted(t.decode("utf-8") if isinstance(t, bytes) else t
                       for t in reader.lexicon("date")) if "date" in reader.indexed_field_names() else []
        dated = sum(reader.doc_frequency("date", d) for d in dates)
        persons = []
        if "persons" in reader.indexed_field_names():
            for term, info in reader.iter_field("persons"):
                name = term.decode("utf-8") if isinstance(term, bytes) else term
                persons.append((info.doc_frequency(), name))
        persons.sort(key=lambda p: (-p[0], p[1]))
    size = sum(f.stat().st_size for f in build.iterdir() if f.is_file())
    return {
        "index": str(build),
        "documents": docs,
        "date_from": dates[0] if dates else None,
        "date_to": dates[-1] if dates else None,
        "undated": docs - dated,
        "top_persons": [[name, n] for n, name in persons[:top]],
        "size_bytes": size,
        "built_at": meta.get("built_at"),
        "updated_at": meta.get("updated_at"),
        "sources": meta.get("sources", []),
        "last_run": meta.get("last"),
    }

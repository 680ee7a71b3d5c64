"""Each posting's BM25F part, computed by the indexer: one file beside each segment.

A term's score in a document is ``idf * tf * (K1 + 1) / (tf + norm)``, with the
document's length norm ``K1 * ((1 - B) + B * length / average)`` in that field.  Only
``idf`` depends on the query's view of the whole index; the rest, the *impact* of a
posting, depends on the posting, its document's length and the field's average length.
The search service used to compute it for every posting of a term the first time a query
asked for the term, into fresh memory it then kept: on a large archive that was most of
the time of a query new to the server.  The indexer now writes the impacts of every
posting of a scored field once, after each build and update, as float64 in the order of
the segment's posting arrays (``posting_arrays.py``); the server maps the file, looks
up only its candidates' impacts and multiplies them by ``idf``: the same operations on
the same numbers as before, so the same scores to the last bit.

The average length changes with every update, and with it every impact: the file records
the average, ``K1`` and ``B`` it was computed with, the format and schema versions, the
segment's id and document count, and the server ignores a file that does not match its
own view and weighting (it then computes the points as before).  ``ensure`` writes every
file that is missing or stale; an update thus rewrites every segment's.

Layout, little-endian: ``MAGIC``, the header's length (4 bytes), the header (JSON: for
each scored field, the range of posting indexes its terms hold in the posting arrays and
where its impacts start in ``values``), then ``values`` (float64) on an 8-byte boundary.

The postings of one field are contiguous in a segment's posting arrays: Whoosh writes
terms in the order of their keys, which begin with the field's number.
"""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import numpy as np
from whoosh.codec import whoosh3
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from .posting_arrays import ArraysMismatch, SegmentArrays, read_segment_header
from .schema import SCHEMA_VERSION

MAGIC = b"VNIMPCT1"
FORMAT_VERSION = 1
EXTENSION = "impacts"
_LENGTH = struct.Struct("<I")
_ALIGN = 8
_TEMPORARY = ".impacts-"
CHUNK = 1 << 22  # postings computed at a time (bounds the indexer's memory for this step)

LENGTH_OF_BYTE = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)
"""A field length as Whoosh stores it (one byte), decoded the way its scorer decodes it."""


class ImpactsMismatch(ValueError):
    """An impacts file that does not fit its segment, or this view of the index."""


def file_name(segment_id: str) -> str:
    """``MAIN_<id>.impacts``: Whoosh's pattern for a segment's files, so the file goes
    when the segment goes."""
    return f"{segment_id}.{EXTENSION}"


def weighting_of(weighting: BM25F, fieldname: str) -> tuple[float, float]:
    """(K1, B) of a field under ``weighting``, as its scorer reads them."""
    return weighting.K1, weighting._field_B.get(fieldname, weighting.B)


def leaf_lengths(reader, fieldname: str) -> np.ndarray:
    """Every document's length of a field in one segment, as Whoosh's scorer reads it
    (one byte per document, decoded), as float64."""
    n = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = None
    if isinstance(perdoc, whoosh3.W3PerDocReader):
        column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    if column is None or not hasattr(column, "_dbfile"):
        return np.array([reader.doc_field_length(d, fieldname, 0) or 0 for d in range(n)],
                        dtype=np.float64)
    count = min(column._count, n)
    raw = np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8) if count else \
        np.zeros(0, dtype=np.uint8)
    out = np.zeros(n, dtype=np.float64)
    out[:count] = LENGTH_OF_BYTE[raw]
    return out


def length_norms(lengths: np.ndarray, K1: float, B: float, average: float) -> np.ndarray:
    """Each document's BM25F length norm, computed as the search service computes it."""
    return K1 * ((1 - B) + B * lengths / average)


def impacts_into(tf: np.ndarray, below: np.ndarray, K1: float, out: np.ndarray) -> None:
    """``tf * (K1 + 1) / (tf + norm)`` into ``out``, ``below`` holding each posting's
    document's norm (overwritten): the search service's operations, in its order."""
    np.multiply(tf, K1 + 1, out=out, dtype=np.float64)
    np.add(below, tf, out=below, dtype=np.float64)
    out /= below


def _field_ranges(reader, arrays: SegmentArrays) -> dict[str, tuple[int, int]]:
    """The range of posting indexes that each field's terms hold in the segment's
    posting arrays (fields with postings there only)."""
    terms = reader._terms
    if not isinstance(terms, whoosh3.W3TermsReader):
        raise TypeError("only Whoosh 3 segments have impacts")
    extents = arrays.arrays["extents"]
    starts = arrays.arrays["starts"]
    firsts = []  # (first term's index in the arrays, field)
    for name, number in terms._fieldmap.items():
        prefix = struct.pack(">H", number)
        for key, info in terms._tindex.items_from(prefix):
            if not key.startswith(prefix):
                break
            info = whoosh3.W3TermInfo.from_bytes(info)
            if info.is_inlined():
                continue  # its postings are in its term info, not in the arrays
            t = int(np.searchsorted(extents, info.extent()[0]))
            firsts.append((t, number, name))
            break
    firsts.sort()
    if [n for _, n, _ in firsts] != sorted(n for _, n, _ in firsts):
        raise ImpactsMismatch("the fields' postings are not in the order of their numbers")
    out = {}
    for i, (t, _, name) in enumerate(firsts):
        end = firsts[i + 1][0] if i + 1 < len(firsts) else len(extents)
        out[name] = (int(starts[t]), int(starts[end]))
    return out


def write(reader, folder: str | os.PathLike, segment_id: str, searcher, weighting: BM25F | None = None) -> Path:
    """Write the impacts file of one segment (``reader``) of the view ``searcher`` (whose
    average field lengths it takes)."""
    weighting = weighting or BM25F()
    folder = Path(folder)
    arrays = SegmentArrays.open(folder, segment_id, reader.doc_count_all())
    ranges = _field_ranges(reader, arrays)
    schema = reader.schema
    fields = {}
    base = 0
    for name, (lo, hi) in sorted(ranges.items(), key=lambda kv: kv[1]):
        if name not in schema or not schema[name].scorable:
            continue
        K1, B = weighting_of(weighting, name)
        fields[name] = {"lo": lo, "hi": hi, "base": base, "K1": K1, "B": B,
                        "average": searcher.avg_field_length(name) or 1}
        base += hi - lo
    meta = {"format": FORMAT_VERSION, "schema": SCHEMA_VERSION, "segment": segment_id,
            "doc_count": reader.doc_count_all(), "postings": int(len(arrays.arrays["docs"])),
            "fields": fields, "values": 0, "count": base}
    head = json.dumps(meta, sort_keys=True).encode("utf-8")
    start = _aligned(len(MAGIC) + _LENGTH.size + len(head) + 32)
    meta["values"] = start
    head = json.dumps(meta, sort_keys=True).encode("utf-8")
    head += b" " * (start - len(MAGIC) - _LENGTH.size - len(head))
    target = folder / file_name(segment_id)
    hidden = folder / f"{_TEMPORARY}{os.getpid()}-{segment_id}"
    docs, weights = arrays.arrays["docs"], arrays.arrays["weights"]
    try:
        with open(hidden, "wb") as out:
            out.write(MAGIC + _LENGTH.pack(len(head)) + head)
            for name, f in fields.items():
                doc_norms = length_norms(leaf_lengths(reader, name), f["K1"], f["B"], f["average"])
                for a in range(f["lo"], f["hi"], CHUNK):
                    b = min(a + CHUNK, f["hi"])
                    below = np.take(doc_norms, docs[a:b], mode="clip")
                    values = np.empty(b - a, dtype="<f8")
                    impacts_into(weights[a:b], below, f["K1"], values)
                    out.write(values.tobytes())
            out.flush()
            os.fsync(out.fileno())
        os.replace(hidden, target)
    except BaseException:
        hidden.unlink(missing_ok=True)
        raise
    return target


def _aligned(n: int) -> int:
    return (n + _ALIGN - 1) // _ALIGN * _ALIGN


class SegmentImpacts:
    """One segment's impacts, memory-mapped (read-only)."""

    def __init__(self, path: Path, meta: dict, values: np.ndarray):
        self.path = path
        self.meta = meta
        self.fields = meta["fields"]
        self.values = values

    @classmethod
    def open(cls, folder: str | os.PathLike, segment_id: str, doc_count: int) -> "SegmentImpacts":
        """The segment's impacts; ``FileNotFoundError`` when there is no file,
        ``ImpactsMismatch`` when it is not this segment's."""
        path = Path(folder) / file_name(segment_id)
        size = path.stat().st_size
        meta = read_segment_header(path, MAGIC, "an impacts file", ImpactsMismatch, FORMAT_VERSION,
                                   segment_id, doc_count)
        if not isinstance(meta.get("fields"), dict):
            raise ImpactsMismatch(f"{path.name}: unreadable header")
        try:
            start, count = int(meta["values"]), int(meta["count"])
        except (KeyError, TypeError, ValueError):
            raise ImpactsMismatch(f"{path.name}: the header does not say where the values are") from None
        if size < start + 8 * count:
            raise ImpactsMismatch(f"{path.name}: cut short ({size} bytes of {start + 8 * count})")
        if count:
            mapped = np.memmap(path, dtype=np.uint8, mode="r").view(np.ndarray)
            values = mapped[start:start + 8 * count].view("<f8")
        else:
            values = np.zeros(0, dtype="<f8")
        return cls(path, meta, values)

    def fits(self, fieldname: str, K1: float, B: float, average: float, postings: int) -> bool:
        """Whether the field's impacts were computed as this view would compute them."""
        f = self.fields.get(fieldname)
        return (f is not None and self.meta.get("postings") == postings
                and f["K1"] == K1 and f["B"] == B and f["average"] == average)

    def of(self, fieldname: str, lo: int, hi: int) -> np.ndarray | None:
        """The impacts of the postings ``lo``..``hi`` of the posting arrays (a term of
        the field), or None when the field's range does not hold them."""
        f = self.fields.get(fieldname)
        if f is None or lo < f["lo"] or hi > f["hi"]:
            return None
        at = f["base"] + lo - f["lo"]
        return self.values[at:at + hi - lo]


def ensure(ix, weighting: BM25F | None = None) -> list[str]:
    """Write the impacts file of every segment of ``ix`` that has none, or one computed
    for another view of the index (an update changes every field's average length); the
    segment ids written.  Call it after ``posting_arrays.ensure``, under the index lock."""
    weighting = weighting or BM25F()
    folder = ix.storage.folder
    for leftover in Path(folder).glob(f"{_TEMPORARY}*"):
        leftover.unlink(missing_ok=True)
    written = []
    with ix.searcher(weighting=weighting) as searcher:
        reader = searcher.reader()
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        for leaf, _ in leaves:
            segment = leaf.segment() if hasattr(leaf, "segment") else None
            if segment is None:  # an empty index
                continue
            segment_id = segment.segment_id()
            try:
                arrays = SegmentArrays.open(folder, segment_id, segment.doc_count_all())
            except (FileNotFoundError, ArraysMismatch):
                continue  # no posting arrays: the service reads Whoosh's blocks
            try:
                found = SegmentImpacts.open(folder, segment_id, segment.doc_count_all())
                postings = len(arrays.arrays["docs"])
                if all(found.fits(name, *weighting_of(weighting, name), searcher.avg_field_length(name) or 1,
                                  postings) for name in found.fields):
                    continue
            except (FileNotFoundError, ImpactsMismatch):
                pass
            write(leaf, folder, segment_id, searcher, weighting)
            written.append(segment_id)
    return written

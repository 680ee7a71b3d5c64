"""Posting lists in the form the ranker reads, one file beside each Whoosh segment.

Whoosh stores a term's postings as pickled, zlib-compressed blocks of 128; reading a
long list means a pickle and a zlib call per block, in Python.  The search service ranks
with whole numpy arrays (``search_app/ranking.py``), so the indexer also writes, for each
segment, every term's document numbers and weights as flat arrays in one file that the
server memory-maps: a posting list is then a slice, ready at once, shared by every worker
process through the page cache, and never decoded.

The positions of the short fields' postings (a title's, a lead's: ``schema.
FLAT_POSITION_FIELDS``) are there too, decoded: a phrase check reads them as slices, where
Whoosh's blocks need a pickle per posting.  The whole text's positions, four times as
many as all the others', are still read from Whoosh's blocks.

The Whoosh segment stays the source of truth.  The file is derived from it (by the
segment writer as it writes the blocks, or from the finished segment by ``derive``), is
named after the segment (``MAIN_<id>.arrays``, so Whoosh deletes it with its segment),
and carries the format version, the schema version, the segment's id and its document
count: a file that does not match is ignored, and ``ensure`` writes what is missing.

A term is found by where Whoosh's term info says its postings start in the segment's
postings file (``extent``): the file keeps those offsets sorted, with, for each term,
where its postings start in the flat arrays and the file offsets of its blocks (the
positions of a phrase are still read from Whoosh's blocks, only the ones needed).

Layout, all little-endian: ``MAGIC``, the header's length (4 bytes) and the header (JSON),
then the arrays, each starting on an 8-byte boundary at the offset the header gives::

    extents  int64[T]     where each term's postings start in the postings file (sorted)
    starts   int64[T+1]   where each term's postings start in ``docs``/``weights``
    bounds   int64[T+1]   where each term's entries start in ``blocks``/``firsts``
    blocks   int64[B+T]   file offset of each block of a term, then of the term's end
    firsts   int64[B+T]   index within the term of each block's first posting, then n
    docs     int32[P]     document numbers, in the segment
    weights  float32[P]   Whoosh's weight of each posting (its frequency for our fields)
    pbounds  int64[T+1]   where each term's entries start in ``pstarts`` (none: no positions)
    pstarts  int64[Q]     for a term of a short field (``FLAT_POSITION_FIELDS``), where each
                          posting's positions start in ``positions``, then where the last ends
    positions int32[R]    those positions, decoded (format 2)
"""

from __future__ import annotations

import io
import itertools
import json
import os
import pickle
import struct
import sys
import zlib
from array import array
from pathlib import Path

import numpy as np
from whoosh import formats
from whoosh.codec import whoosh3

from .schema import FLAT_POSITION_FIELDS, SCHEMA_VERSION

MAGIC = b"VNPOSTA1"
FORMAT_VERSION = 2  # 2: the short fields' positions
EXTENSION = "arrays"
_ALIGN = 8
_LENGTH = struct.Struct("<I")
_LITTLE_ENDIAN = sys.byteorder == "little"
_TEMPORARY = ".posting-arrays-"  # the start of a writer's temporary files' names
_INT = struct.Struct("!i")  # Whoosh's block length (whoosh.system.unpack_int)
_ARRAYS = (("extents", "<i8"), ("starts", "<i8"), ("bounds", "<i8"), ("blocks", "<i8"),
           ("firsts", "<i8"), ("docs", "<i4"), ("weights", "<f4"), ("pbounds", "<i8"),
           ("pstarts", "<i8"), ("positions", "<i4"))
_STREAMED = ("docs", "weights", "pstarts", "positions")  # written to temporary files as they come


class ArraysMismatch(ValueError):
    """A posting-arrays file that is not the one its segment needs (another format,
    schema, segment or document count; or cut short)."""


def flat_fields(schema) -> frozenset:
    """The fields of ``schema`` whose positions the arrays hold: the short ones
    (``FLAT_POSITION_FIELDS``) that keep positions in Whoosh's usual way."""
    return frozenset(name for name in FLAT_POSITION_FIELDS
                     if name in schema and type(schema[name].format) is formats.Positions)


def file_name(segment_id: str) -> str:
    """``MAIN_<id>.arrays``: Whoosh's pattern for a segment's files, so that the file
    goes when the segment goes (``whoosh.index.clean_files``)."""
    return f"{segment_id}.{EXTENSION}"


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------


class PostingArraysWriter:
    """Collects a segment's postings term by term, in the order they are written to the
    postings file, and writes the arrays file.

    The postings stream to two hidden temporary files (Whoosh's clean-up and compound
    assembly skip names that start with a dot); the per-term and per-block tables stay
    in memory.  ``finish`` writes the file under a hidden name and renames it into place,
    so a reader never sees half a file.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> w = PostingArraysWriter(folder)
    >>> w.block(104, [0, 3], array("f", [1.0, 2.0])); w.term(100, 150)
    >>> w.block(160, [2], array("f", [2.0]), positions=[[4, 9]]); w.term(155, 170)
    >>> w.finish("MAIN_x", doc_count=4).name
    'MAIN_x.arrays'
    >>> arrays = SegmentArrays.open(folder, "MAIN_x", doc_count=4)
    >>> docs, weights, blocks, firsts = arrays.postings(100)
    >>> docs.tolist(), weights.tolist(), blocks.tolist(), firsts.tolist()
    ([0, 3], [1.0, 2.0], [104, 150], [0, 2])
    >>> arrays.postings(101) is None, arrays.positions(100) is None
    (True, True)
    >>> flat, starts = arrays.positions(155)
    >>> flat.tolist(), starts.tolist()
    ([4, 9], [0, 2])
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self._tag = f"{_TEMPORARY}{os.getpid()}-{id(self):x}"
        self._files = {name: open(self.folder / f"{self._tag}.{name}", "wb") for name in _STREAMED}
        self._extents = array("q")
        self._starts = array("q", [0])
        self._bounds = array("q", [0])
        self._blocks = array("q")
        self._firsts = array("q")
        self._pbounds = array("q", [0])
        self._count = 0  # postings so far
        self._term_count = 0  # postings of the term being written
        self._pstarts = 0  # entries of ``pstarts`` so far
        self._positions = 0  # positions so far
        self._term_positions = False  # whether the term being written has positions

    def block(self, offset: int, ids, weights: array, positions: list[list[int]] | None = None) -> None:
        """One block of the current term: its offset in the postings file, its
        document numbers, its weights (``array('f')``) and, for a short field, each
        posting's positions (decoded)."""
        self._blocks.append(offset)
        self._firsts.append(self._term_count)
        self._write("docs", array("i", ids))
        self._write("weights", weights)
        if positions is not None:
            self._term_positions = True
            lengths = np.fromiter(map(len, positions), dtype=np.int64, count=len(positions))
            starts = self._positions + np.cumsum(lengths) - lengths
            self._write("pstarts", array("q", starts.tobytes()))
            self._write("positions", array("i", [p for ps in positions for p in ps]))
            self._pstarts += len(positions)
            self._positions += int(lengths.sum())
        self._term_count += len(ids)

    def _write(self, name: str, values: array) -> None:
        if not _LITTLE_ENDIAN:  # the file is little-endian, as its header says
            values = array(values.typecode, values)
            values.byteswap()
        values.tofile(self._files[name])

    def term(self, start: int, end: int) -> None:
        """The current term is complete: its postings span ``start``..``end`` of the
        postings file (``start`` is what its term info's extent gives)."""
        self._extents.append(start)
        self._blocks.append(end)
        self._firsts.append(self._term_count)
        self._count += self._term_count
        self._term_count = 0
        self._starts.append(self._count)
        self._bounds.append(len(self._blocks))
        if self._term_positions:  # where the term's last posting's positions end
            self._write("pstarts", array("q", [self._positions]))
            self._pstarts += 1
            self._term_positions = False
        self._pbounds.append(self._pstarts)

    def finish(self, segment_id: str, doc_count: int) -> Path:
        for f in self._files.values():
            f.close()
        try:
            if len(self._extents) > 1 and any(a >= b for a, b in zip(self._extents, self._extents[1:])):
                raise ValueError("terms must be given in the order of the postings file")
            target = self.folder / file_name(segment_id)
            hidden = self.folder / f"{self._tag}.{EXTENSION}"
            tables = {"extents": self._extents, "starts": self._starts, "bounds": self._bounds,
                      "blocks": self._blocks, "firsts": self._firsts, "pbounds": self._pbounds}
            counts = {name: len(values) for name, values in tables.items()}
            counts["docs"] = counts["weights"] = self._count
            counts["pstarts"] = self._pstarts
            counts["positions"] = self._positions
            header, start = _header(segment_id, doc_count, counts)
            with open(hidden, "wb") as out:
                out.write(header)
                for name, dtype in _ARRAYS:
                    _pad_to(out, start[name])
                    if name in tables:
                        out.write(np.frombuffer(tables[name], dtype=np.int64).astype(dtype).tobytes())
                    else:
                        _copy(self.folder / f"{self._tag}.{name}", out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(hidden, target)
            return target
        finally:
            self._remove_temporary((*_STREAMED, EXTENSION))

    def discard(self) -> None:
        """Give up (the segment was not written): remove the temporary files."""
        for f in self._files.values():
            f.close()
        self._remove_temporary(_STREAMED)

    def _remove_temporary(self, names) -> None:
        for name in names:
            try:
                os.remove(self.folder / f"{self._tag}.{name}")
            except OSError:
                pass


def _header(segment_id: str, doc_count: int, counts: dict[str, int]) -> tuple[bytes, dict[str, int]]:
    """The file's first bytes and where each array starts."""
    def encode(offsets):
        meta = {"format": FORMAT_VERSION, "schema": SCHEMA_VERSION, "segment": segment_id,
                "doc_count": doc_count, "counts": counts, "offsets": offsets}
        return json.dumps(meta, sort_keys=True).encode("utf-8")

    # The header holds the offsets, which depend on its length: size it with room.
    offsets = {name: 10 ** 15 for name, _ in _ARRAYS}
    pos = _aligned(len(MAGIC) + _LENGTH.size + len(encode(offsets)))
    for name, dtype in _ARRAYS:
        offsets[name] = pos
        pos = _aligned(pos + counts[name] * np.dtype(dtype).itemsize)
    meta = encode(offsets)
    meta += b" " * (offsets[_ARRAYS[0][0]] - len(MAGIC) - _LENGTH.size - len(meta))
    return MAGIC + _LENGTH.pack(len(meta)) + meta, offsets


def _aligned(n: int) -> int:
    return (n + _ALIGN - 1) // _ALIGN * _ALIGN


def _pad_to(out, offset: int) -> None:
    here = out.tell()
    if here > offset:
        raise ValueError("posting arrays overlap")
    out.write(b"\0" * (offset - here))


def _copy(path: Path, out) -> None:
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 22)
            if not chunk:
                return
            out.write(chunk)


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------


def read_header(path: Path, magic: bytes, kind: str, mismatch: type[ValueError], expected: dict) -> dict:
    """The JSON header of a file written beside a segment (``magic``, its length in 4
    bytes, the header), checked to hold ``expected``; ``mismatch`` raised when it is not
    such a file or not the one expected."""
    with open(path, "rb") as f:
        head = f.read(len(magic) + _LENGTH.size)
        if head[:len(magic)] != magic or len(head) < len(magic) + _LENGTH.size:
            raise mismatch(f"{path.name}: not {kind}")
        (length,) = _LENGTH.unpack(head[len(magic):])
        try:
            meta = json.loads(f.read(length))
        except ValueError:
            raise mismatch(f"{path.name}: unreadable header") from None
    if not isinstance(meta, dict):
        raise mismatch(f"{path.name}: unreadable header")
    for key, value in expected.items():
        if meta.get(key) != value:
            raise mismatch(f"{path.name}: {key} {meta.get(key)!r}, expected {value!r}")
    return meta


def read_segment_header(path: Path, magic: bytes, kind: str, mismatch: type[ValueError], format_version: int,
                        segment_id: str, doc_count: int) -> dict:
    """The header of a file written beside segment ``segment_id`` (``read_header``),
    checked to be of this format and schema and of that segment as it is now."""
    return read_header(path, magic, kind, mismatch, {"format": format_version, "schema": SCHEMA_VERSION,
                                                     "segment": segment_id, "doc_count": doc_count})


class SegmentArrays:
    """One segment's posting arrays, memory-mapped (read-only)."""

    def __init__(self, path: Path, meta: dict, mapped: np.memmap):
        self.path = path
        self.meta = meta
        self.arrays = {}
        # Plain arrays over the mapping (they keep it open): a memmap's own slicing runs
        # Python code at each step, and a query slices these thousands of times.
        mapped = mapped.view(np.ndarray)
        for name, dtype in _ARRAYS:
            n = meta["counts"][name]
            start = meta["offsets"][name]
            self.arrays[name] = mapped[start:start + n * np.dtype(dtype).itemsize].view(dtype)
        self._extents = self.arrays["extents"]

    @classmethod
    def open(cls, folder: str | os.PathLike, segment_id: str, doc_count: int) -> "SegmentArrays":
        """The segment's arrays; ``FileNotFoundError`` when there is no file,
        ``ArraysMismatch`` when it is not this segment's."""
        path = Path(folder) / file_name(segment_id)
        size = path.stat().st_size
        meta = read_segment_header(path, MAGIC, "a posting-arrays file", ArraysMismatch, FORMAT_VERSION,
                                   segment_id, doc_count)
        try:
            end = max(meta["offsets"][name] + meta["counts"][name] * np.dtype(dtype).itemsize
                      for name, dtype in _ARRAYS)
        except (KeyError, TypeError):
            raise ArraysMismatch(f"{path.name}: the header does not say where each array is") from None
        if size < end:
            raise ArraysMismatch(f"{path.name}: cut short ({size} bytes of {end})")
        mapped = np.memmap(path, dtype=np.uint8, mode="r") if size else np.zeros(0, np.uint8)
        return cls(path, meta, mapped)

    @property
    def term_count(self) -> int:
        return len(self._extents)

    def postings(self, extent: int):
        """``(docs, weights, block offsets, block firsts)`` of the term whose postings
        start at ``extent`` in the postings file (views of the file), or None."""
        t = int(np.searchsorted(self._extents, extent))
        if t >= len(self._extents) or int(self._extents[t]) != extent:
            return None
        a = self.arrays
        lo, hi = int(a["starts"][t]), int(a["starts"][t + 1])
        blo, bhi = int(a["bounds"][t]), int(a["bounds"][t + 1])
        return a["docs"][lo:hi], a["weights"][lo:hi], a["blocks"][blo:bhi], a["firsts"][blo:bhi]

    @property
    def posting_count(self) -> int:
        return len(self.arrays["docs"])

    def start(self, extent: int) -> int | None:
        """Where the postings of the term whose postings start at ``extent`` in the
        postings file start in ``docs`` and ``weights``, or None."""
        t = int(np.searchsorted(self._extents, extent))
        if t >= len(self._extents) or int(self._extents[t]) != extent:
            return None
        return int(self.arrays["starts"][t])

    def positions(self, extent: int):
        """``(positions, starts)`` of the term whose postings start at ``extent``: the
        ``i``-th posting's positions are ``positions[starts[i]:starts[i + 1]]`` (views
        of the file); None when the file has none for it (a term of the whole text)."""
        t = int(np.searchsorted(self._extents, extent))
        if t >= len(self._extents) or int(self._extents[t]) != extent:
            return None
        a = self.arrays
        lo, hi = int(a["pbounds"][t]), int(a["pbounds"][t + 1])
        if lo == hi:
            return None
        return a["positions"], a["pstarts"][lo:hi]


# ---------------------------------------------------------------------------
# Whoosh's blocks, read back (for segments Whoosh wrote, and for positions)
# ---------------------------------------------------------------------------


def w3_blocks(data: bytes):
    """Walk a W3 posting list held in memory (``W3LeafMatcher``'s layout: a magic
    number, then per block a signed length, the pickled block info and the block
    data, the last block's length negative).  Yields (offset of the block within
    ``data``, its info tuple, its decoded data tuple)."""
    if data[:4] != whoosh3.WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a Whoosh 3 posting list (block tag error)")
    view = memoryview(data)
    pos = 4
    while True:
        length = _INT.unpack_from(data, pos)[0]
        last = length < 0
        length = abs(length)
        block = io.BytesIO(view[pos + _INT.size: pos + _INT.size + length])
        info = pickle.load(block)
        raw = block.read()
        if info[3]:  # compression level
            raw = zlib.decompress(raw)
        yield pos, info, pickle.loads(raw)
        pos += _INT.size + length
        if last:
            return


def decode_positions(value: bytes) -> list[int]:
    """``whoosh.formats.Positions.decode_positions``, the deltas summed in C: the
    positions of a posting (what the ranker's phrase checks read).

    >>> from pickle import dumps
    >>> decode_positions(struct.pack("!I", 3) + dumps([3, 97, 1], 2))
    [3, 100, 101]
    """
    if not value.endswith(b"."):
        value += b"."
    return list(itertools.accumulate(pickle.loads(value[_INT.size:])))


def block_ids_weights(values: tuple) -> tuple[np.ndarray, array]:
    """A decoded block's document numbers and weights (``None``: all 1.0; a float: all
    the same), as the writer stores them."""
    ids, weights = values[0], values[1]
    docs = np.cumsum(np.asarray(ids, dtype=np.int64))
    if weights is None:
        w = array("f", [1.0]) * len(ids)
    elif isinstance(weights, float):
        w = array("f", [weights]) * len(ids)
    else:
        w = array("f", weights)
    return docs, w


def derive(reader, folder: str | os.PathLike, segment_id: str) -> Path:
    """Write the arrays file of a finished segment from its Whoosh blocks (a segment
    merged by Whoosh's own writer, or an index built before these files)."""
    terms = reader._terms
    if not isinstance(terms, whoosh3.W3TermsReader):
        raise TypeError("only Whoosh 3 segments have posting arrays")
    postfile = terms._postfile
    # The term index's keys start with the field's number (two bytes).
    flat = flat_fields(reader.schema)
    flat_numbers = {number for name, number in terms._fieldmap.items() if name in flat}
    extents = []
    for key, info in terms._tindex.items():
        info = whoosh3.W3TermInfo.from_bytes(info)
        if info.is_inlined():
            continue  # read from its term info, no blocks to spare
        offset, length = info.extent()
        if isinstance(length, tuple):
            length = length[0]
        extents.append((offset, length, struct.unpack(">H", key[:2])[0] in flat_numbers))
    extents.sort()
    writer = PostingArraysWriter(folder)
    try:
        for start, length, flat in extents:
            data = postfile.get(start, length)
            for pos, _, values in w3_blocks(data):
                docs, weights = block_ids_weights(values)
                positions = [decode_positions(v) for v in values[2]] if flat else None
                writer.block(start + pos, docs.tolist(), weights, positions)
            writer.term(start, start + length)
        return writer.finish(segment_id, reader.doc_count_all())
    except BaseException:
        writer.discard()
        raise


def ensure(ix) -> list[str]:
    """Write the arrays file of every segment of ``ix`` that has none (or a stale one);
    the segment ids written.  Call it under the index lock, with no writer at work: it
    also removes the temporary files of writers that died."""
    folder = ix.storage.folder
    for leftover in Path(folder).glob(f"{_TEMPORARY}*"):
        leftover.unlink(missing_ok=True)
    written = []
    with ix.reader() as reader:
        leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
        for leaf, _ in leaves:
            segment = leaf.segment() if hasattr(leaf, "segment") else None
            if segment is None:  # an empty index
                continue
            segment_id = segment.segment_id()
            try:
                SegmentArrays.open(folder, segment_id, segment.doc_count_all())
                continue
            except (FileNotFoundError, ArraysMismatch):
                pass
            derive(leaf, folder, segment_id)
            written.append(segment_id)
    return written

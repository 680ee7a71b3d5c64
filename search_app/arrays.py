"""The index read as numpy arrays: posting lists, field lengths and columns.

Whoosh steps its matchers one posting at a time in Python, which is what made queries
matching thousands of articles slow.  The ranking (``ranking.py``) works on whole
arrays instead.  A posting list (document numbers and term frequencies) is a slice of
the segment's posting-arrays file, which the indexer writes beside each segment and
this module memory-maps (``indexer/posting_arrays.py``): nothing is decoded, and the
worker processes share the pages.  A segment without that file (an index built by an
older version; ``python -m indexer update`` writes the missing ones) is read block by
block from Whoosh's own postings instead, as it was before, and logged once.  Each
field's lengths and each facet column are read into one array per segment.

Beside the arrays, the indexer writes each posting's BM25F impact (``indexer/impacts.py``),
mapped the same way: ``impacts`` gives a term's, where they fit this view of the index.

Everything read is immutable for a given segment (deletions are kept apart, in
``IndexArrays.live``), so it is cached process-wide, shared by the worker threads, in a
least-recently-used cache with a byte budget, keyed by the segment's own id: a new
build or a merged segment simply brings new keys.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
import weakref
from collections import OrderedDict

import numpy as np
from indexer.impacts import ImpactsMismatch, SegmentImpacts, leaf_lengths
from indexer.impacts import file_name as impacts_file_name
from indexer.person_field import split_persons
from indexer.posting_arrays import ArraysMismatch, SegmentArrays, block_ids_weights, file_name, w3_blocks
from indexer.posting_arrays import decode_positions, flat_fields
from whoosh import formats
from whoosh.codec import whoosh3
from whoosh.reading import TermNotFound

from . import settings
from .settings import CACHE_BYTES, REFRESH_EVERY

log = logging.getLogger(__name__)


_EMPTY_DOCS = np.zeros(0, dtype=np.int64)
_EMPTY_TF = np.zeros(0, dtype=np.float64)


class ArrayCache:
    """A thread-safe LRU of numpy arrays (or tuples of them) bounded in bytes."""

    def __init__(self, max_bytes: int = CACHE_BYTES):
        self.max_bytes = max_bytes
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _size(value) -> int:
        if isinstance(value, _Views):
            return 256
        if isinstance(value, (np.ndarray, _Measured)):
            return value.nbytes
        if isinstance(value, (tuple, list)):
            if value and isinstance(value[0], bytes):  # a block's encoded positions
                return sum(map(len, value)) + 40 * len(value) + 64
            return sum(ArrayCache._size(v) for v in value) + 64
        if isinstance(value, (bytes, str)):
            return len(value) + 40
        return 64

    def get(self, key, load):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
        value = load()  # outside the lock: two threads may load the same key once each
        size = self._size(value)
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, size)  # the size kept: measuring is not free
                self._bytes += size
                while self._bytes > self.max_bytes and len(self._items) > 1:
                    _, (_, old_size) = self._items.popitem(last=False)
                    self._bytes -= old_size
        return value

    def recent(self, kind: str, limit: int) -> list:
        """The keys of up to ``limit`` entries of a kind (a key's first item), the most
        recently used first."""
        with self._lock:
            keys = list(self._items)
        out = []
        for key in reversed(keys):
            if key[0] == kind:
                out.append(key)
                if len(out) >= limit:
                    break
        return out

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        return self._bytes


def _raw_matcher(reader, fieldname: str, btext: bytes):
    """The term's posting list as stored, deleted documents included (see ``live``)."""
    terms = getattr(reader, "_terms", None)
    if terms is not None:
        return terms.matcher(fieldname, btext, reader.schema[fieldname].format, scorer=None)
    return reader.postings(fieldname, btext)


def _is_w3(m) -> bool:
    return isinstance(m, whoosh3.W3LeafMatcher) and not m._byteids


_MISSING = object()  # what ``_w3_extent`` gives for a term the segment does not have
_UNASKED = object()  # ``_w3_extent`` not asked yet


def _w3_extent(reader, fieldname: str, btext: bytes):
    """(postings file, offset, length) of a term stored in Whoosh 3 blocks; None for a
    term stored otherwise (inlined postings, another codec: read through a matcher
    instead); ``_MISSING`` for a term the segment does not have.  One look in the term
    index."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, whoosh3.W3TermsReader):
        return None if (fieldname, btext) in reader else _MISSING
    try:
        info = terms.term_info(fieldname, btext)
    except TermNotFound:
        return _MISSING
    if info.is_inlined():
        return None
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it a 1-tuple
        length = length[0] if len(length) == 1 else None
    if not isinstance(offset, int) or not isinstance(length, int) or length < 4:
        return None
    return terms._postfile, offset, length


def _leaf_postings(reader, fieldname: str, btext: bytes, extent=_UNASKED):
    """One segment's posting list of a term: (local document numbers, frequencies,
    file offset of each block and of the end, index of each block's first posting).
    ``extent``: what ``_w3_extent`` gave, if it was asked already."""
    if extent is _UNASKED:
        extent = _w3_extent(reader, fieldname, btext)
    if extent is _MISSING:
        return _EMPTY_DOCS, _EMPTY_TF, None, None
    if extent is None:
        return _generic_postings(_raw_matcher(reader, fieldname, btext)) + (None, None)
    # The whole list in one read, then whole blocks at a time (Whoosh's matcher reads
    # the same, a posting at a time).
    postfile, start, length = extent
    data = postfile.get(start, length)
    docs, tfs, offsets, firsts = [], [], [], []
    count = 0
    for pos, _, values in w3_blocks(data):
        ids, weights = block_ids_weights(values)
        offsets.append(start + pos)
        firsts.append(count)
        docs.append(ids)
        tfs.append(np.frombuffer(weights, dtype=np.float32))
        count += len(ids)
    offsets.append(start + length)
    return (np.concatenate(docs), np.concatenate(tfs).astype(np.float64),
            np.asarray(offsets, dtype=np.int64), np.asarray(firsts, dtype=np.int64))


def _block_positions(postfile, offsets: np.ndarray, block: int) -> tuple:
    """The encoded positions of each posting of one block of a posting list."""
    start, end = int(offsets[block]), int(offsets[block + 1])
    data = whoosh3.WHOOSH3_HEADER_MAGIC + postfile.get(start, end - start)
    _, _, (_, _, values) = next(w3_blocks(data))
    return tuple(values)


def _ranges(begin: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The indexes ``begin[0]..end[0]-1``, then ``begin[1]..end[1]-1``, and so on.

    >>> _ranges(np.array([2, 7, 9]), np.array([4, 7, 11])).tolist()
    [2, 3, 9, 10]
    """
    lengths = end - begin
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    # Each index is its range's begin plus its place within the range.
    shift = np.repeat(begin - (np.cumsum(lengths) - lengths), lengths)
    return shift + np.arange(total)


def _generic_postings(m) -> tuple[np.ndarray, np.ndarray]:
    """Any matcher, one posting at a time (the fallback; also the tests' yardstick)."""
    docs, tfs = [], []
    while m.is_active():
        docs.append(m.id())
        tfs.append(m.weight())
        m.next()
    return np.asarray(docs, dtype=np.int64), np.asarray(tfs, dtype=np.float64)


def _leaf_column(reader, fieldname: str) -> list:
    """Every document's raw value of a sortable field in one segment."""
    n = reader.doc_count_all()
    if not reader.has_column(fieldname):
        return [b""] * n
    column = reader.column_reader(fieldname, translate=False)
    return [v if isinstance(v, bytes) else str(v).encode("utf-8") for v in column]


class IndexArrays:
    """The arrays of one searcher's view of the index (its segments and deletions), in
    the searcher's document numbers."""

    def __init__(self, searcher, cache: ArrayCache):
        self.searcher = searcher
        self.cache = cache
        self.leaves = []  # (segment reader, offset, cache key prefix)
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            segment = reader.segment() if hasattr(reader, "segment") else None
            seg_id = segment.segment_id() if segment is not None else None
            folder = _folder(getattr(reader, "_storage", None))
            key = (folder, seg_id) if seg_id else ("reader", id(reader))
            self.leaves.append((sub, reader, offset, key))
        self.doc_count = searcher.doc_count_all()
        self._keys = tuple(key for _, _, _, key in self.leaves)  # this view's segments
        self.view = self._keys  # what cache keys of this view of the index start with
        # Each segment's memory-mapped posting arrays (None: read Whoosh's blocks)
        self._mapped = {key: _segment_arrays(reader, key) for _, reader, _, key in self.leaves}
        # Each segment's impacts (None: none that fit; the ranker computes the points)
        self._impacts = self._open_impacts()
        self._looked = time.monotonic()  # when missing arrays were last looked for
        self._impacts_looked = self._looked  # when impacts that did not fit were last looked for
        self.live = self._live()
        self._dead = np.flatnonzero(~self.live) if self.live is not None else _EMPTY_DOCS
        self._lengths: dict[str, np.ndarray] = {}
        self._avg: dict[str, float] = {}
        self._columns: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._names: list[tuple[str, ...]] | None = None  # each document's persons
        self._flat = flat_fields(searcher.schema)  # fields whose positions the posting arrays hold

    def _live(self) -> np.ndarray | None:
        """A mask of the documents not deleted (None: no deletion anywhere)."""
        if not any(reader.has_deletions() for _, reader, _, _ in self.leaves):
            return None
        live = np.ones(self.doc_count, dtype=bool)
        for _, reader, offset, _ in self.leaves:
            if reader.has_deletions():
                dead = getattr(reader, "deleted_docs_set", None)
                if callable(dead):
                    dead = dead()
                if dead is None:
                    dead = [d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]
                dead = np.fromiter(dead, dtype=np.int64)
                live[dead + offset] = False
        return live

    def postings(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, term frequencies) of a term over the whole index, sorted;
        deleted documents are still in (callers work on live candidates).  Joined from
        the segments' lists at each call: the ranker keeps what it computes from them."""
        return joined(self.parts(fieldname, text), _copy_frequencies)

    def parts(self, fieldname: str, text) -> list[tuple[np.ndarray, np.ndarray, int]]:
        """A term's posting list in each segment that has it, in segment order, as
        (document numbers in the segment, frequencies, the segment's first document
        number in the index): views of the mapped file where there is one, for a caller
        that computes from them directly instead of joining them first."""
        btext = self._term_bytes(fieldname, text)
        if btext is None:
            return []
        parts = []
        for _, reader, offset, key in self.leaves:
            docs, tf, *_ = self._leaf(reader, key, fieldname, btext)
            if len(docs):
                parts.append((docs, tf, offset))
        return parts

    def _term_bytes(self, fieldname: str, text) -> bytes | None:
        """A term as its field stores it; None for a field the schema lacks, or a term
        the field cannot hold."""
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None:
            return None
        try:
            return field.to_bytes(text)
        except ValueError:
            return None

    def impacts(self, fieldname: str, text, K1: float, B: float) -> list[tuple[np.ndarray, np.ndarray, int, int]] | None:
        """A term's posting list in each segment that has it, with each posting's impact
        as the indexer computed it (``indexer/impacts.py``): (document numbers in the
        segment, impacts, the segment's first document number, its document count),
        views of the mapped files.  None where a segment has no impacts computed with
        ``K1``, ``B`` and this view's average length of the field (the caller computes
        them then)."""
        btext = self._term_bytes(fieldname, text)
        if btext is None:
            return []
        average = self.avg_length(fieldname)
        out = []
        for _, reader, offset, key in self.leaves:
            docs, _, _, _, start = self._leaf(reader, key, fieldname, btext)
            if not len(docs):
                continue
            if start is None:
                return None
            found = self._impacts.get(key)
            postings = self._mapped[key].posting_count
            if found is None or not found.fits(fieldname, K1, B, average, postings):
                found = self._impacts_again(reader, key)
                if found is None or not found.fits(fieldname, K1, B, average, postings):
                    return None
            values = found.of(fieldname, start, start + len(docs))
            if values is None:
                return None
            out.append((docs, values, offset, reader.doc_count_all()))
        return out

    def _impacts_again(self, reader, key) -> SegmentImpacts | None:
        """A segment's impacts opened again, at most once every ``REFRESH_EVERY``
        seconds: an update makes a view live before it writes the view's impacts."""
        if time.monotonic() - self._impacts_looked > REFRESH_EVERY:
            self._impacts_looked = time.monotonic()
            self._impacts = self._open_impacts()
        return self._impacts.get(key)

    def _open_impacts(self) -> dict:
        """Each segment's impacts, where it has posting arrays (whose order they follow)."""
        return {key: _segment_impacts(reader, key) if self._mapped.get(key) is not None else None
                for _, reader, _, key in self.leaves}

    def term_docs(self, fieldname: str, text) -> np.ndarray:
        """A term's documents over the whole index (int64, sorted, deleted ones
        included), joined from the segments' lists once per index view and kept."""
        def join():
            parts = self.parts(fieldname, text)
            if len(parts) == 1 and not parts[0][2] and parts[0][0].dtype == np.int64:
                return parts[0][0]
            out = np.empty(sum(len(d) for d, _, _ in parts), dtype=np.int64)
            at = 0
            for local, _, offset in parts:
                np.add(local, offset, out=out[at:at + len(local)], casting="unsafe")
                at += len(local)
            return out
        return self.cache.get(("docs", self.view, fieldname, text), join)

    def count(self, fieldname: str, text) -> int:
        """How many postings a term has over the whole index (deleted documents too)."""
        return sum(len(docs) for docs, _, _ in self.parts(fieldname, text))

    def idf(self, fieldname: str, text) -> float:
        """Whoosh's inverse document frequency of a term (``WeightingModel.idf``:
        ``log(documents / (frequency + 1)) + 1``).  Its document frequency is the
        length of its posting lists, deleted documents included, as Whoosh counts it;
        the lists are the ones the ranker reads anyway, so no term index is read again."""
        return math.log(self.doc_count / (self.count(fieldname, text) + 1)) + 1

    def avg_length(self, fieldname: str) -> float:
        """The field's average length, as Whoosh's BM25F reads it (1 for none)."""
        if fieldname not in self._avg:
            self._avg[fieldname] = self.searcher.avg_field_length(fieldname) or 1
        return self._avg[fieldname]

    def _leaf(self, reader, key, fieldname: str, btext: bytes):
        """One segment's ``(docs, frequencies, block offsets, block firsts, start)`` of a
        term (``start``: where its postings start in the posting arrays, or None),
        cached: finding a term in Whoosh's term index costs more than the slice.  From
        the posting arrays these are views of the mapped file, which cost the cache
        nothing (``_Views``)."""
        return self.cache.get(("post",) + key + (fieldname, btext),
                              lambda: self._read_leaf(reader, key, fieldname, btext))

    def _read_leaf(self, reader, key, fieldname: str, btext: bytes):
        """Views of the segment's posting arrays, or Whoosh's blocks decoded."""
        mapped = self._mapped.get(key)
        if mapped is None and time.monotonic() - self._looked > REFRESH_EVERY:
            # An update writes a merged segment's arrays just after its commit: take
            # them up once they are there (the postings read meanwhile are the same).
            self._looked = time.monotonic()
            self._mapped = {k: self._mapped.get(k) or _segment_arrays(r, k) for _, r, _, k in self.leaves}
            self._impacts = self._open_impacts()
            mapped = self._mapped.get(key)
        extent = _w3_extent(reader, fieldname, btext)
        if mapped is not None and extent is not None and extent is not _MISSING:
            found = mapped.postings(extent[1])
            if found is not None:
                return _Views([*(np.asarray(a) for a in found), mapped.start(extent[1])])
        return _leaf_postings(reader, fieldname, btext, extent) + (None,)

    def sliced_positions(self, fieldname: str) -> bool:
        """Whether a field's positions are slices of the posting arrays in every segment
        (a short field's, in an index whose arrays are all written): a phrase check in
        that field costs next to nothing."""
        return fieldname in self._flat and all(self._mapped.get(key) is not None for key in self._keys)

    def flat_positions(self, fieldname: str, text, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The term's positions in each of ``docs`` (sorted; each holds the term), all
        in one array, the ``i``-th document's from ``starts[i]`` to ``starts[i + 1]``:
        what the phrase checks read with whole-array operations.  A short field's are
        slices of the posting arrays; the whole text's are decoded from Whoosh's blocks,
        for those documents only (the blocks read are kept, encoded)."""
        field = self.searcher.schema[fieldname]
        btext = field.to_bytes(text)
        pieces: list[np.ndarray] = []
        counts: list[np.ndarray] = []  # each document's number of positions
        for _, reader, offset, key in self.leaves:
            lo, hi = np.searchsorted(docs, [offset, offset + reader.doc_count_all()])
            if lo == hi:
                continue
            ldocs, _, offsets, firsts, _ = self._leaf(reader, key, fieldname, btext)
            local = (docs[lo:hi] - offset).astype(ldocs.dtype)
            if offsets is None:
                slow = self._positions_slowly(_raw_matcher(reader, fieldname, btext), local)
                pieces.append(np.array([p for ps in slow for p in ps], dtype=np.int64))
                counts.append(np.fromiter(map(len, slow), dtype=np.int64, count=len(slow)))
                continue
            at = np.searchsorted(ldocs, local)
            if np.any(at >= len(ldocs)) or np.any(ldocs[np.minimum(at, len(ldocs) - 1)] != local):
                raise ValueError(f"a document does not hold {fieldname}:{text!r}")
            mapped = self._mapped_positions(reader, key, fieldname, btext)
            if mapped is not None:  # a short field's: slices of the mapped file
                flat, pstarts = mapped
                begin, end = pstarts[at], pstarts[at + 1]
                pieces.append(flat[_ranges(begin, end)])
                counts.append(end - begin)
                continue
            blocks = np.searchsorted(firsts, at, side="right") - 1
            postfile = reader._terms._postfile
            decode = decode_positions if type(field.format) is formats.Positions else field.format.decode_positions
            current, values, decoded, found_counts = -1, None, [], []
            for posting, block in zip(at.tolist(), blocks.tolist()):
                if block != current:
                    # A block's encoded positions, kept: the phrases of the next
                    # queries check the same best documents again.
                    values = self.cache.get(("pos",) + key + (fieldname, btext, block),
                                            lambda b=block: _block_positions(postfile, offsets, b))
                    current = block
                found = decode(values[posting - int(firsts[block])])
                decoded.extend(found)
                found_counts.append(len(found))
            pieces.append(np.array(decoded, dtype=np.int64))
            counts.append(np.array(found_counts, dtype=np.int64))
        starts = np.zeros(len(docs) + 1, dtype=np.int64)
        if not counts:
            return np.zeros(0, dtype=np.int64), starts
        np.cumsum(np.concatenate(counts), out=starts[1:])
        return np.concatenate(pieces).astype(np.int64, copy=False), starts

    def _mapped_positions(self, reader, key, fieldname: str, btext: bytes):
        """``(positions, starts)`` of a term of a short field in one segment, views of
        the segment's posting arrays; None where the arrays do not hold them."""
        mapped = self._mapped.get(key)
        if mapped is None:  # (not cached: an update may write the segment's arrays soon)
            return None

        def find():
            extent = _w3_extent(reader, fieldname, btext)
            found = None if extent is None or extent is _MISSING else mapped.positions(extent[1])
            return _Views(found or ())
        return self.cache.get(("ppos",) + key + (fieldname, btext), find) or None

    @staticmethod
    def _positions_slowly(m, local: np.ndarray) -> list[list[int]]:
        out = []
        for docnum in local.tolist():
            m.skip_to(docnum)
            if not m.is_active() or m.id() != docnum:
                raise ValueError("a document does not hold the term")
            out.append(m.value_as("positions"))
        return out

    def names(self, docs) -> list[tuple[str, ...]]:
        """The persons of each of ``docs``: from the ``persons_list`` column, read for a
        whole segment at once (schema 5), else from each article's term vector."""
        if "persons_list" not in self.searcher.schema:
            return self.keywords("persons", docs)
        lists = self._name_lists()
        return [lists[int(d)] for d in docs]

    def _name_lists(self) -> list[tuple[str, ...]]:
        if self._names is None:
            self._names = self.cache.get(("names", self._keys), self._joined_names)
        return self._names

    def _joined_names(self) -> "_Measured":
        out = _Measured()
        for _, reader, _, key in self.leaves:
            part = self.cache.get(("names",) + key, lambda r=reader: _name_column(r))
            out.extend(part)
            out.nbytes += part.nbytes
        return out

    def keywords(self, fieldname: str, docs) -> list[tuple[str, ...]]:
        """The terms of a vector field (the persons) of each of ``docs``, cached per
        document: the facet reads the same best articles again and again."""
        out = []
        leaves = self.leaves
        for docnum in docs:
            docnum = int(docnum)
            for _, reader, offset, key in reversed(leaves):
                if docnum >= offset:
                    break
            local = docnum - offset
            out.append(self.cache.get(("kw",) + key + (fieldname, local),
                                      lambda: _doc_keywords(reader, fieldname, local)))
        return out

    def docs(self, fieldname: str, text) -> np.ndarray:
        """The live documents containing a term, sorted."""
        return self.live_only(self.postings(fieldname, text)[0])

    def live_only(self, docs: np.ndarray) -> np.ndarray:
        """``docs`` (sorted) without the deleted ones."""
        if self.live is None or not len(docs):
            return docs
        if len(self._dead) * 16 > len(docs):
            return docs[self.live[docs]]
        # Few deletions (the usual case): look them up rather than every document.
        at = np.searchsorted(docs, self._dead)
        inside = at < len(docs)
        at = at[inside]
        at = at[docs[at] == self._dead[inside]]
        return np.delete(docs, at) if len(at) else docs

    def lengths(self, fieldname: str) -> np.ndarray:
        if fieldname not in self._lengths:
            parts = [self.cache.get(("len",) + key + (fieldname,),
                                    lambda r=reader: leaf_lengths(r, fieldname))
                     for _, reader, _, key in self.leaves]
            self._lengths[fieldname] = np.concatenate(parts) if parts else np.zeros(0)
        return self._lengths[fieldname]

    def column(self, fieldname: str) -> tuple[np.ndarray, list[str]]:
        """A sortable field as (code per document, sorted distinct values): code 0 is
        the empty value, and codes sort as the values do."""
        if fieldname not in self._columns:
            # Coded once for this view of the index and kept: every thread reads it.
            self._columns[fieldname] = self.cache.get(("coded", self._keys, fieldname),
                                                      lambda: self._coded(fieldname))
        return self._columns[fieldname]

    def _coded(self, fieldname: str) -> tuple[np.ndarray, list[str]]:
        raw: list[bytes] = []
        for _, reader, _, key in self.leaves:
            raw.extend(self.cache.get(("col",) + key + (fieldname,),
                                      lambda r=reader: _leaf_column(r, fieldname)))
        values = sorted(set(raw) | {b""})
        code_of = {v: i for i, v in enumerate(values)}
        codes = np.fromiter((code_of[v] for v in raw), dtype=np.int32, count=len(raw))
        return codes, [v.decode("utf-8", "replace") for v in values]


def joined(parts, fill) -> tuple[np.ndarray, np.ndarray]:
    """A term's lists in the segments (``IndexArrays.parts``) as one: the documents in
    the index's numbers, and a value per posting that ``fill(local, frequencies, offset,
    out)`` writes into ``out`` for each part.  Written once into arrays of the whole
    length (the mapped lists are int32 and float32): no temporary copy per segment."""
    if not parts:
        return _EMPTY_DOCS, _EMPTY_TF
    total = sum(len(d) for d, _, _ in parts)
    docs = np.empty(total, dtype=np.int64)
    values = np.empty(total, dtype=np.float64)
    at = 0
    for local, tf, offset in parts:
        n = len(local)
        np.add(local, offset, out=docs[at:at + n], casting="unsafe")
        fill(local, tf, offset, values[at:at + n])
        at += n
    return docs, values


def _copy_frequencies(local, tf, offset, out) -> None:
    out[:] = tf


def _folder(storage) -> str | None:
    """The index folder behind a segment reader's storage (a compound segment's is an
    overlay of the compound file on the folder: writes go to the folder)."""
    while storage is not None and not hasattr(storage, "folder"):
        storage = getattr(storage, "b", None)  # whoosh.filedb.filestore.OverlayStorage
    return getattr(storage, "folder", None)


# The posting arrays and impacts opened in this process, by segment, as long as a view uses them
# (a rebuild's old files are unmapped, and their disk space freed, with the last view).
_OPENED: "weakref.WeakValueDictionary" = weakref.WeakValueDictionary()
_OPENING = threading.Lock()
_REPORTED: set = set()


def _segment_arrays(reader, key) -> SegmentArrays | None:
    """The segment's posting arrays, memory-mapped; None (and a warning, once per
    segment) when it has no usable file."""
    if not settings.POSTING_ARRAYS:
        return None
    return _beside(reader, key, file_name, SegmentArrays, ArraysMismatch, logging.WARNING,
                   "posting arrays", "reading Whoosh's blocks")


def _segment_impacts(reader, key) -> SegmentImpacts | None:
    """The segment's impacts, memory-mapped; None when it has no usable file (the ranker
    then computes each term's points, as it did before the indexer wrote them)."""
    if not settings.IMPACTS:
        return None
    return _beside(reader, key, impacts_file_name, SegmentImpacts, ImpactsMismatch, logging.INFO,
                   "impacts", "computing points")


def _beside(reader, key, name_of, kind, mismatch, level: int, what: str, instead: str):
    """A file the indexer writes beside a segment (``kind.open``), memory-mapped, opened
    once per process for as long as a view uses it; None, said once per segment in the
    log, when the segment has no usable one."""
    folder, seg_id = key
    if folder is None or not isinstance(seg_id, str):
        return None
    with _OPENING:
        try:
            st = os.stat(os.path.join(folder, name_of(seg_id)))
            opened = (what,) + key + (st.st_ino, st.st_mtime_ns, st.st_size)  # the file, as it is now
            found = _OPENED.get(opened)
            if found is None:
                found = kind.open(folder, seg_id, reader.doc_count_all())
        except (OSError, mismatch) as exc:
            if (what,) + key not in _REPORTED:
                _REPORTED.add((what,) + key)
                log.log(level, "segment %s has no usable %s (%s): %s; python -m indexer update writes them",
                        seg_id, what, exc, instead)
            return None
        _OPENED[opened] = found
        return found


class _Views(tuple):
    """Arrays that are views of a mapped file: the page cache holds their data."""


class _Measured(list):
    """A list that knows about how many bytes it holds (for the cache's budget)."""

    nbytes = 0


def _name_column(reader) -> _Measured:
    """Each document's persons in one segment, from its ``persons_list`` column."""
    raw = _leaf_column(reader, "persons_list")
    out = _Measured(tuple(split_persons(value.decode("utf-8", "replace"))) for value in raw)
    out.nbytes = sum(len(value) for value in raw) * 2 + 64 * len(raw)
    return out


def _doc_keywords(reader, fieldname: str, docnum: int) -> tuple[str, ...]:
    if not reader.has_vector(docnum, fieldname):
        return ()
    return tuple(t.decode("utf-8") if isinstance(t, bytes) else t
                 for t, _ in reader.vector_as("weight", docnum, fieldname))

"""A faster Whoosh segment writer for the indexer's workers.

Whoosh's ``SegmentWriter`` spends most of a rebuild's CPU outside segmentation: each
analyser token goes through a chain of generators and a ``Token`` object, every posting
becomes a tuple in a ``PostingPool`` that is sorted (and pickled to disk when large),
and at the end each posting is handed one at a time to the codec, which looks up the
document's field length in a column for every one of them.

``FastSegmentWriter`` writes the same segment (same terms, postings, weights, positions,
block and term statistics, lengths, stored fields, columns and vectors, checked against
Whoosh's writer in ``tests/test_segment_writer.py``) with less work:

* a text field whose analyser is one of ours (a piece tokenizer of
  :mod:`indexer.analysis` followed by its canonical / fold filters) is analysed without
  ``Token`` objects: the word and syllable tokenizers split the text once and map each
  distinct piece through their test and the filters' text functions (memoised); the
  name tokenizer's ``_pieces`` are read directly.  Two fields of one document with the
  same tokenizer and text (``text_syl`` and ``text_fold``) share the split;
* postings are kept in memory per field, ``term -> [docnum, freq, (value), ...]``,
  and written at the end term by term in sorted order, encoded as Whoosh's W3 codec
  encodes them (blocks of up to 128 postings, term infos, the term index), with the
  document lengths at hand instead of read back from a column; the one difference in
  the files is that a block whose pickle is under 96 bytes is stored uncompressed,
  which its header says and Whoosh's reader honours;
* when the estimated memory of the kept postings passes ``limitmb``, they are written
  to a sorted run file in Whoosh's temporary folder (as its posting pool does) and
  merged with the others when the segment is written: one segment per writer whatever
  its size.

Any other field (ids, keywords) goes through Whoosh's own ``field.index``.  Boosts
(``_boost``, ``_<field>_boost``) and ``_stored_<field>`` values are not supported: the
indexer does not use them.
"""

from __future__ import annotations

import heapq
import itertools
import marshal
import operator
import os
import struct
import tempfile
import unicodedata
import zlib
from array import array
from collections import Counter
from pickle import dumps

from whoosh import formats
from whoosh.analysis import CompositeAnalyzer
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC as _MAGIC
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb import filetables
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from . import analysis
from .posting_arrays import PostingArraysWriter, decode_positions, flat_fields

# Filters of indexer.analysis and the function each applies to a token's text.
_FILTER_FUNCTIONS = {
    analysis.CanonicalFilter: analysis._canonical_word,
    analysis.FoldFilter: analysis._fold_token,
}


def _keep_word(word: str) -> bool:
    return analysis._is_word(word) and len(word) <= analysis._MAX_TOKEN_CHARS


def _keep_syllable(syllable: str) -> bool:
    return len(syllable) <= analysis._MAX_TOKEN_CHARS


def _keep_pair(pair: str) -> bool:
    return len(pair) <= 2 * analysis._MAX_TOKEN_CHARS + 1


def _split_syllables(value: str) -> list[str]:
    return analysis._SYLLABLE_RE.findall(unicodedata.normalize("NFC", value))


def _split_words(value: str) -> list[str]:
    return analysis.segment(value)


# Tokenizers that yield a token for every piece of the text that passes a test, with no
# position gaps: how to cut the text into its pieces, and the test (what their
# ``_pieces`` does, one piece at a time).
_RAW_PIECES = {
    analysis.VietnameseWordTokenizer: (_split_words, _keep_word),
    analysis.SyllableTokenizer: (_split_syllables, _keep_syllable),
    analysis.SyllablePairTokenizer: (analysis.syllable_pairs, _keep_pair),
}

_MEMO_LIMIT = 100_000  # entries of a memo of piece -> token text before it is cleared
_BLOCK = 128  # postings per block: Whoosh's W3 codec's blocklimit
_RUN_CHUNK = 4096  # terms per record of a run file

# Rough sizes (bytes) of what is kept, to decide when to spill: a posting of a
# frequency field is two list slots; a positional one three plus its value string
# (when not shared); a new term its key, its list and a dict slot.
_FREQ_POSTING = 18
_POS_POSTING = 27
_VALUE = 40
_NEW_TERM = 230

_ONE_POSITION: dict[int, bytes] = {}
_TERMINFO = W3TermInfo._struct.pack
_KEY_VALUE_LENGTHS = filetables._lengths.pack


def encode_positions(poslist: list[int]) -> bytes:
    """``whoosh.formats.Positions.encode``: the count, then the pickled deltas."""
    if len(poslist) == 1:
        pos = poslist[0]
        v = _ONE_POSITION.get(pos)
        if v is None:
            v = pack_uint(1) + dumps(poslist, 2)
            if pos < 100_000:
                _ONE_POSITION[pos] = v
        return v
    deltas = [poslist[0]]
    deltas += [b - a for a, b in zip(poslist, poslist[1:])]
    return pack_uint(len(deltas)) + dumps(deltas, 2)


def _plan(field):
    """How a field's postings are computed: ``(kind, tokenizer, filters)`` where kind is
    ``"freq"`` (Frequency format), ``"pos"`` (Positions) or ``"whoosh"`` (the field's
    own ``index()``; then tokenizer and filters are None)."""
    fmt = field.format
    kind = {formats.Frequency: "freq", formats.Positions: "pos"}.get(type(fmt))
    ana = getattr(field, "analyzer", None)
    if kind is None or not isinstance(ana, CompositeAnalyzer) or not ana.items:
        return "whoosh", None, None
    tokenizer, *filters = ana.items
    if not isinstance(tokenizer, analysis._PieceTokenizer):
        return "whoosh", None, None
    if any(type(f) not in _FILTER_FUNCTIONS for f in filters):
        return "whoosh", None, None
    if getattr(fmt, "field_boost", 1.0) != 1.0:
        return "whoosh", None, None
    return kind, tokenizer, tuple(_FILTER_FUNCTIONS[type(f)] for f in filters)


class FastSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` that keeps postings in plain dicts (see the module doc).

    Use ``add_document`` as usual, then ``finish()`` for the finished segment (in a
    list, to commit with others as ``MpWriter`` does); or ``commit()``/``cancel()``.
    """

    def __init__(self, ix, limitmb: int = 128, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self._limit = limitmb * 1024 * 1024
        self._plans = {}
        for name, field in self.schema.items():
            if field.indexed and field.separate_spelling():
                raise NotImplementedError(f"field {name}: separate spelling words")
            if field.indexed:
                self._plans[name] = _plan(field)
        self._memos: dict = {}  # (tokenizer class,) filters -> {piece: text}
        # fieldname -> decoded length of each document (as the codec reads it back)
        self._lengths: dict[str, array] = {name: array("I") for name in self._plans}
        self._runs: list[str] = []  # files of postings written out (sorted runs)
        self._arrays: PostingArraysWriter | None = None  # the segment's posting arrays
        self._new_postings()

    def _new_postings(self):
        # fieldname -> {term: flat posting list}; term is str for our fields, bytes for
        # fields indexed by Whoosh.
        self._terms: dict[str, dict] = {name: {} for name in self._plans}
        self._memory = 0

    # -- analysis -----------------------------------------------------------------

    def _texts(self, tokenizer, filters, value, pieces_cache):
        """The token texts and positions (None: 0, 1, 2...) of our analyser on value.

        ``pieces_cache`` holds the tokenizer's pieces of the document's values, for a
        field with the same tokenizer and text (text_syl and text_fold)."""
        key = (type(tokenizer), value)
        raw_pieces = _RAW_PIECES.get(type(tokenizer))
        if raw_pieces is not None:
            # No gaps: each piece gives one token (or none) whatever its neighbours, so
            # the test and filters are applied once per distinct piece.
            split, keep = raw_pieces
            raw = pieces_cache.get(key)
            if raw is None:
                raw = pieces_cache[key] = split(value)
            memo = self._memos.setdefault((type(tokenizer), filters), {})
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            for piece in set(raw).difference(memo):
                text = None
                if keep(piece):
                    text = piece
                    for func in filters:
                        text = func(text)
                memo[piece] = text
            texts = list(map(memo.__getitem__, raw))
            if None in texts:
                texts = [t for t in texts if t is not None]
            return texts, None
        got = pieces_cache.get(key)
        if got is None:
            texts = []
            gaps = None
            for text, _start, _end, gap in tokenizer._pieces(value):
                if gap:
                    if gaps is None:
                        gaps = [0] * len(texts)
                if gaps is not None:
                    gaps.append(gap)
                texts.append(text)
            positions = None
            if gaps is not None:
                positions = []
                pos = 0
                for gap in gaps:
                    pos += gap
                    positions.append(pos)
                    pos += 1
            got = pieces_cache[key] = (texts, positions)
        texts, positions = got
        if filters:
            memo = self._memos.setdefault(filters, {})
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            for piece in set(texts).difference(memo):
                text = piece
                for func in filters:
                    text = func(text)
                memo[piece] = text
            texts = list(map(memo.__getitem__, texts))
        return texts, positions

    # -- adding documents -----------------------------------------------------------

    def add_document(self, **fields):
        self._check_state()
        for name in fields:
            if name.startswith("_"):
                raise ValueError(f"FastSegmentWriter does not support {name!r}")
        schema = self.schema
        docnum = self.docnum
        fieldnames = sorted(fields)
        self._check_fields(schema, fieldnames)
        perdocwriter = self.perdocwriter
        pieces_cache: dict = {}
        staged = []
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    kind, tokenizer, filters = self._plans[fieldname]
                    if kind != "whoosh" and isinstance(value, str):
                        texts, positions = self._texts(tokenizer, filters, value, pieces_cache)
                        if field.scorable:
                            length = len(texts)
                        staged.append((fieldname, kind, texts, positions))
                    else:
                        items = []
                        for tbytes, freq, weight, vbytes in field.index(value):
                            if field.scorable:
                                length += freq
                            items.append((tbytes, freq, weight, vbytes))
                        staged.append((fieldname, "whoosh" if kind == "whoosh" else kind + "-items",
                                       items, None))

                vformat = field.vector
                if vformat:
                    vitems = vformat.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)

                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                if length:
                    lens = self._lengths[fieldname]
                    if len(lens) < docnum:
                        lens.extend([0] * (docnum - len(lens)))
                    lens.append(byte_to_length(length_to_byte(length)))

                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        # Only now, when the document is complete, do its postings join the segment's.
        for fieldname, kind, data, positions in staged:
            self._stage(fieldname, kind, data, positions, docnum)
        self._added = True
        self.docnum += 1
        if self._memory > self._limit:
            self._spill()

    def _stage(self, fieldname, kind, data, positions, docnum):
        terms = self._terms[fieldname]
        memory = 0
        if kind == "freq":
            for t, n in Counter(data).items():
                lst = terms.get(t)
                if lst is None:
                    terms[t] = [docnum, n]
                    memory += _NEW_TERM
                else:
                    lst.append(docnum)
                    lst.append(n)
                memory += _FREQ_POSTING
        elif kind == "pos":
            poses: dict = {}
            setdefault = poses.setdefault
            for i, t in zip(positions if positions is not None else range(len(data)), data):
                setdefault(t, []).append(i)
            for t, pl in poses.items():
                v = encode_positions(pl)
                if len(pl) > 1:
                    memory += _VALUE + len(v)
                lst = terms.get(t)
                if lst is None:
                    terms[t] = [docnum, len(pl), v]
                    memory += _NEW_TERM
                else:
                    lst.append(docnum)
                    lst.append(len(pl))
                    lst.append(v)
                memory += _POS_POSTING
        else:  # (tbytes, freq, weight, vbytes) from field.index()
            for tbytes, freq, weight, vbytes in data:
                if kind == "whoosh":
                    entry = (docnum, weight, vbytes)
                elif kind == "freq-items":
                    entry = (docnum, freq)
                else:
                    entry = (docnum, freq, vbytes)
                lst = terms.get(tbytes)
                if lst is None:
                    lst = terms[tbytes] = []
                    memory += _NEW_TERM
                lst.extend(entry)
                memory += _POS_POSTING + _VALUE
        self._memory += memory

    # -- writing the segment --------------------------------------------------------

    def _flush_segment(self):
        self.perdocwriter.close()
        self._write_postings()
        self.fieldwriter.close()

    def _sorted_postings(self):
        """``(fieldname, [(btext, flat postings), ...])`` of the postings in memory, fields
        and terms in the order of the segment's term index."""
        for fieldname in sorted(self._terms):
            terms = self._terms[fieldname]
            if terms:
                yield fieldname, sorted(((t.encode("utf-8") if isinstance(t, str) else t), lst)
                                        for t, lst in terms.items())

    def _spill(self):
        """Past the memory bound: write the postings so far to a sorted run on disk (in
        Whoosh's temporary folder, as its posting pool does) and start afresh; the runs
        are merged when the segment is written."""
        fd, path = tempfile.mkstemp(suffix=".postings", dir=self._tempstorage.folder)
        self._runs.append(path)
        with os.fdopen(fd, "wb") as f:
            for fieldname, keyed in self._sorted_postings():
                for i in range(0, len(keyed), _RUN_CHUNK):
                    marshal.dump((fieldname, keyed[i:i + _RUN_CHUNK]), f)
        self._new_postings()

    def _write_postings(self):
        fw = self.fieldwriter
        ndocs = self.docnum
        self._arrays = PostingArraysWriter(self.storage.folder)
        flat = flat_fields(self.schema)
        if self._runs:
            self._spill()
            fields = _merge_runs(self._runs)
        else:
            fields = self._sorted_postings()
        for fieldname, keyed in fields:
            fieldobj = self.schema[fieldname]
            lens = self._lengths[fieldname]
            if len(lens) < ndocs:
                lens.extend([0] * (ndocs - len(lens)))
            fw.start_field(fieldname, fieldobj)
            _write_field(fw, keyed, self._plans[fieldname][0], fieldobj.format, lens, self._arrays,
                         fieldname in flat)
            fw.finish_field()
        self._remove_runs()

    def _remove_runs(self):
        for path in self._runs:
            try:
                os.remove(path)
            except OSError:
                pass
        self._runs = []

    def _finalize_segment(self):
        """Write the segment, then its posting arrays beside it (after the compound
        file is assembled, which would otherwise take them in)."""
        segment = super()._finalize_segment()
        self._arrays.finish(segment.segment_id(), segment.doc_count_all())
        self._arrays = None
        return segment

    def _close_segment(self):
        if self._arrays is not None and self.docnum == 0:
            self._arrays.discard()
            self._arrays = None
        super()._close_segment()
        self._remove_runs()
        self._new_postings()

    # -- finishing ------------------------------------------------------------------

    def finish(self) -> list:
        """Write the segment and return it in a list (empty when no document was
        added); the caller commits it."""
        if self.docnum:
            segments = [self._finalize_segment()]
        else:
            # An empty writer is only closed: cancel() would delete the temporary folder
            # that all writers of an index share.
            self._close_segment()
            segments = []
        self.is_closed = True
        return segments

    def commit(self, mergetype=None, optimize=None, merge=None):
        """Add this writer's segments to the index's (no merging: the postings of a
        merged segment would go through Whoosh's pool, which this writer does not
        write)."""
        self._check_state()
        if mergetype is not None or optimize:
            raise NotImplementedError("FastSegmentWriter does not merge segments")
        segments = list(self.segments) + self.finish()
        self._commit_toc(segments)
        self._finish()

    def add_reader(self, reader):
        raise NotImplementedError("FastSegmentWriter does not merge segments")


def _read_run(path: str):
    with open(path, "rb") as f:
        while True:
            try:
                fieldname, keyed = marshal.load(f)
            except EOFError:
                return
            for btext, flat in keyed:
                yield fieldname, btext, flat


def _merge_runs(paths: list[str]):
    """The runs' postings merged, as ``_sorted_postings`` gives them: a term's postings
    from each run in run order, which is document order."""
    merged = heapq.merge(*(_read_run(p) for p in paths), key=lambda item: (item[0], item[1]))
    for fieldname, items in itertools.groupby(merged, key=lambda item: item[0]):
        yield fieldname, _join_terms(items)


def _join_terms(items):
    for btext, group in itertools.groupby(items, key=lambda item: item[1]):
        flat = next(group)[2]
        for _, _, more in group:
            flat.extend(more)
        yield btext, flat


# ---------------------------------------------------------------------------
# Writing one field's postings: what W3FieldWriter / W3PostingsWriter do posting by
# posting, a block at a time
# ---------------------------------------------------------------------------


# Blocks whose pickle is shorter are stored uncompressed (the block's header says so,
# and Whoosh's reader reads it as such; Whoosh itself meant to skip blocks under 20
# bytes): zlib barely shrinks them.  On dantri this leaves two thirds of the blocks
# uncompressed and the postings 0.3 % larger.
_COMPRESS_FROM = 96


def _write_field(fw, keyed, kind, fmt, lens, arrays: PostingArraysWriter | None = None,
                 positions: bool = False):
    """Write the sorted ``(btext, flat postings)`` of one field through the field writer
    ``fw`` (started on the field): the blocks of postings, then each term's info in the
    term index, as ``W3PostingsWriter``, ``W3TermInfo`` and ``OrderedHashWriter`` write
    them, except for the compression of each block (see ``_COMPRESS_FROM``); and, when
    ``arrays`` is given, each term's document numbers and weights to it (and, with
    ``positions``, each posting's positions, decoded)."""
    postfile = fw._postfile
    tindex = fw._tindex
    tfile = tindex.dbfile
    hashfn = tindex.hashfn
    buckets = tindex.buckets
    index_append = tindex.index.append
    lastkey = tindex.lastkey
    tpos = tfile.tell()
    fieldkey = pack_ushort(fw._fieldid)
    level = fw._codec._compression
    fixedsize = fmt.fixed_value_size()
    fb = fmt.field_boost
    stride = 2 if kind == "freq" else 3
    out = bytearray()
    base = postfile.tell()
    for btext, flat in keyed:
        key = fieldkey + btext
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        startoffset = base + len(out)
        n = len(flat) // stride
        out += _MAGIC
        # The term's statistics, as W3TermInfo.add_block gathers them block by block
        t_weight = 0
        t_minlength = None
        t_maxlength = 0
        t_maxweight = 0
        for start in range(0, n, _BLOCK):
            end = min(n, start + _BLOCK)
            chunk = flat[start * stride:end * stride] if n > _BLOCK else flat
            ids = chunk[0::stride]
            if kind == "whoosh":
                weights = chunk[1::stride]
                values = [v for v in chunk[2::stride] if v]
            else:
                freqs = chunk[1::stride]
                # weight = freq * field boost (a float, as Whoosh's formats give it)
                weights = freqs if fb == 1.0 else [f * fb for f in freqs]
                values = chunk[2::3] if kind == "pos" else None
            doclens = list(filter(None, map(lens.__getitem__, ids)))
            maxweight = max(weights)
            maxweight = float(maxweight) if maxweight > 0 else 0
            minlength = min(doclens) if doclens else None
            maxlength = max(doclens) if doclens else 0
            warray = array("f", weights)
            t_weight += sum(warray)
            t_minlength = minlength if t_minlength is None else min(t_minlength, minlength)
            t_maxlength = max(t_maxlength, maxlength)
            t_maxweight = max(t_maxweight, maxweight)
            # W3PostingsWriter._write_block: the minified ids, weights and values
            mini_ids = (ids[0], *map(operator.sub, ids[1:], ids))
            if warray.count(1.0) == len(warray):
                mini_weights = None
            elif warray.count(warray[0]) == len(warray):
                mini_weights = warray[0]
            else:
                mini_weights = tuple(warray)
            if values is None:  # Frequency: every value is pack_uint(freq)
                mini_values = struct.pack(f"!{len(freqs)}I", *freqs)
            elif fixedsize is None or fixedsize < 0:
                mini_values = tuple(values)
            elif fixedsize == 0:
                mini_values = None
            else:
                mini_values = b"".join(values)
            databytes = dumps((mini_ids, mini_weights, mini_values), 2)
            comp = level if len(databytes) >= _COMPRESS_FROM else 0
            if comp:
                databytes = zlib.compress(databytes, comp)
            infobytes = dumps((len(ids), ids[-1], maxweight, comp,
                               length_to_byte(minlength), length_to_byte(maxlength)), 2)
            blocklength = len(infobytes) + len(databytes)
            if arrays is not None:
                arrays.block(base + len(out), ids, warray,
                             [decode_positions(v) for v in chunk[2::stride]] if positions else None)
            out += pack_int(-blocklength if end == n else blocklength)
            out += infobytes
            out += databytes
        if arrays is not None:
            arrays.term(startoffset, base + len(out))
        # W3TermInfo.to_bytes (never inlined: the codec's inline limit is 1)
        info = _TERMINFO(False, t_weight, n,
                         0 if t_minlength is None else length_to_byte(t_minlength),
                         length_to_byte(t_maxlength), t_maxweight, flat[0], ids[-1])
        info += pack_long(startoffset) + pack_int(base + len(out) - startoffset)
        # OrderedHashWriter.add
        index_append(tpos)
        record = _KEY_VALUE_LENGTHS(len(key), len(info)) + key + info
        tfile.write(record)
        h = hashfn(key)
        buckets[h & 255].append((h, tpos))
        tpos += len(record)
        lastkey = key
        if len(out) > 1 << 20:
            postfile.write(bytes(out))
            base += len(out)
            out.clear()
    postfile.write(bytes(out))
    tindex.lastkey = lastkey

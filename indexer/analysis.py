"""Vietnamese text analysis: the one module used at index time and at query time.

Two token streams are produced from the same text:

* **words** – pyvi word segmentation (``hội_nghị``, ``cán_bộ``) on the cased NFC text,
  then lower-cased and made canonical (tone placement ``hoà`` → ``hòa``, i/y spellings
  ``kĩ`` → ``kỹ``).  Exact, accented matches come from here.
* **folded syllables** – every syllable lower-cased with its accents removed
  (``hội nghị`` → ``hoi nghi``).  A query typed without accents matches here, with
  positions, so phrases and proximity still work.
* **syllable pairs** – every two syllables that stand side by side in one stretch of
  text (``Sơn La`` → ``sơn_la``; not across a comma, a full stop and a space, or a line
  break), accented and folded.  A query's word of two or more syllables matches as its
  pairs, so ``sơn la`` finds "Sơn La" and never "sơn ... là" scattered, without reading
  positions.

The Whoosh analyzers built at the bottom of this module are pickled into the index
schema, so their import path (``indexer.analysis``) and class names must stay stable.
"""

from __future__ import annotations

import pickle
import re
import string
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, Token, Tokenizer

from .person_field import split_persons

__all__ = [
    "canonical",
    "canonical_syllable",
    "fold",
    "has_accents",
    "segment",
    "syllable_spans",
    "syllables",
    "syllable_pairs",
    "pairs_of",
    "word_analyzer",
    "pair_analyzer",
    "folded_pair_analyzer",
    "folded_analyzer",
    "name_analyzer",
    "syllable_analyzer",
    "folded_name_analyzer",
    "query_terms",
    "query_words",
]

# ---------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------

_TONE_MARKS = {
    "\u0300": "grave",  # huyền
    "\u0301": "acute",  # sắc
    "\u0303": "tilde",  # ngã
    "\u0309": "hook",  # hỏi
    "\u0323": "dot",  # nặng
}
_PLAIN_VOWELS = set("aeiouy")
# Vowels that carry a quality mark (circumflex, breve, horn) once the tone is removed.
_MARKED_VOWELS = set("ăâêôơư")
_ALL_VOWELS = _PLAIN_VOWELS | _MARKED_VOWELS
_FINAL_CONSONANTS = ("ng", "nh", "ch", "c", "m", "n", "p", "t")

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# A syllable for matching: a run of letters (with their marks) or a run of digits, so
# "4,45ha" gives 4 / 45 / ha however pyvi cut it, and the index and queries agree.
_SYLLABLE_RE = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def _strip_marks(text: str) -> str:
    """Remove every combining mark (tone and quality) and map đ to d."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D")


# Each accented lower-case Latin letter to its bare letter (``ộ`` → ``o``, ``đ`` → ``d``),
# one character for one (``fold`` also spells i/y canonically, so its output may differ
# in those letters): the snippets build from it a pattern that finds a syllable in any
# of its spellings.
BARE_LETTERS = str.maketrans({
    chr(c): _strip_marks(chr(c)) for c in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    if chr(c).islower() and len(_strip_marks(chr(c))) == 1 and _strip_marks(chr(c)) != chr(c)})


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    # Canonical first, so that the i/y spellings (kĩ/kỹ, ki/ky) fold alike.
    return _strip_marks(canonical_syllable(word.lower()))


def fold(text: str) -> str:
    """Lower-case ``text`` and remove all Vietnamese accents (``Đông`` → ``dong``)."""
    text = unicodedata.normalize("NFC", text).lower()
    return _WORD_RE.sub(lambda m: _fold_word(m.group(0)), text)


def has_accents(text: str) -> bool:
    """True when ``text`` carries any Vietnamese diacritic (so it was typed with accents)."""
    return _strip_marks(unicodedata.normalize("NFC", text)) != unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------
# Canonical spelling of one syllable
# ---------------------------------------------------------------------------


def _split_tone(syllable: str) -> tuple[str, str | None]:
    """Return the syllable without its tone mark (NFC) and the tone's combining char."""
    tone = None
    out = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _TONE_MARKS:
            tone = ch
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), tone


def _tone_index(base: str) -> int | None:
    """Index of the vowel that carries the tone, traditional placement (``hòa``, ``thúy``)."""
    low = base.lower()
    start = 0
    if low.startswith("qu") and len(low) > 2 and low[2] in _ALL_VOWELS:
        start = 2
    elif low.startswith("gi") and len(low) > 2 and low[2] in _ALL_VOWELS:
        start = 2
    else:
        while start < len(low) and low[start] not in _ALL_VOWELS:
            start += 1
    end = start
    while end < len(low) and low[end] in _ALL_VOWELS:
        end += 1
    if end == start:
        return None
    nucleus = low[start:end]
    rest = low[end:]
    if rest and rest not in _FINAL_CONSONANTS:
        return None  # not a Vietnamese syllable: leave it alone
    for i in range(len(nucleus) - 1, -1, -1):
        if nucleus[i] in _MARKED_VOWELS:
            if nucleus[i] == "ư" and i + 1 < len(nucleus) and nucleus[i + 1] == "ơ":
                return start + i + 1
            return start + i
    if len(nucleus) == 1:
        return start
    if rest:
        return end - 1
    return end - 2


# Syllables whose rhyme is a bare i/y after an initial consonant are spelled both ways
# (kĩ/kỹ, lí/lý, mĩ/mỹ, quí/quý, hi/hy, tỉ/tỷ).  They are made one; the canonical letter
# is the one most texts use after that initial (``kỹ``, ``lý``, ``quý`` but ``chi``,
# ``khi``, ``thi``), so that canonical forms still read naturally in suggestions.
_IY_INITIALS_Y = {"h", "k", "l", "m", "qu", "s", "t"}
_IY_INITIALS_I = {
    "b", "c", "ch", "d", "đ", "kh", "n", "nh", "p", "ph", "r", "th", "tr", "v", "x",
}


@lru_cache(maxsize=200_000)
def canonical_syllable(syllable: str) -> str:
    """One spelling per syllable: NFC, traditional tone placement, i/y made one.

    Case is kept.  Anything that is not a Vietnamese syllable comes back unchanged
    (NFC-normalised).
    """
    syllable = unicodedata.normalize("NFC", syllable)
    base, tone = _split_tone(syllable)
    low = base.lower()
    if low[-1:] in ("i", "y"):
        initial = low[:-1]
        letter = "y" if initial in _IY_INITIALS_Y else "i" if initial in _IY_INITIALS_I else ""
        if letter:
            base = base[:-1] + (letter.upper() if base[-1].isupper() else letter)
    if tone is None:
        return base
    idx = _tone_index(base)
    if idx is None:
        return syllable
    toned = unicodedata.normalize("NFC", base[idx] + tone)
    return base[:idx] + toned + base[idx + 1 :]


def canonical(text: str) -> str:
    """NFC text with every syllable spelled canonically (``Hoà`` → ``Hòa``)."""
    text = unicodedata.normalize("NFC", text)
    return _WORD_RE.sub(lambda m: canonical_syllable(m.group(0)), text)


# ---------------------------------------------------------------------------
# Syllables (positions in the original text)
# ---------------------------------------------------------------------------


def syllable_spans(text: str):
    """Yield ``(start, end, syllable)`` for every syllable of ``text`` (offsets into it)."""
    for m in _SYLLABLE_RE.finditer(text):
        yield m.start(), m.end(), m.group(0)


def syllables(text: str) -> list[str]:
    return _SYLLABLE_RE.findall(text)


# What may stand between two syllables of one word or name: nothing (``U23``), spaces,
# or one joining character with no space (``TP.HCM``, ``Bà Rịa-Vũng Tàu``, ``GD&ĐT``);
# a comma or a full stop only between digits (``4,45``).  A line break, a comma or a
# sentence's full stop before a space ends the stretch.
_GLUE_ANY = frozenset("-/&'")
_GLUE_DIGITS = frozenset(".,")


def glued(separator: str, before: str = "", after: str = "") -> bool:
    """Whether two syllables with ``separator`` between them stand side by side.

    >>> glued(" "), glued(", "), glued("."), glued(".", "4", "45")
    (True, False, False, True)
    """
    if not separator or (separator.isspace() and "\n" not in separator):
        return True
    if len(separator) != 1:
        return False
    if separator in _GLUE_ANY:
        return True
    if separator in _GLUE_DIGITS:
        return (before[-1:].isdigit() and after[:1].isdigit()) or (
            separator == "." and before.isalpha() and before.isupper()
            and after[:1].isupper())
    return False


def syllable_pairs(text: str) -> list[str]:
    """Every two neighbouring syllables of ``text`` that are glued (see ``glued``),
    joined by ``_``, as written.

    >>> syllable_pairs("Tỉnh Sơn La, Lai Châu. TP.HCM")
    ['Tỉnh_Sơn', 'Sơn_La', 'Lai_Châu', 'TP_HCM']
    """
    text = unicodedata.normalize("NFC", text)
    out = []
    prev = None
    prev_end = 0
    for m in _SYLLABLE_RE.finditer(text):
        syl = m.group(0)
        if prev is not None and glued(text[prev_end:m.start()], prev, syl):
            out.append(prev + "_" + syl)
        prev, prev_end = syl, m.end()
    return out


def pairs_of(sylls: list[str]) -> list[str]:
    """The pairs of a word's syllables: ``["sơn", "la"]`` → ``["sơn_la"]``."""
    return [a + "_" + b for a, b in zip(sylls, sylls[1:])]


# ---------------------------------------------------------------------------
# Word segmentation: pyvi's CRF model, driven faster
# ---------------------------------------------------------------------------
#
# ``pyvi.ViTokenizer.tokenize`` builds one feature dict per syllable (with every
# boolean, true or false), hands the list to sklearn-crfsuite, and glues the output
# with repeated string concatenation.  Its syllabifier regex also tries an e-mail
# pattern at every position, which is quadratic on text such as ``a.a.a.a.``.  The code
# below uses the same model, the same syllabifier and the same features, so the labels
# are identical, but: features that are false are left out (a zero-valued attribute
# adds nothing to a CRF score), each syllable's attributes are built and encoded once
# per process and handed to crfsuite as byte strings, the bigram and trigram lists are
# looked up as what may follow a syllable (no string building per pair), the e-mail and
# URL patterns are only tried when the text can contain them, and text is segmented
# one line at a time in chunks of bounded length, so no single document can take
# unbounded time.

_MAX_CHUNK = 2000

_ABBREVIATIONS = [r"[A-ZĐ]+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\."]
_SPECIALS = [r"==>", r"->", r"\.\.\.", r">>", "\n"]
_WEB = r"\w+://[^\s]+"
# pyvi's patterns, with its groups made non-capturing (the same matches) so that
# ``findall`` returns the matched strings.
_EMAIL = r"(?:[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)"
_DIGIT = r"\d+(?:[\.,_]\d+)+"
_TAIL = [_DIGIT, r"[^\w\s]", r"\w+"]


def _syllabifier(web: bool, email: bool):
    parts = _ABBREVIATIONS + _SPECIALS
    if web:
        parts = parts + [_WEB]
    if email:
        parts = parts + [_EMAIL]
    return re.compile("|".join(parts + _TAIL), re.UNICODE)


_SYLLABIFIERS = {(w, e): _syllabifier(w, e) for w in (False, True) for e in (False, True)}


def _pyvi_syllables(text: str) -> list[str]:
    pattern = _SYLLABIFIERS[("://" in text, "@" in text)]
    return pattern.findall(text)


class _Model:
    """pyvi's CRF tagger and its bigram/trigram lists, loaded once per process.

    Read from pyvi's own files, as ``pyvi.ViTokenizer`` does at import, but without
    importing it: its model is a pickled ``sklearn_crfsuite.CRF`` whose import pulls in
    scikit-learn (about a second, on every indexer and search app start).  The pickle is
    read with stand-ins for the two sklearn_crfsuite classes; the crfsuite model it holds
    is handed to the same ``pycrfsuite.Tagger`` that ``CRF.tagger_`` opens."""

    tagger = None
    # pyvi's bigram and trigram lists ("x y", "x y z"), held as what may follow a
    # syllable: bi_next["x"] = {"y"}, tri_next["x"]["y"] = {"z"}.
    bi_next: dict = {}
    tri_next: dict = {}

    @classmethod
    def load(cls):
        if cls.tagger is None:
            import importlib.util
            import os
            import tempfile

            import pycrfsuite

            folder = os.path.join(os.path.dirname(importlib.util.find_spec("pyvi").origin), "models")
            bi_next, tri_next = {}, {}
            with open(os.path.join(folder, "words.txt"), encoding="utf-8") as fin:
                for token in fin.read().split("\n"):
                    parts = token.split(" ")
                    if len(parts) == 2:
                        bi_next.setdefault(parts[0], set()).add(parts[1])
                    elif len(parts) == 3:
                        tri_next.setdefault(parts[0], {}).setdefault(parts[1], set()).add(parts[2])
            with open(os.path.join(folder, "pyvi3.pkl"), "rb") as fin:
                crf = _CRFUnpickler(fin).load()
            # As sklearn_crfsuite does: the model goes to a file that the tagger opens
            # (crfsuite reads it whole; an in-memory model would point into a buffer
            # that Python may free).
            with tempfile.NamedTemporaryFile(prefix="pyvi", suffix=".crfsuite") as model:
                model.write(crf.modelfile.__FILE_RESOURCE_DATA__)
                model.flush()
                tagger = pycrfsuite.Tagger()
                tagger.open(model.name)
            cls.bi_next, cls.tri_next, cls.tagger = bi_next, tri_next, tagger
        return cls


class _Pickled:
    """Stand-in for a pickled sklearn_crfsuite object: just its attributes."""

    def __setstate__(self, state):
        self.__dict__.update(state)


class _CRFUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module.split(".")[0] == "sklearn_crfsuite":
            return _Pickled
        return super().find_class(module, name)


# Each syllable's features as crfsuite attributes, encoded once: what it contributes
# as the current syllable, as the previous one (``-1:``) and as the next one (``+1:``).
# pycrfsuite turns ``{"word.lower()": "hội", "word.istitle()": 1.0}`` into the
# attributes ``word.lower():hội`` and ``word.istitle()`` with weight 1.0; a list of
# (byte) strings is the same attributes with weight 1.0, so the CRF sees the very same
# item, in the same order (false booleans are left out as before).
_FRAGMENTS: dict[str, tuple] = {}
_MAX_FRAGMENTS = 50_000
_BIAS = b"bias"
# Bigram / trigram flags after the previous syllable's features and after the next
# one's, indexed by bigram + 2 * trigram.
_BEFORE = ((), (b"-1:word.bi_gram()",), (b"-2:word.tri_gram()",),
           (b"-1:word.bi_gram()", b"-2:word.tri_gram()"))
_AFTER = ((), (b"+1:word.bi_gram()",), (b"+2:word.tri_gram()",),
          (b"+1:word.bi_gram()", b"+2:word.tri_gram()"))


_NONE: frozenset = frozenset()
_NO_TRIGRAMS: dict = {}


def _fragments(token: str) -> tuple:
    model = _Model.load()
    low = token.lower()
    title, upper = token.istitle(), token.isupper()
    enc = low.encode("utf-8")
    own = [_BIAS, b"word.lower():" + enc]
    prev = [b"-1:word.lower():" + enc]
    nxt = [b"+1:word.lower():" + enc]
    if upper:
        own.append(b"word.isupper()")
    if title:
        own.append(b"word.istitle()")
    if token.isdigit():
        own.append(b"word.isdigit()")
    if title:
        prev.append(b"-1:word.istitle()")
        nxt.append(b"+1:word.istitle()")
    if upper:
        prev.append(b"-1:word.isupper()")
        nxt.append(b"+1:word.isupper()")
    frag = (low, tuple(own), tuple(prev), tuple(nxt),
            model.bi_next.get(low, _NONE), model.tri_next.get(low, _NO_TRIGRAMS))
    if len(_FRAGMENTS) >= _MAX_FRAGMENTS:
        _FRAGMENTS.clear()
    _FRAGMENTS[token] = frag
    return frag


def _features(tokens: list[str]) -> list[tuple]:
    """pyvi's features for each syllable (``ViTokenizer.word2features``, false booleans
    left out), as crfsuite attribute lists."""
    get = _FRAGMENTS.get
    frags = [get(t) or _fragments(t) for t in tokens]
    if len(frags) == 1:
        return [frags[0][1]]
    lower = [f[0] for f in frags]
    # flag[i]: syllables i, i+1 are a known bigram (1), i..i+2 a known trigram (2).
    flag = [
        (b in f[4]) + 2 * (c in f[5].get(b, _NONE))
        for f, b, c in zip(frags, lower[1:], lower[2:])
    ]
    flag.append(lower[-1] in frags[-2][4])
    # Syllable i looks back at flag[i-1] (its bigram with i-1 and the trigram i-2..i,
    # which is flag[i-2]'s) and forward at flag[i].
    back = [flag[0] & 1] + [(f & 1) | (g & 2) for f, g in zip(flag[1:], flag)]
    feats = [(*frags[0][1], *frags[1][3], *_AFTER[flag[0]])]
    feats += [
        (*cur[1], *before[2], *_BEFORE[b], *after[3], *_AFTER[f])
        for before, cur, after, b, f in zip(frags, frags[1:], frags[2:], back, flag[1:])
    ]
    feats.append((*frags[-1][1], *frags[-2][2], *_BEFORE[back[-1]]))
    return feats


_PUNCT = set(string.punctuation)


def _join(tokens: list[str], labels: list[str]) -> list[str]:
    words = [tokens[0]]
    for prev, cur, label in zip(tokens, tokens[1:], labels[1:]):
        if (
            label == "I_W"
            and cur not in _PUNCT
            and prev not in _PUNCT
            and not cur[0].isdigit()
            and not prev[0].isdigit()
            and not (cur[0].istitle() and not prev[0].istitle())
        ):
            words[-1] = words[-1] + "_" + cur
        else:
            words.append(cur)
    return words


def _chunks(text: str):
    """Lines of ``text``, each cut at spaces (or hard) into pieces of bounded length."""
    for line in text.split("\n"):
        while len(line) > _MAX_CHUNK:
            cut = line.rfind(" ", _MAX_CHUNK // 2, _MAX_CHUNK)
            if cut <= 0:
                cut = _MAX_CHUNK
            yield line[:cut]
            line = line[cut:]
        if line.strip():
            yield line


@lru_cache(maxsize=4096)
def _segment_chunk(chunk: str) -> tuple[str, ...]:
    # Cached: a title or lead is segmented for its own field and again as part of the
    # whole text; captions and bylines also repeat across articles.
    tokens = _pyvi_syllables(chunk)
    if not tokens:
        return ()
    labels = _Model.load().tagger.tag(_features(tokens))
    return tuple(_join(tokens, labels))


def segment(text: str) -> list[str]:
    """pyvi word segmentation of NFC text: ``["Hội_nghị", "cán_bộ", ...]`` (case kept).

    Text written entirely in capitals is segmented in lower case (pyvi's model relies on
    case and would otherwise split every capitalised syllable).
    """
    text = unicodedata.normalize("NFC", text)
    words: list[str] = []
    for chunk in _chunks(text):
        if chunk.isupper():
            chunk = chunk.lower()
        words.extend(_segment_chunk(chunk))
    return words


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _canonical_word(word: str) -> str:
    return "_".join(canonical_syllable(s) for s in word.lower().split("_") if s)


def query_terms(text: str) -> list[tuple[str, list[str]]]:
    """The words of a query as the index holds them: for each word its exact token (as
    in the words fields: ``hội_nghị``, ``4,45``) and its syllables (as in the folded
    fields, before folding: ``["hội", "nghị"]``, ``["4", "45"]``)."""
    out = []
    for word in segment(text):
        if not _is_word(word) or len(word) > _MAX_TOKEN_CHARS:
            continue
        exact = _canonical_word(word)
        sylls = _SYLLABLE_RE.findall(exact)
        if sylls:
            out.append((exact, sylls))
    return out


def query_words(text: str) -> list[list[str]]:
    """The words of a query, each as its canonical syllables: ``[["hội", "nghị"], ...]``."""
    return [sylls for _, sylls in query_terms(text)]


# ---------------------------------------------------------------------------
# Whoosh pipeline pieces
# ---------------------------------------------------------------------------

MAX_TOKEN_CHARS = _MAX_TOKEN_CHARS = 80  # a longer token is not a word (not indexed)


class _PieceTokenizer(Tokenizer):
    """A Whoosh tokenizer over the pieces that ``_pieces`` yields: ``(text, start,
    end, gap)``, where ``gap`` is how many positions to skip before the piece."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def _pieces(self, value: str):
        raise NotImplementedError

    def __call__(
        self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
        start_pos=0, start_char=0, tokenize=True, mode="", **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            yield t
            return
        pos = start_pos
        for text, start, end, gap in self._pieces(value):
            pos += gap
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = pos
            if chars and start is not None:
                t.startchar = start_char + start
                t.endchar = start_char + end
            pos += 1
            yield t


class VietnameseWordTokenizer(_PieceTokenizer):
    """Segments the text with pyvi and yields one token per word (``Hội_nghị``)."""

    def _pieces(self, value):
        for word in segment(value):
            if _is_word(word) and len(word) <= _MAX_TOKEN_CHARS:
                yield word, None, None, 0


class SyllableTokenizer(_PieceTokenizer):
    """Yields every syllable (a run of letters, or of digits) with its offsets."""

    def _pieces(self, value):
        for m in _SYLLABLE_RE.finditer(unicodedata.normalize("NFC", value)):
            if len(m.group(0)) <= _MAX_TOKEN_CHARS:
                yield m.group(0), m.start(), m.end(), 0


class SyllablePairTokenizer(_PieceTokenizer):
    """Yields every two glued neighbouring syllables as one token (``Sơn_La``)."""

    def _pieces(self, value):
        for pair in syllable_pairs(value):
            if len(pair) <= 2 * _MAX_TOKEN_CHARS + 1:
                yield pair, None, None, 0


class NameListTokenizer(_PieceTokenizer):
    """Comma-separated person names → their syllables, with a wide position gap between
    names so that a phrase never runs from one name into the next."""

    GAP = 100

    def _pieces(self, value):
        gap = 0
        for name in split_persons(unicodedata.normalize("NFC", value)):
            for syllable in _SYLLABLE_RE.findall(name):
                yield syllable, None, None, gap
                gap = 0
            gap = self.GAP


class CanonicalFilter(Filter):
    """Lower-cases a word token and spells each of its syllables canonically."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = _canonical_word(t.text)
            yield t


def _fold_token(text: str) -> str:
    """A syllable, or syllables joined by ``_``, lower-cased and without accents."""
    if "_" not in text:
        return _fold_word(text)
    return "_".join(_fold_word(s) for s in text.split("_"))


class FoldFilter(Filter):
    """Lower-cases a token and removes its accents (``Hội`` → ``hoi``, ``Sơn_La`` →
    ``son_la``)."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = _fold_token(t.text)
            yield t


def word_analyzer():
    """Accented words: pyvi segmentation, lower case, canonical spelling."""
    return VietnameseWordTokenizer() | CanonicalFilter()


def folded_analyzer():
    """Accent-folded syllables with positions, for queries typed without accents."""
    return SyllableTokenizer() | FoldFilter()


def syllable_analyzer():
    """Accented syllables, canonical lower case (``kỹ`` in ``kỹ_thuật`` on its own)."""
    return SyllableTokenizer() | CanonicalFilter()


def pair_analyzer():
    """Glued syllable pairs, canonical lower case (``sơn_la``)."""
    return SyllablePairTokenizer() | CanonicalFilter()


def folded_pair_analyzer():
    """Glued syllable pairs, accent-folded (``son_la``)."""
    return SyllablePairTokenizer() | FoldFilter()


def name_analyzer():
    """Syllables of comma-separated person names, canonical lower case."""
    return NameListTokenizer() | CanonicalFilter()


def folded_name_analyzer():
    """Syllables of comma-separated person names, accent-folded."""
    return NameListTokenizer() | FoldFilter()

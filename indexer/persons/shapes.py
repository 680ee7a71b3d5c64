"""What a token looks like: a Vietnamese syllable, a foreign word, capitals, an initial."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SHAPE_CACHE = 65536  # words whose shapes are remembered (the rules and the tagger ask for the same)

VN_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ch|ng|nh|[cmnpt])?$"
)
VN_MARKS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


ETHNIC_RE = re.compile(r"^[HY]['’][A-ZĐ]")
WORD_RE = re.compile(r"[^\W\d_][\w'’]*(?:-\w+)*")


def words_of(text: str) -> list[str]:
    """The words of a text or a name as the stretches hold them, case kept (``C.Ronaldo``
    → ``C``, ``Ronaldo``; ``2-1`` is not a word).

    >>> words_of("HLV Park Hang-seo: 2-1, C.Ronaldo")
    ['HLV', 'Park', 'Hang-seo', 'C', 'Ronaldo']
    """
    return WORD_RE.findall(text)


def camel(tok: str) -> bool:
    """Brand-like internal capitals (VPBank, iPhone, YouTube); Mc/Mac/O' ok."""
    body = tok[1:]
    if body == body.lower() or "'" in tok or "’" in tok or "-" in tok:
        return False
    return not re.match(r"^(?:Mc|Mac|De|Di|Da|La|Le|Van|Von)[A-Z]", tok)


def is_cap(tok: str) -> bool:
    return tok[:1].isupper()


@lru_cache(maxsize=SHAPE_CACHE)
def is_allcaps(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def strip_marks(s: str) -> str:
    d = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c))


@lru_cache(maxsize=SHAPE_CACHE)
def vietnamese_shaped(tok: str) -> bool:
    """True if *tok* looks like a Vietnamese syllable."""
    if VN_MARKS.search(tok.lower()):
        return True
    return bool(VN_SYLLABLE_RE.match(strip_marks(tok)))


@lru_cache(maxsize=SHAPE_CACHE)
def foreign_shaped(tok: str) -> bool:
    low = tok.lower()
    if "-" in low or "'" in low or "’" in low:
        return True
    return not vietnamese_shaped(tok)


def is_initial(tok, nxt_gap: str) -> bool:
    """Is the run token ``tok`` (followed by ``nxt_gap``) an initial (``L.``, ``Th.``)?"""
    w = tok.text
    if len(w) == 1 and w.isupper():
        return True
    return nxt_gap[:1] == "." and len(w) <= 3 and not _VOWEL_RE.search(w.lower())


_VOWEL_RE = re.compile(r"[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")


def _cut_to_initial(word: str) -> bool:
    """One to three letters, a capital first, no vowel (``Th``, ``Nh``, ``Q``)."""
    return len(word) <= 3 and word[:1].isupper() and not _VOWEL_RE.search(word.lower())


def anonymised(words: list[str]) -> bool:
    """Is a name a Vietnamese name cut to an initial, the way articles anonymise a
    person (``Lê Thị Th``, ``Nguyễn Q S``, ``Yến Nh``): a Vietnamese syllable, syllables or
    initials, then a last word of one to three letters without a vowel?  Not a foreign name with an
    initial (``Tony D``) nor ``Lý A Hử`` (``A`` is a given name there).  A word alone of
    one to three letters without a vowel is an initial too (``Th``)."""
    if not _cut_to_initial(words[-1]):
        return False
    return len(words) == 1 or (vietnamese_shaped(words[0])
                               and all(vietnamese_shaped(w) or len(w) == 1 for w in words[1:-1]))

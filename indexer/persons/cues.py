"""The words around a run: a title or kinship word before it (``ông``, ``HLV``), a place
word (``đường``, ``quận``), a speech verb or an apposition after it (``cho biết``)."""
from __future__ import annotations

import re
from functools import lru_cache

from .shapes import vietnamese_shaped
from .words import (CAPS_PERSON_CUES, PERSON_COMPOUNDS, PERSON_CUE_PHRASES, PERSON_CUE_WORDS, PLACE_CUE_PHRASES,
                    PLACE_CUE_WORDS, PLACES, PLACES_NAMED_AFTER_PERSONS, STRONG_SINGLE_CUES, dictionary_words)


ANON_AFTER_RE = re.compile(r"^\.\s?[A-ZĐ](?!\w)")
LIST_GAP_RE = re.compile(r"\s*[,;]\s*|\s+-\s+|\s*\)\s*[,;]\s*|\s+và\s+")


# what ends a clause: a comma, a bracket, a quote..., a full stop before a space, a dash
# between spaces; written backwards (a full stop after a space) to be searched for in the
# text before a name read backwards, whose first is the clause's start
CLAUSE_MARK_BACKWARDS_RE = re.compile(r"[,;!?()\[\]\"“”…]|(?<=\s)\.|\s[-–]\s")


CUE_CACHE = 8192  # places and word tuples whose cues are remembered (the rules and the tagger ask for the same)


@lru_cache(maxsize=CUE_CACHE)
def prev_words(p: str, start: int, n: int = 5) -> tuple[str, ...]:
    """Lower-cased words right before *start* (same clause), nearest last.

    >>> prev_words("Hôm qua, tại Hà Nội, Thủ tướng Phạm Minh Chính", 31)
    ('thủ', 'tướng')
    >>> prev_words("Theo bà Lan - người dân Hoa", 24), prev_words("Ông Nam", 0)
    (('người', 'dân'), ())
    """
    seg = p[max(0, start - 60):start]
    if not seg or seg[-1] not in " :":
        return ()
    mark = CLAUSE_MARK_BACKWARDS_RE.search(seg[::-1])
    if mark is not None:
        seg = seg[len(seg) - mark.start():]
    words = seg.replace(":", " ").lower().split()
    if start > 60 and len(words) > n:
        words = words[1:]
    return tuple(words[-n:])


_CUE_LAST: frozenset[str] | None = None


def _cue_last_words() -> frozenset:
    global _CUE_LAST
    if _CUE_LAST is None:
        last = set()
        for ph in PLACE_CUE_PHRASES | PERSON_CUE_PHRASES:
            last.add(ph.split()[-1].rstrip("."))
        last |= {w.rstrip(".") for w in PLACE_CUE_WORDS | PERSON_CUE_WORDS}
        _CUE_LAST = frozenset(last)
    return _CUE_LAST


TITLE_ABBR_RE = re.compile(r"(?:pgs|gs|ts|ths|bs|bsck\w*|ts\.bs|pgs\.ts|gs\.ts|ths\.bs)\.?")


@lru_cache(maxsize=CUE_CACHE)
def cue_kind(words: tuple[str, ...]):
    """Classify the nearest cue in *words* (tokens right before a name)."""
    if not words:
        return None
    w1 = words[-1]
    w1n = w1.rstrip(".")
    if w1n not in _cue_last_words() and "." not in w1:
        return None
    for k in (4, 3, 2, 1):
        if len(words) >= k:
            phrase = " ".join(words[-k:]).replace(". ", ".") if k > 1 else w1
            phrase_nodot = phrase.rstrip(".")
            if phrase in PLACE_CUE_PHRASES or (k == 1 and phrase_nodot in PLACE_CUE_WORDS):
                return "place"
            if phrase in PERSON_CUE_PHRASES or (k == 1 and (phrase in PERSON_CUE_WORDS or phrase_nodot in PERSON_CUE_WORDS)
                                                and not ends_common_word(words)):
                return "person"
            if k == 1 and TITLE_ABBR_RE.fullmatch(phrase):
                return "person"
    return None


def ends_common_word(words: tuple[str, ...]) -> bool:
    """Whether a kinship word or pronoun before a name (``_PLAIN_CUE_WORDS``, the last of
    ``words``, from ``prev_words``) ends a common word of pyvi's dictionary with the word
    before it, that common word no person's (``tuyên bố``, ``công bố``, ``khủng bố``:
    declare, publish, terror, not "father"; ``trẻ em``, ``công cụ``): then it is no cue.
    Two persons' words stay a cue (``anh em``, ``vợ chồng``), as do the common words that
    name a person (``PERSON_COMPOUNDS``: ``đàn em``, ``sư thầy``) and the words that end
    in a person's suffix (``độc giả``, ``chuyên gia``: not kinship words).

    >>> ends_common_word(("ông", "tuyên", "bố")), ends_common_word(("vợ", "chồng")), ends_common_word(("đàn", "em"))
    (True, False, False)
    """
    if len(words) < 2 or words[-1].rstrip(".") not in _PLAIN_CUE_WORDS:
        return False
    before = words[-2]
    if before in PERSON_CUE_WORDS or before in STRONG_SINGLE_CUES:
        return False
    pair = f"{before} {words[-1].rstrip('.')}"
    return pair in dictionary_words() and pair not in PERSON_COMPOUNDS


@lru_cache(maxsize=CUE_CACHE)
def strong_cue(words: tuple[str, ...]) -> bool:
    if not words:
        return False
    w1 = words[-1].rstrip(".")
    if (w1 in STRONG_SINGLE_CUES and not ends_common_word(words)) or TITLE_ABBR_RE.fullmatch(words[-1]) \
            or w1.upper() in CAPS_PERSON_CUES:
        return True
    return any(" ".join(words[-k:]) in STRONG_SINGLE_CUES for k in (2, 3) if len(words) >= k)


def place_as_given_name(words, strongly_cued: bool) -> bool:
    """Whether one Vietnamese syllable that also names a place is a given name here:
    right after a strong person cue (``strong_cue``: ``bầu Đức``, ``ông Đức``, not Germany).

    >>> place_as_given_name(["Đức"], strong_cue(("của", "bầu"))), place_as_given_name(["Đức"], strong_cue(("nước",)))
    (True, False)
    """
    return strongly_cued and len(words) == 1 and words[0] in PLACES and vietnamese_shaped(words[0])


def place_as_person(words, before: tuple[str, ...]) -> bool:
    """Whether a place named after a person (``PLACES_NAMED_AFTER_PERSONS``) is the person
    here: right after one of the person's titles (``before``: the words before it, from
    ``prev_words``).

    >>> place_as_person(["Hồ", "Chí", "Minh"], ("viếng", "chủ", "tịch")), place_as_person(["Hồ", "Chí", "Minh"], ("tp",))
    (True, False)
    >>> place_as_person(["Hồ", "Chí", "Minh"], ("học", "viện", "chính", "trị", "quốc", "gia"))
    False
    """
    titles = PLACES_NAMED_AFTER_PERSONS.get(" ".join(words))
    return titles is not None and bool(before) and (before[-1] in titles or " ".join(before[-2:]) in titles)


# person cue words that are also pronouns, kinship words or everyday nouns ("anh" is also
# England, "em" a younger sibling): alone and not right before a name, no title
_PLAIN_CUE_WORDS = frozenset("ông bà anh chị em cháu cụ cô chú bác bé bạn nàng chàng vợ chồng mẹ bố cha".split())
TITLE_WORDS_BEFORE = 4  # words before a name read for a title further back, at most


@lru_cache(maxsize=CUE_CACHE)
def title_before(words: tuple[str, ...]) -> bool:
    """Is there a person's title among the last words before a name (``words``, from
    ``prev_words``) though not right before it: a title, then what it is the title of
    (``Chủ tịch Thượng viện Patrick Leahy``, ``Tham mưu trưởng IDF Aviv Kochavi``,
    ``Thủ hiến bang Victoria Daniel Andrews``)?"""
    words = words[-TITLE_WORDS_BEFORE:]
    for i in range(len(words) - 1):
        for k in (4, 3, 2):
            if i + k < len(words) and " ".join(words[i:i + k]) in PERSON_CUE_PHRASES:
                return True
        w = words[i].rstrip(".")
        if (w in PERSON_CUE_WORDS and w not in _PLAIN_CUE_WORDS) or TITLE_ABBR_RE.fullmatch(words[i]) \
                or w.upper() in CAPS_PERSON_CUES:
            return True
    return False


AFTER_NUMBER_RE = re.compile(r"(?<![\w/.,:-])\d+[A-Za-z]?(?:/\d+[A-Za-z]?)* $")


def after_number(p: str, start: int) -> bool:
    """Is the capitalised word at ``start`` of ``p`` written right after a number and a
    space: a house number (``ngõ 36 Giang Văn Minh``, ``số 97 Trần Bình``), a route's or a
    unit's number (``Bệnh viện số 2 Quảng Ninh``)?  Names of persons are not written so
    (none in the development half's 269 such places)."""
    return bool(AFTER_NUMBER_RE.search(p, max(0, start - 16), start))


APPOSITION_RE = re.compile(r"\s*(?:,|\s[-–])\s*")
APPOSITION_WORDS = 4  # words after the comma read for a cue phrase at most


def apposition_kind(after: str) -> str:
    """The class of a cue phrase written right after a name, after a comma or a dash:
    ``person`` (``Lacazette, tiền đạo người Pháp``, ``Janka Oertel, Giám đốc …``),
    ``place`` (``Takeo, tỉnh …``) or ``''``."""
    if after[:1] == " " and after[1:2].isalnum():
        return ""  # the commonest case, a word right after the name (what APPOSITION_RE rejects)
    m = APPOSITION_RE.match(after)
    if not m:
        return ""
    words = after[m.end():].lower().split(None, APPOSITION_WORDS)[:APPOSITION_WORDS]
    for k in range(len(words), 0, -1):
        phrase = " ".join(words[:k])
        if phrase in PERSON_CUE_PHRASES or (k == 1 and phrase in PERSON_CUE_WORDS):
            return "person"
        if phrase in PLACE_CUE_PHRASES or (k == 1 and phrase in PLACE_CUE_WORDS):
            return "place"
    return ""


FOLLOW_PERSON_RE = re.compile(
    r"^\s*(?:,\s*(?:người|một|nhà|cựu|đồng|tác giả|chuyên gia|giám đốc|chủ tịch|trưởng|phó|tổng|cố vấn|ca sĩ|diễn viên|sinh năm|\d+\s*tuổi)"
    r"|\(\s*(?:sinh năm|\d+\s*tuổi|SN)"
    r"|(?:cho biết|cho hay|cho rằng|nói|chia sẻ|khẳng định|nhấn mạnh|tiết lộ|tuyên bố|bình luận|phát biểu|giải thích|thừa nhận|nhận định|nhận xét|bày tỏ|cảnh báo|kêu gọi|ghi bàn|lập công|giãi bày|vô tư)\b"
    r"|\s+-\s+(?:người|Chủ|Phó|Giám|Tổng|Trưởng|Bí|Thứ|Bộ|Cố|CEO|nhà|chuyên|huyền))"
)


CLOSING = ".,;:!?)]}\"'”’…"
"""What may close a word before the next: a stop, a bracket, a quote."""

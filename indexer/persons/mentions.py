"""Mentions that point to one person: a shorter mention that is part of a longer name
(``ông Phúc``, ``Messi``) or a one-letter misspelling of it is merged into it; each person
once, as its fullest form, in order of first mention.  A mention whose full name the
article writes only where the tagger did not find it is completed first (``complete``).

>>> merge([Mention(9, ["Phúc"]), Mention(0, ["Nguyễn", "Xuân", "Phúc"])], [])
['Nguyễn Xuân Phúc']
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .runs import Run
from .shapes import SHAPE_CACHE, VN_MARKS, foreign_shaped, strip_marks, vietnamese_shaped
from .stretches import text_of
from .words import NICKNAMES, NONPERSON, NOT_NAME_START, PLACES, SURNAMES


@dataclass
class Mention:
    """A person's name where the article gives it: its position (``Tok.gidx``), its
    words (as compared) and its text as written (``John F. Kennedy``, ``C.Ronaldo``)."""
    pos: int
    words: list[str]
    text: str = ""

    def __post_init__(self):
        self.text = self.text or " ".join(self.words)


FOREIGN_GIVEN_WORDS_AT_MOST = 2  # words of a foreign name before its family name, when completed


def complete(mentions: list[Mention], runs: list[Run], paras: list[str]) -> list[Mention]:
    """``mentions`` and, for each that no longer mention holds, the one full name of it
    that the article writes where the tagger did not find it (after a place or an
    organisation it took for part of the name, ``Bộ NN&PTNT Lê Minh Hoan``, ``UEFA Jesper
    Moller``): a capitalised run (``runs``: after the rules' stripping) that ends with the
    mention and is a Vietnamese full name (``ông Hoan``: ``Lê Minh Hoan``) or, for a
    foreign family name, has one or two foreign given names before it (``ông Moller``:
    ``Jesper Moller``; not a title, ``Lord Rees``).  Where two such names end with it, the
    mention stays as it is.

    >>> from .runs import Tok
    >>> paras = ["Bộ trưởng Bộ NN&PTNT Lê Minh Hoan phát biểu. Ông Hoan nói."]
    >>> run = Run([Tok(w, i, i + len(w), "", 0, i) for w, i in (("Lê", 21), ("Minh", 24), ("Hoan", 29))])
    >>> run.ws, run.nm = ["Lê", "Minh", "Hoan"], "Lê Minh Hoan"
    >>> [m.text for m in complete([Mention(50, ["Hoan"])], [run], paras)]
    ['Hoan', 'Lê Minh Hoan']
    """
    out = list(mentions)
    ending: dict[str, list[Run]] = {}  # the runs of two words or more by their last word
    for r in runs:
        if len(r.ws) >= 2:
            ending.setdefault(r.ws[-1], []).append(r)
    if not ending:
        return out
    held: set[tuple[str, ...]] | None = None  # the parts of every name found, made when first needed
    for words in dict.fromkeys(tuple(m.words) for m in mentions):  # each once, in order
        longer = ending.get(words[-1])
        if not longer:
            continue
        if held is None:
            held = {part for m in mentions for part in _parts(m.words)}
        if words in held:
            continue
        fuller: dict[tuple[str, ...], tuple[Run, int]] = {}
        for r in longer:
            k = _full_name_start(r, list(words))
            if k is not None:
                fuller.setdefault(tuple(r.ws[k:]), (r, k))
        if len(fuller) == 1:
            ((r, k),) = fuller.values()
            out.append(Mention(r.toks[k].gidx, list(r.ws[k:]), text_of(r.toks[k:], paras)))
            held.update(_parts(r.ws[k:]))
    return out


def _parts(words) -> set[tuple[str, ...]]:
    """The contiguous parts of a name shorter than it (``contains``)."""
    n = len(words)
    return {tuple(words[i:j]) for i in range(n) for j in range(i + 1, n + 1) if j - i < n}


def _full_name_start(r: Run, words: list[str]) -> int | None:
    """Where in run ``r`` a full name ending with ``words`` begins (``complete``), or
    ``None``."""
    ws, n = r.ws, len(words)
    if len(ws) <= n or ws[-n:] != words or r.anonym or r.quoted or r.nm in NONPERSON:
        return None
    if ws[0] in SURNAMES and len(ws) <= 4 and all(vietnamese_shaped(w) for w in ws):
        return 0
    if n != 1 or not foreign_shaped(words[0]):
        return None
    k = len(ws) - 1
    while k > 0 and len(ws) - k <= FOREIGN_GIVEN_WORDS_AT_MOST and _foreign_given(ws[k - 1]):
        k -= 1
    if k < len(ws) - 1 and ws[k].lower() in NOT_NAME_START:  # "Lord Rees", "Rapper Tyga"
        k += 1
    return k if k < len(ws) - 1 else None


def _foreign_given(w: str) -> bool:
    """Whether a word may be a foreign given name before a family name: capitalised, more
    than a letter, foreign in shape, no known place or organisation."""
    return len(w) > 1 and w[:1].isupper() and foreign_shaped(w) and w not in NONPERSON and w not in PLACES


def merge(mentions: list[Mention], runs: list[Run]) -> list[str]:
    """The persons of an article: ``mentions`` merged, ordered by the first of ``runs``
    (every capitalised run of the article) that names them or part of them.  A mention
    joins the longer name that holds it (compared as ``folded``: in any capitals, a
    foreign word with or without its accents), that it misspells by a letter
    (``_similar``), or, when only one does, that it shortens by middle words
    (``middle_dropped``) or by the ends of foreign words (``clipped``: ``Ibra``); a
    nickname joins the one person it names (``nickname_of``: ``Zico``, Kiatisuk)."""
    persons: list[Mention] = []
    lows: list[list[str]] = []  # each person's words, folded
    nicknamed: list[int] = []  # the persons first named by a nickname (``Zico``)
    seen: set[tuple[str, ...]] = set()
    # longest names first so that shorter ones can be merged into them; a name again (its
    # first place the lowest, as sorted) joins the person it joined before, so is skipped
    for m in sorted(mentions, key=lambda e: (-len(e.words), e.pos)):
        if tuple(m.words) in seen:
            continue
        seen.add(tuple(m.words))
        low = [folded(w) for w in m.words]  # "van de Beek" is "Van De Beek"'s, "Fernández" "Fernandez"'s
        for p, p_low in zip(persons, lows):
            if p_low == low or contains(p_low, low) or _similar(p.words, m.words):
                p.pos = min(p.pos, m.pos)
                break
        else:
            # one person only: "Nguyễn Anh" beside two Nguyễn ... Anh is neither
            fuller = [p for p, p_low in zip(persons, lows) if middle_dropped(p_low, low)]
            if not fuller and any(_clippable(v) for v in low):
                fuller = [p for p in persons if clipped(p.words, m.words)]
            named = [] if fuller else _named(persons, nicknamed, m.words)
            if len(fuller) == 1:
                fuller[0].pos = min(fuller[0].pos, m.pos)
            elif len(named) == 1:
                p = persons[named[0]]
                if nickname_of(p.words, m.words):  # the nickname came first: the person is named by the name
                    p.words, p.text, lows[named[0]] = list(m.words), m.text, low
                p.pos = min(p.pos, m.pos)
            else:
                if tuple(m.words) in NICKNAMES:
                    nicknamed.append(len(persons))
                persons.append(Mention(m.pos, list(m.words), m.text))
                lows.append(low)
    _first_mentions(persons, runs)
    persons.sort(key=lambda p: p.pos)
    out: list[str] = []
    written: set[str] = set()
    for p in persons:
        if p.text not in written:
            written.add(p.text)
            out.append(p.text)
    return out


def _first_mentions(persons: list[Mention], runs: list[Run]) -> None:
    """Move each person to the first run equal to the name, or to a part of it given
    with a cue or of two words or more (``ông Hùng`` before ``Nguyễn Thế Hùng``)."""
    first_any: dict = {}
    first_strong: dict = {}
    for r in runs:
        if r.kind == "nonperson" and r.place_cued:
            continue
        key = tuple(r.ws)
        first_any.setdefault(key, r.pos)
        if len(key) >= 2 or r.cued:
            first_strong.setdefault(key, r.pos)
    for p in persons:
        ws = p.words
        best = first_any.get(tuple(ws), p.pos)
        n = len(ws)
        for i in range(n):
            for j in range(i + 1, n + 1):
                if j - i == n:
                    continue
                q = first_strong.get(tuple(ws[i:j]))
                if q is not None and q < best:
                    best = q
        p.pos = min(p.pos, best)


@lru_cache(maxsize=SHAPE_CACHE)
def folded(word: str) -> str:
    """A word as names are compared: in lower case, one apostrophe, and a foreign word
    without its accents (a Vietnamese syllable keeps its marks: ``Hùng`` is not ``Hưng``).

    >>> [folded(w) for w in ("Fernández", "O’Brien", "Óscar", "Hùng")]
    ['fernandez', "o'brien", 'oscar', 'hùng']
    """
    low = word.lower().replace("’", "'")
    plain = strip_marks(low)
    return low if vietnamese_shaped(plain) and "'" not in low else plain


CLIPPED_AT_LEAST = 3  # letters a clipped foreign word keeps


def clipped(big: list[str], small: list[str]) -> bool:
    """Is ``small`` a part of the name ``big`` with the ends of some foreign words cut
    off, at least ``CLIPPED_AT_LEAST`` letters kept (``Ibra`` / ``Zlatan Ibrahimovic``,
    ``Manu Trigueros`` / ``Manuel Trigueros``, ``Miguel Diaz`` / ``Miguel Diaz-Canel``)?
    Words are compared ``folded``.  A Vietnamese syllable is never clipped (``Phú`` is not
    ``Phúc``), nor is a word glued to the next one (``_glued``).

    >>> clipped(["Zlatan", "Ibrahimovic"], ["Ibra"]), clipped(["Nguyễn", "Phúc"], ["Phú"])
    (True, False)
    >>> clipped(["Taylor", "SwiftvàHarry", "Styles"], ["Taylor", "Swift"]), clipped(["Dmitry", "Peskovkhẳng"], ["Peskov"])
    (False, False)
    """
    n, m = len(big), len(small)
    for i in range(n - m + 1):
        cut = 0
        for k, (w, v) in enumerate(zip(big[i:i + m], small)):
            fw, fv = folded(w), folded(v)
            if fw == fv:
                continue
            if len(fv) < CLIPPED_AT_LEAST or not fw.startswith(fv) or vietnamese_shaped(fv) \
                    or vietnamese_shaped(fw) or _glued(w[len(v):], m > 1 and k == m - 1):
                break
            cut += 1
        else:
            if cut:
                return True
    return False


def _clippable(v: str) -> bool:
    """Whether a folded word could be a clipped foreign word (``clipped``)."""
    return len(v) >= CLIPPED_AT_LEAST and not vietnamese_shaped(v)


def _glued(tail: str, last: bool) -> bool:
    """Whether the rest of a word is another word glued on, not a longer ending
    (``himovic``) or a hyphened part (``-Canel``): it holds a capital (``vàHarry``) or a
    Vietnamese mark (``khẳng``), or, after the last word of a name of several, is a
    Vietnamese syllable (``Donald Trump|tin``)."""
    parts = tail.split("-")
    return (any(part[1:] != part[1:].lower() for part in parts) or VN_MARKS.search(parts[0]) is not None
            or (last and parts[0] != "" and vietnamese_shaped(parts[0])))


def _named(persons: list[Mention], nicknamed: list[int], words: list[str]) -> list[int]:
    """The persons that ``words`` is a nickname of, or, of those first named by a
    nickname (``nicknamed``), those it names."""
    if tuple(words) in NICKNAMES:
        return [k for k, p in enumerate(persons) if nickname_of(words, p.words)]
    return [k for k in nicknamed if nickname_of(persons[k].words, words)]


def nickname_of(nickname: list[str], name: list[str]) -> bool:
    """Is ``nickname`` one that ``persons_nicknames.txt`` gives for a person a word of
    ``name`` names (``Zico``, ``Kiatisuk Senamuang``), or ``name`` itself (``Hồ``, ``Hồ
    Chí Minh``)?"""
    targets = NICKNAMES.get(tuple(nickname))
    return targets is not None and (any(w in targets for w in name) or " ".join(name) in targets)


def contains(big: list[str], small: list[str]) -> bool:
    """Is ``small`` a contiguous part of the longer ``big``?"""
    n, m = len(big), len(small)
    if m >= n:
        return False
    return any(big[i:i + m] == small for i in range(n - m + 1))


def middle_dropped(big: list[str], small: list[str]) -> bool:
    """Is ``small`` the longer ``big`` without some of its middle words, its first and last
    kept (``Phạm Kim Huệ`` / ``Phạm Thị Kim Huệ``, ``Harsh Shringla`` / ``Harsh Vardhan
    Shringla``)?  Not when an initial is dropped: it tells a father from his son
    (``George W. Bush`` / ``George H. W. Bush``).

    >>> middle_dropped(["Lương", "Văn", "Cường"], ["Lương", "Cường"])
    True
    >>> middle_dropped(["Amelia", "Patricia", "Vega", "Polanco"], ["Amelia", "Vega"])
    False
    >>> middle_dropped(["George", "H.", "W.", "Bush"], ["George", "W.", "Bush"])
    False
    """
    if len(small) < 2 or len(small) >= len(big) or small[0] != big[0] or small[-1] != big[-1]:
        return False
    dropped, rest = list(big[1:-1]), iter(big[1:-1])
    if not all(w in rest for w in small[1:-1]):  # in order: each found after the one before
        return False
    for w in small[1:-1]:
        dropped.remove(w)
    return not any(len(w.rstrip(".")) == 1 for w in dropped)


def _similar(a: list[str], b: list[str]) -> bool:
    """Names of as many words that differ in capitals or by one letter in one word
    (``Borell`` / ``Borrell``)."""
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diff) != 1:
        return len(diff) == 0 or all(x.lower() == y.lower() for x, y in diff)
    x, y = diff[0]
    if x.lower() == y.lower():
        return True
    return len(x) >= 4 and len(y) >= 4 and x[0] == y[0] and _edit1(x.lower(), y.lower())


def _edit1(a: str, b: str) -> bool:
    """At most one letter inserted, deleted or changed."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = 0
    diff = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        diff += 1
        if diff > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return diff + (len(b) - j) + (len(a) - i) <= 1

"""Mentions that point to one person: a shorter mention that is part of a longer name
(``ông Phúc``, ``Messi``) or a one-letter misspelling of it is merged into it; each person
once, as its fullest form, in order of first mention.

>>> merge([Mention(9, ["Phúc"]), Mention(0, ["Nguyễn", "Xuân", "Phúc"])], [])
['Nguyễn Xuân Phúc']
"""
from __future__ import annotations

from dataclasses import dataclass

from .runs import Run


@dataclass
class Mention:
    """A person's name where the article gives it: its position (``Tok.gidx``), its
    words (as compared) and its text as written (``John F. Kennedy``, ``C.Ronaldo``)."""
    pos: int
    words: list[str]
    text: str = ""

    def __post_init__(self):
        self.text = self.text or " ".join(self.words)


def merge(mentions: list[Mention], runs: list[Run]) -> list[str]:
    """The persons of an article: ``mentions`` merged, ordered by the first of ``runs``
    (every capitalised run of the article) that names them or part of them."""
    persons: list[Mention] = []
    # longest names first so that shorter ones can be merged into them
    for m in sorted(mentions, key=lambda e: (-len(e.words), e.pos)):
        for p in persons:
            if p.words == m.words or contains(p.words, m.words) or _similar(p.words, m.words):
                p.pos = min(p.pos, m.pos)
                break
        else:
            persons.append(Mention(m.pos, list(m.words), m.text))
    _first_mentions(persons, runs)
    persons.sort(key=lambda p: p.pos)
    out, seen = [], set()
    for p in persons:
        if p.text not in seen:
            seen.add(p.text)
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


def contains(big: list[str], small: list[str]) -> bool:
    """Is ``small`` a contiguous part of the longer ``big``?"""
    n, m = len(big), len(small)
    if m >= n:
        return False
    return any(big[i:i + m] == small for i in range(n - m + 1))


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

"""Snippets with the query words marked in the original, unsegmented text.

Every syllable that is a query syllable is marked, and marked syllables that stand side
by side are joined into one ``<mark>``, so whole Vietnamese words are marked
(``<mark>Hội nghị</mark>``).  A query typed with accents marks the syllables spelled as
typed (any tone style); a query typed without accents, or an article that only matched
without accents, has its accentless matches marked.  Everything else is escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

from indexer.analysis import BARE_LETTERS, canonical, canonical_syllable, fold, syllable_spans

from .analysed_query import ParsedQuery
from .settings import SNIPPET_CHARS, SNIPPET_MAX_SPANS, SNIPPET_SCAN_CHARS


Terms = tuple  # (syllables to match, folded?, prefixes, neighbouring pairs)


@lru_cache(maxsize=100_000)
def _key(syl: str, folded: bool) -> str:
    # Cached: a snippet looks at every syllable of an article, and news repeats them.
    return fold(syl) if folded else canonical_syllable(syl).lower()


@lru_cache(maxsize=64)
def _syllables(text: str) -> tuple:
    # Cached: a snippet reads a text once for its accented and once for its accentless
    # marks, then its window again; a page's texts are a few dozen.
    return tuple(syllable_spans(text))


_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")


def _letter_classes() -> dict[str, str]:
    """For each bare letter, a pattern class of every letter that folds to it (``o`` →
    ``[oòóỏõọôồ…]``; ``i`` and ``y`` together, as ``fold`` spells them canonically)."""
    variants: dict[str, set[str]] = {}
    for ch, bare in ((chr(c), b) for c, b in BARE_LETTERS.items()):
        variants.setdefault(bare, {bare}).add(ch)
    variants["i"] = variants["y"] = variants.get("i", {"i"}) | variants.get("y", {"y"})
    return {bare: "[" + "".join(sorted(chars)) + "]" for bare, chars in variants.items()}


_CLASSES = _letter_classes()


def _spelled(bare: str) -> str:
    return "".join(_CLASSES.get(ch) or re.escape(ch) for ch in bare)


@lru_cache(maxsize=512)
def _candidates(wanted: frozenset, prefixes: frozenset) -> re.Pattern | None:
    """A pattern that finds, in a text as written (any case, any marks), every syllable
    that may match: its letters, marks aside; each is then checked as ``_matches``
    would.  None when a key is not one plain syllable."""
    letters, digits = set(), set()
    for key in wanted:
        bare = key.translate(BARE_LETTERS)
        if _LETTERS.fullmatch(bare):
            letters.add(_spelled(bare))
        elif _DIGITS.fullmatch(bare):
            digits.add(bare)
        else:
            return None
    stems = set()
    for prefix in prefixes:
        if not _LETTERS.fullmatch(prefix):
            return None
        stems.add(_spelled(prefix))
    parts = []
    if letters:
        parts.append(r"(?<![^\W\d_])(?:%s)(?![^\W\d_])" % "|".join(sorted(letters, key=len, reverse=True)))
    if digits:
        parts.append(r"(?<!\d)(?:%s)(?!\d)" % "|".join(sorted(digits, key=len, reverse=True)))
    if stems:
        parts.append(r"(?<![^\W\d_])(?:%s)[^\W\d_]*" % "|".join(sorted(stems, key=len, reverse=True)))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _candidate_spans(text: str, terms: Terms):
    """The syllables of ``text`` that may match ``terms``: found by one pattern where
    that can be done (nearly always), else every syllable."""
    wanted, _, prefixes, _ = terms
    pattern = _candidates(frozenset(wanted), frozenset(prefixes or ()))
    if pattern is None:
        return _syllables(text)
    return ((m.start(), m.end(), m.group()) for m in pattern.finditer(text))


def _matches(text: str, terms: Terms) -> list[tuple[int, int]]:
    wanted, folded, prefixes, pairs = terms
    hits = []  # (start, end, key) of every matching syllable
    for start, end, syl in _candidate_spans(text, terms):
        key = _key(syl, folded)
        if key in wanted or (prefixes and any(fold(syl).startswith(p) for p in prefixes)):
            hits.append((start, end, key))
    if pairs:
        # Keep a syllable only where it stands next to its neighbour from the query;
        # when the text has no such pair, every match is kept.
        paired = set()
        for i in range(len(hits) - 1):
            (_, end1, key1), (start2, _, key2) = hits[i], hits[i + 1]
            if (key1, key2) in pairs and not text[end1:start2].strip():
                paired.update((i, i + 1))
        if paired:
            hits = [h for i, h in enumerate(hits) if i in paired]
    spans: list[tuple[int, int]] = []
    for start, end, _ in hits:
        if spans and text[spans[-1][1]:start].strip() == "":
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def terms_for(marks) -> list[Terms]:
    """The ways to mark, best first: exact accented syllables, then accentless ones
    (those keep a common syllable only beside its query neighbour)."""
    folded = (marks.folded, True, marks.prefixes, marks.pairs)
    if marks.accented:
        return [(marks.exact, False, marks.prefixes, getattr(marks, "exact_pairs", set())), folded]
    return [folded]


def mark(text: str, marks) -> Markup:
    """``text`` escaped, with every query word wrapped in ``<mark>``."""
    spans: list[tuple[int, int]] = []
    for terms in terms_for(marks):
        spans = _matches(text, terms)
        if spans:
            break
    return _render(text, spans)


def _render(text: str, spans) -> Markup:
    out = []
    pos = 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def snippet(texts: list[str], marks, size: int = SNIPPET_CHARS) -> Markup:
    """The window of about ``size`` characters that holds the most distinct query words."""
    texts = [t for t in texts if t]
    if not texts:
        return Markup("")
    best = None
    chosen = None
    for terms in terms_for(marks):
        if not terms[0] and not terms[2]:
            break
        for text in texts:
            text = text[:SNIPPET_SCAN_CHARS]
            spans = _matches(text, terms)[:SNIPPET_MAX_SPANS]
            keys = [_key(text[s:e], terms[1]) for s, e in spans]
            # Sliding window over the matches: distinct query words within `size` chars.
            inside: dict[str, int] = {}
            j = 0
            for i, (start, _) in enumerate(spans):
                while j < len(spans) and spans[j][1] <= start + size:
                    inside[keys[j]] = inside.get(keys[j], 0) + 1
                    j += 1
                if best is None or len(inside) > best[0]:
                    best = (len(inside), text, start)
                if keys[i] in inside:
                    inside[keys[i]] -= 1
                    if not inside[keys[i]]:
                        del inside[keys[i]]
            if best and best[0] >= len(terms[0]):
                break
        if best is not None:
            chosen = terms
            break
    if best is None:
        text, start = texts[0], 0
    else:
        _, text, start = best
        # Start a little before the first match, at a word boundary.
        start = max(0, start - size // 4)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = text[start:end].replace("\n", " ")
    spans = _matches(piece, chosen) if chosen else []
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return Markup(escape(prefix)) + _render(piece, spans) + Markup(escape(suffix))


@dataclass
class Marks:
    """What to mark in a snippet: canonical accented syllables and folded ones."""

    exact: set[str]
    folded: set[str]
    prefixes: set[str]
    accented: bool
    # Neighbouring folded syllables of the query: an accentless query marks a common
    # syllable ("la") only where it stands next to its neighbour ("Sơn La").
    pairs: set = field(default_factory=set)
    # The same for the accented syllables of a word of several (``sơn la``, a reading).
    exact_pairs: set = field(default_factory=set)


def marks_of(parsed: ParsedQuery) -> Marks:
    """What a snippet marks for a query: every form of each of its words (as typed, its
    readings, its aliases), a person's name, the syllables of a phrase."""
    exact, folded = set(), set()
    pairs, exact_pairs = set(), set()
    for unit in parsed.positive_units():
        if unit.kind == "person":
            forms = [canonical(unit.person).lower().split()]
        elif unit.word is not None:
            forms = [unit.word.typed, *unit.word.readings, *unit.word.aliases]
        elif unit.kind in ("word", "phrase"):
            forms = [[s for word in unit.words for s in word]]
        else:
            continue
        for form in forms:
            if parsed.accented or form is not forms[0] or unit.word is None:
                exact.update(form)
                exact_pairs.update(zip(form, form[1:]))
            f = [fold(s) for s in form]
            folded.update(f)
            pairs.update(zip(f, f[1:]))
    prefixes = {u.words[0][0] for u in parsed.positive_units() if u.kind == "prefix"}
    for run in parsed.runs:
        sylls = [fold(s) for w in run for s in w]
        pairs.update(zip(sylls, sylls[1:]))
    return Marks(exact, folded, prefixes, parsed.accented or bool(exact), pairs, exact_pairs)

"""The capitalised stretches the tagger labels, and which of them it need not.

A stretch is a run of ``runs`` joined to the next over the particles of a foreign name
(``Ursula von der Leyen``) or over an initial (``John F. Kennedy``, ``C.Ronaldo``).  A
stretch that is one known place, organisation or work (``Hà Nội``), or one common word
opening a sentence (``Việc``), is not labelled: no name comes of it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .contexts import name_contexts
from .cues import place_as_given_name, place_as_person, prev_words, strong_cue
from .runs import Tok, runs_in
from .words import (COMMON, NONPERSON, NP_MULTI, NP_MULTI_MAXLEN, ORG_START, PLACES_NAMED_AFTER_PERSONS, SURNAMES,
                    family_names, given_syllables)

PARTICLES = frozenset("von van der den de da di del della dos du le la bin ibn al el ter ten".split())
_PARTICLE_GAP_RE = re.compile(r"(?: (?:%s))+ " % "|".join(sorted(PARTICLES)))
_SPACES_RE = re.compile(r"\s+")


def stretches(paras: list[str], raw_runs: list[list[Tok]] | None = None) -> list[list[Tok]]:
    """The capitalised stretches of ``paras`` (whose ``runs_in`` are ``raw_runs``): runs
    joined over name particles and initials, single common words (``Theo``) left out."""
    out: list[list[Tok]] = []
    for run in runs_in(paras) if raw_runs is None else raw_runs:
        if len(run) == 1 and (run[0].text.lower() in COMMON or run[0].text in ORG_START):
            continue
        if out and _joins(out[-1], run, paras):
            prev = out[-1]
            p = paras[prev[-1].para]
            gap = p[prev[-1].end:run[0].start]
            offset = prev[-1].end
            for m in re.finditer(r"\w+", gap):
                if m.group() in PARTICLES:
                    t = Tok(m.group(), offset + m.start(), offset + m.end(), "", prev[-1].para)
                    t.gidx = prev[-1].gidx - prev[-1].start + t.start
                    prev.append(t)
            prev.extend(run)
        else:
            out.append(list(run))
    return out


def _joins(prev: list[Tok], run: list[Tok], paras: list[str]) -> bool:
    last, first = prev[-1], run[0]
    if last.para != first.para:
        return False
    p = paras[last.para]
    if len(last.text) == 1 and last.text.isupper() and p[last.end:first.start] in (".", ". "):
        return True  # an initial: "John F. Kennedy", "C.Ronaldo"
    return _PARTICLE_GAP_RE.fullmatch(p, last.end, first.start) is not None


def text_of(span: list[Tok], paras: list[str]) -> str:
    """A span as written in the article, spaces made single."""
    p = paras[span[0].para]
    return _SPACES_RE.sub(" ", p[span[0].start:span[-1].end])


@lru_cache(maxsize=16384)
def gazetteer_spans(words: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Where ``words`` hold a known place, organisation or work, the longest first, from
    left to right: (start, end) pairs (remembered: a stretch is looked up by the features
    and by ``all_known``)."""
    spans = []
    i = 0
    while i < len(words):
        for k in range(min(NP_MULTI_MAXLEN, len(words) - i), 0, -1):
            if words[i:i + k] in NP_MULTI or (k == 1 and words[i] in NONPERSON):
                spans.append((i, i + k))
                i += k - 1
                break
        i += 1
    return tuple(spans)


def all_known(span: list[Tok]) -> bool:
    """Whether a stretch is one known place, organisation or work (``Hà Nội``; not
    ``Anh Đức``, two countries that make a given name)."""
    return gazetteer_spans(tuple([t.text for t in span])) == ((0, len(span)),)


COMMON_OPENING_LOWER = 20  # times the archive writes the word in lower case, at least


def common_opening(span: list[Tok]) -> bool:
    """Whether a stretch is one capitalised word that opens a sentence and is a common
    word, not a name (``Việc``, ``Thứ``, ``Giá``): the archive writes it in lower case at
    least ``COMMON_OPENING_LOWER`` times and more often than after a person's title, and
    it is no surname, foreign family name, nor the start or end of more than one known
    given name.  Such a stretch is not tagged: on the first 400 development articles the
    model labelled one of 2,120 of them a name."""
    if len(span) != 1 or not span[0].sent_start:
        return False
    w = span[0].text
    person, _, _, _, lower = name_contexts().counts.get(w, (0, 0, 0, 0, 0))
    if lower < COMMON_OPENING_LOWER or lower < person or w in SURNAMES or w in family_names():
        return False
    first, last = given_syllables()
    return first.get(w, 0) <= 1 and last.get(w, 0) <= 1


def cued_as_person(span: list[Tok], paras: list[str]) -> bool:
    """Whether a stretch that names a place names a person here, as the words before it
    say: one syllable right after a strong person cue, a given name (``bầu Đức``, ``ông
    Đức``; ``place_as_given_name``), or a place named after a person right after a
    person's title (``Chủ tịch Hồ Chí Minh``; ``place_as_person``)."""
    first = span[0]
    if len(span) == 1:
        return place_as_given_name([first.text], strong_cue(prev_words(paras[first.para], first.start)))
    words = [t.text for t in span]
    return " ".join(words) in PLACES_NAMED_AFTER_PERSONS and place_as_person(words, prev_words(paras[first.para],
                                                                                               first.start))

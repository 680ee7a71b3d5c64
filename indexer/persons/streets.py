"""Streets and schools named after persons: a name the article writes right after a
street or school word (``đường Lê Duẩn``, ``Trường THPT Lê Hồng Phong``) and never
right after a person's title is the street or the school in this article, not the
person (docs/persons.md, convention 6), wherever else the article writes it bare.
The other way round, a name the archive writes mostly as a street, written here right
after a person's title, is the person (``titled_namesakes``).

>>> after_street_word(("tại", "đường")), after_street_word(("trường", "thpt")), after_street_word(("môi", "trường"))
(True, True, False)
"""
from __future__ import annotations

from .contexts import name_contexts
from .cues import prev_words
from .mentions import Mention
from .runs import Run, Tok
from .shapes import vietnamese_shaped
from .words import (PLACES_NAMED_AFTER_PERSONS, STREET_CUE_EXCEPTIONS, STREET_CUE_PHRASES, STREET_CUE_WORDS, SURNAMES,
                    dictionary_words)

NAMESAKE_PLACE_COUNT = 8  # times the archive writes a name after a place word, at least, to be a street's


def street_names(runs: list[Run], paras: list[str]) -> set[str]:
    """The names of ``runs`` (the rules' runs of the article ``paras``) written after a
    street or school word (``after_street_word``) and never after a person's cue."""
    streets, cued = set(), set()
    for r in runs:
        if r.cued:
            cued.add(r.name)
        elif after_street_word(prev_words(paras[r.orig.para], r.orig.start)):
            streets.add(r.name)
    return streets - cued


def after_street_word(words: tuple[str, ...]) -> bool:
    """Whether the words before a name (``prev_words``: lower case, nearest last) end
    with a street or school word (``STREET_CUE_WORDS``, ``STREET_CUE_PHRASES``) that
    does not end a common word (``môi trường``, ``thành phố``) or an exception."""
    if not words:
        return False
    two = " ".join(words[-2:])
    if two in STREET_CUE_PHRASES:
        return True
    if words[-1] not in STREET_CUE_WORDS:
        return False
    return len(words) == 1 or (two not in dictionary_words() and two not in STREET_CUE_EXCEPTIONS)


def titled_namesakes(runs: list[Run], spans: list[list[Tok]], labels: list[list[str]]) -> list[Mention]:
    """The rules' persons written right after a person's title that the tagger labelled
    outside, in whole or in part (``labels`` of ``spans``), and whose name is a street's:
    the archive writes it after a place word at least ``NAMESAKE_PLACE_COUNT`` times and
    more often than after a title (``Đại tướng Võ Nguyên Giáp``, ``Chủ tịch Tôn Đức
    Thắng``), or it is a place named after the person (``Chủ tịch Hồ Chí Minh``).  What
    the archive says of the street outweighs, for the tagger, the title before the
    person; a Vietnamese full name right after a title is the person.  (Without the place
    counts, the rules' titled names the tagger leaves out are as often wrong as right:
    ``Quan Hệ Công Chúng``.)"""
    tagged = {t.gidx for span, tags in zip(spans, labels) for t, tag in zip(span, tags) if tag != "O"}
    counts = name_contexts().counts
    out = []
    for r in runs:
        words = r.words
        if r.kind != "person" or not r.cued or len(words) < 2 or words[0] not in SURNAMES \
                or not all(vietnamese_shaped(w) for w in words) or all(t.gidx in tagged for t in r.toks):
            continue
        person, place = counts.get(r.name, (0, 0))[:2]
        if r.name in PLACES_NAMED_AFTER_PERSONS or (place >= NAMESAKE_PLACE_COUNT and place > person):
            out.append(Mention(r.pos, list(words)))
    return out

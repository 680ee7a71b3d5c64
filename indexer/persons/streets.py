"""Streets and schools named after persons: a name the article writes right after a
street or school word (``đường Lê Duẩn``, ``Trường THPT Lê Hồng Phong``) and never
right after a person's title is the street or the school in this article, not the
person (docs/persons.md, convention 6), wherever else the article writes it bare.

>>> after_street_word(("tại", "đường")), after_street_word(("trường", "thpt")), after_street_word(("môi", "trường"))
(True, True, False)
"""
from __future__ import annotations

from .cues import prev_words
from .runs import Run
from .words import STREET_CUE_EXCEPTIONS, STREET_CUE_PHRASES, STREET_CUE_WORDS, dictionary_words


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

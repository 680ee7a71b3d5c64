"""Characters: a name the article gives as a role (``vào vai Tiểu Yến Tử``, ``nhân vật
Quách Tĩnh``) is a character of a film, a play or a book, not a person (docs/persons.md,
convention 8), whatever else the article says of it.

>>> sorted(characters(["Triệu Vy", "Tiểu Yến Tử"], "Triệu Vy vào vai Tiểu Yến Tử năm 1998."))
['Tiểu Yến Tử']
"""
from __future__ import annotations

import re
import unicodedata

from .words import ROLE_CUE_PHRASES

_CUE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(ROLE_CUE_PHRASES, key=len, reverse=True))
                  + r") +", re.IGNORECASE)
_CUE_LOWER = tuple(sorted({p.lower() for p in ROLE_CUE_PHRASES}))
# what every cue holds, looked for first: four searches of the article rather than one per cue
_CUE_KEYS = ("vai", "nhân vật", "thân thành", "trang thành")
_LONGEST = 120  # characters after a cue that a name is looked for in


def characters(names: list[str], text: str) -> set[str]:
    """The ``names`` that ``text`` gives right after a role cue, as written there (the
    cue in any case, the name exactly, not followed by more of a word)."""
    if not names:
        return set()
    text = unicodedata.normalize("NFC", text)
    lower = text.lower()
    if not any(key in lower for key in _CUE_KEYS) or not any(cue in lower for cue in _CUE_LOWER):
        # most articles: no cue, no regular expression
        return set()
    after = [text[m.end():m.end() + _LONGEST] for m in _CUE.finditer(text)]
    if not after:
        return set()
    return {n for n in names if any(_begins(a, n) for a in after)}


def _begins(text: str, name: str) -> bool:
    if not name or not text.startswith(name):
        return False
    rest = text[len(name):len(name) + 1]
    return not (rest.isalnum() or rest == "_")

"""Vietnamese typed with the input method off: Telex and VNI keystrokes as letters.

A reader whose keyboard tool was off types ``hooij nghij`` (Telex) or ``ho6i5 nghi5``
(VNI) for ``hội nghị``.  ``decode_telex`` and ``decode_vni`` read one typed word back
as the syllable meant, or return None when the word does not read as keystrokes of one
syllable.  Whether a query *is* such typing is the search's call (the decoded words
must be words the archive uses); this module only knows the keyboards.

>>> decode_telex("hooij"), decode_telex("nghij"), decode_telex("cans"), decode_telex("dduwowngf")
('hội', 'nghị', 'cán', 'đường')
>>> decode_vni("ho6i5"), decode_vni("d9u7o7ng2"), decode_telex("hoi")
('hội', 'đường', None)
"""

from __future__ import annotations

import re
import unicodedata

from .analysis import canonical_syllable

_TONES = {"sac": "\u0301", "huyen": "\u0300", "hoi": "\u0309", "nga": "\u0303", "nang": "\u0323"}
_TELEX_TONES = {"s": _TONES["sac"], "f": _TONES["huyen"], "r": _TONES["hoi"],
                "x": _TONES["nga"], "j": _TONES["nang"]}
_VNI_TONES = {"1": _TONES["sac"], "2": _TONES["huyen"], "3": _TONES["hoi"],
              "4": _TONES["nga"], "5": _TONES["nang"]}
_SHAPE = re.compile(
    r"^(?:b|c|ch|d|đ|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|q|qu|r|s|t|th|tr|v|x)?"
    r"[aăâeêioôơuưy]{1,3}(?:c|ch|m|n|ng|nh|p|t)?$")


def _toned(base: str, tone: str | None) -> str | None:
    """``base`` (letters with their quality marks) with ``tone`` placed canonically,
    or None when ``base`` is not shaped like a Vietnamese syllable."""
    if not _SHAPE.match(base):
        return None
    if tone is None:
        return base
    # canonical_syllable moves a tone to the vowel that carries it.
    return canonical_syllable(unicodedata.normalize("NFC", base + tone))


def decode_telex(word: str) -> str | None:
    """The syllable that Telex keystrokes ``word`` type, or None (nothing to decode,
    or not one syllable)."""
    low = word.lower()
    if not low.isascii() or not low.isalpha():
        return None
    tone = None
    if len(low) > 1 and low[-1] in _TELEX_TONES:
        tone, low = _TELEX_TONES[low[-1]], low[:-1]
    elif len(low) > 2 and low[-2] in _TELEX_TONES and low[-1] in "cmnpt" and low[:-2][-1:] in "aeiouyw":
        tone, low = _TELEX_TONES[low[-2]], low[:-2] + low[-1]  # tone before the final
    out = low.replace("dd", "đ")
    out = re.sub(r"uow|uwow|uwo", "ươ", out)
    out = out.replace("aa", "â").replace("ee", "ê").replace("oo", "ô")
    out = out.replace("aw", "ă").replace("ow", "ơ").replace("uw", "ư")
    out = re.sub(r"(?<=[aeiouyăâêôơư])w|^w|(?<=[^aeiouyăâêôơư])w", "ư", out)
    if out == low and tone is None:
        return None
    return _toned(out, tone)


def decode_vni(word: str) -> str | None:
    """The syllable that VNI keystrokes ``word`` type (``ho6i5``), or None."""
    low = word.lower()
    if not low.isascii() or not any(c.isdigit() for c in low) or not low[:1].isalpha():
        return None
    out = []
    tone = None
    for ch in low:
        if ch.isalpha():
            out.append(ch)
            continue
        if ch in _VNI_TONES:
            if tone is not None:
                return None
            tone = _VNI_TONES[ch]
            continue
        letters = "".join(out)
        if ch == "6":
            i = max(letters.rfind("a"), letters.rfind("e"), letters.rfind("o"))
            mark = {"a": "â", "e": "ê", "o": "ô"}
        elif ch == "7":
            i = max(letters.rfind("o"), letters.rfind("u"))
            mark = {"o": "ơ", "u": "ư"}
            if letters.endswith("uo") or (i > 0 and letters[i - 1:i + 1] == "uo"):
                # ươ: one 7 after "uo" marks both
                j = letters.rfind("uo")
                out[j:j + 2] = ["ư", "ơ"]
                continue
        elif ch == "8":
            i = letters.rfind("a")
            mark = {"a": "ă"}
        elif ch == "9":
            i = letters.rfind("d")
            mark = {"d": "đ"}
        else:
            return None
        if i < 0:
            return None
        out[i] = mark[letters[i]]
    return _toned("".join(out), tone)

"""The person mentions of the tagger's labels.

A stretch's words labelled ``B`` and ``I`` make a name; the rules then mend its bounds
where they are precise (the start of a rules' person, a title or a sentence opening
never begins it, a last word that begins what follows is cut off, a Roman number after
it is its own) and drop what is no person (a known place, initials, an anonymised name).
"""
from __future__ import annotations

import re
from typing import Sequence

from .cues import CLOSING, after_number
from .mentions import Mention
from .runs import UPPER, Run, Tok
from .shapes import anonymised, is_allcaps, vietnamese_shaped
from .stretches import PARTICLES, cued_as_person, text_of
from .words import (COMMON, HONORIFICS, NONPERSON, NOT_NAME_START, PERSON_CUE_PHRASES, TITLE_START, dictionary_words,
                    doubled_surname, given_syllables)

LOST_STOP_GIVEN = 5  # a name's last word that ends more known given names than this is kept


def lost_full_stop(last: Tok, paras: list[str]) -> bool:
    """Whether a name's last word begins the next sentence, its full stop lost (``Phạm Đại
    Dương Bí thư``, ``Vũ Đình Duy Đối với``): with the word after it, in lower case, it
    makes a word of the dictionary, and few Vietnamese given names end with it."""
    p = paras[last.para]
    if p[last.end:last.end + 1] != " ":
        return False
    after = p[last.end + 1:last.end + 24].split(None, 1)
    if not after or not after[0][:1].islower():
        return False
    return (f"{last.text.lower()} {after[0].rstrip(CLOSING)}" in dictionary_words()
            and given_syllables()[1].get(last.text, 0) <= LOST_STOP_GIVEN)


def title_after(last: Tok, paras: list[str]) -> bool:
    """Whether a name's last word begins a person's title written after it, the comma
    before the title lost (``Nguyễn Bá Diệp Phó Chủ tịch``), and few Vietnamese given
    names end with it."""
    p = paras[last.para]
    if p[last.end:last.end + 1] != " " or given_syllables()[1].get(last.text, 0) > LOST_STOP_GIVEN:
        return False
    after = p[last.end + 1:last.end + 40].lower().split()
    return any(" ".join([last.text.lower(), *after[:k]]) in PERSON_CUE_PHRASES for k in (1, 2, 3))


def sentence_opening(m: list[Tok], paras: list[str]) -> bool:
    """Whether a Vietnamese name's last word is a function word that opens the next
    sentence, its full stop lost (``Mourinho Nếu “chốt hạ”``): no known given name ends
    with it, and the name is not wholly foreign (``Song``)."""
    last = m[-1]
    if last.text.lower() not in COMMON or given_syllables()[1].get(last.text, 0):
        return False
    return any(not t.text.isascii() for t in m)


def tagged_mentions(spans: list[list[Tok]], labels: list[list[str]], paras: list[str],
                    rule_runs: Sequence[Run] = ()) -> list[Mention]:
    """The person mentions of BIO-labelled stretches; a name that is a known place,
    organisation or work, nothing but initials, anonymised, or written right after a number
    (``số 97 Trần Bình``), is not one.  A name that overlaps a
    run the rules call a person starts where the rules' run does: their stripping of
    leading places, organisations and titles (``Nga Sergei Shoigu``) is precise, except over
    words the model read and labelled outside (``Mỹ Latin Laura Zuniga``: the run begins at
    ``Latin``); it ends where the run does unless tagged on past it (``Ursula von der
    Leyen``).  A Korean family name that is a Vietnamese word stays (``east_asian_family``),
    and a Roman number after the name is part of it (``regnal_number``).  A last word that
    begins what follows, its full stop or comma lost, is cut off: a word of the dictionary
    with the next one (``lost_full_stop``), a title (``title_after``), a function word
    (``sentence_opening``), the name's own foreign last word again (``Romelu Lukaku Lukaku
    vừa``: a caption glued to the text; not ``Phạm Băng Băng``)."""
    rule_person = {t.gidx: r for r in rule_runs if r.kind == "person" for t in r.toks}
    outside = {t.gidx for span, tags in zip(spans, labels) for t, tag in zip(span, tags) if tag == "O"}
    found = []
    for span, tags in zip(spans, labels):
        cur: list[Tok] = []
        for t, tag in zip(span, tags):
            if tag == "B" or (tag == "I" and not cur):
                if cur:
                    found.append(cur)
                cur = [t]
            elif tag == "I":
                cur.append(t)
            else:
                if cur:
                    found.append(cur)
                cur = []
        if cur:
            found.append(cur)
    out = []
    quoted: list[tuple[Mention, int, int]] = []  # a name with a nickname in quotes, where it starts and ends
    for m in found:
        while m and m[-1].text in PARTICLES:
            m = m[:-1]
        family = east_asian_family(m)
        while len(m) > 1 and m[0].text.lower() in NOT_NAME_START and m[0] is not family:
            m = m[1:]
        if not m:
            continue
        rule = next((rule_person[t.gidx] for t in m if t.gidx in rule_person), None)
        if rule is not None:
            # the rules' start; the tagged end where it goes on over particles or
            # initials, which the rules' runs stop at ("Ursula von der Leyen")
            toks = rule.toks
            if all(t.gidx in outside for t in toks if t.gidx < m[0].gidx):
                toks = [t for t in toks if t.gidx >= m[0].gidx]  # words the model read and left out
            m = toks + [t for t in m if t.gidx > rule.toks[-1].gidx]
            while len(m) > 1 and m[0].text.lower() in TITLE_START:
                m = m[1:]
            if family is not None and len(m) > 1 and m[0] is not family and m[0].gidx > family.gidx \
                    and paras[family.para][family.end:m[0].start] == " ":
                m = [family] + m  # the rules drop it as a common word
        if len(m) >= 3 and m[-1].text == m[-2].text and not vietnamese_shaped(m[-1].text):
            m = m[:-1]  # a caption glued to the text, which opens with the name's last word
        if len(m) >= 3 and lost_full_stop(m[-1], paras):
            m = m[:-1]
        if len(m) >= 3 and title_after(m[-1], paras):
            m = m[:-1]
        elif len(m) >= 2 and sentence_opening(m, paras):
            m = m[:-1]
        words = [t.text for t in m]
        text = text_of(m, paras) + _suffix_stop(m[-1], paras)
        number = regnal_number(m[-1], paras)
        if number:
            words, text = words + [number], f"{text} {number}"
        start, end = m[0].gidx, m[-1].gidx + len(m[-1].text)
        after = None if number else quoted_nickname(m[-1], paras)
        if after is not None:  # Elmer| "Lucky" Sutton
            more, stop = after
            words, text = words + more, text + paras[m[-1].para][m[-1].end:stop]
            end = m[-1].gidx - m[-1].start + stop
        before = given_and_nickname(m[0], paras)
        if before is not None:  # Elmer "Lucky" |Sutton
            more, begin = before
            words, text = more + words, paras[m[0].para][begin:m[0].start] + text
            start = m[0].gidx - m[0].start + begin
        known = (text in NONPERSON or " ".join(words) in NONPERSON) and not cued_as_person(m, paras)
        if known or all(len(w) == 1 for w in words) or anonymised(words) or doubled_surname(words) \
                or after_number(paras[m[0].para], m[0].start):
            continue
        if len(words) == 1 and words[0].lower() in COMMON:
            continue
        out.append(Mention(start, words, text))
        if after is not None or before is not None:
            quoted.append((out[-1], start, end))
    if quoted:  # the given name, the nickname or the family name tagged on its own is the name's
        names: dict[tuple[int, int], Mention] = {}
        for y, a, b in quoted:
            names.setdefault((a, b), y)  # found from both ends: the first
        kept = {id(y) for y in names.values()}
        out = [x for x in out if id(x) in kept or not any(a <= x.pos < b for a, b in names)]
    return out


_OPENING_QUOTES, _CLOSING_QUOTES = ('"', "“"), ('"', "”")
_NAME_WORD = r"[%s][\w'’-]*" % UPPER
_GIVEN_AND_NICKNAME_RE = re.compile(r"(?<![\w'’-])(%s(?: %s)?) [\"“](%s(?: %s)?)[\"”] $" % ((_NAME_WORD,) * 4))
_QUOTED_NICKNAME_RE = re.compile(r" [\"“](%s(?: %s)?)[\"”] (%s(?: %s){0,2})(?![\w'’-])(?! [%s])"
                                 % ((_NAME_WORD,) * 4 + (UPPER,)))


def quoted_nickname(last: Tok, paras: list[str]) -> tuple[list[str], int] | None:
    """The nickname in quotes and the family name written after a name's last word
    (``Elmer "Lucky" Sutton``, ``Dwayne “The Rock” Johnson``, ``Mildred Patricia "Patty"
    Baena``), which the capitalised stretches leave out, as words and where they end; or
    ``None``.  The name is written with them, as the article does, and its later mentions
    (``Sutton``, ``Patty``) merge into it.

    >>> p = ['Anh Elmer "Lucky" Sutton kể lại. Messi "Tôi" nói.']
    >>> quoted_nickname(Tok("Elmer", 4, 9, "", 0), p), quoted_nickname(Tok("Messi", 35, 40, "", 0), p)
    ((['Lucky', 'Sutton'], 24), None)
    """
    p = paras[last.para]
    m = _QUOTED_NICKNAME_RE.match(p, last.end) if p[last.end + 1:last.end + 2] in _OPENING_QUOTES else None
    if m is None:
        return None
    words = (m.group(1) + " " + m.group(2)).split()
    if any(w.lower() in COMMON or w in NONPERSON or is_allcaps(w) for w in words):
        return None
    return words, m.end()


def given_and_nickname(first: Tok, paras: list[str]) -> tuple[list[str], int] | None:
    """The given name and the nickname in quotes written before a name's first word
    (``Elmer "Lucky" |Sutton``), as words and where they start, where the tagger took the
    family name alone; or ``None`` (``quoted_nickname`` the other way round).

    >>> p = ['Ông Elmer "Lucky" Sutton kể lại.']
    >>> given_and_nickname(Tok("Sutton", 18, 24, "", 0), p)
    (['Elmer', 'Lucky'], 4)
    """
    p = paras[first.para]
    if first.start < 2 or p[first.start - 2] not in _CLOSING_QUOTES:
        return None
    m = _GIVEN_AND_NICKNAME_RE.search(p, max(0, first.start - 80), first.start)
    if m is None:
        return None
    given, nickname = m.group(1).split(), m.group(2).split()
    start = m.start(1)
    while given and (given[0].lower() in NOT_NAME_START or given[0] in HONORIFICS or given[0] in NONPERSON
                     or is_allcaps(given[0])):  # "Ông Elmer", "Anh Elmer", "HLV Elmer", "Mỹ Elmer"
        start += len(given.pop(0)) + 1
    words = given + nickname
    if not given or any(w.lower() in COMMON or w in NONPERSON or is_allcaps(w) for w in words):
        return None
    return words, start


EAST_ASIAN_FAMILY_WORDS = frozenset(("Song", "Cho", "Do", "Ra", "Nam"))
"""Korean and Chinese family names that are also Vietnamese words (``song``, ``cho``),
which the rules drop from the start of a name as they drop ``Theo``."""


def east_asian_family(m: list[Tok]) -> Tok | None:
    """The first word of a tagged name when it is one of ``EAST_ASIAN_FAMILY_WORDS`` and
    the words after it carry no Vietnamese mark (``Song Hye Kyo``, ``Cho Eun Jung``; not
    ``Nam Định``)."""
    if len(m) > 1 and m[0].text in EAST_ASIAN_FAMILY_WORDS and all(t.text.isascii() for t in m[1:]):
        return m[0]
    return None


GENERATION_SUFFIXES = frozenset(("Jr", "Sr"))


_REGNAL_RE = re.compile(r" ((?:X{0,2})(?:IX|IV|V?I{1,3}|V)|X{1,2})(?![\w-])")


def regnal_number(last: Tok, paras: list[str]) -> str:
    """The Roman number (up to XXIX) written after a name's last word (``Elizabeth II``,
    ``John Paul II``, ``Lansing Horan IV``, ``Malcolm X``), or ``''``: the capitalised
    stretches leave it out.  A lone ``I`` is not taken (``chuyên khoa I``).

    >>> p = ["Nữ hoàng Elizabeth II và Vua Charles III; bác sĩ chuyên khoa I."]
    >>> regnal_number(Tok("Elizabeth", 9, 18, "", 0), p), regnal_number(Tok("khoa", 58, 62, "", 0), p)
    ('II', '')
    """
    m = _REGNAL_RE.match(paras[last.para], last.end)
    return m.group(1) if m and m.group(1) != "I" else ""


def _suffix_stop(last: Tok, paras: list[str]) -> str:
    """The full stop that a name ending in ``Jr`` or ``Sr`` is written with
    (``Leslie Odom Jr.``), or ``''``."""
    p = paras[last.para]
    return "." if last.text in GENERATION_SUFFIXES and p[last.end:last.end + 1] == "." else ""

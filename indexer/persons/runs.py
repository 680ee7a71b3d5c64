"""Capitalised runs: the candidates for names, split at ALL-CAPS tokens and digits, with
leading common words, honorifics and places stripped (``Nga Vladimir Putin`` →
``Vladimir Putin``)."""
from __future__ import annotations

import re
from functools import lru_cache

from .words import (COMMON, CONJUNCTION_SURNAMES, FOREIGN_GIVEN, HONORIFICS, NP_FIRST, NP_LAST, NP_MULTI,
                    NP_MULTI_MAXLEN, ORG_START, ORGS, OW_FIRST, OW_MULTI, PLACE_FIRST, PLACES, SURNAME_MIDDLE_WORDS,
                    SURNAMES, WORKS, dictionary_words)
from .shapes import VN_MARKS, VN_SYLLABLE_RE, foreign_shaped, strip_marks, vietnamese_shaped


class Tok:
    __slots__ = ("text", "start", "end", "sent_start", "gap_before", "para", "gidx")

    def __init__(self, text: str, start: int, end: int, gap_before: str, para: int, gidx: int = 0,
                 sent_start: bool = False) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.gap_before = gap_before
        self.sent_start = sent_start
        self.para = para
        self.gidx = gidx


UPPER = "".join(chr(c) for c in range(0x41, 0x1F00) if chr(c).isupper() and chr(c).isalpha())
LOWER = "".join(chr(c) for c in range(0x61, 0x1F00) if chr(c).islower() and chr(c).isalpha())
CAPWORD = r"[%s][\w'’]*(?:-\w+)*" % UPPER
# a run starts with a capital not written right after a letter, a digit, an apostrophe or
# a hyphen; the capital is matched before that look-behind (which then spans it) so that
# the expression is searched for from its first character's class, not tried everywhere
RUN_RE = re.compile(r"[%s](?<![\w'’-].)[\w'’]*(?:-\w+)*(?: {1,2}%s)*" % (UPPER, CAPWORD))
# a capital glued to the lower-case letter before it (found from the capital, the rarer)
GLUE_RE = re.compile(r"[%s](?<=[%s].)" % (UPPER, LOWER))
WORD_END_RE = re.compile(r"^\w+")
PREV_RE = re.compile(r"((?:[\w.'’-]+ ?:? )*)$")
NO_BREAK_ABBR = ("tp", "ts", "gs", "pgs", "ths", "bs", "p", "q")


def _glue_cut(w: str) -> int:
    """Position where a glued word should be split ("côHoàng", "LinhTheo",
    "TrườngĐH"); 0 if it should stay whole ("McDonald", "iPhone", "YouTube")."""
    for k in range(1, len(w)):
        if w[k - 1].islower() and w[k].isupper():
            left, right = w[:k], w[k:]
            if (left.islower() and len(left) >= 2) or right.startswith("Theo") or right.isupper():
                return k
            return 0
    return 0


MIN_HEAD = 2  # letters of a name's syllable before a glued lower-case word, at least


@lru_cache(maxsize=16384)
def _tail_cuts(w: str) -> tuple[tuple[int, bool], ...]:
    """Where a capitalised word that is no syllable may split into a name's last word and
    the glued first word of what follows, its space lost, shortest tail first: (where,
    whether only if the tail makes a word of the dictionary with the next word); none
    for a word without Vietnamese marks (``Bangkok``) or a syllable (``Nguyễn``).  The
    glued word is

    * a function word after a Vietnamese syllable (``Kiênngày``, ``Bỉnhcho``);
    * a syllable that makes a word of the dictionary with the word after it
      (``Longđề nghị``, ``Dươngtình cờ``: ``_tail_cut``);
    * a function word with Vietnamese marks after a foreign word, which has none
      (``Bidenở Washington``).

    >>> _tail_cuts("Kiênngày"), _tail_cuts("Bidenở"), _tail_cuts("Martin")
    (((4, False),), ((5, False),), ())
    """
    if len(w) < MIN_HEAD + 1 or not VN_MARKS.search(w) or VN_SYLLABLE_RE.match(strip_marks(w)):
        return ()
    cuts = []
    for k in range(len(w) - 1, MIN_HEAD - 1, -1):
        tail = w[k:]
        if not VN_SYLLABLE_RE.match(strip_marks(tail)):
            continue
        head = w[:k]
        if VN_SYLLABLE_RE.match(strip_marks(head)):
            cuts.append((k, not (len(tail) >= 2 and tail in COMMON)))
        elif len(head) >= 3 and not VN_MARKS.search(head) and tail in COMMON and VN_MARKS.search(tail):
            cuts.append((k, False))
    return tuple(cuts)


def _nothing() -> str:
    return ""


def _tail_cut(w: str, after=_nothing) -> int:
    """Where ``w`` splits (``_tail_cuts``), ``after()`` giving the word after it; 0 if
    it does not.

    >>> _tail_cut("Longđề", lambda: "nghị"), _tail_cut("Longđề", lambda: "ra")
    (4, 0)
    """
    for k, only_as_word in _tail_cuts(w):
        if not only_as_word:
            return k
        following = after()
        if following and f"{w[k:]} {following}" in dictionary_words():
            return k
    return 0


def _word_before(text: str, i: int) -> str:
    """The word (``\\w`` characters) that ends at ``i``, or ``''``."""
    return text[_word_start(text, i):i]


def _word_start(text: str, i: int) -> int:
    """Where the word (``\\w`` characters) ending at ``i`` starts."""
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
        i -= 1
    return i


def unglue(text: str) -> str:
    """Insert a space in glued words ("côHoàng" -> "cô Hoàng")."""
    cuts = []
    for m in GLUE_RE.finditer(text):
        i = m.start()
        a = _word_start(text, i)
        b = WORD_END_RE.match(text[i:i + 40])
        if not b:
            continue
        w = text[a:i] + b.group()
        k = _glue_cut(w)
        if k and a + k == i:
            cuts.append(i)
    if not cuts:
        return text
    parts, prev = [], 0
    for i in cuts:
        parts.append(text[prev:i])
        prev = i
    parts.append(text[prev:])
    return " ".join(parts)


DIGIT_RE = re.compile(r"\d")


def is_sent_start(p: str, start: int) -> bool:
    """Whether the word at ``start`` of ``p`` opens a sentence (or a paragraph, a quote, a
    bracket, a list item): what ends before it is one of those marks or a full stop that
    ends no initial and no title's abbreviation."""
    if start >= 2 and p[start - 1] == " " and p[start - 2].isalnum():
        return False  # the commonest case, a word inside a sentence: "ông Nguyễn"
    before = p[max(0, start - 12):start].rstrip()
    if not before:
        return True
    c = before[-1]
    if c in "!?…:\"“”(-–•*+":
        return True
    if c == ".":
        word = _word_before(before, len(before) - 1)
        # an initial or a title's abbreviation ("John F.", "TS."), not a number ("ngày 22/4.")
        if word and ((len(word) == 1 and not word.isdigit()) or word.lower() in NO_BREAK_ABBR):
            return False
        return True
    return False


def _next_word(p: str, end: int) -> str:
    """The lower-case word right after ``end`` (a run's end), or ``''``."""
    after = p[end:end + 16].split(None, 1)
    return after[0].rstrip(".,;:!?)\"”’…") if after and p[end:end + 1] == " " and after[0][:1].islower() else ""


@lru_cache(maxsize=16384)
def _word_cuts(w: str) -> tuple[tuple[int, bool], ...] | None:
    """``None`` for a word that splits a run (ALL-CAPS, ``U23``, ``Covid-19``), else where
    it may split off a glued word (``_tail_cuts``; remembered)."""
    if (len(w) > 1 and w[1:].isupper()) or (not w.isalpha() and DIGIT_RE.search(w)):
        return None
    return _tail_cuts(w)


def runs_in(paras: list[str]) -> list:
    """Capitalised runs as lists of Tok, split at ALL-CAPS tokens."""
    out = []
    for pi, p in enumerate(paras):
        base = pi * 1_000_000
        for m in RUN_RE.finditer(p):
            g = m.group()
            if " " not in g and (g.lower() in COMMON or g in ORG_START):
                continue
            cur: list[Tok] = []
            st = m.start()
            for w in g.split(" "):
                if not w:
                    st += 1
                    continue
                cuts = _word_cuts(w)
                if cuts is None:
                    if cur:
                        out.append(cur)
                    cur = []
                else:
                    k = _tail_cut(w, (lambda: _next_word(p, m.end())) if st + len(w) == m.end() else _nothing) \
                        if cuts else 0
                    t = Tok(w[:k] if k else w, st, st + (k or len(w)), "", pi, base + st,
                            False if cur else is_sent_start(p, st))
                    cur.append(t)
                    if k:  # the glued word ends the run: "Triệu Lập Kiên|ngày 13/4"
                        out.append(cur)
                        cur = []
                st += len(w) + 1
            if cur:
                out.append(cur)
    return out


class Run:
    __slots__ = ("toks", "first_idx", "last_idx", "kind", "strong", "names", "pos", "cued", "place_cued", "quoted",
                 "list_prev", "anonym", "orig", "ws", "nm", "np_start", "weak_cue")

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.first_idx = toks[0].gidx
        self.last_idx = toks[-1].gidx
        self.kind: str | None = None  # 'person' | 'nonperson' | None (undecided / alias-only)
        self.strong = False
        self.cued = False
        self.place_cued = False
        self.quoted = False
        self.list_prev: Run | None = None
        self.anonym = False
        self.pos = toks[0].gidx
        self.orig = toks[0]
        self.np_start = False
        self.weak_cue = False
        self.ws: list[str] = []  # the words and the name, set by ``strip_run``
        self.nm = ""

    @property
    def words(self) -> list[str]:
        return self.ws

    @property
    def name(self) -> str:
        return self.nm


def np_prefix_len(words: list[str]) -> int:
    """Length of the longest known place / organisation / work that *words*
    starts with (0 if none)."""
    if not words or words[0] not in NP_FIRST:
        return 0
    for k in range(min(len(words), NP_MULTI_MAXLEN), 0, -1):
        if tuple(words[:k]) in NP_MULTI:
            return k
    return 0


def strip_run(run: Run) -> None:
    """Strip leading common words, honorifics and place names from a run."""
    ws = run.toks
    run.np_start = False
    # leading common words ("Theo", "Tại", ...), capitalised honorifics
    while len(ws) > 1:
        w0 = ws[0].text
        if w0.lower() in COMMON and w0 not in SURNAMES and (
                w0 not in NP_FIRST or np_prefix_len([t.text for t in ws]) < 2):
            ws = ws[1:]
            continue
        if w0 in CONJUNCTION_SURNAMES and ws[0].sent_start and ws[1].text not in SURNAME_MIDDLE_WORDS:
            ws = ws[1:]  # "Vì Củng Lợi ..." (because Gong Li ...), not "Vì Văn Dũng"
            continue
        if w0 in HONORIFICS:
            # a capitalised honorific is a title only at the start of a
            # sentence (or right before a full Vietnamese name); never when
            # the run is a known name starting with it ("Bà Rịa", "Cô Tô",
            # "Bà Nà", "Bác Hồ" mid-sentence).
            if w0 in NP_FIRST and np_prefix_len([t.text for t in ws]) >= 2:
                run.np_start = True
                break
            if not ws[0].sent_start and not (ws[1].text in SURNAMES and len(ws) >= 3):
                break
            if w0 == "Anh" and not ws[0].sent_start and ws[1].text not in SURNAMES:
                break
            ws = ws[1:]
            continue
        break
    # leading place names ("Nga Vladimir Putin", "Indonesia Retno Marsudi")
    changed = True
    while changed and len(ws) > 1:
        changed = False
        for cand in PLACE_FIRST.get(ws[0].text, []):
            n = len(cand)
            if len(ws) > n and [t.text for t in ws[:n]] == cand:
                rest = ws[n:]
                if name_like_rest(rest):
                    ws = rest
                    changed = True
                break
    ws = _strip_foreign_before_vietnamese_name(ws)
    # a place / organisation inside the run followed by a full name
    # ("Học viện Múa Việt Nam Trần Văn Hải", "Đại sứ ... Nam Phi Hoàng Văn Lợi")
    if len(ws) >= 3:
        texts = [t.text for t in ws]
        for i in range(len(ws) - 2, 0, -1):
            if texts[i] not in SURNAMES or texts[i - 1] not in NP_LAST:
                continue
            k = 0
            for j in range(max(0, i - NP_MULTI_MAXLEN), i):
                if tuple(texts[j:i]) in NP_MULTI and (i - j >= 2 or texts[j] in PLACES) \
                        and (j == 0 or texts[0] not in SURNAMES):
                    k = i - j
                    break
            if k and all(vietnamese_shaped(t) for t in texts[i:]):
                ws = ws[i:]
                break
    while len(ws) > 1 and ws[-1].text in PLACES and foreign_shaped(ws[-2].text):
        ws = ws[:-1]
    run.toks = ws
    run.ws = [t.text for t in ws]
    run.nm = " ".join(run.ws)
    run.first_idx = ws[0].gidx
    run.pos = ws[0].gidx


def _strip_foreign_before_vietnamese_name(ws: list) -> list:
    """A run without a leading foreign word before a full Vietnamese name: a company's or
    a title's word the lists do not know (``Bkav Nguyễn Tử Quảng``, ``Alibaba Trương
    Dũng``, ``Shark Phạm Thanh Hưng``); a Vietnamese name never starts with a foreign word
    before its surname and given name (a stage name such as ``Jun Phạm`` has no given name)."""
    if len(ws) >= 3 and foreign_shaped(ws[0].text) and ws[1].text in SURNAMES \
            and not any(foreign_shaped(t.text) for t in ws[1:]):
        return ws[1:]
    return ws


def name_like_rest(rest: list) -> bool:
    """Is *rest* (the tokens after a leading place/organisation) name-like?"""
    if (rest[0].text in SURNAMES and len(rest) >= 2) or rest[0].text in FOREIGN_GIVEN:
        return True
    if any(foreign_shaped(t.text) for t in rest):
        return True
    # three-syllable Sino-Vietnamese renderings of foreign names ("Tập Cận Bình")
    return len(rest) == 3 and all(vietnamese_shaped(t.text) for t in rest) and np_prefix_len([t.text for t in rest]) == 0


def contains_nonperson(words: list[str]) -> bool:
    """True if *words* contain a multi-token organisation / work
    ("Hoàng Anh Gia Lai", "Tây Du Ký") or start with an organisation."""
    n = len(words)
    for i in range(n - 1):
        if words[i] not in OW_FIRST:
            continue
        for k in range(min(NP_MULTI_MAXLEN, n - i), 1, -1):
            if tuple(words[i:i + k]) in OW_MULTI:
                return True
    return words[0] in ORGS or words[0] in WORKS


def candidate_runs(paras: list[str], raw_runs: list[list[Tok]] | None = None) -> list[Run]:
    """The capitalised runs of ``paras`` (``runs_in``, or ``raw_runs`` when given) that may
    be names, stripped (``strip_run``)."""
    runs = [Run(ts) for ts in (runs_in(paras) if raw_runs is None else raw_runs)
            if len(ts) > 1 or (ts[0].text.lower() not in COMMON and ts[0].text not in ORG_START
                               and len(ts[0].text) > 1 or ts[0].text in ("A", "Y"))]
    for r in runs:
        strip_run(r)
    return runs

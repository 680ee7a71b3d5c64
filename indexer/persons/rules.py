"""The precise rules: a run's context (cues, quotes, anonymised initials, lists), then
its class (``person``, ``nonperson`` or undecided) from the word lists and the cues, and
the members of a list ``A, B và C`` sharing the class of their cued neighbours."""
from __future__ import annotations

import re
from functools import lru_cache

from .words import (CAPS_PERSON_CUES, COMMON, FOREIGN_GIVEN, NON_NAME_WORDS, NONPERSON, ORG_LOWER_TAIL,
                    ORG_START, PLACES, PLACES_NAMED_AFTER_PERSONS, SURNAMES, doubled_surname)
from .shapes import ETHNIC_RE, camel, foreign_shaped, is_allcaps, is_initial, vietnamese_shaped
from .runs import Run, contains_nonperson
from .mentions import Mention
from .cues import (ANON_AFTER_RE, FOLLOW_PERSON_RE, LIST_GAP_RE, cue_kind, place_as_given_name, place_as_person,
                   prev_words, strong_cue)


def mark_context(runs: list[Run], paras: list[str]) -> None:
    """Set each run's cues, quotes, anonymity and list neighbour from the text around it."""
    prev_run = None
    for r in runs:
        first = r.toks[0]
        last = r.toks[-1]
        p = paras[first.para]
        pw = prev_words(p, first.start)
        kind = cue_kind(pw)
        if kind is None and first is not r.orig and r.orig.start < first.start:
            # a leading place / organisation was stripped: the cue stands
            # before it ("Chủ tịch Trung Quốc Tập Cận Bình")
            pw = prev_words(p, r.orig.start)
            kind = cue_kind(pw)
            if kind == "place":
                kind = None
        # an ALL-CAPS token right before (THPT, UBND, ĐH, TP) marks a place/org
        if kind is None and p[first.start - 1:first.start] == " " and not p[first.start - 2:first.start - 1].islower():
            token = _token_before(p, first.start)  # (a token ending in a lower-case letter is no abbreviation)
            if token and _place_abbreviation(token):
                kind = "place"
        r.cued = kind == "person"
        r.place_cued = kind == "place"
        if r.cued and not strong_cue(pw):
            r.weak_cue = True
        if len(r.toks) > 1 or r.cued:
            after = p[last.end:last.end + 80]
            # anonymised names: "Vũ Thế L.", "Bùi H. M", "P.T.H.", "Yến Nh."
            if is_initial(last, after) or all(len(t.text) == 1 for t in r.toks):
                if not (len(r.toks) >= 3 and not after.startswith(".") and len(last.text) > 1):
                    r.anonym = True
            if after[:1] == "." and ANON_AFTER_RE.match(after):
                r.anonym = True
            # quoted titles of works: "Trương Ca Hành"
            before = p[max(0, r.orig.start - 2):r.orig.start]
            if before and before.rstrip()[-1:] in ("\"", "“") and after.lstrip()[:1] in ("\"", "”"):
                r.quoted = True
        # list structure: previous run separated only by ", " / "; " / " và " / " - "
        if prev_run is not None and prev_run.toks[-1].para == first.para and not first.sent_start:
            if LIST_GAP_RE.fullmatch(p, prev_run.toks[-1].end, r.orig.start):
                r.list_prev = prev_run
        prev_run = r


_TOKEN_END_RE = re.compile(r"[\w&.]+$")


def _token_before(p: str, start: int) -> str:
    """The token (letters, digits, ``_``, ``&``, ``.``) that ends before the space at
    ``start - 1``, within the 19 characters before it, or ``''``."""
    m = _TOKEN_END_RE.search(p, max(0, start - 20), start - 1)
    return m.group() if m else ""


@lru_cache(maxsize=4096)
def _place_abbreviation(token: str) -> bool:
    """Whether the word before a run is in capitals and no person's title (``THPT``,
    ``UBND``, not ``HLV``), a final full stop aside."""
    token = token.rstrip(".")
    return is_allcaps(token) and token.upper() not in CAPS_PERSON_CUES


def classify(runs: list[Run], paras: list[str]) -> list[Run]:
    """Set each run's ``kind`` by the rules; the runs in text order."""
    for r in runs:
        words = r.words
        n = len(words)
        name = r.name
        if n == 1 and r.cued and r.weak_cue and vietnamese_shaped(words[0]) and "-" not in words[0]:
            # "Bộ trưởng Tài chính", "hoa hậu Hoàn vũ": a role noun + one
            # Vietnamese syllable is not a name on its own (it can still be an
            # alias of a full name given elsewhere in the article)
            r.cued = False
        if n == 1 and not r.cued:
            r.kind = "nonperson" if r.place_cued or name in NONPERSON else None
            continue
        if r.anonym or r.place_cued or r.quoted:
            r.kind = "nonperson"
            continue
        if (name in NONPERSON and not _place_as_person(r, paras)) \
                or r.np_start or (n == 1 and words[0].lower() in COMMON):
            r.kind = "nonperson"
            continue
        if tuple(words) in ORG_LOWER_TAIL and any(
                paras[r.toks[0].para].startswith(o, r.toks[0].start) for o in ORG_LOWER_TAIL[tuple(words)]):
            r.kind = "nonperson"
            continue
        if n >= 2 and contains_nonperson(words):
            r.kind = "nonperson"
            continue
        if doubled_surname(words):
            r.kind = "nonperson"
            continue
        if words[0] in ORG_START and not (n >= 2 and words[0] in SURNAMES) \
                and not (r.cued and n >= 2 and r.toks[0] is not r.orig and all(vietnamese_shaped(w) for w in words)):
            r.kind = "nonperson"
            continue
        if any(w in NON_NAME_WORDS or camel(w) for w in words):
            r.kind = "nonperson"
            continue
        vn = all(vietnamese_shaped(w) for w in words[:2])
        if n >= 2 and words[0] in SURNAMES and vn:
            r.kind = "person"
            r.strong = True
        elif r.cued:
            if n == 1 and words[0] in SURNAMES and words[0] not in ("Mai", "Kim"):
                r.kind = None
            else:
                r.kind = "person"
                r.strong = n >= 2
        elif n >= 2 and (words[0] in FOREIGN_GIVEN or any(foreign_shaped(w) for w in words)):
            last = r.toks[-1]
            after = paras[last.para][last.end:last.end + 80]
            if words[0] in FOREIGN_GIVEN or FOLLOW_PERSON_RE.match(after) or ETHNIC_RE.match(words[0]):
                r.kind = "person"
                r.strong = True
        elif n >= 2:
            last = r.toks[-1]
            after = paras[last.para][last.end:last.end + 80]
            if FOLLOW_PERSON_RE.match(after) and not r.toks[0].sent_start:
                r.kind = "person"

    # list propagation: members of a "A, B, C và D" list share the class of
    # their strongly classified neighbours.
    ordered = sorted(runs, key=lambda x: x.first_idx)
    groups: list[list[Run]] = []
    for r in ordered:
        if r.list_prev is not None and groups and groups[-1][-1] is r.list_prev:
            groups[-1].append(r)
        else:
            groups.append([r])
    for g in groups:
        if len(g) < 2 or _apposition(g, paras):
            continue
        has_place = any(x.place_cued or x.name in NONPERSON for x in g)
        has_person = any(x.kind == "person" and (x.strong or x.cued) for x in g)
        # a surname-initial member ("tuyến đường Trần Duy Hưng và Nguyễn Chí
        # Thanh") does not outweigh a place-cued neighbour; only a cued one does
        if has_place and not any(x.kind == "person" and x.cued for x in g):
            for x in g:
                if x.kind == "person" and not x.cued:
                    x.kind = "nonperson"
        elif has_person and not has_place:
            for x in g:
                if x.kind is None and len(x.words) >= 2 and all(vietnamese_shaped(w) for w in x.words) \
                        and x.name not in PLACES and not x.anonym and not x.quoted:
                    x.kind = "person"
    return ordered


def _place_as_person(r: Run, paras: list[str]) -> bool:
    """Whether a run that names a place names a person here: a given name right after
    a strong cue (``bầu Đức``), a place named after a person right after his title
    (``Chủ tịch Hồ Chí Minh``)."""
    if place_as_given_name(r.words, r.cued and not r.weak_cue):
        return True
    first = r.toks[0]
    return r.name in PLACES_NAMED_AFTER_PERSONS and place_as_person(r.words, prev_words(paras[first.para], first.start))


def _apposition(g: list[Run], paras: list[str]) -> bool:
    """Whether two runs joined by a comma are a known place or organisation and the name
    of its person (``Giám đốc điều hành Pfizer, Albert Bourla``, ``người Mỹ, Janis
    Carter``), not a list."""
    if len(g) != 2 or g[0].place_cued or g[0].name not in NONPERSON or len(g[1].toks) < 2:
        return False
    first, second = g[0].toks[-1], g[1].orig
    return paras[first.para][first.end:second.start].strip() == ","


def rule_mentions(ordered: list[Run], lineup_names: list[tuple[int, str]]) -> list[Mention]:
    """The person mentions the rules find: runs classed ``person``, team-sheet names, a
    foreign run ending in a single name found elsewhere (``Callum Wilson`` beside the
    player ``Wilson``) and cued single words (``ông Hùng``)."""
    lineup_set = {nm for _, nm in lineup_names}
    found = [Mention(r.pos, r.words) for r in ordered if r.kind == "person"]
    for nm in lineup_set:
        # position: the first run that names the player
        pos = next((r.pos for r in ordered
                    if r.name == nm or (len(nm.split()) == 1 and nm in r.words and r.kind != "nonperson")),
                   10**12)
        found.append(Mention(pos, nm.split()))
    singles = {nm for nm in lineup_set if " " not in nm}
    singles |= {r.words[0] for r in ordered if r.kind == "person" and len(r.words) == 1}
    for r in ordered:
        ws = r.words
        if r.kind is None and 2 <= len(ws) <= 3 and ws[-1] in singles and not (r.anonym or r.quoted or r.place_cued) \
                and r.name not in NONPERSON and not contains_nonperson(ws) \
                and all(w in FOREIGN_GIVEN or foreign_shaped(w) for w in ws[:-1]):
            r.kind = "person"
            found.append(Mention(r.pos, ws))
    found += [Mention(r.pos, r.words) for r in ordered if r.kind is None and r.cued]
    return found

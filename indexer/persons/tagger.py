"""The statistical step: a CRF labels the words of each capitalised stretch as the
beginning (``B``), inside (``I``) or outside (``O``) of a person's name.

The stretches are the capitalised runs of ``runs``, joined over the particles of
foreign names (``Ursula von der Leyen``) and over initials (``John F. Kennedy``,
``C.Ronaldo``).  Each word is described by its shape, the word lists, the words around
the stretch (a title before it, a speech verb after it) and what the precise rules made
of it, so the model learns where the rules can be trusted and where they fall short
(given names of footballers, foreign names, titles glued to a name).

The model (``indexer/data/persons.crfsuite``) is trained by ``scripts/train_persons.py``
on the development half of ``bench/persons_labels.json``; it ships with the package and
is read from disk, never fetched.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .clusters import word_clusters
from .contexts import bucket, name_contexts
from .cues import (CUE_CACHE, FOLLOW_PERSON_RE, LIST_GAP_RE, after_number, apposition_kind, cue_kind,
                   place_as_given_name, prev_words, strong_cue, title_before)
from .mentions import Mention
from .runs import Run, Tok, runs_in
from .shapes import anonymised, camel, foreign_shaped, strip_marks, vietnamese_shaped
from .words import (COMMON, FOREIGN_GIVEN, HONORIFICS, NON_NAME_WORDS, NONPERSON, NP_MULTI, NP_MULTI_MAXLEN,
                    ORG_HEADS, ORG_START, ORGS, PERSON_CUE_PHRASES, PLACES, SURNAMES, WORKS, WORLD_GIVEN, dictionary_words,
                    doubled_surname, read_rows)

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "persons.crfsuite"
GIVEN_NAMES_FILE = MODEL_FILE.with_name("persons_given_vn.txt")
FAMILY_NAMES_FILE = MODEL_FILE.with_name("persons_family_foreign.txt")
PARTICLES = frozenset("von van der den de da di del della dos du le la bin ibn al el ter ten".split())
_PARTICLE_GAP_RE = re.compile(r"(?: (?:%s))+ " % "|".join(sorted(PARTICLES)))
TITLE_START = frozenset("""việc tờ báo kênh hãng bs ts gs pgs ths lord sir dr mr mrs ms bầu rapper youtuber tiktoker
streamer blogger""".split()) | frozenset(
    h.lower() for h in HONORIFICS - {"Anh", "Đồng"})
"""Words a name never starts with, even where the rules took them in: a newspaper's or a
title's word (``Tờ Marca``, ``Bs Liên``, ``Lord Rees``, ``Bầu Đức``, ``Rapper Tyga``), ``Việc``, and a capitalised
honorific (``Ông Widodo``, ``Chị Cúc``; not ``Anh`` nor ``Đồng``, which begin names too:
``Anh Tú``, ``Đồng Thị …``)."""
NOT_NAME_START = COMMON | TITLE_START
"""Words a tagged name never starts with: those and a capitalised sentence opening
(``Nhưng``); the rules' bounds keep a surname that is also a common word (``Từ Tịnh Lôi``)."""
_SPACES_RE = re.compile(r"\s+")


# ---------------------------------------------------------------------------
# Stretches
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------

_NAME_LISTS: dict = {}


def _name_list(path: Path) -> frozenset:
    """The names of a name list file (its first column), as word tuples."""
    return frozenset(read_rows(path, lambda fields: tuple(fields[0].split())))


def given_names() -> frozenset:
    """The given names of ``persons_given_vn.txt`` (``Công Phượng``), as word pairs
    (read once)."""
    names = _NAME_LISTS.get("given")
    if names is None:
        names = _NAME_LISTS["given"] = _name_list(GIVEN_NAMES_FILE)
    return names


def family_names() -> frozenset:
    """The foreign family names of ``persons_family_foreign.txt`` (``Salah``) (read once)."""
    names = _NAME_LISTS.get("family")
    if names is None:
        names = _NAME_LISTS["family"] = frozenset(w for (w, *_) in _name_list(FAMILY_NAMES_FILE))
    return names


def family_name_articles() -> dict:
    """The foreign family names of ``persons_family_foreign.txt`` with the number of
    articles the rules find each in (``Pogba``: 140)."""
    if "family_articles" not in _NAME_LISTS:
        _NAME_LISTS["family_articles"] = dict(read_rows(FAMILY_NAMES_FILE, lambda f: (f[0], int(f[1]))))
    return _NAME_LISTS["family_articles"]


def given_syllables() -> tuple[dict, dict]:
    """How many given names of ``persons_given_vn.txt`` each syllable begins and ends
    (``Hùng`` ends hundreds; ``Trước``, ``Tinh`` end none or few)."""
    if "syllables" not in _NAME_LISTS:
        first: dict = {}
        last: dict = {}
        for a, *rest in given_names():
            first[a] = first.get(a, 0) + 1
            if rest:
                last[rest[-1]] = last.get(rest[-1], 0) + 1
        _NAME_LISTS["syllables"] = (first, last)
    return _NAME_LISTS["syllables"]


def reload_name_lists() -> None:
    """Read the name lists again and forget the parts made of them and of the archive's
    counts (after ``contexts.reload()``, as ``scripts/train_persons.py`` does)."""
    _NAME_LISTS.clear()
    _word_part.cache_clear()
    _words_parts.cache_clear()


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


def cued_given_name(span: list[Tok], paras: list[str]) -> bool:
    """Whether a stretch is one syllable that names a place but, right after a strong
    person cue, is a given name (``bầu Đức``, ``ông Đức``; ``place_as_given_name``)."""
    first = span[0]
    return len(span) == 1 and place_as_given_name([first.text], strong_cue(prev_words(paras[first.para], first.start)))


def _gazetteer_marks(words: tuple[str, ...]) -> list[str]:
    """For each word: ``B``/``I`` of a known place, organisation or work, or ``''``."""
    marks = [""] * len(words)
    for a, b in gazetteer_spans(words):
        marks[a] = "B"
        marks[a + 1:b] = ["I"] * (b - a - 1)
    return marks


@lru_cache(maxsize=16384)
def _word_part(w: str) -> tuple[str, ...]:
    """What a word is on its own: its forms, shape and word lists, and its counts in the
    archive (the same everywhere)."""
    return (_word_features(w) + _world_name_features(w) + name_contexts().features([w], "word")
            + word_clusters().features(w))


def _word_features(w: str) -> tuple[str, ...]:
    low = w.lower()
    return (
        f"w={w}", f"low={low}", f"fold={strip_marks(w)}", f"suf2={low[-2:]}", f"suf3={low[-3:]}",
        f"vn={vietnamese_shaped(w)}", f"foreign={foreign_shaped(w)}", f"cap={w[:1].isupper()}",
        f"one_letter={len(w) == 1}", f"hyphen={'-' in w}", f"camel={camel(w)}",
        f"surname={w in SURNAMES}", f"given_foreign={w in FOREIGN_GIVEN}", f"family_name={w in family_names()}",
        f"common={low in COMMON}", f"org_start={w in ORG_START}", f"honorific={w in HONORIFICS}",
        f"non_name={w in NON_NAME_WORDS}", f"particle={w in PARTICLES}",
        f"place={w in PLACES}", f"org={w in ORGS}", f"work={w in WORKS}", f"org_head={w in ORG_HEADS}",
    )


def _world_name_features(w: str) -> tuple[str, ...]:
    """Whether a word is a common given name of the world (``Nancy``, ``Douglas``), in how
    many articles the rules find it as a foreign family name (``Pogba``: 8+), and how many
    Vietnamese given names it begins and ends (``given_syllables``)."""
    first, last = given_syllables()
    return (f"world_given={w in WORLD_GIVEN}", f"family_articles={bucket(family_name_articles().get(w, 0))}",
            f"given_first={bucket(first.get(w, 0))}", f"given_last={bucket(last.get(w, 0))}")


class ArticleContext:
    """What the rules made of an article, read by the features: each token's rule run
    (after stripping) and the words of the names the rules call persons."""

    def __init__(self, rule_runs: list[Run], lineup: list[tuple[int, str]], paras: list[str]):
        self.paras = paras
        self.run_of: dict[int, Run] = {}
        self.rule_parts: dict[int, tuple[str, ...]] = {}
        for r in rule_runs:
            part = _rule_part(r.kind or "none", bool(r.strong), bool(r.cued), bool(r.anonym), bool(r.quoted))
            for t in r.toks:
                self.run_of[t.gidx] = r
                self.rule_parts[t.gidx] = part
        self.person_words = {w for r in rule_runs if r.kind == "person" and len(r.words) >= 2 for w in r.words}
        self.cued_names = {r.name for r in rule_runs if r.cued}
        self.lineup_paras = {pi for pi, _ in lineup}
        self.lineup_words = {w for _, nm in lineup for w in nm.split()}


class StretchFeatures(NamedTuple):
    """The features of a stretch as crfsuite attribute strings in parts (tuples): the
    parts of the stretch itself (its context, its counts in the archive, its list
    neighbours), which every word has too, and each word's own parts.  A part that recurs
    (a word's own features, a name's counts, a cue) is the same tuple each time, so the
    tagger scores it once (``Tagger.tag``); ``flat`` gives each word's attribute strings."""
    shared: list[tuple[str, ...]]
    words: list[list[tuple[str, ...]]]


def flat(features: StretchFeatures) -> list[list[str]]:
    """Each word's attribute strings (what crfsuite trains on)."""
    shared = [a for part in features.shared for a in part]
    return [shared + [a for part in parts for a in part] for parts in features.words]


def stretch_features(span: list[Tok], ctx: ArticleContext, in_list: tuple[str, ...] = ()) -> StretchFeatures:
    """The features of a stretch and of each of its words; ``in_list``: the stretch's
    list neighbours (``list_features``).  What depends on the words alone is
    ``_words_parts``'s."""
    first, last = span[0], span[-1]
    p = ctx.paras[first.para]
    words = tuple([t.text for t in span])
    own = _words_parts(words)
    cue, strong, pre, titled = _before_parts(prev_words(p, first.start))
    after = p[last.end:last.end + 80]
    post = after.split(None, 1)
    post1 = post[0].lower() if post else "$"
    shared = [
        _context_part(cue, strong, FOLLOW_PERSON_RE.match(after) is not None,
                      p[first.start - 1:first.start] if first.start else "^", after[:1] or "$", min(len(words), 4),
                      first.para == 0, first.para in ctx.lineup_paras, first.sent_start,
                      own.whole_np, own.joined in ctx.cued_names),
        pre, _after_part(post1, apposition_kind(after) or "-"), titled, own.name, in_list,
    ]
    rule_parts, person_words, lineup_words = ctx.rule_parts, ctx.person_words, ctx.lineup_words
    out = []
    for t, (word, positions, rest) in zip(span, own.words):
        w = t.text
        out.append([word, rule_parts.get(t.gidx, _STRIPPED), positions[w in person_words][w in lineup_words], rest])
    if post and f"{words[-1].lower()} {post1.rstrip(_CLOSING)}" in dictionary_words():
        out[-1].append(_JOINS_NEXT)  # "Phạm Đại Dương Bí thư": a full stop lost before "Bí"
    return StretchFeatures(shared, out)


_JOINS_NEXT = ("joins_next",)
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
    return (f"{last.text.lower()} {after[0].rstrip(_CLOSING)}" in dictionary_words()
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


_CLOSING = ".,;:!?)]}\"'”’…"


class WordsParts(NamedTuple):
    """What a stretch's features owe to its words alone (``_words_parts``)."""
    joined: str
    whole_np: bool  # the words are a known place, organisation or work
    name: tuple[str, ...]  # the name's counts in the archive
    # each word's own part, its position parts by [in a rule person's name][in a team
    # sheet], and what follows the article's parts (pairs, neighbours) as one part, which
    # the tagger then scores with one look-up
    words: tuple[tuple[tuple[str, ...], tuple, tuple[str, ...]], ...]


@lru_cache(maxsize=16384)
def _words_parts(words: tuple[str, ...]) -> WordsParts:
    """The parts of a stretch's features that depend on its words alone (remembered: the
    same names recur across articles)."""
    contexts = name_contexts()
    n = len(words)
    joined = " ".join(words)
    gaz = _gazetteer_marks(words)
    in_given = _in_given_name(words)
    out = []
    for i, w in enumerate(words):
        pos = "only" if n == 1 else "first" if i == 0 else "last" if i == n - 1 else "mid"
        positions = _position_parts(pos, gaz[i] or "-", in_given[i])
        rest = []
        if i + 1 < n:
            rest.append(contexts.features(words[i:i + 2], "pair"))
        if i > 0:
            rest.append(contexts.features(words[i:], "from"))
        if 0 < i < n - 1:
            rest.append(contexts.features(words[:i + 1], "upto"))
        rest.append(_neighbour_part("left", words[i - 1], gaz[i - 1]) if i > 0 else _EDGE_LEFT)
        rest.append(_neighbour_part("right", words[i + 1], gaz[i + 1]) if i + 1 < n else _EDGE_RIGHT)
        out.append((_word_part(w), positions, tuple([a for part in rest for a in part])))
    return WordsParts(joined, joined in NONPERSON, contexts.features(words, "name"), tuple(out))


def _in_given_name(words: tuple[str, ...]) -> list[bool]:
    """For each word: whether it and a neighbour make a known given name (``Công Phượng``)."""
    given = given_names()
    in_given = [False] * len(words)
    for i in range(len(words) - 1):
        if (words[i], words[i + 1]) in given:
            in_given[i] = in_given[i + 1] = True
    return in_given


@lru_cache(maxsize=CUE_CACHE)
def _before_parts(pw: tuple[str, ...]) -> tuple[str, bool, tuple[str, ...], tuple[str, ...]]:
    """What the words before a stretch (``prev_words``) make: the kind of cue, whether
    it is strong, the part of the last word and of the last two, and whether a person's
    title stands a few words back (``title_before``)."""
    return (cue_kind(pw) or "none", strong_cue(pw),
            (f"pre1={pw[-1] if pw else '^'}", f"pre2={' '.join(pw[-2:]) if len(pw) >= 2 else '^'}"),
            _one("title_before", str(title_before(pw))))


@lru_cache(maxsize=CUE_CACHE)
def _after_part(post1: str, apposition: str) -> tuple[str, ...]:
    """What follows a stretch: the next word, in lower case, and the kind of cue phrase
    after a comma (``apposition_kind``)."""
    return (f"post1={post1}", f"apposition={apposition}")


@lru_cache(maxsize=4096)
def _context_part(cue: str, strong: bool, follow: bool, before_char: str, after_char: str, length: int,
                  title: bool, lineup: bool, sent_start: bool, whole_np: bool, cued: bool) -> tuple[str, ...]:
    """What is around a stretch: the cue before it and what follows, where it stands."""
    return ("bias", f"cue={cue}", f"strong_cue={strong}", f"follow={follow}", f"before_char={before_char}",
            f"after_char={after_char}", f"len={length}", f"title={title}", f"lineup={lineup}",
            f"sent_start={sent_start}", f"whole_np={whole_np}", f"cued_elsewhere={cued}")


@lru_cache(maxsize=16384)
def _one(name: str, value: str) -> tuple[str, ...]:
    return (f"{name}={value}",)


@lru_cache(maxsize=1024)
def _position_parts(pos: str, gaz: str, given: bool) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """A word's position parts by [in a rule person's name][in a team sheet]."""
    return ((_position_part(pos, gaz, given, False, False), _position_part(pos, gaz, given, False, True)),
            (_position_part(pos, gaz, given, True, False), _position_part(pos, gaz, given, True, True)))


def _position_part(pos: str, gaz: str, given: bool, in_person: bool, lineup: bool) -> tuple[str, ...]:
    """A word's place in its stretch and in the article's names."""
    part = (f"pos={pos}", f"gaz={gaz}", f"given_name={given}", f"in_person_name={in_person}",
            f"lineup_word={lineup}")
    edge = ("BOS",) if pos in ("only", "first") else ()
    return part + edge + (("EOS",) if pos in ("only", "last") else ())


@lru_cache(maxsize=64)
def _rule_part(kind: str, strong: bool, cued: bool, anonym: bool, quoted: bool) -> tuple[str, ...]:
    """What the rules made of a word's run."""
    return ("rule_kept=True", f"rule_kind={kind}", f"rule_strong={strong}", f"rule_cued={cued}",
            f"rule_anonym={anonym}", f"rule_quoted={quoted}")


_STRIPPED = ("rule_kept=False", "rule_kind=stripped", "rule_strong=False", "rule_cued=False",
             "rule_anonym=False", "rule_quoted=False")


@lru_cache(maxsize=16384)
def _neighbour_part(side: str, v: str, gaz: str) -> tuple[str, ...]:
    """The word left or right of a word in its stretch."""
    return (f"{side}={v.lower()}", f"{side}_surname={v in SURNAMES}", f"{side}_vn={vietnamese_shaped(v)}",
            f"{side}_gaz={gaz or '-'}", f"{side}_world_given={v in WORLD_GIVEN}", f"{side}_org_head={v in ORG_HEADS}")


_EDGE_LEFT, _EDGE_RIGHT = ("left=|",), ("right=|",)


def list_features(spans: list[list[Tok]], known: list[bool], ctx: ArticleContext) -> list[tuple[str, ...]]:
    """For each stretch, what its neighbours in a list are (``Diop, Tousart và Thuram``):
    a stretch written just before or after it, across a comma, a semicolon or ``và``,
    as the rules class it, whether it is a known place or organisation or written after a
    place word (``đường Trần Duy Hưng và Nguyễn Chí Thanh``), and how often the archive
    writes it after a person's title; and for a list of three or more, the list's
    (``_list_group_features``).  ``known[i]``: ``all_known(spans[i])``."""
    listed = [a[0].para == b[0].para and LIST_GAP_RE.fullmatch(ctx.paras[a[0].para], a[-1].end, b[0].start) is not None
              for a, b in zip(spans, spans[1:])]  # listed[i]: spans i and i + 1 are written as a list
    facts = [_list_facts(span, known[i], ctx) if (i > 0 and listed[i - 1]) or (i < len(listed) and listed[i])
             else None for i, span in enumerate(spans)]  # only a stretch in a list is asked about
    out = []
    for i in range(len(spans)):
        f: tuple[str, ...] = ()
        if i > 0 and listed[i - 1]:
            f += _list_part("left", facts[i - 1])
        if i + 1 < len(spans) and listed[i]:
            f += _list_part("right", facts[i + 1])
        out.append(f)
    return [f + g for f, g in zip(out, _list_group_features(listed, facts))]


def _list_facts(span: list[Tok], is_known: bool, ctx: ArticleContext) -> tuple[str, bool, str, bool]:
    """What a stretch written in a list is: how the rules class it, whether it is a known
    place or organisation, how often the archive writes it after a person's title (a
    bucket), whether it is written after a place word."""
    rule = ctx.run_of.get(span[0].gidx)
    person = name_contexts().counts.get(" ".join([t.text for t in span]), (0,))[0]
    return rule.kind or "none" if rule else "stripped", is_known, bucket(person), bool(rule and rule.place_cued)


def _list_part(side: str, facts: tuple[str, bool, str, bool]) -> tuple[str, ...]:
    """What a stretch's list neighbour on ``side`` is (its ``_list_facts``)."""
    kind, known, person, place_cued = facts
    return (f"list_{side}={kind}", f"list_{side}_known={known}", f"list_{side}_person={person}",
            f"list_{side}_place_cued={place_cued}")


def _list_group_features(listed: list[bool], facts: list[tuple | None]) -> list[tuple[str, ...]]:
    """For each stretch in a list of three or more (``Rimario, Hendrio, Tấn Trường và Văn
    Hậu``): how long the list is and how many of its members the rules call persons, are
    known places or organisations, or are written after a person's title elsewhere in the
    archive (``listed`` and ``facts``: ``list_features``'s)."""
    groups, cur = [], [0] if facts else []
    for i in range(1, len(facts)):
        if listed[i - 1]:
            cur.append(i)
        else:
            groups.append(cur)
            cur = [i]
    if cur:
        groups.append(cur)
    out: list[tuple[str, ...]] = [()] * len(facts)
    for g in groups:
        if len(g) < 3:
            continue
        persons = sum(facts[i][0] == "person" for i in g)
        known = sum(facts[i][1] for i in g)
        titled = sum(facts[i][2] != "0" for i in g)
        part = ("list_long=True", f"list_size={min(len(g), 5)}", f"list_persons={bucket(persons)}",
                f"list_known={bucket(known)}", f"list_titled={bucket(titled)}")
        for i in g:
            out[i] = part
    return out


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

MAX_SCORED_PARTS = 100_000  # parts whose scores the tagger remembers at most


class Tagger:
    """The trained CRF in ``path`` (labels ``B``, ``I``, ``O``), read on first use: the
    weight of each attribute for each label and of each transition.  A word's score for a label is the sum of its
    attributes' weights, part by part (``stretch_features``), each part's sum remembered;
    the best labels of a stretch are found by Viterbi, as crfsuite's own tagger does, without
    handing it every attribute string of every word."""

    def __init__(self, path: Path = MODEL_FILE):
        self.path = Path(path)
        self._model = None
        self._lock = threading.Lock()

    def available(self) -> bool:
        """Whether the model can be used: loaded already, or its file is there."""
        return self._model is not None or self.path.is_file()

    def _load(self):
        with self._lock:
            if self._model is None:
                import pycrfsuite

                crf = pycrfsuite.Tagger()
                crf.open(str(self.path))
                info = crf.info()
                labels = crf.labels()
                if sorted(labels) != ["B", "I", "O"]:
                    raise ValueError(f"{self.path}: not a B/I/O model: {labels}")
                labels = ["B", "I", "O"]
                index = {y: k for k, y in enumerate(labels)}
                weights: dict[str, list[float]] = {}
                for (attr, y), w in info.state_features.items():
                    weights.setdefault(attr, [0.0] * len(labels))[index[y]] = w
                trans = [[info.transitions.get((a, b), 0.0) for b in labels] for a in labels]
                crf.close()
                self._model = (labels, weights, trans, {})
        return self._model

    def _score(self, part: tuple[str, ...]) -> tuple[float, float, float]:
        """The summed weights of a part's attributes for each label (remembered)."""
        _, weights, _, memo = self._model
        s = memo.get(part)
        if s is None:
            b = i = o = 0.0
            for attr in part:
                w = weights.get(attr)
                if w is not None:
                    b, i, o = b + w[0], i + w[1], o + w[2]
            if len(memo) >= MAX_SCORED_PARTS:
                memo.clear()
            s = memo[part] = (b, i, o)
        return s

    def tag(self, features: StretchFeatures) -> list[str]:
        """The best labels of a stretch's words."""
        labels, _, trans, memo = self._model or self._load()
        scored, score = memo.get, self._score
        b0 = i0 = o0 = 0.0
        for part in features.shared:
            sb, si, so = scored(part) or score(part)
            b0 += sb
            i0 += si
            o0 += so
        rows = []
        for parts in features.words:
            b, i, o = b0, i0, o0
            for part in parts:
                sb, si, so = scored(part) or score(part)
                b += sb
                i += si
                o += so
            rows.append((b, i, o))
        return [labels[k] for k in _viterbi(rows, trans)]


def _viterbi(rows: list[tuple[float, float, float]], trans: list[list[float]]) -> list[int]:
    """The best label path through a stretch of three labels: state scores ``rows``,
    transition scores ``trans[from][to]``; of equal scores, the first label (as ``max``).
    Written for three labels: the same sums in the same order as a loop over any number
    of them, in fewer steps."""
    if len(rows) == 1:
        return [_argmax(rows[0])]
    (t00, t01, t02), (t10, t11, t12), (t20, t21, t22) = trans
    s0, s1, s2 = rows[0]
    back = []
    for r0, r1, r2 in rows[1:]:
        a0, l0 = _best_into(s0, s1, s2, t00, t10, t20)
        a1, l1 = _best_into(s0, s1, s2, t01, t11, t21)
        a2, l2 = _best_into(s0, s1, s2, t02, t12, t22)
        s0, s1, s2 = a0 + r0, a1 + r1, a2 + r2
        back.append((l0, l1, l2))
    k = _argmax((s0, s1, s2))
    path = [k]
    for links in reversed(back):
        k = links[k]
        path.append(k)
    return path[::-1]


def _best_into(s0: float, s1: float, s2: float, t0: float, t1: float, t2: float) -> tuple[float, int]:
    """The best score into a label from the three before (scores ``s``, transitions
    ``t`` from each) and which label it comes from; of equal scores, the first."""
    top, link = s0 + t0, 0
    x = s1 + t1
    if x > top:
        top, link = x, 1
    x = s2 + t2
    if x > top:
        top, link = x, 2
    return top, link


def _argmax(scores) -> int:
    """The first place of the highest score."""
    k, top = 0, scores[0]
    for i in range(1, len(scores)):
        if scores[i] > top:
            k, top = i, scores[i]
    return k


def tagged_mentions(spans: list[list[Tok]], labels: list[list[str]], paras: list[str],
                    rule_runs: list[Run] = ()) -> list[Mention]:
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
    (``sentence_opening``)."""
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
        known = (text in NONPERSON or " ".join(words) in NONPERSON) and not cued_given_name(m, paras)
        if known or all(len(w) == 1 for w in words) or anonymised(words) or doubled_surname(words) \
                or after_number(paras[m[0].para], m[0].start):
            continue
        if len(words) == 1 and words[0].lower() in COMMON:
            continue
        out.append(Mention(m[0].gidx, words, text))
    return out


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


DEFAULT_TAGGER = Tagger()

"""The features of a stretch's words, as the tagger reads them and the trainer writes them.

Each word is described by its shape, the word lists, the words around the stretch (a
title before it, a speech verb after it), what the precise rules made of it, its counts
in the archive (``contexts``) and its word clusters (``clusters``), so the model learns
where the rules can be trusted and where they fall short (given names of footballers,
foreign names, titles glued to a name).  Features come in parts, tuples of crfsuite
attribute strings; a part that recurs is the same tuple each time (``StretchFeatures``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .clusters import word_clusters
from .contexts import bucket, name_contexts
from .cues import (CLOSING, CUE_CACHE, FOLLOW_PERSON_RE, LIST_GAP_RE, apposition_kind, cue_kind, prev_words,
                   strong_cue, title_before)
from .runs import Run, Tok
from .shapes import camel, foreign_shaped, strip_marks, vietnamese_shaped
from .stretches import PARTICLES, gazetteer_spans
from .words import (COMMON, FOREIGN_GIVEN, HONORIFICS, NON_NAME_WORDS, NONPERSON, ORG_HEADS, ORG_START, ORGS, PLACES,
                    SURNAMES, WORKS, WORLD_GIVEN, dictionary_words, family_name_articles, family_names,
                    forget_name_lists, given_names, given_syllables)


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
        out.append([word, rule_parts.get(t.gidx, _STRIPPED), positions[w in person_words][w in lineup_words], *rest])
    if post and f"{words[-1].lower()} {post1.rstrip(CLOSING)}" in dictionary_words():
        out[-1].append(_JOINS_NEXT)  # "Phạm Đại Dương Bí thư": a full stop lost before "Bí"
    return StretchFeatures(shared, out)


_JOINS_NEXT = ("joins_next",)


class WordsParts(NamedTuple):
    """What a stretch's features owe to its words alone (``_words_parts``)."""
    joined: str
    whole_np: bool  # the words are a known place, organisation or work
    name: tuple[str, ...]  # the name's counts in the archive
    # each word's own part, its position parts by [in a rule person's name][in a team
    # sheet], and the parts that follow the article's (its pair, the name from and up to
    # it, its neighbours), each kept apart: a new stretch of known words then brings the
    # tagger parts it has scored before
    words: tuple[tuple[tuple[str, ...], tuple, tuple[tuple[str, ...], ...]], ...]


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
        out.append((_word_part(w), positions, tuple(rest)))
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
        left = facts[i - 1] if i > 0 and listed[i - 1] else None
        right = facts[i + 1] if i + 1 < len(spans) and listed[i] else None
        if left is not None:
            f += _list_part("left", left)
        if right is not None:
            f += _list_part("right", right)
        out.append(f)
    return [f + g for f, g in zip(out, _list_group_features(listed, facts))]


ListFacts = tuple[str, bool, str, bool]  # a listed stretch's rule kind, known, titled bucket, place-cued


def _list_facts(span: list[Tok], is_known: bool, ctx: ArticleContext) -> ListFacts:
    """What a stretch written in a list is: how the rules class it, whether it is a known
    place or organisation, how often the archive writes it after a person's title (a
    bucket), whether it is written after a place word."""
    rule = ctx.run_of.get(span[0].gidx)
    person = name_contexts().counts.get(" ".join([t.text for t in span]), (0,))[0]
    return rule.kind or "none" if rule else "stripped", is_known, bucket(person), bool(rule and rule.place_cued)


def _list_part(side: str, facts: ListFacts) -> tuple[str, ...]:
    """What a stretch's list neighbour on ``side`` is (its ``_list_facts``)."""
    kind, known, person, place_cued = facts
    return (f"list_{side}={kind}", f"list_{side}_known={known}", f"list_{side}_person={person}",
            f"list_{side}_place_cued={place_cued}")


def _list_group_features(listed: list[bool], facts: list[ListFacts | None]) -> list[tuple[str, ...]]:
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
        members = [m for m in (facts[i] for i in g) if m is not None]  # every one, being listed
        persons = sum(m[0] == "person" for m in members)
        known = sum(m[1] for m in members)
        titled = sum(m[2] != "0" for m in members)
        part = ("list_long=True", f"list_size={min(len(g), 5)}", f"list_persons={bucket(persons)}",
                f"list_known={bucket(known)}", f"list_titled={bucket(titled)}")
        for i in g:
            out[i] = part
    return out


def reload_name_lists() -> None:
    """Read the name lists again and forget the parts made of them and of the archive's
    counts (after ``contexts.reload()``, as ``scripts/train_persons.py`` does)."""
    forget_name_lists()
    _word_part.cache_clear()
    _words_parts.cache_clear()

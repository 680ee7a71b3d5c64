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

from .contexts import bucket, name_contexts
from .cues import FOLLOW_PERSON_RE, LIST_GAP_RE, cue_kind, prev_words, strong_cue
from .mentions import Mention
from .runs import Run, Tok, runs_in
from .shapes import camel, foreign_shaped, strip_marks, vietnamese_shaped
from .words import (COMMON, FOREIGN_GIVEN, HONORIFICS, NON_NAME_WORDS, NONPERSON, NP_MULTI, NP_MULTI_MAXLEN,
                    ORG_START, ORGS, PLACES, SURNAMES, WORKS)

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "persons.crfsuite"
GIVEN_NAMES_FILE = MODEL_FILE.with_name("persons_given_vn.txt")
FAMILY_NAMES_FILE = MODEL_FILE.with_name("persons_family_foreign.txt")
PARTICLES = frozenset("von van der den de da di del della dos du le la bin ibn al el ter ten".split())
_PARTICLE_GAP_RE = re.compile(r"(?: (?:%s))+ " % "|".join(sorted(PARTICLES)))
TITLE_START = frozenset("việc tờ báo kênh hãng bs ts gs pgs ths lord sir dr mr mrs ms".split())
"""Words a name never starts with, even where the rules took them in: a newspaper's or a
title's word (``Tờ Marca``, ``Bs Liên``, ``Lord Rees``), ``Việc``."""
NOT_NAME_START = COMMON | TITLE_START
"""Words a tagged name never starts with: those and a capitalised sentence opening
(``Nhưng``); the rules' bounds keep a surname that is also a common word (``Từ Tịnh Lôi``)."""
_WORD_RE = re.compile(r"[^\W\d_][\w'’]*(?:-\w+)*")
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
    gap = paras[last.para][last.end:first.start]
    if len(last.text) == 1 and last.text.isupper() and gap in (".", ". "):
        return True  # an initial: "John F. Kennedy", "C.Ronaldo"
    return bool(_PARTICLE_GAP_RE.fullmatch(gap))


def words_of(name: str) -> list[str]:
    """A name's words as the stretches hold them (``C.Ronaldo`` → ``C``, ``Ronaldo``)."""
    return _WORD_RE.findall(name)


def text_of(span: list[Tok], paras: list[str]) -> str:
    """A span as written in the article, spaces made single."""
    p = paras[span[0].para]
    return _SPACES_RE.sub(" ", p[span[0].start:span[-1].end])


# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------

_NAME_LISTS: dict = {}


def _name_list(path: Path) -> frozenset:
    if path not in _NAME_LISTS:
        names = set()
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    names.add(tuple(line.split("\t")[0].split()))
        _NAME_LISTS[path] = frozenset(names)
    return _NAME_LISTS[path]


def given_names() -> frozenset:
    """The given names of ``persons_given_vn.txt`` (``Công Phượng``), as word pairs."""
    return _name_list(GIVEN_NAMES_FILE)


def family_names() -> frozenset:
    """The foreign family names of ``persons_family_foreign.txt`` (``Salah``)."""
    if "family" not in _NAME_LISTS:
        _NAME_LISTS["family"] = frozenset(w for (w, *_) in _name_list(FAMILY_NAMES_FILE))
    return _NAME_LISTS["family"]


def reload_name_lists() -> None:
    _NAME_LISTS.clear()
    _word_features.cache_clear()


def gazetteer_spans(words: list[str]) -> list[tuple[int, int]]:
    """Where ``words`` hold a known place, organisation or work, the longest first, from
    left to right: (start, end) pairs."""
    spans = []
    i = 0
    while i < len(words):
        for k in range(min(NP_MULTI_MAXLEN, len(words) - i), 0, -1):
            if tuple(words[i:i + k]) in NP_MULTI or (k == 1 and words[i] in NONPERSON):
                spans.append((i, i + k))
                i += k - 1
                break
        i += 1
    return spans


def all_known(span: list[Tok]) -> bool:
    """Whether a stretch is one known place, organisation or work (``Hà Nội``; not
    ``Anh Đức``, two countries that make a given name)."""
    words = [t.text for t in span]
    return gazetteer_spans(words) == [(0, len(words))]


def _gazetteer_marks(words: list[str]) -> list[str]:
    """For each word: ``B``/``I`` of a known place, organisation or work, or ``''``."""
    marks = [""] * len(words)
    for a, b in gazetteer_spans(words):
        marks[a] = "B"
        marks[a + 1:b] = ["I"] * (b - a - 1)
    return marks


@lru_cache(maxsize=16384)
def _word_features(w: str) -> tuple[str, ...]:
    """What a word is on its own: its forms, shape and word lists (the same everywhere)."""
    low = w.lower()
    return (
        f"w={w}", f"low={low}", f"fold={strip_marks(w)}", f"suf2={low[-2:]}", f"suf3={low[-3:]}",
        f"vn={vietnamese_shaped(w)}", f"foreign={foreign_shaped(w)}", f"cap={w[:1].isupper()}",
        f"one_letter={len(w) == 1}", f"hyphen={'-' in w}", f"camel={camel(w)}",
        f"surname={w in SURNAMES}", f"given_foreign={w in FOREIGN_GIVEN}", f"family_name={w in family_names()}",
        f"common={low in COMMON}", f"org_start={w in ORG_START}", f"honorific={w in HONORIFICS}",
        f"non_name={w in NON_NAME_WORDS}", f"particle={w in PARTICLES}",
        f"place={w in PLACES}", f"org={w in ORGS}", f"work={w in WORKS}",
    )


class ArticleContext:
    """What the rules made of an article, read by the features: each token's rule run
    (after stripping) and the words of the names the rules call persons."""

    def __init__(self, rule_runs: list[Run], lineup: list[tuple[int, str]], paras: list[str]):
        self.paras = paras
        self.run_of: dict[int, Run] = {}
        for r in rule_runs:
            for t in r.toks:
                self.run_of[t.gidx] = r
        self.person_words = {w for r in rule_runs if r.kind == "person" and len(r.words) >= 2 for w in r.words}
        self.cued_names = {r.name for r in rule_runs if r.cued}
        self.lineup_paras = {pi for pi, _ in lineup}
        self.lineup_words = {w for _, nm in lineup for w in nm.split()}


def stretch_features(span: list[Tok], ctx: ArticleContext) -> list[list[str]]:
    """The features of each word of a stretch, as crfsuite attribute strings."""
    p = ctx.paras[span[0].para]
    words = [t.text for t in span]
    n = len(words)
    pw = prev_words(p, span[0].start)
    kind = cue_kind(pw) or "none"
    after = p[span[-1].end:span[-1].end + 80]
    post = after.split()
    before_char = p[span[0].start - 1:span[0].start] if span[0].start else "^"
    contexts = name_contexts()
    shared = [
        "bias", f"cue={kind}", f"strong_cue={strong_cue(pw)}",
        f"pre1={pw[-1] if pw else '^'}", f"pre2={' '.join(pw[-2:]) if len(pw) >= 2 else '^'}",
        f"post1={post[0].lower() if post else '$'}", f"follow={bool(FOLLOW_PERSON_RE.match(after))}",
        f"before_char={before_char}", f"after_char={after[:1] or '$'}",
        f"len={min(n, 4)}", f"title={span[0].para == 0}",
        f"lineup={span[0].para in ctx.lineup_paras}",
        f"sent_start={span[0].sent_start}",
        f"whole_np={' '.join(words) in NONPERSON}",
        f"cued_elsewhere={' '.join(words) in ctx.cued_names}",
    ] + contexts.features(words, "name")
    gaz = _gazetteer_marks(words)
    given = given_names()
    in_given = [False] * n
    for i in range(n - 1):
        if (words[i], words[i + 1]) in given:
            in_given[i] = in_given[i + 1] = True
    out = []
    for i, t in enumerate(span):
        w = t.text
        rule = ctx.run_of.get(t.gidx)
        f = shared + list(_word_features(w)) + [
            f"pos={'only' if n == 1 else 'first' if i == 0 else 'last' if i == n - 1 else 'mid'}",
            f"gaz={gaz[i] or '-'}",
            f"given_name={in_given[i]}", f"in_person_name={w in ctx.person_words}", f"lineup_word={w in ctx.lineup_words}",
            f"rule_kept={rule is not None}",
            f"rule_kind={(rule.kind or 'none') if rule else 'stripped'}",
            f"rule_strong={bool(rule and rule.strong)}", f"rule_cued={bool(rule and rule.cued)}",
            f"rule_anonym={bool(rule and rule.anonym)}", f"rule_quoted={bool(rule and rule.quoted)}",
        ] + contexts.features([w], "word")
        if i + 1 < n:
            f += contexts.features(words[i:i + 2], "pair")
        if i > 0:
            f += contexts.features(words[i:], "from")
        if 0 < i < n - 1:
            f += contexts.features(words[:i + 1], "upto")
        for d, name in ((-1, "left"), (1, "right")):
            j = i + d
            if 0 <= j < n:
                v = words[j]
                f += [f"{name}={v.lower()}", f"{name}_surname={v in SURNAMES}", f"{name}_vn={vietnamese_shaped(v)}",
                      f"{name}_gaz={gaz[j] or '-'}"]
            else:
                f.append(f"{name}=|")
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        out.append(f)
    return out


def list_features(spans: list[list[Tok]], known: list[bool], ctx: ArticleContext) -> list[list[str]]:
    """For each stretch, what its neighbours in a list are (``Diop, Tousart và Thuram``):
    a stretch written just before or after it, across a comma, a semicolon or ``và``,
    as the rules class it, whether it is a known place or organisation, and how often the
    archive writes it after a person's title.  ``known[i]``: ``all_known(spans[i])``."""
    contexts = name_contexts()
    facts = []
    for span, is_known in zip(spans, known):
        rule = ctx.run_of.get(span[0].gidx)
        person = contexts.counts.get(" ".join(t.text for t in span), (0,))[0]
        facts.append((rule.kind or "none" if rule else "stripped", is_known, bucket(person)))
    out = []
    for i, span in enumerate(spans):
        f = []
        for j, side in ((i - 1, "left"), (i + 1, "right")):
            if 0 <= j < len(spans) and spans[j][0].para == span[0].para:
                a, b = (spans[j], span) if j < i else (span, spans[j])
                gap = ctx.paras[span[0].para][a[-1].end:b[0].start]
                if LIST_GAP_RE.fullmatch(gap):
                    kind, known, person = facts[j]
                    f += [f"list_{side}={kind}", f"list_{side}_known={known}", f"list_{side}_person={person}"]
        out.append(f)
    return out


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

class Tagger:
    """The trained CRF in ``path``, opened on first use, once per thread (a crfsuite
    tagger is not to be shared by threads)."""

    def __init__(self, path: Path = MODEL_FILE):
        self.path = Path(path)
        self._local = threading.local()

    def available(self) -> bool:
        return self.path.is_file()

    def _tagger(self):
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.path))
            self._local.tagger = tagger
        return tagger

    def tag(self, features: list[list[str]]) -> list[str]:
        return self._tagger().tag(features)


def tagged_mentions(spans: list[list[Tok]], labels: list[list[str]], paras: list[str],
                    rule_runs: list[Run] = ()) -> list[Mention]:
    """The person mentions of BIO-labelled stretches; a name that is a known place,
    organisation or work, or nothing but initials, is not one.  A name that overlaps a
    run the rules call a person takes the rules' bounds: their stripping of leading
    places, organisations and titles (``Nga Sergei Shoigu``) is precise."""
    rule_person = {t.gidx: r for r in rule_runs if r.kind == "person" for t in r.toks}
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
        while len(m) > 1 and m[0].text.lower() in NOT_NAME_START:
            m = m[1:]
        if not m:
            continue
        rule = next((rule_person[t.gidx] for t in m if t.gidx in rule_person), None)
        if rule is not None:
            m = rule.toks
            while len(m) > 1 and m[0].text.lower() in TITLE_START:
                m = m[1:]
        words = [t.text for t in m]
        text = text_of(m, paras)
        if text in NONPERSON or " ".join(words) in NONPERSON or all(len(w) == 1 for w in words):
            continue
        if len(words) == 1 and words[0].lower() in COMMON:
            continue
        out.append(Mention(m[0].gidx, words, text))
    return out


DEFAULT_TAGGER = Tagger()

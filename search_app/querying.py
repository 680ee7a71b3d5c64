"""From the text a reader types to a Whoosh query.

The query language is small and forgiving: words, ``"quoted phrases"``, ``-word`` to
exclude, ``OR`` between two words, ``title:``/``tieude:`` and ``person:``/``nguoi:``
prefixes, a trailing ``*`` for a prefix and a trailing ``~`` for a near spelling.
Anything else (brackets, stray operators) is read as plain text, never as an error.

``parse`` analyses the query once into a :class:`ParsedQuery`; every later step (the
query ``build``, the snippet ``marks``, the suggestion) reads that object.  Runs of plain
words become :class:`Word` objects that carry every form of each word:

* **as typed**: canonical lower-case syllables.  A query with any diacritic was typed
  with accents, so every syllable of it is literal (``La`` is "la", never "là"); tone
  style and i/y spelling do not matter.
* **readings**: for a query typed without any accent, the accented spellings that the
  archive itself uses most for each word (``son la`` → ``sơn la``).
* **together**: for several accentless words, each one's reading in the combination
  that the archive's headlines write together most (``khoc dua`` → ``khóc đứa``).
* **aliases**: the other forms of an abbreviation (``UBND`` ↔ ``Ủy ban nhân dân``,
  ``indexer/data/aliases.txt``).

A run is cut into words by the index's vocabulary, not by pyvi's reading of the query
(which depends on case), and a word of several syllables matches only where they stand
side by side: as glued syllable pairs (``sơn_la``; see ``indexer.analysis``).  Typing
with the input method off (Telex ``hooij nghij``, VNI ``ho6i5 nghi5``) is decoded when
the decoded words are the archive's and the typed ones are not; ``rewritten`` says so.

A query is built as a :class:`Plan`: ``match`` decides which articles are results (it
is what the total and the facets count), ``scored`` ranks them: ``match`` plus optional
boosts (title and lead, the exact word, neighbours, the title's start) and, for the
fallbacks, a tier (``tuning.TIER``) that puts the articles matching as the reader meant
above the rest.  Knobs are in ``tuning.py``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as Q

from indexer.aliases import default_aliases
from indexer.analysis import (MAX_TOKEN_CHARS, canonical, canonical_syllable, fold, glued, has_accents,
                              pairs_of, query_terms, syllable_spans)
from indexer.analysis import syllables as syllables_of
from indexer.input_methods import decode_telex, decode_vni
from indexer.persons import vietnamese_shaped
from indexer.schema import FOLDED, FOLDED_PAIRS, HEADLINE, PAIRS, SYLLABLES

from . import tuning as T
from .errors import SearchError
from .query_types import AtLeast, StartsWith

FIELD_WEIGHTS = T.FIELD_WEIGHTS
MAX_WORD_SYLLABLES = 4

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<field>title|tieude|person|nguoi):)?
    (?:
        "(?P<phrase>[^"]*)"?(?:~(?P<near>\d{1,3})(?!\S))?
      | (?P<word>[^\s"]+)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
_FIELD_ALIASES = {"title": "title", "tieude": "title", "person": "person", "nguoi": "person"}
_NOISE = re.compile(r"[()\[\]{}^+!|\\<>=;]")
_WILD = re.compile(r"\*")  # only *: a ? ends many headlines


@dataclass
class Word:
    """One word of a query, in every form the search reads."""

    typed: list[str]  # canonical lower-case syllables, as typed
    readings: list[list[str]] = field(default_factory=list)  # accented spellings meant
    aliases: list[list[str]] = field(default_factory=list)  # other forms of the same thing
    # For an accentless query of several words: this word's reading in the combination
    # of readings that the archive's headlines write together most (``readings[0]`` too).
    together: list[str] | None = None

    @property
    def folded(self) -> list[str]:
        return [fold(s) for s in self.typed]

    @property
    def exact(self) -> str:
        return "_".join(self.typed)


@dataclass
class Unit:
    """One thing to match: a word, a phrase, a person, maybe excluded."""

    words: list[list[str]]  # canonical lower-case syllables of each word
    kind: str = "word"  # word | phrase | person | prefix | fuzzy
    fields: tuple[str, ...] = ("text",)  # ("title",) for a title: prefix
    negate: bool = False
    person: str = ""
    exact: list[str] = field(default_factory=list)  # each word as the words fields hold it
    word: Word | None = None  # a plain word of a run: all its forms
    # How far apart a phrase's syllables may stand, in order (Whoosh's slop: 1 = side by
    # side); ``"a b"~N`` allows N syllables between them.
    slop: int = 1


@dataclass
class ParsedQuery:
    groups: list[list[Unit]] = field(default_factory=list)  # AND of ORs
    excluded: list[Unit] = field(default_factory=list)
    accented: bool = False
    # Runs of words typed side by side, for the proximity boost and highlighting.
    runs: list[list[list[str]]] = field(default_factory=list)
    # Neighbouring words of a run that the reader typed glued (no comma between).
    neighbours: list[tuple[Word, Word]] = field(default_factory=list)
    # Plain words written with a minus glued on (``-Cần``): excluded, unless read as
    # hyphenated (``parse(..., exclusions=False)``).
    minus_words: list[str] = field(default_factory=list)
    # The query as decoded from Telex or VNI typing, when it was so read.
    rewritten: str | None = None

    @property
    def empty(self) -> bool:
        return not self.groups

    def positive_units(self) -> list[Unit]:
        return [u for g in self.groups for u in g]

    def plain_words(self) -> list[Word]:
        return [u.word for u in self.positive_units() if u.word is not None]

    @property
    def long(self) -> bool:
        """A remembered headline or a pasted paragraph: matched softly."""
        return len(self.groups) >= T.LONG_QUERY_WORDS and all(len(g) == 1 for g in self.groups)


# ---------------------------------------------------------------------------
# Reading the query
# ---------------------------------------------------------------------------


def decode_typing(text: str, lexicon) -> str | None:
    """``text`` with its Telex or VNI keystrokes decoded (``hooij nghij`` → ``hội
    nghị``), or None when it does not read so: each decoded syllable must be one the
    archive uses, and the typed form one it (nearly) does not."""
    if lexicon is None or has_accents(text):
        return None
    tokens = text.split(" ")
    decoded: dict[int, str] = {}
    strong = False
    for i, token in enumerate(tokens):
        core = token.strip(".,;:!?\"'()")
        syllable = (decode_telex(core) or decode_vni(core)) if core else None
        if not syllable or syllable == core.lower():
            continue
        known = lexicon.syllable_df(syllable)
        typed = 0 if any(c.isdigit() for c in core) else lexicon.folded_syllable_df(fold(core))
        if known and typed < known:
            decoded[i] = syllable
            # Keystrokes the archive (nearly) never has as a word: this is typing.
            strong = strong or typed <= max(2, known // 50)
    if not strong:
        return None
    out = []
    for i, token in enumerate(tokens):
        if i in decoded:
            core = token.strip(".,;:!?\"'()")
            syllable = decoded[i]
            if core[:1].isupper():
                syllable = syllable[:1].upper() + syllable[1:]
            token = token.replace(core, syllable, 1)
        out.append(token)
    return " ".join(out)


def parse(text: str, lexicon=None, exclusions: bool = True, aliases=None) -> ParsedQuery:
    """Read the reader's query.  Raises SearchError only for what cannot be searched.

    ``lexicon`` (``lexicon.Lexicon``) lets the index's vocabulary cut runs into words,
    restore accents and decode Telex/VNI; without it pyvi cuts the words.  With
    ``exclusions=False`` a minus glued to a plain word is read as a hyphen (a pasted
    headline's ``TP.HCM -Cần Thơ``); quoted and ``person:`` exclusions stay."""
    text = canonical(text or "")
    rewritten = decode_typing(text, lexicon)
    if rewritten:
        text = canonical(rewritten)
    parsed = ParsedQuery(accented=has_accents(text), rewritten=rewritten)
    aliases = default_aliases() if aliases is None else aliases
    pending: list[str] = []  # plain words waiting to be read together
    or_next = False

    def add(unit: Unit, join_or: bool) -> None:
        if unit.negate:
            parsed.excluded.append(unit)
        elif join_or and parsed.groups:
            parsed.groups[-1].append(unit)
        else:
            parsed.groups.append([unit])

    def flush() -> None:
        nonlocal or_next
        if not pending:
            return
        words, glue = read_run(" ".join(pending), parsed.accented, lexicon, aliases)
        pending.clear()
        if words:
            parsed.runs.append([w.typed for w in words])
        for i, word in enumerate(words):
            if i and glue[i - 1]:
                parsed.neighbours.append((words[i - 1], word))
            add(Unit([word.typed], exact=[word.exact], word=word), join_or=(i == 0 and or_next))
            if i == 0:
                or_next = False

    cleaned = _NOISE.sub(" ", text)
    for m in _TOKEN.finditer(cleaned):
        word, phrase = m.group("word"), m.group("phrase")
        fieldname = _FIELD_ALIASES.get((m.group("field") or "").lower())
        negate = bool(m.group("neg"))
        # A plain word: no field, no quotes, no * or ~ operator.
        plain = word is not None and not fieldname and not _WILD.search(word) and not word.endswith("~")
        if negate and plain and word != "OR":
            parsed.minus_words.append(word)
            negate = exclusions
        if word == "OR" and not negate and not fieldname:
            flush()
            or_next = bool(parsed.groups)
            continue
        if plain and not negate:
            word = word.strip("-")
            if word:
                pending.append(word)
            continue
        if phrase is not None and not fieldname and len(phrase.split()) > T.MAX_PHRASE_WORDS:
            # A quotation inside a pasted paragraph, not a phrase to match word for word.
            pending.extend(phrase.split())
            continue
        flush()
        unit = _special_unit(word, phrase, fieldname, negate, m.group("near"))
        if unit is not None:
            add(unit, join_or=or_next)
        or_next = False
    flush()
    if len(parsed.groups) + len(parsed.excluded) > T.MAX_UNITS:
        raise SearchError(f"Quá nhiều từ: tối đa {T.MAX_UNITS} từ trong một lần tìm.")
    return parsed


def read_run(text: str, accented: bool, lexicon=None, aliases=None) -> tuple[list[Word], list[bool]]:
    """The words of a run of plain query words, and for each two neighbours whether the
    reader typed them glued (no comma or full stop between)."""
    spans = [(s, e, syl) for s, e, syl in syllable_spans(text) if len(syl) <= MAX_TOKEN_CHARS]
    if not spans:
        return [], []
    sylls = [canonical_syllable(syl).lower() for _, _, syl in spans]
    glue = [glued(text[spans[i][1]:spans[i + 1][0]], spans[i][2], spans[i + 1][2])
            for i in range(len(spans) - 1)]
    aliases = default_aliases() if aliases is None else aliases
    keys = sylls if accented else [fold(s) for s in sylls]
    # Where each stretch of glued syllables ends: no alias form runs past it.
    ends = [len(sylls)] * len(sylls)
    for i in range(len(sylls) - 2, -1, -1):
        ends[i] = ends[i + 1] if glue[i] else i + 1
    cuts: list[tuple[int, int, tuple | None]] = []  # (start, end, alias group)
    i = 0
    plain_from = 0
    while i < len(sylls):
        stop = ends[i]
        found = aliases.longest(keys, i, folded=not accented, stop=stop) if aliases else None
        if found:
            n, group = found
            if plain_from < i:
                cuts.append((plain_from, i, None))
            cuts.append((i, i + n, group))
            i += n
            plain_from = i
            continue
        i += 1
    if plain_from < len(sylls):
        cuts.append((plain_from, len(sylls), None))
    words: list[Word] = []
    word_glue: list[bool] = []
    for start, end, group in cuts:
        if group is not None:
            pieces = [(start, end)]
        elif lexicon is not None:
            pieces = _segment(sylls, glue, start, end, accented, lexicon)
        else:
            pieces = _segment_by_pyvi(text, spans, glue, start, end)
        for a, b in pieces:
            typed = sylls[a:b]
            word = Word(typed)
            if group is not None:
                own = tuple(typed) if accented else next(
                    (f for f in group if [fold(s) for s in f] == [fold(s) for s in typed]), tuple(typed))
                word.aliases = [list(f) for f in group if f != own and f != tuple(typed)]
                if not accented and has_accents(" ".join(own)):
                    word.readings = [list(own)]
            if words:
                word_glue.append(glue[a - 1])
            words.append(word)
    if not accented and lexicon is not None:
        _restore_accents([w for w in words if not w.readings and not w.aliases], word_glue, words, lexicon)
    return words, word_glue


def likeliest_reading(text: str, lexicon) -> str | None:
    """The accented reading of accentless ``text`` that the archive makes likeliest
    (``hoi nghi can bo`` → ``hội nghị cán bộ``: "did you mean"), or None when the
    archive knows none of its words."""
    words, _ = read_run(fold(text), False, lexicon)
    return reading_of(words)


def reading_of(words: list[Word]) -> str | None:
    """The first reading of each of ``words`` (read without accents), or None when none
    has one."""
    if not any(w.readings for w in words):
        return None
    return " ".join(" ".join(w.readings[0] if w.readings else w.typed) for w in words)


def _segment(sylls, glue, start, end, accented, lexicon) -> list[tuple[int, int]]:
    """Cut ``sylls[start:end]`` into words, preferring long words the archive uses
    often (a small dynamic programme over log document frequencies)."""
    folded = [fold(s) for s in sylls]
    n = end - start
    total = lexicon.total
    score = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for i in range(n):
        if score[i] == -math.inf:
            continue
        for k in range(1, min(MAX_WORD_SYLLABLES, n - i) + 1):
            a, b = start + i, start + i + k
            if k > 1 and not glue[b - 2]:
                break
            # An accented run the archive knows only without accents is a word typed
            # with an accent wrong (``hội nghi``): it counts a share.
            share = 1.0
            if accented:
                df = lexicon.word_df("_".join(sylls[a:b]))
                if not df and k > 1:
                    share = T.MISTYPED_WORD_SHARE
                    df = lexicon.folded_word_df("_".join(folded[a:b])) * share
            else:
                df = lexicon.folded_word_df("_".join(folded[a:b]))
            if k == 1:
                cand = score[i] + (math.log(df / total) if df >= 1 else T.UNKNOWN_SYLLABLE)
            elif df >= T.MIN_WORD_DF * share:
                cand = score[i] + math.log(df / total) + T.LONG_WORD_BONUS * (k - 1)
            else:
                continue
            if cand > score[i + k]:
                score[i + k], back[i + k] = cand, i
    pieces = []
    i = n
    while i > 0:
        j = back[i]
        pieces.append((start + j, start + i))
        i = j
    return pieces[::-1]


def _segment_by_pyvi(text, spans, glue, start, end) -> list[tuple[int, int]]:
    """Without a vocabulary: pyvi's words, cut where the reader did not glue them."""
    piece = text[spans[start][0]:spans[end - 1][1]]
    sizes = [len(sylls) for _, sylls in query_terms(piece)]
    pieces = []
    at = start
    for size in sizes:
        stop = min(end, at + size)
        a = at
        for i in range(at, stop - 1):
            if not glue[i]:
                pieces.append((a, i + 1))
                a = i + 1
        pieces.append((a, stop))
        at = stop
    if at < end:
        pieces.extend((i, i + 1) for i in range(at, end))
    return [p for p in pieces if p[0] < p[1]]


def _restore_accents(todo: list[Word], glue: list[bool], words: list[Word], lexicon) -> None:
    """Each accentless word's likely readings: the archive's spellings of it as common
    as the commonest by ``READING_SHARE``; where neighbouring words were typed side by
    side, the one reading of the run that the archive writes together most (its pairs
    of syllables across words, ``tết_đua`` against ``tết_đưa``), when it writes it."""
    todo_ids = {id(w) for w in todo}
    spellings = {}
    for word in todo:
        forms = lexicon.spellings("_".join(word.folded))
        spellings[id(word)] = [(df, w.split("_")) for df, w in forms if df >= T.CANDIDATE_SHARE * forms[0][0]] \
            if forms else []
        top = forms[0][0] if forms else 0
        word.readings = [r for df, r in spellings[id(word)][:T.MAX_READINGS] if df >= T.READING_SHARE * top]
    # Runs of glued neighbours, all with candidates: pick the jointly likeliest reading.
    run: list[Word] = []
    for i, word in enumerate(words + [None]):
        joined = word is not None and id(word) in todo_ids and spellings.get(id(word)) and (
            not run or glue[i - 1])
        if joined:
            run.append(word)
            continue
        if len(run) > 1:
            _joint_reading(run, spellings, lexicon)
        run = [word] if word is not None and id(word) in todo_ids and spellings.get(id(word)) else []
    _read_together([w for w in todo if spellings.get(id(w))], spellings, lexicon)


def _read_together(words: list[Word], spellings: dict, lexicon) -> None:
    """The readings of several accentless words that the archive's headlines write
    together most (``khoc dua``: more titles hold ``khóc`` with ``đứa`` than with the far
    commoner ``đưa``): a beam over each word's candidate spellings that scores the log of
    the titles holding every reading so far (with a little of the log of the articles),
    plus ``TOGETHER_RARITY`` × the rarity of each reading, since readers type telling
    words.  Each word's reading in the winning combination becomes its ``together``
    reading and its first reading."""
    articles = getattr(lexicon, "articles", None)
    if len(words) < 2 or len(words) > T.TOGETHER_MAX_WORDS or articles is None:
        return
    beam: list[tuple[tuple, object, object, float]] = [((), None, None, 0.0)]
    for word in words:
        step = []
        for reading in [r for _, r in spellings[id(word)][:T.TOGETHER_CANDIDATES]]:
            in_text = articles(form_query(reading, True))
            in_title = articles(_all_terms(SYLLABLES["title"], reading, 1.0))
            # Readers type telling words: a reading that most articles hold counts less.
            rarity = -T.TOGETHER_RARITY * math.log(max(1, len(in_text)) / lexicon.total)
            for path, texts, titles, prior in beam:
                texts = in_text if texts is None else np.intersect1d(texts, in_text, assume_unique=True)
                titles = in_title if titles is None else np.intersect1d(titles, in_title, assume_unique=True)
                if len(texts):
                    step.append((path + (reading,), texts, titles, prior + rarity))
        if not step:
            return
        step.sort(key=lambda s: -(math.log1p(len(s[2])) + T.TOGETHER_TEXT * math.log1p(len(s[1])) + s[3]))
        beam = step[:T.TOGETHER_BEAM]
    for word, reading in zip(words, beam[0][0]):
        word.together = reading
        word.readings = [reading] + [r for r in word.readings if r != reading]


def _joint_reading(run: list[Word], spellings: dict, lexicon) -> None:
    """Viterbi over the run's candidate readings: each scores the log of its document
    frequency, each two neighbours ``CONTEXT_WEIGHT`` times the log of how many
    articles write their joining pair of syllables."""
    best = [(math.log(df), [r], False) for df, r in spellings[id(run[0])]]
    for word in run[1:]:
        step = []
        for df, r in spellings[id(word)]:
            options = []
            for score, path, seen in best:
                together = lexicon.pair_df(path[-1][-1] + "_" + r[0])
                options.append((score + T.CONTEXT_WEIGHT * math.log1p(together), path, seen or together > 0))
            score, path, seen = max(options, key=lambda o: o[0])
            step.append((score + math.log(df), path + [r], seen))
        best = step
    score, path, seen = max(best, key=lambda o: o[0])
    if seen:  # the archive writes (part of) the run together: trust the context
        for word, reading in zip(run, path):
            word.readings = [reading]


def _special_unit(word, phrase, fieldname, negate, near=None) -> Unit | None:
    if fieldname == "person":
        name = " ".join((phrase if phrase is not None else word or "").replace("_", " ").split())
        return Unit([], kind="person", negate=negate, person=name) if name else None
    fields = ("title",) if fieldname == "title" else ("text",)
    if phrase is not None:
        terms = query_terms(phrase)
        if not terms:
            return None
        kind = "phrase" if len(terms) > 1 or len(terms[0][1]) > 1 else "word"
        slop = min(int(near), T.MAX_NEAR) + 1 if near and kind == "phrase" else 1
        return Unit([t[1] for t in terms], kind=kind, fields=fields, negate=negate,
                    exact=[t[0] for t in terms], slop=slop)
    word = word or ""
    if word.endswith("~") and not _WILD.search(word):
        base = fold(word.rstrip("~"))
        if not base or not base.isalnum():
            return None
        return Unit([[base]], kind="fuzzy", fields=fields, negate=negate)
    if _WILD.search(word):
        if _WILD.match(word):
            raise SearchError("Không được bắt đầu một từ bằng dấu *.")
        stem = fold(_WILD.split(word, 1)[0])
        if len(stem) < T.MIN_PREFIX or not stem.isalnum():
            raise SearchError(f"Hãy gõ ít nhất {T.MIN_PREFIX} chữ cái trước dấu *.")
        return Unit([[stem]], kind="prefix", fields=fields, negate=negate)
    terms = query_terms(word)
    if not terms:
        return None
    kind = "phrase" if len(terms) > 1 else "word"
    return Unit([t[1] for t in terms], kind=kind, fields=fields, negate=negate,
                exact=[t[0] for t in terms])


# ---------------------------------------------------------------------------
# Building the Whoosh query
# ---------------------------------------------------------------------------


def _or(clauses, boost: float = 1.0):
    """An Or that advances its clauses together (skipping along with an enclosing And)
    instead of Whoosh's small-index shortcut of preloading every clause's documents."""
    clauses = [c for c in clauses if c is not Q.NullQuery]
    if not clauses:
        return Q.NullQuery
    q = Q.Or(clauses, boost=boost)
    q.matcher_type = Q.Or.DEFAULT_MATCHER
    return q


def _and(clauses):
    if any(c is Q.NullQuery for c in clauses) or not clauses:
        return Q.NullQuery
    return clauses[0] if len(clauses) == 1 else Q.And(clauses)


def _seq_query(fieldname: str, terms: list[str], boost: float, slop: int = 1):
    if len(terms) == 1:
        return Q.Term(fieldname, terms[0], boost=boost)
    return Q.Phrase(fieldname, terms, slop=slop, boost=boost)


def _all_terms(fieldname: str, terms: list[str], boost: float):
    """Every term, anywhere (cheaper than a phrase: no positions are read)."""
    terms = list(dict.fromkeys(terms))
    if len(terms) == 1:
        return Q.Term(fieldname, terms[0], boost=boost)
    return Q.And([Q.Term(fieldname, t, boost=boost) for t in terms])


def form_query(sylls: list[str], accented: bool, weight: float = 1.0):
    """A word in the whole text, its syllables side by side: spelled as given
    (``accented``: canonical syllables and pairs) or without accents."""
    if accented:
        if len(sylls) == 1:
            return Q.Term(SYLLABLES["text"], sylls[0], boost=weight * T.SYLLABLE_WEIGHT)
        return _all_terms(PAIRS, pairs_of(sylls), weight * T.PAIR_WEIGHT)
    folded = [fold(s) for s in sylls]
    if len(folded) == 1:
        return Q.Term(FOLDED["text"], folded[0], boost=weight)
    return _all_terms(FOLDED_PAIRS, pairs_of(folded), weight)


def typed_query(word: Word):
    """A word of an accented query as typed (or as another form of its abbreviation)."""
    return _or([form_query(word.typed, True)]
               + [form_query(f, True, T.ALIAS_WEIGHT) for f in word.aliases])


def folded_query(word: Word, accented: bool):
    """A word, its syllables side by side, any accents."""
    weight = T.FOLDED_WEIGHT if accented else T.FOLDED_ONLY_WEIGHT
    return _or([form_query(word.typed, False, weight)]
               + [form_query(f, False, weight * T.ALIAS_WEIGHT) for f in word.aliases])


def scattered_query(word: Word, accented: bool):
    """A word's syllables anywhere in the text, any accents (the last fallback)."""
    weight = T.FOLDED_WEIGHT if accented else T.FOLDED_ONLY_WEIGHT
    return _or([_all_terms(FOLDED["text"], word.folded, weight)]
               + [form_query(f, False, weight * T.ALIAS_WEIGHT) for f in word.aliases])


def reading_query(word: Word):
    """An accentless word in one of the accented spellings it most likely means."""
    if not word.readings:
        return Q.NullQuery
    return _or([form_query(r, True, T.READING_WEIGHT / T.SYLLABLE_WEIGHT) for r in word.readings])


def _home(unit: Unit) -> str:
    """The field a unit must match: the title for ``title:``, else the whole text."""
    return "title" if unit.fields == ("title",) else "text"


def _field_query(unit: Unit, accented: bool, fieldname: str, weight: float = 1.0,
                 phrase: bool | None = None):
    """A word or a phrase in one field: its folded syllables (in a row for a phrase,
    else anywhere) or, in the title and lead, the exact accented word(s) and, worth
    less, the accented syllables in a row however pyvi cut them into words there
    (``đại hội`` inside ``đại_hội_đồng``)."""
    sylls = [s for w in unit.words for s in w]
    folded = [fold(s) for s in sylls]
    in_a_row = unit.kind == "phrase" if phrase is None else phrase
    fold_weight = weight * (T.FOLDED_WEIGHT if accented else T.FOLDED_ONLY_WEIGHT)
    if in_a_row:
        fold_query = _seq_query(FOLDED[fieldname], folded, fold_weight, slop=unit.slop)
    else:
        fold_query = _all_terms(FOLDED[fieldname], folded, fold_weight)
    if not accented or not unit.exact or fieldname == "text":
        return fold_query
    exact = _seq_query(fieldname, unit.exact, weight * T.EXACT_WEIGHT, slop=unit.slop)
    typed = _seq_query(SYLLABLES[fieldname], sylls, weight * T.SYLLABLE_WEIGHT, slop=unit.slop)
    if in_a_row and len(folded) > 1:
        # Side by side (folded positions), with the accents as typed adding weight.
        return Q.AndMaybe(fold_query, _or([exact, typed]))
    return _or([exact, typed, fold_query])


def _strict_phrase(unit: Unit):
    """A quoted phrase of an accented query: its syllables side by side as typed."""
    sylls = [s for w in unit.words for s in w]
    return form_query(sylls, True)


def _expanded(reader, unit: Unit, fieldname: str, weight: float = 1.0):
    """Prefix (``hoi*``) or near spelling (``hoi~``) on a folded field, capped."""
    stem = unit.words[0][0]
    fname = FOLDED[fieldname]
    if unit.kind == "prefix":
        candidates = reader.expand_prefix(fname, stem)
    else:
        candidates = reader.terms_within(fname, stem, 1, prefix=1)
    terms: dict[str, int] = {}
    for i, term in enumerate(candidates):
        if i >= T.MAX_EXPANSION * 20:
            break
        term = term.decode("utf-8") if isinstance(term, bytes) else term
        terms[term] = reader.doc_frequency(fname, term)
    best = sorted(terms, key=lambda t: -terms[t])[:T.MAX_EXPANSION]
    if not best:
        return Q.NullQuery
    return _or([Q.Term(fname, t, boost=weight) for t in best])


def mention_query(name: str):
    """A name written anywhere in the article (accents ignored), for the articles whose
    persons the extractor did not list it among: a name of two or more syllables, or a
    one-word name that cannot be a Vietnamese syllable (``Salah``, ``Kubi``).  A
    one-syllable Vietnamese name (``Đông``, ``Hà``) is also a common word, so it is
    only looked for among the listed persons."""
    written = syllables_of(name)
    syllables = [fold(s) for s in written]
    if len(syllables) == 1 and not vietnamese_shaped(written[0]):
        return Q.Term(FOLDED["text"], syllables[0])
    if len(syllables) < 2:
        return Q.NullQuery
    return Q.Phrase(FOLDED["text"], syllables, slop=1)


def person_query(name: str):
    """Articles naming a person: the name's syllables in a row among the article's
    persons, spelled as typed (any tone style) or, typed without accents, folded."""
    if has_accents(name):
        fieldname, text = "person_names", canonical(name).lower()
    else:
        fieldname, text = "person_names_fold", fold(name)
    syllables = syllables_of(text)
    if not syllables:
        return Q.NullQuery
    return _seq_query(fieldname, syllables, 1.0, slop=1)


def more_like_query(searcher, text: str, numterms: int = T.RELATED_TERMS):
    """More like this: ``text``'s most telling words in the whole-text field, each
    weighted by how telling it is (Whoosh's Bo1 model, as its ``more_like`` does)."""
    terms = searcher.key_terms_from_text("text", text, numterms=numterms, normalize=False)
    if not terms:
        return Q.NullQuery
    return Q.Or([Q.Term("text", word, boost=weight) for word, weight in terms])


def _unit_query(reader, unit: Unit, accented: bool, how: str):
    """What a unit must match.  ``how``: ``typed`` (an accented query's words as typed),
    ``words`` (side by side, any accents) or ``scattered`` (syllables anywhere)."""
    if unit.kind == "person":
        return person_query(unit.person)
    if unit.kind in ("prefix", "fuzzy"):
        return _expanded(reader, unit, _home(unit))
    if unit.word is not None:
        if how == "typed" and accented:
            return typed_query(unit.word)
        if how == "scattered":
            return scattered_query(unit.word, accented)
        return folded_query(unit.word, accented)
    if how == "typed" and accented and unit.exact and _home(unit) == "text" and unit.kind == "phrase":
        if unit.slop > 1:  # "a b"~N: near each other (folded positions), accents as typed
            sylls = [s for w in unit.words for s in w]
            return _and([_field_query(unit, accented, "text"),
                         _all_terms(SYLLABLES["text"], sylls, T.SYLLABLE_WEIGHT)])
        return _strict_phrase(unit)
    if how == "typed" and accented and unit.exact and _home(unit) == "text":
        return _all_terms(SYLLABLES["text"], [s for w in unit.words for s in w], T.SYLLABLE_WEIGHT)
    return _field_query(unit, accented, _home(unit))


def scope_query(parsed: ParsedQuery, scope: str):
    """The articles whose title (``scope="title"``), or title or lead (``"lead"``),
    holds every word and phrase of the query (any accents, syllables in a row; a
    proximity ``"a b"~N`` within its N); ``Every`` for the whole article or a query with
    no words.  Persons are matched among the article's persons wherever the scope."""
    if scope not in ("title", "lead"):
        return Q.Every()
    fields = ("title",) if scope == "title" else ("title", "lead")
    required = []
    for group in parsed.groups:
        alternatives = []
        for unit in group:
            if unit.kind in ("person", "prefix", "fuzzy"):
                alternatives = []
                break
            folded = [fold(s) for w in unit.words for s in w]
            alternatives += [_seq_query(FOLDED[f], folded, 1.0, slop=unit.slop) for f in fields]
        if alternatives:
            required.append(_or(alternatives))
    return _and(required) if required else Q.Every()


def headline_query(unit: Unit, weight: float = 1.0):
    """A word in the headline that the article's URL spells (accentless, in a row)."""
    folded = [fold(s) for w in unit.words for s in w]
    return _seq_query(HEADLINE, folded, weight) if folded else Q.NullQuery


def _unit_boosts(reader, unit: Unit, accented: bool) -> list:
    """Optional extra weight for a unit found in the title, the lead or the URL's
    headline."""
    if unit.kind == "person" or _home(unit) == "title":
        return []
    boosts = []
    if unit.kind in ("word", "phrase"):
        boosts.append(headline_query(unit, FIELD_WEIGHTS["headline"]))
    for name in ("title", "lead"):
        weight = FIELD_WEIGHTS[name]
        if unit.kind in ("prefix", "fuzzy"):
            boosts.append(_expanded(reader, unit, name, weight))
        else:
            boosts.append(_field_query(unit, accented, name, weight, phrase=True))
    return [b for b in boosts if b is not Q.NullQuery]


def _title_proximity(parsed: ParsedQuery):
    """Optional boosts for neighbouring query words that stand together in the title
    (the first MAX_PROXIMITY_PAIRS pairs: enough to tell a title from a jumble)."""
    pairs = []
    for run in parsed.runs:
        sylls = [fold(s) for w in run for s in w]
        pairs.extend(zip(sylls, sylls[1:]))
    return [Q.Phrase(FOLDED["title"], [a, b], slop=T.PROXIMITY_SLOP,
                     boost=FIELD_WEIGHTS["title"] * T.PROXIMITY_WEIGHT)
            for a, b in pairs[:T.MAX_PROXIMITY_PAIRS]]


def _neighbours(parsed: ParsedQuery, words: set[int] | None = None) -> list:
    """Optional boosts for two neighbouring query words side by side in the text."""
    boosts = []
    for a, b in parsed.neighbours:
        if words is not None and (id(a) not in words or id(b) not in words):
            continue
        pair = [a.typed[-1], b.typed[0]]
        boosts.append(form_query(pair, False, T.NEIGHBOUR_WEIGHT))
        if parsed.accented:
            boosts.append(form_query(pair, True, T.NEIGHBOUR_WEIGHT / T.PAIR_WEIGHT))
    return boosts[:T.MAX_PROXIMITY_PAIRS * 2]


def _document_frequency(reader, unit: Unit) -> int:
    """How many articles a unit may match (its rarest piece), for choosing the telling
    words of a long query and for ordering intersections."""
    if unit.kind not in ("word", "phrase"):
        return reader.doc_count()
    if unit.word is not None and len(unit.word.typed) > 1:
        return min(reader.doc_frequency(FOLDED_PAIRS, p) for p in pairs_of(unit.word.folded))
    sylls = [fold(s) for w in unit.words for s in w]
    return min(reader.doc_frequency(FOLDED["text"], s) for s in sylls)


def _title_start(parsed: ParsedQuery):
    """A boost for a title (or a URL's headline) that begins with the query's first
    words (readers type the start of a headline they remember), folded, at least two
    syllables."""
    if not parsed.runs:
        return None
    sylls = [fold(s) for w in parsed.runs[0] for s in w][:T.MAX_START_SYLLABLES]
    if len(sylls) < 2:
        return None
    weight = FIELD_WEIGHTS["title"] * T.TITLE_START_WEIGHT
    return _or([StartsWith(FOLDED["title"], sylls, boost=weight), StartsWith(HEADLINE, sylls, boost=weight)])


@dataclass
class Plan:
    """``match`` selects the results (total, facets); ``scored`` ranks them."""

    match: object
    scored: object


def build(reader, parsed: ParsedQuery, require_all: bool = True, strict: bool = True,
          scattered: bool = False) -> Plan:
    """The Whoosh queries for ``parsed``.

    * ``strict``: an accented query's words as typed; an accentless query's words side
      by side, the articles holding their likely readings first (a tier).
    * ``strict=False``: every word side by side, any accents; for an accented query the
      articles with the words as typed first (a tier).
    * ``scattered``: each word's syllables anywhere (when no article has the words).
    * ``require_all=False``: any of the words (the last fallback).

    A long query (``ParsedQuery.long``: a remembered headline, a pasted paragraph) is
    matched softly: an article needs ``MIN_SHOULD_MATCH`` of its telling words, so one
    missing word never loses it, and the BM25 and proximity boosts rank those holding
    most of them first.
    """
    accented = parsed.accented
    how = "scattered" if scattered else "typed" if strict else "words"
    units = parsed.positive_units()
    groups = []
    for group in parsed.groups:
        qs = [_unit_query(reader, u, accented, how) for u in group]
        groups.append(qs[0] if len(qs) == 1 else _or(qs))
    kept_units = units
    if parsed.long and require_all:
        # Soft: the telling words (rarest first, at most MAX_LONG_WORDS), any accents.
        counts = [_document_frequency(reader, g[0]) for g in parsed.groups]
        common = T.COMMON_SHARE * reader.doc_count()
        order = sorted(range(len(groups)), key=lambda i: counts[i])[:T.MAX_LONG_WORDS]
        telling = [i for i in order if counts[i] <= common] or order[:1]
        kept = sorted(set(order))
        # A word counts where the text or the URL's headline holds it.
        soft = [_or([_unit_query(reader, parsed.groups[i][0], accented, "words"),
                     headline_query(parsed.groups[i][0])]) for i in kept]
        minimum = math.ceil(T.MIN_SHOULD_MATCH * len(telling))
        match = AtLeast(soft, minimum)
        kept_units = [parsed.groups[i][0] for i in kept]
        exact_boosts = [groups[i] for i in kept] if accented else []
    elif not groups:
        match = Q.Every()
        exact_boosts = []
    elif require_all:
        if len(groups) > 1:
            counts = [min(_document_frequency(reader, u) for u in g) for g in parsed.groups]
            groups = [groups[i] for i in sorted(range(len(groups)), key=lambda i: counts[i])]
        match = _and(groups)
        exact_boosts = []
    else:
        match = _or(groups)
        exact_boosts = []
    if parsed.excluded:
        negative = _or([_unit_query(reader, u, accented, "words") for u in parsed.excluded])
        if negative is not Q.NullQuery:
            match = Q.AndNot(match, negative)

    boosts = list(exact_boosts)
    words = [u.word for u in kept_units if u.word is not None]
    for unit in kept_units:
        boosts.extend(_unit_boosts(reader, unit, accented))
        if accented and len(unit.exact) == 1 and unit.kind in ("word", "phrase"):
            boosts.append(Q.Term("text", unit.exact[0], boost=T.EXACT_WEIGHT))
        if unit.word is not None and accented and how != "typed":
            boosts.append(typed_query(unit.word))
        if unit.word is not None and not accented:
            # Typed without accents: the likely readings, and the syllable spelled just
            # so (mua, not mùa or mưa), are more likely what was meant.
            boosts.append(reading_query(unit.word))
            boosts.extend(Q.Term(SYLLABLES["text"], s, boost=T.LITERAL_WEIGHT) for s in unit.word.typed)
    start = _title_start(parsed)
    if start is not None and (parsed.long or not require_all):
        # Never lifts an article that lacks a query word (in its text or its URL's
        # headline) above one that has them all.
        # (For a long query: every word it searches, its MAX_LONG_WORDS most telling.)
        every = _and([_or([_unit_query(reader, u, accented, "words"), headline_query(u)])
                      for u in kept_units])
        start = Q.Require(start, every) if every is not Q.NullQuery else None
    # The tier: in a fallback, or for an accentless query, the articles that hold every
    # word as the reader meant it (as typed; in a likely accented reading), or whose
    # title begins with the query's words (a remembered headline), come first.
    all_plain = bool(words) and len(words) == len(units) and not parsed.long
    if all_plain and (how != "typed" or not accented):
        meant = [typed_query(w) if accented else reading_query(w) for w in words]
        meant = [m for m in meant if m is not Q.NullQuery]
        if meant or start is not None:
            tier = _or(([_and(meant)] if meant else []) + ([start] if start is not None else []))
            boosts.append(Q.ConstantScoreQuery(tier, T.TIER))
        together = [form_query(w.together, True) for w in words if w.together] if not accented else []
        if len(together) > 1:
            # Above them, the articles that hold the readings the archive writes together
            # most (or whose title begins with the query's words).
            tier = _or([_and(together)] + ([start] if start is not None else []))
            boosts.append(Q.ConstantScoreQuery(tier, T.TIER))
    boosts.extend(_neighbours(parsed, {id(w) for w in words}))
    proximity = _title_proximity(parsed)
    if start is not None:
        proximity.append(start)
    boosts = [b for b in boosts if b is not Q.NullQuery]
    scored = Q.AndMaybe(match, _or(boosts + proximity)) if (boosts or proximity) and parsed.groups else match
    return Plan(match, scored)


@dataclass
class Marks:
    """What to mark in a snippet: canonical accented syllables and folded ones."""

    exact: set[str]
    folded: set[str]
    prefixes: set[str]
    accented: bool
    # Neighbouring folded syllables of the query: an accentless query marks a common
    # syllable ("la") only where it stands next to its neighbour ("Sơn La").
    pairs: set = field(default_factory=set)
    # The same for the accented syllables of a word of several (``sơn la``, a reading).
    exact_pairs: set = field(default_factory=set)


def marks(parsed: ParsedQuery) -> Marks:
    exact, folded = set(), set()
    pairs, exact_pairs = set(), set()
    for unit in parsed.positive_units():
        if unit.kind == "person":
            forms = [canonical(unit.person).lower().split()]
        elif unit.word is not None:
            forms = [unit.word.typed, *unit.word.readings, *unit.word.aliases]
        elif unit.kind in ("word", "phrase"):
            forms = [[s for word in unit.words for s in word]]
        else:
            continue
        for form in forms:
            if parsed.accented or form is not forms[0] or unit.word is None:
                exact.update(form)
                exact_pairs.update(zip(form, form[1:]))
            f = [fold(s) for s in form]
            folded.update(f)
            pairs.update(zip(f, f[1:]))
    prefixes = {u.words[0][0] for u in parsed.positive_units() if u.kind == "prefix"}
    for run in parsed.runs:
        sylls = [fold(s) for w in run for s in w]
        pairs.update(zip(sylls, sylls[1:]))
    return Marks(exact, folded, prefixes, parsed.accented or bool(exact), pairs, exact_pairs)

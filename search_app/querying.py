"""From the text a reader types to a Whoosh query.

The query language is small and forgiving: words, ``"quoted phrases"``, ``-word`` to
exclude, ``OR`` between two words, ``title:``/``tieude:`` and ``person:``/``nguoi:``
prefixes, a trailing ``*`` for a prefix and a trailing ``~`` for a near spelling.
Anything else (brackets, stray operators) is read as plain text, never as an error.

Runs of plain words go through the analysis module *together* (pyvi needs the whole
phrase to find word boundaries).  Each word then matches the whole article (``text``)
in two ways:

* exactly, as the accented word (``bàn``, ``hội_nghị``) in ``text``;
* folded, as its accentless syllables (``ban``; ``hoi`` and ``nghi``) in ``text_fold``,
  so accentless, old- and new-style queries find the same articles.

The exact match weighs much more, so ``bàn`` ranks articles with ``bàn`` above those
with only ``bán`` or ``bạn``.  A query typed without any accent only matches folded.

A query is built as a :class:`Plan`: ``match`` decides which articles are results (it
is what the total and the facets count), ``scored`` ranks them: ``match`` plus optional
boosts for the words found in the title (×4) and the lead (×2) and for neighbouring
query words that stand together in the title.  Keeping the boosts out of ``match`` and
off the long body keeps a query on a 38,000-article archive within tens of milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as Q

from indexer.analysis import canonical, fold, has_accents, query_terms
from indexer.analysis import syllables as syllables_of
from indexer.persons import vietnamese_shaped
from indexer.schema import FOLDED, SYLLABLES

from .errors import SearchError
from .ranking import StartsWith

# Field weights (BM25F-style: a word in the title counts more than one in the body).
FIELD_WEIGHTS = {"title": 4.0, "lead": 2.0, "text": 1.0}
EXACT_WEIGHT = 3.0  # accented word, as typed
SYLLABLE_WEIGHT = 2.0  # accented syllables, as typed, inside any word
LITERAL_WEIGHT = 1.0  # a syllable of an accentless query found spelled exactly so
FOLDED_WEIGHT = 0.5  # accentless syllables, when the query has accents
FOLDED_ONLY_WEIGHT = 1.0  # accentless syllables, when the query has none
PROXIMITY_WEIGHT = 1.5  # two query words side by side in the article
PROXIMITY_SLOP = 2
TITLE_START_WEIGHT = 5.0  # × the title's weight: the title begins with the query's words
MAX_START_SYLLABLES = 12
RELATED_TERMS = 15  # words of an article that find its related articles

MAX_REQUIRED = 10  # words a long query requires (its most selective ones)
COMMON_SHARE = 0.4  # a word in more than this share of articles need not be required
MAX_PROXIMITY_PAIRS = 12
MAX_UNITS = 128  # terms in one query (512 characters hold about 110 syllables)
MAX_EXPANSION = 50  # terms a prefix (a*) or a near spelling (a~) may expand to
MIN_PREFIX = 2  # characters before a *

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<field>title|tieude|person|nguoi):)?
    (?:
        "(?P<phrase>[^"]*)"?
      | (?P<word>[^\s"]+)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
_FIELD_ALIASES = {"title": "title", "tieude": "title", "person": "person", "nguoi": "person"}
_NOISE = re.compile(r"[()\[\]{}^+!&|\\<>=;]")
_WILD = re.compile(r"\*")  # only *: a ? ends many headlines


@dataclass
class Unit:
    """One thing to match: a word, a phrase, a person, maybe excluded."""

    words: list[list[str]]  # canonical lower-case syllables of each word
    kind: str = "word"  # word | phrase | person | prefix | fuzzy
    fields: tuple[str, ...] = ("text",)  # ("title",) for a title: prefix
    negate: bool = False
    person: str = ""
    exact: list[str] = field(default_factory=list)  # each word as the words fields hold it


@dataclass
class ParsedQuery:
    groups: list[list[Unit]] = field(default_factory=list)  # AND of ORs
    excluded: list[Unit] = field(default_factory=list)
    accented: bool = False
    # Runs of words typed side by side, for the proximity boost and highlighting.
    runs: list[list[list[str]]] = field(default_factory=list)
    # Plain words written with a minus glued on (``-Cần``): excluded, unless read as
    # hyphenated (``parse(..., exclusions=False)``).
    minus_words: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    def positive_units(self) -> list[Unit]:
        return [u for g in self.groups for u in g]


def parse(text: str, exclusions: bool = True) -> ParsedQuery:
    """Read the reader's query.  Raises SearchError only for what cannot be searched.

    With ``exclusions=False`` a minus glued to a plain word is read as a hyphen (a
    pasted headline's ``TP.HCM -Cần Thơ``); quoted and ``person:`` exclusions stay."""
    text = canonical(text or "")
    parsed = ParsedQuery(accented=has_accents(text))
    pending: list[str] = []  # plain words waiting to be segmented together
    or_next = False

    def add(unit: Unit, join_or: bool) -> None:
        if unit.negate:
            parsed.excluded.append(unit)
        elif join_or and parsed.groups:
            parsed.groups[-1].append(unit)
        else:
            parsed.groups.append([unit])

    def flush(or_after: bool) -> bool:
        """Segment the pending plain words; returns whether an OR joins the first one."""
        nonlocal or_next
        if not pending:
            return False
        terms = query_terms(" ".join(pending))
        pending.clear()
        if terms:
            parsed.runs.append([sylls for _, sylls in terms])
        for i, (exact, sylls) in enumerate(terms):
            add(Unit([sylls], exact=[exact]), join_or=(i == 0 and or_next))
            if i == 0:
                or_next = False
        return True

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
            flush(False)
            or_next = bool(parsed.groups)
            continue
        if plain and not negate:
            word = word.strip("-")
            if word:
                pending.append(word)
            continue
        flush(False)
        unit = _special_unit(word, phrase, fieldname, negate)
        if unit is not None:
            add(unit, join_or=or_next)
        or_next = False
    flush(False)
    if len(parsed.groups) + len(parsed.excluded) > MAX_UNITS:
        raise SearchError(f"Quá nhiều từ: tối đa {MAX_UNITS} từ trong một lần tìm.")
    return parsed


def _special_unit(word, phrase, fieldname, negate) -> Unit | None:
    if fieldname == "person":
        name = " ".join((phrase if phrase is not None else word or "").replace("_", " ").split())
        return Unit([], kind="person", negate=negate, person=name) if name else None
    fields = ("title",) if fieldname == "title" else ("text",)
    if phrase is not None:
        terms = query_terms(phrase)
        if not terms:
            return None
        kind = "phrase" if len(terms) > 1 or len(terms[0][1]) > 1 else "word"
        return Unit([t[1] for t in terms], kind=kind, fields=fields, negate=negate,
                    exact=[t[0] for t in terms])
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
        if len(stem) < MIN_PREFIX or not stem.isalnum():
            raise SearchError(f"Hãy gõ ít nhất {MIN_PREFIX} chữ cái trước dấu *.")
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
    q = Q.Or(clauses, boost=boost)
    q.matcher_type = Q.Or.DEFAULT_MATCHER
    return q


def _seq_query(fieldname: str, terms: list[str], boost: float, slop: int = 1):
    if len(terms) == 1:
        return Q.Term(fieldname, terms[0], boost=boost)
    return Q.Phrase(fieldname, terms, slop=slop, boost=boost)


def _all_terms(fieldname: str, terms: list[str], boost: float):
    """Every term, anywhere (cheaper than a phrase: no positions are read)."""
    if len(terms) == 1:
        return Q.Term(fieldname, terms[0], boost=boost)
    return Q.And([Q.Term(fieldname, t, boost=boost) for t in dict.fromkeys(terms)])


def _home(unit: Unit) -> str:
    """The field a unit must match: the title for ``title:``, else the whole text."""
    return "title" if unit.fields == ("title",) else "text"


def _word_query(unit: Unit, accented: bool, fieldname: str, weight: float = 1.0,
                phrase: bool | None = None):
    """A word or a phrase in one field: its folded syllables (in a row for a quoted
    phrase, else anywhere) or, in the title and lead, the exact accented word(s) and,
    worth less, the accented syllables in a row however pyvi cut them into words there
    (``đại hội`` inside ``đại_hội_đồng``).  On the whole text the exact forms are boosts
    instead (see ``build``)."""
    sylls = [s for w in unit.words for s in w]
    folded = [fold(s) for s in sylls]
    in_a_row = unit.kind == "phrase" if phrase is None else phrase
    fold_query = (_seq_query if in_a_row else _all_terms)(
        FOLDED[fieldname], folded, weight * (FOLDED_WEIGHT if accented else FOLDED_ONLY_WEIGHT))
    if not accented or not unit.exact or fieldname == "text":
        return fold_query
    exact = _seq_query(fieldname, unit.exact, weight * EXACT_WEIGHT)
    typed = _seq_query(SYLLABLES[fieldname], sylls, weight * SYLLABLE_WEIGHT)
    if in_a_row and len(folded) > 1:
        # Side by side (folded positions), with the accents as typed adding weight.
        return Q.AndMaybe(fold_query, _or([exact, typed]))
    return _or([exact, typed, fold_query])


def _strict_query(unit: Unit):
    """A word of an accented query, matched as typed: syllables typed with accents
    exactly (any tone style), syllables typed without accents folded (a missing accent
    is forgiven); a quoted phrase also needs its syllables in a row.

    This is the cheap, precise match; the engine falls back to the folded match of every
    syllable when it finds nothing.  (The whole word, ``hội_nghị``, only adds weight:
    an article with the word always has its syllables.)"""
    sylls = list(dict.fromkeys(s for w in unit.words for s in w))
    parts = [Q.Term(SYLLABLES["text"], s, boost=SYLLABLE_WEIGHT) if has_accents(s)
             else Q.Term(FOLDED["text"], fold(s), boost=FOLDED_WEIGHT) for s in sylls]
    match = parts[0] if len(parts) == 1 else Q.And(parts)
    folded = [fold(s) for w in unit.words for s in w]
    if unit.kind == "phrase" and len(folded) > 1:
        return Q.And([Q.Phrase(FOLDED["text"], folded, slop=1, boost=FOLDED_WEIGHT), match])
    return match


def _exact_boost(unit: Unit, accented: bool) -> list:
    """Extra weight for the whole accented word as pyvi found it in the article."""
    if not accented or len(unit.exact) != 1 or unit.kind not in ("word", "phrase"):
        return []
    return [Q.Term("text", unit.exact[0], boost=EXACT_WEIGHT)]


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
        if i >= MAX_EXPANSION * 20:
            break
        term = term.decode("utf-8") if isinstance(term, bytes) else term
        terms[term] = reader.doc_frequency(fname, term)
    best = sorted(terms, key=lambda t: -terms[t])[:MAX_EXPANSION]
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


def more_like_query(searcher, text: str, numterms: int = RELATED_TERMS):
    """More like this: ``text``'s most telling words in the whole-text field, each
    weighted by how telling it is (Whoosh's Bo1 model, as its ``more_like`` does)."""
    terms = searcher.key_terms_from_text("text", text, numterms=numterms, normalize=False)
    if not terms:
        return Q.NullQuery
    return Q.Or([Q.Term("text", word, boost=weight) for word, weight in terms])


def _unit_query(reader, unit: Unit, accented: bool, strict: bool = False):
    """What a unit must match."""
    if unit.kind == "person":
        return person_query(unit.person)
    if unit.kind in ("prefix", "fuzzy"):
        return _expanded(reader, unit, _home(unit))
    if strict and accented and unit.exact and _home(unit) == "text":
        return _strict_query(unit)
    return _word_query(unit, accented, _home(unit))


def _unit_boosts(reader, unit: Unit, accented: bool) -> list:
    """Optional extra weight for a unit found in the title or the lead."""
    if unit.kind == "person" or _home(unit) == "title":
        return []
    boosts = []
    for name in ("title", "lead"):
        weight = FIELD_WEIGHTS[name]
        if unit.kind in ("prefix", "fuzzy"):
            boosts.append(_expanded(reader, unit, name, weight))
        else:
            boosts.append(_word_query(unit, accented, name, weight, phrase=True))
    return [b for b in boosts if b is not Q.NullQuery]


def _proximity(parsed: ParsedQuery):
    """Optional boosts for neighbouring query words that stand together in the title
    (the first MAX_PROXIMITY_PAIRS pairs: enough to tell a title from a jumble)."""
    pairs = []
    for run in parsed.runs:
        sylls = [fold(s) for w in run for s in w]
        pairs.extend(zip(sylls, sylls[1:]))
    return [Q.Phrase(FOLDED["title"], [a, b], slop=PROXIMITY_SLOP,
                     boost=FIELD_WEIGHTS["title"] * PROXIMITY_WEIGHT)
            for a, b in pairs[:MAX_PROXIMITY_PAIRS]]


def _selectivity(reader, group: list[Unit]) -> int:
    """How many articles a group may match (its commonest syllable), for ordering."""
    total = 0
    for unit in group:
        if unit.kind not in ("word", "phrase"):
            return reader.doc_count()
        sylls = [fold(s) for w in unit.words for s in w]
        total += min(reader.doc_frequency(FOLDED["text"], s) for s in sylls)
    return total


def _title_start(parsed: ParsedQuery) -> list:
    """An optional boost for a title that begins with the query's first words (readers
    type the start of a headline they remember), folded, at least two syllables."""
    if not parsed.runs:
        return []
    sylls = [fold(s) for w in parsed.runs[0] for s in w][:MAX_START_SYLLABLES]
    if len(sylls) < 2:
        return []
    return [StartsWith(FOLDED["title"], sylls, boost=FIELD_WEIGHTS["title"] * TITLE_START_WEIGHT)]


@dataclass
class Plan:
    """``match`` selects the results (total, facets); ``scored`` ranks them."""

    match: object
    scored: object


def build(reader, parsed: ParsedQuery, require_all: bool = True, strict: bool = True) -> Plan:
    """The Whoosh queries for ``parsed``: every group must match (or, with
    ``require_all=False``, any of them: the graceful fallback).  ``strict`` matches the
    words of an accented query as typed (see ``_strict_query``); without it every word
    also matches by its folded syllables.

    A long query (a pasted title or sentence) requires its MAX_REQUIRED most selective
    words; the others, usually the commonest words, add to the score without being
    required, which keeps long queries fast and forgiving.
    """
    groups = []
    for group in parsed.groups:
        qs = [_unit_query(reader, u, parsed.accented, strict) for u in group]
        groups.append(qs[0] if len(qs) == 1 else _or(qs))
    optional = []
    if require_all and len(groups) > 1:
        # Rarest first (intersections skip along the rarest list).  A long query needs
        # only its MAX_REQUIRED most selective words; a word found in nearly every
        # article (của, và, các) only adds weight when rarer words are required.
        counts = [_selectivity(reader, g) for g in parsed.groups]
        order = sorted(range(len(groups)), key=lambda i: counts[i])
        common = COMMON_SHARE * reader.doc_count()
        keep = [i for i in order[:MAX_REQUIRED] if counts[i] <= common] or order[:1]
        if len(keep) < 2:
            keep = order[:min(len(order), MAX_REQUIRED, 2)]
        optional = [groups[i] for i in order if i not in keep]
        groups = [groups[i] for i in keep]
    if not groups:
        match = Q.Every()
    elif len(groups) == 1:
        match = groups[0]
    elif require_all:
        match = Q.And(groups)
    else:
        match = _or(groups)
    if parsed.excluded:
        negative = _or([_unit_query(reader, u, parsed.accented) for u in parsed.excluded])
        match = Q.AndNot(match, negative)
    boosts = list(optional)
    for unit in parsed.positive_units()[:MAX_REQUIRED * 2]:
        boosts.extend(_unit_boosts(reader, unit, parsed.accented))
        boosts.extend(_exact_boost(unit, parsed.accented))
        if parsed.accented and not strict and unit.kind in ("word", "phrase"):
            sylls = [s for w in unit.words for s in w]
            boosts.append(_all_terms(SYLLABLES["text"], sylls, SYLLABLE_WEIGHT))
        if not parsed.accented and unit.kind in ("word", "phrase"):
            # Typed without accents: the syllable spelled just so (mua, not mùa or mưa)
            # is a little more likely what was meant.
            boosts.extend(Q.Term(SYLLABLES["text"], s, boost=LITERAL_WEIGHT)
                          for w in unit.words for s in w)
    proximity = _proximity(parsed) + _title_start(parsed)
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


def marks(parsed: ParsedQuery) -> Marks:
    exact, folded = set(), set()
    for unit in parsed.positive_units():
        if unit.kind == "person":
            syllables = canonical(unit.person).lower().split()
        elif unit.kind in ("word", "phrase"):
            syllables = [s for word in unit.words for s in word]
        else:
            continue
        exact.update(syllables)
        folded.update(fold(s) for s in syllables)
    prefixes = {u.words[0][0] for u in parsed.positive_units() if u.kind == "prefix"}
    pairs = set()
    for run in parsed.runs:
        sylls = [fold(s) for w in run for s in w]
        pairs.update(zip(sylls, sylls[1:]))
    return Marks(exact, folded, prefixes, parsed.accented, pairs)

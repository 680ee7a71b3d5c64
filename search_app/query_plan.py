"""The query plan: from a :class:`~search_app.analysed_query.ParsedQuery` to the Whoosh
queries that ``ranking.Ranker`` evaluates (and that ``opensearch_query`` spells in the
Query DSL for OpenSearch: one plan for both backends).  The ``reader`` it counts with is
a Whoosh reader, or ``opensearch_lexicon.IndexCounts`` answering the same questions.

A query is built as a :class:`Plan`: ``match`` decides which articles are results (it
is what the total and the facets count), ``scored`` ranks them: ``match`` plus optional
boosts (title and lead, the exact word, neighbours, the title's start) and, for the
fallbacks and for queries typed without accents, tiers (``tuning.TIER``) that put the
articles matching as the reader meant above the rest.  A word of several syllables
matches only where they stand side by side: as glued syllable pairs (``sơn_la``; see
``indexer.analysis``).  Knobs are in ``tuning.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from whoosh import query as Q

from indexer.analysis import canonical, fold, has_accents, pairs_of
from indexer.analysis import syllables as syllables_of
from indexer.persons import vietnamese_shaped
from indexer.schema import FOLDED, FOLDED_PAIRS, HEADLINE, PAIRS, SYLLABLES

from . import tuning as T
from .analysed_query import ParsedQuery, Unit, Word
from .query_types import AtLeast, StartsWith

FIELD_WEIGHTS = T.FIELD_WEIGHTS


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


def _copied_from(parsed: ParsedQuery, telling: set[int]):
    """A tier for a pasted text (longer than a headline): the articles that hold nearly
    all of its telling words' neighbour pairs side by side (``COPIED_SHARE`` of the first
    ``MAX_LONG_WORDS``), the text it was copied from, come first; an article on the same
    story, which shares its telling words but not their order, does not."""
    pairs = [form_query([a.typed[-1], b.typed[0]], False) for a, b in parsed.neighbours
             if id(a) in telling or id(b) in telling]  # each a folded pair (``text_fold_pairs``)
    terms = list(dict.fromkeys(pairs))[:T.MAX_LONG_WORDS]
    if not terms:
        return Q.NullQuery
    return Q.ConstantScoreQuery(AtLeast(terms, math.ceil(T.COPIED_SHARE * len(terms))), T.TIER)


def frequency_terms(unit: Unit) -> list[tuple[str, str]]:
    """The (field, term) pairs whose document frequencies bound how many articles a word
    or phrase may match: its folded pairs (a word of several syllables) or syllables."""
    if unit.word is not None and len(unit.word.typed) > 1:
        return [(FOLDED_PAIRS, p) for p in pairs_of(unit.word.folded)]
    return [(FOLDED["text"], fold(s)) for w in unit.words for s in w]


def _document_frequency(reader, unit: Unit) -> int:
    """How many articles a unit may match (its rarest piece), for choosing the telling
    words of a long query and for ordering intersections."""
    if unit.kind not in ("word", "phrase"):
        return reader.doc_count()
    return min(reader.doc_frequency(fieldname, term) for fieldname, term in frequency_terms(unit))


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
    if parsed.long and require_all and len(parsed.groups) > T.MAX_LONG_WORDS:
        boosts.append(_copied_from(parsed, {id(w) for w in words}))
    proximity = _title_proximity(parsed)
    if start is not None:
        proximity.append(start)
    boosts = [b for b in boosts if b is not Q.NullQuery]
    scored = Q.AndMaybe(match, _or(boosts + proximity)) if (boosts or proximity) and parsed.groups else match
    return Plan(match, scored)

"""The Query DSL of a search: ``query_plan``'s queries, compiled for OpenSearch.

The plan is built once, by ``query_plan.build`` from the same ParsedQuery as for Whoosh
(the same fields, forms of each word, boosts, tiers and ``tuning.py`` knobs); this
module only spells its tree in the Query DSL, node for node:

====================  ==============================================================
plan (Whoosh query)   Query DSL
====================  ==============================================================
``Term``              ``term`` (the fields hold our tokens as they are)
``Phrase``            ``match_phrase`` (side by side); with a slop, ``span_near`` in
                      order, its slop one less (Whoosh's 1 is side by side)
``And`` / ``Or``      ``bool`` ``must`` / ``should`` (a compound of one is its clause,
                      as the ranker reads it)
``AtLeast``           ``bool`` ``should`` with ``minimum_should_match``
``AndMaybe``          ``bool`` ``must`` + ``should``; ``AndNot``: + ``must_not``;
                      ``Require``: + ``filter``
``ConstantScore``     ``constant_score`` (the tiers)
``StartsWith``        ``constant_score`` over ``span_first`` of a ``span_near``
``Every`` / ``Null``  ``match_all`` / ``match_none``
====================  ==============================================================

Field names are Whoosh's, except the pyvi word fields (``title`` → ``title_words``…:
``indexer.opensearch_documents.WORD_FIELDS``).  Scores are Lucene's BM25 (the same k1
and b as Whoosh's BM25F) rather than Whoosh's: its idf is ``ln(1 + (N - n + .5) / (n +
.5))``, it leaves out Whoosh's ``(k1 + 1)`` factor, a phrase scores by its own frequency
rather than as the sum of its words, and a phrase of three words or more with a slop
(``"a b c"~N``) counts it over the whole phrase where Whoosh counts it between
neighbours.  So near ties may order differently; what the plan weighs far apart (the
tiers, the title start, the exact word) orders the same.
"""

from __future__ import annotations

import datetime as dt
import math

from whoosh import query as Q

from indexer.opensearch_documents import WORD_FIELDS

from .query_types import AtLeast, StartsWith

BM25_K1 = 1.2  # Lucene's and Whoosh's; Lucene leaves out the (k1 + 1) factor
NOTHING = {"match_none": {}}
EVERYTHING = {"match_all": {}}


def field_name(whoosh_field: str) -> str:
    """The OpenSearch field of a Whoosh field."""
    return WORD_FIELDS.get(whoosh_field, whoosh_field)


def _boosted(body: dict, boost: float) -> dict:
    if boost != 1.0:
        body["boost"] = boost
    return body


def starts_with_terms(query) -> list[tuple[str, str]]:
    """The (field, word) pairs of every ``StartsWith`` in ``query``: their document
    frequencies are what its score is made of (see :func:`compile_query`)."""
    if isinstance(query, StartsWith):
        return [(query.fieldname, w) for w in query.words]
    return [pair for child in query.children() for pair in starts_with_terms(child)]


def compile_query(query, idf) -> dict:
    """The Query DSL of a plan's query.  ``idf(field, word)``: Lucene's inverse document
    frequency of a word in a (Whoosh) field, for the constant score of a title start."""
    if query is Q.NullQuery:
        return NOTHING
    if isinstance(query, Q.Every):
        return EVERYTHING
    if isinstance(query, Q.Term):
        return {"term": {field_name(query.fieldname): _boosted({"value": query.text}, query.boost)}}
    if isinstance(query, StartsWith):
        return _starts_with(query, idf)
    if isinstance(query, Q.Phrase):
        if len(query.words) == 1:
            return compile_query(Q.Term(query.fieldname, query.words[0], boost=query.boost), idf)
        fieldname = field_name(query.fieldname)
        if query.slop > 1:  # near each other, in order (match_phrase's slop forgives the order)
            spans = [{"span_term": {fieldname: w}} for w in query.words]
            return {"span_near": _boosted({"clauses": spans, "slop": query.slop - 1, "in_order": True}, query.boost)}
        return {"match_phrase": {fieldname: _boosted({"query": " ".join(query.words)}, query.boost)}}
    if isinstance(query, Q.ConstantScoreQuery):
        return {"constant_score": {"filter": compile_query(query.child, idf), "boost": query.score}}
    if isinstance(query, Q.Require):
        return {"bool": {"must": [compile_query(query.a, idf)], "filter": [compile_query(query.b, idf)]}}
    if isinstance(query, Q.AndMaybe):
        return {"bool": {"must": [compile_query(query.a, idf)], "should": [compile_query(query.b, idf)]}}
    if isinstance(query, Q.AndNot):
        return {"bool": {"must": [compile_query(query.a, idf)], "must_not": [compile_query(query.b, idf)]}}
    if isinstance(query, AtLeast):
        clauses = [compile_query(q, idf) for q in query.subqueries]
        return {"bool": _boosted({"should": clauses, "minimum_should_match": query.minimum}, query.boost)}
    if isinstance(query, (Q.And, Q.Or)):
        subs = query.subqueries
        if not subs:
            return NOTHING
        if len(subs) == 1:  # Whoosh ignores the boost of a compound of one
            return compile_query(subs[0], idf)
        clauses = [compile_query(q, idf) for q in subs]
        body = {"must": clauses} if isinstance(query, Q.And) else {"should": clauses, "minimum_should_match": 1}
        return {"bool": _boosted(body, query.boost)}
    raise TypeError(f"no Query DSL for {type(query).__name__}: {query!r}")


def _starts_with(query: StartsWith, idf) -> dict:
    """A field that begins with the words, scored as the plan scores it: a constant,
    ``boost`` × the words' inverse document frequencies (here over ``k1 + 1``, as
    Lucene's BM25 leaves that factor out of every other score)."""
    fieldname = field_name(query.fieldname)
    spans = [{"span_term": {fieldname: w}} for w in query.words]
    inner = spans[0] if len(spans) == 1 else {"span_near": {"clauses": spans, "slop": 0, "in_order": True}}
    value = query.boost * sum(idf(query.fieldname, w) for w in query.words) / (BM25_K1 + 1)
    return {"constant_score": {"filter": {"span_first": {"match": inner, "end": len(query.words)}},
                               "boost": max(value, 1e-6)}}


def lucene_idf(total: int, df: int) -> float:
    """Lucene's BM25 inverse document frequency of a word in ``df`` of ``total`` articles."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


# -- filters, order, aggregations -------------------------------------------------------

def in_dates(first: dt.date | None, last: dt.date | None) -> dict:
    """Articles dated from ``first`` to ``last`` (either may be open; undated never)."""
    bounds = {}
    if first:
        bounds["gte"] = first.isoformat()
    if last:
        bounds["lte"] = last.isoformat()
    return {"range": {"date": {**bounds, "format": "yyyy-MM-dd"}}}


def in_sections(values: list[str]) -> dict:
    return {"terms": {"section": values}} if values else NOTHING


def any_of(queries, idf) -> dict:
    """Articles matching any of ``queries`` (plan queries; the null ones left out)."""
    clauses = [compile_query(q, idf) for q in queries if q is not Q.NullQuery]
    if not clauses:
        return NOTHING
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


def order_by(order: str) -> list:
    """Relevance (then id), or newest / oldest first (then id), undated articles last."""
    if order == "relevance":
        return [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}]
    direction = "asc" if order == "oldest" else "desc"
    return [{"date": {"order": direction, "missing": "_last"}}, {"id": {"order": "asc"}}]


def facet_aggregations(size: int) -> dict:
    """Counts of the matches by year, month and section."""
    return {name: {"terms": {"field": field, "size": size}}
            for name, field in (("years", "year"), ("months", "month"), ("sections", "section"))}


def person_aggregation(size: int) -> dict:
    """The persons most named (then by name), exact on one shard."""
    return {"terms": {"field": "persons", "size": size, "shard_size": max(size * 20, 1000),
                      "order": [{"_count": "desc"}, {"_key": "asc"}]}}


def more_like(doc_id: str, terms: int) -> dict:
    """Articles sharing the most telling words of an article of the index searched (its
    pyvi words, in its title and whole text), the article itself left out."""
    return {"more_like_this": {"fields": ["title_words", "text_words"], "like": [{"_id": doc_id}],
                               "max_query_terms": terms, "min_term_freq": 1, "min_doc_freq": 2}}


def counting(conjunctions: list[tuple]) -> dict:
    """A ``filters`` aggregation counting, for each conjunction of (Whoosh field, term)
    pairs, the articles holding every one of them."""
    filters = {}
    for i, conjunction in enumerate(conjunctions):
        clauses = [{"term": {field_name(fieldname): term}} for fieldname, term in conjunction]
        filters[str(i)] = clauses[0] if len(clauses) == 1 else {"bool": {"filter": clauses}}
    return {"filters": {"filters": filters}}

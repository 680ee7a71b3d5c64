"""The Whoosh schema of the news index.

The schema is pickled into the index, so the analyzers it names must keep their import
path (``indexer.analysis``).  Bump ``SCHEMA_VERSION`` whenever a field changes: an index
built with another version is refused with a message asking for a rebuild.
"""

from __future__ import annotations

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import (
    folded_analyzer,
    folded_pair_analyzer,
    folded_name_analyzer,
    name_analyzer,
    pair_analyzer,
    syllable_analyzer,
    word_analyzer,
)

SCHEMA_VERSION = 5

# Indexed text, each in three forms: accented words (pyvi), accented syllables and folded
# syllables.  ``text`` holds the whole article (title, lead and body) and is what a query
# must match; the title and lead are indexed again on their own so that matches there
# weigh more.  The accented syllables (``*_syl``) let ``kỹ`` typed alone match exactly
# inside the word ``kỹ_thuật``, and ``đại hội`` inside ``đại_hội_đồng`` (pyvi cuts a
# query and an article's sentence into different words).  Positions (for phrases) are
# kept where phrases are read: the folded text, the title and the lead.  The whole
# text's glued syllable pairs (``sơn_la``, accented and folded; schema 4) let a query's
# word of several syllables match only where they stand side by side, as a term lookup.
TEXT_FIELDS = ("title", "lead", "text")
FOLDED = {name: name + "_fold" for name in TEXT_FIELDS}
SYLLABLES = {name: name + "_syl" for name in TEXT_FIELDS}
HEADLINE = "headline_fold"
PAIRS = "text_pairs"
FOLDED_PAIRS = "text_fold_pairs"
# The short fields with positions (a title, a lead, the persons' names: some 150
# positions an article): the posting arrays hold their positions too, decoded, so that
# the ranker's phrase checks read them as arrays (``indexer/posting_arrays.py``).  The
# whole text's (600 an article) are read from Whoosh's blocks.
FLAT_POSITION_FIELDS = frozenset({"title", "title_fold", "title_syl", HEADLINE, "lead", "lead_fold", "lead_syl",
                                  "person_names", "person_names_fold"})


def build_schema() -> Schema:
    words = word_analyzer()
    folded = folded_analyzer()
    sylls = syllable_analyzer()
    return Schema(
        # <source folder>/<path inside it>, or <file>#<id> for JSON Lines.
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        url=STORED(),
        content_hash=ID(stored=True),
        text_hash=ID(stored=True),
        title=TEXT(analyzer=words, stored=True, phrase=True),
        title_syl=TEXT(analyzer=sylls, phrase=True),
        title_fold=TEXT(analyzer=folded, phrase=True),
        lead=TEXT(analyzer=words, stored=True, phrase=True),
        lead_syl=TEXT(analyzer=sylls, phrase=True),
        lead_fold=TEXT(analyzer=folded, phrase=True),
        body=STORED(),
        # The headline a URL spells without accents (``…/bi-thu-hue-kiem-tra-…htm``):
        # Dân trí's real headline is only there.
        headline_fold=TEXT(analyzer=folded, phrase=True),
        text=TEXT(analyzer=words, phrase=False),
        text_syl=TEXT(analyzer=sylls, phrase=False),
        text_fold=TEXT(analyzer=folded, phrase=True),
        text_pairs=TEXT(analyzer=pair_analyzer(), phrase=False),
        text_fold_pairs=TEXT(analyzer=folded_pair_analyzer(), phrase=False),
        # The article's date as YYYY-MM-DD (sortable, range-searchable as text), plus
        # month and year for facets.  Absent when the article has no date.
        date=ID(stored=True, sortable=True),
        month=ID(sortable=True),
        year=ID(sortable=True),
        # The section (chuyên mục) as a readable name (schema 5), for the filter and the
        # facet; absent when the source gives none.
        section=ID(stored=True, sortable=True),
        # Persons as written (stored, for display and facets), and their syllables for
        # search: canonical lower case, and folded for accentless person search.  A
        # phrase over the syllables finds "Nguyễn Hữu Đông" by his full name or by
        # "Hữu Đông", never across two names.
        persons=KEYWORD(stored=True, commas=True, lowercase=False, scorable=True, vector=True),
        person_names=TEXT(analyzer=name_analyzer(), phrase=True),
        person_names_fold=TEXT(analyzer=folded_name_analyzer(), phrase=True),
        # The same names as one column (UTF-8, comma-joined; schema 5): the person facet
        # reads every article's persons at once instead of a term vector per article.
        persons_list=COLUMN(VarBytesColumn()),
    )

"""The Whoosh schema of the news index.

The schema is pickled into the index, so the analyzers it names must keep their import
path (``indexer.analysis``).  Bump ``SCHEMA_VERSION`` whenever a field changes: an index
built with another version is refused with a message asking for a rebuild.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from .analysis import folded_analyzer, folded_name_analyzer, name_analyzer, word_analyzer

SCHEMA_VERSION = 1

# Text fields, each in two forms: accented words (pyvi) and folded syllables.
TEXT_FIELDS = ("title", "lead", "body")
FOLDED = {name: name + "_fold" for name in TEXT_FIELDS}


def build_schema() -> Schema:
    words = word_analyzer()
    folded = folded_analyzer()
    return Schema(
        # <source folder>/<path inside it>, or <file>#<id> for JSON Lines.
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        url=STORED(),
        content_hash=ID(stored=True),
        text_hash=ID(stored=True),
        title=TEXT(analyzer=words, stored=True, phrase=True),
        title_fold=TEXT(analyzer=folded, phrase=True),
        lead=TEXT(analyzer=words, stored=True, phrase=True),
        lead_fold=TEXT(analyzer=folded, phrase=True),
        body=TEXT(analyzer=words, stored=True, phrase=True),
        body_fold=TEXT(analyzer=folded, phrase=True),
        # The article's date as YYYY-MM-DD (sortable, range-searchable as text), plus
        # month and year for facets.  Absent when the article has no date.
        date=ID(stored=True, sortable=True),
        month=ID(sortable=True),
        year=ID(sortable=True),
        # Persons as written (stored, for display and facets), and their syllables for
        # search: canonical lower case, and folded for accentless person search.  A
        # phrase over the syllables finds "Nguyễn Hữu Đông" by his full name or by
        # "Hữu Đông", never across two names.
        persons=KEYWORD(stored=True, commas=True, lowercase=False, scorable=True, vector=True),
        person_names=TEXT(analyzer=name_analyzer(), phrase=True),
        person_names_fold=TEXT(analyzer=folded_name_analyzer(), phrase=True),
    )

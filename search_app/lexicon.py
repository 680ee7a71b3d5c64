"""What the index's own words tell about a query: which runs of syllables are words,
how the archive spells a word typed without accents, and which typed words it knows.

One object per request, over the request's reader and the index's vocabulary
(``indexer.vocabulary.Vocabulary``, written by the indexer for each index generation;
``opensearch_lexicon.OpenSearchLexicon`` is the same over an OpenSearch index).
``query_reading.parse`` asks it to cut a query into words whatever its case (``sơn
la``, ``Sơn La`` and ``SƠN LA`` are read the same), to restore the likely accents of an
accentless word, and to tell Telex or VNI typing from real words.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from whoosh import query as Q

from indexer.analysis import pairs_of
from indexer.schema import FOLDED, PAIRS, SYLLABLES


class Lexicon:
    def __init__(self, reader, vocabulary, articles=None):
        self.reader = reader
        self.vocabulary = vocabulary
        # ``articles(query)``: the sorted numbers of the articles a Whoosh query matches
        # (the ranker's ``docset``), for counting which readings stand together.
        self.articles = articles
        # Every number ``articles`` gives is below it.
        self.doc_numbers = reader.doc_count_all() if articles is not None else 0
        self.total = max(1, reader.doc_count())
        self._df = lru_cache(maxsize=4096)(self._doc_frequency)

    @property
    def can_count(self) -> bool:
        """Whether ``holding`` and ``titles_holding`` can be asked."""
        return self.articles is not None

    def holding(self, reading: list[str]) -> np.ndarray:
        """The articles whose text holds an accented word (canonical syllables), its
        syllables side by side (sorted article numbers)."""
        if len(reading) == 1:
            return self.articles(Q.Term(SYLLABLES["text"], reading[0]))
        return self.articles(_every(PAIRS, pairs_of(reading)))

    def titles_holding(self, reading: list[str]) -> np.ndarray:
        """The articles whose title holds every syllable of an accented word."""
        return self.articles(_every(SYLLABLES["title"], reading))

    def _doc_frequency(self, fieldname: str, text: str) -> int:
        try:
            return self.reader.doc_frequency(fieldname, text)
        except (KeyError, ValueError):
            return 0

    def word_df(self, word: str) -> int:
        """Articles that use the accented word (``sơn_la``, canonical lower case)."""
        return self._df("text", word)

    def knows(self, word: str) -> bool:
        """Whether the archive writes the accented word (in a title or the whole text)."""
        return bool(self._df("title", word) or self._df("text", word))

    def spellings(self, folded_word: str) -> list[tuple[int, str]]:
        """The archive's accented spellings of an accentless word, commonest first."""
        return self.vocabulary.spellings.get(folded_word, []) if self.vocabulary else []

    def folded_word_df(self, folded_word: str) -> int:
        forms = self.spellings(folded_word)
        return forms[0][0] if forms else 0

    def syllable_df(self, syllable: str) -> int:
        """Articles with the syllable spelled so (canonical lower case)."""
        return self._df(SYLLABLES["text"], syllable)

    def pair_df(self, pair: str) -> int:
        """Articles that write two syllables side by side (``tết_đua``)."""
        return self._df(PAIRS, pair)

    def folded_syllable_df(self, syllable: str) -> int:
        return self._df(FOLDED["text"], syllable)


def _every(fieldname: str, terms: list[str]):
    terms = list(dict.fromkeys(terms))
    if len(terms) == 1:
        return Q.Term(fieldname, terms[0])
    return Q.And([Q.Term(fieldname, t) for t in terms])

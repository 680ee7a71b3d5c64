"""What query reading and the query plan ask of an OpenSearch index: its words and their
document frequencies.

* :class:`IndexWords`: one scan of the index's documents (their pyvi words, persons and
  sections), once per index version: the "did you mean" vocabulary
  (``indexer.vocabulary.Vocabulary``, made as from a Whoosh reader), each word's
  article count in the titles and the whole text, each person's, the sections, and
  the folded syllables that a prefix (``hoi*``) or a near spelling (``hoi~``) expands
  to.  It reads every article's words once (0.27 s for 600 Dân trí articles on a local
  node: some 17 s expected at 38k), as Whoosh's vocabulary is read from an index
  written without its file.
* :class:`IndexCounts`: the doc-frequency questions of a Whoosh reader that
  ``query_plan.build`` and ``lexicon.Lexicon`` ask (``doc_count``, ``doc_frequency``,
  ``expand_prefix``, ``terms_within``), answered from the scan for pyvi words and by
  ``filters`` aggregations for the rest, many terms in one request, kept per version.
* :class:`OpenSearchLexicon`: ``lexicon.Lexicon`` over those counts, which also counts
  the articles holding readings together (``count_together``) in one request.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter

from indexer.analysis import fold, pairs_of
from indexer.schema import FOLDED, PAIRS, SYLLABLES
from indexer.vocabulary import Vocabulary

from . import opensearch_query as dsl
from . import tuning as T
from .lexicon import Lexicon
from .settings import OPENSEARCH_COUNTS_KEPT, OPENSEARCH_COUNTS_PER_REQUEST, OPENSEARCH_SCAN_BATCH

_SYLLABLE = re.compile(r"[^\W\d_]+|\d+")  # a run of letters or of digits, as the analysers cut


class _Frequency:
    def __init__(self, df: int):
        self.df = df

    def doc_frequency(self) -> int:
        return self.df


class _WordsAsReader:
    """The part of a Whoosh reader that ``Vocabulary.from_reader`` reads."""

    def __init__(self, words: "IndexWords"):
        self.words = words

    def indexed_field_names(self):
        return ("title", "text")

    def iter_field(self, fieldname: str):
        for word, df in (self.words.title_df if fieldname == "title" else self.words.text_df).items():
            yield word, _Frequency(df)

    def doc_count(self) -> int:
        return self.words.total


class IndexWords:
    """What one scan of an index's documents tells (see the module's text)."""

    def __init__(self, total: int, title_df: dict[str, int], text_df: dict[str, int], persons: dict[str, int],
                 sections: set[str]):
        self.total = total
        self.title_df = title_df
        self.text_df = text_df
        self.persons = persons
        self.sections = sorted(sections)
        self.vocabulary = Vocabulary.from_reader(_WordsAsReader(self))
        self._syllables: list[str] | None = None

    @classmethod
    def read(cls, client, index: str) -> "IndexWords":
        from opensearchpy import helpers

        title_df: Counter = Counter()
        text_df: Counter = Counter()
        persons: Counter = Counter()
        sections: set[str] = set()
        total = 0
        query = {"query": {"match_all": {}}, "_source": ["title_words", "text_words", "persons", "section"]}
        for hit in helpers.scan(client, index=index, query=query, size=OPENSEARCH_SCAN_BATCH, scroll="2m",
                                preserve_order=False):
            source = hit.get("_source") or {}
            total += 1
            title_df.update(set((source.get("title_words") or "").split()))
            text_df.update(set((source.get("text_words") or "").split()))
            persons.update(set(source.get("persons") or ()))
            if source.get("section"):
                sections.add(source["section"])
        return cls(total, dict(title_df), dict(text_df), dict(persons), sections)

    @property
    def syllables(self) -> list[str]:
        """Every folded syllable of the archive's words, sorted."""
        if self._syllables is None:
            self._syllables = sorted({s for word in self.text_df for s in _SYLLABLE.findall(fold(word))})
        return self._syllables


def _within_one(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by at most one letter changed, added or taken away."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


class IndexCounts:
    """A Whoosh reader's counting questions, answered by an OpenSearch index.

    ``search(body)`` runs a search on the index; ``kept`` is the version's cache of
    counts (shared by the requests of that version)."""

    def __init__(self, search, words: IndexWords, kept: dict):
        self.search = search
        self.words = words
        self.kept = kept

    def doc_count(self) -> int:
        return max(1, self.words.total)

    def doc_frequency(self, fieldname: str, text: str) -> int:
        if fieldname == "text":  # the pyvi words: counted by the scan
            return self.words.text_df.get(text, 0)
        if fieldname == "title":
            return self.words.title_df.get(text, 0)
        return self.count_all([((fieldname, text),)])[0]

    def prefetch(self, pairs) -> None:
        """Count the articles holding each (field, term) of ``pairs`` not counted yet."""
        self.count_all([((fieldname, term),) for fieldname, term in pairs])

    def count_all(self, conjunctions: list[tuple]) -> list[int]:
        """How many articles hold every (field, term) of each conjunction (those not
        counted yet asked for in one request)."""
        known = {c: self.kept.get(c) for c in conjunctions}
        missing = [c for c, n in known.items() if n is None]
        for at in range(0, len(missing), OPENSEARCH_COUNTS_PER_REQUEST):
            chunk = missing[at:at + OPENSEARCH_COUNTS_PER_REQUEST]
            found = self.search({"size": 0, "track_total_hits": False, "aggs": {"n": dsl.counting(chunk)}})
            buckets = found["aggregations"]["n"]["buckets"]
            if len(self.kept) + len(chunk) > OPENSEARCH_COUNTS_KEPT:
                self.kept.clear()  # a version's counts are many only under a flood of new words
            for i, conjunction in enumerate(chunk):
                known[conjunction] = self.kept[conjunction] = buckets[str(i)]["doc_count"]
        return [known[c] for c in conjunctions]

    def expand_prefix(self, fieldname: str, prefix: str) -> list[str]:
        """The archive's folded syllables that begin with ``prefix`` (at most as many as
        ``query_plan`` looks at), their counts asked for at once."""
        syllables = self.words.syllables
        at = bisect.bisect_left(syllables, prefix)
        found = []
        while at < len(syllables) and syllables[at].startswith(prefix) and len(found) < T.MAX_EXPANSION * 20:
            found.append(syllables[at])
            at += 1
        return self._counted(found)

    def terms_within(self, fieldname: str, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        """The archive's folded syllables one letter off ``text`` (the first ``prefix``
        letters kept), their counts asked for at once."""
        head = text[:prefix]
        syllables = self.words.syllables
        at = bisect.bisect_left(syllables, head)
        found = []
        while at < len(syllables) and syllables[at].startswith(head):
            if _within_one(syllables[at], text):
                found.append(syllables[at])
            at += 1
        return self._counted(found)

    def _counted(self, syllables: list[str]) -> list[str]:
        # A prefix is expanded in the whole text, the title and the lead: all at once.
        self.prefetch([(FOLDED[name], s) for s in syllables for name in FOLDED])
        return syllables

    def idf(self, fieldname: str, word: str) -> float:
        return dsl.lucene_idf(self.doc_count(), self.doc_frequency(fieldname, word))


def _holding(reading: tuple) -> list[tuple[str, str]]:
    """What an article holds where its text holds an accented word, its syllables side
    by side (as ``Lexicon.holding`` asks Whoosh)."""
    if len(reading) == 1:
        return [(SYLLABLES["text"], reading[0])]
    return [(PAIRS, p) for p in pairs_of(list(reading))]


class OpenSearchLexicon(Lexicon):
    """``lexicon.Lexicon`` over :class:`IndexCounts`; readings are counted together in
    one request per step of the beam instead of intersected here."""

    can_count = True

    def __init__(self, counts: IndexCounts):
        super().__init__(counts, counts.words.vocabulary)

    def count_together(self, paths: list[tuple]) -> list[tuple[int, int]]:
        """For each combination of readings, the articles holding every one of them
        (each side by side) and the titles holding every one of their syllables."""
        texts = [tuple(sorted({pair for r in path for pair in _holding(r)})) for path in paths]
        titles = [tuple(sorted({(SYLLABLES["title"], s) for r in path for s in r})) for path in paths]
        counted = self.reader.count_all(texts + titles)
        return list(zip(counted[:len(paths)], counted[len(paths):]))


class WordsCache:
    """The :class:`IndexWords` of the live index version: the first read before the
    first query that needs it, a later one in the background while the previous one
    keeps answering (as ``vocabulary_cache`` does for Whoosh)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tag = None
        self._words: IndexWords | None = None
        self._building = None

    def get(self, tag: str, read) -> IndexWords:
        """The words of version ``tag``; ``read()`` scans them."""
        with self._lock:
            if self._tag == tag or (self._words is not None and self._building == tag):
                return self._words
            if self._words is None:
                self._words, self._tag = read(), tag
                return self._words
            self._building = tag
        threading.Thread(target=self._read, args=(tag, read), name="opensearch-words", daemon=True).start()
        return self._words

    def _read(self, tag: str, read) -> None:
        try:
            words = read()
        except Exception:  # the cluster or the index went away: keep the old words
            with self._lock:
                self._building = None
            return
        with self._lock:
            self._words, self._tag, self._building = words, tag, None

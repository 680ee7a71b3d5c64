"""The index's vocabulary: each accentless word and its accented spellings.

From the words of the index (``hội_nghị``, ``cán_bộ`` …) a table maps each accentless
form to its accented spellings and how many articles use each.  ``querying`` cuts a
query into words and restores its accents with it (``lexicon.Lexicon``), which is also
what "did you mean" offers (``querying.likeliest_reading``: ``hoi nghi can bo`` →
``hội nghị cán bộ``).
"""

from __future__ import annotations

import threading

from indexer.analysis import fold

_FIELDS = ("title", "text")


MAX_SPELLINGS = 4  # accented spellings kept per accentless word


class Vocabulary:
    """Accentless word → its accented spellings (commonest first) and how many articles
    use each (``son_la`` → ``[(2210, "sơn_la"), (3, "sơn_là")]``)."""

    def __init__(self, reader):
        spellings: dict[str, dict[str, int]] = {}
        for fieldname in _FIELDS:
            if fieldname not in reader.indexed_field_names():
                continue
            for term, info in reader.iter_field(fieldname):
                word = term.decode("utf-8") if isinstance(term, bytes) else term
                if not any(ch.isalpha() for ch in word):
                    continue
                forms = spellings.setdefault(fold(word), {})
                df = info.doc_frequency()
                if df > forms.get(word, 0):  # the larger of the title's and the text's
                    forms[word] = df
        self.spellings = {
            key: sorted(((df, w) for w, df in forms.items()), key=lambda e: (-e[0], e[1]))[:MAX_SPELLINGS]
            for key, forms in spellings.items()
        }
        self.best = {key: forms[0] for key, forms in self.spellings.items()}
        self.total = max(1, reader.doc_count())


class VocabularyCache:
    """One vocabulary per index generation.

    The first one is built on first use.  When the index changes (a rebuild, or an
    update from cron), the new vocabulary is built in the background from a reader of
    its own, and the old one keeps answering meanwhile: no reader waits for it.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self._vocab: Vocabulary | None = None
        self._building = None

    def get(self, key, reader, open_reader=None) -> Vocabulary:
        with self._lock:
            if self._vocab is None:
                self._vocab, self._key = Vocabulary(reader), key
            elif self._key != key and self._building != key and open_reader is not None:
                self._building = key
                threading.Thread(target=self._build, args=(key, open_reader),
                                 name="vocabulary", daemon=True).start()
            return self._vocab

    def _build(self, key, open_reader) -> None:
        try:
            reader = open_reader()
            try:
                vocab = Vocabulary(reader)
            finally:
                reader.close()
        except Exception:  # a damaged or vanished index: keep the old vocabulary
            with self._lock:
                self._building = None
            return
        with self._lock:
            self._vocab, self._key, self._building = vocab, key, None

""""Did you mean": the accented query that the index's own vocabulary makes most likely.

From the words of the index (``hội_nghị``, ``cán_bộ`` …) a table maps each accentless
form to its accented spellings and how many articles use each.  A query is read as a
sequence of accentless syllables and cut into known words, preferring long words and
frequent spellings (a small dynamic programme), so ``hoi nghi can bo`` becomes
``hội nghị cán bộ``.
"""

from __future__ import annotations

import math
import threading

from indexer.analysis import fold

MAX_WORD_SYLLABLES = 4
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

    def suggest(self, syllables: list[str]) -> list[str] | None:
        """Accented words for a list of accentless syllables (None when nothing known)."""
        n = len(syllables)
        if n == 0:
            return None
        # score[i]: best log-probability of syllables[:i]; back[i]: (j, word)
        score = [0.0] + [-math.inf] * n
        back: list[tuple[int, str] | None] = [None] * (n + 1)
        for i in range(n):
            if score[i] == -math.inf:
                continue
            for k in range(1, min(MAX_WORD_SYLLABLES, n - i) + 1):
                key = "_".join(syllables[i:i + k])
                entry = self.best.get(key)
                if entry is None:
                    if k == 1:
                        cand = score[i] - 12.0  # unknown syllable: keep as typed
                        if cand > score[i + 1]:
                            score[i + 1], back[i + 1] = cand, (i, syllables[i])
                    continue
                df, word = entry
                # Longer words are strong evidence of the right reading.
                cand = score[i] + math.log(df / self.total) + 4.0 * (k - 1)
                if cand > score[i + k]:
                    score[i + k], back[i + k] = cand, (i, word)
        words = []
        i = n
        while i > 0:
            j, word = back[i]
            words.append(word.replace("_", " "))
            i = j
        return list(reversed(words))


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

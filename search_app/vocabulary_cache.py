"""The vocabulary of the live index generation, for the query reader and "did you mean".

The indexer writes it with every build and update (``indexer.vocabulary``); this cache
opens that file when the index changes.  Only an index written without it (by an older
indexer, or with the file deleted) has its vocabulary read from the index itself, in the
background while the previous one keeps answering; the very first one is then read
before the first query that needs it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from indexer import vocabulary
from indexer.vocabulary import Vocabulary

from .settings import WAIT_FOR_INDEXER

__all__ = ["Vocabulary", "VocabularyCache"]



class VocabularyCache:
    """One vocabulary per index generation (``key`` = (build directory, generation))."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self._vocab: Vocabulary | None = None
        self._building = None

    def get(self, key, reader, open_reader=None) -> Vocabulary:
        with self._lock:
            if self._key == key and self._vocab is not None:
                return self._vocab
            written = vocabulary.load(Path(key[0]), key[1])
            if written is not None:
                self._vocab, self._key = written, key
            elif self._vocab is None:
                self._vocab, self._key = Vocabulary.from_reader(reader), key
            elif self._building != key and open_reader is not None:
                self._building = key
                threading.Thread(target=self._build, args=(key, open_reader),
                                 name="vocabulary", daemon=True).start()
            return self._vocab

    def _build(self, key, open_reader) -> None:
        # An update makes its generation live, then writes its vocabulary: wait for it
        # a little before reading the whole index.
        deadline = time.monotonic() + WAIT_FOR_INDEXER
        while time.monotonic() < deadline:
            written = vocabulary.load(Path(key[0]), key[1])
            if written is not None:
                with self._lock:
                    self._vocab, self._key, self._building = written, key, None
                return
            time.sleep(0.5)
        try:
            reader = open_reader()
            try:
                vocab = Vocabulary.from_reader(reader)
            finally:
                reader.close()
        except Exception:  # a damaged or vanished index: keep the old vocabulary
            with self._lock:
                self._building = None
            return
        with self._lock:
            self._vocab, self._key, self._building = vocab, key, None

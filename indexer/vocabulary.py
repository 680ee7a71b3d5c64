"""The index's vocabulary: each accentless word and its accented spellings.

From the words of the index (``hội_nghị``, ``cán_bộ`` …) a table maps each accentless
form to its accented spellings and how many articles use each.  The search app cuts a
query into words and restores its accents with it, which is also what "did you mean"
offers (``hoi nghi can bo`` → ``hội nghị cán bộ``).

The indexer writes it beside the Whoosh segments after every rebuild and update
(``vocabulary_<generation>.pickle``), so that a search app opens it in a fraction of a
second instead of reading every term of the index on its first query.  The file is
derived: the Whoosh index stays the source of truth, and a missing or unreadable file
is made again from it.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
from pathlib import Path

from .analysis import fold
from .schema import SCHEMA_VERSION

log = logging.getLogger(__name__)

FIELDS = ("title", "text")
MAX_SPELLINGS = 4  # accented spellings kept per accentless word
FILE_PREFIX = "vocabulary_"
FORMAT = 1  # of the file; with SCHEMA_VERSION, what a reader checks


class Vocabulary:
    """Accentless word → its accented spellings (commonest first) and how many articles
    use each (``son_la`` → ``[(2210, "sơn_la"), (3, "sơn_là")]``)."""

    def __init__(self, spellings: dict[str, list[tuple[int, str]]], total: int):
        self.spellings = spellings
        self.best = {key: forms[0] for key, forms in spellings.items()}
        self.total = max(1, total)

    @classmethod
    def from_reader(cls, reader) -> "Vocabulary":
        """Read every word of the title and text fields of a Whoosh reader."""
        spellings: dict[str, dict[str, int]] = {}
        for fieldname in FIELDS:
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
        table = {
            key: sorted(((df, w) for w, df in forms.items()), key=lambda e: (-e[0], e[1]))[:MAX_SPELLINGS]
            for key, forms in spellings.items()
        }
        return cls(table, reader.doc_count())


def path_for(build: Path, generation: int) -> Path:
    return Path(build) / f"{FILE_PREFIX}{generation}.pickle"


def write(build: Path, reader) -> Path:
    """Write the vocabulary of ``reader`` (the build's latest generation) and delete the
    files of older generations.  The file appears whole or not at all."""
    vocab = Vocabulary.from_reader(reader)
    path = path_for(build, reader.generation())
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump({"format": FORMAT, "schema_version": SCHEMA_VERSION,
                     "spellings": vocab.spellings, "total": vocab.total}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    for old in Path(build).glob(f"{FILE_PREFIX}*"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def load(build: Path, generation: int) -> Vocabulary | None:
    """The vocabulary the indexer wrote for ``generation`` of ``build``; None when there
    is none or it cannot be read (the caller makes it again from the index).

    The file is read with pickle: it is trusted as the index itself is, written by the
    indexer into the index directory."""
    path = path_for(build, generation)
    collecting = gc.isenabled()
    gc.disable()  # a third faster: the table is one large tree of new objects
    try:
        with open(path, "rb") as fh:
            data = pickle.load(fh)
        if data.get("format") != FORMAT or data.get("schema_version") != SCHEMA_VERSION:
            return None
        return Vocabulary(data["spellings"], data["total"])
    except FileNotFoundError:
        return None
    except Exception as exc:  # damaged: made again from the index
        log.warning("vocabulary %s cannot be read (%s: %s); reading the index instead",
                    path, type(exc).__name__, exc)
        return None
    finally:
        if collecting:
            gc.enable()

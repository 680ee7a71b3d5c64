"""What a capitalised name is elsewhere in the archive: how often the corpora write it
after a person's title (``HLV Guardiola``), after a place or organisation word
(``huyện Thọ Xuân``, ``CLB Cadiz``), before a speech verb (``Benzema cho biết``), and
how often its words are written in lower case (``thịnh vượng``: a common phrase
capitalised, not a name).

An article often names a footballer or a district bare, with no cue at all; the same
name has cues in other articles.  These counts are made from unlabelled text by
``scripts/train_persons.py --name-lists`` (``count_contexts``) and shipped as
``indexer/data/persons_contexts.txt``; the tagger reads them as features.

>>> c = NameContexts({"Guardiola": (9, 0, 3, 14, 0)})
>>> c.features(["Guardiola"], "name")
('name_person=8+', 'name_place=0', 'name_follow=2-3', 'name_seen=8+', 'name_lower=0')
>>> c.features(["Pep"], "name")
('name_seen=0',)
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .words import DATA_DIR, read_rows

CONTEXTS_FILE = DATA_DIR / "persons_contexts.txt"
MAX_WORDS = 4  # longer stretches are not counted: too rare to recur
MIN_SEEN = 2  # a name written fewer times than this is not kept
MAX_MEMO = 200_000  # names whose features are remembered at most
_LOWER_WORD_RE = re.compile(r"[^\W\d_]+")


def bucket(n: int) -> str:
    """A count as a coarse class: ``0``, ``1``, ``2-3``, ``4-7`` or ``8+``."""
    if n < 2:
        return str(n)
    if n < 4:
        return "2-3"
    if n < 8:
        return "4-7"
    return "8+"


class NameContexts:
    """Counts per name (its words joined by a space): written after a person cue, after
    a place or organisation cue, before a speech verb or apposition, written at all as a
    capitalised stretch, and written in lower case."""

    def __init__(self, counts: dict[str, tuple[int, int, int, int, int]]):
        self.counts = counts

        # by "prefix<TAB>name": a string key, which (unlike a tuple) the garbage collector
        # need not count and follow
        self._memo: dict[str, tuple[str, ...]] = {}

    def features(self, words: Sequence[str], prefix: str) -> tuple[str, ...]:
        """The counts of the name ``words`` as classes, each feature named ``prefix_…``
        (remembered, the same tuple each time: the same names recur in every article)."""
        name = " ".join(words)
        key = f"{prefix}\t{name}"
        out = self._memo.get(key)
        if out is None:
            c = self.counts.get(name)
            if c is None:
                out = _unseen(prefix)
            else:
                person, place, follow, seen, lower = c
                out = (f"{prefix}_person={bucket(person)}", f"{prefix}_place={bucket(place)}",
                       f"{prefix}_follow={bucket(follow)}", f"{prefix}_seen={bucket(seen)}",
                       f"{prefix}_lower={_ratio(lower, seen)}")
            if len(self._memo) < MAX_MEMO:
                self._memo[key] = out
        return out

    @classmethod
    def load(cls, path: Path = CONTEXTS_FILE) -> "NameContexts":
        return cls(dict(read_rows(path, lambda f: (f[0], tuple(int(x) for x in f[1:])))))

    def write(self, path: Path = CONTEXTS_FILE) -> None:
        lines = ["# Capitalised names of ../shared/corpus written at least twice: the number of times",
                 "# after a person cue, after a place or organisation cue, before a speech verb or",
                 "# apposition, in all, and in lower case.  Made from unlabelled text by:",
                 "# python scripts/train_persons.py --name-lists"]
        lines += ["\t".join([name, *map(str, c)]) for name, c in sorted(self.counts.items())]
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


@lru_cache(maxsize=None)
def _unseen(prefix: str) -> tuple[str, ...]:
    return (f"{prefix}_seen=0",)


def _ratio(lower: int, seen: int) -> str:
    """Lower-case writings against capitalised ones, coarsely."""
    if not lower:
        return "0"
    r = lower / seen
    return "few" if r < 0.5 else "some" if r < 2 else "many"


def count_contexts(articles) -> NameContexts:
    """Count, over ``articles`` ((title, paragraphs) pairs, read as the extractor reads
    them), the contexts of every capitalised stretch of at most ``MAX_WORDS`` words and of
    each of its words, then how often each such name is written in lower case."""
    from .cues import FOLLOW_PERSON_RE, cue_kind, prev_words
    from .reading import read
    from .stretches import stretches

    ctx: dict[str, list[int]] = {}
    texts = []
    for title, paragraphs in articles:
        reading = read(title, paragraphs)
        texts.append(reading.paras)
        for span in stretches(reading.paras, reading.raw_runs):
            if len(span) > MAX_WORDS:
                continue
            p = reading.paras[span[0].para]
            kind = cue_kind(prev_words(p, span[0].start))
            follow = bool(FOLLOW_PERSON_RE.match(p[span[-1].end:span[-1].end + 80]))
            words = [t.text for t in span]
            keys = {" ".join(words)}
            if len(words) > 1:
                keys |= set(words)
            for key in keys:
                c = ctx.setdefault(key, [0, 0, 0, 0, 0])
                c[0] += kind == "person"
                c[1] += kind == "place"
                c[2] += follow
                c[3] += 1
    kept = {k: c for k, c in ctx.items() if c[3] >= MIN_SEEN}
    lower_keys = {k.lower(): k for k in kept if k.lower() != k}
    for paras in texts:
        for p in paras:
            words = _LOWER_WORD_RE.findall(p)
            for i, w in enumerate(words):
                if not w.islower():
                    continue
                for k in range(1, MAX_WORDS + 1):
                    if i + k > len(words) or not words[i + k - 1].islower():
                        break
                    lower_key = lower_keys.get(" ".join(words[i:i + k]))
                    if lower_key is not None:
                        kept[lower_key][4] += 1
    return NameContexts({k: (c[0], c[1], c[2], c[3], c[4]) for k, c in kept.items()})


_LOADED: dict = {}


def name_contexts() -> NameContexts:
    """The shipped counts, read once."""
    if "contexts" not in _LOADED:
        _LOADED["contexts"] = NameContexts.load()
    return _LOADED["contexts"]


def reload() -> None:
    _LOADED.clear()

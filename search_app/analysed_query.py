"""The reader's query, analysed once: what every later step reads.

``query_reading.parse`` makes a :class:`ParsedQuery` from the text a reader types; the
query plan (``query_plan.build``), the snippets' marks (``highlight.marks``) and "did
you mean" read that object and never the text again.  Runs of plain words become
:class:`Word` objects that carry every form of each word:

* **as typed**: canonical lower-case syllables.  A query with any diacritic was typed
  with accents, so every syllable of it is literal (``La`` is "la", never "là"); tone
  style and i/y spelling do not matter.
* **readings**: for a query typed without any accent, the accented spellings that the
  archive itself uses most for each word (``son la`` → ``sơn la``).
* **together**: for several accentless words, each one's reading in the combination
  that the archive's headlines write together most (``khoc dua`` → ``khóc đứa``).
* **aliases**: the other forms of an abbreviation (``UBND`` ↔ ``Ủy ban nhân dân``,
  ``indexer/data/aliases.txt``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.analysis import fold

from . import tuning as T


@dataclass
class Word:
    """One word of a query, in every form the search reads."""

    typed: list[str]  # canonical lower-case syllables, as typed
    readings: list[list[str]] = field(default_factory=list)  # accented spellings meant
    aliases: list[list[str]] = field(default_factory=list)  # other forms of the same thing
    # For an accentless query of several words: this word's reading in the combination
    # of readings that the archive's headlines write together most (``readings[0]`` too).
    together: list[str] | None = None

    @property
    def folded(self) -> list[str]:
        return [fold(s) for s in self.typed]

    @property
    def exact(self) -> str:
        return "_".join(self.typed)


@dataclass
class Unit:
    """One thing to match: a word, a phrase, a person, maybe excluded."""

    words: list[list[str]]  # canonical lower-case syllables of each word
    kind: str = "word"  # word | phrase | person | prefix | fuzzy
    fields: tuple[str, ...] = ("text",)  # ("title",) for a title: prefix
    negate: bool = False
    person: str = ""
    exact: list[str] = field(default_factory=list)  # each word as the words fields hold it
    word: Word | None = None  # a plain word of a run: all its forms
    # How far apart a phrase's syllables may stand, in order (Whoosh's slop: 1 = side by
    # side); ``"a b"~N`` allows N syllables between them.
    slop: int = 1


@dataclass
class ParsedQuery:
    groups: list[list[Unit]] = field(default_factory=list)  # AND of ORs
    excluded: list[Unit] = field(default_factory=list)
    accented: bool = False
    # Runs of words typed side by side, for the proximity boost and highlighting.
    runs: list[list[list[str]]] = field(default_factory=list)
    # Neighbouring words of a run that the reader typed glued (no comma between).
    neighbours: list[tuple[Word, Word]] = field(default_factory=list)
    # Plain words written with a minus glued on (``-Cần``): excluded, unless read as
    # hyphenated (``parse(..., exclusions=False)``).
    minus_words: list[str] = field(default_factory=list)
    # The query as decoded from Telex or VNI typing, when it was so read.
    rewritten: str | None = None

    @property
    def empty(self) -> bool:
        return not self.groups

    def positive_units(self) -> list[Unit]:
        return [u for g in self.groups for u in g]

    def plain_words(self) -> list[Word]:
        return [u.word for u in self.positive_units() if u.word is not None]

    @property
    def long(self) -> bool:
        """A remembered headline or a pasted paragraph: matched softly."""
        return len(self.groups) >= T.LONG_QUERY_WORDS and all(len(g) == 1 for g in self.groups)

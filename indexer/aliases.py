"""Abbreviations and other names of one thing (``UBND`` = ``Ủy ban nhân dân``).

The groups live in one editable file, ``indexer/data/aliases.txt`` (one group a line,
forms separated by `` = ``).  A form is kept as its canonical lower-case syllables, so
``TP.HCM``, ``TP HCM`` and ``tp hcm`` are one form.  The search applies them at query
time: a query that holds a form also matches every other form of its group.

>>> aliases = Aliases.from_lines(["UBND = Ủy ban nhân dân", "TP = Thành phố"])
>>> aliases.longest(["chủ", "tịch", "ủy", "ban", "nhân", "dân"], 2)
(4, (('ubnd',), ('ủy', 'ban', 'nhân', 'dân')))
>>> aliases.longest(["uy", "ban", "nhan", "dan"], 0, folded=True)
(4, (('ubnd',), ('ủy', 'ban', 'nhân', 'dân')))
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from .analysis import canonical_syllable, fold, has_accents, syllables
from .errors import IndexerError

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "aliases.txt"
MAX_FORM_SYLLABLES = 8


class AliasFileError(IndexerError):
    """A line of the aliases file that cannot be read as a group."""


def _form(text: str) -> tuple[str, ...]:
    return tuple(canonical_syllable(s) for s in syllables(unicodedata.normalize("NFC", text).lower()))


class Aliases:
    """Groups of forms, looked up by a run of a query's syllables."""

    def __init__(self, groups: list[tuple[tuple[str, ...], ...]]):
        self.groups = groups
        self._exact: dict[tuple[str, ...], tuple] = {}
        self._folded: dict[tuple[str, ...], tuple] = {}
        for group in groups:
            for form in group:
                self._exact.setdefault(form, group)
                # Typed without accents, a form is recognised by its folded syllables
                # when that cannot be mistaken for a plain word: two syllables or more,
                # or a form that has no accents anyway ("HLV", not "Mỹ" → "my").
                if len(form) > 1 or not has_accents(form[0]):
                    self._folded.setdefault(tuple(fold(s) for s in form), group)
        self.longest_form = max((len(f) for g in groups for f in g), default=0)

    @classmethod
    def from_lines(cls, lines, source: str = "aliases") -> "Aliases":
        groups = []
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            forms = []
            for part in line.split(" = "):
                form = _form(part)
                if not form or len(form) > MAX_FORM_SYLLABLES:
                    raise AliasFileError(f"{source}:{number}: cannot read the form {part.strip()!r}")
                if form not in forms:
                    forms.append(form)
            if len(forms) < 2:
                raise AliasFileError(f"{source}:{number}: a group needs two forms or more, "
                                     f"separated by ' = '")
            groups.append(tuple(forms))
        return cls(groups)

    @classmethod
    def from_file(cls, path: str | Path = ALIASES_FILE) -> "Aliases":
        path = Path(path)
        return cls.from_lines(path.read_text(encoding="utf-8").splitlines(), source=path.name)

    def __len__(self) -> int:
        return len(self.groups)

    def longest(self, sylls: list[str], start: int, folded: bool = False, stop: int | None = None):
        """The longest form that ``sylls`` (canonical lower case, or folded with
        ``folded``) hold from ``start`` (and not past ``stop``): ``(length, group)``,
        or None."""
        table = self._folded if folded else self._exact
        end = len(sylls) if stop is None else stop
        for n in range(min(self.longest_form, end - start), 0, -1):
            group = table.get(tuple(sylls[start:start + n]))
            if group is not None:
                return n, group
        return None


@lru_cache(maxsize=1)
def default_aliases() -> Aliases:
    """The groups of ``indexer/data/aliases.txt`` (read once)."""
    return Aliases.from_file()

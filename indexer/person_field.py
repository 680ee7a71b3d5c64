"""How an article's persons are stored in one field: the names joined with commas.

The index keeps them as one string (``persons``, ``person_names``, the ``persons_list``
column); this module is the one place that writes and reads that grammar.

>>> join_persons(["Nguyễn Xuân Phúc", "Lò Văn Hặc"])
'Nguyễn Xuân Phúc,Lò Văn Hặc'
>>> split_persons("Nguyễn Xuân Phúc,Lò Văn Hặc"), split_persons("")
(['Nguyễn Xuân Phúc', 'Lò Văn Hặc'], [])
"""
from __future__ import annotations

SEPARATOR = ","


def join_persons(names: list[str]) -> str:
    """The field's value for ``names`` (a comma inside a name becomes a space)."""
    return SEPARATOR.join(name.replace(SEPARATOR, " ") for name in names)


def split_persons(value: str) -> list[str]:
    """The names of a field's value, in order, the empty ones left out."""
    return [name for name in value.split(SEPARATOR) if name]

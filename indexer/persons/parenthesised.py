"""A name with another in parentheses right after it names one person twice: a
Sino-Vietnamese reading and the name in its own language (``Kim Lập Quần (Jin Liqun)``),
a stage name and the real name that shares a word with it (``Hai Trắng (Nguyễn Minh
Trắng)``).  Each person once (docs/persons.md, convention 3): the name of more words; of
as many, the one the article writes more often, then the one written first.  Not two
Vietnamese names, nor two foreign ones, that share no word: a role and its actor
(``Tiểu Yến Tử (Triệu Vy)``); nor in a team sheet, where a substitute follows the player
he replaced (``Noble (Lanzini)``).

>>> one_each(["Kim Lập Quần", "Jin Liqun", "Lê Văn Tám"], ["Chủ tịch AIIB Kim Lập Quần (Jin Liqun) phát biểu."])
['Kim Lập Quần', 'Lê Văn Tám']
>>> one_each(["Hai Trắng", "Nguyễn Minh Trắng"], ["Ông Hai Trắng (Nguyễn Minh Trắng) bị bắt."])
['Nguyễn Minh Trắng']
"""
from __future__ import annotations

from collections.abc import Container

from .shapes import vietnamese_shaped


def one_each(persons: list[str], paras: list[str], team_sheets: Container[int] = frozenset()) -> list[str]:
    """``persons`` (names as written, in order) with the two names of each pair written
    ``A (B)`` in ``paras`` (not in the paragraphs ``team_sheets``) given once, as the one
    kept, where the first of them stood."""
    bracketed = [p for i, p in enumerate(paras) if " (" in p and i not in team_sheets]
    if len(persons) < 2 or not bracketed:
        return persons
    stands_for: dict[str, str] = {}
    for b in persons:
        inside = f" ({b})"
        holding = [p for p in bracketed if inside in p]
        if not holding or b in stands_for:
            continue
        for a in persons:
            if a != b and a not in stands_for and any(f"{a}{inside}" in p for p in holding) and _one_person(a, b):
                keep = b if (len(b.split()), _times(b, paras)) > (len(a.split()), _times(a, paras)) else a
                stands_for[a if keep == b else b] = keep
                break
    if not stands_for:
        return persons
    out: list[str] = []
    for p in persons:
        name = stands_for.get(p, p)
        if name not in out:
            out.append(name)
    return out


def _times(name: str, paras: list[str]) -> int:
    """How many times ``paras`` write ``name``."""
    return sum(p.count(name) for p in paras)


def _one_person(a: str, b: str) -> bool:
    """Whether ``A (B)`` names one person: the two names share a word (``Hai Trắng
    (Nguyễn Minh Trắng)``) or one is Vietnamese and the other not, a reading and the
    name it reads (``Mạnh Hoành Vĩ (Meng Hongwei)``).  Two Vietnamese names, or two
    foreign ones, may be a role and its actor (``Tiểu Yến Tử (Triệu Vy)``)."""
    wa, wb = a.split(), b.split()
    return bool(set(wa) & set(wb)) or _vietnamese(wa) != _vietnamese(wb)


def _vietnamese(words: list[str]) -> bool:
    return all(vietnamese_shaped(w) for w in words)

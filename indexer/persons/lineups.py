"""Team sheets: ``Leeds (4-1-4-1) Meslier, Ayling, …`` and ``Dự bị: Milner, Keita, …``."""
from __future__ import annotations

import re

from .words import ORGS
from .shapes import is_cap


FORMATION_RE = re.compile(r"\(\s*\d(?:\s*-\s*\d){2,4}\s*\)")
# team sheets without a formation: "Liverpool: Alisson, Alexander-Arnold, ...",
# "Dự bị: Milner, Keita, ...", "CLB Hà Nội: Tấn Trường, Văn Kiên, ..."
LINEUP_LABEL_RE = re.compile(r"^\s*([^:]{2,40}?)\s*:\s*(?=\S)")
LINEUP_LABEL_START_RE = re.compile(r"^(?:Dự bị|Đội hình(?: ra sân)?|CLB|ĐT|Đội tuyển|U\d{2}|HAGL|SLNA)\b")


def lineup_label(p: str):
    """Match object ending after "Team:" if *p* is a team sheet line: a club
    (persons_orgs.txt) / "Dự bị" / "CLB ..." label followed by >= 6
    comma-separated capitalised items of at most three words."""
    if ":" not in p[:44]:
        return None
    m = LINEUP_LABEL_RE.match(p)
    if not m:
        return None
    label = m.group(1)
    if not (label in ORGS or LINEUP_LABEL_START_RE.match(label)):
        return None
    items = [x.strip(" .") for x in re.split(r"[,;]", re.sub(r"\([^)]*\)", "", p[m.end():]))]
    items = [x for x in items if x]
    if len(items) < 6:
        return None
    if not all(1 <= len(x.split()) <= 3 and all(is_cap(w) or w.isdigit() for w in x.split()) for x in items):
        return None
    return m


def team_sheet_names(paras: list[str]) -> list[tuple[int, str]]:
    """(paragraph, name) for every player named in a team sheet line."""
    lineup_names: list[tuple[int, str]] = []
    for pi, p in enumerate(paras):
        m = FORMATION_RE.search(p) or lineup_label(p)
        if not m:
            continue
        rest = p[m.end():]
        for item in re.split(r"[,;()]", rest):
            item = re.sub(r"\d+'?|’", " ", item).strip(" .;:-")
            item = re.sub(r"\s+", " ", item)
            if item and all(is_cap(w) for w in item.split()) and len(item.split()) <= 3:
                lineup_names.append((pi, item))
    return lineup_names

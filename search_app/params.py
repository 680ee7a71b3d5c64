"""The search parameters shared by the HTML page and the JSON API."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping

from indexer.dates import parse_date, parse_month, parse_year
from indexer.errors import InvalidDate
from indexer.sections import MAX_SECTION_CHARS

from .errors import SearchError
from .settings import DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_RESULT_WINDOW, MAX_SECTIONS

SORTS = ("relevance", "newest", "oldest")
PARAM_NAMES = ("q", "date", "from", "to", "month", "year", "person", "section", "scope", "sort", "page",
               "per_page")
# The ones that ask for results (sort / page / per_page / scope alone only shape them).
QUERY_NAMES = ("q", "date", "from", "to", "month", "year", "person", "section")
# What chooses and orders the results, paging aside (a feed and an export keep them).
RESULT_NAMES = QUERY_NAMES + ("scope", "sort")
# Where the words are looked for: the whole article, the title and lead, the title only.
SCOPES = ("all", "lead", "title")


@dataclass
class SearchParams:
    q: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    person: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    raw: dict = field(default_factory=dict)
    sections: tuple[str, ...] = ()  # any of these sections (chuyên mục)
    scope: str = "all"  # all | lead (title and lead) | title

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "SearchParams":
        raw: dict = {}
        for name in PARAM_NAMES:
            if name == "section":  # several allowed: section=Thể thao&section=Xã hội
                values = args.getlist(name) if hasattr(args, "getlist") else [args.get(name)]
                values = [v for v in dict.fromkeys(_clean_text(str(v)) for v in values if v is not None) if v]
                if values:
                    raw[name] = values
                continue
            value = args.get(name)
            if value is None:
                continue
            value = str(value).strip()
            if value:
                raw[name] = value
        q = unicodedata.normalize("NFC", _clean_text(raw.get("q", "")))
        person = _clean_text(raw.get("person", ""))
        if len(q) > MAX_QUERY_CHARS:
            raise SearchError(f"Từ khóa quá dài: {len(q)} ký tự, tối đa {MAX_QUERY_CHARS} ký tự.")
        if len(person) > 200:
            raise SearchError("Tên người quá dài: tối đa 200 ký tự.")
        date_from, date_to = _date_range(raw)
        sort = raw.get("sort", "")
        if sort and sort not in SORTS:
            raise SearchError(f"Cách sắp xếp (sort) phải là một trong: {', '.join(SORTS)}.")
        if not sort:
            sort = "relevance" if q else "newest"
        sections = tuple(raw.get("section", ()))
        if len(sections) > MAX_SECTIONS or any(len(s) > MAX_SECTION_CHARS for s in sections):
            raise SearchError(f"Tối đa {MAX_SECTIONS} chuyên mục, mỗi tên tối đa {MAX_SECTION_CHARS} ký tự.")
        scope = raw.get("scope", "all")
        if scope not in SCOPES:
            raise SearchError(f"Phạm vi tìm (scope) phải là một trong: {', '.join(SCOPES)}.")
        page = _positive_int(raw.get("page", "1"), "page", 1_000_000)
        per_page = _positive_int(raw.get("per_page", str(DEFAULT_PER_PAGE)), "per_page", MAX_PER_PAGE)
        if page * per_page > MAX_RESULT_WINDOW:
            raise SearchError(
                f"Trang {page} vượt quá {MAX_RESULT_WINDOW:,} kết quả đầu tiên; hãy thu hẹp tìm kiếm."
            )
        return cls(q, date_from, date_to, person, sort, page, per_page, raw, sections, scope)

    def key(self) -> tuple:
        """What the results depend on, as a hashable value (``raw`` only spells it)."""
        return (self.q, self.date_from, self.date_to, self.person, self.sort, self.page, self.per_page,
                self.sections, self.scope)

    def url_args(self, **changes) -> dict:
        args = dict(self.raw)
        for key, value in changes.items():
            key = {"from_": "from", "date_from": "from", "date_to": "to"}.get(key, key)
            args[key] = value
        if "page" not in changes and any(k != "page" for k in changes):
            args.pop("page", None)  # a new filter starts again at page 1
        return {k: (v if isinstance(v, (list, tuple)) else str(v)) for k, v in args.items()
                if v not in (None, "", [], ())}


def _clean_text(value: str) -> str:
    """Control characters become spaces; runs of white space become one space."""
    value = "".join(ch if ch.isprintable() else " " for ch in value)
    return " ".join(value.split())


def _positive_int(value: str, name: str, maximum: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SearchError(f"Tham số {name} phải là số nguyên dương.") from None
    if number < 1:
        raise SearchError(f"Tham số {name} phải lớn hơn hoặc bằng 1.")
    if number > maximum:
        raise SearchError(f"Tham số {name} tối đa là {maximum}.")
    return number


def _date(value: str, name: str) -> dt.date:
    try:
        return parse_date(value)
    except InvalidDate as exc:
        raise SearchError(f"Ngày không hợp lệ ({name}): {exc}.") from None


def _date_range(raw: dict) -> tuple[dt.date | None, dt.date | None]:
    """Combine date, from/to, month and year into one inclusive range."""
    lows, highs = [], []
    if "date" in raw:
        day = _date(raw["date"], "date")
        lows.append(day)
        highs.append(day)
    if "from" in raw:
        lows.append(_date(raw["from"], "from"))
    if "to" in raw:
        highs.append(_date(raw["to"], "to"))
    if "from" in raw and "to" in raw and lows[-1] > highs[-1]:
        raise SearchError(f"Ngày bắt đầu (from={raw['from']}) sau ngày kết thúc (to={raw['to']}).")
    try:
        if "month" in raw:
            first, last = parse_month(raw["month"])
            lows.append(first)
            highs.append(last)
        if "year" in raw:
            first, last = parse_year(raw["year"])
            lows.append(first)
            highs.append(last)
    except InvalidDate as exc:
        raise SearchError(f"Tháng hoặc năm không hợp lệ: {exc}.") from None
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    return low, high

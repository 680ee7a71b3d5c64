"""Dates: Vietnamese forms by our own rules, anything else through python-dateutil.

Only the header or the dateline of an article gives its date, never its body.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser

from .errors import InvalidDate

MIN_YEAR, MAX_YEAR = 1900, 2100
_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)

_WEEKDAY = r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|cn|t[2-7])\s*[,\-–]?\s*)?"
_TIME = r"(?:\d{1,2}\s*[:hg]\s*\d{2}(?:\s*[:]\s*\d{2})?\s*(?:\(?\s*gmt\s*[+\-]\s*\d{1,2}\s*\)?|am|pm|sa|ch)?)"
_SEP = r"\s*[,\-–|]?\s*"
_VN_WORDS = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})"
_NUMERIC = r"(\d{1,2})\s*(?P<sep>[/\-.])\s*(\d{1,2})\s*(?P=sep)\s*(\d{4})"
_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})"

# A dateline is a short line that is nothing but a date, with optional weekday and time.
_DATELINE = re.compile(
    rf"^\s*{_WEEKDAY}(?:(?:ngày|cập\s+nhật|đăng\s+ngày)\s*:?\s*)?"
    rf"(?:{_TIME}{_SEP})?"
    rf"(?:{_VN_WORDS}|{_NUMERIC})"
    rf"(?:{_SEP}(?:lúc\s+)?{_TIME})?\s*$",
    re.IGNORECASE,
)
_EXACT_VN = re.compile(rf"^\s*{_VN_WORDS}\s*$", re.IGNORECASE)
_EXACT_NUMERIC = re.compile(rf"^\s*{_NUMERIC}\s*$")
_EXACT_ISO = re.compile(rf"^\s*{_ISO}\s*$")
_EXACT_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def make_date(year: int, month: int, day: int) -> dt.date:
    """A real calendar date in the accepted years, or InvalidDate saying what is wrong."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidDate(f"year {year} is outside {MIN_YEAR}–{MAX_YEAR}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidDate(f"{day:02d}/{month:02d}/{year} is not a real date") from None


def match_dateline(line: str) -> dt.date | None:
    """The date of a dateline such as ``Ngày 16 tháng 11 năm 2019`` or ``16/11/2019 14:30``.

    Returns None when the line is not a dateline; raises InvalidDate when it is one
    but names a day that does not exist (``Ngày 31 tháng 2 năm 2019``).
    """
    if len(line) > 80:
        return None
    m = _DATELINE.match(line)
    if not m:
        return None
    if m.group(1):
        day, month, year = m.group(1), m.group(2), m.group(3)
    else:
        day, month, year = m.group(4), m.group(6), m.group(7)
    return make_date(int(year), int(month), int(day))


def parse_date(text: str) -> dt.date:
    """Parse one date given on its own: ISO ``2019-11-16``, ``16/11/2019``, ``20191116``,
    ``Ngày 16 tháng 11 năm 2019``, or anything python-dateutil reads with ``dayfirst``.

    Raises InvalidDate with a message saying what is wrong.
    """
    text = (text or "").strip()
    if not text:
        raise InvalidDate("empty date")
    if len(text) > 100:
        raise InvalidDate("date text too long")
    for pattern, order in (
        (_EXACT_ISO, (1, 2, 3)),
        (_EXACT_COMPACT, (1, 2, 3)),
        (_EXACT_NUMERIC, (4, 3, 1)),
        (_EXACT_VN, (3, 2, 1)),
    ):
        m = pattern.match(text)
        if m:
            y, mo, d = (int(m.group(i)) for i in order)
            return make_date(y, mo, d)
    dated = match_dateline(text)
    if dated is not None:
        return dated
    # A date must be complete: parse twice with different defaults, and refuse text
    # that leaves the year, month or day to the default ("2019", "16/11", "14:30").
    try:
        first = dateutil_parser.parse(text, dayfirst=True, fuzzy=False, default=_DEFAULT_A)
        second = dateutil_parser.parse(text, dayfirst=True, fuzzy=False, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError) as exc:
        raise InvalidDate(f"cannot read {text!r} as a date ({exc})") from None
    if first.date() != second.date():
        raise InvalidDate(f"{text!r} is not a complete date (day, month and year)")
    parsed = first
    return make_date(parsed.year, parsed.month, parsed.day)


def parse_month(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY-MM`` (or ``MM/YYYY``) → the first and last day of that month."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "") or None
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = re.fullmatch(r"\s*(\d{1,2})/(\d{4})\s*", text or "")
        if not m:
            raise InvalidDate(f"month must be YYYY-MM, got {text!r}")
        year, month = int(m.group(2)), int(m.group(1))
    if not 1 <= month <= 12:
        raise InvalidDate(f"month {month} does not exist")
    first = make_date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def parse_year(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY`` → the first and last day of that year."""
    if not re.fullmatch(r"\s*\d{4}\s*", text or ""):
        raise InvalidDate(f"year must be YYYY, got {text!r}")
    year = int(text)
    return make_date(year, 1, 1), make_date(year, 12, 31)

"""indexer.dates: datelines, single dates, months and years."""

import datetime as dt

import pytest

from indexer.dates import MAX_YEAR, MIN_YEAR, make_date, match_dateline, parse_date, parse_month, parse_year
from indexer.errors import InvalidDate

D = dt.date(2019, 11, 16)

# dates.py builds _DATELINE from _VN_WORDS (groups 1-3) followed by _NUMERIC, whose
# separator back-reference is written ``\2``: inside _DATELINE that is the month group of
# _VN_WORDS, which never took part in the match, so no numeric dateline ever matches.
NUMERIC_BUG = pytest.mark.regression  # was a bug; fixed


def numeric(line, expected=D):
    return pytest.param(line, expected, marks=NUMERIC_BUG, id=line)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Ngày 16 tháng 11 năm 2019", D),
        ("ngày 16 tháng 11 năm 2019", D),
        ("NGÀY 16 THÁNG 11 NĂM 2019", D),
        ("Ngày 16 tháng 11, năm 2019", D),
        ("  Ngày 16 tháng 11 năm 2019  ", D),
        ("Ngày 6 tháng 1 năm 2021", dt.date(2021, 1, 6)),
        ("Ngày 16 tháng 11 năm 2019 14:30", D),
        ("Thứ bảy, ngày 16 tháng 11 năm 2019", D),
        numeric("Ngày 16/11/2019"),
        numeric("16/11/2019"),
        numeric("16-11-2019"),
        numeric("16.11.2019"),
        numeric("6/1/2021", dt.date(2021, 1, 6)),
        numeric("16/11/2019 14:30"),
        numeric("16/11/2019, 14:30:05"),
        numeric("16/11/2019 14h30"),
        numeric("14:30 16/11/2019"),
        numeric("Thứ bảy, 16/11/2019 14:30"),
        numeric("Thứ Bảy, 16/11/2019, 14:30 (GMT+7)"),
        numeric("Thứ 7, ngày 16/11/2019"),
        numeric("T7, 16/11/2019 | 14:30"),
        numeric("Chủ nhật, 17/11/2019 - 08:00", dt.date(2019, 11, 17)),
        numeric("Cập nhật: 16/11/2019 lúc 14:30"),
        numeric("Đăng ngày 16/11/2019"),
    ],
)
def test_match_dateline_good(line, expected):
    assert match_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 31 tháng 2 năm 2019",
        "Ngày 29 tháng 2 năm 2019",
        "Ngày 32 tháng 1 năm 2019",
        "Ngày 16 tháng 13 năm 2019",
        "Ngày 0 tháng 1 năm 2019",
        pytest.param("31/02/2019", marks=NUMERIC_BUG),
        pytest.param("31/2/2019 14:30", marks=NUMERIC_BUG),
        pytest.param("16/13/2019", marks=NUMERIC_BUG),
    ],
)
def test_match_dateline_impossible_date(line):
    with pytest.raises(InvalidDate):
        match_dateline(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 16 tháng 11 năm 1899",
        "Ngày 1 tháng 1 năm 2101",
        "Ngày 1 tháng 1 năm 1000",
        pytest.param("16/11/1895", marks=NUMERIC_BUG),
        pytest.param("01/01/2101", marks=NUMERIC_BUG),
    ],
)
def test_match_dateline_year_out_of_range(line):
    with pytest.raises(InvalidDate, match="year"):
        match_dateline(line)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Ngày 1 tháng 1 năm 1900", dt.date(1900, 1, 1)),
        ("Ngày 31 tháng 12 năm 2100", dt.date(2100, 12, 31)),
        ("Ngày 29 tháng 2 năm 2020", dt.date(2020, 2, 29)),
        numeric("01/01/1900", dt.date(1900, 1, 1)),
        numeric("29/02/2020", dt.date(2020, 2, 29)),
    ],
)
def test_match_dateline_edges(line, expected):
    assert match_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Hội nghị cán bộ chủ chốt toàn tỉnh",
        "Ngày 16/11, các đồng chí: Nguyễn Hữu Đông, Ủy viên dự khuyết",
        "Kế hoạch số 223/KH-UBND ngày 13/11/2019 của UBND tỉnh",
        "Kỷ niệm 125 năm thành lập tỉnh Sơn La (10/10/1895 – 10/10/2020).",
        "10/10/1895 – 10/10/2020",
        "16/11",
        "2019",
        "Ngày 16 tháng 11",
        "16/11-2019",
        "16/11/2019 Hội nghị cán bộ",
        "Ngày 16 tháng 11 năm 2019 " + "x" * 80,
    ],
)
def test_match_dateline_not_a_dateline(line):
    assert match_dateline(line) is None


# --- parse_date ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2019-11-16", D),
        (" 2019-11-16 ", D),
        ("2019-1-6", dt.date(2019, 1, 6)),
        ("16/11/2019", D),
        ("16-11-2019", D),
        ("16.11.2019", D),
        ("05/06/2019", dt.date(2019, 6, 5)),  # day first
        ("20191116", D),
        ("Ngày 16 tháng 11 năm 2019", D),
        ("ngày 16 tháng 11 năm 2019", D),
        ("2019-11-16T14:30:00+07:00", D),
        ("2019-11-16 14:30:00", D),
        ("16 Nov 2019", D),
        ("November 16, 2019", D),
        ("Sat, 16 Nov 2019 14:30:00 +0700", D),
        ("2019/11/16", D),
        ("5/6/19", dt.date(2019, 6, 5)),
        numeric("Thứ bảy, 16/11/2019 14:30"),
    ],
)
def test_parse_date_good(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("x" * 101, "too long"),
        ("abc", "cannot read"),
        ("hôm qua", "cannot read"),
        ("tomorrow", "cannot read"),
        ("16 Nov 2019 fuzzy words here", "cannot read"),  # never fuzzy
        ("2019-02-31", "not a real date"),
        ("31/02/2019", "not a real date"),
        ("20190231", "not a real date"),
        ("Ngày 31 tháng 2 năm 2019", "not a real date"),
        ("2019-13-01", "not a real date"),
        ("1899-12-31", "year 1899"),
        ("2101-01-01", "year 2101"),
        ("0000-00-00", "year 0"),
        ("16 Nov 1850", "year 1850"),
        ("99999-01-01", "99999"),
    ],
)
def test_parse_date_errors(text, message):
    with pytest.raises(InvalidDate, match=message):
        parse_date(text)


def test_parse_date_returns_date_not_datetime():
    assert type(parse_date("2019-11-16T14:30:00")) is dt.date


def test_make_date():
    assert make_date(2019, 11, 16) == D
    assert (MIN_YEAR, MAX_YEAR) == (1900, 2100)
    with pytest.raises(InvalidDate):
        make_date(2019, 2, 30)
    with pytest.raises(InvalidDate):
        make_date(1899, 1, 1)


# --- parse_month / parse_year ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("2019-11", dt.date(2019, 11, 1), dt.date(2019, 11, 30)),
        ("2019-02", dt.date(2019, 2, 1), dt.date(2019, 2, 28)),
        ("2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
        ("2019-12", dt.date(2019, 12, 1), dt.date(2019, 12, 31)),
        (" 2019-1 ", dt.date(2019, 1, 1), dt.date(2019, 1, 31)),
        ("11/2019", dt.date(2019, 11, 1), dt.date(2019, 11, 30)),
        ("2100-12", dt.date(2100, 12, 1), dt.date(2100, 12, 31)),
    ],
)
def test_parse_month(text, first, last):
    assert parse_month(text) == (first, last)


@pytest.mark.parametrize("text", ["2019-13", "2019-00", "13/2019", "2019", "abc", "", None, "1899-12", "2101-01"])
def test_parse_month_errors(text):
    with pytest.raises(InvalidDate):
        parse_month(text)


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
        (" 2019 ", dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
        ("1900", dt.date(1900, 1, 1), dt.date(1900, 12, 31)),
        ("2100", dt.date(2100, 1, 1), dt.date(2100, 12, 31)),
    ],
)
def test_parse_year(text, first, last):
    assert parse_year(text) == (first, last)


@pytest.mark.parametrize("text", ["1899", "2101", "19", "abc", "", None, "2019-01"])
def test_parse_year_errors(text):
    with pytest.raises(InvalidDate):
        parse_year(text)


@pytest.mark.parametrize("text", ["2019", "11/2019", "Nov 2019", "2019-11", "16/11", "16 Nov", "14:30", "Monday"])
def test_parse_date_incomplete_is_invalid(text):
    with pytest.raises(InvalidDate):
        parse_date(text)

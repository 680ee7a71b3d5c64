"""indexer.formats: the four input formats, ids, the seed article, what is skipped."""

import datetime as dt
import json
import logging

import pytest

from indexer.documents import prepare
from indexer.errors import NotAnArticle
from indexer.formats import article_files, parse_jsonl, parse_text, read_articles
from indexer_fixtures import (
    HEADER,
    JSONL_RECORDS,
    PORTAL,
    SEED,
    SEED_PERSONS,
    TITLE_LEAD_BODY,
    jsonl_text,
    write_corpus,
)

NUMERIC_BUG = pytest.mark.regression  # was a bug; fixed


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding=encoding)
    return path


# --- (a) portal plain text ---------------------------------------------------------


def test_portal_vietnamese_dateline(tmp_path):
    path = write(tmp_path, "a.txt", PORTAL)
    [a] = read_articles(path, "src", "a.txt")
    assert a.id == "src/a.txt"
    assert a.source == "src"
    assert a.title == "Khai mạc hội chợ nông sản Sơn La"
    assert a.date == dt.date(2019, 11, 16)
    assert a.lead == ""
    assert a.body.split("\n") == [
        "Sáng nay, hội chợ nông sản mở cửa tại thành phố Sơn La sáng nay.",
        "Nông dân mang xoài đến hội chợ",
    ]
    assert "Tìm kiếm" not in a.body
    assert a.date_problem == ""


@pytest.mark.parametrize(
    "dateline",
    [
        pytest.param("Ngày 16/11/2019", marks=NUMERIC_BUG),
        pytest.param("16/11/2019", marks=NUMERIC_BUG),
        pytest.param("16-11-2019", marks=NUMERIC_BUG),
        pytest.param("16/11/2019 14:30", marks=NUMERIC_BUG),
        pytest.param("Thứ bảy, 16/11/2019 14:30 (GMT+7)", marks=NUMERIC_BUG),
    ],
)
def test_portal_numeric_datelines(dateline):
    a = parse_text(f"Khai mạc hội chợ\n{dateline}\nThân bài hội chợ.\nĐoạn hai.", "src/a.txt", "src")
    assert a.date == dt.date(2019, 11, 16)
    assert a.title == "Khai mạc hội chợ"
    assert a.lead == ""
    assert a.body == "Thân bài hội chợ.\nĐoạn hai."


def test_portal_dateline_after_two_title_lines():
    a = parse_text("Thời sự\nKhai mạc hội chợ\nNgày 16 tháng 11 năm 2019\nThân bài.", "s/x.txt", "s")
    assert a.date == dt.date(2019, 11, 16)
    assert a.title == "Thời sự Khai mạc hội chợ"
    assert a.body == "Thân bài."


def test_portal_impossible_dateline_no_date_but_problem():
    a = parse_text("Khai mạc hội chợ\nNgày 31 tháng 2 năm 2019\nThân bài.", "src/a.txt", "src")
    assert a.date is None
    assert "31" in a.date_problem and "not a real date" in a.date_problem
    assert a.title == "Khai mạc hội chợ"
    assert a.body == "Thân bài."  # the bad dateline is not body text


def test_portal_dateline_year_out_of_range():
    a = parse_text("Khai mạc hội chợ\nNgày 16 tháng 11 năm 1895\nThân bài.", "src/a.txt", "src")
    assert a.date is None
    assert "1895" in a.date_problem


@pytest.mark.parametrize(
    "dateline",
    [pytest.param("31/02/2019", marks=NUMERIC_BUG), pytest.param("31/2/2019 08:00", marks=NUMERIC_BUG)],
)
def test_portal_impossible_numeric_dateline(dateline):
    a = parse_text(f"Khai mạc hội chợ\n{dateline}\nThân bài.", "src/a.txt", "src")
    assert a.date is None
    assert a.date_problem
    assert a.lead == "" and a.body == "Thân bài."


# --- (b) header format ----------------------------------------------------------------


def test_header_format(tmp_path):
    path = write(tmp_path, "sub/b.txt", HEADER)
    [a] = read_articles(path, "src", "sub/b.txt")
    assert a.id == "src/sub/b.txt"  # the id is the path, not the doc_id header
    assert a.url == "https://example.vn/tin/abc123"
    assert a.date == dt.date(2020, 1, 5)
    assert a.title == "Học sinh vùng cao đến trường"
    assert a.body == "Các em học sinh vượt suối đến lớp học mỗi ngày."


def test_header_bad_date():
    a = parse_text("# date = 20190231\nTiêu đề\nThân bài.", "s/x.txt", "s")
    assert a.date is None
    assert "20190231" in a.date_problem
    assert a.title == "Tiêu đề"


def test_header_without_date_ignores_body_dates():
    a = parse_text("# url = u\n\nTiêu đề\nNgày 16 tháng 11 năm 2019\nThân bài.", "s/x.txt", "s")
    assert a.date is None
    assert a.title == "Tiêu đề"


# --- (c) title / lead / body -------------------------------------------------------


def test_title_lead_body(tmp_path):
    path = write(tmp_path, "c.txt", TITLE_LEAD_BODY)
    [a] = read_articles(path, "src", "c.txt")
    assert a.title == "Mùa lúa chín trên ruộng bậc thang"
    assert a.lead == "Ruộng bậc thang vào mùa đẹp nhất trong năm."
    assert a.body == "Du khách đến chụp ảnh lúa chín ngày 13/11/2019 rất đông."
    assert a.date is None  # 13/11/2019 is in the body
    assert a.date_problem == ""


def test_title_and_body_only():
    a = parse_text("Tiêu đề\nMột đoạn thân bài.", "s/x.txt", "s")
    assert (a.title, a.lead, a.body) == ("Tiêu đề", "", "Một đoạn thân bài.")


def test_title_only():
    a = parse_text("Chỉ có tiêu đề", "s/x.txt", "s")
    assert (a.title, a.lead, a.body) == ("Chỉ có tiêu đề", "", "")


def test_body_dates_never_used():
    text = (
        "Tiêu đề\nĐoạn mở đầu không có ngày.\nMột đoạn nữa.\nĐoạn thứ ba.\n"
        "Ngày 16 tháng 11 năm 2019\n13/11/2019\nKế hoạch ngày 13/11/2019."
    )
    a = parse_text(text, "s/x.txt", "s")
    assert a.date is None
    assert a.date_problem == ""


# --- (d) JSON Lines -------------------------------------------------------------------


def test_jsonl(tmp_path):
    path = write(tmp_path, "d.jsonl", jsonl_text(JSONL_RECORDS))
    a1, a2 = read_articles(path, "src", "d.jsonl")
    assert a1.id == "src/d.jsonl#n1"
    assert a1.title == "Giá cà phê tăng mạnh"
    assert a1.lead == "Cà phê tăng giá."
    assert a1.body == "Giá cà phê hôm nay tăng ở Tây Nguyên."
    assert a1.url == "https://example.vn/ca-phe"
    assert a1.date == dt.date(2021, 3, 4)
    assert a1.source == "src"
    assert a2.id == "src/d.jsonl#2"  # no id: the line number
    assert a2.date == dt.date(2020, 10, 5)
    assert a2.lead == "" and a2.url == ""


def test_jsonl_bad_lines_skipped(caplog):
    records = [
        {"id": "ok1", "title": "Bài một", "body": "Thân một."},
        "{not json",
        "[1, 2]",
        {"id": "nt", "title": "   ", "body": "Không có tiêu đề."},
        {"id": "x", "title": {"a": 1}, "body": "x"},
        "",
        {"title": "Bài bảy", "body": "Thân bảy.", "date": "31/02/2019"},
    ]
    with caplog.at_level(logging.WARNING):
        articles = parse_jsonl(jsonl_text(records), "src/f.jsonl", "src")
    assert [a.id for a in articles] == ["src/f.jsonl#ok1", "src/f.jsonl#7"]
    assert articles[1].date is None and articles[1].date_problem
    logged = caplog.text
    for number in (2, 3, 4, 5):
        assert f"line {number}" in logged


def test_jsonl_all_bad(tmp_path):
    path = write(tmp_path, "bad.jsonl", "{oops\n[1]\n\"text\"\n")
    with pytest.raises(NotAnArticle, match="JSON Lines"):
        read_articles(path, "src", "bad.jsonl")


def test_jsonl_blank_only():
    with pytest.raises(NotAnArticle):
        parse_jsonl("\n \n", "src/f.jsonl", "src")


def test_jsonl_numeric_id_and_date():
    [a] = parse_jsonl(json.dumps({"id": 42, "title": "T", "body": "B", "date": 20191116}), "s/f.jsonl", "s")
    assert a.id == "s/f.jsonl#42"
    assert a.date == dt.date(2019, 11, 16)


def test_jsonl_cleans_fields():
    record = {"title": "Tiêu\u200b đề\r\nhai dòng", "body": "Dòng một.\r\nTìm kiếm theo ngày\r\nDòng hai.Dòng ba"}
    [a] = parse_jsonl(json.dumps(record, ensure_ascii=False), "s/f.jsonl", "s")
    assert a.title == "Tiêu đề hai dòng"
    assert a.body == "Dòng một.\nDòng hai.\nDòng ba"


# --- not articles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\n \t \r\n", "\ufeff".encode("utf-8"), "Tìm kiếm theo ngày\nChia sẻ\n".encode("utf-8"),
     b"\x00\x01\x02" * 100],
    ids=["empty", "whitespace", "bom-only", "boilerplate-only", "binary"],
)
def test_not_articles(tmp_path, content):
    path = write(tmp_path, "x.txt", content)
    with pytest.raises(NotAnArticle):
        read_articles(path, "src", "x.txt")


def test_empty_jsonl(tmp_path):
    path = write(tmp_path, "x.jsonl", b"")
    with pytest.raises(NotAnArticle):
        read_articles(path, "src", "x.jsonl")


def test_header_only_is_not_an_article():
    with pytest.raises(NotAnArticle):
        parse_text("# doc_id = 1\n# date = 20191116\n", "s/x.txt", "s")


# --- the seed article -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    [article] = read_articles(SEED, "seeds", SEED.name)
    return article


def test_seed_parsed(seed):
    assert seed.id == "seeds/000_bddf68c9230f3abc.txt"
    assert seed.title == "Hội nghị cán bộ chủ chốt toàn tỉnh"
    assert seed.date == dt.date(2019, 11, 16)
    assert seed.date_problem == ""
    assert seed.body.startswith("Ngày 16/11, các đồng chí")


def test_seed_no_boilerplate(seed):
    assert "Tìm kiếm theo ngày" not in seed.body
    assert seed.body.split("\n")[-1] == "Các đại biểu thảo luận tại Tổ."


def test_seed_glued_captions_split(seed):
    lines = seed.body.split("\n")
    assert "Hội nghị cán bộ chủ chốt toàn tỉnh" in lines
    assert "Đồng chí Nguyễn Hữu Đông phát biểu tại Hội nghị." in lines
    assert not any("tỉnh.Hội" in line for line in lines)


def test_seed_body_dates_ignored(seed):
    assert "13/11/2019" in seed.body and "10/10/1895" in seed.body
    assert seed.date == dt.date(2019, 11, 16)


def test_seed_persons():
    [article] = read_articles(SEED, "seeds", SEED.name)
    prepare(article)
    assert article.persons == SEED_PERSONS


# --- article_files --------------------------------------------------------------------


def test_article_files(tmp_path):
    root = write_corpus(tmp_path / "src")
    names = [p.relative_to(root).as_posix() for p in article_files(root)]
    assert names == ["a.txt", "b.txt", "d.jsonl", "empty.txt", "sub/c.txt"]


def test_jsonl_partial_date_gives_no_date():
    [a] = parse_jsonl(json.dumps({"title": "T", "body": "B", "date": "2019"}), "s/f.jsonl", "s")
    assert a.date is None
    assert "2019" in a.date_problem

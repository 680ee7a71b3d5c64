"""indexer.cleanup: decoding, invisible characters, line ends, boilerplate, glued captions."""

import codecs
import unicodedata

import pytest

from indexer import cleanup
from indexer.errors import NotAnArticle
from indexer_fixtures import cp1258_bytes

SENTENCE = "Hội nghị cán bộ chủ chốt toàn tỉnh Sơn La đã diễn ra sáng nay."


# --- decoding ----------------------------------------------------------------------


def test_decode_utf8_plain():
    assert cleanup.decode(SENTENCE.encode("utf-8")) == SENTENCE


def test_decode_utf8_bom():
    decoded = cleanup.decode(codecs.BOM_UTF8 + SENTENCE.encode("utf-8"))
    assert decoded == SENTENCE
    assert "\ufeff" not in decoded


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"),
    ],
    ids=["utf-16-le", "utf-16-be"],
)
def test_decode_utf16_bom(data):
    assert cleanup.decode(data) == SENTENCE


def test_decode_cp1258_fallback():
    data = cp1258_bytes(SENTENCE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = cleanup.decode(data)
    assert cleanup.normalize(decoded) == SENTENCE
    assert "\ufffd" not in decoded


def test_cp1258_article_end_to_end(tmp_path):
    from indexer.formats import read_articles

    path = tmp_path / "old.txt"
    path.write_bytes(cp1258_bytes("Tin cũ từ báo Sơn La\r\nNgày 16 tháng 11 năm 2019\r\nNội dung bài báo.\r\n"))
    [article] = read_articles(path, "src", "old.txt")
    assert article.title == "Tin cũ từ báo Sơn La"
    assert article.body == "Nội dung bài báo."
    assert str(article.date) == "2019-11-16"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,
        b"\x00" * 200,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        b"\x01\x02\x03\x04abc" * 50,
        b"PK\x03\x04" + bytes(range(32)) * 20,
    ],
    ids=["all-bytes", "nul", "png", "controls", "zip"],
)
def test_decode_binary_rejected(data):
    with pytest.raises(NotAnArticle):
        cleanup.decode(data)


def test_decode_empty_is_empty_text():
    assert cleanup.decode(b"") == ""


# --- normalize ---------------------------------------------------------------------


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_inside_words_removed(invisible):
    assert cleanup.normalize(f"Hội ngh{invisible}ị cán{invisible}bộ") == "Hội nghị cánbộ"


def test_soft_hyphen_removed():
    assert cleanup.normalize("so\u00adsánh tỉnh\u00ad ủy") == "sosánh tỉnh ủy"


def test_nul_removed():
    assert cleanup.normalize("Hội\x00 nghị\x00") == "Hội nghị"


def test_other_controls_become_spaces():
    assert cleanup.normalize("a\tb\x07c\x1bd\x85e") == "a b c d e"


def test_nbsp_becomes_space():
    assert cleanup.normalize("Sơn\u00a0La") == "Sơn La"


@pytest.mark.parametrize("text", ["a\r\nb\r\nc", "a\rb\rc", "a\nb\nc", "a\r\nb\rc", "a\u2028b\u2029c"])
def test_line_ends_unified(text):
    assert cleanup.normalize(text) == "a\nb\nc"


def test_normalize_nfc():
    nfd = unicodedata.normalize("NFD", SENTENCE)
    assert cleanup.normalize(nfd) == SENTENCE


# --- clean_lines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["Tìm kiếm theo ngày", "  Tìm kiếm theo ngày  ", "TÌM KIẾM THEO NGÀY", "Chia sẻ:", "Bản in", "Tin liên quan"],
)
def test_boilerplate_dropped(line):
    assert cleanup.is_boilerplate(line)
    assert cleanup.clean_lines(f"Tiêu đề\n{line}\nNội dung") == ["Tiêu đề", "Nội dung"]


def test_boilerplate_only_whole_lines():
    line = "Người dân tìm kiếm theo ngày và giờ"
    assert not cleanup.is_boilerplate(line)
    assert cleanup.clean_lines(line) == [line]


def test_clean_lines_drops_blank_lines_and_collapses_spaces():
    text = "Tiêu  đề\r\n\r\n   \r\nNội   dung  bài\r\n\u00a0\r\n"
    assert cleanup.clean_lines(text) == ["Tiêu đề", "Nội dung bài"]


@pytest.mark.parametrize(
    "line, parts",
    [
        ("chủ trì Hội nghị cán bộ chủ chốt toàn tỉnh.Hội nghị cán bộ chủ chốt toàn tỉnh",
         ["chủ trì Hội nghị cán bộ chủ chốt toàn tỉnh.", "Hội nghị cán bộ chủ chốt toàn tỉnh"]),
        ("các nhiệm vụ trọng tâm…Đồng chí Nguyễn Hữu Đông phát biểu",
         ["các nhiệm vụ trọng tâm…", "Đồng chí Nguyễn Hữu Đông phát biểu"]),
        ("các tầng lớp nhân dân...Các đại biểu thảo luận",
         ["các tầng lớp nhân dân...", "Các đại biểu thảo luận"]),
        ("khai mạc năm 2019.Hội nghị", ["khai mạc năm 2019.", "Hội nghị"]),
        ("Vì sao?Tại sao!Ông ấy nói", ["Vì sao?", "Tại sao!", "Ông ấy nói"]),
    ],
)
def test_glued_caption_split(line, parts):
    assert cleanup.split_glued(line) == parts
    assert cleanup.clean_lines(line) == parts


@pytest.mark.parametrize(
    "line",
    [
        "Mưa lớn tại TP.HCM hôm nay",
        "Người dân Tp.Hồ Chí Minh đón Tết",
        "Giá xăng tăng 3.5% so với tháng trước",
        "Kinh phí 1.200.000 đồng",
        "Xem tại https://vnexpress.net/thoi-su/hoi-nghi.html ngay",
        "Liên hệ toasoan@baomoi.vn để biết thêm",
        "UBND.Hội đồng nhân dân",
        "Ông A.Nguyễn trả lời",
    ],
)
def test_not_split(line):
    assert cleanup.split_glued(line) == [line]


@pytest.mark.parametrize(
    "line",
    ["Chi tiết xem tại www.Sonla.gov.vn", "Nguồn: http://www.VnExpress.net/tin-tuc"],
)
def test_urls_with_capitals_not_split(line):
    assert cleanup.split_glued(line) == [line]


@pytest.mark.parametrize(
    "line, parts",
    [
        ("Hội chợ mở tại tỉnh Sơn La.Nông dân mang xoài đến",
         ["Hội chợ mở tại tỉnh Sơn La.", "Nông dân mang xoài đến"]),
        ("Phóng viên phỏng vấn chị Hà.Chị Hà trả lời phóng viên",
         ["Phóng viên phỏng vấn chị Hà.", "Chị Hà trả lời phóng viên"]),
    ],
)
def test_glued_caption_after_two_letter_name_split(line, parts):
    assert cleanup.split_glued(line) == parts

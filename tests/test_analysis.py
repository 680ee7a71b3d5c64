"""indexer.analysis: one analysis for index and query time."""

import time
import unicodedata

import pytest
from pyvi import ViTokenizer

from indexer.analysis import (
    canonical,
    canonical_syllable,
    fold,
    folded_analyzer,
    has_accents,
    query_words,
    segment,
    word_analyzer,
)


def words(text):
    return [t.text for t in word_analyzer()(text)]


def folded(text):
    return [t.text for t in folded_analyzer()(text)]


TONE_VARIANTS = [
    ("hoà bình", "hòa bình"),
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("chị Thuý", "chị Thúy"),
    ("sức khoẻ", "sức khỏe"),
    ("xoá bỏ", "xóa bỏ"),
]
IY_VARIANTS = [
    ("kĩ thuật", "kỹ thuật"),
    ("lí do", "lý do"),
    ("quí báu", "quý báu"),
    ("nước Mĩ", "nước Mỹ"),
    ("tỉ lệ", "tỷ lệ"),
]

_IY_FOLD_BUG = pytest.mark.regression  # was a bug; fixed


@pytest.mark.parametrize("variant, canonical_form", TONE_VARIANTS + IY_VARIANTS)
def test_word_analyzer_unifies_variants(variant, canonical_form):
    assert words(variant) == words(canonical_form)


@pytest.mark.parametrize("variant, canonical_form", TONE_VARIANTS)
def test_folded_analyzer_unifies_tone_variants(variant, canonical_form):
    assert folded(variant) == folded(canonical_form)


@pytest.mark.parametrize(
    "variant, canonical_form", [pytest.param(*v, marks=_IY_FOLD_BUG) for v in IY_VARIANTS]
)
def test_folded_analyzer_unifies_iy_variants(variant, canonical_form):
    assert folded(variant) == folded(canonical_form)


@pytest.mark.parametrize(
    "plain, accented",
    [
        ("hoi nghi can bo", "Hội nghị cán bộ"),
        ("dong chi Nguyen Huu Dong", "đồng chí Nguyễn Hữu Đông"),
        ("hoa binh", "hoà bình"),
        ("suc khoe", "sức khoẻ"),
        pytest.param("ky thuat", "kĩ thuật", marks=_IY_FOLD_BUG),
        pytest.param("ly do", "lí do", marks=_IY_FOLD_BUG),
        pytest.param("qui bau", "quý báu", marks=_IY_FOLD_BUG),
    ],
)
def test_accentless_text_folds_like_accented(plain, accented):
    assert folded(plain) == folded(accented)


def test_word_tokens_are_canonical_lowercase():
    assert words("Hội nghị cán bộ hoà bình") == ["hội_nghị", "cán_bộ", "hòa_bình"]


@pytest.mark.parametrize(
    "text",
    ["Hội nghị cán bộ chủ chốt toàn tỉnh", "Ủy ban nhân dân tỉnh Sơn La", "hoà bình và phát triển"],
)
def test_nfd_equals_nfc(text):
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert words(nfd) == words(text)
    assert folded(nfd) == folded(text)
    assert query_words(nfd) == query_words(text)


@pytest.mark.parametrize(
    "upper, lower",
    [("HỘI NGHỊ CÁN BỘ", "hội nghị cán bộ"), ("HOÀ BÌNH VÀ PHÁT TRIỂN", "hoà bình và phát triển")],
)
def test_uppercase_equals_lowercase(upper, lower):
    assert words(upper) == words(lower)
    assert folded(upper) == folded(lower)


def test_folded_analyzer_positions_and_chars():
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in folded_analyzer()("Hội nghị, cán bộ", positions=True, chars=True)]
    assert tokens == [("hoi", 0, 0, 3), ("nghi", 1, 4, 8), ("can", 2, 10, 13), ("bo", 3, 14, 16)]


def test_word_analyzer_drops_punctuation():
    assert words("Hội nghị, cán bộ.") == ["hội_nghị", "cán_bộ"]


def test_query_words():
    assert query_words("Hội nghị cán bộ hoà bình") == [["hội", "nghị"], ["cán", "bộ"], ["hòa", "bình"]]
    assert query_words("Kĩ thuật!") == [["kỹ", "thuật"]]
    assert query_words("  , . ") == []
    assert query_words("") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Đông", "dong"),
        ("Hội nghị cán bộ", "hoi nghi can bo"),
        ("ĐẮK LẮK", "dak lak"),
        ("Ủy ban, 2019!", "uy ban, 2019!"),
        ("plain", "plain"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_nfd_input():
    assert fold(unicodedata.normalize("NFD", "Nguyễn Hữu Đông")) == "nguyen huu dong"


@pytest.mark.parametrize(
    "text, expected",
    [("hội", True), ("Đ", True), ("đa", True), ("hoi nghi", False), ("HOI", False), ("2019", False), ("", False)],
)
def test_has_accents(text, expected):
    assert has_accents(text) is expected


@pytest.mark.parametrize(
    "syllable, expected",
    [
        ("hoà", "hòa"),
        ("Hoà", "Hòa"),
        ("uỷ", "ủy"),
        ("Uỷ", "Ủy"),
        ("thuý", "thúy"),
        ("Thuỵ", "Thụy"),
        ("khoẻ", "khỏe"),
        ("xoá", "xóa"),
        ("qủa", "quả"),
        ("kĩ", "kỹ"),
        ("lí", "lý"),
        ("quí", "quý"),
        ("mĩ", "mỹ"),
        ("QUÍ", "QUÝ"),
        # already canonical: unchanged
        ("gì", "gì"),
        ("giữ", "giữ"),
        ("người", "người"),
        ("thuyết", "thuyết"),
        ("khuỷu", "khuỷu"),
        ("quốc", "quốc"),
        ("hoặc", "hoặc"),
        ("hoạch", "hoạch"),
        ("chi", "chi"),
        ("thì", "thì"),
        ("ý", "ý"),
        ("kỹ", "kỹ"),
        ("hòa", "hòa"),
        # not Vietnamese: unchanged
        ("abc", "abc"),
        ("2019", "2019"),
    ],
)
def test_canonical_syllable(syllable, expected):
    assert canonical_syllable(syllable) == expected
    assert canonical_syllable(unicodedata.normalize("NFD", syllable)) == expected


def test_canonical_text():
    assert canonical("Uỷ ban hoà giải, kĩ thuật") == "Ủy ban hòa giải, kỹ thuật"


# Ordinary mixed-case lines (no all-capitals line, none over the chunk limit).
PYVI_LINES = [
    "Hội nghị cán bộ chủ chốt toàn tỉnh",
    "Ngày 16/11, các đồng chí: Nguyễn Hữu Đông, Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng, Bí thư tỉnh ủy;",
    "Chủ tịch UBND tỉnh đã chủ trì Hội nghị.",
    "Giá vàng hôm nay tăng 3.5 triệu đồng mỗi lượng tại TP.HCM.",
    "Ông Nguyễn Văn An, Giám đốc Sở Y tế Hà Nội, cho biết như vậy.",
    "Trường Đại học Bách khoa Hà Nội tuyển sinh năm 2020 với 7.000 chỉ tiêu",
    "Đội tuyển Việt Nam thắng Thái Lan 2-1 tại Mỹ Đình tối qua",
    "Xem thêm tại https://vnexpress.net/thoi-su hoặc gửi thư về toasoan@baomoi.vn nhé",
    "Tp. Hồ Chí Minh có mưa lớn, nhiều tuyến đường ngập sâu",
    "Bộ trưởng Bộ Giáo dục và Đào tạo phát biểu...",
    "Thứ hai, 16/11/2019 14:30 (GMT+7)",
    "Công ty ABC ký hợp đồng trị giá 1,2 tỷ USD với đối tác Nhật Bản",
    "Mr. Smith và Dr. Lê đến thăm Viện Khoa học ==> rất vui -> tốt",
]


@pytest.mark.parametrize("line", PYVI_LINES)
def test_segment_matches_pyvi(line):
    assert segment(line) == ViTokenizer.tokenize(line).split()


@pytest.mark.parametrize("line", PYVI_LINES + ["Hà", "HÀ NỘI", "Hà Nội"])
def test_crf_items_match_pyvi(line):
    # The tagger must see exactly pyvi's attributes, weights and order (a zero-valued
    # attribute is no attribute: pyvi sends its false booleans with weight 0).
    import pycrfsuite

    from indexer.analysis import _features, _pyvi_syllables

    _, tokens = ViTokenizer.ViTokenizer.sylabelize(line)
    assert _pyvi_syllables(line) == tokens
    theirs = pycrfsuite.ItemSequence(ViTokenizer.ViTokenizer.sent2features(tokens, False)).items()
    ours = pycrfsuite.ItemSequence(_features(tokens)).items()
    assert [[(k, v) for k, v in item.items() if v] for item in theirs] == [list(item.items()) for item in ours]


def test_segment_nfd_input_matches_pyvi_on_nfc():
    line = PYVI_LINES[0]
    assert segment(unicodedata.normalize("NFD", line)) == ViTokenizer.tokenize(line).split()


def test_segment_empty():
    assert segment("") == []
    assert segment(" \n\n ") == []


def test_segment_pathological_dots_bounded():
    started = time.monotonic()
    result = segment("a." * 40000)
    assert time.monotonic() - started < 60
    assert result.count("a") == 40000


def test_analyzers_pathological_dots_bounded():
    started = time.monotonic()
    assert len(words("a." * 40000)) == 40000
    assert len(folded("a." * 40000)) == 40000
    assert time.monotonic() - started < 60


def test_segment_one_megabyte_line_bounded():
    line = ("xin chào các bạn hôm nay trời đẹp " * 30000)[:1_000_000]
    assert "\n" not in line
    started = time.monotonic()
    result = segment(line)
    assert time.monotonic() - started < 60
    # every syllable survives the chunking
    assert sum(len(w.split("_")) for w in result) == len(line.split())


def test_segment_one_megabyte_without_spaces_bounded():
    started = time.monotonic()
    result = segment("a" * 1_000_000)
    assert time.monotonic() - started < 60
    assert "".join(result) == "a" * 1_000_000


def test_overlong_tokens_not_indexed():
    long_word = "x" * 200
    assert words(f"hội nghị {long_word}") == ["hội_nghị"]
    assert folded(f"hội nghị {long_word}") == ["hoi", "nghi"]


def test_syllable_pairs_stop_at_a_comma_a_full_stop_and_a_line_break():
    from indexer.analysis import syllable_pairs

    assert syllable_pairs("Tỉnh Sơn La, Lai Châu. TP.HCM\nHà Nội") == [
        "Tỉnh_Sơn", "Sơn_La", "Lai_Châu", "TP_HCM", "Hà_Nội"]
    assert syllable_pairs("4,45ha GD&ĐT Bà Rịa-Vũng Tàu") == [
        "4_45", "45_ha", "ha_GD", "GD_ĐT", "ĐT_Bà", "Bà_Rịa", "Rịa_Vũng", "Vũng_Tàu"]


def test_pair_analyzers_spell_and_fold_each_syllable():
    from indexer.analysis import folded_pair_analyzer, pair_analyzer

    assert [t.text for t in pair_analyzer()("Kĩ thuật Hoà Bình")] == ["kỹ_thuật", "thuật_hòa", "hòa_bình"]
    assert [t.text for t in folded_pair_analyzer()("Kĩ thuật Hoà Bình")] == ["ky_thuat", "thuat_hoa", "hoa_binh"]

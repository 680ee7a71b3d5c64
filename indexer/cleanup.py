"""Turn raw article bytes into clean NFC text: decoding, invisible characters, line ends,
portal boilerplate and captions glued to the sentence before them."""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import NotAnArticle

# Lines of page furniture that portals print around every article.  One list, here.
BOILERPLATE_LINES = frozenset(
    line.casefold()
    for line in (
        "Tìm kiếm theo ngày",
        "Tìm kiếm",
        "Chia sẻ",
        "Bản in",
        "In bài viết",
        "Gửi bài viết",
        "Gửi cho bạn bè",
        "Về đầu trang",
        "Quay lại",
        "Các tin khác",
        "Tin liên quan",
        "Bình luận",
        "Ý kiến bạn đọc",
    )
)

_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"),
    None,
)
# Other C0/C1 control characters become a space (tab included); NUL disappears.
_CONTROLS = {i: " " for i in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)) if i not in (0x0A,)}
_CONTROLS[0] = None
_SPACES = {0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x3000: " ", 0x2028: "\n", 0x2029: "\n"}
_TRANSLATE = {**_CONTROLS, **_SPACES, **_INVISIBLE}
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")
# Control characters that a text file does not hold (every C0 control but \t \n \v \f \r).
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")

_MULTI_SPACE = re.compile(r"[ ]{2,}")
_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
# "toàn tỉnh.Hội nghị" / "trọng tâm…Đồng chí" / "nhân dân...Các đại biểu": a sentence end
# with no space before a capital starts a new paragraph (usually an image caption).
_GLUED = re.compile(
    rf"(?<=[{_LOWER}\d)\"”])(\.{{1,3}}|…|[!?])(?=[{_UPPER}][{_LOWER}])"
)
# ...but not after an abbreviation ("Tp.Hồ Chí Minh", "ThS.Nguyễn") nor inside a URL,
# an e-mail address or a domain name ("www.Sonla.gov.vn").
_ABBREVIATIONS = frozenset(
    "tp th ths ts gs pgs bs ks cn mr mrs ms dr st no vs tt q p tx h kts ls nsnd nsưt".split()
)
_DOMAIN = re.compile(r"\.(?:vn|com|net|org|gov|edu|info)\b", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
_WORD_BEFORE = re.compile(r"(\w+)$")


def decode(data: bytes) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258.

    Raises NotAnArticle for binary data.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise NotAnArticle(f"broken UTF-16 text ({exc.reason})") from None
    sample = data[:65536]
    if sample.count(b"\x00") > max(1, len(sample) // 100):
        raise NotAnArticle("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        # A few bad bytes in a UTF-8 file: keep it UTF-8.  Mostly undecodable: a legacy
        # Windows-1258 file (which decodes to combining marks; NFC composes them later).
        if text.count("\ufffd") > max(3, len(text) // 1000):
            text = data.decode("cp1258", errors="replace")
    if _looks_binary(text):
        raise NotAnArticle("binary file (control characters), not text")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = len(_BINARY_CONTROLS.findall(sample))
    replacement = sample.count("\ufffd")
    return (controls + replacement) > len(sample) * 0.05


def normalize(text: str) -> str:
    """NFC, invisible characters removed, controls turned to spaces, \\n line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _TRANSLATED.search(text):  # (a search is much faster than translate)
        text = text.translate(_TRANSLATE)
    return unicodedata.normalize("NFC", text)


def is_boilerplate(line: str) -> bool:
    return line.strip().rstrip(":.").casefold() in BOILERPLATE_LINES


def _is_address(token: str) -> bool:
    """A URL, an e-mail address or a domain name (checked in linear time)."""
    low = token.lower()
    return "://" in low or "www." in low or "@" in low or bool(_DOMAIN.search(low))


def split_glued(line: str) -> list[str]:
    """Split ``toàn tỉnh.Hội nghị cán bộ`` into ``["toàn tỉnh.", "Hội nghị cán bộ"]``."""
    glued = list(_GLUED.finditer(line))
    if not glued:  # (most lines: no need to look for addresses)
        line = line.strip()
        return [line] if line else []
    protected = [m.span() for m in _TOKEN.finditer(line) if _is_address(m.group(0))] \
        if "." in line or "@" in line else []
    parts = []
    start = 0
    for m in glued:
        at = m.start()
        if any(a <= at < b for a, b in protected):
            continue
        before = _WORD_BEFORE.search(line, max(0, at - 12), at)
        if before and before.group(1).lower() in _ABBREVIATIONS and m.group(1) == ".":
            continue
        parts.append(line[start:m.end()].strip())
        start = m.end()
    parts.append(line[start:].strip())
    return [p for p in parts if p]


def clean_lines(text: str) -> list[str]:
    """Normalised, non-empty lines with boilerplate dropped and glued captions split."""
    lines = []
    for raw in normalize(text).split("\n"):
        line = _MULTI_SPACE.sub(" ", raw).strip()
        if not line or is_boilerplate(line):
            continue
        lines.extend(split_glued(line))
    return lines

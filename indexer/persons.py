"""Rule-based person-name extraction for Vietnamese news articles.

Public API::

    extract_persons(title: str, paragraphs: list[str]) -> list[str]

returns the people an article names, in order of first mention, each once,
as written (NFC), without titles or roles.  No pyvi / CRF pass is used: the
extractor works on capitalised syllable runs plus word lists (surnames,
foreign given names, places) and context cues (titles/roles before a name,
place/organisation words before a name, speech verbs after a name).  See
docs/persons.md for the evaluation and the rules.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

__all__ = ["extract_persons"]

_DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> list[str]:
    out: list[str] = []
    try:
        text = (_DATA / name).read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - data files ship with the package
        return out
    for line in text.splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if line and not line.startswith("#"):
            out.append(line)
    return out


_SURNAMES = frozenset(_load("persons_surnames.txt"))
_FOREIGN_GIVEN = frozenset(w for line in _load("persons_given_foreign.txt") for w in line.split())
_PLACES = frozenset(_load("persons_places.txt"))
# organisations, clubs, companies, brands, media (persons_orgs.txt) and titles of
# works / fictional characters (persons_works.txt): never persons.
_ORGS = frozenset(_load("persons_orgs.txt"))
_WORKS = frozenset(_load("persons_works.txt"))
_NONPERSON = _PLACES | _ORGS | _WORKS
# multi-token entries indexed by first token; " - " inside an entry
# ("Bà Rịa - Vũng Tàu") is a run boundary, so only the part before it is kept.
_PLACE_FIRST: dict = {}
for _p in _PLACES | _ORGS:
    _t = _p.split(" - ")[0].split()
    _PLACE_FIRST.setdefault(_t[0], []).append(_t)
for _v in _PLACE_FIRST.values():
    _v.sort(key=len, reverse=True)
_NP_MULTI = frozenset(tuple(x.split(" - ")[0].split()) for x in _NONPERSON)
_NP_MULTI_MAXLEN = max((len(t) for t in _NP_MULTI), default=1)
_NP_FIRST = frozenset(t[0] for t in _NP_MULTI)
_NP_LAST = frozenset(t[-1] for t in _NP_MULTI)
# organisations / works only: a person's name may contain a place-like pair
# ("Chu Thanh Hải" vs. the province "Thanh Hải") but not a club or a novel
_OW_MULTI = frozenset(tuple(x.split()) for x in _ORGS | _WORKS if " " in x)
_OW_FIRST = frozenset(t[0] for t in _OW_MULTI)
# organisation names that continue in lower case ("Đoàn Thanh niên"): the
# capitalised part -> the full name, checked against the text at the run
_ORG_LOWER_TAIL: dict = {}
for _o in _ORGS:
    _w = _o.split()
    _k = next((i for i, x in enumerate(_w) if not x[:1].isupper()), len(_w))
    if 0 < _k < len(_w):
        _ORG_LOWER_TAIL.setdefault(tuple(_w[:_k]), []).append(_o)

# --- cue phrases (lower-case, space separated) ------------------------------
# Words / phrases that, right before a capitalised run, mark it as a person.
_PERSON_CUE_WORDS = frozenset("""ông bà anh chị em cháu cụ cô chú bác bé thầy ngài bạn nàng chàng
tác giả chuyên gia hlv mc ceo vđv ns nsưt nsnd ts ts. gs gs. pgs pgs.ts ths ths. bs bs. ts.bs ths.bs
ls rapper youtuber tiktoker streamer blogger golfer vợ chồng mẹ bố cha
""".split())
_PERSON_CUE_PHRASES = frozenset("""đồng chí|cô giáo|thầy giáo|cô bé|cậu bé|cô gái|chàng trai|học trò|cô học trò|nữ sinh|nam sinh
|học sinh|sinh viên|tác giả|nhà văn|nhà thơ|nhà báo|nhà nghiên cứu|nhà khoa học|nhà dịch tễ học|nhà phân tích
|nhà sử học|nhà kinh tế học|nhà vật lý|nhà toán học|nhà sáng lập|nhà sản xuất|nhà thiết kế|người sáng lập
|tiến sĩ|thạc sĩ|giáo sư|phó giáo sư|bác sĩ|dược sĩ|y tá|điều dưỡng|luật sư|kiến trúc sư|kỹ sư|chuyên gia
|huấn luyện viên|cầu thủ|tiền vệ|tiền đạo|hậu vệ|trung vệ|thủ môn|thủ thành|danh thủ|tay vợt|võ sĩ
|vận động viên|trọng tài|ngôi sao|siêu sao|huyền thoại|ca sĩ|nhạc sĩ|diễn viên|người mẫu|hoa hậu|á hậu|hoa khôi
|danh hài|nghệ sĩ|đạo diễn|biên kịch|danh ca|người đẹp|mỹ nhân|kiều nữ|hot girl
|chủ tịch|thủ tướng|tổng thống|bộ trưởng|thứ trưởng|ngoại trưởng|bí thư|chủ nhiệm|giám đốc|hiệu trưởng
|trưởng phòng|trưởng ban|trưởng khoa|trưởng đoàn|đại sứ|nghị sĩ|thị trưởng|thống đốc|chánh án|viện trưởng
|đại tá|thượng tá|trung tá|thiếu tá|đại úy|thượng úy|trung úy|thiếu úy|đại tướng|thượng tướng|trung tướng|thiếu tướng
|người phát ngôn|phát ngôn viên|vợ chồng|con gái|con trai|bạn trai|bạn gái|tài khoản|nạn nhân|đối tượng
|bị can|bị cáo|nghi phạm|hung thủ|tài xế|lái xe|hoàng tử|công chúa|nữ hoàng|thái tử|giáo hoàng|hoàng đế
|tỷ phú|doanh nhân|ông chủ|bà chủ|chủ nhà|có tên|tên là|gia đình|nhà vua|thủ lĩnh|thầy trò
|hòa thượng|hoà thượng|thượng tọa|thượng toạ|đại đức|ni sư|sư thầy|sư cô|trụ trì|linh mục|mục sư|giám mục
|tổng giám mục|hồng y|trưởng lão
""".replace("\n", "").split("|"))
_PERSON_CUE_PHRASES = frozenset(p.strip() for p in _PERSON_CUE_PHRASES if p.strip())

# Honorifics that may be capitalised at the start of a sentence and glued to
# the run ("Ông Trần Nam", "Bà Nguyễn Thị Anh").
_HONORIFICS = frozenset("Ông Bà Anh Chị Em Cháu Cụ Cô Chú Bác Bé Thầy Ngài Đồng Nàng Chàng".split())

# Words that, right before a capitalised run, mark it as a place / organisation
# / street / school / work etc. (never a person).
_PLACE_CUE_WORDS = frozenset("""đường phố phường quận xã huyện tỉnh tp tp. thôn xóm bản làng ấp khu tổ
trường thpt thcs th đh cđ đhqg viện cầu cảng ga bến chợ chùa đền đình miếu công ty tập đoàn ngân hàng
bv sông suối núi đèo hồ đảo biển vịnh lăng rạp resort tàu sân svđ clb đội báo tờ hãng hội ban bộ sở cục
đoạn tuyến ngõ hẻm kiệt ngách quỹ thủ đô vùng miền bang nước hiệu nhãn phim sách album mv game
giải dòng kênh đài cửa nhóm ubnd hđnd mttq tw ttxvn vtv đảng quân binh chủng thành trấn
khoa trạm mỏ cty bệnh virus csgt csđt cảnh sát
""".split()) - {"hội", "ban", "bộ", "sở"}
_PLACE_CUE_PHRASES = frozenset("""thành phố|thị xã|thị trấn|khu phố|tiểu học|mầm non|trung học|trung học cơ sở|trung học phổ thông
|đại học|cao đẳng|học viện|sân bay|bến xe|nhà thờ|công ty|tập đoàn|tổng công ty|bệnh viện|trung tâm|giải thưởng
|bãi biển|công viên|quảng trường|tượng đài|nhà hát|khách sạn|tàu ngầm|sân vận động|câu lạc bộ|tạp chí
|hiệp hội|ủy ban|tổng cục|nút giao|ngã tư|ngã ba|ngã năm|ngã sáu|vòng xoay|quốc lộ|tỉnh lộ|đại lộ|dự án|chương trình
|khu vực|tiểu bang|đặc khu|tòa nhà|cao ốc|chung cư|siêu thị|cửa hàng|quán|nhà hàng|thương hiệu|nhãn hàng
|bộ phim|ca khúc|bài hát|cuốn sách|tác phẩm|tiểu thuyết|chương trình|cửa khẩu|trạm dừng chân|lòng hồ|thủy điện
|di tích|bảo tàng|thư viện|nhà xuất bản|hãng tin|hãng thông tấn|kênh|đài truyền hình|mạng xã hội|sân golf
|làng nghề|cụm công nghiệp|khu công nghiệp|khu đô thị|khu du lịch|phòng khám|nhà sách|ký túc xá
|công an|cảnh sát|hội chứng|biến chủng|nhà máy|xí nghiệp|hợp tác xã|doanh nghiệp|hãng luật|người dân|hãng xe
|ngân hàng|hệ thống|đại diện|thủ phủ|nước láng giềng
|thpt chuyên|thcs chuyên|trường chuyên|cấp 3|cấp 2|cấp ba|cấp hai|tuyến phố|tuyến đường
""".replace("\n", "").split("|"))
_PLACE_CUE_PHRASES = frozenset(p.strip() for p in _PLACE_CUE_PHRASES if p.strip())

# Capitalised words that are common function / sentence-initial words and
# never start a name.
_COMMON = frozenset("""theo tại với khi sau trước ngày đến từ cùng còn nhưng và do ngoài trong về hiện chiều sáng tối
trưa đêm mới các những một người nếu dù tuy bên phía cả chỉ đó đây nhờ hôm tháng năm lúc vì bởi như nay ở để được
bị có là đã sẽ đang vẫn cũng thì mà nên rồi hay hoặc chúng tôi họ cậu nó ai gì lần vào ra lên xuống qua trên dưới
giữa gần xa riêng chính thậm ngay đặc nhiều mỗi toàn tất hầu tiếp cuối đầu bắt dự tham phát chia trao trả nói cho
gặp dẫn liên đối vừa hơn kể thay nhìn nhận biết xem đi ngồi giới chuyên cựu tân nữ nam thưa kính gửi ảnh clip video
nguồn bài tin cách cần muốn bạn mình hãy đừng chưa không ngoài song tuy nhiên thêm vậy này kia ấy đâu sao thế
""".split())

# Capitalised Vietnamese words that start institutional / common compounds
# (Bộ Ngoại giao, Trung tâm, Hội nghị, Phó Chủ tịch ...) and never a name.
_ORG_START = frozenset("""Ủy Uỷ Đảng Trường Hệ Truyền Giáo Bệnh Trung Ngoại Hội Công Tỉnh Đội Bộ Quốc Đại Phó Khối Ban Sở Phòng Cục Viện Khoa Tổng Chính Nhà Huyện Xã Phường Quận Thành Học Tòa Cảnh Sân Cầu Chợ Vụ Hãng Tập Ngân Báo Đài Tạp Liên Hiệp Mặt Thường Nghị Luật Lực Quân Chi Cơ Hạ Thượng Kế Tiểu Ký Thủ Thư Ga Khu Giải Đường Phố Kênh Lữ Sư Trạm Điện Cửa Thạc Giám Chủ Bí Trưởng Cựu Miền Vùng Làng Bản Thôn Xóm Ấp Đồi Vịnh Đảo Đèo Suối Tổ Trại Kho Cảng Viettel Dược Xây Nội Khám Môi Thể Thao Phát""".split())

# Title-case English words that show a capitalised run is not a person.
_NON_NAME_WORDS = frozenset("""Times Post League Cup City Road Bridge Inc Co Ltd LTD Corp Group Platform Data Standards
Technology Technologies Magazine Herald Alert Expeditions Expedition Tours Treks Store Credit Finance Asia University
Institute Center Centre Bank Airlines Airways News Daily Press Journal Quarterly Review Science Street Avenue
Stadium Arena Hotel Resort Club United Utd FC Foundation Fund Association Council Committee Party Ministry Agency
Company Mobile Broadband Network Networks Media Studio Studios Pictures Records Entertainment Music Awards Award
Festival Show Open Championship Championships Tour Series Games Olympic Olympics World Global International National
State Republic Kingdom Union Federation Sea Ocean River Mountain Island Islands Bay Lake Valley Coast Express Air
Cloud Smart Pro Max Plus Mini Ultra Lite Edition Model Program Project System Systems Software Services Service
Capital Holdings Partners Securities Energy Motors Motor Airport Port Station Square Tower Hall Church Temple Palace
Castle Museum Gallery Library School College Academy Hospital Clinic Lab Labs Research Studies Social Listening
Mining Lake Warehouse Cube Tool Wireless Ribbon Singles Slam Super European Champions English Premier Grand Prix
Street Times Hopkins Nasdaq Exchange Market Markets Index Health Care Insurance Life Food Foods Coffee Tea Beer
Magazine Quarterly Communication Mass Journalism Next Generation Core Common Reaches Out Social Studies Whitehall
Town Expeditions Treks Tours League V-League Hopkins
""".split())

_WORD_RE = re.compile(r"[^\W\d_](?:[\w'’]|-(?=\w))*", re.UNICODE)
_SENT_END_RE = re.compile(r"[.!?…]+[\"”’)]*\s*$|[;:]\s*$")
_CREDIT_RE = re.compile(r"\((?:\s*(?:Ảnh|Video|Clip|Nguồn|Đồ họa|Infographic)\s*:[^)]*)\)", re.IGNORECASE)
_BOILER_RE = re.compile(r"Tìm kiếm theo ngày\s*$")
_CREDIT_TAIL_RE = re.compile(
    r"(?:Ảnh|Video|Clip|Nguồn|Đồ họa|Infographic)[ \t]*:[ \t]*"
    r"[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,3}[ \t]*\.?[ \t]*$", re.MULTILINE)


def _drop_credit_tail(m: re.Match) -> str:
    """Remove an unbracketed photo credit ending a paragraph ("... sự kiện.
    Ảnh: Nguyễn Nguyễn.") when it starts the paragraph or follows a sentence end."""
    before = m.string[max(0, m.start() - 3):m.start()].rstrip(" \t")
    return "" if not before or before[-1] in ".!?…\n" else m.group()
_GLUED_THEO_RE = re.compile(r"(?<=[a-zà-ỹđ])(?=Theo\s)")
_ANON_AFTER_RE = re.compile(r"^\.\s?[A-ZĐ](?!\w)")
_PREV_TOKEN_RE = re.compile(r"([\w&.]+)\s$")
_LIST_GAP_RE = re.compile(r"\s*[,;]\s*|\s+-\s+|\s*\)\s*[,;]\s*|\s+và\s+")
_CAPS_PERSON_CUES = frozenset(("HLV", "MC", "CEO", "TS", "GS", "PGS", "BS", "THS", "NS", "NSƯT", "NSND", "VĐV",
                               "BSCKII", "BSCKI", "PGS.TS", "GS.TS", "TS.BS", "THS.BS", "LS", "KTS"))
_FORMATION_RE = re.compile(r"\(\s*\d(?:\s*-\s*\d){2,4}\s*\)")
# team sheets without a formation: "Liverpool: Alisson, Alexander-Arnold, ...",
# "Dự bị: Milner, Keita, ...", "CLB Hà Nội: Tấn Trường, Văn Kiên, ..."
_LINEUP_LABEL_RE = re.compile(r"^\s*([^:]{2,40}?)\s*:\s*(?=\S)")
_LINEUP_LABEL_START_RE = re.compile(r"^(?:Dự bị|Đội hình(?: ra sân)?|CLB|ĐT|Đội tuyển|U\d{2}|HAGL|SLNA)\b")


def _lineup_label(p: str):
    """Match object ending after "Team:" if *p* is a team sheet line: a club
    (persons_orgs.txt) / "Dự bị" / "CLB ..." label followed by >= 6
    comma-separated capitalised items of at most three words."""
    if ":" not in p[:44]:
        return None
    m = _LINEUP_LABEL_RE.match(p)
    if not m:
        return None
    label = m.group(1)
    if not (label in _ORGS or _LINEUP_LABEL_START_RE.match(label)):
        return None
    items = [x.strip(" .") for x in re.split(r"[,;]", re.sub(r"\([^)]*\)", "", p[m.end():]))]
    items = [x for x in items if x]
    if len(items) < 6:
        return None
    if not all(1 <= len(x.split()) <= 3 and all(_is_cap(w) or w.isdigit() for w in x.split()) for x in items):
        return None
    return m
_VN_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ch|ng|nh|[cmnpt])?$"
)
_VN_MARKS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


_ETHNIC_RE = re.compile(r"^[HY]['’][A-ZĐ]")


def _camel(tok: str) -> bool:
    """Brand-like internal capitals (VPBank, iPhone, YouTube); Mc/Mac/O' ok."""
    body = tok[1:]
    if body == body.lower() or "'" in tok or "’" in tok or "-" in tok:
        return False
    return not re.match(r"^(?:Mc|Mac|De|Di|Da|La|Le|Van|Von)[A-Z]", tok)


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _is_allcaps(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _strip_marks(s: str) -> str:
    d = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c))


def vietnamese_shaped(tok: str) -> bool:
    """True if *tok* looks like a Vietnamese syllable."""
    if _VN_MARKS.search(tok.lower()):
        return True
    return bool(_VN_SYLLABLE_RE.match(_strip_marks(tok)))


def _foreign_shaped(tok: str) -> bool:
    low = tok.lower()
    if "-" in low or "'" in low or "’" in low:
        return True
    return not vietnamese_shaped(tok)


class _Tok:
    __slots__ = ("text", "start", "end", "sent_start", "gap_before", "para", "gidx")

    def __init__(self, text, start, end, gap_before, para):
        self.text = text
        self.start = start
        self.end = end
        self.gap_before = gap_before
        self.sent_start = False
        self.para = para
        self.gidx = 0


def _clean_paragraphs(title: str, paragraphs: list[str]) -> list[str]:
    raw = [(title or "").replace("\n", " ")] + [(x or "").replace("\n", " ") for x in (paragraphs or [])]
    text = unicodedata.normalize("NFC", "\n".join(raw))
    text = _CREDIT_RE.sub(" ", text.replace("Tìm kiếm theo ngày", ""))
    if "Ảnh" in text or ":" in text:
        text = _CREDIT_TAIL_RE.sub(_drop_credit_tail, text)
    paras = [x.strip() for x in text.split("\n")]
    # drop trailing bylines / source lines (only body lines, never the title)
    body = paras[1:]
    removed = 0
    while body and removed < 3:
        last = body[-1]
        if not last:
            body.pop()
            continue
        if _is_byline(last):
            body.pop()
            removed += 1
            continue
        break
    return [paras[0]] + [x for x in body if x]


_BYLINE_TOKEN_RE = re.compile(r"^[^\W\d_][\w'’.-]*$")


def _is_byline(line: str) -> bool:
    line = _GLUED_THEO_RE.sub(" ", line).strip()
    line = re.sub(r"\(?\s*(?:Theo\b|Tham khảo\s*:|Nguồn\s*:)[^)]*\)?\s*$", "", line).strip()  # "(Theo Reuters)" / "Theo Ifeng" / "Tham khảo: CNET"
    if not line:
        return True
    if line.upper() in {"PV", "NHÓM PV", "PV DÂN TRÍ", "NHÓM PHÓNG VIÊN", "CTV"}:
        return True
    if len(line) > 60 or re.search(r"[.!?:;\"“”]$", line):
        return False
    parts = [x for x in re.split(r"\s*(?:-|–|,|/|&|\bvà\b)\s*", line) if x]
    for part in parts:
        toks = part.split()
        if not 1 <= len(toks) <= 4:
            return False
        if not all(_BYLINE_TOKEN_RE.match(t) and t[0].isupper() for t in toks):
            return False
    return True


_UPPER = "".join(chr(c) for c in range(0x41, 0x1F00) if chr(c).isupper() and chr(c).isalpha())
_LOWER = "".join(chr(c) for c in range(0x61, 0x1F00) if chr(c).islower() and chr(c).isalpha())
_CAPWORD = r"[%s][\w'’]*(?:-\w+)*" % _UPPER
_RUN_RE = re.compile(r"(?<![\w'’-])%s(?: {1,2}%s)*" % (_CAPWORD, _CAPWORD))
_GLUE_RE = re.compile(r"[%s][%s]" % (_LOWER, _UPPER))
_WORD_START_RE = re.compile(r"\w+$")
_WORD_END_RE = re.compile(r"^\w+")
_PREV_RE = re.compile(r"((?:[\w.'’-]+ ?:? )*)$")
_NO_BREAK_ABBR = ("tp", "ts", "gs", "pgs", "ths", "bs", "p", "q")


def _glue_cut(w: str) -> int:
    """Position where a glued word should be split ("côHoàng", "LinhTheo",
    "TrườngĐH"); 0 if it should stay whole ("McDonald", "iPhone", "YouTube")."""
    for k in range(1, len(w)):
        if w[k - 1].islower() and w[k].isupper():
            left, right = w[:k], w[k:]
            if (left.islower() and len(left) >= 2) or right.startswith("Theo") or right.isupper():
                return k
            return 0
    return 0


def _unglue(text: str) -> str:
    """Insert a space in glued words ("côHoàng" -> "cô Hoàng")."""
    cuts = []
    for m in _GLUE_RE.finditer(text):
        i = m.start() + 1
        a = _WORD_START_RE.search(text, 0, i)
        b = _WORD_END_RE.match(text[i:i + 40])
        if not a or not b:
            continue
        w = text[a.start():i] + b.group()
        k = _glue_cut(w)
        if k and a.start() + k == i:
            cuts.append(i)
    if not cuts:
        return text
    parts, prev = [], 0
    for i in cuts:
        parts.append(text[prev:i])
        prev = i
    parts.append(text[prev:])
    return " ".join(parts)


_ABBR_END_RE = re.compile(r"(\w+)\.$")
_DIGIT_RE = re.compile(r"\d")


def _is_sent_start(p: str, start: int) -> bool:
    before = p[max(0, start - 12):start].rstrip()
    if not before:
        return True
    c = before[-1]
    if c in "!?…:\"“”(-–•*+":
        return True
    if c == ".":
        m = _ABBR_END_RE.search(before)
        if m and (len(m.group(1)) == 1 or m.group(1).lower() in _NO_BREAK_ABBR):
            return False
        return True
    return False


def _runs_in(paras: list[str]) -> list:
    """Capitalised runs as lists of _Tok, split at ALL-CAPS tokens."""
    out = []
    for pi, p in enumerate(paras):
        base = pi * 1_000_000
        for m in _RUN_RE.finditer(p):
            g = m.group()
            if " " not in g and (g.lower() in _COMMON or g in _ORG_START):
                continue
            cur = []
            st = m.start()
            for w in m.group().split(" "):
                if not w:
                    st += 1
                    continue
                if (len(w) > 1 and w[1:].isupper()) or (not w.isalpha() and _DIGIT_RE.search(w)):
                    if cur:
                        out.append(cur)
                    cur = []
                else:
                    t = _Tok(w, st, st + len(w), "", pi)
                    t.gidx = base + st
                    t.sent_start = False if cur else _is_sent_start(p, st)
                    cur.append(t)
                st += len(w) + 1
            if cur:
                out.append(cur)
    return out


_CLAUSE_SPLIT = re.compile(r"[,;!?()\[\]\"“”…]|\.(?=\s)|\s[-–]\s")


def _prev_words(p: str, start: int, n: int = 5) -> list[str]:
    """Lower-cased words right before *start* (same clause), nearest last."""
    seg = p[max(0, start - 60):start]
    if not seg or seg[-1] not in " :":
        return []
    seg = _CLAUSE_SPLIT.split(seg)[-1].replace(":", " ")
    words = seg.split()
    if start > 60 and len(words) > n:
        words = words[1:]
    return [w.lower() for w in words[-n:]]


_CUE_LAST = None


def _cue_last_words() -> frozenset:
    global _CUE_LAST
    if _CUE_LAST is None:
        last = set()
        for ph in _PLACE_CUE_PHRASES | _PERSON_CUE_PHRASES:
            last.add(ph.split()[-1].rstrip("."))
        last |= {w.rstrip(".") for w in _PLACE_CUE_WORDS | _PERSON_CUE_WORDS}
        _CUE_LAST = frozenset(last)
    return _CUE_LAST


_TITLE_ABBR_RE = re.compile(r"(?:pgs|gs|ts|ths|bs|bsck\w*|ts\.bs|pgs\.ts|gs\.ts|ths\.bs)\.?")


def _cue_kind(words: list[str]):
    """Classify the nearest cue in *words* (tokens right before a name)."""
    if not words:
        return None
    w1 = words[-1]
    w1n = w1.rstrip(".")
    if w1n not in _cue_last_words() and "." not in w1:
        return None
    for k in (4, 3, 2, 1):
        if len(words) >= k:
            phrase = " ".join(words[-k:]).replace(". ", ".") if k > 1 else w1
            phrase_nodot = phrase.rstrip(".")
            if phrase in _PLACE_CUE_PHRASES or (k == 1 and phrase_nodot in _PLACE_CUE_WORDS):
                return "place"
            if phrase in _PERSON_CUE_PHRASES or (k == 1 and (phrase in _PERSON_CUE_WORDS or phrase_nodot in _PERSON_CUE_WORDS)):
                return "person"
            if k == 1 and _TITLE_ABBR_RE.fullmatch(phrase):
                return "person"
    return None


# Cues that can introduce a bare (single-syllable) Vietnamese given name:
# honorifics / kinship terms and personal titles ("anh Hải", "BS Minh", "cô
# giáo Tâm").  Role nouns ("Bộ trưởng Tài chính", "sinh viên Kỹ thuật", "hoa
# hậu Hoàn vũ", "tỷ phú Việt") are followed by field / organisation words far
# more often than by a bare given name, so after them a single Vietnamese
# syllable is not taken as a person.
_STRONG_SINGLE_CUES = frozenset("""ông bà anh chị em cháu cụ cô chú bác bé thầy ngài bạn nàng chàng cậu
hlv mc ceo vđv ns nsưt nsnd ts gs pgs ths bs ls kts vợ chồng mẹ bố cha""".split()) | frozenset(
    """đồng chí|cô giáo|thầy giáo|cô bé|cậu bé|cô gái|chàng trai|nữ sinh|nam sinh|bác sĩ|tiến sĩ|thạc sĩ
|giáo sư|phó giáo sư|luật sư|kỹ sư|con gái|con trai|bạn trai|bạn gái|nạn nhân|bị can|bị cáo|nghi phạm
|tài xế|huấn luyện viên|thủ môn|tiền đạo|tiền vệ|hậu vệ|trung vệ|cầu thủ""".replace("\n", "").split("|"))


def _strong_cue(words: list[str]) -> bool:
    if not words:
        return False
    w1 = words[-1].rstrip(".")
    if w1 in _STRONG_SINGLE_CUES or _TITLE_ABBR_RE.fullmatch(words[-1]) or w1.upper() in _CAPS_PERSON_CUES:
        return True
    return any(" ".join(words[-k:]) in _STRONG_SINGLE_CUES for k in (2, 3) if len(words) >= k)


_FOLLOW_PERSON_RE = re.compile(
    r"^\s*(?:,\s*(?:người|một|nhà|cựu|đồng|tác giả|chuyên gia|giám đốc|chủ tịch|trưởng|phó|tổng|cố vấn|ca sĩ|diễn viên|sinh năm|\d+\s*tuổi)"
    r"|\(\s*(?:sinh năm|\d+\s*tuổi|SN)"
    r"|(?:cho biết|cho hay|cho rằng|nói|chia sẻ|khẳng định|nhấn mạnh|tiết lộ|tuyên bố|bình luận|phát biểu|giải thích|thừa nhận|nhận định|nhận xét|bày tỏ|cảnh báo|kêu gọi|ghi bàn|lập công|giãi bày|vô tư)\b"
    r"|\s+-\s+(?:người|Chủ|Phó|Giám|Tổng|Trưởng|Bí|Thứ|Bộ|Cố|CEO|nhà|chuyên|huyền))"
)


class _Run:
    __slots__ = ("toks", "first_idx", "last_idx", "kind", "strong", "names", "pos", "cued", "place_cued", "quoted",
                 "list_prev", "anonym", "orig", "ws", "nm", "np_start", "weak_cue")

    def __init__(self, toks):
        self.toks = toks
        self.first_idx = toks[0].gidx
        self.last_idx = toks[-1].gidx
        self.kind = None  # 'person' | 'nonperson' | None (undecided / alias-only)
        self.strong = False
        self.cued = False
        self.place_cued = False
        self.quoted = False
        self.list_prev = None
        self.anonym = False
        self.pos = toks[0].gidx
        self.orig = toks[0]
        self.np_start = False
        self.weak_cue = False

    @property
    def words(self):
        return self.ws

    @property
    def name(self):
        return self.nm


def _np_prefix_len(words: list[str]) -> int:
    """Length of the longest known place / organisation / work that *words*
    starts with (0 if none)."""
    if not words or words[0] not in _NP_FIRST:
        return 0
    for k in range(min(len(words), _NP_MULTI_MAXLEN), 0, -1):
        if tuple(words[:k]) in _NP_MULTI:
            return k
    return 0


def _strip_run(run: _Run, toks: list[_Tok]) -> None:
    """Strip leading common words, honorifics and place names from a run."""
    ws = run.toks
    run.np_start = False
    # leading common words ("Theo", "Tại", ...), capitalised honorifics
    while len(ws) > 1:
        w0 = ws[0].text
        if w0.lower() in _COMMON and w0 not in _SURNAMES and (
                w0 not in _NP_FIRST or _np_prefix_len([t.text for t in ws]) < 2):
            ws = ws[1:]
            continue
        if w0 in _HONORIFICS:
            # a capitalised honorific is a title only at the start of a
            # sentence (or right before a full Vietnamese name); never when
            # the run is a known name starting with it ("Bà Rịa", "Cô Tô",
            # "Bà Nà", "Bác Hồ" mid-sentence).
            if w0 in _NP_FIRST and _np_prefix_len([t.text for t in ws]) >= 2:
                run.np_start = True
                break
            if not ws[0].sent_start and not (ws[1].text in _SURNAMES and len(ws) >= 3):
                break
            if w0 == "Anh" and not ws[0].sent_start and ws[1].text not in _SURNAMES:
                break
            ws = ws[1:]
            continue
        break
    # leading place names ("Nga Vladimir Putin", "Indonesia Retno Marsudi")
    changed = True
    while changed and len(ws) > 1:
        changed = False
        for cand in _PLACE_FIRST.get(ws[0].text, []):
            n = len(cand)
            if len(ws) > n and [t.text for t in ws[:n]] == cand:
                rest = ws[n:]
                if _name_like_rest(rest):
                    ws = rest
                    changed = True
                break
    # a place / organisation inside the run followed by a full name
    # ("Học viện Múa Việt Nam Trần Văn Hải", "Đại sứ ... Nam Phi Hoàng Văn Lợi")
    if len(ws) >= 3:
        texts = [t.text for t in ws]
        for i in range(len(ws) - 2, 0, -1):
            if texts[i] not in _SURNAMES or texts[i - 1] not in _NP_LAST:
                continue
            k = 0
            for j in range(max(0, i - _NP_MULTI_MAXLEN), i):
                if tuple(texts[j:i]) in _NP_MULTI and (i - j >= 2 or texts[j] in _PLACES) \
                        and (j == 0 or texts[0] not in _SURNAMES):
                    k = i - j
                    break
            if k and all(vietnamese_shaped(t) for t in texts[i:]):
                ws = ws[i:]
                break
    while len(ws) > 1 and ws[-1].text in _PLACES and _foreign_shaped(ws[-2].text):
        ws = ws[:-1]
    run.toks = ws
    run.ws = [t.text for t in ws]
    run.nm = " ".join(run.ws)
    run.first_idx = ws[0].gidx
    run.pos = ws[0].gidx


def _name_like_rest(rest: list) -> bool:
    """Is *rest* (the tokens after a leading place/organisation) name-like?"""
    if (rest[0].text in _SURNAMES and len(rest) >= 2) or rest[0].text in _FOREIGN_GIVEN:
        return True
    if any(_foreign_shaped(t.text) for t in rest):
        return True
    # three-syllable Sino-Vietnamese renderings of foreign names ("Tập Cận Bình")
    return len(rest) == 3 and all(vietnamese_shaped(t.text) for t in rest) and _np_prefix_len([t.text for t in rest]) == 0


def _contains_nonperson(words: list[str]) -> bool:
    """True if *words* contain a multi-token organisation / work
    ("Hoàng Anh Gia Lai", "Tây Du Ký") or start with an organisation."""
    n = len(words)
    for i in range(n - 1):
        if words[i] not in _OW_FIRST:
            continue
        for k in range(min(_NP_MULTI_MAXLEN, n - i), 1, -1):
            if tuple(words[i:i + k]) in _OW_MULTI:
                return True
    return words[0] in _ORGS or words[0] in _WORKS


def _is_initial(tok: _Tok, nxt_gap: str) -> bool:
    w = tok.text
    if len(w) == 1 and w.isupper():
        return True
    if nxt_gap[:1] == "." and len(w) <= 3 and not re.search(r"[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", w.lower()):
        return True
    return False


def extract_persons(title: str, paragraphs: list[str]) -> list[str]:
    """Return the persons named in an article, in order of first mention.

    *title* is the headline, *paragraphs* the body lines (lead first).  Names
    are returned as written (NFC), without titles/roles, each person once
    (shorter later mentions such as ``ông Đông`` are merged into the fuller
    ``Nguyễn Hữu Đông``).
    """
    paras = _clean_paragraphs(title, paragraphs)
    paras = _unglue(_GLUED_THEO_RE.sub(" ", "\n".join(paras))).split("\n")
    runs = [_Run(ts) for ts in _runs_in(paras)
            if len(ts) > 1 or (ts[0].text.lower() not in _COMMON and ts[0].text not in _ORG_START
                               and len(ts[0].text) > 1 or ts[0].text in ("A", "Y"))]
    if not runs:
        return []

    # ---- line-ups: "Leeds (4-1-4-1) Meslier, Ayling, ..." --------------------
    lineup_names: list[tuple[int, str]] = []
    for pi, p in enumerate(paras):
        m = _FORMATION_RE.search(p) or _lineup_label(p)
        if not m:
            continue
        rest = p[m.end():]
        for item in re.split(r"[,;()]", rest):
            item = re.sub(r"\d+'?|’", " ", item).strip(" .;:-")
            item = re.sub(r"\s+", " ", item)
            if item and all(_is_cap(w) for w in item.split()) and len(item.split()) <= 3:
                lineup_names.append((pi, item))

    for r in runs:
        _strip_run(r, None)

    prev_run = None
    for r in runs:
        first = r.toks[0]
        last = r.toks[-1]
        p = paras[first.para]
        pw = _prev_words(p, first.start)
        kind = _cue_kind(pw)
        if kind is None and first is not r.orig and r.orig.start < first.start:
            # a leading place / organisation was stripped: the cue stands
            # before it ("Chủ tịch Trung Quốc Tập Cận Bình")
            pw = _prev_words(p, r.orig.start)
            kind = _cue_kind(pw)
            if kind == "place":
                kind = None
        # an ALL-CAPS token right before (THPT, UBND, ĐH, TP) marks a place/org
        if kind is None and p[first.start - 1:first.start] == " ":
            mprev = _PREV_TOKEN_RE.search(p[max(0, first.start - 20):first.start])
            if mprev:
                pv = mprev.group(1).rstrip(".")
                if _is_allcaps(pv) and pv.upper() not in _CAPS_PERSON_CUES:
                    kind = "place"
        r.cued = kind == "person"
        r.place_cued = kind == "place"
        if r.cued and not _strong_cue(pw):
            r.weak_cue = True
        if len(r.toks) > 1 or r.cued:
            after = p[last.end:last.end + 80]
            # anonymised names: "Vũ Thế L.", "Bùi H. M", "P.T.H.", "Yến Nh."
            if _is_initial(last, after) or all(len(t.text) == 1 for t in r.toks):
                if not (len(r.toks) >= 3 and not after.startswith(".") and len(last.text) > 1):
                    r.anonym = True
            if after[:1] == "." and _ANON_AFTER_RE.match(after):
                r.anonym = True
            # quoted titles of works: "Trương Ca Hành"
            before = p[max(0, r.orig.start - 2):r.orig.start]
            if before and before.rstrip()[-1:] in ("\"", "“") and after.lstrip()[:1] in ("\"", "”"):
                r.quoted = True
        # list structure: previous run separated only by ", " / "; " / " và " / " - "
        if prev_run is not None and prev_run.toks[-1].para == first.para and not first.sent_start:
            g = p[prev_run.toks[-1].end:r.orig.start]
            if _LIST_GAP_RE.fullmatch(g):
                r.list_prev = prev_run
        prev_run = r

    # ---- classify runs -------------------------------------------------------
    persons: list[list] = []  # [pos, name_tokens]

    def add_person(pos, words):
        persons.append([pos, list(words)])

    for r in runs:
        words = r.words
        n = len(words)
        name = r.name
        if n == 1 and r.cued and r.weak_cue and vietnamese_shaped(words[0]) and "-" not in words[0]:
            # "Bộ trưởng Tài chính", "hoa hậu Hoàn vũ": a role noun + one
            # Vietnamese syllable is not a name on its own (it can still be an
            # alias of a full name given elsewhere in the article)
            r.cued = False
        if n == 1 and not r.cued:
            r.kind = "nonperson" if r.place_cued or name in _NONPERSON else None
            continue
        if r.anonym or r.place_cued or r.quoted:
            r.kind = "nonperson"
            continue
        if name in _NONPERSON or r.np_start or (n == 1 and words[0].lower() in _COMMON):
            r.kind = "nonperson"
            continue
        if tuple(words) in _ORG_LOWER_TAIL and any(
                paras[r.toks[0].para].startswith(o, r.toks[0].start) for o in _ORG_LOWER_TAIL[tuple(words)]):
            r.kind = "nonperson"
            continue
        if n >= 2 and _contains_nonperson(words):
            r.kind = "nonperson"
            continue
        if n >= 2 and words[0] == words[1] and words[0] in _SURNAMES:
            # "Nguyễn Nguyễn": a doubled surname is a credit/byline artefact
            r.kind = "nonperson"
            continue
        if words[0] in _ORG_START and not (n >= 2 and words[0] in _SURNAMES) \
                and not (r.cued and n >= 2 and r.toks[0] is not r.orig and all(vietnamese_shaped(w) for w in words)):
            r.kind = "nonperson"
            continue
        if any(w in _NON_NAME_WORDS or _camel(w) for w in words):
            r.kind = "nonperson"
            continue
        vn = all(vietnamese_shaped(w) for w in words[:2])
        if n >= 2 and words[0] in _SURNAMES and vn:
            r.kind = "person"
            r.strong = True
        elif r.cued:
            if n == 1 and words[0] in _SURNAMES and words[0] not in ("Mai", "Kim"):
                r.kind = None
            else:
                r.kind = "person"
                r.strong = n >= 2
        elif n >= 2 and (words[0] in _FOREIGN_GIVEN or any(_foreign_shaped(w) for w in words)):
            last = r.toks[-1]
            after = paras[last.para][last.end:last.end + 80]
            if words[0] in _FOREIGN_GIVEN or _FOLLOW_PERSON_RE.match(after) or _ETHNIC_RE.match(words[0]):
                r.kind = "person"
                r.strong = True
        elif n >= 2:
            last = r.toks[-1]
            after = paras[last.para][last.end:last.end + 80]
            if _FOLLOW_PERSON_RE.match(after) and not r.toks[0].sent_start:
                r.kind = "person"

    # list propagation: members of a "A, B, C và D" list share the class of
    # their strongly classified neighbours.
    ordered = sorted(runs, key=lambda x: x.first_idx)
    groups: list[list[_Run]] = []
    for r in ordered:
        if r.list_prev is not None and groups and groups[-1][-1] is r.list_prev:
            groups[-1].append(r)
        else:
            groups.append([r])
    for g in groups:
        if len(g) < 2:
            continue
        has_place = any(x.place_cued or x.name in _NONPERSON for x in g)
        has_person = any(x.kind == "person" and (x.strong or x.cued) for x in g)
        # a surname-initial member ("tuyến đường Trần Duy Hưng và Nguyễn Chí
        # Thanh") does not outweigh a place-cued neighbour; only a cued one does
        if has_place and not any(x.kind == "person" and x.cued for x in g):
            for x in g:
                if x.kind == "person" and not x.cued:
                    x.kind = "nonperson"
        elif has_person and not has_place:
            for x in g:
                if x.kind is None and len(x.words) >= 2 and all(vietnamese_shaped(w) for w in x.words) \
                        and x.name not in _PLACES and not x.anonym and not x.quoted:
                    x.kind = "person"

    # lineup names
    lineup_set = set()
    for pi, nm in lineup_names:
        lineup_set.add(nm)

    # ---- collect full names, then resolve aliases ------------------------------
    full: list[list] = []  # [pos, words]
    for r in ordered:
        if r.kind == "person":
            full.append([r.pos, r.words])
    for nm in lineup_set:
        # position: first run mentioning it
        pos = None
        for r in ordered:
            if r.name == nm or (len(nm.split()) == 1 and nm in r.words and r.kind != "nonperson"):
                pos = r.pos
                break
        if pos is None:
            pos = 10**12
        full.append([pos, nm.split()])

    # "Callum Wilson" where the article also names the player "Wilson" (a
    # line-up entry or a cued single name): the longer uncued foreign run is
    # the full form of that person
    singles = {nm for nm in lineup_set if " " not in nm}
    singles |= {r.words[0] for r in ordered if r.kind == "person" and len(r.words) == 1}
    for r in ordered:
        ws = r.words
        if r.kind is None and 2 <= len(ws) <= 3 and ws[-1] in singles and not (r.anonym or r.quoted or r.place_cued) \
                and r.name not in _NONPERSON and not _contains_nonperson(ws) \
                and all(w in _FOREIGN_GIVEN or _foreign_shaped(w) for w in ws[:-1]):
            r.kind = "person"
            full.append([r.pos, ws])

    # cued single tokens that are surnames etc. (kind None but cued) -> candidates
    for r in ordered:
        if r.kind is None and r.cued:
            full.append([r.pos, r.words])

    # merge: a name that is a contiguous part of a longer name -> alias
    def contains(big, small):
        n, m = len(big), len(small)
        if m >= n:
            return False
        return any(big[i:i + m] == small for i in range(n - m + 1))

    def similar(a, b):
        if len(a) != len(b):
            return False
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        if len(diff) != 1:
            return len(diff) == 0 or all(x.lower() == y.lower() for x, y in diff)
        x, y = diff[0]
        if x.lower() == y.lower():
            return True
        if len(x) >= 4 and len(y) >= 4 and x[0] == y[0] and _edit1(x.lower(), y.lower()):
            return True
        return False

    entries: list[list] = []  # [pos, words]
    # longest names first so that shorter ones can be merged into them
    for pos, words in sorted(full, key=lambda e: (-len(e[1]), e[0])):
        merged = False
        for e in entries:
            if e[1] == words or contains(e[1], words) or similar(e[1], words):
                e[0] = min(e[0], pos)
                merged = True
                break
        if not merged:
            entries.append([pos, words])

    # order by first mention; mentions of any alias (any run equal to a
    # contiguous part of the name, even uncued) count
    first_any: dict = {}
    first_strong: dict = {}
    for r in ordered:
        if r.kind == "nonperson" and r.place_cued:
            continue
        key = tuple(r.ws)
        if key not in first_any:
            first_any[key] = r.pos
        if (len(key) >= 2 or r.cued) and key not in first_strong:
            first_strong[key] = r.pos
    for e in entries:
        ws = e[1]
        best = first_any.get(tuple(ws), e[0])
        L = len(ws)
        for i in range(L):
            for j in range(i + 1, L + 1):
                if j - i == L:
                    continue
                q = first_strong.get(tuple(ws[i:j]))
                if q is not None and q < best:
                    best = q
        e[0] = min(e[0], best)
    entries.sort(key=lambda e: e[0])
    out, seen = [], set()
    for _, words in entries:
        nm = " ".join(words)
        if nm not in seen:
            seen.add(nm)
            out.append(nm)
    return out


def _edit1(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = 0
    diff = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        diff += 1
        if diff > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return diff + (len(b) - j) + (len(a) - i) <= 1

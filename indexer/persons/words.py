"""The word lists the person extractor reads: surnames, foreign given names, places,
organisations and works (``indexer/data/persons_*.txt``), and the cue words that stand
before a name (``ông``, ``Thủ tướng``) or before a place (``đường``, ``quận``)."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from ..errors import DataFileError

# indexer/data, found from the package (not from this module's ``__file__``, which a
# module compiled by mypyc (``native``) does not give as its source's)
DATA_DIR = Path(str(files("indexer"))) / "data"


def read_rows(path: Path, parse) -> list:
    r"""``parse(fields)`` of each line of a tab-separated data file (blank lines and ``#``
    comments skipped; no file: no rows).  A line ``parse`` cannot read raises
    ``DataFileError`` naming the file and the line, not a bare ``ValueError`` at the first
    article.

    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "counts.txt"
    >>> _ = f.write_text("# name, articles\nPogba\t140\n", encoding="utf-8")
    >>> read_rows(f, lambda fields: (fields[0], int(fields[1])))
    [('Pogba', 140)]
    >>> _ = f.write_text("Pogba\tmany\n", encoding="utf-8")
    >>> try:
    ...     read_rows(f, lambda fields: (fields[0], int(fields[1])))
    ... except DataFileError as exc:
    ...     print(str(exc).replace(str(f), "counts.txt"))
    counts.txt, line 1: cannot read 'Pogba\tmany' (invalid literal for int() with base 10: 'many')
    """
    path = Path(path)
    if not path.is_file():
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line and not line.startswith("#"):
            try:
                rows.append(parse(line.split("\t")))
            except (ValueError, IndexError) as exc:
                raise DataFileError(f"{path}, line {number}: cannot read {line!r} ({exc})") from None
    return rows


def _load(name: str) -> list[str]:
    out: list[str] = []
    try:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - data files ship with the package
        return out
    for line in text.splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if line and not line.startswith("#"):
            out.append(line)
    return out


SURNAMES = frozenset(_load("persons_surnames.txt"))
FOREIGN_GIVEN = frozenset(w for line in _load("persons_given_foreign.txt") for w in line.split())
# common given names of the world (the US census): a feature of the tagger only
WORLD_GIVEN = frozenset(_load("persons_given_world.txt"))


def _nicknames() -> dict[tuple[str, ...], frozenset[str]]:
    targets: dict[tuple[str, ...], set[str]] = {}
    for nickname, word in read_rows(DATA_DIR / "persons_nicknames.txt", lambda fields: (fields[0], fields[1])):
        targets.setdefault(tuple(unicodedata.normalize("NFC", nickname).split()), set()).add(
            unicodedata.normalize("NFC", word))
    return {k: frozenset(v) for k, v in targets.items()}


NICKNAMES = _nicknames()
"""A public figure's nickname (its words) and the words of the names it stands for
(``Zico``: ``Kiatisuk``), from ``persons_nicknames.txt``: ``mentions.merge`` joins them."""

PLACES = frozenset(_load("persons_places.txt"))
# organisations, clubs, companies, brands, media (persons_orgs.txt) and titles of
# works / fictional characters (persons_works.txt): never persons.
ORGS = frozenset(_load("persons_orgs.txt"))
WORKS = frozenset(_load("persons_works.txt"))
# words that end or begin a business's, body's or place's name in a European language
# ("Bach Restaurant", "The Atlantic"): a feature of the tagger only
ORG_HEADS = frozenset(_load("persons_org_heads.txt"))
NONPERSON = PLACES | ORGS | WORKS
# places named after a person, and the titles right after which they are that person
# ("Chủ tịch Hồ Chí Minh", 311 times in the corpora, never the city; not "Học viện Chính
# trị quốc gia Hồ Chí Minh")
PLACES_NAMED_AFTER_PERSONS = {"Hồ Chí Minh": frozenset({"chủ tịch", "bác", "cụ"})}
# multi-token entries indexed by first token; " - " inside an entry
# ("Bà Rịa - Vũng Tàu") is a run boundary, so only the part before it is kept.
PLACE_FIRST: dict = {}
for _p in PLACES | ORGS:
    _t = _p.split(" - ")[0].split()
    PLACE_FIRST.setdefault(_t[0], []).append(_t)
for _v in PLACE_FIRST.values():
    _v.sort(key=len, reverse=True)
NP_MULTI = frozenset(tuple(x.split(" - ")[0].split()) for x in NONPERSON)
NP_MULTI_MAXLEN = max((len(t) for t in NP_MULTI), default=1)
NP_FIRST = frozenset(t[0] for t in NP_MULTI)
NP_LAST = frozenset(t[-1] for t in NP_MULTI)
# organisations / works only: a person's name may contain a place-like pair
# ("Chu Thanh Hải" vs. the province "Thanh Hải") but not a club or a novel
OW_MULTI = frozenset(tuple(x.split()) for x in ORGS | WORKS if " " in x)
OW_FIRST = frozenset(t[0] for t in OW_MULTI)
# organisation names that continue in lower case ("Đoàn Thanh niên"): the
# capitalised part -> the full name, checked against the text at the run
ORG_LOWER_TAIL: dict = {}
for _o in ORGS:
    _w = _o.split()
    _k = next((i for i, x in enumerate(_w) if not x[:1].isupper()), len(_w))
    if 0 < _k < len(_w):
        ORG_LOWER_TAIL.setdefault(tuple(_w[:_k]), []).append(_o)

# --- cue phrases (lower-case, space separated) ------------------------------
# Words / phrases that, right before a capitalised run, mark it as a person.
PERSON_CUE_WORDS = frozenset("""ông bà anh chị em cháu cụ cô chú bác bé thầy ngài bạn nàng chàng
tác giả chuyên gia hlv mc ceo vđv ns nsưt nsnd ts ts. gs gs. pgs pgs.ts ths ths. bs bs. ts.bs ths.bs
ls rapper youtuber tiktoker streamer blogger golfer vợ chồng mẹ bố cha bầu
""".split())
PERSON_CUE_PHRASES = frozenset("""đồng chí|cô giáo|thầy giáo|cô bé|cậu bé|cô gái|chàng trai|học trò|cô học trò|nữ sinh|nam sinh
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
|thủ hiến|tham mưu trưởng|tổng tham mưu trưởng|tư lệnh|chỉ huy trưởng|chánh văn phòng|tổng thư ký|tổng biên tập
|phu nhân|phu quân|đệ nhất phu nhân|người dẫn chương trình|dẫn chương trình|quốc vương|tổng giám đốc|phó chủ tịch
|phó thủ tướng|phó tổng thống|chủ tịch nước|chủ tịch quốc hội|người đứng đầu|lãnh đạo|trợ lý|cố vấn|thư ký
""".replace("\n", "").split("|"))
PERSON_CUE_PHRASES = frozenset(p.strip() for p in PERSON_CUE_PHRASES if p.strip())

# Phrases that, right before a name, give it as a role in a film, a play or a book: the
# name is then a character's, not a person's (docs/persons.md, convention 8).  Not
# ``vai`` alone: ``tựa đầu lên vai Lý Bình Hy`` is a shoulder.
ROLE_CUE_PHRASES = frozenset("""vai diễn|vào vai|sắm vai|đóng vai|thủ vai|nhận vai|vai chính|vai phụ
|nhân vật|hóa thân thành|hoá thân thành|hóa trang thành|hoá trang thành""".replace("\n", "").split("|"))

# Words right before a name that make it a street, a lane or a school named after a
# person (``đường Lê Duẩn``, ``Trường THPT chuyên Lê Hồng Phong``: streets.py), unless
# they end a common word (``môi trường``, ``thành phố``: pyvi's dictionary) or one of
# STREET_CUE_EXCEPTIONS (``dạo phố``, a stroll; ``trường`` written for ``trưởng``).
STREET_CUE_WORDS = frozenset("đường phố ngõ hẻm ngách kiệt trường thpt thcs chuyên".split())
STREET_CUE_PHRASES = frozenset(["tuyến đường", "tuyến phố", "đại lộ"])
STREET_CUE_EXCEPTIONS = frozenset(["dạo phố", "xuống phố", "ra phố", "đội trường", "hiệu trường"])

# Honorifics that may be capitalised at the start of a sentence and glued to
# the run ("Ông Trần Nam", "Bà Nguyễn Thị Anh").
HONORIFICS = frozenset("Ông Bà Anh Chị Em Cháu Cụ Cô Chú Bác Bé Thầy Ngài Đồng Nàng Chàng".split())
# Words that open a sentence as a conjunction and are also a rare surname that comes before a
# middle name: "Vì" (because) and the Thái surname of "Vì Văn Dũng", "Vì Thị Hoa".
CONJUNCTION_SURNAMES = frozenset({"Vì"})
SURNAME_MIDDLE_WORDS = frozenset({"Văn", "Thị"})

# Words that, right before a capitalised run, mark it as a place / organisation
# / street / school / work etc. (never a person).
PLACE_CUE_WORDS = frozenset("""đường phố phường quận xã huyện tỉnh tp tp. thôn xóm bản làng ấp khu tổ
trường thpt thcs th đh cđ đhqg viện cầu cảng ga bến chợ chùa đền đình miếu công ty tập đoàn ngân hàng
bv sông suối núi đèo hồ đảo biển vịnh lăng rạp resort tàu sân svđ clb đội báo tờ hãng hội ban bộ sở cục
đoạn tuyến ngõ hẻm kiệt ngách quỹ thủ đô vùng miền bang nước hiệu nhãn phim sách album mv game
giải dòng kênh đài cửa nhóm ubnd hđnd mttq tw ttxvn vtv đảng quân binh chủng thành trấn
khoa trạm mỏ cty bệnh virus csgt csđt cảnh sát
tháp rừng thác hang đỉnh mũi đồi cồn ghềnh
""".split()) - {"hội", "ban", "bộ", "sở"}
PLACE_CUE_PHRASES = frozenset("""thành phố|thị xã|thị trấn|khu phố|tiểu học|mầm non|trung học|trung học cơ sở|trung học phổ thông
|đại học|cao đẳng|học viện|sân bay|bến xe|nhà thờ|công ty|tập đoàn|tổng công ty|bệnh viện|trung tâm|giải thưởng
|bãi biển|công viên|quảng trường|tượng đài|nhà hát|khách sạn|tàu ngầm|sân vận động|câu lạc bộ|tạp chí
|hiệp hội|ủy ban|tổng cục|nút giao|ngã tư|ngã ba|ngã năm|ngã sáu|vòng xoay|quốc lộ|tỉnh lộ|đại lộ|dự án|chương trình
|khu vực|tiểu bang|đặc khu|tòa nhà|cao ốc|chung cư|siêu thị|cửa hàng|quán|nhà hàng|thương hiệu|nhãn hàng
|bộ phim|ca khúc|bài hát|cuốn sách|tác phẩm|tiểu thuyết|chương trình|cửa khẩu|trạm dừng chân|lòng hồ|thủy điện
|di tích|bảo tàng|thư viện|nhà xuất bản|hãng tin|hãng thông tấn|kênh|đài truyền hình|mạng xã hội|sân golf
|làng nghề|cụm công nghiệp|khu công nghiệp|khu đô thị|khu du lịch|phòng khám|nhà sách|ký túc xá
|công an|cảnh sát|hội chứng|biến chủng|nhà máy|xí nghiệp|hợp tác xã|doanh nghiệp|hãng luật|người dân|hãng xe
|ngân hàng|hệ thống|đại diện|thủ phủ|nước láng giềng
|thung lũng|bán đảo|hang động|vườn quốc gia|khu bảo tồn|thành cổ|tu viện|thiền viện|thánh đường|nhà nghỉ|thang máy
|thpt chuyên|thcs chuyên|trường chuyên|cấp 3|cấp 2|cấp ba|cấp hai|tuyến phố|tuyến đường
""".replace("\n", "").split("|"))
PLACE_CUE_PHRASES = frozenset(p.strip() for p in PLACE_CUE_PHRASES if p.strip())

# Capitalised words that are common function / sentence-initial words and
# never start a name.
COMMON = frozenset("""theo tại với khi sau trước ngày đến từ cùng còn nhưng và do ngoài trong về hiện chiều sáng tối
trưa đêm mới các những một người nếu dù tuy bên phía cả chỉ đó đây nhờ hôm tháng năm lúc vì bởi như nay ở để được
bị có là đã sẽ đang vẫn cũng thì mà nên rồi hay hoặc chúng tôi họ cậu nó ai gì lần vào ra lên xuống qua trên dưới
giữa gần xa riêng chính thậm ngay đặc nhiều mỗi toàn tất hầu tiếp cuối đầu bắt dự tham phát chia trao trả nói cho
gặp dẫn liên đối vừa hơn kể thay nhìn nhận biết xem đi ngồi giới chuyên cựu tân nữ nam thưa kính gửi ảnh clip video
nguồn bài tin cách cần muốn bạn mình hãy đừng chưa không ngoài song tuy nhiên thêm vậy này kia ấy đâu sao thế
""".split())

# Capitalised Vietnamese words that start institutional / common compounds
# (Bộ Ngoại giao, Trung tâm, Hội nghị, Phó Chủ tịch ...) and never a name.
ORG_START = frozenset("""Ủy Uỷ Đảng Trường Hệ Truyền Giáo Bệnh Trung Ngoại Hội Công Tỉnh Đội Bộ Quốc Đại Phó Khối Ban Sở Phòng Cục Viện Khoa Tổng Chính Nhà Huyện Xã Phường Quận Thành Học Tòa Cảnh Sân Cầu Chợ Vụ Hãng Tập Ngân Báo Đài Tạp Liên Hiệp Mặt Thường Nghị Luật Lực Quân Chi Cơ Hạ Thượng Kế Tiểu Ký Thủ Thư Ga Khu Giải Đường Phố Kênh Lữ Sư Trạm Điện Cửa Thạc Giám Chủ Bí Trưởng Cựu Miền Vùng Làng Bản Thôn Xóm Ấp Đồi Vịnh Đảo Đèo Suối Tổ Trại Kho Cảng Viettel Dược Xây Nội Khám Môi Thể Thao Phát""".split())

# Title-case English words that show a capitalised run is not a person.
NON_NAME_WORDS = frozenset("""Times Post League Cup City Road Bridge Inc Co Ltd LTD Corp Group Platform Data Standards
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

CAPS_PERSON_CUES = frozenset(("HLV", "MC", "CEO", "TS", "GS", "PGS", "BS", "THS", "NS", "NSƯT", "NSND", "VĐV",
                               "BSCKII", "BSCKI", "PGS.TS", "GS.TS", "TS.BS", "THS.BS", "LS", "KTS"))

# Cues that can introduce a bare (single-syllable) Vietnamese given name:
# honorifics / kinship terms and personal titles ("anh Hải", "BS Minh", "cô
# giáo Tâm").  Role nouns ("Bộ trưởng Tài chính", "sinh viên Kỹ thuật", "hoa
# hậu Hoàn vũ", "tỷ phú Việt") are followed by field / organisation words far
# more often than by a bare given name, so after them a single Vietnamese
# syllable is not taken as a person.
# common words of pyvi's dictionary that end with a person's word and still name a
# person (``cues.ends_common_word``): "đàn em Hà Đức Chinh", "sư thầy Thích Đàm Thu"
PERSON_COMPOUNDS = frozenset("đàn em|đàn anh|sư thầy|ni cô|tú bà".split("|"))
STRONG_SINGLE_CUES = frozenset("""ông bà anh chị em cháu cụ cô chú bác bé thầy ngài bạn nàng chàng cậu
hlv mc ceo vđv ns nsưt nsnd ts gs pgs ths bs ls kts vợ chồng mẹ bố cha bầu""".split()) | frozenset(
    """đồng chí|cô giáo|thầy giáo|cô bé|cậu bé|cô gái|chàng trai|nữ sinh|nam sinh|bác sĩ|tiến sĩ|thạc sĩ
|giáo sư|phó giáo sư|luật sư|kỹ sư|con gái|con trai|bạn trai|bạn gái|nạn nhân|bị can|bị cáo|nghi phạm
|tài xế|huấn luyện viên|thủ môn|tiền đạo|tiền vệ|hậu vệ|trung vệ|cầu thủ""".replace("\n", "").split("|"))


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """The words of pyvi's dictionary of two syllables or more, in lower case (``đối
    với``, ``bí thư``): a name's last word and the word after it that make one of these
    (``… Vũ Đình Duy Đối với …``, a lost full stop) is a feature of the tagger."""
    import pyvi

    path = Path(pyvi.__file__).resolve().parent / "models" / "words.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:  # pragma: no cover - pyvi ships it
        return frozenset()
    return frozenset(unicodedata.normalize("NFC", x.strip().lower()) for x in lines if " " in x.strip())


TITLE_START = frozenset("""việc tờ báo kênh hãng bs ts gs pgs ths lord sir dr mr mrs ms mdm daw bầu rapper youtuber
tiktoker streamer blogger hotgirl diva tướng serda""".split()) | frozenset(
    h.lower() for h in HONORIFICS - {"Anh", "Đồng"})
"""Words a name never starts with, even where the rules took them in: a newspaper's or a
title's word (``Tờ Marca``, ``Bs Liên``, ``Lord Rees``, ``Bầu Đức``, ``Rapper Tyga``, ``Diva Mỹ Linh``, ``Tướng
Eduardo Ano``, Burmese ``Daw Myo Aye``, Indonesian ranks ``Serda``), ``Việc``, and a capitalised
honorific (``Ông Widodo``, ``Chị Cúc``; not ``Anh`` nor ``Đồng``, which begin names too:
``Anh Tú``, ``Đồng Thị …``)."""
NOT_NAME_START = COMMON | TITLE_START
"""Words a tagged name never starts with: those and a capitalised sentence opening
(``Nhưng``); the rules' bounds keep a surname that is also a common word (``Từ Tịnh Lôi``)."""


def doubled_surname(words) -> bool:
    """``Nguyễn Nguyễn``: a surname written twice is a credit's or byline's artefact.

    >>> doubled_surname(["Nguyễn", "Nguyễn"]), doubled_surname(["Nguyễn", "Nguyên"])
    (True, False)
    """
    return len(words) >= 2 and words[0] == words[1] and words[0] in SURNAMES


# ---------------------------------------------------------------------------
# The names the archive yields (``scripts/train_persons.py`` writes them)
# ---------------------------------------------------------------------------

GIVEN_NAMES_FILE = DATA_DIR / "persons_given_vn.txt"
FAMILY_NAMES_FILE = DATA_DIR / "persons_family_foreign.txt"
_NAME_LISTS: dict = {}


def _name_list(path: Path) -> frozenset:
    """The names of a name list file (its first column), as word tuples."""
    return frozenset(read_rows(path, lambda fields: tuple(fields[0].split())))


def given_names() -> frozenset:
    """The given names of ``persons_given_vn.txt`` (``Công Phượng``), as word pairs
    (read once)."""
    names = _NAME_LISTS.get("given")
    if names is None:
        names = _NAME_LISTS["given"] = _name_list(GIVEN_NAMES_FILE)
    return names


def family_names() -> frozenset:
    """The foreign family names of ``persons_family_foreign.txt`` (``Salah``) (read once)."""
    names = _NAME_LISTS.get("family")
    if names is None:
        names = _NAME_LISTS["family"] = frozenset(w for (w, *_) in _name_list(FAMILY_NAMES_FILE))
    return names


def family_name_articles() -> dict:
    """The foreign family names of ``persons_family_foreign.txt`` with the number of
    articles the rules find each in (``Pogba``: 140)."""
    if "family_articles" not in _NAME_LISTS:
        _NAME_LISTS["family_articles"] = dict(read_rows(FAMILY_NAMES_FILE, lambda f: (f[0], int(f[1]))))
    return _NAME_LISTS["family_articles"]


def given_syllables() -> tuple[dict, dict]:
    """How many given names of ``persons_given_vn.txt`` each syllable begins and ends
    (``Hùng`` ends hundreds; ``Trước``, ``Tinh`` end none or few)."""
    if "syllables" not in _NAME_LISTS:
        first: dict = {}
        last: dict = {}
        for a, *rest in given_names():
            first[a] = first.get(a, 0) + 1
            if rest:
                last[rest[-1]] = last.get(rest[-1], 0) + 1
        _NAME_LISTS["syllables"] = (first, last)
    return _NAME_LISTS["syllables"]


def forget_name_lists() -> None:
    """Read the name lists again when next asked (``features.reload_name_lists``)."""
    _NAME_LISTS.clear()

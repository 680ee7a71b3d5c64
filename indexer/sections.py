"""An article's section (chuyên mục): where the source gives one, a readable Vietnamese
name (``Thể thao``, ``Xã hội``…).

The source says it in one of three ways, tried in this order:

* declared: a ``# section = …`` (or ``# category = …``) header, or a ``section`` /
  ``category`` key of a JSON Lines record: a known name or slug is given its readable
  name, anything else is kept as written;
* the first segment of the article's URL path, when it is a known slug
  (``https://dantri.com.vn/the-thao/…`` → ``Thể thao``);
* the file name of the Dân trí corpus (``news_sport_012.txt`` → ``Thể thao``).

>>> section_of("", "https://dantri.com.vn/the-thao/tuyen-viet-nam-20210402.htm", "a.txt")
'Thể thao'
>>> section_of("", "", "dantri/news_world_007.txt")
'Thế giới'
>>> section_of("giao duc", "", ""), section_of("Nông nghiệp", "", "")
('Giáo dục', 'Nông nghiệp')
>>> section_key("Sức khỏe") == section_key("suc-khoe") == section_key("SỨC KHOẺ")
True
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .analysis import fold

MAX_SECTION_CHARS = 80

# Readable names, and the slugs and English keys that name them.
SECTIONS: dict[str, tuple[str, ...]] = {
    "Thời sự": ("thoi-su", "news", "current-affairs"),
    "Chính trị": ("chinh-tri", "politics"),
    "Xã hội": ("xa-hoi", "society"),
    "Thế giới": ("the-gioi", "world", "quoc-te"),
    "Kinh doanh": ("kinh-doanh", "business", "kinh-te", "economy"),
    "Bất động sản": ("bat-dong-san", "real-estate"),
    "Giải trí": ("giai-tri", "entertainment"),
    "Văn hóa": ("van-hoa", "culture"),
    "Thể thao": ("the-thao", "sport", "sports"),
    "Pháp luật": ("phap-luat", "law"),
    "Giáo dục": ("giao-duc", "giao-duc-huong-nghiep", "education"),
    "Du học": ("du-hoc", "study-abroad"),
    "Sức khỏe": ("suc-khoe", "health"),
    "Công nghệ": ("cong-nghe", "suc-manh-so", "tech", "technology"),
    "Khoa học": ("khoa-hoc", "khoa-hoc-cong-nghe", "science"),
    "Du lịch": ("du-lich", "travel"),
    "Đời sống": ("doi-song", "life", "lifestyle"),
    "Ô tô - Xe máy": ("o-to-xe-may", "oto-xe-may", "cars"),
    "Việc làm": ("viec-lam", "lao-dong-viec-lam", "jobs"),
    "Nhân ái": ("nhan-ai", "tam-long-nhan-ai", "charity"),
    "Bạn đọc": ("ban-doc", "readers"),
    "Quốc phòng": ("quoc-phong", "defence", "defense"),
    "An ninh": ("an-ninh", "security"),
    "Nông nghiệp": ("nong-nghiep", "agriculture"),
    "Môi trường": ("moi-truong", "environment"),
}


def section_key(name: str) -> str:
    """The form a section is compared in: folded, words joined by ``-``."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(name or "")))


_BY_KEY = {section_key(alias): name for name, aliases in SECTIONS.items()
           for alias in (name, *aliases)}
_DANTRI_FILE = re.compile(r"(?:^|/)news_([a-z]+)_\d+\.\w+$")


def readable(name: str) -> str:
    """The readable name of a known section (any spelling, slug or English key), or
    the name as written, tidied (control characters and runs of spaces out, at most
    ``MAX_SECTION_CHARS``)."""
    name = " ".join("".join(ch if ch.isprintable() else " " for ch in name or "").split())
    name = name[:MAX_SECTION_CHARS]
    return _BY_KEY.get(section_key(name), name)


def section_of(declared: str, url: str, path: str) -> str:
    """The article's section, or "" when the source gives none."""
    if declared and declared.strip():
        return readable(declared)
    try:
        segments = urlsplit(url or "").path.strip("/").split("/")
    except ValueError:  # not a URL
        segments = []
    if len(segments) > 1 and section_key(segments[0]) in _BY_KEY:
        return _BY_KEY[section_key(segments[0])]
    m = _DANTRI_FILE.search(path or "")
    if m and m.group(1) in _BY_KEY:
        return _BY_KEY[m.group(1)]
    return ""

"""Shared helpers and fixtures for the indexer tests (test_analysis … test_cli).

Import what a test module needs::

    from indexer_fixtures import corpus, write_corpus, stored_docs  # noqa: F401

The corpus is a handful of tiny articles written into ``tmp_path`` so that building an
index stays fast (pyvi runs over a few hundred words at most).
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bddf68c9230f3abc.txt"

SEED_PERSONS = ["Nguyễn Hữu Đông", "Nguyễn Đắc Quỳnh", "Hoàng Quốc Khánh", "Nguyễn Thái Hưng"]

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """``text`` as Windows-1258 bytes: quality marks precomposed (ô, ơ, ư, â, ă, ê, đ),
    tone marks as separate combining characters, which is what cp1258 can encode."""
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


PORTAL = (
    "Khai mạc hội chợ nông sản Sơn La\n"
    "\n"
    "Ngày 16 tháng 11 năm 2019\n"
    "\n"
    "Sáng nay, hội chợ nông sản mở cửa tại thành phố Sơn La sáng nay.Nông dân mang xoài đến hội chợ\n"
    "Tìm kiếm theo ngày\n"
)
HEADER = (
    "# doc_id = abc123\n"
    "# url = https://example.vn/tin/abc123\n"
    "# date = 20200105\n"
    "Học sinh vùng cao đến trường\n"
    "Các em học sinh vượt suối đến lớp học mỗi ngày.\n"
)
TITLE_LEAD_BODY = (
    "Mùa lúa chín trên ruộng bậc thang\n"
    "Ruộng bậc thang vào mùa đẹp nhất trong năm.\n"
    "Du khách đến chụp ảnh lúa chín ngày 13/11/2019 rất đông.\n"
)
JSONL_RECORDS = [
    {"id": "n1", "title": "Giá cà phê tăng mạnh", "body": "Giá cà phê hôm nay tăng ở Tây Nguyên.",
     "date": "2021-03-04", "url": "https://example.vn/ca-phe", "lead": "Cà phê tăng giá."},
    {"title": "Mưa lớn ở miền Trung", "body": "Mưa lớn kéo dài nhiều ngày ở miền Trung.",
     "date": "Ngày 5 tháng 10 năm 2020"},
]


def jsonl_text(records) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def write_corpus(root: Path) -> Path:
    """A small source folder ``root`` (its name becomes the id prefix).

    Indexable: a.txt (portal, dated), b.txt (header, dated), sub/c.txt (no date),
    d.jsonl (2 articles, dated) → 5 articles, 1 undated.  Skipped: empty.txt.
    Ignored: .hidden.txt, notes.md.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.txt").write_text(PORTAL, encoding="utf-8")
    (root / "b.txt").write_text(HEADER, encoding="utf-8")
    (root / "sub").mkdir(exist_ok=True)
    (root / "sub" / "c.txt").write_text(TITLE_LEAD_BODY, encoding="utf-8")
    (root / "d.jsonl").write_text(jsonl_text(JSONL_RECORDS), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / ".hidden.txt").write_text(PORTAL.replace("Sơn La", "Lai Châu"), encoding="utf-8")
    (root / "notes.md").write_text("# not an article\n", encoding="utf-8")
    return root


CORPUS_IDS = {"src/a.txt", "src/b.txt", "src/sub/c.txt", "src/d.jsonl#n1", "src/d.jsonl#2"}


@pytest.fixture
def corpus(tmp_path) -> Path:
    """``tmp_path/src`` filled by :func:`write_corpus`."""
    return write_corpus(tmp_path / "src")


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A source folder ``seeds`` in tmp_path holding a copy of the seed article."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


def stored_docs(index_dir: Path) -> dict[str, dict]:
    """Stored fields of every live document, by id."""
    from indexer import store

    ix = store.open_index(index_dir)
    try:
        with ix.searcher() as searcher:
            return {d["id"]: d for d in searcher.reader().all_stored_fields()}
    finally:
        ix.close()


def builds(index_dir: Path) -> list[str]:
    folder = Path(index_dir) / "builds"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []

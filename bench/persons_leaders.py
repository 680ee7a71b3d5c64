"""How often the extractor names a leader the article writes right after his title.

Usage (from the repo root)::

    python bench/persons_leaders.py [--shared ../shared]

For each phrase of ``PHRASES`` (a title and a name: ``Chủ tịch Hồ Chí Minh``, ``Đại tướng
Võ Nguyên Giáp``), every article of both corpora that writes it is read as the indexer
reads it, and counted when the extractor's persons include the name.  These names are also
a city's or streets' (``TP Hồ Chí Minh``, ``đường Võ Nguyên Giáp``), which is what once hid
them; no label is read, the phrase itself says who is meant.  Prints one line per phrase.
Exits 0 with a message when the corpora are absent.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.documents import person_input  # noqa: E402
from indexer.formats import read_articles  # noqa: E402
from indexer.persons import extract_persons  # noqa: E402

PHRASES = {
    "Hồ Chí Minh": "Chủ tịch Hồ Chí Minh",
    "Võ Nguyên Giáp": "Đại tướng Võ Nguyên Giáp",
    "Phạm Văn Đồng": "Thủ tướng Phạm Văn Đồng",
    "Võ Văn Kiệt": "Thủ tướng Võ Văn Kiệt",
    "Lê Duẩn": "Tổng Bí thư Lê Duẩn",
    "Trường Chinh": "Tổng Bí thư Trường Chinh",
    "Nguyễn Văn Linh": "Tổng Bí thư Nguyễn Văn Linh",
}


def leaders_found(corpus: Path) -> dict[str, tuple[int, int]]:
    """For each name of ``PHRASES``: (articles whose persons include it, articles that write
    its phrase)."""
    texts = {path: path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*/*.txt"))}
    out = {}
    for name, phrase in PHRASES.items():
        found = written = 0
        for path, text in texts.items():
            if phrase not in text:
                continue
            source, rel = path.parent.name, path.name
            (article,) = read_articles(path, source, rel)
            written += 1
            found += name in extract_persons(*person_input(article))
        out[name] = (found, written)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus"
    if not corpus.is_dir():
        print(f"{corpus} not found: nothing to count")
        return 0
    for name, (found, written) in leaders_found(corpus).items():
        print(f"{PHRASES[name]}: named in {found} of the {written} articles that write it")
    return 0


if __name__ == "__main__":
    sys.exit(main())

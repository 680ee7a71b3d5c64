"""Tests for bench/scale.py: the copies that make a larger corpus."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from scale import build_index, write_copies  # noqa: E402


def test_copies_are_renamed_redated_and_marked(tmp_path):
    src = tmp_path / "dantri"
    src.mkdir()
    (src / "news_sport_001.txt").write_text("# url = https://x/a.htm\n# date = 20201101\nTiêu đề\nThân bài.\n",
                                           encoding="utf-8")
    n = write_copies([src], tmp_path / "out", 3)
    names = sorted(p.name for p in (tmp_path / "out" / "dantri").iterdir())
    assert n == 3 and names == ["c1_news_sport_001.txt", "c2_news_sport_001.txt", "news_sport_001.txt"]
    first = (tmp_path / "out" / "dantri" / "news_sport_001.txt").read_text(encoding="utf-8")
    second = (tmp_path / "out" / "dantri" / "c2_news_sport_001.txt").read_text(encoding="utf-8")
    assert first == (src / "news_sport_001.txt").read_text(encoding="utf-8")
    assert "# date = 20221101" in second and second.rstrip().endswith("Bản sao 2.")


def test_an_index_kept_in_the_work_folder_is_used_again(tmp_path):
    work = tmp_path / "x10"
    (work / "index").mkdir(parents=True)
    (work / "built.json").write_text('{"articles": 7, "index_s": 1.5, "build_max_rss_mib": 9}', encoding="utf-8")
    articles, built = build_index([], work, 10)
    assert articles == 7 and built["index_s"] == 1.5
    assert not (work / "src").exists()  # nothing copied, nothing built

"""Tests for bench/persons_leaders.py: leaders written after their titles are named."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))


def test_without_the_corpora_it_says_so_and_exits_0(tmp_path, capsys):
    import persons_leaders

    assert persons_leaders.main(["--shared", str(tmp_path)]) == 0
    assert "not found" in capsys.readouterr().out


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus")
def test_the_president_is_named_wherever_his_title_is_written(capsys):
    import persons_leaders

    assert persons_leaders.main(["--shared", str(SHARED)]) == 0
    printed = capsys.readouterr().out
    assert "Chủ tịch Hồ Chí Minh: named in 148 of the 148 articles" in printed

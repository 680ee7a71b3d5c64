"""Tests for bench/persons_eval.py: timing alone scores nothing and writes nothing."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus")
def test_time_only_prints_the_ratio_and_scores_nothing(tmp_path, capsys, monkeypatch):
    import persons_eval

    def no_scoring(*_, **__):
        raise AssertionError("--time-only scored a set")

    monkeypatch.setattr(persons_eval.training, "score", no_scoring)
    out = tmp_path / "persons.md"
    assert persons_eval.main(["--time-only", "--repeat", "1", "--out", str(out)]) == 0
    assert "ratio" in capsys.readouterr().out
    assert not out.exists()

"""Tests for bench/persons_eval.py: timing alone scores nothing and writes nothing; the timed sets."""
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


def test_timed_sets_are_the_first_80_and_eight_of_every_section():
    import persons_eval
    from indexer.persons.training import Labelled

    dev = [Labelled(f"baomoi/{i}.txt", "", []) for i in range(100)]
    dev += [Labelled(f"dantri/news_{s}_{i:03d}.txt", "", []) for s in ("sport", "world") for i in range(20)]
    dev.sort(key=lambda a: a.id)
    timed = persons_eval.timed_sets(dev)
    assert timed["first"] == dev[:80]
    sections = [persons_eval.section_of(a.id) for a in timed["mixed"]]
    assert sorted(set(sections)) == ["baomoi", "news_sport", "news_world"]
    assert all(sections.count(s) == persons_eval.MIXED_TIMED_PER_SECTION for s in set(sections))
    assert [a.id for a in persons_eval.timed_sets(dev)["mixed"]] == [a.id for a in timed["mixed"]]

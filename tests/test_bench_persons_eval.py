"""Tests for bench/persons_eval.py: timing alone scores nothing and writes nothing; the timed sets; the F1's interval."""
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


def test_f1_interval_holds_the_f1_and_narrows_with_more_articles():
    import persons_eval
    from indexer.persons.training import Score

    def score(n):
        counts = [(3, 0, 0)] * (4 * n) + [(1, 1, 1)] * n  # F1 0.929 whatever n
        return Score(tp=13 * n, fp=n, fn=n, counts=counts)

    small, large = persons_eval.f1_interval(score(5)), persons_eval.f1_interval(score(80))
    assert small[0] <= score(5).f1 <= small[1] and large[0] <= score(80).f1 <= large[1]
    assert large[1] - large[0] < small[1] - small[0]
    assert persons_eval.f1_interval(score(5)) == small  # a fixed seed: the same interval each time


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

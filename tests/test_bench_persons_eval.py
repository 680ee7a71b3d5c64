"""Tests for bench/persons_eval.py: timing alone scores nothing and writes nothing; the timed sets, drawn once and pinned."""
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
    monkeypatch.setattr(persons_eval, "WARM_ARTICLES", 5)
    monkeypatch.setattr(persons_eval, "ONCE_PROCESSES", 1)
    out = tmp_path / "persons.md"
    assert persons_eval.main(["--time-only", "--repeat", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "ratio" in printed and "each met once after 5 others" in printed
    assert not out.exists()


def _dev():
    from indexer.persons.training import Labelled

    dev = [Labelled(f"baomoi/{i}.txt", "", []) for i in range(100)]
    dev += [Labelled(f"dantri/news_{s}_{i:03d}.txt", "", []) for s in ("sport", "world") for i in range(20)]
    return sorted(dev, key=lambda a: a.id)


def test_drawn_timed_sets_are_the_first_80_and_eight_of_every_section():
    import persons_eval

    dev = _dev()
    timed = persons_eval.draw_timed_sets(dev)
    assert timed["first"] == dev[:80]
    sections = [persons_eval.section_of(a.id) for a in timed["mixed"]]
    assert sorted(set(sections)) == ["baomoi", "news_sport", "news_world"]
    assert all(sections.count(s) == persons_eval.MIXED_TIMED_PER_SECTION for s in set(sections))
    assert [a.id for a in persons_eval.draw_timed_sets(dev)["mixed"]] == [a.id for a in timed["mixed"]]


def test_the_warm_articles_are_other_development_articles_drawn_by_a_fixed_seed(monkeypatch):
    import persons_eval

    dev = _dev()
    timed = persons_eval.draw_timed_sets(dev)
    monkeypatch.setattr(persons_eval, "WARM_ARTICLES", 30)
    warm = persons_eval.warm_set(dev, timed)
    pinned = {a.id for articles in timed.values() for a in articles}
    assert len(warm) == 30 and not pinned & {a.id for a in warm}
    assert persons_eval.warm_set(dev, timed) == warm


def test_pinned_timed_sets_do_not_move_when_articles_are_added(tmp_path):
    import persons_eval
    from indexer.persons.training import Labelled

    dev, path = _dev(), tmp_path / "timed.json"
    drawn = persons_eval.pin_timed_sets(dev, path)
    more = sorted(dev + [Labelled(f"baomoi/0{i}.txt", "", []) for i in range(30)], key=lambda a: a.id)
    assert persons_eval.draw_timed_sets(more)["first"] != drawn["first"]  # a new draw would move
    assert persons_eval.timed_sets(more, path) == drawn


def test_a_pinned_article_missing_from_the_development_half_is_a_clear_error(tmp_path):
    import persons_eval

    dev, path = _dev(), tmp_path / "timed.json"
    persons_eval.pin_timed_sets(dev, path)
    with pytest.raises(persons_eval.TimedSetError, match="--pin-timed"):
        persons_eval.timed_sets(dev[1:], path)


def test_the_shipped_timed_sets_are_80_and_88_development_articles():
    import json

    pinned = json.loads((ROOT / "bench" / "persons_timed.json").read_text(encoding="utf-8"))
    development = set(json.loads((ROOT / "bench" / "persons_sample.json").read_text(encoding="utf-8"))["development"])
    assert len(pinned["first"]) == 80 and len(pinned["mixed"]) == 88
    assert set(pinned["first"]) | set(pinned["mixed"]) <= development

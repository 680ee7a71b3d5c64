"""Tests for indexer.persons.training: labels projected onto stretches, training and
scoring, on the labelled set of bench/ (skipped without ../shared)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.persons import extract_persons, tagger, training

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ROOT / "bench" / "persons_labels.json"
SAMPLE = ROOT / "bench" / "persons_sample.json"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not available")


def test_project_marks_every_form_longest_first():
    tags = training.project([["Ông", "Nguyễn", "Xuân", "Phúc"], ["Phúc"], ["Xuân", "Phúc", "và", "An"]],
                            [["Nguyễn", "Xuân", "Phúc"], ["Xuân", "Phúc"], ["Phúc"]])
    assert tags == [["O", "B", "I", "I"], ["B"], ["B", "I", "O", "O"]]


def test_project_skips_a_form_inside_a_known_place():
    assert training.project([["Lâm", "Đồng"]], [["Lâm"]]) == [["O", "O"]]


def test_project_labels_a_place_named_given_name_only_where_marked():
    # "bầu Đức" (a strong title before it) is a person; "nước Đức" is Germany
    assert training.project([["Đức"], ["Đức"]], [["Đức"]], given=[True, False]) == [["B"], ["O"]]


def test_forms_of_older_labels_are_the_name_endings():
    a = training.Labelled("x", "", [], [{"name": "Nguyễn Xuân Phúc", "mentions": []}])
    assert a.forms() == [["Nguyễn", "Xuân", "Phúc"], ["Xuân", "Phúc"], ["Phúc"]]


def test_score_counts_exact_names():
    a = training.Labelled("x", "Tin", ["Ông Nguyễn Văn An và bà Lê Thị Bình cho biết."],
                          [{"name": "Nguyễn Văn An"}, {"name": "Trần Cường"}])
    s = training.score([a], lambda t, p: ["Nguyễn Văn An", "Lê Thị Bình"])
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.errors == [("x", ["Trần Cường"], ["Lê Thị Bình"])]
    assert s.counts == [(1, 1, 1)]


def test_scores_of_folds_pool_their_articles():
    a = training.Score(tp=2, fp=1, fn=0, errors=[("x", [], ["Bình"])], counts=[(2, 1, 0)])
    a.add(training.Score(tp=1, fp=0, fn=1, errors=[("y", ["An"], [])], counts=[(1, 0, 1)]))
    assert (a.tp, a.fp, a.fn) == (3, 1, 1)
    assert a.counts == [(2, 1, 0), (1, 0, 1)] and [e[0] for e in a.errors] == ["x", "y"]


def _score(n, wrong=1):
    """``n`` times four articles right and ``wrong`` with one miss and one wrong name."""
    counts = [(3, 0, 0)] * (4 * n) + [(1, 1, 1)] * (wrong * n)
    return training.Score(tp=sum(c[0] for c in counts), fp=wrong * n, fn=wrong * n, counts=counts)


def test_f1_interval_holds_the_f1_and_narrows_with_more_articles():
    small, large = training.f1_interval(_score(5)), training.f1_interval(_score(80))
    assert small[0] <= _score(5).f1 <= small[1] and large[0] <= _score(80).f1 <= large[1]
    assert large[1] - large[0] < small[1] - small[0]
    assert training.f1_interval(_score(5)) == small  # a fixed seed: the same interval each time


def test_f1_difference_is_paired_over_the_same_articles():
    a = _score(40)
    assert training.f1_difference(a, a) == (0.0, 0.0, 0.0)
    better = training.Score(tp=a.tp + 40, fp=a.fp - 20, fn=a.fn - 20,
                            counts=a.counts[:160] + [(3, 0, 0)] * 20 + a.counts[180:])
    diff, low, high = training.f1_difference(a, better)
    assert diff > 0 and 0 < low <= diff <= high
    with pytest.raises(ValueError):
        training.f1_difference(a, _score(5))


def test_labelled_set_is_split_once_and_covers_every_section():
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["articles"]
    dev, held = set(sample["development"]), set(sample["held_out"])
    assert not dev & held and dev | held <= set(labels)
    sections = {}
    for doc_id in dev | held:
        if not labels[doc_id].get("older_set"):
            key = "baomoi" if doc_id.startswith("baomoi/") else doc_id.split("/")[1].rsplit("_", 1)[0]
            sections[key] = sections.get(key, 0) + 1
    assert len(sections) == 11 and min(sections.values()) >= 25
    assert len(dev | held) >= 250


@needs_corpus
def test_training_is_reproducible(tmp_path):
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    few = training.load(LABELS, CORPUS, sample["development"][:12])
    a, b = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    training.train(few, a)
    training.train(few, b)
    assert a.read_bytes() == b.read_bytes()


@needs_corpus
@pytest.mark.skipif(not tagger.MODEL_FILE.is_file(), reason="no trained model")
def test_held_out_half_beats_the_rules():
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    held = training.load(LABELS, CORPUS, sample["held_out"])
    crf = training.score(held, extract_persons)
    rules = training.score(held, lambda t, p: extract_persons(t, p, tagger=None))
    assert crf.f1 > rules.f1
    assert crf.f1 >= 0.80, (crf.precision, crf.recall)  # 0.821 when the change was done

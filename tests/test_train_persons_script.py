"""Tests for scripts/train_persons.py: its options' bad values are refused with a clear
message before anything is read or trained."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import train_persons  # noqa: E402


@pytest.mark.parametrize("value, message", [("{c2: 1}", "not JSON"), ("3", "not a JSON object")])
def test_params_that_are_no_json_object_are_refused(value, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        train_persons.main(["--params", value])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_compare_needs_folds(capsys):
    with pytest.raises(SystemExit) as exit_:
        train_persons.main(["--compare", '{"c2": 0.2}'])
    assert exit_.value.code == 2 and "--compare needs --folds" in capsys.readouterr().err


def test_crf_params_reads_an_object():
    assert train_persons.crf_params('{"c2": 0.6}') == {"c2": 0.6}

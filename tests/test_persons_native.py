"""Tests for indexer.persons.native: the extractor compiled by mypyc at install, or read
from its sources when those changed since, and the same persons either way."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from indexer.documents import person_input
from indexer.formats import read_articles
from indexer.persons import extract_persons, native

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
CORPUS = ROOT.parent / "shared" / "corpus"
COMPARED_CORPUS_ARTICLES = 300  # drawn with random.Random(60) from both corpora, when present


def _fake_build(tmp_path: Path, compiled=native.COMPILED_MODULES) -> Path:
    for name in native.COMPILED_MODULES:
        (tmp_path / f"{name}.py").write_text(f"# {name}\n", encoding="utf-8")
    for name in compiled:
        (tmp_path / f"{name}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    native.write_build_record(tmp_path)
    return tmp_path


def test_compiled_modules_are_used_when_they_are_the_sources(tmp_path):
    assert native.why_sources(_fake_build(tmp_path), environ={}) is None


def test_only_a_value_other_than_empty_or_0_asks_for_the_sources():
    assert native.pure_python_asked({native.PURE_ENV: "1"}) and native.pure_python_asked({native.PURE_ENV: "yes"})
    assert not native.pure_python_asked({native.PURE_ENV: "0"}) and not native.pure_python_asked({})


def test_sources_are_used_when_asked(tmp_path):
    assert native.why_sources(_fake_build(tmp_path), environ={native.PURE_ENV: "1"}) == \
        (f"{native.PURE_ENV} is set", False)
    assert native.why_sources(_fake_build(tmp_path), environ={native.PURE_ENV: "0"}) is None


def test_sources_are_used_when_nothing_was_compiled(tmp_path):
    assert native.why_sources(_fake_build(tmp_path, compiled=()), environ={}) == ("not compiled at install", False)


def test_an_edited_source_has_every_module_read_from_its_source_with_a_warning(tmp_path):
    directory = _fake_build(tmp_path)
    (directory / "runs.py").write_text("# runs, edited\n", encoding="utf-8")
    assert native.why_sources(directory, environ={}) == ("changed since compiled: runs", True)


def test_a_half_done_build_is_not_used(tmp_path):
    directory = _fake_build(tmp_path, compiled=native.COMPILED_MODULES[1:])
    assert native.why_sources(directory, environ={}) == (f"not compiled: {native.COMPILED_MODULES[0]}", True)
    (directory / native.BUILD_RECORD.name).unlink()
    assert native.why_sources(directory, environ={})[0] == f"{native.BUILD_RECORD.name} is missing or unreadable"


def test_the_install_compiled_the_extractor_from_these_sources():
    """Where the install compiled the extractor (``native_build.json`` is there), it is
    used; this fails after a source was edited until the project is installed again."""
    if not native.BUILD_RECORD.is_file():
        pytest.skip("the extractor was not compiled at install (no C compiler, or VNNEWS_PURE_PYTHON)")
    if native.pure_python_asked():
        pytest.skip(f"{native.PURE_ENV} is set")
    assert native.STATE == "compiled (mypyc)", f"{native.STATE}: run pip install -e . again"


def _articles() -> list[tuple[str, list[str]]]:
    out = [person_input(a) for path in sorted(FIXTURES.glob("*.txt")) for a in read_articles(path, "fixtures", path.name)]
    if CORPUS.is_dir():
        paths = sorted(CORPUS.glob("*/*.txt"))
        for path in random.Random(60).sample(paths, COMPARED_CORPUS_ARTICLES):
            out += [person_input(a) for a in read_articles(path, path.parent.name, path.name)]
    return out


_FROM_SOURCES = """
import json, sys
from indexer.persons import extract_persons, native
import indexer.persons.features as features
articles = json.load(sys.stdin)
print(json.dumps({"state": native.STATE, "features": features.__file__,
                  "persons": [extract_persons(t, ps) for t, ps in articles]}))
"""


def test_the_sources_give_the_same_persons_as_the_compiled_extractor():
    """The fixture articles and, where ``../shared`` is, 300 corpus articles: the persons
    found in this process (compiled, where the install compiled it) and in one reading
    the sources (``VNNEWS_PURE_PYTHON=1``) are the same."""
    articles = _articles()
    env = dict(os.environ, **{native.PURE_ENV: "1"})
    done = subprocess.run([sys.executable, "-c", _FROM_SOURCES], input=json.dumps(articles), env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=True)
    pure = json.loads(done.stdout)
    assert pure["state"] == f"sources ({native.PURE_ENV} is set)"
    assert pure["features"].endswith("features.py")
    here = [extract_persons(t, ps) for t, ps in articles]
    assert sum(map(len, here)) > len(articles)  # persons were found: the comparison means something
    assert pure["persons"] == here

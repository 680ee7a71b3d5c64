"""indexer.cli: ``python -m indexer rebuild|update|stats``, exit codes and output."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer import store
from indexer.cli import main
from indexer_fixtures import CORPUS_IDS, corpus, index_dir, stored_docs  # noqa: F401

PROJECT = Path(__file__).resolve().parent.parent


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def build_args(command, corpus, index_dir, *extra):
    return (command, "--source", corpus, "--index", index_dir, "--jobs", "1", *extra)


def test_rebuild_summary(capsys, corpus, index_dir):
    code, out, err = run(capsys, *build_args("rebuild", corpus, index_dir))
    assert code == 0
    assert err == ""
    assert f"rebuild: {index_dir}" in out
    assert "indexed        5" in out
    assert "undated        1" in out
    assert "skipped        1" in out
    assert f"{corpus / 'empty.txt'}: empty file" in out
    assert "articles/s" in out
    assert set(stored_docs(index_dir)) == CORPUS_IDS


def test_rebuild_summary_lists_every_skip_with_reason(capsys, corpus, index_dir):
    (corpus / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    (corpus / "copy.txt").write_bytes((corpus / "a.txt").read_bytes())
    code, out, _ = run(capsys, *build_args("rebuild", corpus, index_dir))
    assert code == 0
    assert "skipped        4" in out
    assert f"{corpus / 'bin.txt'}: binary file" in out
    assert f"{corpus / 'bad.jsonl'}: no article in JSON Lines file" in out
    assert f"{corpus / 'copy.txt'}: duplicate of src/a.txt" in out
    assert f"{corpus / 'empty.txt'}: empty file" in out


def test_rebuild_warning_for_bad_date(capsys, corpus, index_dir):
    (corpus / "bad_date.txt").write_text("Tiêu đề lạ\nNgày 31 tháng 2 năm 2019\nThân bài lạ.", encoding="utf-8")
    code, out, _ = run(capsys, *build_args("rebuild", corpus, index_dir))
    assert code == 0
    assert "undated        2" in out
    warnings = [line for line in out.splitlines() if line.strip().startswith("warning:")]
    assert len(warnings) == 1 and "src/bad_date.txt" in warnings[0]


def test_rebuild_json(capsys, corpus, index_dir):
    code, out, _ = run(capsys, *build_args("rebuild", corpus, index_dir, "--json"))
    assert code == 0
    data = json.loads(out)
    assert data["mode"] == "rebuild"
    assert data["indexed"] == 5 and data["undated"] == 1
    assert data["skipped"] == [{"file": str(corpus / "empty.txt"), "reason": "empty file"}]
    assert data["seconds"] >= 0 and "articles_per_second" in data


def test_update_summary_and_json(capsys, corpus, index_dir):
    assert run(capsys, *build_args("rebuild", corpus, index_dir))[0] == 0
    (corpus / "sub" / "c.txt").unlink()
    (corpus / "e.txt").write_text("Bài mới\nNgày 1 tháng 2 năm 2022\nThân bài mới.", encoding="utf-8")
    code, out, _ = run(capsys, *build_args("update", corpus, index_dir))
    assert code == 0
    assert "update: " in out
    for label, n in (("indexed", 1), ("updated", 0), ("deleted", 1), ("unchanged", 4)):
        assert f"  {label:<15}{n}" in out
    code, out, _ = run(capsys, *build_args("update", corpus, index_dir, "--json"))
    assert code == 0
    data = json.loads(out)
    assert (data["indexed"], data["updated"], data["deleted"], data["unchanged"]) == (0, 0, 0, 5)


def test_stats(capsys, corpus, index_dir):
    run(capsys, *build_args("rebuild", corpus, index_dir))
    code, out, _ = run(capsys, "stats", "--index", index_dir)
    assert code == 0
    assert "documents    5" in out
    assert "2019-11-16 … 2021-03-04" in out
    assert "undated      1" in out
    code, out, _ = run(capsys, "stats", "--index", index_dir, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["documents"] == 5 and data["undated"] == 1
    assert data["date_from"] == "2019-11-16" and data["date_to"] == "2021-03-04"


def test_stats_missing_index(capsys, tmp_path):
    code, out, err = run(capsys, "stats", "--index", tmp_path / "nothing")
    assert code == 1
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "no index" in err


def test_stats_missing_index_json(capsys, tmp_path):
    code, out, err = run(capsys, "stats", "--index", tmp_path / "nothing", "--json")
    assert code == 1
    assert err.startswith("error: ")


@pytest.mark.parametrize(
    "args",
    [
        ("rebuild", "--bogus"),
        ("frobnicate",),
        (),
        ("rebuild", "--jobs", "x"),
        ("stats", "--source", "x"),
    ],
    ids=["unknown-option", "unknown-command", "no-command", "jobs-not-int", "stats-no-source"],
)
def test_usage_errors(capsys, args):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert "error:" in err


def test_missing_source_folder(capsys, tmp_path):
    code, _, err = run(capsys, "rebuild", "--source", tmp_path / "nope", "--index", tmp_path / "ix")
    assert code == 2
    assert err == f"error: source folder {tmp_path / 'nope'} does not exist\n"
    assert not (tmp_path / "ix" / "current").exists()


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_bad_jobs(capsys, corpus, index_dir, jobs):
    code, _, err = run(capsys, "rebuild", "--source", corpus, "--index", index_dir, "--jobs", jobs)
    assert code == 2
    assert "--jobs" in err


def test_help_exits_zero(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "rebuild" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["rebuild", "update"])
def test_index_busy(capsys, corpus, index_dir, command):
    with store.index_lock(index_dir, wait=0):
        code, out, err = run(capsys, *build_args(command, corpus, index_dir, "--wait", "0.3"))
    assert code == 1
    assert out == ""
    assert err.startswith("error: another indexer")
    assert "0.3 s" in err
    assert err.count("\n") == 1
    assert not (index_dir / "current").exists()


def test_subprocess_rebuild_and_stats(corpus, index_dir):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-m", "indexer", "rebuild", "--source", str(corpus), "--index", str(index_dir),
         "--jobs", "1", "--json"],
        cwd=PROJECT, capture_output=True, text=True, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["indexed"] == 5
    proc = subprocess.run(
        [sys.executable, "-m", "indexer", "stats", "--index", str(index_dir)],
        cwd=PROJECT, capture_output=True, text=True, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "documents    5" in proc.stdout


def test_subprocess_exit_codes(corpus, index_dir, tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "indexer", *map(str, args)],
                              cwd=PROJECT, capture_output=True, text=True, timeout=120)

    assert cli("rebuild", "--bogus").returncode == 2
    missing = cli("stats", "--index", tmp_path / "nothing")
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: ") and missing.stderr.count("\n") == 1
    with store.index_lock(index_dir, wait=0):
        busy = cli("rebuild", "--source", corpus, "--index", index_dir, "--jobs", "1", "--wait", "0.2")
    assert busy.returncode == 1
    assert busy.stderr.startswith("error: another indexer") and busy.stderr.count("\n") == 1


def test_dangling_current_fails_then_rebuild_recovers(capsys, corpus, index_dir):
    import shutil

    run(capsys, *build_args("rebuild", corpus, index_dir))
    shutil.rmtree(os.path.realpath(index_dir / "current"))
    for args in (("stats", "--index", index_dir), build_args("update", corpus, index_dir)):
        code, _, err = run(capsys, *args)
        assert code == 1
        assert err.startswith("error: ") and "missing build" in err and err.count("\n") == 1
    code, _, _ = run(capsys, *build_args("rebuild", corpus, index_dir))
    assert code == 0
    assert set(stored_docs(index_dir)) == CORPUS_IDS


def test_an_index_of_an_older_schema_is_refused_until_rebuilt(capsys, corpus, index_dir):
    from indexer.schema import SCHEMA_VERSION

    run(capsys, *build_args("rebuild", corpus, index_dir))
    build = store.live_build(index_dir)
    meta = store.read_meta(build)
    meta["schema_version"] = SCHEMA_VERSION - 1
    store.write_meta(build, meta)
    code, _, err = run(capsys, *build_args("update", corpus, index_dir))
    assert code == 1
    assert f"schema version {SCHEMA_VERSION - 1}" in err and "rebuild" in err and err.count("\n") == 1
    code, _, _ = run(capsys, *build_args("rebuild", corpus, index_dir))
    assert code == 0
    assert set(stored_docs(index_dir)) == CORPUS_IDS


def test_index_path_is_a_file(capsys, corpus, tmp_path):
    target = tmp_path / "afile"
    target.write_text("x")
    code, _, err = run(capsys, *build_args("rebuild", corpus, target))
    assert code == 1
    assert err.startswith("error: ") and err.count("\n") == 1


def test_stats_counts_the_sections(capsys, tmp_path, index_dir):
    src = tmp_path / "src"
    src.mkdir()
    for i, section in enumerate(["Thể thao", "the-thao", "Xã hội"]):
        (src / f"a{i}.txt").write_text(f"# section = {section}\n# date = 2021040{i + 1}\n"
                                       f"Tin số {i}\nNội dung tin số {i}.\n", encoding="utf-8")
    run(capsys, "rebuild", "--source", src, "--index", index_dir, "--jobs", "1")
    code, out, _ = run(capsys, "stats", "--index", index_dir, "--json")
    assert code == 0 and json.loads(out)["sections"] == {"Thể thao": 2, "Xã hội": 1}
    code, out, _ = run(capsys, "stats", "--index", index_dir)
    assert "sections\n       2  Thể thao\n       1  Xã hội\n" in out

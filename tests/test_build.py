"""indexer.build (rebuild / update), indexer.store (atomic switch, lock), indexer.stats."""

import os
import shutil
import threading

import pytest

from indexer import build as build_module
from indexer import store
from indexer.build import rebuild, update
from indexer.errors import IndexBusy, IndexMissing, UsageError
from indexer.schema import SCHEMA_VERSION
from indexer.stats import index_stats
from indexer_fixtures import (  # noqa: F401  (fixtures)
    CORPUS_IDS,
    SEED_PERSONS,
    builds,
    corpus,
    index_dir,
    seed_copy,
    stored_docs,
)


def current_target(index_dir):
    return os.readlink(index_dir / "current")


# --- rebuild --------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_rebuild(corpus, index_dir, jobs):
    report = rebuild([corpus], index_dir, jobs=jobs, lock_wait=0)
    assert report.mode == "rebuild"
    assert report.files == 5
    assert report.indexed == 5
    assert report.undated == 1
    assert [(os.path.basename(f), reason) for f, reason in report.skipped] == [("empty.txt", "empty file")]
    assert report.seconds > 0

    docs = stored_docs(index_dir)
    assert set(docs) == CORPUS_IDS
    a = docs["src/a.txt"]
    assert a["title"] == "Khai mạc hội chợ nông sản Sơn La"
    assert a["date"] == "2019-11-16"
    assert a["source"] == "src"
    assert "Tìm kiếm" not in a["body"]
    assert len(a["content_hash"]) == 64
    b = docs["src/b.txt"]
    assert b["url"] == "https://example.vn/tin/abc123"
    assert b["date"] == "2020-01-05"
    c = docs["src/sub/c.txt"]
    assert "date" not in c
    assert c["lead"] == "Ruộng bậc thang vào mùa đẹp nhất trong năm."
    n1 = docs["src/d.jsonl#n1"]
    assert n1["date"] == "2021-03-04" and n1["url"] == "https://example.vn/ca-phe"
    assert docs["src/d.jsonl#2"]["date"] == "2020-10-05"


def test_rebuild_layout(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    link = index_dir / "current"
    assert link.is_symlink()
    assert current_target(index_dir).startswith("builds" + os.sep)
    live = store.live_build(index_dir)
    assert live.parent == index_dir / "builds"
    meta = store.read_meta(live)
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["sources"] == [str(corpus.resolve())]
    assert meta["last"]["indexed"] == 5


def test_rebuild_searchable(corpus, index_dir):
    from whoosh.query import Term

    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    ix = store.open_index(index_dir)
    with ix.searcher() as s:
        assert [h["id"] for h in s.search(Term("title", "hội_chợ"))] == ["src/a.txt"]
        assert [h["id"] for h in s.search(Term("text_fold", "xoai"))] == ["src/a.txt"]
        assert [h["id"] for h in s.search(Term("date", "2020-01-05"))] == ["src/b.txt"]
        assert {h["id"] for h in s.search(Term("year", "2020"))} == {"src/b.txt", "src/d.jsonl#2"}


def test_rebuild_seed(seed_copy, index_dir):
    report = rebuild([seed_copy], index_dir, jobs=1, lock_wait=0)
    assert report.indexed == 1 and report.undated == 0
    doc = stored_docs(index_dir)["seeds/000_bddf68c9230f3abc.txt"]
    assert doc["title"] == "Hội nghị cán bộ chủ chốt toàn tỉnh"
    assert doc["date"] == "2019-11-16"
    assert "Tìm kiếm theo ngày" not in doc["body"]
    assert doc["body"].startswith("Ngày 16/11, các đồng chí")
    assert doc["persons"].split(",") == SEED_PERSONS


def test_rebuild_two_sources(corpus, tmp_path, index_dir):
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Tin khác\nNgày 2 tháng 3 năm 2018\nNội dung khác.", encoding="utf-8")
    report = rebuild([corpus, other], index_dir, jobs=1, lock_wait=0)
    assert report.indexed == 6
    assert set(stored_docs(index_dir)) == CORPUS_IDS | {"other/x.txt"}


def test_rebuild_source_name_clash(tmp_path, index_dir):
    (tmp_path / "a" / "src").mkdir(parents=True)
    (tmp_path / "b" / "src").mkdir(parents=True)
    with pytest.raises(UsageError, match="src"):
        rebuild([tmp_path / "a" / "src", tmp_path / "b" / "src"], index_dir, jobs=1, lock_wait=0)


def test_rebuild_missing_source(tmp_path, index_dir):
    with pytest.raises(UsageError, match="does not exist"):
        rebuild([tmp_path / "nope"], index_dir, jobs=1, lock_wait=0)
    assert not (index_dir / "current").exists()


def test_rebuild_bad_jobs(corpus, index_dir):
    with pytest.raises(UsageError):
        rebuild([corpus], index_dir, jobs=-1, lock_wait=0)


def test_rebuild_empty_source(tmp_path, index_dir):
    (tmp_path / "src").mkdir()
    report = rebuild([tmp_path / "src"], index_dir, jobs=1, lock_wait=0)
    assert report.indexed == 0
    assert stored_docs(index_dir) == {}


def test_rebuild_bad_date_warns(tmp_path, index_dir):
    src = tmp_path / "src"
    src.mkdir()
    (src / "bad.txt").write_text("Tiêu đề\nNgày 31 tháng 2 năm 2019\nThân bài.", encoding="utf-8")
    report = rebuild([src], index_dir, jobs=1, lock_wait=0)
    assert report.indexed == 1 and report.undated == 1
    assert len(report.warnings) == 1
    assert "src/bad.txt" in report.warnings[0][1] and "31/02/2019" in report.warnings[0][1]
    assert "date" not in stored_docs(index_dir)["src/bad.txt"]


# --- duplicates -----------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_rebuild_duplicates(corpus, index_dir, jobs):
    shutil.copy(corpus / "a.txt", corpus / "z_copy.txt")
    report = rebuild([corpus], index_dir, jobs=jobs, lock_wait=0)
    assert report.indexed == 5
    dups = [(os.path.basename(f), r) for f, r in report.skipped if "duplicate" in r]
    assert dups == [("z_copy.txt", "duplicate of src/a.txt")]
    assert set(stored_docs(index_dir)) == CORPUS_IDS


def test_update_duplicate_of_existing(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    shutil.copy(corpus / "a.txt", corpus / "z_copy.txt")
    report = update([corpus], index_dir, jobs=1, lock_wait=0)
    assert report.indexed == 0
    assert [os.path.basename(f) for f, r in report.skipped if r == "duplicate of src/a.txt"] == ["z_copy.txt"]
    assert set(stored_docs(index_dir)) == CORPUS_IDS


# --- update ---------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_update(corpus, index_dir, jobs):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    live_before = store.live_build(index_dir)
    (corpus / "e.txt").write_text(
        "Bài mới về du lịch\nNgày 1 tháng 2 năm 2022\nDu khách đến đông.", encoding="utf-8")
    (corpus / "b.txt").write_text(
        (corpus / "b.txt").read_text(encoding="utf-8").replace("mỗi ngày", "mỗi sáng"), encoding="utf-8")
    (corpus / "sub" / "c.txt").unlink()

    report = update([corpus], index_dir, jobs=jobs, lock_wait=0)
    assert report.mode == "update"
    assert (report.indexed, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 3)
    assert report.undated == 0

    docs = stored_docs(index_dir)
    assert set(docs) == CORPUS_IDS - {"src/sub/c.txt"} | {"src/e.txt"}
    assert docs["src/b.txt"]["body"] == "Các em học sinh vượt suối đến lớp học mỗi sáng."
    assert docs["src/e.txt"]["date"] == "2022-02-01"
    assert store.live_build(index_dir) == live_before  # update works in place
    assert store.read_meta(live_before)["updated_at"]

    again = update([corpus], index_dir, jobs=jobs, lock_wait=0)
    assert (again.indexed, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 5)
    assert set(stored_docs(index_dir)) == set(docs)


def test_update_jsonl_line_removed(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    lines = (corpus / "d.jsonl").read_text(encoding="utf-8").splitlines()
    (corpus / "d.jsonl").write_text(lines[0] + "\n", encoding="utf-8")
    report = update([corpus], index_dir, jobs=1, lock_wait=0)
    assert report.deleted == 1
    assert "src/d.jsonl#2" not in stored_docs(index_dir)


def test_update_date_only_change_is_reindexed(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    (corpus / "b.txt").write_text(
        (corpus / "b.txt").read_text(encoding="utf-8").replace("20200105", "20200106"), encoding="utf-8")
    report = update([corpus], index_dir, jobs=1, lock_wait=0)
    assert (report.updated, report.unchanged) == (1, 4)
    assert stored_docs(index_dir)["src/b.txt"]["date"] == "2020-01-06"


def test_update_keeps_other_sources(corpus, tmp_path, index_dir):
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Tin khác\nNội dung khác hẳn.", encoding="utf-8")
    rebuild([corpus, other], index_dir, jobs=1, lock_wait=0)
    report = update([corpus], index_dir, jobs=1, lock_wait=0)
    assert report.deleted == 0
    assert "other/x.txt" in stored_docs(index_dir)


def test_update_renamed_file_stays_indexed(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    (corpus / "a.txt").rename(corpus / "a_new.txt")
    report = update([corpus], index_dir, jobs=1, lock_wait=0)
    docs = stored_docs(index_dir)
    assert "src/a.txt" not in docs
    assert "src/a_new.txt" in docs
    assert (report.indexed, report.deleted) == (1, 1)


def test_update_without_index_builds(corpus, index_dir):
    report = update([corpus], index_dir, jobs=1, lock_wait=0)
    assert report.mode.startswith("update")
    assert report.indexed == 5
    assert set(stored_docs(index_dir)) == CORPUS_IDS


# --- atomic switch ----------------------------------------------------------------------


def test_rebuild_switches_atomically(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    old_target = current_target(index_dir)
    old_ix = store.open_index(index_dir)
    old_reader = old_ix.reader()
    (corpus / "e.txt").write_text("Bài mới\nNgày 1 tháng 2 năm 2022\nThân bài mới.", encoding="utf-8")

    seen_during = []

    def progress(_n):
        # mid-build: the old index is still the live one and still answers
        seen_during.append((current_target(index_dir), len(stored_docs(index_dir))))

    rebuild([corpus], index_dir, jobs=1, lock_wait=0, progress=progress)
    assert seen_during and all(entry == (old_target, 5) for entry in seen_during)
    new_target = current_target(index_dir)
    assert new_target != old_target
    assert len(stored_docs(index_dir)) == 6
    # a reader opened on the old build can finish its work
    assert old_reader.doc_count() == 5
    assert len(list(old_reader.all_stored_fields())) == 5
    old_reader.close()
    assert (index_dir / old_target).is_dir()  # the previous build is kept


def test_old_builds_pruned(corpus, index_dir):
    for _ in range(4):
        rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    assert len(builds(index_dir)) == 1 + store.KEEP_OLD_BUILDS
    assert os.path.basename(current_target(index_dir)) in builds(index_dir)


@pytest.mark.parametrize("target", ["_drop_duplicates", "_tally"])
def test_failed_rebuild_keeps_old_index(corpus, index_dir, monkeypatch, target):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    old_target = current_target(index_dir)
    before = builds(index_dir)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(build_module, target, boom)
    (corpus / "e.txt").write_text("Bài mới\nThân bài mới.", encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk on fire"):
        rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    assert current_target(index_dir) == old_target
    assert builds(index_dir) == before  # no half-made build left behind
    assert set(stored_docs(index_dir)) == CORPUS_IDS


def test_interrupted_rebuild_keeps_old_index(corpus, index_dir, monkeypatch):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    old_target = current_target(index_dir)
    before = builds(index_dir)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "switch_to", interrupt)
    with pytest.raises(KeyboardInterrupt):
        rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    assert current_target(index_dir) == old_target
    assert builds(index_dir) == before


def _fail_on_c(original):
    def prepare(article):
        if article.id == "src/sub/c.txt":
            raise ValueError("persons extractor crashed")
        return original(article)
    return prepare


@pytest.mark.parametrize(
    "jobs",
    [
        pytest.param(1),
        2,
    ],
)
def test_one_failing_article_does_not_stop_rebuild(corpus, index_dir, monkeypatch, jobs):
    monkeypatch.setattr(build_module, "prepare", _fail_on_c(build_module.prepare))
    report = rebuild([corpus], index_dir, jobs=jobs, lock_wait=0)
    reasons = {os.path.basename(f): r for f, r in report.skipped}
    assert "persons extractor crashed" in reasons["c.txt"]
    assert report.indexed == 4
    assert set(stored_docs(index_dir)) == CORPUS_IDS - {"src/sub/c.txt"}


# --- lock -------------------------------------------------------------------------------


def test_second_indexer_gets_index_busy(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    target = current_target(index_dir)
    with store.index_lock(index_dir, wait=0):
        with pytest.raises(IndexBusy, match="another indexer"):
            rebuild([corpus], index_dir, jobs=1, lock_wait=0.5)
        with pytest.raises(IndexBusy):
            update([corpus], index_dir, jobs=1, lock_wait=0.5)
    assert current_target(index_dir) == target
    # once the lock is free again, work goes on
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)


def test_busy_message_names_holder_pid(index_dir):
    with store.index_lock(index_dir, wait=0):
        with pytest.raises(IndexBusy) as info:
            with store.index_lock(index_dir, wait=0.2):
                pass
    assert f"pid {os.getpid()}" in str(info.value)
    assert "\n" not in str(info.value)


def test_lock_waits_for_release(corpus, index_dir):
    held = threading.Event()
    release = threading.Event()

    def holder():
        with store.index_lock(index_dir, wait=0):
            held.set()
            release.wait(5)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(5)
    threading.Timer(0.3, release.set).start()
    report = rebuild([corpus], index_dir, jobs=1, lock_wait=10)
    t.join()
    assert report.indexed == 5


# --- open_index / stats -------------------------------------------------------------


def test_open_missing_index(index_dir):
    with pytest.raises(IndexMissing):
        store.open_index(index_dir)
    with pytest.raises(IndexMissing):
        index_stats(index_dir)


def test_stats(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    s = index_stats(index_dir)
    assert s["documents"] == 5
    assert s["date_from"] == "2019-11-16"
    assert s["date_to"] == "2021-03-04"
    assert s["undated"] == 1
    assert s["size_bytes"] > 0
    assert s["built_at"] and s["updated_at"] is None
    assert s["sources"] == [str(corpus.resolve())]
    assert s["last_run"]["indexed"] == 5


def test_stats_seed_persons(seed_copy, index_dir):
    rebuild([seed_copy], index_dir, jobs=1, lock_wait=0)
    s = index_stats(index_dir)
    assert sorted(name for name, _ in s["top_persons"]) == sorted(SEED_PERSONS)
    assert all(n == 1 for _, n in s["top_persons"])


_STATS_DELETED_BUG = pytest.mark.regression  # was a bug; fixed


@_STATS_DELETED_BUG
def test_stats_after_update_deletes(corpus, index_dir):
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    (corpus / "a.txt").unlink()
    (corpus / "b.txt").unlink()
    update([corpus], index_dir, jobs=1, lock_wait=0)
    s = index_stats(index_dir)
    assert s["documents"] == 3
    assert s["undated"] == 1
    assert s["date_from"] == "2020-10-05"
    assert s["updated_at"]


@_STATS_DELETED_BUG
def test_stats_after_duplicate_removal(corpus, index_dir):
    shutil.copy(corpus / "a.txt", corpus / "z_copy.txt")
    rebuild([corpus], index_dir, jobs=1, lock_wait=0)
    s = index_stats(index_dir)
    assert s["documents"] == 5
    assert s["undated"] == 1

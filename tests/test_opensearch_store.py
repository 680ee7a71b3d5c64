"""indexer.opensearch: rebuild, update and stats of an index on an OpenSearch node.

The tests marked ``opensearch`` run against a real node (``opensearch_url``, see
tests/opensearch_fixtures.py), each under an alias of its own; the others need none.
"""

from __future__ import annotations

import doctest
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import build as build_module
from indexer.analysis import folded_analyzer, pair_analyzer, syllable_analyzer, word_analyzer
from indexer.build import rebuild as whoosh_rebuild
from indexer.build import update as whoosh_update
from indexer.cli import main
from indexer.documents import stored_persons
from indexer.errors import BackendError, BackendUnavailable, IndexBusy, IndexCorrupt, IndexerError
from indexer.opensearch import index_stats, indices, rebuild, update
from indexer.opensearch import cluster as cluster_module
from indexer.opensearch import writing as writing_module
from indexer.opensearch.cluster import connect
from indexer.opensearch.lock import alias_lock
from indexer.schema import SCHEMA_VERSION
from indexer.stats import index_stats as whoosh_stats
from indexer_fixtures import CORPUS_IDS, corpus, stored_docs  # noqa: F401  (fixtures)
from opensearch_fixtures import client, drop_alias, opensearch_alias  # noqa: F401  (fixtures)

PROJECT = Path(__file__).resolve().parent.parent
FIXTURE_ARTICLES = PROJECT / "tests" / "fixtures" / "articles"
SEED_ID = "articles/000_bddf68c9230f3abc.txt"
# What a run's summary says whatever the backend (not where, nor how fast).
SUMMARY_KEYS = ("mode", "files", "indexed", "updated", "deleted", "unchanged", "undated", "skipped", "warnings")


def summary(report) -> dict:
    d = report.as_dict()
    return {key: d[key] for key in SUMMARY_KEYS}


def holders(url: str, alias: str) -> list[str]:
    return indices.alias_holders(connect(url), alias)


def ours(url: str, alias: str) -> list[str]:
    """Every index of ``alias``'s pattern, aliased or not."""
    found = client(url).indices.get(index=f"{alias}-*", params={"expand_wildcards": "all"})
    return sorted(found)


def live_ids(url: str, alias: str) -> set[str]:
    c = client(url)
    c.indices.refresh(index=alias)
    hits = c.search(index=alias, body={"size": 1000, "_source": False, "query": {"match_all": {}}})
    return {hit["_id"] for hit in hits["hits"]["hits"]}


def count(url: str, alias: str) -> int:
    return client(url).count(index=alias)["count"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fixture_alias(opensearch_url):
    """The 13 fixture articles, rebuilt once into an alias of this module."""
    alias = f"test-w-fixtures-{os.getpid()}"
    report = rebuild([FIXTURE_ARTICLES], opensearch_url, alias, replicas=0, jobs=2, lock_wait=0)
    assert report.indexed == 13, report.as_dict()
    yield alias
    drop_alias(opensearch_url, alias)


@pytest.mark.parametrize("module", [cluster_module, indices, writing_module], ids=lambda m: m.__name__)
def test_the_doctests_hold(module):
    assert doctest.testmod(module).failed == 0


# --- what a rebuild holds -----------------------------------------------------------------


@pytest.mark.opensearch
def test_a_rebuild_holds_what_the_whoosh_index_of_the_same_articles_holds(opensearch_url, fixture_alias, index_dir):
    ours_, whoosh = index_stats(opensearch_url, fixture_alias), whoosh_stats(index_dir)
    for key in ("documents", "date_from", "date_to", "undated", "top_persons", "sections"):
        assert ours_[key] == whoosh[key], key
    assert ours_["documents"] == 13 and ours_["undated"] == 1 and ours_["top_persons"][0] == ["Nguyễn Hữu Đông", 5]
    assert indices.is_concrete_of(fixture_alias, ours_["index"])
    assert ours_["alias"] == fixture_alias and ours_["health"] == {"cluster": ours_["health"]["cluster"],
                                                                   "index": "green"}
    assert ours_["size_bytes"] > 0 and ours_["built_at"] and ours_["updated_at"] is None
    assert ours_["sources"] == [str(FIXTURE_ARTICLES)] and ours_["last_run"]["indexed"] == 13


@pytest.mark.opensearch
def test_every_document_carries_the_tokens_of_the_analysis_module(opensearch_url, fixture_alias, index_dir):
    whoosh_docs = stored_docs(index_dir)
    hits = client(opensearch_url).search(index=fixture_alias, body={"size": 100})["hits"]["hits"]
    assert {hit["_id"] for hit in hits} == set(whoosh_docs)
    for hit in hits:
        doc, stored = hit["_source"], whoosh_docs[hit["_id"]]
        assert (doc["title"], doc.get("lead", ""), doc["body"]) == (stored["title"], stored["lead"], stored["body"])
        assert doc.get("persons", []) == stored_persons(stored) and doc.get("date") == stored.get("date")
        whole = "\n".join(part for part in (doc["title"], doc.get("lead"), doc["body"]) if part)
        assert doc["title_words"].split() == [t.text for t in word_analyzer()(doc["title"])]
        assert doc["text_words"].split() == [t.text for t in word_analyzer()(whole)]
        assert doc["text_syl"].split() == [t.text for t in syllable_analyzer()(whole)]
        assert doc["text_fold"].split() == [t.text for t in folded_analyzer()(whole)]
        assert doc["text_pairs"].split() == [t.text for t in pair_analyzer()(whole)]


@pytest.mark.opensearch
def test_the_cluster_indexes_each_token_at_its_position(opensearch_url, fixture_alias):
    """The whitespace analyzer takes the tokens as sent: token i at position i."""
    c = client(opensearch_url)
    title = c.get(index=fixture_alias, id=SEED_ID)["_source"]["title"]
    vectors = c.termvectors(index=fixture_alias, id=SEED_ID,
                            body={"fields": ["title_fold"], "positions": True, "offsets": False})
    at = {token["position"]: term
          for term, info in vectors["term_vectors"]["title_fold"]["terms"].items() for token in info["tokens"]}
    assert [at[i] for i in sorted(at)] == [t.text for t in folded_analyzer()(title)]
    assert sorted(at) == list(range(len(at)))


# --- update ---------------------------------------------------------------------------------


@pytest.mark.opensearch
def test_update_indexes_new_and_changed_articles_and_deletes_vanished_ones_as_whoosh_does(
        opensearch_url, opensearch_alias, corpus, tmp_path):
    whoosh_dir = tmp_path / "whoosh"
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
    whoosh_rebuild([corpus], whoosh_dir, jobs=1, lock_wait=0)
    live = holders(opensearch_url, opensearch_alias)
    (corpus / "e.txt").write_text("Bài mới về du lịch\nNgày 1 tháng 2 năm 2022\nDu khách đến đông.", encoding="utf-8")
    (corpus / "b.txt").write_text(
        (corpus / "b.txt").read_text(encoding="utf-8").replace("mỗi ngày", "mỗi sáng"), encoding="utf-8")
    (corpus / "sub" / "c.txt").unlink()

    report = update([corpus], opensearch_url, opensearch_alias, jobs=2, lock_wait=0)
    assert (report.indexed, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 3)
    assert summary(report) == summary(whoosh_update([corpus], whoosh_dir, jobs=1, lock_wait=0))
    assert live_ids(opensearch_url, opensearch_alias) == CORPUS_IDS - {"src/sub/c.txt"} | {"src/e.txt"}
    b = client(opensearch_url).get(index=opensearch_alias, id="src/b.txt")["_source"]
    assert b["body"] == "Các em học sinh vượt suối đến lớp học mỗi sáng." and "sáng" in b["text_words"].split()
    assert holders(opensearch_url, opensearch_alias) == live  # an update works in place
    assert index_stats(opensearch_url, opensearch_alias)["updated_at"]

    again = update([corpus], opensearch_url, opensearch_alias, jobs=1, lock_wait=0)
    assert (again.indexed, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 5)


@pytest.mark.opensearch
def test_update_without_an_index_builds_one_with_a_replica_by_default(opensearch_url, opensearch_alias, corpus):
    report = update([corpus], opensearch_url, opensearch_alias, jobs=1, lock_wait=0)
    assert report.mode == "update (no index yet: full build)" and report.indexed == 5
    assert live_ids(opensearch_url, opensearch_alias) == CORPUS_IDS
    [index] = holders(opensearch_url, opensearch_alias)
    settings = client(opensearch_url).indices.get_settings(index=index)[index]["settings"]["index"]
    assert settings["number_of_replicas"] == "1"
    # one node: the replica has nowhere to go, the index is yellow and answers
    assert index_stats(opensearch_url, opensearch_alias)["health"]["index"] == "yellow"


@pytest.mark.opensearch
def test_update_refuses_an_index_of_another_schema(opensearch_url, opensearch_alias, corpus):
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
    cluster = connect(opensearch_url)
    index = indices.live_index(cluster, opensearch_alias)
    meta = indices.read_meta(cluster, index)
    indices.write_meta(cluster, index, dict(meta, schema_version=SCHEMA_VERSION - 1))
    with pytest.raises(IndexCorrupt, match=f"schema version {SCHEMA_VERSION - 1}.*rebuild"):
        update([corpus], opensearch_url, opensearch_alias, jobs=1, lock_wait=0)


# --- the alias switch ------------------------------------------------------------------------


@pytest.mark.opensearch
def test_a_rebuild_moves_the_alias_at_once_and_deletes_the_old_index(opensearch_url, opensearch_alias, corpus):
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
    [old] = holders(opensearch_url, opensearch_alias)
    (corpus / "e.txt").write_text("Bài mới\nNgày 1 tháng 2 năm 2022\nThân bài mới.", encoding="utf-8")
    seen_during = []

    def progress(_n):  # mid-rebuild, searches still see the old index, whole
        seen_during.append((holders(opensearch_url, opensearch_alias), count(opensearch_url, opensearch_alias)))

    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0, progress=progress)
    assert seen_during and all(seen == ([old], 5) for seen in seen_during)
    [new] = holders(opensearch_url, opensearch_alias)
    assert new != old and indices.is_concrete_of(opensearch_alias, new)
    assert ours(opensearch_url, opensearch_alias) == [new]  # the old index is gone
    assert count(opensearch_url, opensearch_alias) == 6
    aliases = client(opensearch_url).indices.get_alias(name=opensearch_alias)
    assert aliases[new]["aliases"][opensearch_alias]["is_write_index"] is True


def _failing_source(monkeypatch, jobs):
    original = build_module._read

    def read(job, result):
        if job.rel == "e.txt":
            raise RuntimeError("the disk holding e.txt is on fire")
        return original(job, result)

    monkeypatch.setattr(build_module, "_read", read)
    return (RuntimeError, "on fire") if jobs == 1 else (IndexerError, "an indexing worker failed: .*on fire")


def _rejected_document(monkeypatch, jobs):
    original = writing_module.source_of

    def source_of(fields):
        doc = original(fields)
        if fields["id"] == "src/e.txt":
            doc["not_in_the_mapping"] = "x"  # the strict mapping rejects it
        return doc

    monkeypatch.setattr(writing_module, "source_of", source_of)
    return BackendError, "rejected the document src/e.txt .*strict_dynamic_mapping_exception"


@pytest.mark.opensearch
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("failure", [_failing_source, _rejected_document], ids=["source-raises", "bulk-rejects"])
def test_a_failed_rebuild_leaves_the_alias_on_the_old_index(opensearch_url, opensearch_alias, corpus, monkeypatch,
                                                            failure, jobs):
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
    [old] = holders(opensearch_url, opensearch_alias)
    (corpus / "e.txt").write_text("Bài mới\nNgày 1 tháng 2 năm 2022\nThân bài mới.", encoding="utf-8")
    error, message = failure(monkeypatch, jobs)
    with pytest.raises(error, match=message):
        rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=jobs, lock_wait=0)
    assert holders(opensearch_url, opensearch_alias) == [old]
    assert count(opensearch_url, opensearch_alias) == 5
    assert ours(opensearch_url, opensearch_alias) == [old]  # the half-built index is deleted


@pytest.mark.opensearch
def test_a_rebuild_killed_mid_load_leaves_the_alias_and_the_next_deletes_its_index(
        opensearch_url, opensearch_alias, corpus, tmp_path):
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
    [old] = holders(opensearch_url, opensearch_alias)
    many = tmp_path / "many"  # enough articles (104) for the load to last seconds
    many.mkdir()
    for i in range(8):
        for path in FIXTURE_ARTICLES.iterdir():
            (many / f"{i}_{path.name}").write_text(path.read_text(encoding="utf-8") + f"\nBản số {i}.\n",
                                                   encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer", "rebuild", "--backend", "opensearch", "--opensearch-url", opensearch_url,
         "--opensearch-index", opensearch_alias, "--replicas", "0", "--source", str(many), "--jobs", "1"],
        cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(ours(opensearch_url, opensearch_alias)) < 2:  # its index is made: the load begins
            assert proc.poll() is None and time.monotonic() < deadline, "the rebuild never began its load"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    [left] = [name for name in ours(opensearch_url, opensearch_alias) if name != old]
    assert holders(opensearch_url, opensearch_alias) == [old]
    found = client(opensearch_url).search(index=opensearch_alias, body={"query": {"match": {"text_fold": "son"}}})
    assert found["hits"]["total"]["value"] == 1 and count(opensearch_url, opensearch_alias) == 5
    assert indices.orphans(connect(opensearch_url), opensearch_alias) == [left]

    # its lock is taken over at once (its process is gone), its index deleted
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
    [new] = holders(opensearch_url, opensearch_alias)
    assert ours(opensearch_url, opensearch_alias) == [new] and new not in (old, left)


@pytest.mark.opensearch
def test_a_rebuild_deletes_only_orphans_of_its_own_alias(opensearch_url, opensearch_alias, corpus):
    c = client(opensearch_url)
    orphan, kept = f"{opensearch_alias}-20000101-000000-000", f"{opensearch_alias}-kept"
    longer = f"{opensearch_alias}-x-20000101-000000-000"  # would be an index of the alias <alias>-x
    for name in (orphan, kept, longer):
        c.indices.create(index=name, body={"settings": {"index": {"number_of_replicas": 0}}})
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
    assert ours(opensearch_url, opensearch_alias) == sorted([*holders(opensearch_url, opensearch_alias), kept, longer])


@pytest.mark.opensearch
def test_an_index_named_like_the_alias_is_refused(opensearch_url, opensearch_alias, corpus):
    client(opensearch_url).indices.create(index=opensearch_alias, body={"settings": {"number_of_replicas": 0}})
    try:
        with pytest.raises(BackendError, match=f"an index named {opensearch_alias}, where the alias should be"):
            rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
        assert ours(opensearch_url, opensearch_alias) == []
    finally:
        client(opensearch_url).indices.delete(index=opensearch_alias)


@pytest.mark.opensearch
def test_a_red_index_stops_update_and_stats_and_a_rebuild_replaces_it(opensearch_url, opensearch_alias, corpus):
    c = client(opensearch_url)
    red = f"{opensearch_alias}-20000101-000000-000"  # its primary may only live on a node that does not exist
    c.indices.create(index=red, params={"wait_for_active_shards": "0"}, body={"settings": {"index": {
        "number_of_replicas": 0, "routing.allocation.require._name": "nowhere"}}})
    c.indices.update_aliases(body={"actions": [{"add": {"index": red, "alias": opensearch_alias}}]})
    with pytest.raises(BackendUnavailable, match=f"index {red} on OpenSearch at .* is red"):
        update([corpus], opensearch_url, opensearch_alias, jobs=1, lock_wait=0)
    with pytest.raises(BackendUnavailable, match="is red"):
        index_stats(opensearch_url, opensearch_alias)
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
    assert red not in ours(opensearch_url, opensearch_alias) and count(opensearch_url, opensearch_alias) == 5


# --- what is skipped -------------------------------------------------------------------------


@pytest.mark.opensearch
def test_duplicates_and_ids_opensearch_cannot_take_are_skipped_with_their_reason(opensearch_url, opensearch_alias, corpus):
    shutil.copy(corpus / "a.txt", corpus / "z_copy.txt")
    deep = corpus / ("d" * 200) / ("e" * 200) / ("f" * 120)
    deep.mkdir(parents=True)
    (deep / "long.txt").write_text("Tin dài\nNgày 2 tháng 3 năm 2018\nNội dung rất dài.", encoding="utf-8")
    with (corpus / "d.jsonl").open("a", encoding="utf-8") as jsonl:  # a second record with the id n1
        jsonl.write(json.dumps({"id": "n1", "title": "Tin khác", "body": "Nội dung khác."}, ensure_ascii=False) + "\n")
    report = rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=2, lock_wait=0)
    reasons = {os.path.basename(f): r for f, r in report.skipped}
    assert reasons["z_copy.txt"] == "duplicate of src/a.txt"
    assert "longer than 512 bytes" in reasons["long.txt"] and "shorten the path" in reasons["long.txt"]
    assert reasons["d.jsonl"] == "src/d.jsonl#n1: another article before it has the same id"
    assert report.indexed == 5 and live_ids(opensearch_url, opensearch_alias) == CORPUS_IDS
    kept = client(opensearch_url).get(index=opensearch_alias, id="src/d.jsonl#n1")["_source"]
    assert kept["title"] == "Giá cà phê tăng mạnh"  # the first of the two


# --- one indexer at a time --------------------------------------------------------------------


@pytest.mark.opensearch
def test_a_second_indexer_waits_then_gives_up_naming_the_first(opensearch_url, opensearch_alias, corpus):
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)
    before = holders(opensearch_url, opensearch_alias)
    with alias_lock(connect(opensearch_url), opensearch_alias, "rebuild", wait=0):
        for run in (rebuild, update):
            started = time.monotonic()
            with pytest.raises(IndexBusy, match=rf"another indexer \(pid {os.getpid()} on .*gave up after 0.3 s"):
                run([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0.3)
            assert time.monotonic() - started >= 0.3
    assert holders(opensearch_url, opensearch_alias) == before
    rebuild([corpus], opensearch_url, opensearch_alias, replicas=0, jobs=1, lock_wait=0)  # free again


# --- an unreachable cluster (no node needed) -------------------------------------------------


@pytest.mark.parametrize("run", ["rebuild", "update", "stats"])
def test_an_unreachable_cluster_is_backend_unavailable(corpus, run):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(BackendUnavailable, match=rf"OpenSearch at {url} cannot be reached \(Connection refused\)"):
        if run == "stats":
            index_stats(url, "vnnews")
        else:
            {"rebuild": rebuild, "update": update}[run]([corpus], url, "vnnews", jobs=1)


def test_the_cli_says_in_one_line_that_the_cluster_cannot_be_reached(capsys, corpus):
    url = f"http://admin:secret@127.0.0.1:{free_port()}"
    code = main(["rebuild", "--backend", "opensearch", "--opensearch-url", url, "--source", str(corpus)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("error: OpenSearch at http://127.0.0.1:") and "cannot be reached" in err
    assert err.count("\n") == 1 and "secret" not in err


@pytest.mark.parametrize("args, message", [
    (["rebuild", "--shards", "2"], "--shards is for --backend opensearch"),
    (["stats", "--opensearch-index", "x"], "--opensearch-index is for --backend opensearch"),
    (["rebuild", "--backend", "opensearch", "--opensearch-url", "http://h:9200", "--index", "ix"],
     "--index names a Whoosh folder"),
    (["update", "--backend", "opensearch"], "needs --opensearch-url"),
    (["stats", "--backend", "opensearch", "--opensearch-url", "h:9200"], "must be an http:// or https:// URL"),
    (["stats", "--backend", "opensearch", "--opensearch-url", "http://h:9200", "--opensearch-index", "Tin"],
     "not a valid name"),
    (["rebuild", "--backend", "opensearch", "--opensearch-url", "http://h:9200", "--shards", "0"],
     "--shards must be at least 1"),
], ids=["shards-whoosh", "alias-whoosh", "index-opensearch", "no-url", "url-not-http", "alias-upper", "no-shards"])
def test_the_cli_refuses_options_that_do_not_fit_the_backend(capsys, monkeypatch, args, message):
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    assert main(args) == 2
    _, err = capsys.readouterr()
    assert message in err and err.startswith("error: ") and err.count("\n") == 1


# --- the command line, end to end -------------------------------------------------------------


@pytest.mark.opensearch
def test_the_cli_rebuilds_updates_and_tells_the_stats_of_an_opensearch_index(opensearch_url, opensearch_alias):
    env = dict(os.environ, OPENSEARCH_URL=opensearch_url)
    env.pop("PYTHONPATH", None)

    def cli(*args):
        proc = subprocess.run([sys.executable, "-m", "indexer", *args, "--backend", "opensearch",
                               "--opensearch-index", opensearch_alias, "--json"],
                              cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    built = cli("rebuild", "--source", str(FIXTURE_ARTICLES), "--jobs", "2", "--replicas", "0", "--shards", "2")
    assert (built["mode"], built["indexed"], built["undated"], built["skipped"]) == ("rebuild", 13, 1, [])
    [index] = holders(opensearch_url, opensearch_alias)
    assert built["index"] == f"{opensearch_url}/{opensearch_alias} ({index})"
    stats = cli("stats")
    assert (stats["documents"], stats["undated"], stats["index"], stats["alias"]) == (13, 1, index, opensearch_alias)
    assert stats["date_from"] == "2019-11-16" and stats["health"]["index"] == "green"
    settings = client(opensearch_url).indices.get_settings(index=index)[index]["settings"]["index"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == ("2", "0")
    assert "refresh_interval" not in settings  # back to the default after the load
    updated = cli("update", "--source", str(FIXTURE_ARTICLES), "--jobs", "1")
    assert (updated["mode"], updated["unchanged"], updated["indexed"], updated["deleted"]) == ("update", 13, 0, 0)

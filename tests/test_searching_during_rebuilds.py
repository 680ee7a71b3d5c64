"""Searching while the index changes: concurrency and endurance.

* searches from several threads keep succeeding (0 errors) while ``update`` and
  ``rebuild`` run in a subprocess on the same index folder, and the app picks up each
  new index without a restart;
* file descriptors and memory stay flat over ENDURANCE_REQUESTS requests through the
  Flask test client.
"""

from __future__ import annotations

import gc
import random
import threading
import time
from collections import Counter

import pytest

from indexer.build import rebuild
from robustness_fixtures import (
    KNOWN_IDS,
    KNOWN_QUERY,
    corpus_article,
    fd_count,
    rss_bytes,
    run_indexer,
    write_corpus,
)

SEARCH_THREADS = 4
ENDURANCE_REQUESTS = 10_000
FD_SLACK = 5
RSS_SLACK = 50 * 1024 * 1024


def _ids(response) -> set[str]:
    return {r["id"] for r in response.get_json()["results"]}


@pytest.mark.slow
def test_searches_succeed_during_update_and_rebuild(tmp_path):
    from search_app import create_app

    src = write_corpus(tmp_path / "src")
    index = tmp_path / "index"
    rebuild([src], index, jobs=1)
    app = create_app({"INDEX_DIR": str(index)})
    stop = threading.Event()
    outcomes: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    queries = [("/api/search", {"q": KNOWN_QUERY}), ("/api/search", {"q": "hội nghị cán bộ"}),
               ("/api/search", {"q": "le hoi", "sort": "newest"}), ("/", {"q": "giao thông"}),
               ("/api/articles/src/a001.txt", {}), ("/bai-viet/src/a002.txt", {}),
               ("/api/search", {"q": "du lịch", "year": "2020", "per_page": "50"})]

    def searcher(n: int) -> None:
        client = app.test_client()
        rnd = random.Random(n)
        while not stop.is_set():
            url, args = rnd.choice(queries)
            try:
                response = client.get(url, query_string=args)
                ok = response.status_code == 200
                if ok and args.get("q") == KNOWN_QUERY:
                    ok = _ids(response) == KNOWN_IDS
                detail = f"{url} {args} -> {response.status_code} {response.get_data(as_text=True)[:200]}"
            except Exception as exc:  # noqa: BLE001 - counted as an error
                ok, detail = False, f"{url} {args} -> {type(exc).__name__}: {exc}"
            with lock:
                outcomes["ok" if ok else "error"] += 1
                if not ok and len(errors) < 20:
                    errors.append(detail)

    threads = [threading.Thread(target=searcher, args=(n,), daemon=True) for n in range(SEARCH_THREADS)]
    for t in threads:
        t.start()
    try:
        rnd = random.Random(7)
        for step in range(4):
            # Changes for this step: a new article with a new word, one changed, one removed.
            marker = ["thanh long", "măng cụt", "chôm chôm", "vú sữa"][step]
            (src / f"new{step}.txt").write_text(
                corpus_article(200 + step, rnd, f"Nông dân thu hoạch {marker} ở bản Mé."), encoding="utf-8")
            (src / f"a{10 + step:03d}.txt").write_text(
                corpus_article(10 + step, rnd, f"Bản tin sửa lần {step}."), encoding="utf-8")
            (src / f"a{30 + step:03d}.txt").unlink()
            command = "update" if step % 2 == 0 else "rebuild"
            result = run_indexer(command, "--source", src, "--index", index, "--jobs", "2", "--wait", "30")
            assert result.returncode == 0, result.stderr[-2000:]
            # Picked up without a restart: the new article is found within a few seconds.
            client = app.test_client()
            deadline = time.monotonic() + 5
            while True:
                found = _ids(client.get("/api/search", query_string={"q": marker}))
                if f"src/new{step}.txt" in found or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            assert f"src/new{step}.txt" in found, (command, marker, found)
            if command == "rebuild":  # after an update: see test_running_app_sees_update_deletions
                assert client.get(f"/api/articles/src/a{30 + step:03d}.txt").status_code == 404
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    print(f"\nsearches during update/rebuild: {dict(outcomes)}")
    assert outcomes["ok"] > 100
    assert outcomes["error"] == 0, errors


def test_running_app_sees_update_deletions(tmp_path):
    from search_app import create_app

    src = write_corpus(tmp_path / "src")
    index = tmp_path / "index"
    rebuild([src], index, jobs=1)
    client = create_app({"INDEX_DIR": str(index)}).test_client()
    assert client.get("/api/articles/src/a030.txt").status_code == 200
    assert _ids(client.get("/api/search", query_string={"q": KNOWN_QUERY})) == KNOWN_IDS
    (src / "a030.txt").unlink()
    (src / "a002.txt").write_text(corpus_article(2, random.Random(3), "Vườn sầu riêng sai quả."),
                                  encoding="utf-8")
    result = run_indexer("update", "--source", src, "--index", index, "--jobs", "1", "--json")
    assert result.returncode == 0, result.stderr
    time.sleep(1.1)  # the engine looks for changes once a second
    fresh = create_app({"INDEX_DIR": str(index)}).test_client()
    assert fresh.get("/api/articles/src/a030.txt").status_code == 404  # the index is right
    data = client.get("/api/search", query_string={"q": KNOWN_QUERY}).get_json()
    ids = [r["id"] for r in data["results"]]
    assert sorted(ids) == sorted(KNOWN_IDS), ids  # a002.txt once, not old and new
    assert client.get("/api/articles/src/a030.txt").status_code == 404


def test_a_warmed_engine_readies_each_update_before_the_next_query(tmp_path, monkeypatch):
    """After ``warm`` (what a serving process calls), a background thread reads each new
    version of the index as it goes live (columns, norms) and readies the terms ranked
    last (their documents; their points where the impacts the update writes are not
    there yet): the first query after an update computes none of them."""
    from indexer import store
    from search_app import ranking
    from search_app.arrays import IndexArrays
    from search_app.engine import Engine
    from search_app.params import SearchParams

    src = write_corpus(tmp_path / "src")
    index = tmp_path / "index"
    rebuild([src], index, jobs=1)
    engine = Engine(index)
    engine.warm()
    query = SearchParams.from_args({"q": KNOWN_QUERY})
    assert {h.id for h in engine.search(query).hits} == KNOWN_IDS
    cache = engine.backend._arrays
    def ready(view=None):  # (field, term) of the terms whose documents are joined or points computed
        return {key[2:] for kind in ("points", "docs") for key in cache.recent(kind, 10_000)
                if view is None or key[1] == view}

    ranked = ready()
    assert ranked
    (src / "a100.txt").write_text(corpus_article(100, random.Random(7), "Sầu riêng mới vào mùa."),
                                  encoding="utf-8")
    result = run_indexer("update", "--source", src, "--index", index, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    with store.open_searcher(index) as searcher:
        view = IndexArrays(searcher, cache).view
    deadline = time.monotonic() + 30
    # The thread computes every term ranked before again, last of all its work.
    while not ranked <= ready(view):
        assert time.monotonic() < deadline, "the new version was not warmed"
        time.sleep(0.1)
    computed = []  # points, and the field lengths that norms are computed from
    points, lengths, joined = ranking.Ranker._compute_points, IndexArrays.lengths, ready(view)
    monkeypatch.setattr(ranking.Ranker, "_compute_points",
                        lambda self, *term: computed.append(term) or points(self, *term))
    monkeypatch.setattr(IndexArrays, "lengths", lambda self, field: computed.append(field) or lengths(self, field))
    # (a new version: the engine's result cache does not answer)
    assert {h.id for h in engine.search(query).hits} == KNOWN_IDS | {"src/a100.txt"}
    assert computed == []
    assert ready(view) == joined  # no term's documents joined again either


ENDURANCE_URLS = [
    "/api/search?q=S%C6%A1n+La", "/api/search?q=hoi+nghi&page=2", "/api/search?q=h%E1%BB%99i*",
    "/api/search?q=ban&sort=oldest&per_page=50", "/api/search?date=2019-11-16",
    "/api/search?person=Nguy%E1%BB%85n+H%E1%BB%AFu+%C4%90%C3%B4ng", "/api/search?q=*",
    "/api/search?page=0", "/?q=S%C6%A1n+La", "/?q=ban+giao&year=2019", "/",
    "/bai-viet/articles/000_bddf68c9230f3abc.txt", "/api/articles/articles/10_xss.txt",
    "/nguoi/Nguy%E1%BB%85n%20H%E1%BB%AFu%20%C4%90%C3%B4ng", "/bai-viet/khong/co.txt",
    "/api/search?q=%3Cscript%3E", "/api/openapi.json",
]


@pytest.mark.slow
def test_fds_and_memory_flat_over_many_requests(app):
    client = app.test_client()
    rnd = random.Random(11)

    def burst(n: int) -> Counter:
        statuses: Counter = Counter()
        for i in range(n):
            url = ENDURANCE_URLS[i % len(ENDURANCE_URLS)] if i % 3 else rnd.choice(ENDURANCE_URLS)
            response = client.get(url)
            response.close()
            statuses[response.status_code] += 1
        return statuses

    burst(500)  # warm-up: templates, pyvi, searchers, suggestion vocabulary
    gc.collect()
    fds0, rss0 = fd_count(), rss_bytes()
    started = time.monotonic()
    statuses = burst(ENDURANCE_REQUESTS)
    seconds = time.monotonic() - started
    gc.collect()
    fds1, rss1 = fd_count(), rss_bytes()
    print(f"\n{ENDURANCE_REQUESTS} requests in {seconds:.1f} s ({ENDURANCE_REQUESTS / seconds:.0f}/s): "
          f"fds {fds0} -> {fds1}, RSS {rss0 / 1_048_576:.1f} -> {rss1 / 1_048_576:.1f} MiB, {dict(statuses)}")
    assert set(statuses) <= {200, 400, 404}
    assert fds1 <= fds0 + FD_SLACK
    assert rss1 <= rss0 + RSS_SLACK

"""A cluster of two OpenSearch nodes keeps answering when one of them stops.

The 13 fixture articles go into an index of 2 shards and 1 replica (each shard on both
nodes); the app is given both nodes' URLs.  Searches run from several threads while the
node that is not the cluster manager is killed outright (a failing machine, not a clean
shutdown): every search must still answer, with every article.

The cluster is a second one, in its own state folder and on its own ports
(``OPENSEARCH_STATE``), so the developer's node on port 9200 is left alone; it is
stopped at the end.  (Killing the cluster manager of a two-node cluster leaves the other
without a quorum: searches still answer but writes wait, as OpenSearch is meant to
behave; three nodes are needed to survive that.)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import N_ARTICLES
from opensearch_fixtures import skip_without_java

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "opensearch.sh"
STATE = ".opensearch/failover-test"
PORT = 9270

pytestmark = [pytest.mark.opensearch, pytest.mark.slow]


def _script(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "OPENSEARCH_STATE": STATE})


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def pair():
    """Two nodes on ports 9270 and 9271: their URLs, and each node's pid by name."""
    skip_without_java()
    started = _script("start", "--nodes", "2", "--port", str(PORT))
    if started.returncode != 0:
        pytest.fail(f"two nodes did not start:\n{started.stderr[-3000:]}")
    try:
        run = ROOT / STATE / "run"
        pids = {f"node-{i}": int((run / f"node-{i}.pid").read_text()) for i in (1, 2)}
        yield [f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{PORT + 1}"], pids
    finally:
        _script("stop", timeout=120)
        shutil.rmtree(ROOT / STATE, ignore_errors=True)


def test_searches_keep_answering_when_a_node_dies(pair, fixture_dir):
    from indexer.opensearch import rebuild
    from search_app.backend import open_backend
    from search_app.engine import Engine
    from search_app.params import SearchParams

    urls, pids = pair
    report = rebuild([fixture_dir], urls[0], "pair", shards=2, replicas=1, jobs=1)
    assert report.indexed == N_ARTICLES
    assert _get(f"{urls[0]}/_cluster/health/pair?wait_for_status=green&timeout=60s")["status"] == "green"
    shards = _get(f"{urls[0]}/_cat/shards/pair?format=json")
    assert {s["node"] for s in shards if s["state"] == "STARTED"} == {"node-1", "node-2"}
    assert len([s for s in shards if s["state"] == "STARTED"]) == 4  # 2 primaries, 2 replicas

    engine = Engine(open_backend("opensearch", url=",".join(urls), index="pair"), result_cache_size=0)
    queries = [("Sơn La", N_ARTICLES), ("son la", N_ARTICLES)]
    for q, total in queries:
        assert engine.search(SearchParams.from_args({"q": q})).total == total

    manager = _get(f"{urls[0]}/_cat/cluster_manager?format=json")[0]["node"]
    victim = next(name for name in pids if name != manager)
    answered, failed = [0], []
    stop = time.monotonic() + 12
    lock = threading.Lock()

    def searching(k: int):
        i = k
        while time.monotonic() < stop:
            q, total = queries[i % len(queries)]
            i += 1
            try:
                got = engine.search(SearchParams.from_args({"q": q})).total
                with lock:
                    answered[0] += 1
                    if got != total:
                        failed.append(f"{q}: {got} of {total}")
            except Exception as exc:  # noqa: BLE001 - every failure is what the test counts
                with lock:
                    failed.append(f"{q}: {exc!r}")

    threads = [threading.Thread(target=searching, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    time.sleep(3)
    os.kill(pids[victim], signal.SIGKILL)
    for t in threads:
        t.join()

    assert not failed, failed[:5]
    assert answered[0] > 20
    survivor = urls[0] if victim == "node-2" else urls[1]
    health = _get(f"{survivor}/_cluster/health/pair")
    assert health["status"] in ("yellow", "red") and health["number_of_nodes"] == 1
    assert health["status"] == "yellow"  # every shard still has a copy

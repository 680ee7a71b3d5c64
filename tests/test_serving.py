"""Tests for search_app.serving: several worker processes behind one port, a dead
worker replaced, every worker following a rebuild."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from indexer.build import rebuild

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn serves on Linux")


def test_workers_default_to_the_cores_and_go_to_gunicorn(tmp_path, monkeypatch, fixture_dir):
    from search_app import __main__ as cli
    from search_app import serving

    rebuild([fixture_dir], tmp_path / "idx", jobs=1)
    called = {}
    monkeypatch.setattr(serving, "serve_workers", lambda *a: called.update(workers=a))
    monkeypatch.setattr(serving, "serve_one", lambda *a: called.update(one=a))
    assert cli.main(["--index", str(tmp_path / "idx"), "--workers", "3", "--threads", "4"]) == 0
    assert called["workers"][3:5] == (3, 4)
    assert cli.default_workers() == len(os.sched_getaffinity(0))


def test_array_cache_sets_each_workers_budget(tmp_path, monkeypatch, fixture_dir):
    from search_app import __main__ as cli
    from search_app import create_app, serving
    from search_app.engine_access import get_engine

    rebuild([fixture_dir], tmp_path / "idx", jobs=1)
    called = {}
    monkeypatch.setattr(serving, "serve_workers", lambda *a: called.update(workers=a))
    assert cli.main(["--index", str(tmp_path / "idx"), "--workers", "2", "--array-cache", "300"]) == 0
    config = called["workers"][5]
    assert config["ARRAY_CACHE_BYTES"] == 300 << 20
    app = create_app({"INDEX_DIR": str(tmp_path / "idx"), **config})
    with app.app_context():
        assert get_engine().backend._arrays.max_bytes == 300 << 20


def test_pretouch_sets_what_each_worker_touches(tmp_path, monkeypatch, fixture_dir, capsys):
    from search_app import __main__ as cli
    from search_app import serving

    rebuild([fixture_dir], tmp_path / "idx", jobs=1)
    called = {}
    monkeypatch.setattr(serving, "serve_workers", lambda *a: called.update(workers=a))
    assert cli.main(["--index", str(tmp_path / "idx"), "--workers", "2", "--pretouch", "64"]) == 0
    assert called["workers"][5]["PRETOUCH_BYTES"] == 64 << 20
    assert cli.main(["--index", str(tmp_path / "idx"), "--workers", "2"]) == 0
    assert "PRETOUCH_BYTES" not in called["workers"][5]  # the index decides
    assert cli.main(["--index", str(tmp_path / "idx"), "--pretouch", "-1"]) == 2
    assert "--pretouch must be 0 or more" in capsys.readouterr().err


def test_memory_is_touched_only_while_no_request_is_answered():
    """``InFlight`` counts the requests being answered; ``wait_idle`` (what the memory
    pretouch waits on before each block) returns only when there are none."""
    import threading

    from search_app.serving import InFlight

    inside, release = threading.Event(), threading.Event()

    def app(environ, start_response):
        inside.set()
        release.wait(10)
        return [b"ok"]

    counted = InFlight(app)
    request = threading.Thread(target=counted, args=({}, None))
    request.start()
    assert inside.wait(10)
    waiter = threading.Thread(target=counted.wait_idle)
    waiter.start()
    waiter.join(0.3)
    assert waiter.is_alive()  # a request is being answered
    release.set()
    request.join(10)
    waiter.join(10)
    assert not waiter.is_alive()
    counted.wait_idle()  # none now: at once


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, json.loads(response.read())


def _wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(x) for x in out.split()}


def test_two_workers_answer_survive_a_killed_worker_and_follow_a_rebuild(tmp_path, fixture_dir):
    index = tmp_path / "idx"
    rebuild([fixture_dir], index, jobs=1)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api/search?q=h%E1%BB%99i+ngh%E1%BB%8B"
    server = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(index), "--port", str(port),
                               "--workers", "2", "--threads", "2"], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_up(url)
        deadline = time.monotonic() + 30
        while len(_children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _children(server.pid)
        assert len(workers) == 2
        status, before = _get(url)
        assert status == 200 and before["total"] >= 1

        victim = sorted(workers)[0]
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while (victim in _children(server.pid) or len(_children(server.pid)) < 2) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert victim not in _children(server.pid) and len(_children(server.pid)) == 2
        for _ in range(6):
            assert _get(url)[0] == 200

        # A rebuild from other sources: every worker answers from the new index.
        rebuild([ROOT / "seeds"], index, jobs=1)
        time.sleep(1.5)
        ids = {tuple(r["id"] for r in _get(url)[1]["results"]) for _ in range(8)}
        assert ids == {tuple(r["id"] for r in _get(url)[1]["results"])}
        assert all(i.startswith("seeds/") for i in next(iter(ids)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

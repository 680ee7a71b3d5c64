"""Sustained load on a real server.

``python -m search_app --index <test index> --port <free port>`` runs in a subprocess;
LOAD_CONNECTIONS threads, each with its own keep-alive ``http.client`` connection, send
a mix of queries for LOAD_SECONDS seconds (environment variable, default 60).  Every
answer must be the expected status (0 errors); requests/s and latency percentiles are
printed.  The server is always terminated.
"""

from __future__ import annotations

import http.client
import os
import random
import threading
import time
from collections import Counter
from urllib.parse import quote

import pytest

from robustness_fixtures import served

LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
LOAD_CONNECTIONS = 20
SERVER_THREADS = 8

# (path, expected status): what readers send, plus some mistakes and hostile input.
MIX = [
    ("/api/search?q=" + quote("Sơn La"), 200),
    ("/api/search?q=" + quote("hội nghị cán bộ"), 200),
    ("/api/search?q=hoi+nghi+can+bo", 200),
    ("/api/search?q=" + quote("hoà bình"), 200),
    ("/api/search?q=" + quote("bàn giao") + "&sort=newest", 200),
    ("/api/search?q=ban&per_page=50", 200),
    ("/api/search?q=" + quote("nông*"), 200),
    ("/api/search?q=" + quote('"Đảng bộ tỉnh"'), 200),
    ("/api/search?q=" + quote("giáo dục -covid"), 200),
    ("/api/search?date=16/11/2019", 200),
    ("/api/search?from=2020-01-01&to=2021-12-31&sort=oldest", 200),
    ("/api/search?year=2021&q=" + quote("Sơn La"), 200),
    ("/api/search?person=" + quote("Nguyễn Hữu Đông"), 200),
    ("/api/search?q=" + quote("Sơn La") + "&page=2", 200),
    ("/api/search?q=xyzzy+plugh", 200),
    ("/?q=" + quote("hội nghị"), 200),
    ("/?q=hoa+binh&year=2020", 200),
    ("/", 200),
    ("/bai-viet/articles/000_bddf68c9230f3abc.txt", 200),
    ("/api/articles/articles/06_hoa_binh.txt", 200),
    ("/nguoi/" + quote("Nguyễn Hữu Đông"), 200),
    ("/static/style.css", 200),
    ("/api/search?q=*", 400),
    ("/api/search?page=0", 400),
    ("/api/search?q=" + "a" * 2100, 400),
    ("/bai-viet/..%2f..%2fetc%2fpasswd", 404),
    ("/api/articles/khong/co.txt", 404),
]
# Readers search far more than they err: the valid ones weigh 4 times as much.
WEIGHTS = [4 if status == 200 else 1 for _, status in MIX]


def _percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, int(round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


@pytest.mark.slow
def test_sustained_load(index_dir):
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()

    with served(index_dir, threads=SERVER_THREADS) as port:
        # Warm the server (pyvi, templates, searchers of its threads) before timing.
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for path, _ in MIX * 2:
            warm.request("GET", path)
            warm.getresponse().read()
        warm.close()

        deadline = time.monotonic() + LOAD_SECONDS

        def worker(n: int) -> None:
            rnd = random.Random(n)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine, my_status, my_errors = [], Counter(), []
            while time.monotonic() < deadline:
                path, expected = rnd.choices(MIX, WEIGHTS)[0]
                started = time.monotonic()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                    if response.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                except (OSError, http.client.HTTPException) as exc:
                    status = f"{type(exc).__name__}: {exc}"
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                mine.append(time.monotonic() - started)
                my_status[status] += 1
                if status != expected and len(my_errors) < 10:
                    my_errors.append(f"{path} -> {status} (expected {expected})")
            conn.close()
            with lock:
                latencies.extend(mine)
                statuses.update(my_status)
                errors.extend(my_errors)

        threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(LOAD_CONNECTIONS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=LOAD_SECONDS + 120)
        elapsed = time.monotonic() - started
        assert not any(t.is_alive() for t in threads), "a load thread hung"

    latencies.sort()
    total = len(latencies)
    rate = total / elapsed
    p50, p95, p99 = (_percentile(latencies, f) * 1000 for f in (0.5, 0.95, 0.99))
    print(f"\nload: {LOAD_CONNECTIONS} connections, {LOAD_SECONDS:.0f} s, server threads {SERVER_THREADS}: "
          f"{total} requests, {rate:.1f} requests/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"p99 {p99:.1f} ms, max {latencies[-1] * 1000:.1f} ms; statuses {dict(statuses)}")
    assert total > 0
    unexpected = sum(n for s, n in statuses.items() if not isinstance(s, int))
    assert unexpected == 0 and not errors, errors

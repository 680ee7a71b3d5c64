"""Helpers shared by the robustness tests (odd files, hostile queries, faults, load); no test here.

* a small generated corpus (``write_corpus``): ~40 portal articles with known words;
* running ``python -m indexer`` / ``python -m search_app`` in a subprocess;
* a waitress server started in a subprocess on a free port (``served``);
* RSS and file descriptors of this process, from ``/proc/self``.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# Words of the generated corpus (syllables pyvi knows; no marker word among them).
_FILLER = (
    "hội nghị cán bộ tỉnh ủy nông sản lúa gạo trường học giáo viên bệnh viện bác sĩ "
    "đường giao thông cầu cống mưa lũ du lịch văn hóa lễ hội người dân chính quyền "
    "huyện xã thôn bản kinh tế phát triển công trình dự án"
).split()
# Marker words: each appears in a fixed set of articles of the generated corpus.
KNOWN_QUERY = "sầu riêng"  # articles 0, 1 and 2 (never changed by the fault tests)
KNOWN_IDS = {"src/a000.txt", "src/a001.txt", "src/a002.txt"}


def corpus_article(i: int, rnd: random.Random, extra: str = "") -> str:
    words = lambda n: " ".join(rnd.choice(_FILLER) for _ in range(n))  # noqa: E731
    paragraphs = [words(60).capitalize() + "." for _ in range(4)]
    if i < 3:
        paragraphs.insert(1, f"Nông dân trồng {KNOWN_QUERY} ở bản Hua La.")
    if extra:
        paragraphs.append(extra)
    body = "\n\n".join(paragraphs)
    return (f"Bài viết số {i} về {words(4)}\n\n"
            f"Ngày {1 + i % 28} tháng {1 + i % 12} năm 2020\n\n{body}\n")


def write_corpus(root: Path, n: int = 40, seed: int = 5) -> Path:
    """``root`` (ids ``<root name>/a000.txt`` …) with ``n`` portal articles."""
    root.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    for i in range(n):
        (root / f"a{i:03d}.txt").write_text(corpus_article(i, rnd), encoding="utf-8")
    return root


def indexer_cmd(*args) -> list[str]:
    return [PYTHON, "-m", "indexer", *[str(a) for a in args]]


def run_indexer(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(indexer_cmd(*args), cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, errors="replace")


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL a process started with ``start_new_session=True`` and all it forked."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/openapi.json")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer on port {port} within {timeout} s")


@contextlib.contextmanager
def served(index_dir: Path, threads: int = 8, timeout: float = 60, workers: int = 1):
    """``python -m search_app --index index_dir --port <free> --workers N`` for the
    ``with`` block (one waitress process unless ``workers``); yields the port.  The
    server is always terminated (then killed) afterwards."""
    port = free_port()
    log = open(Path(index_dir).parent / f"server-{port}.log", "wb")
    proc = subprocess.Popen(
        [PYTHON, "-m", "search_app", "--index", str(index_dir), "--port", str(port),
         "--threads", str(threads), "--workers", str(workers)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        _wait_for_port(port, proc, timeout)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            kill_group(proc)
        log.close()


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))

"""Shared helpers for the benchmarks in ``bench/``.

* corpus location and loading (through ``indexer.formats.read_articles``, so every
  engine indexes the same title / lead / body text);
* timing and percentiles;
* running a command in a subprocess while measuring its wall time and peak memory
  (``os.wait4`` rusage = the largest single process of the tree, plus a sampled sum of
  the RSS of the whole process tree, which matters for multi-process indexers);
* index size on disk, Markdown tables, machine facts;
* the fixed query set shared by ``latency.py`` and ``load.py``;
* starting / stopping the production server (``python -m search_app``);
* updating one section of ``docs/benchmarks.md`` between markers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"  # git-ignored: cached indexes, raw JSON, logs
DOC = ROOT / "docs" / "benchmarks.md"
for p in (str(ROOT), str(BENCH)):
    if p not in sys.path:
        sys.path.insert(0, p)

CORPUS_ROOT = ROOT.parent / "shared" / "corpus"
CORPORA = {
    "dantri": ["dantri"],
    "all": ["dantri", "baomoi"],
}
PYTHON = sys.executable


# ---------------------------------------------------------------------------
# Corpora
# ---------------------------------------------------------------------------


def corpus_dirs(name: str, corpus_root: str | Path | None = None) -> list[Path]:
    """The source folders of corpus ``name``; exits 0 with a message when absent."""
    base = Path(corpus_root) if corpus_root else CORPUS_ROOT
    dirs = [base / d for d in CORPORA[name]]
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        print(f"corpus not found ({', '.join(missing)}); nothing to benchmark.")
        sys.exit(0)
    return dirs


def load_articles(dirs) -> list:
    """Every article of ``dirs`` as ``indexer.article.Article`` (ids ``<folder>/<file>``)."""
    from indexer.errors import NotAnArticle
    from indexer.formats import article_files, read_articles

    out = []
    for d in dirs:
        d = Path(d).resolve()
        for path in article_files(d):
            try:
                out.extend(read_articles(path, d.name, path.relative_to(d).as_posix()))
            except NotAnArticle:
                pass
    return out


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------


def percentile(values, q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "mean": sum(ms) / len(ms) if ms else float("nan"),
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "max": max(ms) if ms else float("nan"),
    }


@contextlib.contextmanager
def timer():
    box = {}
    t0 = time.perf_counter()
    try:
        yield box
    finally:
        box["seconds"] = time.perf_counter() - t0


# ---------------------------------------------------------------------------
# Subprocesses: wall time and peak memory
# ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def _status_kb(pid: int, key: str) -> int:
    """A memory figure (``VmRSS``, ``VmHWM``) of a process from /proc, in KiB; 0 if gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kb(pid: int) -> int:
    return _status_kb(pid, "VmRSS")


def tree_rss_kb(pid: int) -> int:
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kb(p)
        stack.extend(_children(p))
    return total


def vm_hwm_kb(pid: int) -> int:
    return _status_kb(pid, "VmHWM")


@dataclass
class Measured:
    cmd: list
    returncode: int
    seconds: float
    max_rss_mb: float  # largest single process of the tree (rusage ru_maxrss)
    tree_rss_mb: float  # peak of the sampled sum over the whole process tree
    cpu_seconds: float  # user + system CPU of the process and its reaped children
    stdout: str
    stderr: str


def run_measured(cmd: list, cwd: Path = ROOT, env: dict | None = None, sample: float = 0.1) -> Measured:
    """Run ``cmd``; wall time, peak RSS of its largest process and of its whole tree."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path = RESULTS / f".run-{os.getpid()}.out"
    err_path = RESULTS / f".run-{os.getpid()}.err"
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=str(cwd), stdout=out, stderr=err, env=full_env)
        peak = 0
        done = threading.Event()

        def sampler():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_kb(proc.pid))
                done.wait(sample)

        th = threading.Thread(target=sampler, daemon=True)
        th.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        done.set()
        th.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    return Measured(cmd, proc.returncode, seconds, usage.ru_maxrss / 1024, peak / 1024,
                    usage.ru_utime + usage.ru_stime, stdout, stderr)


def dir_size(path: str | Path) -> int:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


def mib(n_bytes: float) -> float:
    return n_bytes / 1_048_576


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


def md_table(headers: list[str], rows: list[list]) -> str:
    def cell(v):
        if isinstance(v, float):
            if v != v:
                return "–"
            return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(cell(v) for v in r) + " |")
    return "\n".join(lines)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def machine_facts() -> dict:
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 1_048_576:.1f} GiB"
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    import sqlite3

    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "indexer", "search_app"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        rev = rev + (" + uncommitted changes in indexer/ or search_app/" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        rev = "?"
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "git": rev,
        "load": os.getloadavg()[0],
        "cpu": cpu,
        "cores": cores,
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": {n: _version(n) for n in ("whoosh-reloaded", "pyvi", "python-crfsuite", "sklearn-crfsuite",
                                              "flask", "waitress", "tantivy")},
        "sqlite": sqlite3.sqlite_version,
    }


def facts_md(f: dict | None = None) -> str:
    f = f or machine_facts()
    pk = ", ".join(f"{k} {v}" for k, v in f["packages"].items())
    return (f"Run {f['date']} on {f['cpu']}, {f['cores']} cores, {f['memory']} RAM, {f['os']}; "
            f"Python {f['python']}; {pk}; SQLite {f['sqlite']}. Code: git {f.get('git', '?')}. "
            f"Load average at start {f.get('load', float('nan')):.1f} (the machine is shared: other "
            "engineers' test runs were competing for the 2 cores, so timings are noisy).")


def update_doc(section: str, body: str, doc: Path = DOC) -> None:
    """Replace (or append) the text between ``<!-- section:start -->`` and ``:end``."""
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = doc.read_text(encoding="utf-8") if doc.exists() else (
        "# Benchmarks\n\nWritten by the scripts in `bench/` (each updates its own section; "
        "rerun any of them independently). Raw results: `bench/results/*.json` (git-ignored).\n"
    )
    if start in text and end in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")


def save_json(name: str, data) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path


def log_line(text: str) -> None:
    """Append to bench/results/run.log (what was run, when)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / "run.log", "a", encoding="utf-8") as fh:
        fh.write(f"{dt.datetime.now().isoformat(timespec='seconds')} {text}\n")


def cmdline() -> str:
    return "python " + " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])


# ---------------------------------------------------------------------------
# Our index (cached) and the query set
# ---------------------------------------------------------------------------


def ensure_our_index(corpus: str, index: str | None = None) -> Path:
    """``--index`` if given, else ``bench/results/index-<corpus>``, built once."""
    if index:
        return Path(index).resolve()
    target = RESULTS / f"index-{corpus}"
    stale = False
    if (target / "current").exists():
        try:  # an index of an older schema is refused by the engine: rebuild it
            from indexer import store
            from indexer.errors import IndexerError

            stale = store.outdated_schema(store.live_build(target)) is not None
        except (IndexerError, OSError, ImportError):
            stale = True
    if stale or not (target / "current").exists():
        dirs = corpus_dirs(corpus)
        cmd = [PYTHON, "-m", "indexer", "rebuild", "--index", str(target)]
        for d in dirs:
            cmd += ["--source", str(d)]
        print(f"building our index into {target} (once; several minutes for 38k articles) …", flush=True)
        r = run_measured(cmd)
        if r.returncode != 0:
            raise SystemExit(f"index build failed: {r.stderr[-2000:]}")
    return target


_WORD = re.compile(r"\w+", re.UNICODE)


def strip_accents(text: str) -> str:
    from indexer.analysis import fold

    # fold() lower-cases; keep the user's case pattern irrelevant (queries are lower case).
    return fold(text)


def make_queries(articles, n: int = 200, seed: int = 4) -> list[dict]:
    """The fixed query set: dicts of SearchParams args plus ``kind``.

    ~50% title spans of 2-5 words (accented), ~20% the same kind accentless, ~15% single
    words from titles, ~15% date-filtered (dantri: words + ``date``/``month``/``from``-``to``).
    """
    rng = random.Random(seed)
    dated = [a for a in articles if a.date is not None]
    pool = [a for a in articles if len(_WORD.findall(a.title)) >= 3]
    queries = []
    counts = {"span": int(n * 0.5), "span_noaccent": int(n * 0.2), "word": int(n * 0.15)}
    counts["dated"] = n - sum(counts.values())
    for kind, k in counts.items():
        while k > 0:
            a = rng.choice(dated if kind == "dated" and dated else pool)
            words = [w for w in _WORD.findall(a.title)]
            if len(words) < 2:
                continue
            if kind == "word":
                cand = [w for w in words if len(w) >= 3 and not w.isdigit()]
                if not cand:
                    continue
                q = {"q": rng.choice(cand).lower()}
            else:
                size = rng.randint(2, min(5, len(words)))
                start = rng.randint(0, len(words) - size)
                text = " ".join(words[start:start + size])
                q = {"q": strip_accents(text) if kind == "span_noaccent" else text}
                if kind == "dated":
                    d = a.date
                    mode = rng.choice(["date", "month", "range"])
                    if mode == "date":
                        q["date"] = d.isoformat()
                    elif mode == "month":
                        q["month"] = f"{d.year:04d}-{d.month:02d}"
                    else:
                        q["from"] = (d - dt.timedelta(days=rng.randint(0, 30))).isoformat()
                        q["to"] = (d + dt.timedelta(days=rng.randint(0, 30))).isoformat()
            q["kind"] = kind
            queries.append(q)
            k -= 1
    rng.shuffle(queries)
    return queries


def date_range_of(q: dict):
    """(low, high) dates of a query dict, or (None, None)."""
    from search_app.params import SearchParams

    p = SearchParams.from_args({k: v for k, v in q.items() if k != "kind"})
    return p.date_from, p.date_to


# ---------------------------------------------------------------------------
# The production server
# ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``python -m search_app --index DIR --port P`` as a subprocess (a context manager;
    always stopped on exit)."""

    def __init__(self, index_dir: Path, threads: int | None = None, workers: int | None = None,
                 result_cache: int | None = None, args: list[str] | None = None):
        self.index_dir = index_dir
        self.args = list(args or [])
        self.threads = threads
        self.workers = workers
        self.result_cache = result_cache
        self.port = free_port()
        self.proc = None
        self.log = RESULTS / "server.log"

    def available(self) -> bool:
        return (ROOT / "search_app" / "__main__.py").exists()

    def __enter__(self):
        cmd = [PYTHON, "-m", "search_app", "--index", str(self.index_dir), "--port", str(self.port)]
        if self.threads:
            cmd += ["--threads", str(self.threads)]
        if self.workers:
            cmd += ["--workers", str(self.workers)]
        if self.result_cache is not None:
            cmd += ["--result-cache", str(self.result_cache)]
        cmd += self.args
        self.cmd = cmd
        RESULTS.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen(cmd, cwd=str(ROOT), stdout=self._log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, PYTHONPATH=str(ROOT)))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log}")
            try:
                status, _ = http_get("127.0.0.1", self.port, "/api/search?q=test&per_page=1", timeout=5)
                if status == 200:
                    self._settle(deadline)
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server did not answer within 120 s; see {self.log}")

    def _settle(self, deadline: float) -> None:
        """Wait until each worker has touched the memory it keeps (``search_app/memory.py``
        logs ``memory ready``): the benchmarks measure a server that has started, and
        ``bench/startup.py`` the start itself."""
        workers = self.workers or len(os.sched_getaffinity(0))
        while time.monotonic() < deadline and self.proc.poll() is None:
            self._log.flush()
            if self.log.read_text(errors="replace").count("memory ready") >= workers:
                return
            time.sleep(0.2)

    def hwm_mb(self) -> float:
        return vm_hwm_kb(self.proc.pid) / 1024 if self.proc else float("nan")

    def rss_mb(self) -> float:
        return _rss_kb(self.proc.pid) / 1024 if self.proc else float("nan")

    def tree_rss_mb(self) -> float:
        """The resident memory of the server and its worker processes together."""
        return tree_rss_kb(self.proc.pid) / 1024 if self.proc else float("nan")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def __exit__(self, *exc):
        self.stop()


def http_get(host: str, port: int, path: str, timeout: float = 30, conn=None):
    own = conn is None
    if own:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, body
    finally:
        if own:
            conn.close()


def query_path(q: dict, per_page: int = 10) -> str:
    from urllib.parse import urlencode

    args = {k: v for k, v in q.items() if k != "kind"}
    args["per_page"] = str(per_page)
    return "/api/search?" + urlencode(args)


def rm(path: Path) -> None:
    if Path(path).is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif Path(path).exists():
        Path(path).unlink()


def ensure_peer_index(engine: str, corpus: str = "all") -> Path:
    """``bench/results/tantivy-<corpus>`` / ``fts5-<corpus>.db``, built once."""
    path = RESULTS / (f"tantivy-{corpus}" if engine == "tantivy" else f"fts5-{corpus}.db")
    if engine == "tantivy" and (path / "meta.json").exists():
        return path
    if engine == "fts5" and path.exists():
        return path
    dirs = corpus_dirs(corpus)
    cmd = [PYTHON, "bench/peers.py", "build", engine, "--out", str(path)]
    for d in dirs:
        cmd += ["--source", str(d)]
    print(f"building {engine} index into {path} …", flush=True)
    log_line("cache build: " + " ".join(cmd))
    r = run_measured(cmd)
    if r.returncode != 0:
        raise SystemExit(f"{engine} build failed: {r.stderr[-2000:]}")
    return path


def title_records(corpus: str) -> list:
    """Light (id, title, date) records of a corpus, cached in bench/results/ as JSON,
    returned as simple objects with .id/.title/.date (enough for make_queries)."""
    from types import SimpleNamespace

    path = RESULTS / f"titles-{corpus}.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    else:
        data = [[a.id, a.title, a.date.isoformat() if a.date else None]
                for a in load_articles(corpus_dirs(corpus))]
        RESULTS.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return [SimpleNamespace(id=i, title=t, date=dt.date.fromisoformat(d) if d else None) for i, t, d in data]

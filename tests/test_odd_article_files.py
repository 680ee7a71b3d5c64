"""Broken and odd article files.

One rebuild (``python -m indexer rebuild --jobs 2 --json`` in a subprocess) runs over a
source folder holding every kind of odd file.  It must not crash, must report every
skipped file with its reason, must finish within WALL_LIMIT seconds and stay within
RSS_LIMIT bytes of peak memory; then the good articles must be found by search and the
hostile HTML must come out escaped.

The files are generated in ``tmp_path`` (the 50 MiB one included): nothing big is
committed.  ``a.`` repeated 40,000 times is in the big rebuild and also has small
regression tests of its own (it once took minutes to parse); a file name that is not
UTF-8 has its own strict-xfail test (it crashes the rebuild), so that the big rebuild
keeps checking everything else.
"""

from __future__ import annotations

import codecs
import json
import random
import resource
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from conftest import assert_no_active_content
from robustness_fixtures import indexer_cmd, ROOT

# Bounds of the one big rebuild (stated in issue #5).
RSS_LIMIT = 1536 * 1024 * 1024  # 1.5 GiB peak RSS of the indexer (largest process)
WALL_LIMIT = 120.0  # seconds, generous: the rebuild takes ~2 s on 2 cores
BIG_BYTES = 50 * 1024 * 1024  # the 50 MiB single line

SRC = "odd"  # source folder name, so ids are odd/<file>
DATELINE = "Ngày 5 tháng 6 năm 2020"


def article(title: str, words: str, dateline: str = DATELINE) -> str:
    return (f"{title}\n\n{dateline}\n\n"
            f"Bài viết nói về {words} ở tỉnh Sơn La. Người dân trồng {words} trên đồi.\n\n"
            f"Năm nay {words} được mùa, giá bán cao hơn năm trước.\n")


HTML_TITLE = "<b>Tin</b> <script>alert('tieu-de')</script> nóng"
HTML_BODY = '<img src=x onerror=alert(2)> mận hậu "><script>alert(3)</script>'

# file name -> expected skip reason (start of it)
SKIPPED = {
    "empty.txt": "empty file",
    "blank.txt": "no text",
    "binary.txt": "binary file",
    "binary_no_nul.txt": "binary file",
    "big.txt": "file too large",
    "dup_b.txt": f"duplicate of {SRC}/dup_a.txt",
}
# file name -> (query that must find it, words that must be in its title)
FOUND = {
    "utf16.txt": ("thanh long", "Thanh long xuất khẩu"),
    "utf8bom.txt": ("sầu riêng", "Sầu riêng vào mùa"),
    "cp1258.txt": ("măng cụt", "Măng cụt chín rộ"),
    "nfd.txt": ("chôm chôm", "Chôm chôm được mùa"),
    "crlf.txt": ("vải thiều", "Vải thiều lên sàn"),
    "zerowidth.txt": ("bưởi", "Bưởi da xanh"),
    "baddate.txt": ("hồng giòn", "Hồng giòn Mộc Châu"),
    "html.txt": ("mận hậu", "<b>Tin</b>"),
    "dup_a.txt": ("cà phê", "Cà phê Arabica"),
}


def write_odd_files(src: Path) -> None:
    src.mkdir(parents=True)
    rnd = random.Random(5)
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.txt").write_text("   \n\t\n \u00a0 \r\n\n  ", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + rnd.randbytes(20_000))
    (src / "binary_no_nul.txt").write_bytes(bytes(rnd.randrange(1, 256) for _ in range(20_000)))
    (src / "utf16.txt").write_bytes(article("Thanh long xuất khẩu", "thanh long").encode("utf-16"))
    assert (src / "utf16.txt").read_bytes()[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    (src / "utf8bom.txt").write_bytes(codecs.BOM_UTF8 + article("Sầu riêng vào mùa", "sầu riêng").encode())
    # Windows-1258 cannot hold every precomposed letter: the text is decomposed (NFD)
    # into base letters with their quality marks (ô, ơ, ư, ă …, which cp1258 has) and
    # separate combining tone marks, the way Windows-1258 files store Vietnamese.
    cp1258 = cp1258_from_nfd(unicodedata.normalize("NFD", article("Măng cụt chín rộ", "măng cụt")))
    assert set(cp1258) & set(CP1258_TONES)  # combining tone marks, as separate bytes
    (src / "cp1258.txt").write_bytes(cp1258)
    (src / "nfd.txt").write_text(unicodedata.normalize("NFD", article("Chôm chôm được mùa", "chôm chôm")),
                                 encoding="utf-8")
    (src / "crlf.txt").write_bytes(article("Vải thiều lên sàn", "vải thiều").replace("\n", "\r\n").encode())
    (src / "zerowidth.txt").write_text(
        article("Bư\u200bởi da xa\u00adnh", "bư\u200bởi da\u200c xa\u00adnh"), encoding="utf-8")
    with open(src / "big.txt", "wb") as fh:  # one line, no newline at all
        chunk = ("xoài " * 100_000).encode()
        while fh.tell() + len(chunk) <= BIG_BYTES:
            fh.write(chunk)
        fh.write(b"x" * (BIG_BYTES - fh.tell()))
    assert (src / "big.txt").stat().st_size == BIG_BYTES
    (src / "baddate.txt").write_text(
        article("Hồng giòn Mộc Châu", "hồng giòn", "Ngày 31 tháng 2 năm 2019"), encoding="utf-8")
    (src / "html.txt").write_text(article(HTML_TITLE, HTML_BODY), encoding="utf-8")
    (src / "dup_a.txt").write_text(article("Cà phê Arabica", "cà phê"), encoding="utf-8")
    (src / "dup_b.txt").write_text(article("Cà phê Arabica", "cà phê"), encoding="utf-8")
    (src / "dots.txt").write_text("a." * 40_000, encoding="utf-8")  # one 80,000-character line


# The five tone marks as cp1258 bytes: grave, acute, tilde, hook above, dot below.
CP1258_TONES = b"\xcc\xec\xde\xd2\xf2"
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_from_nfd(nfd: str) -> bytes:
    """NFD text as Windows-1258: each base letter recomposed with its quality mark (ô, ơ,
    ư, ă, â, ê, đ are in cp1258), tone marks left as separate combining characters."""
    out, base, tones = [], "", ""
    for ch in nfd + "\0":
        if unicodedata.combining(ch) and ch in _TONE_MARKS:
            tones += ch
        elif unicodedata.combining(ch):
            base += ch
        else:
            out.append(unicodedata.normalize("NFC", base) + tones)
            base, tones = ch, ""
    return "".join(out).encode("cp1258")


@pytest.fixture(scope="module")
def odd_build(tmp_path_factory):
    """The one rebuild over every odd file: (source dir, index dir, summary, wall s, RSS)."""
    base = tmp_path_factory.mktemp("odd-files")
    src = base / SRC
    write_odd_files(src)
    index = base / "index"
    started = time.monotonic()
    proc = subprocess.run(indexer_cmd("rebuild", "--source", src, "--index", index, "--jobs", "2", "--json"),
                          cwd=ROOT, capture_output=True, text=True, timeout=WALL_LIMIT + 60)
    wall = time.monotonic() - started
    # ru_maxrss of RUSAGE_CHILDREN: the peak RSS (KiB on Linux) of the largest waited-for
    # descendant so far, the indexer's workers included.  Earlier children of this test
    # process only make the figure larger, so the bound stays a safe upper bound.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    print(f"\nodd-files rebuild: {wall:.1f} s wall, peak RSS {peak / 1_048_576:.0f} MiB "
          f"(bounds {WALL_LIMIT:.0f} s, {RSS_LIMIT / 1_048_576:.0f} MiB)")
    return src, index, report, wall, peak, proc.stderr


def test_rebuild_over_odd_files_does_not_crash(odd_build):
    src, index, report, wall, peak, stderr = odd_build
    assert "Traceback" not in stderr
    assert report["files"] == len(list(src.iterdir()))
    # dots.txt ('a.' * 40,000) may be indexed (title cut) or skipped with a reason.
    dots_indexed = not any(Path(s["file"]).name == "dots.txt" for s in report["skipped"])
    assert report["indexed"] == len(FOUND) + dots_indexed
    assert report["undated"] == 1 + dots_indexed


def test_rebuild_over_odd_files_bounded_time_and_memory(odd_build):
    _, _, _, wall, peak, _ = odd_build
    assert wall < WALL_LIMIT
    assert peak < RSS_LIMIT


def test_every_skipped_file_reported_with_reason(odd_build):
    src, _, report, *_ = odd_build
    skipped = {Path(s["file"]).name: s["reason"] for s in report["skipped"]}
    assert set(skipped) - {"dots.txt"} == set(SKIPPED), skipped
    assert skipped.get("dots.txt", "a reason") != ""
    for name, reason in SKIPPED.items():
        assert skipped[name].startswith(reason), (name, skipped[name])
    for s in report["skipped"]:  # the file as a full path, so that it can be found
        assert Path(s["file"]).parent == src
    assert "50.0 MiB > 8 MiB" in skipped["big.txt"]


def test_impossible_dateline_indexed_undated_with_warning(odd_build):
    src, index, report, *_ = odd_build
    warnings = [w for w in report["warnings"] if Path(w["file"]).name == "baddate.txt"]
    assert len(warnings) == 1, report["warnings"]
    assert f"{SRC}/baddate.txt" in warnings[0]["message"]
    assert "31" in warnings[0]["message"] and "no date" in warnings[0]["message"]
    from search_app.engine import Engine

    doc = Engine(index).article(f"{SRC}/baddate.txt")
    assert doc is not None and doc["date"] is None


@pytest.fixture(scope="module")
def odd_app(odd_build):
    from search_app import create_app

    return create_app({"TESTING": True, "INDEX_DIR": str(odd_build[1])})


@pytest.mark.parametrize("name", sorted(FOUND))
def test_good_articles_found(odd_app, name):
    query, title = FOUND[name]
    client = odd_app.test_client()
    data = client.get("/api/search", query_string={"q": query}).get_json()
    ids = [r["id"] for r in data["results"]]
    assert f"{SRC}/{name}" in ids, (query, ids)
    doc = client.get(f"/api/articles/{SRC}/{name}").get_json()
    assert title in doc["title"]
    # Clean text: NFC, no zero-width characters, soft hyphens or carriage returns.
    for text in (doc["title"], doc["body"]):
        assert unicodedata.is_normalized("NFC", text)
        assert not set(text) & {"\u200b", "\u200c", "\u00ad", "\r", "\ufeff", "\ufffd"}


def test_windows_1258_read_as_vietnamese(odd_app):
    client = odd_app.test_client()
    doc = client.get(f"/api/articles/{SRC}/cp1258.txt").get_json()
    assert doc["title"] == "Măng cụt chín rộ"
    assert doc["date"] == "2020-06-05"
    # Found by the accented word, exactly, and typed without accents.
    for q in ("măng cụt", "mang cut", "Măng cụt chín"):
        ids = [r["id"] for r in client.get("/api/search", query_string={"q": q}).get_json()["results"]]
        assert f"{SRC}/cp1258.txt" in ids, q


def test_zero_width_article_found_by_clean_words(odd_app):
    client = odd_app.test_client()
    for q in ("bưởi", "buoi", "da xanh", "xanh"):
        ids = [r["id"] for r in client.get("/api/search", query_string={"q": q}).get_json()["results"]]
        assert f"{SRC}/zerowidth.txt" in ids, q


def test_duplicate_indexed_once(odd_app):
    client = odd_app.test_client()
    data = client.get("/api/search", query_string={"q": "Arabica"}).get_json()
    assert [r["id"] for r in data["results"]] == [f"{SRC}/dup_a.txt"]
    assert client.get(f"/api/articles/{SRC}/dup_b.txt").status_code == 404


def test_html_in_article_indexed_as_text_and_escaped(odd_app):
    client = odd_app.test_client()
    doc = client.get(f"/api/articles/{SRC}/html.txt").get_json()
    assert doc["title"] == HTML_TITLE  # the JSON API gives the text as it is
    assert "<img src=x onerror=alert(2)>" in doc["body"]
    # Indexed as text: the words inside the tags are searchable.
    ids = [r["id"] for r in client.get("/api/search", query_string={"q": "tieu-de alert"}).get_json()["results"]]
    assert f"{SRC}/html.txt" in ids
    api = client.get("/api/search", query_string={"q": "mận hậu"}).get_json()
    hit = next(r for r in api["results"] if r["id"] == f"{SRC}/html.txt")
    assert "<script" not in hit["snippet"] and "<img" not in hit["snippet"]
    assert "&lt;" in hit["snippet"]
    for url in ("/?q=m%E1%BA%ADn+h%E1%BA%ADu", f"/bai-viet/{SRC}/html.txt", "/?q=alert"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert_no_active_content(html)
        assert "&lt;script&gt;" in html or "&lt;script" in html, url
        assert "<script>alert" not in html


# ---------------------------------------------------------------------------
# Odd files in their own small rebuilds.
# ---------------------------------------------------------------------------

DOTS_LIMIT = 15.0  # seconds for a rebuild of one 80,000-character file and one article


@pytest.mark.regression
def test_repeated_a_dot_file_parsed_in_bounded_time(tmp_path):
    src = tmp_path / SRC
    src.mkdir()
    (src / "dots.txt").write_text("a." * 40_000, encoding="utf-8")
    (src / "good.txt").write_text(article("Chuối tiêu hồng", "chuối tiêu"), encoding="utf-8")
    started = time.monotonic()
    try:
        proc = subprocess.run(
            indexer_cmd("rebuild", "--source", src, "--index", tmp_path / "index", "--jobs", "2", "--json"),
            cwd=ROOT, capture_output=True, text=True, timeout=DOTS_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the rebuild took more than {DOTS_LIMIT} s")
    print(f"dots rebuild: {time.monotonic() - started:.1f} s")
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    # Indexed (a title cut to 200 characters) or skipped with a reason: either is fine.
    assert report["indexed"] + len(report["skipped"]) == 2


@pytest.mark.regression
def test_repeated_a_dot_parse_time_grows_linearly():
    """Parsing ``a.`` * n grows linearly (it was quadratic: cleanup's address regex)."""
    from indexer.formats import parse_text

    def seconds(n):
        started = time.monotonic()
        parse_text("a." * n, "odd/dots.txt")
        return time.monotonic() - started

    seconds(500)
    small, large = seconds(1000), seconds(4000)
    ratio = large / max(small, 1e-4)
    print(f"a. x1000: {small:.3f} s, x4000: {large:.3f} s (ratio {ratio:.1f}, linear is 4)")
    assert large < 0.5 or ratio < 8, f"{small:.2f} s -> {large:.2f} s for 4x the text"


def test_file_name_not_utf8_does_not_crash(tmp_path):
    src = tmp_path / SRC
    src.mkdir()
    (src / "good.txt").write_text(article("Chuối tiêu hồng", "chuối tiêu"), encoding="utf-8")
    bad = bytes(src) + b"/ch\xe8 shan.txt"  # Latin-1 file name
    with open(bad, "wb") as fh:
        fh.write(article("Chè Shan tuyết", "chè shan").encode())
    proc = subprocess.run(
        indexer_cmd("rebuild", "--source", src, "--index", tmp_path / "index", "--jobs", "1", "--json"),
        cwd=ROOT, capture_output=True, timeout=120)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, stderr[-2000:]
    assert "Traceback" not in stderr
    report = json.loads(proc.stdout)
    assert report["files"] == 2
    # Either indexed under a readable id or skipped with a reason naming the file.
    assert report["indexed"] == 2 or any("shan" in s["file"] for s in report["skipped"])


# ---------------------------------------------------------------------------
# A long, repetitive article: searching it must stay fast
# ---------------------------------------------------------------------------

SEARCH_LIMIT = 1.0  # seconds for one search over the index below


def test_search_over_repetitive_article_is_fast(tmp_path):
    from indexer.build import rebuild
    from search_app import create_app

    src = tmp_path / SRC
    src.mkdir()
    body = "\n".join("sơn la " * 100 for _ in range(150))  # 15,000 times, 105 KB
    (src / "lap.txt").write_text(f"Sơn La lặp lại\n\n{DATELINE}\n\n{body}\n", encoding="utf-8")
    (src / "good.txt").write_text(article("Chuối tiêu hồng", "chuối tiêu"), encoding="utf-8")
    assert rebuild([src], tmp_path / "index", jobs=1).indexed == 2
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    client.get("/api/search?q=chu%E1%BB%91i")  # warm-up
    for url in ("/api/search?q=s%C6%A1n", "/?q=son+la"):
        started = time.monotonic()
        response = client.get(url)
        elapsed = time.monotonic() - started
        print(f"{url}: {elapsed:.2f} s")
        assert response.status_code == 200
        assert elapsed < SEARCH_LIMIT, f"{url} took {elapsed:.1f} s"

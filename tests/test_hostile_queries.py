"""Hostile queries and parameters.

Every case goes to ``/api/search`` (JSON) and ``/`` (HTML) through the Flask test client
of the session test index.  Each must answer 200, or 400 with ``{"error": "…"}`` (JSON)
or the search page with its message (HTML), within REQUEST_LIMIT seconds; never a 500,
never a hang.  A few go through a real waitress server too, raw bytes included.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
from urllib.parse import quote

import pytest

from robustness_fixtures import served

REQUEST_LIMIT = 1.0  # seconds per request: a generous guard (most take a few ms)

NESTED_OK = "(" * 200 + "hội nghị" + ")" * 200  # 408 characters: parsed, not refused
NESTED_3000 = "(" * 3000 + "a" + ")" * 3000
WORDS_5000 = " ".join(["cán bộ"] * 2500)  # 5,000 words
LONG_10000 = "a" * 10_000
MANY_OR = " OR ".join(f"x{i}" for i in range(100))  # 100 alternatives in one group
MANY_PREFIX = " OR ".join(f"h{c}*" for c in "abcdefghiklmnopqrstuvxy")
MANY_FUZZY = " ".join(f"{w}~" for w in "hoi nghi can bo tinh son la dong chi".split())

# (name, query string, expected status or None for "200 or 400", part of the message)
CASES = [
    ("star", "q=*", 400, "*"),
    ("star-a-star", "q=*a*", 400, "*"),
    ("a-star", "q=a*", 400, "*"),
    ("question", "q=%3F", 200, None),  # ? is punctuation (question headlines), not a wildcard
    ("prefix-ok", "q=ngh*", 200, None),
    ("range", "q=" + quote("title:[a TO z]"), 200, None),
    ("nested-parens-3000", "q=" + quote(NESTED_3000), 400, "2000"),
    ("nested-parens-200", "q=" + quote(NESTED_OK), 200, None),
    ("chars-10000", "q=" + LONG_10000, 400, "2000"),
    ("words-5000", "q=" + quote(WORDS_5000), 400, "2000"),
    ("chars-512", "q=" + "đ" * 512, 200, None),
    ("chars-2000", "q=" + quote(("Hội nghị cán bộ chủ chốt tỉnh Sơn La. " * 60)[:2000]), 200, None),
    ("words-60", "q=" + quote(" ".join(f"w{i}" for i in range(60))), None, None),
    ("many-or", "q=" + quote(MANY_OR), None, None),
    ("many-prefix", "q=" + quote(MANY_PREFIX), None, None),
    ("many-fuzzy", "q=" + quote(MANY_FUZZY), None, None),
    ("control-chars", "q=h%01%02%1b%5B31m%7f%c2%85i", 200, None),
    ("nul", "q=h%00i", 200, None),
    ("nul-only", "q=%00", 200, None),
    ("emoji", "q=" + quote("😀🔥 hội nghị 👍🏽"), 200, None),
    ("rtl-marks", "q=" + quote("\u202eSơn La\u202c\u200f\u061c"), 200, None),
    ("combining-alone", "q=" + quote("\u0301\u0323"), 200, None),
    ("odd-case", "q=" + quote("İSTANBUL ẞ ǅ ﬁ"), 200, None),
    ("script", "q=" + quote("<script>alert(1)</script>"), 200, None),
    ("sql", "q=" + quote("' OR 1=1 --"), 200, None),
    ("unclosed-quote", "q=%22unclosed", 200, None),
    ("quotes-only", "q=%22%22%22", 200, None),
    ("dash", "q=-", 200, None),
    ("dash-dash", "q=--", 200, None),
    ("neg-only", "q=-s%C6%A1n", 200, None),
    ("or-or-or", "q=OR+OR+OR", 200, None),
    ("title-empty", "q=title%3A", 200, None),
    ("person-empty", "q=person%3A", 200, None),
    ("id-star", "q=id%3A*", 400, None),
    ("body-field", "q=body%3Ax", 200, None),
    ("tilde-only", "q=~", 200, None),
    ("invalid-utf8", "q=%ff%fe", 200, None),
    ("lone-surrogate", "q=%ed%a0%80", 200, None),
    ("overlong-utf8", "q=%c0%af..%c0%af", 200, None),
    ("date-31-02-iso", "date=2019-02-31", 400, "31"),
    ("date-31-02-vn", "date=31/02/2019", 400, "31"),
    ("from-after-to", "from=2020-01-01&to=2019-01-01", 400, "2020-01-01"),
    ("month-13", "month=2019-13", 400, "13"),
    ("year-99999", "year=99999", 400, "99999"),
    ("year-1800", "year=1800", 400, "1800"),
    ("date-abc", "date=abc", 400, "abc"),
    ("date-huge-number", "date=" + "9" * 90, 400, None),
    ("date-arabic-digits", "date=" + quote("٢٠١٩-١١-١٦"), None, None),
    ("page-0", "q=a&page=0", 400, "page"),
    ("page-neg", "q=a&page=-1", 400, "page"),
    ("page-abc", "q=a&page=abc", 400, "page"),
    ("page-float", "q=a&page=1.5", 400, "page"),
    ("page-huge", "q=a&page=1000000000", 400, "page"),
    ("page-bignum", "q=a&page=" + "9" * 5000, 400, "page"),
    ("per-page-huge", "q=a&per_page=100000", 400, "per_page"),
    ("per-page-0", "q=a&per_page=0", 400, "per_page"),
    ("sort-drop", "q=a&sort=drop+table", 400, "sort"),
    ("page-last-window", "q=S%C6%A1n+La&page=1000", 200, None),
    ("past-10000", "q=S%C6%A1n+La&page=1001", 400, "1001"),
    ("past-10000-per-page", "q=S%C6%A1n+La&page=201&per_page=50", 400, "201"),
    ("repeated", "q=S%C6%A1n&q=xyz&page=1&page=2&sort=newest&sort=bogus", 200, None),
    ("person-long", "person=" + "a" * 300, 400, "200"),
    ("person-script", "person=" + quote("<script>x</script>"), 200, None),
    ("unknown-param", "q=a&debug=1&__class__=x&q%00=1", 200, None),
    ("empty-everything", "q=&date=&from=&to=&page=&per_page=&sort=", 200, None),
]
IDS = [c[0] for c in CASES]


def _timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    elapsed = time.monotonic() - started
    return response, elapsed


@pytest.fixture(scope="module", autouse=True)
def _warm_up(app):
    """Load pyvi and compile the templates before anything is timed."""
    client = app.test_client()
    client.get("/api/search?q=h%E1%BB%99i+ngh%E1%BB%8B")
    client.get("/?q=h%E1%BB%99i+ngh%E1%BB%8B")


def _check_status(name, status, expected):
    assert status != 500, name
    if expected is None:
        assert status in (200, 400), (name, status)
    else:
        assert status == expected, (name, status)


@pytest.mark.parametrize("name,qs,expected,message", CASES, ids=IDS)
def test_api_hostile(client, name, qs, expected, message):
    response, elapsed = _timed_get(client, f"/api/search?{qs}")
    _check_status(name, response.status_code, expected)
    assert elapsed < REQUEST_LIMIT, f"{name}: {elapsed:.2f} s"
    assert response.mimetype == "application/json"
    data = response.get_json()
    if response.status_code == 400:
        assert set(data) == {"error"} and isinstance(data["error"], str) and data["error"]
        if message:
            assert message in data["error"], data["error"]
    else:
        assert isinstance(data["results"], list) and isinstance(data["total"], int)


@pytest.mark.parametrize("name,qs,expected,message", CASES, ids=IDS)
def test_html_hostile(client, name, qs, expected, message):
    response, elapsed = _timed_get(client, f"/?{qs}")
    _check_status(name, response.status_code, expected)
    assert elapsed < REQUEST_LIMIT, f"{name}: {elapsed:.2f} s"
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith("<!doctype html>")
    if response.status_code == 400 and message:
        # The search page again, with the message next to the form (escaped).
        assert 'role="alert"' in html
        assert 'role="search"' in html
    assert "<script>alert" not in html and "<script>x" not in html


def test_too_long_query_message(client):
    """5,000 words: refused by the 2,000-character rule, saying the length and the limit."""
    data = client.get("/api/search?q=" + quote(WORDS_5000)).get_json()
    assert set(data) == {"error"}
    length = str(len(WORDS_5000))
    assert length in data["error"] and "2000" in data["error"], data
    html = client.get("/?q=" + quote(WORDS_5000)).get_data(as_text=True)
    assert length in html and "2000" in html


def test_person_page_hostile_page_numbers(client):
    for page in ("0", "-1", "abc", "1000000000", "9" * 400):
        started = time.monotonic()
        response = client.get(f"/nguoi/Nguy%E1%BB%85n%20H%E1%BB%AFu%20%C4%90%C3%B4ng?page={page}")
        assert time.monotonic() - started < REQUEST_LIMIT
        assert response.status_code == 400, page
        assert response.mimetype == "text/html"
    assert client.get("/nguoi/Nguy%E1%BB%85n%20H%E1%BB%AFu%20%C4%90%C3%B4ng?page=999").status_code == 404


def test_no_request_hangs_in_sequence(client):
    """All API cases in a row within a total budget (a slow leak would show here)."""
    started = time.monotonic()
    for _, qs, _, _ in CASES:
        assert client.get(f"/api/search?{qs}").status_code in (200, 400)
    assert time.monotonic() - started < len(CASES) * 0.25


# ---------------------------------------------------------------------------
# The same through the real servers (raw bytes the test client cannot send)
# ---------------------------------------------------------------------------

RAW_TARGETS = [
    (b"/api/search?q=%ff%fe", "json"),
    (b"/api/search?q=h%00i", "json"),
    # Raw bytes above 0x7f in the request line: waitress itself answers 400 "Bad URI"
    # (text/plain, without the app's headers); browsers always percent-encode them.
    (b"/api/search?q=\xff\xfe\xc3", "waitress"),
    (b"/api/search?q=" + "hội nghị".encode("utf-8"), "waitress"),
    (b"/api/search?q=*", "json"),
    (b"/api/search?date=2019-02-31", "json"),
    (b"/api/search?page=1000000000", "json"),
    (b"/api/search?q=" + quote(NESTED_3000).encode(), "json"),
    (b"/?q=%ff%fe&page=abc", "html"),
    (b"/?q=%3Cscript%3Ealert(1)%3C/script%3E", "html"),
    (b"/bai-viet/..%2f..%2fetc%2fpasswd", "html"),
    (b"/api/articles/%2e%2e/%2e%2e/etc/passwd", "json"),
]


def _raw_get(port: int, target: bytes) -> tuple[int, dict, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        chunks = []
        while True:
            data = sock.recv(65536)
            if not data:
                break
            chunks.append(data)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    return status, headers, body


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2], ids=["waitress", "gunicorn"])
def test_hostile_requests_through_the_server(index_dir, client, workers):
    with served(index_dir, threads=4, workers=workers) as port:
        for target, kind in RAW_TARGETS:
            started = time.monotonic()
            status, headers, body = _raw_get(port, target)
            elapsed = time.monotonic() - started
            assert status in (200, 400, 404), (target, status, body[:300])
            assert elapsed < REQUEST_LIMIT + 1, (target, elapsed)
            if kind == "waitress":  # the server itself refuses the raw bytes
                assert status == 400, target
                if workers == 1:
                    assert headers["content-type"].startswith("text/plain"), target
                continue
            assert headers.get("x-content-type-options") == "nosniff", target
            if kind == "json":
                assert headers["content-type"].startswith("application/json"), target
                data = json.loads(body)
                if status != 200:
                    assert isinstance(data.get("error"), str), target
            else:
                assert headers["content-type"].startswith("text/html"), target
                assert b"<script>alert" not in body
        # The server answers the same as the test client for percent-encoded cases.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _, qs, _, _ in CASES[::4]:
            conn.request("GET", f"/api/search?{qs}")
            real = conn.getresponse()
            body = real.read()
            expected = client.get(f"/api/search?{qs}")
            assert real.status == expected.status_code, qs
            if real.status == 400:
                assert json.loads(body) == expected.get_json(), qs
        conn.close()

"""The web side under attack: escaping, security headers, errors, the debugger.

* reflected XSS (query string) and stored XSS (article text, titles, ``url`` headers)
  escaped on every page (search, article, person), in snippets and suggestions;
* the security headers (CSP, nosniff, frame) on every response, errors included;
* the debugger never enabled, whatever the environment says;
* path traversal refused with 404 by the article API, the article and person pages;
* request size limits: a big body is 413 (or 405), never 500.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import quote

import pytest

from conftest import XSS_ID, assert_no_active_content, html_tags
from robustness_fixtures import served

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
BREAK_DQ = '" onmouseover="alert(1)" x="'
BREAK_SQ = "' onmouseover='alert(1)' x='"
CLOSE_TAG = '"></textarea></title><script>alert(1)</script>'
JS_URL = "javascript:alert(1)"
PAYLOADS = [SCRIPT, IMG, BREAK_DQ, BREAK_SQ, CLOSE_TAG, JS_URL, "{{7*7}}", "${7*7}"]

SRC = "hostile"
# The articles of the hostile index: hostile titles, bodies, url headers.
HOSTILE_ARTICLES = {
    "title_script.txt": (
        f"Cảnh giác {SCRIPT} lừa đảo\n\nNgày 3 tháng 3 năm 2021\n\n"
        f"Kẻ gian gửi {IMG} và {BREAK_DQ} qua tin nhắn lừa đảo ở Sơn La.\n\n"
        f"Đồng chí Lò Văn Mươn cảnh báo người dân về {CLOSE_TAG}.\n"
    ),
    "url_js.txt": (
        f"# url = {JS_URL}\n# date = 20210304\n"
        f"Đường link độc hại {BREAK_SQ}\n"
        "Người dân không nên bấm vào đường link lạ gửi qua tin nhắn lừa đảo.\n"
    ),
    "url_break.txt": (
        f"# url = https://example.vn/tin{BREAK_DQ}\n# date = 20210305\n"
        "Tin nhắn lừa đảo mạo danh ngân hàng\n"
        "Nhiều người dân nhận tin nhắn lừa đảo mạo danh ngân hàng.\n"
    ),
    "url_data.txt": (
        "# url = data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\n# date = 20210306\n"
        "Cảnh báo tin nhắn chứa mã độc\n"
        "Tin nhắn lừa đảo chứa đường link tải mã độc về điện thoại.\n"
    ),
    "url_spaces.txt": (
        "# url =   JaVaScRiPt:alert(document.cookie)\n# date = 20210307\n"
        "Lừa đảo qua mạng xã hội tăng mạnh\n"
        "Các vụ lừa đảo qua mạng xã hội tăng mạnh trong năm.\n"
    ),
}
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    from indexer.build import rebuild
    from search_app import create_app

    base = tmp_path_factory.mktemp("hostile")
    src = base / SRC
    src.mkdir()
    for name, text in HOSTILE_ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    report = rebuild([src], base / "index", jobs=1)
    assert report.indexed == len(HOSTILE_ARTICLES), report.as_dict()
    return create_app({"TESTING": True, "INDEX_DIR": str(base / "index")})


@pytest.fixture
def hclient(hostile_app):
    return hostile_app.test_client()


def check_page(response, *payloads):
    """An HTML page with nothing active in it and none of the payloads unescaped."""
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert_no_active_content(html)
    for payload in payloads:
        if any(c in payload for c in "<>\"'"):
            assert payload not in html, payload
    # Every link and form target stays on this site or on http(s).
    for tag, attrs in html_tags(html):
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            if value:
                assert value.startswith(("/", "http://", "https://", "#", "?")), (tag, name, value)
    return html


# ---------------------------------------------------------------------------
# Reflected XSS: the query string
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("param", ["q", "person", "date", "from", "to", "month", "year", "sort",
                                   "page", "per_page"])
def test_reflected_xss_in_search_page(client, param, payload):
    response = client.get("/", query_string={param: payload})
    assert response.status_code in (200, 400)
    check_page(response, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reflected_xss_with_results_and_filters(client, payload):
    """The payload next to a query that finds things: filters, facets, pagination links."""
    response = client.get("/", query_string={"q": f"Sơn La {payload}", "person": payload, "per_page": "2"})
    assert response.status_code in (200, 400)
    check_page(response, payload)
    response = client.get("/", query_string={"q": "Sơn La", "year": "2019", "sort": "newest",
                                             "per_page": "2", "page": "2", "x": payload})
    assert response.status_code == 200
    check_page(response, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reflected_xss_in_person_page(client, payload):
    if "/" in payload:  # a slash ends the <name> part of the URL: a plain 404
        assert client.get("/nguoi/" + quote(payload, safe="")).status_code == 404
        return
    response = client.get("/nguoi/" + quote(payload, safe=""))
    assert response.status_code in (200, 404)
    check_page(response, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reflected_xss_in_error_pages(client, payload):
    for url in ("/bai-viet/" + quote(payload, safe=""), "/khong-co/" + quote(payload, safe=""),
                "/nguoi/x?page=" + quote(payload, safe="")):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        check_page(response, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reflected_payload_in_json_is_json(client, payload):
    for url in ("/api/search?q=" + quote(payload, safe=""), "/api/search?date=" + quote(payload, safe=""),
                "/api/articles/" + quote(payload, safe="")):
        response = client.get(url)
        assert response.status_code in (200, 400, 404)
        assert response.mimetype == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        json.loads(response.get_data(as_text=True))


# ---------------------------------------------------------------------------
# Stored XSS: article text, titles and url headers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["lừa đảo", "lua dao", "script alert", "onmouseover", "tin nhắn",
                               "canh giac lua dao", "mã độc"])
def test_stored_xss_in_results_snippets_and_suggestions(hclient, q):
    response = hclient.get("/", query_string={"q": q})
    assert response.status_code == 200
    html = check_page(response, SCRIPT, IMG, BREAK_DQ, BREAK_SQ, CLOSE_TAG)
    assert "hit-title" in html, q  # results were shown
    data = hclient.get("/api/search", query_string={"q": q}).get_json()
    for hit in data["results"]:
        # Snippets are HTML: only <mark> tags, everything else escaped.
        tags = {t for t, _ in html_tags(hit["snippet"])}
        assert tags <= {"mark"}, hit["snippet"]
        assert "<script" not in hit["snippet"] and "<img" not in hit["snippet"]


@pytest.mark.parametrize("extra", [{}, {"person": BREAK_DQ}, {"month": CLOSE_TAG}, {"x": SCRIPT}])
def test_suggestion_escaped(hclient, extra):
    """A query typed without accents over the hostile articles gets a suggestion; the
    suggestion link carries the other (hostile) parameters, URL-encoded."""
    args = {"q": "canh giac lua dao", **extra}
    data = hclient.get("/api/search", query_string=args).get_json()
    response = hclient.get("/", query_string=args)
    html = check_page(response, SCRIPT, IMG, BREAK_DQ, BREAK_SQ, CLOSE_TAG)
    if response.status_code == 200 and "error" not in data:
        assert data["suggestion"], data
        assert 'class="suggestion"' in html


@pytest.mark.parametrize("name", sorted(HOSTILE_ARTICLES))
def test_stored_xss_in_article_page(hclient, name):
    response = hclient.get(f"/bai-viet/{SRC}/{name}")
    assert response.status_code == 200
    html = check_page(response, SCRIPT, IMG, BREAK_DQ, BREAK_SQ, CLOSE_TAG)
    # The source link only for http(s) URLs, its quote escaped inside the attribute.
    for tag, attrs in html_tags(html):
        if tag == "a" and "noopener" in (attrs.get("rel") or ""):
            assert attrs["href"].startswith(("http://", "https://"))
            assert "onmouseover" not in attrs or attrs.get("onmouseover") is None
    assert "javascript:" not in html.lower()
    assert "data:text/html" not in html


def test_title_escaped_in_title_element(hclient):
    html = hclient.get(f"/bai-viet/{SRC}/title_script.txt").get_data(as_text=True)
    assert "<title>Cảnh giác &lt;script&gt;alert(1)&lt;/script&gt; lừa đảo" in html


def test_person_page_of_hostile_article(hclient):
    response = hclient.get("/nguoi/" + quote("Lò Văn Mươn"))
    assert response.status_code == 200
    html = check_page(response, SCRIPT, IMG, BREAK_DQ, CLOSE_TAG)
    assert f"{SRC}/title_script.txt" in html


def test_session_index_xss_article_everywhere(client):
    for url in (f"/bai-viet/{XSS_ID}", "/?q=onerror", "/?q=script+alert&sort=newest",
                "/nguoi/" + quote("Nguyễn Hữu Đông")):
        response = client.get(url)
        assert response.status_code == 200, url
        check_page(response, SCRIPT, '"><img src=x onerror=alert(1)>')


# ---------------------------------------------------------------------------
# Security headers on every response, errors included
# ---------------------------------------------------------------------------


def check_headers(response):
    for name, value in SECURITY.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "object-src 'none'" in csp


@pytest.fixture(scope="module")
def prod_app(index_dir):
    """The app as served (no TESTING), with a route that fails, for the 500 page."""
    from search_app import create_app

    app = create_app({"INDEX_DIR": str(index_dir)})

    @app.get("/api/hardening-boom")
    def _boom_api():
        raise RuntimeError("secret detail /etc/shadow")

    @app.get("/hardening-boom")
    def _boom():
        raise ZeroDivisionError("secret detail /etc/shadow")

    return app


def test_headers_on_every_status(prod_app, empty_app):
    client = prod_app.test_client()
    requests = [
        (200, client.get("/")), (200, client.get("/?q=s%C6%A1n+la")), (200, client.get("/api/search")),
        (200, client.get(f"/bai-viet/{XSS_ID}")), (200, client.get(f"/api/articles/{XSS_ID}")),
        (200, client.get("/nguoi/" + quote("Nguyễn Hữu Đông"))), (200, client.get("/api/openapi.json")),
        (200, client.get("/static/style.css")),
        (400, client.get("/?page=0")), (400, client.get("/api/search?page=0")),
        (404, client.get("/khong-co")), (404, client.get("/api/khong-co")),
        (404, client.get("/bai-viet/x/y.txt")), (404, client.get("/api/articles/x/y.txt")),
        (404, client.get("/static/../conftest.py")),
        (405, client.post("/")), (405, client.post("/api/search")), (405, client.delete("/api/articles/x")),
        (405, client.put(f"/bai-viet/{XSS_ID}")),
        (413, client.get("/api/search", data=b"x" * 100_000)), (413, client.get("/", data=b"x" * 100_000)),
        (500, client.get("/api/hardening-boom")), (500, client.get("/hardening-boom")),
    ]
    empty = empty_app.test_client()
    requests += [(503, empty.get("/api/search?q=x")), (503, empty.get("/?q=x")),
                 (503, empty.get("/api/articles/a/b.txt")), (503, empty.get("/nguoi/abc"))]
    for status, response in requests:
        assert response.status_code == status, (status, response.get_data(as_text=True)[:300])
        check_headers(response)
        if response.status_code >= 400:
            body = response.get_data(as_text=True)
            assert "Traceback" not in body and "secret detail" not in body and "/etc/shadow" not in body


def test_error_bodies_json_on_api_html_elsewhere(prod_app):
    client = prod_app.test_client()
    for url in ("/api/search?page=0", "/api/khong-co", "/api/hardening-boom"):
        response = client.get(url)
        assert response.mimetype == "application/json"
        assert set(response.get_json()) == {"error"}
    for url in ("/?page=0", "/khong-co", "/hardening-boom"):
        assert client.get(url).mimetype == "text/html"
    response = client.get("/api/search", data=b"x" * 100_000)
    assert response.status_code == 413 and set(response.get_json()) == {"error"}


# ---------------------------------------------------------------------------
# The debugger is never on
# ---------------------------------------------------------------------------


def test_debugger_never_enabled(index_dir, monkeypatch):
    from search_app import create_app

    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("FLASK_ENV", "development")
    monkeypatch.setenv("WERKZEUG_DEBUG_PIN", "off")
    for config in ({"INDEX_DIR": str(index_dir)}, {"INDEX_DIR": str(index_dir), "DEBUG": True},
                   {"INDEX_DIR": str(index_dir), "DEBUG": True, "ENV": "development"}):
        app = create_app(config)
        assert app.debug is False, config
        assert app.config["DEBUG"] is False
        assert not app.config.get("PROPAGATE_EXCEPTIONS")

        @app.get("/api/hardening-debug")
        def _boom():
            raise RuntimeError("debugger secret")

        response = app.test_client().get("/api/hardening-debug")
        assert response.status_code == 500
        body = response.get_data(as_text=True)
        assert "debugger secret" not in body and "Traceback" not in body
        assert "Werkzeug Debugger" not in body and "__debugger__" not in body
        assert app.test_client().get("/?__debugger__=yes&cmd=resource&f=debugger.js").status_code != 500


def test_served_app_is_not_in_debug_mode(monkeypatch):
    """``python -m search_app`` serves create_app() through waitress or gunicorn, never
    app.run()."""
    import waitress
    from gunicorn.app.base import BaseApplication

    import search_app.__main__ as main

    seen = {}
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setattr(main, "ensure_index", lambda index_dir: False)
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: seen.update(app=app, **kw))
    assert main.main(["--port", "8765", "--index", "/nonexistent-hardening-index", "--workers", "1"]) == 0
    assert seen["app"].debug is False
    assert seen["host"] == "127.0.0.1"
    # Several workers: each one's app, as gunicorn would load it after the fork.
    monkeypatch.setattr(BaseApplication, "run", lambda self: seen.update(worker_app=self.load(), bind=self.cfg.bind))
    assert main.main(["--port", "8765", "--index", "/nonexistent-hardening-index", "--workers", "2"]) == 0
    assert seen["worker_app"].debug is False
    assert seen["bind"] == ["127.0.0.1:8765"]


# ---------------------------------------------------------------------------
# Path traversal
# ---------------------------------------------------------------------------

TRAVERSALS = [
    "../etc/passwd", "../../../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2E%2E/%2E%2E/etc/passwd",
    "articles/../../tests/conftest.py", "articles/..%2f..%2fconftest.py",
    "/etc/passwd", "%2fetc%2fpasswd", "//etc/passwd", "///etc/passwd",
    "%00", "articles/10_xss.txt%00", "articles/10_xss.txt%00.html", "a%00/../../etc/passwd",
    "..\\..\\etc\\passwd", "articles%5c..%5c..%5cetc%5cpasswd", "%5c%5cserver%5cshare",
    "C:\\Windows\\win.ini", "C:%5cWindows%5cwin.ini",
    "....//....//etc/passwd", "..;/..;/etc/passwd", "%252e%252e%252fetc%252fpasswd",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "%e0%80%ae%e0%80%ae/etc/passwd",
    "articles/./10_xss.txt", "articles/.", ".", "..", "...", "~/.ssh/id_rsa", "~root",
    "file:///etc/passwd", "articles/10_xss.txt/..", "articles/%0a10_xss.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_refused(client, path):
    for prefix in ("/api/articles/", "/bai-viet/"):
        response = client.get(prefix + path)
        assert response.status_code == 404, (prefix, path, response.status_code)
        body = response.get_data(as_text=True)
        assert "root:" not in body and "[fonts]" not in body and "def " not in body
        if prefix.startswith("/api"):
            assert response.mimetype == "application/json" and response.get_json()["error"]
        else:
            assert response.mimetype == "text/html"


@pytest.mark.parametrize("path", [p for p in TRAVERSALS if "/" not in p and "%2f" not in p.lower()])
def test_traversal_refused_on_person_page(client, path):
    response = client.get("/nguoi/" + path)
    assert response.status_code == 404, (path, response.status_code)
    assert "root:" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["../etc/passwd", "..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                                  "%2fetc%2fpasswd", "articles%5c..%5cx"])
def test_traversal_with_slash_on_person_page(client, path):
    assert client.get("/nguoi/" + path).status_code == 404


@pytest.mark.slow
def test_traversal_and_headers_through_waitress(index_dir):
    """waitress does not normalise the path differently from the test client."""
    with served(index_dir, threads=2) as port:
        for path in ("/api/articles/..%2f..%2fetc%2fpasswd", "/api/articles/%2e%2e/%2e%2e/etc/passwd",
                     "/bai-viet/../../etc/passwd", "/bai-viet/articles/10_xss.txt%00",
                     "/static/..%2f..%2fsearch_app%2f__init__.py", "/static/%2e%2e/%2e%2e/README.md",
                     "/nguoi/..%2f..%2fetc%2fpasswd"):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.putrequest("GET", path, skip_accept_encoding=True)
            conn.endheaders()
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
            conn.close()
            assert response.status == 404, (path, response.status)
            assert response.getheader("X-Frame-Options") == "DENY", path
            assert "root:" not in body and "import " not in body and "vnnews" not in body.lower()
        # A body over the limit: 413 from the app through waitress, not 500.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/api/search", body=b"x" * 1_000_000,
                     headers={"Content-Type": "application/octet-stream"})
        response = conn.getresponse()
        response.read()
        conn.close()
        assert response.status in (405, 413)


# ---------------------------------------------------------------------------
# Request size limits
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/", "/api/search", f"/api/articles/{XSS_ID}", f"/bai-viet/{XSS_ID}",
                                 "/nguoi/abc"])
def test_big_body_is_413_or_405(client, method, url):
    for size in (17 * 1024, 1_000_000, 20_000_000):
        response = getattr(client, method)(url, data=b"x" * size,
                                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status_code in (405, 413), (method, url, size, response.status_code)
        check_headers(response)


def test_small_post_is_405_with_allow(client):
    for url in ("/", "/api/search"):
        response = client.post(url, data={"q": "a"})
        assert response.status_code == 405
        assert "GET" in response.headers.get("Allow", "")


def test_multipart_upload_is_refused(client):
    import io

    response = client.post("/api/search", data={"f": (io.BytesIO(b"x" * 200_000), "a.txt")},
                           content_type="multipart/form-data")
    assert response.status_code in (405, 413)


def test_huge_headers_and_cookies(client):
    response = client.get("/api/search?q=a", headers={"Cookie": "a=" + "x" * 100_000,
                                                       "X-Forwarded-For": "1.1.1.1, " * 2000})
    assert response.status_code in (200, 400, 431)

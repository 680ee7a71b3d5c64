"""The app factory: configuration, the engine, security headers, error pages, the CLI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SEED_ID, assert_no_active_content

from search_app import (
    CONTENT_SECURITY_POLICY,
    ENGINE_KEY,
    SECURITY_HEADERS,
    create_app,
    safe_doc_id,
)
from search_app.engine import Engine
from search_app.params import SearchParams

# Every kind of response: pages, API, static files, redirects-free errors of each status.
RESPONSES = [
    ("/", 200),
    ("/?q=S%C6%A1n+La", 200),
    (f"/bai-viet/{SEED_ID}", 200),
    ("/nguoi/Nguy%E1%BB%85n%20H%E1%BB%AFu%20%C4%90%C3%B4ng", 200),
    ("/api/search?q=son+la", 200),
    (f"/api/articles/{SEED_ID}", 200),
    ("/api/openapi.json", 200),
    ("/static/style.css", 200),
    ("/?date=2019-02-31", 400),
    ("/api/search?date=2019-02-31", 400),
    ("/nguoi/Nguy%E1%BB%85n?page=0", 400),
    ("/khong-co-trang-nay", 404),
    ("/api/khong-co", 404),
    ("/bai-viet/articles/khong-co.txt", 404),
    ("/api/articles/articles/khong-co.txt", 404),
    ("/bai-viet/..%2f..%2fetc/passwd", 404),
]


def check_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.status_code)


# ---------------------------------------------------------------------------
# Factory and configuration
# ---------------------------------------------------------------------------


def test_index_dir_defaults_to_index_data_in_current_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_INDEX_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    app = create_app()
    assert Path(app.config["INDEX_DIR"]) == tmp_path / "index_data"


def test_index_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INDEX_DIR", str(tmp_path / "elsewhere"))
    app = create_app()
    assert app.config["INDEX_DIR"] == str(tmp_path / "elsewhere")


def test_test_config_wins_over_environment(tmp_path, monkeypatch, index_dir):
    monkeypatch.setenv("FLASK_INDEX_DIR", str(tmp_path / "elsewhere"))
    app = create_app({"INDEX_DIR": str(index_dir), "SOMETHING": 1})
    assert app.config["INDEX_DIR"] == str(index_dir)
    assert app.config["SOMETHING"] == 1


def test_one_engine_per_app(app, client):
    engine = app.extensions[ENGINE_KEY]
    assert isinstance(engine, Engine)
    client.get("/?q=son+la")
    client.get("/api/search?q=son+la")
    assert app.extensions[ENGINE_KEY] is engine
    other = create_app({"INDEX_DIR": app.config["INDEX_DIR"]})
    assert other.extensions[ENGINE_KEY] is not engine


def test_never_debug(index_dir):
    app = create_app({"INDEX_DIR": str(index_dir), "DEBUG": True})
    assert app.debug is False
    assert app.config["DEBUG"] is False


def test_max_content_length_is_small(app):
    assert 0 < app.config["MAX_CONTENT_LENGTH"] <= 64 * 1024


def test_blueprints_registered(app):
    assert {"views", "api"} <= set(app.blueprints)
    rules = {r.rule for r in app.url_map.iter_rules()}
    assert {"/", "/bai-viet/<path:doc_id>", "/nguoi/<name>", "/api/search",
            "/api/articles/<path:doc_id>", "/api/openapi.json"} <= rules


# ---------------------------------------------------------------------------
# Security headers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("url,status", RESPONSES)
def test_security_headers_on_every_response(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    check_security_headers(response)


def test_security_headers_on_405_413_500_503(index_dir, tmp_path):
    app = create_app({"INDEX_DIR": str(index_dir)})

    @app.get("/api/boom")
    def boom_api():
        raise RuntimeError("secret detail")

    client = app.test_client()
    for response in (
        client.post("/"),
        client.post("/api/search"),
        client.get("/api/search", data="x" * 100_000),
        client.get("/api/boom"),
    ):
        assert response.status_code in (405, 413, 500)
        check_security_headers(response)
    empty = tmp_path / "empty"
    empty.mkdir()
    response = create_app({"INDEX_DIR": str(empty)}).test_client().get("/api/search?q=x")
    assert response.status_code == 503
    check_security_headers(response)


def test_content_security_policy_is_strict():
    csp = CONTENT_SECURITY_POLICY
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "http:" not in csp and "https:" not in csp and "*" not in csp
    for name in ("script-src", "style-src"):
        assert directives.get(name, "'self'") == "'self'"


@pytest.mark.parametrize("url", ["/", "/?q=son+la", f"/bai-viet/{SEED_ID}",
                                 "/nguoi/Nguy%E1%BB%85n%20H%E1%BB%AFu%20%C4%90%C3%B4ng",
                                 "/khong-co", "/?date=2019-02-31"])
def test_pages_have_no_inline_script_or_style(client, url):
    html = client.get(url).get_data(as_text=True)
    assert_no_active_content(html)
    # Nothing from another host: no CDN, no web font (the canonical link and the
    # permalink are absolute, to this host).
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!localhost/)""", html)


def test_static_css_is_served(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert "@import" not in response.get_data(as_text=True)
    assert "url(" not in response.get_data(as_text=True)


# ---------------------------------------------------------------------------
# Errors: JSON under /api, a Vietnamese page elsewhere
# ---------------------------------------------------------------------------


def test_404_html_page(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Không tìm thấy" in html
    assert 'href="/"' in html


def test_404_json(client):
    response = client.get("/api/khong-co")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert set(response.get_json()) == {"error"}


def test_405_html_and_json(client):
    response = client.post("/")
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert "GET" in response.headers["Allow"]
    assert "Phương thức" in response.get_data(as_text=True)
    response = client.post("/api/search", data={"q": "x"})
    assert response.status_code == 405
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]
    response = client.delete(f"/api/articles/{SEED_ID}")
    assert response.status_code == 405
    assert response.get_json()["error"]


def test_413_html_and_json(client):
    response = client.get("/api/search", data="x" * 100_000)
    assert response.status_code == 413
    assert response.get_json()["error"]
    response = client.get("/", data="x" * 100_000)
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "quá lớn" in response.get_data(as_text=True)


def test_500_hides_details(index_dir):
    app = create_app({"INDEX_DIR": str(index_dir)})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    @app.get("/api/boom")
    def boom_api():
        raise RuntimeError("secret detail")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "secret detail" not in html and "Traceback" not in html
    assert "Lỗi" in html
    response = client.get("/api/boom")
    assert response.status_code == 500
    assert "secret detail" not in response.get_data(as_text=True)
    assert response.get_json()["error"]


def test_503_when_index_dir_is_empty(empty_app):
    client = empty_app.test_client()
    response = client.get("/api/search?q=son+la")
    assert response.status_code == 503
    assert response.get_json()["error"]
    assert response.headers.get("Retry-After")
    for url in ("/?q=son+la", f"/bai-viet/{SEED_ID}", "/nguoi/Nguy%E1%BB%85n"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert response.mimetype == "text/html"
        assert "không sẵn sàng" in response.get_data(as_text=True)
    assert client.get(f"/api/articles/{SEED_ID}").status_code == 503
    # The empty search page needs no index.
    assert client.get("/").status_code == 200


def test_503_when_index_dir_does_not_exist(tmp_path):
    app = create_app({"INDEX_DIR": str(tmp_path / "missing")})
    response = app.test_client().get("/api/search")
    assert response.status_code == 503
    assert response.get_json()["error"]


def test_index_built_after_start_is_picked_up(tmp_path, fixture_dir):
    from indexer.build import rebuild

    index = tmp_path / "later"
    app = create_app({"INDEX_DIR": str(index)})
    client = app.test_client()
    assert client.get("/api/search?q=son+la").status_code == 503
    rebuild([fixture_dir], index, jobs=1)
    response = client.get("/api/search?q=son+la")
    assert response.status_code == 200
    assert response.get_json()["total"] > 0


# ---------------------------------------------------------------------------
# Article ids
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", [
    "seeds/000_bddf68c9230f3abc.txt",
    "dantri/news_world_001.txt",
    "export.jsonl#42",
    "cms/export.jsonl#abc-1",
    "tin tức/bài 1.txt",
    "a/b/c/d.txt",
])
def test_safe_doc_ids(doc_id):
    assert safe_doc_id(doc_id)


@pytest.mark.parametrize("doc_id", [
    "", "..", ".", "../etc/passwd", "seeds/../../etc/passwd", "seeds/./x.txt",
    "/etc/passwd", "seeds//x.txt", "seeds\\..\\x", "seeds/x\x00.txt", "seeds/x.txt/",
    "seeds/.hidden", "seeds/x\n.txt", "C:\\Windows", "seeds/x..txt/..", "a" * 2000,
    "seeds/%2e%2e/x", "seeds/x.txt#", "seeds/x.txt#a/b",
])
def test_unsafe_doc_ids(doc_id):
    assert not safe_doc_id(doc_id)


# ---------------------------------------------------------------------------
# python -m search_app
# ---------------------------------------------------------------------------


def test_main_builds_index_from_seeds_then_serves(tmp_path, monkeypatch, capsys):
    import waitress

    from search_app import __main__ as cli

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FLASK_INDEX_DIR", raising=False)
    served = {}

    def fake_serve(app, **kwargs):
        served.update(kwargs, app=app)

    monkeypatch.setattr(waitress, "serve", fake_serve)
    assert cli.main(["--port", "8123", "--workers", "1", "--threads", "2", "--index", "idx"]) == 0
    out = capsys.readouterr().out
    assert "building it from seeds" in out
    assert "http://127.0.0.1:8123/" in out
    assert served["host"] == "127.0.0.1" and served["port"] == 8123 and served["threads"] == 2
    app = served["app"]
    assert app.config["INDEX_DIR"] == str(tmp_path / "idx")
    response = app.test_client().get("/api/search?q=h%E1%BB%99i+ngh%E1%BB%8B")
    assert response.status_code == 200
    assert response.get_json()["total"] >= 1

    # Second start: the index is there, nothing is rebuilt.
    assert cli.main(["--index", "idx", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "building" not in out
    assert "http://127.0.0.1:8000/" in out


def _set_schema_version(index: Path, version: int) -> None:
    import json

    from indexer import store

    build = store.live_build(index)
    meta = store.read_meta(build)
    meta["schema_version"] = version
    (build / "build.json").write_text(json.dumps(meta), encoding="utf-8")


def test_main_rebuilds_a_seed_index_of_an_older_schema(tmp_path, monkeypatch, capsys):
    from indexer.build import rebuild
    from indexer.schema import SCHEMA_VERSION
    from search_app import __main__ as cli

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    rebuild([tmp_path / "seeds"], tmp_path / "idx", jobs=1)
    _set_schema_version(tmp_path / "idx", SCHEMA_VERSION - 1)
    assert cli.ensure_index(tmp_path / "idx", Path("seeds")) is True
    assert f"schema version {SCHEMA_VERSION - 1}: rebuilding it from seeds" in capsys.readouterr().out
    assert cli.outdated_schema(tmp_path / "idx") is None
    assert Engine(tmp_path / "idx").search(SearchParams.from_args({"q": "hội nghị"})).total >= 1


def test_main_leaves_an_archive_of_an_older_schema_to_the_operator(tmp_path, monkeypatch, capsys, fixture_dir):
    from indexer.build import rebuild
    from indexer.schema import SCHEMA_VERSION
    from search_app import __main__ as cli

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    rebuild([fixture_dir], tmp_path / "idx", jobs=1)
    _set_schema_version(tmp_path / "idx", SCHEMA_VERSION - 1)
    assert cli.ensure_index(tmp_path / "idx", Path("seeds")) is False
    out = capsys.readouterr().out
    assert "Searches answer 503 until it is rebuilt" in out
    assert f"python -m indexer rebuild --index {tmp_path / 'idx'} --source {fixture_dir.resolve()}" in out
    assert cli.outdated_schema(tmp_path / "idx") == (SCHEMA_VERSION - 1, [str(fixture_dir.resolve())])


def test_main_rejects_bad_arguments(capsys):
    from search_app import __main__ as cli

    assert cli.main(["--port", "0"]) == 2
    assert cli.main(["--threads", "0"]) == 2
    assert cli.main(["--workers", "0"]) == 2
    assert cli.main(["--array-cache", "0"]) == 2
    with pytest.raises(SystemExit):
        cli.main(["--port", "abc"])

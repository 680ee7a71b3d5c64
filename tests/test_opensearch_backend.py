"""Serving from OpenSearch: the app's config and command line, the cluster's failures
answered 503 (never 500), and an index that changes under the app (a rebuild moving
the alias, an update).  What a reader sees of the results is in test_backend_contract.
"""

from __future__ import annotations

import http.server
import secrets
import shutil
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURE_ARTICLES
from opensearch_fixtures import drop_alias

from search_app import create_app
from search_app.opensearch_backend import CLUSTER_UNAVAILABLE, INDEX_MISSING, TOO_COMPLEX, OpenSearchBackend


def _app(url: str, alias: str = "vnnews"):
    return create_app({"TESTING": True, "SEARCH_BACKEND": "opensearch", "OPENSEARCH_URL": url,
                       "OPENSEARCH_INDEX": alias})


@pytest.fixture
def alias(opensearch_url):
    name = f"test-s-{secrets.token_hex(4)}"
    yield name
    drop_alias(opensearch_url, name)


class _Cluster(http.server.BaseHTTPRequestHandler):
    """A cluster that answers every request with ``status`` after ``delay`` seconds."""

    status = 500
    delay = 0.0

    def do_GET(self):
        time.sleep(self.delay)
        body = b'{"error": {"type": "internal_error", "reason": "boom"}, "status": 500}'
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def failing_cluster():
    """``serve(status, delay)`` → the URL of a local server answering so."""
    servers = []

    def serve(status: int, delay: float = 0.0) -> str:
        handler = type("Handler", (_Cluster,), {"status": status, "delay": delay})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()


def _assert_503(client, message: str) -> None:
    for path in ("/api/search?q=s%C6%A1n+la", "/api/articles/articles/x.txt", "/api/suggest?q=son"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.get_json() == {"error": message}
        assert response.headers["Retry-After"]
    page = client.get("/?q=s%C6%A1n+la")
    assert page.status_code == 503 and "OpenSearch" in page.get_data(as_text=True)
    assert client.get("/").status_code == 200  # the search form needs no index


# -- configuration -----------------------------------------------------------------------


def test_the_backend_is_whoosh_unless_the_config_or_the_environment_says_opensearch(monkeypatch, tmp_path):
    app = create_app({"INDEX_DIR": str(tmp_path)})
    assert app.config["SEARCH_BACKEND"] == "whoosh" and app.config["OPENSEARCH_INDEX"] == "vnnews"
    monkeypatch.setenv("FLASK_SEARCH_BACKEND", "opensearch")
    monkeypatch.setenv("FLASK_OPENSEARCH_URL", "http://search.example.vn:9200")
    monkeypatch.setenv("FLASK_OPENSEARCH_INDEX", "archive")
    app = create_app()
    backend = app.extensions["search_engine"].backend
    assert isinstance(backend, OpenSearchBackend)
    assert (backend.url, backend.alias) == ("http://search.example.vn:9200", "archive")
    with pytest.raises(ValueError, match="unknown search backend"):
        create_app({"SEARCH_BACKEND": "solr"})


def test_the_command_line_needs_a_url_for_opensearch(capsys, monkeypatch):
    from search_app import __main__ as cli

    monkeypatch.delenv("FLASK_OPENSEARCH_URL", raising=False)
    assert cli.main(["--backend", "opensearch"]) == 2
    assert "--opensearch-url" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--backend", "solr"])
    args = cli.make_parser().parse_args(["--backend", "opensearch", "--opensearch-url", "http://h:9200"])
    assert (args.backend, args.opensearch_url, args.opensearch_index) == ("opensearch", "http://h:9200", "vnnews")


# -- the cluster's failures ------------------------------------------------------------


def test_an_unreachable_cluster_is_a_503(unused_port_url):
    _assert_503(_app(unused_port_url).test_client(), CLUSTER_UNAVAILABLE)


@pytest.fixture
def unused_port_url() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # closed again: connections are refused


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_cluster_answering_5xx_is_a_503(failing_cluster, status):
    _assert_503(_app(failing_cluster(status)).test_client(), CLUSTER_UNAVAILABLE)


def test_a_cluster_that_does_not_answer_in_time_is_a_503(failing_cluster, monkeypatch):
    from search_app import opensearch_backend

    monkeypatch.setattr(opensearch_backend, "OPENSEARCH_TIMEOUT", 0.3)
    client = _app(failing_cluster(200, delay=1.0)).test_client()
    started = time.monotonic()
    response = client.get("/api/search?q=s%C6%A1n+la")
    assert response.status_code == 503 and response.get_json() == {"error": CLUSTER_UNAVAILABLE}
    assert time.monotonic() - started < 5


@pytest.mark.opensearch
def test_a_missing_alias_is_the_no_index_503(opensearch_url, alias):
    _assert_503(_app(opensearch_url, alias).test_client(), INDEX_MISSING)


def _seed_index(url: str, alias: str, tmp_path: Path) -> Path:
    """An index of the seed article alone behind ``alias``; returns its source folder."""
    from indexer.opensearch import rebuild

    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(FIXTURE_ARTICLES / "000_bddf68c9230f3abc.txt", source)
    rebuild([source], url, alias, replicas=0, jobs=1)
    return source


@pytest.mark.opensearch
def test_an_index_whose_shards_cannot_be_searched_is_a_503(opensearch_url, alias, tmp_path):
    from opensearch_fixtures import client as cluster

    _seed_index(opensearch_url, alias, tmp_path)
    client = _app(opensearch_url, alias).test_client()
    assert client.get("/api/search?q=h%E1%BB%99i+ngh%E1%BB%8B").get_json()["total"] == 1
    index = next(iter(cluster(opensearch_url).indices.get_alias(name=alias)))
    cluster(opensearch_url).indices.close(index=index)
    time.sleep(1.1)  # past the app's look at the alias
    response = client.get("/api/search?q=c%C3%A1n+b%E1%BB%99")
    assert response.status_code == 503 and response.get_json() == {"error": CLUSTER_UNAVAILABLE}


@pytest.mark.opensearch
def test_a_query_with_more_clauses_than_the_cluster_allows_is_a_400_saying_so(opensearch_url, alias, tmp_path):
    _seed_index(opensearch_url, alias, tmp_path)
    client = _app(opensearch_url, alias).test_client()
    q = " OR ".join(f"từ{i}" for i in range(330))[:2000]  # Whoosh answers it; 1,024 clauses by default here
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code == 400 and response.get_json() == {"error": TOO_COMPLEX}


# -- an index that changes under the app ------------------------------------------------


@pytest.mark.opensearch
def test_the_app_follows_a_rebuild_and_an_update_without_a_restart(opensearch_url, alias, tmp_path):
    from indexer.opensearch import rebuild, update

    source = _seed_index(opensearch_url, alias, tmp_path)
    client = _app(opensearch_url, alias).test_client()
    first = client.get("/api/search?q=S%C6%A1n+La")
    assert first.get_json()["total"] == 1

    shutil.copy(FIXTURE_ARTICLES / "08_bau_cu.txt", source)
    update([source], opensearch_url, alias, replicas=0, jobs=1)
    time.sleep(1.1)
    updated = client.get("/api/search?q=S%C6%A1n+La")
    assert updated.get_json()["total"] == 2 and updated.headers["ETag"] != first.headers["ETag"]
    assert client.get("/api/articles/src/08_bau_cu.txt").status_code == 200

    (source / "000_bddf68c9230f3abc.txt").unlink()
    rebuild([source], opensearch_url, alias, replicas=0, jobs=1)
    time.sleep(1.1)
    assert [h["id"] for h in client.get("/api/search?q=S%C6%A1n+La").get_json()["results"]] == ["src/08_bau_cu.txt"]


@pytest.mark.opensearch
def test_a_search_right_after_a_rebuild_answers_from_the_new_index(opensearch_url, alias, tmp_path, monkeypatch):
    """A rebuild deletes the index it replaces at once; a request that still names it
    (the alias is looked at once a second) asks the alias again instead of failing."""
    from indexer.opensearch import rebuild
    from search_app import opensearch_backend

    monkeypatch.setattr(opensearch_backend, "REFRESH_EVERY", 3600)  # the old index stays in mind
    source = _seed_index(opensearch_url, alias, tmp_path)
    client = _app(opensearch_url, alias).test_client()
    assert client.get("/api/search?q=S%C6%A1n+La").get_json()["total"] == 1
    shutil.copy(FIXTURE_ARTICLES / "08_bau_cu.txt", source)
    rebuild([source], opensearch_url, alias, replicas=0, jobs=1)
    response = client.get("/api/search?q=b%E1%BA%A7u+c%E1%BB%AD")
    assert response.status_code == 200 and response.get_json()["total"] == 1
    assert client.get("/api/articles/src/08_bau_cu.txt").status_code == 200


def test_several_nodes_are_given_as_one_comma_separated_url_and_a_bad_one_is_refused():
    from indexer.errors import UsageError
    from indexer.opensearch.cluster import display_url, node_urls

    assert node_urls("http://a:9200, https://u:p@b:9201") == ["http://a:9200", "https://u:p@b:9201"]
    assert display_url("http://a:9200,https://u:p@b:9201") == "http://a:9200,https://b:9201"
    for bad in ("", "a:9200", "http://a:9200,ftp://b"):
        with pytest.raises(UsageError, match="http:// or https://"):
            node_urls(bad)


def test_only_failures_a_node_explains_are_asked_again(monkeypatch):
    import opensearchpy

    from search_app import opensearch_backend as ob

    monkeypatch.setattr(ob, "OPENSEARCH_RETRY_PAUSE", 0)
    calls = []

    def failing(exc):
        def ask():
            calls.append(1)
            if len(calls) == 1:
                raise exc
            return "answer"
        return ask

    for transient in (ob._ShardsFailed("1 of 2 shards failed"), opensearchpy.ConnectionError("N/A", "reset", None),
                      opensearchpy.TransportError(503, "unavailable", {})):
        calls.clear()
        assert ob._once_more(failing(transient)) == "answer" and len(calls) == 2
    for final in (opensearchpy.ConnectionTimeout("TIMEOUT", "late", None),
                  opensearchpy.TransportError(400, "parsing_exception", {})):
        calls.clear()
        with pytest.raises(type(final)):
            ob._once_more(failing(final))
        assert len(calls) == 1

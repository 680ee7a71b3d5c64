"""Shared fixtures of the web-layer tests (test_app, test_views, test_api, test_browser).

The test index is built ONCE per session from the small articles in
``tests/fixtures/articles/`` (ids ``articles/<file>``):

* ``000_bddf68c9230f3abc.txt`` the seed article (16/11/2019, Nguyễn Hữu Đông and others);
* 01, 02, 10 also dated 16/11/2019; the others spread over 2019–2021;
* ``11_khong_ngay.txt`` undated (title / lead / body);
* ``10_xss.txt`` with ``<script>alert(1)</script>`` and ``"><img src=x onerror=alert(1)>``;
* ``06_hoa_binh.txt`` with both hoà/hòa and kĩ/kỹ; ``03_ban_giao.txt`` with bàn,
  ``02_nong_san.txt`` with bán and ``04_ban_be.txt`` with bạn;
* every article names "Sơn La" (13 hits: more than one page of 10).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from opensearch_fixtures import opensearch_url  # noqa: E402,F401  (the node of @pytest.mark.opensearch tests)

FIXTURE_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"

SEED_ID = "articles/000_bddf68c9230f3abc.txt"
XSS_ID = "articles/10_xss.txt"
UNDATED_ID = "articles/11_khong_ngay.txt"
HOA_ID = "articles/06_hoa_binh.txt"
BAN_ID = "articles/03_ban_giao.txt"
SECRETARY = "Nguyễn Hữu Đông"
# Articles naming the secretary, newest first.
SECRETARY_IDS = [
    "articles/12_giao_duc.txt",  # 2021-06-28
    "articles/08_bau_cu.txt",  # 2021-05-20
    "articles/05_dai_hoi.txt",  # 2020-10-14
    "articles/000_bddf68c9230f3abc.txt",  # 2019-11-16
    "articles/01_hoi_nghi_tinh_uy.txt",  # 2019-11-16
]
ON_16_11_2019 = {
    "articles/000_bddf68c9230f3abc.txt",
    "articles/01_hoi_nghi_tinh_uy.txt",
    "articles/02_nong_san.txt",
    "articles/10_xss.txt",
}
N_ARTICLES = 13
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a slow test (a real server, a browser)")


@pytest.fixture(scope="session")
def fixture_dir() -> Path:
    return FIXTURE_ARTICLES


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, fixture_dir) -> Path:
    """The session's test index, built once from ``tests/fixtures/articles``."""
    from indexer.build import rebuild

    path = tmp_path_factory.mktemp("web-index")
    report = rebuild([fixture_dir], path, jobs=1)
    assert report.indexed == N_ARTICLES, report.as_dict()
    return path


@pytest.fixture(scope="session")
def many_index(tmp_path_factory, fixture_dir) -> Path:
    """A bigger index for comparing the array ranker with Whoosh: 400 articles made
    by reshuffling the fixture sentences (so terms span several posting blocks), built
    by two workers (two segments), then updated with files deleted and changed (so
    the segments have deletions and a third segment exists)."""
    import random
    import re

    from indexer.build import rebuild, update

    sentences = []
    for path in sorted(fixture_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.strip()) > 20)
    rng = random.Random(11)
    source = tmp_path_factory.mktemp("many") / "many"
    source.mkdir()

    def article(i: int) -> str:
        title = rng.choice(sentences).rstrip(".")
        lead = rng.choice(sentences)
        body = "\n\n".join(rng.sample(sentences, rng.randint(2, 9)))
        return f"{title}\n\nNgày {1 + i % 28} tháng {1 + i % 12} năm {2019 + i % 3}\n\n{lead}\n\n{body}\n"

    for i in range(400):
        (source / f"{i:03d}.txt").write_text(article(i), encoding="utf-8")
    path = tmp_path_factory.mktemp("many-index")
    assert rebuild([source], path, jobs=2).indexed == 400
    for i in range(0, 400, 37):
        (source / f"{i:03d}.txt").unlink()
    for i in range(5, 400, 53):
        (source / f"{i:03d}.txt").write_text(article(i + 1000), encoding="utf-8")
    report = update([source], path, jobs=1)
    assert report.deleted and report.updated, report.as_dict()
    return path


@pytest.fixture(scope="session")
def engine(index_dir):
    from search_app.engine import Engine

    return Engine(index_dir)


@pytest.fixture(scope="session")
def app(index_dir):
    from search_app import create_app

    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def empty_app(tmp_path):
    """An app whose index folder holds no index."""
    from search_app import create_app

    empty = tmp_path / "no-index"
    empty.mkdir()
    return create_app({"TESTING": True, "INDEX_DIR": str(empty)})


# ---------------------------------------------------------------------------
# HTML helpers
# ---------------------------------------------------------------------------

from html.parser import HTMLParser  # noqa: E402


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def html_tags(html: str) -> list[tuple[str, dict]]:
    """Every start tag of ``html`` as (name, attributes), as a browser would see them."""
    parser = _TagCollector()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_no_active_content(html: str) -> None:
    """No inline script (only our own static files, as the CSP allows), no event
    handler, no inline style, no javascript: link, no foreign img."""
    for tag, attrs in html_tags(html):
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
            continue
        assert tag not in ("iframe", "object", "embed", "style"), tag
        assert tag != "img", attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", (tag, name)
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:")), value

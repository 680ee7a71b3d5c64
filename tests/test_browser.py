"""A real browser against the real server: Chromium (Debian's /usr/bin/chromium) driven by
Playwright, the app served by waitress in a background thread on a free port.

Skipped when Playwright or /usr/bin/chromium is absent (``apt-get install chromium``;
never ``playwright install``).
"""

from __future__ import annotations

import os
import threading
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import N_ARTICLES, ON_16_11_2019, SECRETARY, SECRETARY_IDS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"{CHROMIUM} is not installed"),
]


def _served(index_dir):
    """The app on ``index_dir`` at http://127.0.0.1:<free port>/, served by waitress in
    a thread, until the generator is closed."""
    from waitress import create_server

    from search_app import create_app

    srv = create_server(create_app({"INDEX_DIR": str(index_dir)}), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, name="waitress-test", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.effective_port}"
    finally:
        srv.close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def server(index_dir):
    yield from _served(index_dir)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                          headless=True, timeout=60_000)
        except Exception as exc:  # a broken Chromium install: skip, do not fail
            pytest.skip(f"cannot start Chromium: {exc}")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(locale="vi-VN", java_script_enabled=True)
    pg = context.new_page()
    problems = []
    pg.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: problems.append(str(exc)))
    pg.set_default_timeout(15_000)
    pg.problems = problems
    yield pg
    context.close()


def hit_ids(page) -> list[str]:
    hrefs = page.locator("ol.hits .hit-title a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [unquote(h.removeprefix("/bai-viet/")) for h in hrefs]


def test_search_with_date_picker(page, server):
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Từ khóa").fill("hội nghị")
    page.fill("input[type=date][name=date]", "2019-11-16")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_load_state()
    args = parse_qs(urlsplit(page.url).query)
    assert args["q"] == ["hội nghị"] and args["date"] == ["2019-11-16"]
    count = page.locator("#results-title")
    assert count.inner_text().startswith("Tìm thấy")
    ids = hit_ids(page)
    assert ids and set(ids) <= ON_16_11_2019
    assert page.locator("ol.hits time").first.inner_text() == "16/11/2019"
    assert page.locator("ol.hits mark").count() >= 1
    # The form keeps what was asked.
    assert page.input_value("input[name=date]") == "2019-11-16"
    assert page.input_value("input[name=q]") == "hội nghị"
    assert page.problems == []


def test_second_page_of_results(page, server):
    page.goto(server + "/")
    page.get_by_label("Từ khóa").fill("Sơn La")
    page.get_by_label("Sắp xếp").select_option("newest")
    page.get_by_label("Từ khóa").press("Enter")
    page.wait_for_load_state()
    assert page.locator("#results-title").inner_text() == f"Tìm thấy {N_ARTICLES} bài viết"
    first = hit_ids(page)
    assert len(first) == 10
    page.get_by_role("link", name="Trang sau »").click()
    page.wait_for_load_state()
    args = parse_qs(urlsplit(page.url).query)
    assert args["page"] == ["2"] and args["q"] == ["Sơn La"] and args["sort"] == ["newest"]
    second = hit_ids(page)
    assert len(second) == N_ARTICLES - 10
    assert not set(first) & set(second)
    assert page.locator('nav.pagination [aria-current="page"]').inner_text() == "2"
    assert page.problems == []


def test_person_link_opens_person_page(page, server):
    page.goto(server + "/?q=b%E1%BA%A7u+c%E1%BB%AD")
    page.locator("ol.hits").get_by_role("link", name=SECRETARY).first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith("/nguoi/")
    assert page.locator("h1").inner_text() == SECRETARY
    ids = hit_ids(page)
    assert set(ids) == set(SECRETARY_IDS)
    assert ids[0] == SECRETARY_IDS[0]  # newest first
    # And on to an article, and its related articles.
    page.locator("ol.hits .hit-title a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text()
    assert page.locator("article .body p").count() >= 1
    assert page.problems == []


def test_no_script_runs_from_article_text(page, server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    page.goto(server + "/bai-viet/articles/10_xss.txt")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert page.locator("img").count() == 0
    assert dialogs == []


def test_mobile_layout_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    pg = context.new_page()
    pg.goto(server + "/?q=S%C6%A1n+La")
    overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0


def test_the_search_box_offers_completions_as_the_reader_types(page, server):
    page.goto(server + "/")
    with page.expect_response(lambda r: "/api/suggest" in r.url) as answer:
        page.get_by_label("Từ khóa").type("nguyen huu", delay=20)
    assert answer.value.ok
    options = page.locator("#q-completions option")
    options.first.wait_for(state="attached")
    assert SECRETARY in options.evaluate_all("els => els.map(e => e.value)")
    assert page.problems == []  # the script runs under the page's CSP


def test_timeline_bar_leads_to_that_month(page, server):
    page.goto(server + "/?q=S%C6%A1n+La")
    timeline = page.locator("#timeline")
    assert timeline.is_visible()
    page.locator('#timeline a[aria-label^="11/2019"]').click()
    page.wait_for_load_state()
    args = parse_qs(urlsplit(page.url).query)
    assert args["month"] == ["2019-11"] and args["q"] == ["Sơn La"]
    assert set(hit_ids(page)) == ON_16_11_2019
    assert page.problems == []


def test_date_preset_section_facet_and_citation(page, server):
    page.goto(server + "/?q=S%C6%A1n+La")
    page.get_by_role("link", name="Năm nay").click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["year"]  # this year: likely nothing in the fixtures
    page.goto(server + "/bai-viet/articles/000_bddf68c9230f3abc.txt")
    citation = page.locator("#citation").inner_text()
    assert "ngày 16/11/2019" in citation and "truy cập ngày" in citation
    assert page.locator('link[rel="canonical"]').get_attribute("href").endswith("/bai-viet/articles/000_bddf68c9230f3abc.txt")
    assert page.locator('link[rel="search"]').get_attribute("href") == "/opensearch.xml"
    assert page.problems == []


@pytest.fixture(scope="module")
def sections_server(tmp_path_factory):
    """The app over the small sectioned archive of ``test_sections``."""
    from test_sections import sectioned_index

    yield from _served(sectioned_index(tmp_path_factory))


def test_section_facet_filters_and_unfilters(page, sections_server):
    page.goto(sections_server + "/?q=m%C6%B0a")
    facet = page.locator("#facet-sections")
    assert "Thể thao" in facet.inner_text()
    facet.get_by_role("link", name="Thể thao").click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["section"] == ["Thể thao"]
    assert set(hit_ids(page)) == {"src/news_sport_001.txt", "src/news_sport_002.txt"}
    page.get_by_role("link", name="Bỏ lọc Chuyên mục Thể thao").click()
    page.wait_for_load_state()
    assert "section" not in parse_qs(urlsplit(page.url).query)
    assert len(hit_ids(page)) == 4
    # The scope choice of the form: "lớn" stands in two titles and two bodies.
    page.get_by_label("Từ khóa").fill("lớn")
    page.get_by_label("Tìm trong").select_option("title")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["scope"] == ["title"]
    assert set(hit_ids(page)) == {"src/news_sport_001.txt", "src/cms.jsonl#1"}
    assert page.problems == []


def test_home_lists_the_most_named_and_a_person_page_draws_a_timeline(page, server):
    page.goto(server + "/")
    top = page.locator(".top-persons")
    assert SECRETARY in top.inner_text()
    top.get_by_role("link", name=SECRETARY).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == SECRETARY
    assert page.locator("#timeline rect").count() >= 2
    assert page.problems == []

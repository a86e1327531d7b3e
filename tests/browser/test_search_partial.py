"""Partial matches in a real Chromium: the panel says no article matches all the words, lists
the articles matching some of them (the count announced is the count listed, the combobox works
as ever, the contact link follows the list), and a search left without opening any of them
reaches the real collector on the same origin as a "partial" search that the report lists as
searched in vain; one whose result was opened sends nothing."""

from __future__ import annotations

import json
import time

import pytest

from helpcenter.search.query import PARTIAL_LIMIT, search
from tests.browser.conftest import SameOrigin
from tests.conftest import helpcenter, wait_for_js
from tests.helpcenter.search.test_partial import NONSENSE, PARTIAL_QUERIES

pytestmark = pytest.mark.browser

NOW = "2026-11-22T09:00:00Z"
PARTIAL_STATUS = {
    "en": ("No article matches all your words. 1 article matches some of them:",
           "No article matches all your words. {count} articles match some of them:"),
    "ko": ("모든 검색어와 일치하는 문서가 없습니다. 일부 검색어와 일치하는 문서 1건:",
           "모든 검색어와 일치하는 문서가 없습니다. 일부 검색어와 일치하는 문서 {count}건:"),
    "ja": ("すべてのキーワードに一致する記事はありません。一部に一致する記事 1件：",
           "すべてのキーワードに一致する記事はありません。一部に一致する記事 {count}件："),
}
BOX = {"en": "Search the help center", "ko": "고객센터 검색", "ja": "ヘルプセンターを検索"}
CONTACT = {"en": "Contact support", "ko": "고객센터 문의하기", "ja": "お問い合わせ"}


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    yield context
    context.close()


def status_text(locale: str, count: int) -> str:
    one, other = PARTIAL_STATUS[locale]
    return one if count == 1 else other.format(count=count)


def search_rows(origin: SameOrigin, count: int, timeout: float = 10.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = [r for r in origin.rows() if r["type"] == "search"]
        if len(rows) >= count:
            return rows
        time.sleep(0.05)
    return [r for r in origin.rows() if r["type"] == "search"]


def site_gaps_in_report(demo_site, tmp_path, locale: str) -> tuple[dict, str]:
    """`helpcenter report` over the collector's SQLite store: the site's content gaps of
    `locale` (report.json) and the HTML report's text."""
    out = tmp_path / "report"
    db = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    result = helpcenter("report", "--db", db, "--site-dir", str(demo_site), "--since",
                        "2026-11-01", "--until", "2026-11-30", "--out", str(out),
                        env={"HELPCENTER_NOW": "2026-11-23T00:00:00Z"})
    assert result.returncode == 0, result.stderr
    gaps = json.loads((out / "report.json").read_text(encoding="utf-8"))["content_gaps"]
    site = next(g for g in gaps if (g["source"], g["locale"]) == ("site", locale))
    return site, (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("locale, home", [("en", "/"), ("ko", "/ko/"), ("ja", "/ja/")])
def test_the_panel_says_the_results_match_only_some_words(desktop, origin, demo_site, locale,
                                                          home):
    query = PARTIAL_QUERIES[locale][0]
    expected = [r.id for r in search(demo_site, locale, query, limit=8)]
    assert expected and all(r.partial for r in search(demo_site, locale, query))
    page = desktop.new_page()
    page.goto(origin.url + home)
    box = page.get_by_role("combobox", name=BOX[locale])
    box.fill(query)
    options = page.locator(".hc-search-form [role=option]")
    options.first.wait_for()
    status = page.locator(".hc-search-form [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == status_text(locale, options.count())
    assert options.count() == len(expected) <= PARTIAL_LIMIT
    hrefs = [options.nth(i).get_attribute("data-href") for i in range(options.count())]
    urls = json.loads((demo_site / "helpcenter" / "manifest.json").read_text("utf-8"))
    wanted = [urls["articles"][a]["locales"][locale]["url"] for a in expected]
    assert [h.split("://", 1)[1].split("/", 1)[1] for h in hrefs] == [u.lstrip("/")
                                                                       for u in wanted]
    # no article matched the question: the way to support follows the list, outside the listbox
    contact = page.locator(".hc-search-form .hc-search-panel").get_by_role("link",
                                                                        name=CONTACT[locale])
    assert contact.is_visible()
    assert contact.get_attribute("href").endswith(f"{home}contact/")
    assert not page.locator(".hc-search-form [role=listbox] a, "
                            ".hc-search-form [role=listbox] button").count()
    assert contact.evaluate("a => a.closest('[role=listbox], [role=status]') === null")
    below = options.last.bounding_box()
    assert contact.bounding_box()["y"] >= below["y"] + below["height"]
    # the sentence is read at the results' size, not the small print of a count
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert status.evaluate(size) >= page.locator(".hc-search-form .hc-search-result__title"
                                                 ).first.evaluate(size)
    page.keyboard.press("ArrowDown")                  # the combobox as ever
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.fill("zzqqxx")                                # then nothing at all: the usual message
    page.locator(".hc-search-form .hc-search-empty").wait_for()
    assert not page.locator(".hc-search-form .hc-search-panel--partial").count()
    links = page.locator(".hc-search-form .hc-search-panel").get_by_role("link",
                                                                      name=CONTACT[locale])
    assert links.count() == 1                         # the no-results block's own, not twice
    box.fill(PARTIAL_QUERIES[locale][0].split()[0])   # a word articles have: no contact link
    page.locator(".hc-search-form [role=option]").first.wait_for()
    assert not page.locator(".hc-search-form .hc-search-panel--partial").count()
    assert not links.count()
    normal = status.evaluate(size)
    box.fill(query)
    page.locator(".hc-search-form .hc-search-panel--partial [role=option]").first.wait_for()
    assert status.evaluate(size) > normal


def test_partial_matches_reflow_at_320_px(browser, site_server):
    """WCAG reflow (a 640 px phone at 200 % zoom) with the longest partial sentence and the
    contact link shown in the header box."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(site_server + "/ja/orders/track-order/")
        page.locator(".hc-hsearch__toggle").click()
        page.locator(".hc-hsearch__input").fill(PARTIAL_QUERIES["ja"][0])
        panel = page.locator(".hc-hsearch .hc-search-panel--partial")
        panel.locator("[role=option]").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        for part in (panel, panel.locator("[role=status]"),
                     panel.get_by_role("link", name=CONTACT["ja"])):
            box = part.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert panel.evaluate("p => p.scrollWidth <= p.clientWidth")
    finally:
        context.close()


def test_a_partial_search_reaches_the_collector_and_the_report_as_in_vain(desktop, origin,
                                                                          demo_site, tmp_path):
    query = PARTIAL_QUERIES["ko"][0]
    page = desktop.new_page()
    page.clock.install(time=NOW)                      # the settle timer runs on Playwright's clock
    page.goto(origin.url + "/ko/")
    box = page.get_by_role("combobox", name=BOX["ko"])
    box.fill(query)
    options = page.locator(".hc-search-form [role=option]")
    options.first.wait_for()
    shown = options.count()
    page.clock.fast_forward(2000)                     # past the 1.5 s settle window
    page.locator("h1").first.click()                  # focus leaves, nothing opened: "partial"
    assert page.evaluate("window.HelpCenterEvents.whenIdle()") is True
    rows = search_rows(origin, 1)
    assert [(r["value"], r["text"], r["results"], r["locale"], r["source"]) for r in rows] == [
        ("partial", query, shown, "ko", "site")]
    box.fill("환불")                                   # a query that finds what it says
    page.clock.fast_forward(100)                      # past the 60 ms typing debounce
    wait_for_js(page, "(window.HelpCenterSearch.answers || []).some(a => a[0] === '환불')")
    assert "검색 결과" in page.locator(".hc-search-form [role=status]").inner_text()
    page.clock.fast_forward(2000)
    page.locator("h1").first.click()
    assert page.evaluate("window.HelpCenterEvents.whenIdle()") is True
    rows = search_rows(origin, 2)
    assert [r["value"] for r in rows] == ["partial", "no_click"]

    site, html = site_gaps_in_report(demo_site, tmp_path, "ko")
    assert (site["searches"], site["zero_result"]) == (2, 1)
    assert [g["query"] for g in site["groups"]] == [query]
    assert query in html


def test_a_partial_answer_whose_result_was_opened_is_not_in_vain(desktop, origin, demo_site,
                                                                  tmp_path):
    """Reading five results takes longer than the settle window: an opened result withdraws
    the partial search, one left for the contact link does not."""
    opened, left = PARTIAL_QUERIES["ko"][0], f"배송 {NONSENSE['ko']}"
    assert all(search(demo_site, "ko", q)[0].partial for q in (opened, left))
    page = desktop.new_page()
    page.clock.install(time=NOW)
    page.goto(origin.url + "/ko/")
    page.get_by_role("combobox", name=BOX["ko"]).fill(opened)
    options = page.locator(".hc-search-form .hc-search-panel--partial [role=option]")
    options.first.wait_for()
    page.clock.fast_forward(5000)                     # read them all, well past settling
    article = options.nth(1).get_attribute("data-href")
    options.nth(1).click()                            # opens the second partial match
    page.wait_for_url(article)
    assert page.evaluate("window.HelpCenterEvents.whenIdle()") is True
    # the queue is empty, so all that was sent is stored: the opened one sent nothing
    assert not [r for r in origin.rows() if r["type"] == "search"]

    page.locator(".hc-hsearch__input").fill(left)     # the header box of the article page
    panel = page.locator(".hc-hsearch .hc-search-panel--partial")
    panel.locator("[role=option]").first.wait_for()
    shown = panel.locator("[role=option]").count()
    page.clock.fast_forward(2000)
    panel.get_by_role("link", name=CONTACT["ko"]).click()   # no article answered: support
    page.wait_for_url("**/ko/contact/")
    assert page.evaluate("window.HelpCenterEvents.whenIdle()") is True
    rows = search_rows(origin, 1)
    assert [(r["value"], r["text"], r["results"], r["source"]) for r in rows] == [
        ("partial", left, shown, "site")]

    site, html = site_gaps_in_report(demo_site, tmp_path, "ko")
    assert [g["query"] for g in site["groups"]] == [left]
    assert left in html and opened not in html

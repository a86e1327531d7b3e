"""Partial matches in a real Chromium: the panel says no article matches all the words, lists
the articles matching some of them (the count announced is the count listed, the combobox works
as ever), and the search reaches the real collector on the same origin as a "partial" search
that the report lists as searched in vain."""

from __future__ import annotations

import json
import time

import pytest

from helpcenter.search.query import PARTIAL_LIMIT, search
from tests.browser.conftest import SameOrigin
from tests.conftest import helpcenter, wait_for_js
from tests.helpcenter.search.test_partial import PARTIAL_QUERIES

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
    page.keyboard.press("ArrowDown")                  # the combobox as ever
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.fill("zzqqxx")                                # then nothing at all: the usual message
    page.locator(".hc-search-form .hc-search-empty").wait_for()
    assert not page.locator(".hc-search-form .hc-search-panel--partial").count()


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
    page.locator("h1").first.click()                  # focus leaves: no "no_click" for it
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

    out = tmp_path / "report"
    db = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    result = helpcenter("report", "--db", db, "--site-dir", str(demo_site), "--since",
                        "2026-11-01", "--until", "2026-11-30", "--out", str(out),
                        env={"HELPCENTER_NOW": "2026-11-23T00:00:00Z"})
    assert result.returncode == 0, result.stderr
    gaps = json.loads((out / "report.json").read_text(encoding="utf-8"))["content_gaps"]
    site = next(g for g in gaps if (g["source"], g["locale"]) == ("site", "ko"))
    assert (site["searches"], site["zero_result"]) == (2, 1)
    assert [g["query"] for g in site["groups"]] == [query]
    assert query in (out / "index.html").read_text(encoding="utf-8")

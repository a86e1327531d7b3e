"""index.html in a real Chromium: data stays text, nothing external loads, tables sort, phones fit."""

from __future__ import annotations

import datetime as dt

import pytest

from helpcenter.manifest import Manifest
from helpcenter_report.period import parse_period
from helpcenter_report.report import generate_report
from tests.report.conftest import PERIOD, make_manifest

pytestmark = pytest.mark.browser

HOSTILE_TITLE = '<img src=x onerror="window.__pwned = 2">Invoices</title><script>window.__pwned=3</script>'


@pytest.fixture
def report_page(hand_store, tmp_path):
    data = make_manifest()
    data["articles"]["billing/invoices"]["locales"]["en"]["title"] = HOSTILE_TITLE
    data["articles"]["billing/invoices"]["owner"] = '"><svg onload="window.__pwned=4">'
    out = tmp_path / "report"
    generate_report(manifest=Manifest(data), period=parse_period(*PERIOD, "UTC"), out_dir=out,
                    db_url=hand_store, generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    return out / "index.html"


def open_report(browser, path, width=1200):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    events = {"dialogs": [], "requests": [], "errors": [], "console": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("console", lambda m: events["console"].append(m.text))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, events


def test_comments_and_titles_with_html_render_as_text_and_never_run(browser, report_page):
    context, page, events = open_report(browser, report_page)
    try:
        assert page.evaluate("window.__pwned") is None
        assert events["dialogs"] == [] and events["errors"] == []
        # The hostile strings are visible, literally, as text.
        assert page.get_by_text("<script>window.__pwned = 1</script>").first.is_visible()
        assert page.get_by_text('<img src=x onerror="window.__pwned = 1">').first.is_visible()
        assert page.locator("text=" + HOSTILE_TITLE).count() >= 1
        # ...and none of them became elements.
        assert page.locator("img").count() == 0
        assert page.locator("svg[onload]").count() == 0
        scripts = page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
        assert scripts == ["sortable.js"]
        # No request leaves the report folder (no fonts, no CDN, no images from data).
        folder = report_page.parent.as_uri()
        assert all(url.startswith(folder) for url in events["requests"]), events["requests"]
        # Our own styles and script are allowed by the page's CSP (no violations logged).
        assert not [m for m in events["console"] if "Content Security Policy" in m]
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    finally:
        context.close()


def test_tables_sort_when_a_heading_is_clicked(browser, report_page):
    context, page, _ = open_report(browser, report_page)
    try:
        table = page.locator("#all-articles table")
        ids = "els => els.map(e => e.textContent)"
        before = table.locator("tbody tr td:nth-child(2) code").evaluate_all(ids)
        assert before == ["billing/refunds", "billing/invoices", "orders/track", "orders/quiet"]
        votes = table.locator("thead th").nth(4)
        votes.get_by_role("button").click()
        assert votes.get_attribute("aria-sort") == "ascending"
        after = table.locator("tbody tr td:nth-child(5)").evaluate_all(ids)
        assert after == ["5", "20", "40", "100"]
        votes.get_by_role("button").press("Enter")  # keyboard works too
        assert votes.get_attribute("aria-sort") == "descending"
        assert table.locator("tbody tr td:nth-child(5)").evaluate_all(ids) == \
            ["100", "40", "20", "5"]
    finally:
        context.close()


def test_report_fits_a_320px_phone_without_sideways_scrolling(browser, report_page):
    context, page, _ = open_report(browser, report_page, width=320)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"page is {width}px wide"
        assert page.locator("svg[role=img]").count() == 2  # one trend chart per category
    finally:
        context.close()


def test_demo_report_shows_hostile_demo_comments_as_text(browser, demo_report_dir):
    context, page, events = open_report(browser, demo_report_dir / "index.html")
    try:
        assert events["dialogs"] == [] and events["errors"] == []
        body = page.inner_text("body")
        assert "<script>alert('xss')</script>" in body or "onerror=alert(1)" in body
        assert page.locator("img").count() == 0
        assert page.locator("#translation-gaps").get_by_text("orders/delivery-times").count() == 1
        folder = demo_report_dir.as_uri()
        assert all(url.startswith(folder) for url in events["requests"])
    finally:
        context.close()


def test_sort_buttons_are_reachable_by_keyboard_with_a_visible_focus(browser, report_page):
    context, page, _ = open_report(browser, report_page)
    try:
        for _ in range(300):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('button.sort')"):
                break
        else:
            raise AssertionError("no sort button reachable with Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none")
        name = page.evaluate("document.activeElement.textContent")
        assert name.strip()  # the button is labelled by the column heading
    finally:
        context.close()

"""The feedback widget in a real Chromium against the real collector on the same origin:
No → reason → comment → rows in SQLite; endpoint down → queued → delivered once; keyboard only."""

from __future__ import annotations

import json
import time

import pytest

from tests.browser.conftest import SameOrigin
from tests.conftest import wait_for_js

pytestmark = pytest.mark.browser

ARTICLE = "returns/refund-timing"


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    yield context
    context.close()


def manifest(demo_site) -> dict:
    return json.loads((demo_site / "helpcenter" / "manifest.json").read_text(encoding="utf-8"))


def article_url(demo_site, article: str = ARTICLE, locale: str = "en") -> str:
    return manifest(demo_site)["articles"][article]["locales"][locale]["url"]


def wait_delivered(page, timeout: float = 10.0) -> None:
    wait_for_js(page, "window.HelpCenterEvents && window.HelpCenterEvents.pending() === 0",
                timeout=timeout)


def wait_idle(page) -> bool:
    """Wait until the page's delivery attempt in flight (if any) has finished; True if all sent."""
    return page.evaluate("window.HelpCenterEvents.whenIdle()")


def wait_rows(origin: SameOrigin, count: int, timeout: float = 10.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = origin.rows()
        if len(rows) >= count:
            return rows
        time.sleep(0.05)
    return origin.rows()


def test_no_then_reasons_comment_and_effort_land_in_sqlite(context, origin, demo_site):
    page = context.new_page()
    page.goto(origin.url + article_url(demo_site))
    widget = page.locator("[data-hc-feedback]")
    widget.get_by_role("heading", name="Was this article helpful?").wait_for()
    widget.get_by_role("button", name="No").click()
    assert widget.get_by_role("button", name="No").get_attribute("aria-pressed") == "true"
    page.get_by_role("checkbox", name="Information I need is missing").check()
    page.get_by_role("checkbox", name="It didn't solve my problem").check()
    comment = page.get_by_role("textbox", name="Tell us more (optional)")
    text = "The refund window is not stated. Mail me: lee@example.com, 010-1234-5678"
    comment.fill(text)
    assert widget.locator("[data-hc-count]").inner_text() == f"{len(text)} of 1000 characters"
    page.get_by_role("radio", name="2 – Hard").check()
    widget.get_by_role("button", name="Send feedback").click()

    status = widget.get_by_role("status")
    assert "improve this article" in status.inner_text()
    contact = widget.get_by_role("link", name="Contact support")
    assert contact.is_visible()
    href = contact.evaluate("a => a.href")
    assert page.request.get(href).ok  # the contact page exists
    assert "/contact/?article=" in href  # and learns which article sent the customer there
    wait_delivered(page)

    rows = wait_rows(origin, 5)
    build = manifest(demo_site)["build_id"]
    assert [(r["type"], r["value"]) for r in rows] == [
        ("vote", "no"), ("reason", "missing"), ("reason", "not_solved"), ("comment", None),
        ("effort", "2")]
    assert {(r["article"], r["locale"], r["build"], r["url"]) for r in rows} == {
        (ARTICLE, "en", build, article_url(demo_site))}
    assert len({r["session"] for r in rows}) == 1
    assert rows[3]["text"] == "The refund window is not stated. Mail me: [email], [phone]"


def test_vote_is_remembered_and_a_change_replaces_it(context, origin, demo_site):
    page = context.new_page()
    url = origin.url + article_url(demo_site, locale="ko")
    page.goto(url)
    page.get_by_role("button", name="예").click()
    page.get_by_role("button", name="의견 보내기").click()
    assert "감사합니다" in page.get_by_role("status").inner_text()
    wait_delivered(page)

    page.goto(url)  # a later visit shows the remembered vote; clicking it again is not a new vote
    assert page.get_by_text("도움이 되었다고 답해 주셨습니다").is_visible()
    assert page.get_by_role("button", name="예").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="예").click()
    other = context.new_page()  # a new tab = a new session id; the change reuses the vote's
    other.goto(url)
    other.get_by_role("button", name="아니요").click()
    wait_delivered(other)
    wait_delivered(page)
    votes = [r for r in wait_rows(origin, 2) if r["type"] == "vote"]
    assert [v["value"] for v in votes] == ["yes", "no"]
    assert votes[0]["session"] == votes[1]["session"] and votes[0]["locale"] == "ko"


def test_endpoint_down_events_are_queued_and_delivered_once(context, origin, demo_site):
    page = context.new_page()
    page.clock.install(time="2026-11-22T09:00:00Z")  # the retry timer runs on Playwright's clock
    page.goto(origin.url + article_url(demo_site))
    page.locator("[data-hc-feedback]").wait_for()
    origin.stop()  # the collector (and the site) go away while the page is open

    page.get_by_role("button", name="No").click()
    page.get_by_role("checkbox", name="It's hard to understand").check()
    page.get_by_role("textbox", name="Tell us more (optional)").fill("Too many steps")
    page.get_by_role("button", name="Send feedback").click()
    assert "improve this article" in page.get_by_role("status").inner_text()
    assert wait_idle(page) is False  # the attempt failed...
    assert page.evaluate("window.HelpCenterEvents.pending()") == 3
    stored = page.evaluate("JSON.parse(localStorage.getItem('helpcenter.events.queue.v1'))")
    assert [e["type"] for e in stored] == ["vote", "reason", "comment"]
    assert origin.rows() == []

    origin.start()  # back on the same origin; a later page view sends the queue
    later = context.new_page()
    later.goto(origin.url + article_url(demo_site, "account/reset-password"))
    wait_delivered(later)
    page.clock.fast_forward(70_000)  # the first tab's own retry (after its back-off) ...
    wait_delivered(page)             # ... finds nothing left to send
    assert wait_idle(page) is True
    later.reload()
    assert wait_idle(later) is True
    rows = wait_rows(origin, 3)
    assert sorted(r["event_id"] for r in rows) == sorted(e["id"] for e in stored)
    assert [r["type"] for r in rows] == ["vote", "reason", "comment"]


def test_keyboard_only_path(context, origin, demo_site):
    page = context.new_page()
    page.goto(origin.url + article_url(demo_site))
    page.locator("[data-hc-feedback]").wait_for()

    def focused() -> str:
        return page.evaluate("""() => { const e = document.activeElement;
            return (e.getAttribute('data-hc-vote') || e.name || e.id || e.tagName) + ':' +
                   (e.value || ''); }""")

    for _ in range(200):  # Tab through the page until the No button has focus
        page.keyboard.press("Tab")
        if focused().startswith("no:"):
            break
    assert focused().startswith("no:")
    page.keyboard.press("Enter")
    assert focused() == "reason:inaccurate"  # focus moved into the reasons
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused() == "reason:unclear"
    for _ in range(4):
        page.keyboard.press("Tab")
    assert focused().startswith("comment:")
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Tab")
    assert focused() == "effort:1"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert focused() == "effort:3"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Send feedback
    assert page.evaluate("document.activeElement.hasAttribute('data-hc-thanks')")
    assert "improve this article" in page.get_by_role("status").inner_text()
    wait_delivered(page)
    rows = wait_rows(origin, 4)
    assert [(r["type"], r["value"]) for r in rows] == [
        ("vote", "no"), ("reason", "inaccurate"), ("comment", None), ("effort", "3")]


def test_widget_fits_320_px_in_light_and_dark(browser, origin, demo_site):
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 320, "height": 640},
                                      color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(origin.url + article_url(demo_site, locale="ja"))
            page.get_by_role("button", name="いいえ").click()
            widget = page.locator("[data-hc-feedback]")
            box = widget.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320
            assert page.evaluate("document.documentElement.scrollWidth <= 320")
            colours = page.evaluate("""() => {
                const w = getComputedStyle(document.querySelector('[data-hc-feedback]'));
                const b = getComputedStyle(document.querySelector('[data-hc-vote=no]'));
                return [w.backgroundColor, w.color, b.backgroundColor]; }""")
            assert colours[0] != colours[1]
            if scheme == "dark":
                assert colours[0] != "rgb(255, 255, 255)"
        finally:
            context.close()


def test_no_widget_on_home_and_category_pages(context, origin):
    page = context.new_page()
    for path in ("/", "/ko/", "/billing/"):
        page.goto(origin.url + path)
        assert page.locator("[data-hc-feedback]").count() == 0, path


def test_offline_device_sends_when_it_comes_back_online(context, origin, demo_site):
    page = context.new_page()
    page.goto(origin.url + article_url(demo_site, locale="ja"))
    page.locator("[data-hc-feedback]").wait_for()
    context.set_offline(True)
    page.get_by_role("button", name="はい").click()
    page.get_by_role("radio", name="5 – とても簡単だった").check()
    page.get_by_role("button", name="フィードバックを送信").click()
    assert wait_idle(page) is False
    assert page.evaluate("window.HelpCenterEvents.pending()") == 2
    assert origin.rows() == []
    context.set_offline(False)  # the browser fires "online"; the same page delivers the queue
    wait_delivered(page)
    rows = wait_rows(origin, 2)
    assert [(r["type"], r["value"], r["locale"]) for r in rows] == [
        ("vote", "yes", "ja"), ("effort", "5", "ja")]


def test_the_offline_queue_is_bounded_and_keeps_the_newest(context, origin, demo_site):
    page = context.new_page()
    page.goto(origin.url + article_url(demo_site))
    page.locator("[data-hc-feedback]").wait_for()
    context.set_offline(True)
    ids = page.evaluate("""article => Array.from({length: 130}, () => window.HelpCenterEvents.send(
        {type: "reason", article: article, value: "other"}))""", ARTICLE)
    assert wait_idle(page) is False
    queued = page.evaluate("JSON.parse(localStorage.getItem('helpcenter.events.queue.v1'))")
    assert len(queued) == 100  # queue_limit in mkdocs.yml defaults to 100
    assert [e["id"] for e in queued] == ids[30:]
    assert len(set(ids)) == 130 and all(len(i) == 22 for i in ids)
    context.set_offline(False)
    wait_delivered(page)
    assert sorted(r["event_id"] for r in wait_rows(origin, 100)) == sorted(ids[30:])


def test_full_or_blocked_storage_still_delivers_exactly_once(context, origin, demo_site):
    context.add_init_script("""Storage.prototype.setItem = function () {
        throw new DOMException("full", "QuotaExceededError"); };""")
    page = context.new_page()
    page.goto(origin.url + article_url(demo_site))
    page.get_by_role("button", name="Yes").click()
    page.get_by_role("textbox", name="Tell us more (optional)").fill("Clear, thanks")
    page.get_by_role("button", name="Send feedback").click()
    assert "Thank you" in page.get_by_role("status").inner_text()
    wait_delivered(page)
    assert wait_idle(page) is True
    rows = wait_rows(origin, 2)
    assert [(r["type"], r["text"]) for r in rows] == [("vote", None), ("comment", "Clear, thanks")]


def test_events_without_a_locale_take_the_pages_own(context, origin, demo_site):
    page = context.new_page()
    page.goto(origin.url + article_url(demo_site, "account/reset-password", locale="ja"))
    page.evaluate("""() => window.HelpCenterEvents.send(
        {type: "contact_click", value: "line", article: "account/reset-password"})""")
    wait_delivered(page)
    [row] = wait_rows(origin, 1)
    assert (row["type"], row["value"], row["locale"]) == ("contact_click", "line", "ja")
    assert row["url"] == article_url(demo_site, "account/reset-password", locale="ja")

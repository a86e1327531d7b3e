"""Contact pages and "Still need help?" in a real Chromium: the browser's hours logic on the
shared fixtures, live status text in en/ko/ja with emulated time zones and a fixed clock, the
page without JavaScript, context-carrying links and the contact_click event in the collector."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from helpcenter.contact import compile_hours, parse_opening_hours
from tests.conftest import wait_for_js

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "contact_hours"


def normalize(text: str) -> str:
    """Intl puts narrow no-break spaces before AM/PM in recent ICU versions."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def open_page(browser, url: str, zone: str, locale: str, now: str, javascript: bool = True):
    context = browser.new_context(timezone_id=zone, locale=locale, java_script_enabled=javascript,
                                  viewport={"width": 390, "height": 844})
    # No third-party requests: anything leaving the loopback origin fails the test.
    outside: list[str] = []

    def guard(route):
        outside.append(route.request.url)
        route.abort()

    context.route(lambda u: not u.startswith("http://127.0.0.1"), guard)
    page = context.new_page()
    if javascript:
        page.clock.set_fixed_time(now)
    page.goto(url)
    return context, page, outside


def statuses(page) -> dict[str, str]:
    wait_for_js(page, "document.querySelectorAll('[data-hc-status]:not([hidden])').length > 0")
    return page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('[data-hc-channel-card]')]
          .filter(card => card.querySelector('[data-hc-status]'))
          .map(card => [card.dataset.hcChannelCard,
                        card.querySelector('[data-hc-status]').textContent]))""")


def test_the_browser_hours_logic_agrees_with_every_shared_fixture(browser, site_server):
    cases = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        hours = compile_hours(parse_opening_hours(data["hours"], data.get("holidays")),
                              data["locale"])
        for index, case in enumerate(data["cases"]):
            cases.append({"name": f"{path.stem}[{index}]", "hours": hours, **case})
    context, page, outside = open_page(browser, site_server + "/contact/", "UTC", "en-US",
                                       "2026-11-23T12:00:00Z")
    try:
        got = page.evaluate("""(cases) => cases.map((c) => {
            const C = window.HelpCenterContact;
            const now = Date.parse(c.now);
            const s = C.status(c.hours, now);
            const iso = (ms) => ms === null ? null : new Date(ms).toISOString().replace('.000', '');
            const instant = s.state === 'open' ? s.closes : s.opens;
            return {name: c.name, result: {
                state: s.state, closes: iso(s.closes), opens: iso(s.opens),
                holiday: s.state === 'holiday' ? s.holiday : null,
                visitor: instant === null ? null : C.visitorTime(instant, now, c.visitor)}};
        })""", cases)
    finally:
        context.close()
    assert len(got) == len(cases) >= 30
    for case, result in zip(cases, got, strict=True):
        assert result["result"] == case["expect"], case["name"]
    assert outside == []


@pytest.mark.parametrize(("path", "zone", "locale", "now", "expected"), [
    # Monday 10:00 in New York
    ("/contact/", "America/New_York", "en-US", "2026-11-23T15:00:00Z",
     {"chat": "Open now · closes at 6:00 PM", "phone": "Open now · closes at 5:00 PM",
      "assistant": "Open 24/7"}),
    # the same moment for a visitor in Tokyo (already Tuesday 00:00 there)
    ("/contact/", "Asia/Tokyo", "en-US", "2026-11-23T15:00:00Z",
     {"chat": "Open now · closes at 8:00 AM", "phone": "Open now · closes at 7:00 AM"}),
    # Thanksgiving in New York, seen from Berlin
    ("/contact/", "Europe/Berlin", "en-GB", "2026-11-26T15:00:00Z",
     {"chat": "Closed today (Thanksgiving Day) · opens tomorrow at 3:00 PM",
      "whatsapp": "Closed today (Thanksgiving Day) · opens tomorrow at 3:00 PM"}),
    # Friday evening in New York: next opening on Monday
    ("/contact/", "America/New_York", "en-US", "2026-11-20T23:30:00Z",
     {"chat": "Closed · opens Monday at 9:00 AM"}),
    # Seoul lunch break on a Monday
    ("/ko/contact/", "Asia/Seoul", "ko-KR", "2026-11-23T03:30:00Z",
     {"phone-kr": "상담 시간 아님 · 오늘 13:00부터", "kakaotalk": "상담 가능 · 22:00까지"}),
    # Christmas in Korea: the phone line is closed until Monday, KakaoTalk is open
    ("/ko/contact/", "Asia/Seoul", "ko-KR", "2026-12-25T01:00:00Z",
     {"phone-kr": "오늘 휴무 (기독탄신일) · 월요일 09:00부터", "kakaotalk": "상담 가능 · 22:00까지"}),
    # Japanese year-end closure; LINE stays open
    ("/ja/contact/", "Asia/Tokyo", "ja-JP", "2026-12-30T03:00:00Z",
     {"phone-jp": "本日休業（年末年始休業） · 月曜日10:00から", "line": "受付中 · 19:00まで"}),
    # a Japanese visitor abroad, in New York, before LINE opens in Tokyo
    ("/ja/contact/", "America/New_York", "ja-JP", "2026-11-24T23:30:00Z",
     {"line": "受付時間外 · 本日20:00から"}),
])
def test_live_status_is_shown_in_the_visitors_zone_and_language(browser, site_server, path, zone,
                                                                locale, now, expected):
    context, page, outside = open_page(browser, site_server + path, zone, locale, now)
    try:
        shown = {k: normalize(v) for k, v in statuses(page).items()}
        note = normalize(page.locator("[data-hc-your-zone]").inner_text())
    finally:
        context.close()
    for channel, text in expected.items():
        assert shown[channel] == text, channel
    assert zone in note
    assert outside == []


def test_without_javascript_the_hours_show_in_the_channels_own_zone(browser, site_server):
    context, page, _ = open_page(browser, site_server + "/contact/", "Asia/Tokyo", "en-US", "",
                                 javascript=False)
    try:
        chat = page.locator("[data-hc-channel-card=chat]")
        assert "New York time (America/New_York)" in chat.inner_text()
        assert normalize(chat.locator("dl").inner_text()).split() == \
            "Mon–Fri 9:00 AM–6:00 PM Sat–Sun Closed".split()
        assert chat.locator("[data-hc-status]").is_hidden()
        assert "Within 24 hours on business days" in page.locator(
            "[data-hc-channel-card=email]").inner_text()
        assert "Thanksgiving Day" in chat.inner_text()
        assert page.locator("[data-hc-channel-card=assistant]").inner_text().count("Open 24 hours")
        page.goto(site_server + "/ko/contact/")
        phone = page.locator("[data-hc-channel-card=phone-kr]")
        text = normalize(phone.inner_text())
        assert "서울 시간 (Asia/Seoul)" in text
        assert "월–금 09:00–12:00, 13:00–18:00" in text
        assert "토–일 휴무" in text
        order = page.eval_on_selector_all("[data-hc-channel-card]",
                                          "cards => cards.map(c => c.dataset.hcChannelCard)")
        assert order == ["kakaotalk", "phone-kr", "email-kr", "form-kr"]
        page.goto(site_server + "/ja/contact/")
        order = page.eval_on_selector_all("[data-hc-channel-card]",
                                          "cards => cards.map(c => c.dataset.hcChannelCard)")
        assert order == ["line", "phone-jp", "email-jp", "form-jp"]
        assert "東京時間（Asia/Tokyo）" in page.locator("[data-hc-channel-card=line]").inner_text()
    finally:
        context.close()


def test_contact_links_go_to_the_generated_page_of_each_locale(browser, site_server):
    context, page, _ = open_page(browser, site_server + "/ko/account/reset-password/",
                                 "Asia/Seoul", "ko-KR", "2026-11-23T03:00:00Z")
    try:
        link = page.locator(".hc-nav__contact a")
        assert link.get_attribute("href").rstrip("/").endswith("contact")
        page.locator("[data-hc-all-channels]").click()
        assert urlsplit(page.url).path == "/ko/contact/"
        assert page.locator("h1").inner_text() == "고객센터 문의"
        regions = page.locator(".hc-contact__regions a")
        assert sorted(regions.all_inner_texts()) == ["United States and worldwide · English",
                                                     "日本 · 日本語"]
    finally:
        context.close()


# -- the article block and its event, with the real collector on the same origin -------------

@pytest.fixture
def origin(demo_site, tmp_path):
    from helpcenter.store import open_store
    from helpcenter_collector.run import ThreadedServer
    from helpcenter_collector.site import SiteFolder, create_site_app

    store = open_store(tmp_path / "events.sqlite3")
    server = ThreadedServer(create_site_app(SiteFolder(demo_site), store), port=0).start()
    yield server.url.rstrip("/"), store
    server.stop()
    store.close()


def wait_rows(store, count: int, timeout: float = 10.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = list(store.iter_rows())
        if len(rows) >= count:
            return rows
        time.sleep(0.05)
    return list(store.iter_rows())


def test_still_need_help_carries_the_article_and_reports_the_click(browser, origin):
    url, store = origin
    context = browser.new_context(timezone_id="America/Chicago", locale="en-US")
    page = context.new_page()
    page.clock.set_fixed_time("2026-11-23T15:00:00Z")
    try:
        page.goto(url + "/account/reset-password/")
        block = page.locator("[data-hc-contact=article]")
        assert block.locator("h2").inner_text() == "Still need help?"
        cards = block.locator("[data-hc-channel-card]")
        assert cards.evaluate_all("cs => cs.map(c => c.dataset.hcChannelCard)") == [
            "chat", "email", "whatsapp"]
        wait_for_js(page, "!!document.querySelector("
                    "'[data-hc-contact=article] [data-hc-status]:not([hidden])')")
        # 10:00 in New York is 9:00 in Chicago; the chat closes at 18:00 ET = 5:00 PM CT
        assert normalize(block.locator("[data-hc-channel-card=chat] [data-hc-status]").inner_text()) \
            == "Open now · closes at 5:00 PM"

        mail = urlsplit(block.locator("a[data-hc-channel=email]").get_attribute("href"))
        assert mail.scheme == "mailto" and mail.path == "support@lumora.example"
        query = parse_qs(mail.query)
        assert query["subject"] == ["Question about: Reset your password"]
        body = query["body"][0]
        assert f"{url}/account/reset-password/" in body and "Language: en" in body
        whatsapp = block.locator("a[data-hc-channel=whatsapp]").get_attribute("href")
        assert whatsapp.startswith("https://wa.me/15550100100?text=")
        assert unquote(whatsapp.split("text=", 1)[1]) == (
            f'Hello, I read "Reset your password" ({url}/account/reset-password/) and still need help.')

        # keep the browser on the page (no mail client, no third-party site), then click
        page.evaluate("""() => document.addEventListener('click',
            e => { if (e.target.closest('a[data-hc-channel]')) e.preventDefault(); })""")
        block.locator("a[data-hc-channel=email]").click()
        block.locator("a[data-hc-channel=whatsapp]").click()
        rows = wait_rows(store, 2)
    finally:
        context.close()
    clicks = sorted((r["type"], r["article"], r["value"], r["locale"]) for r in rows)
    assert clicks == [("contact_click", "account/reset-password", "email", "en"),
                      ("contact_click", "account/reset-password", "whatsapp", "en")]


def test_the_japanese_block_prefills_line_and_the_contact_page_keeps_the_article(browser, origin):
    url, store = origin
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="ja-JP")
    page = context.new_page()
    page.clock.set_fixed_time("2026-11-24T03:00:00Z")
    try:
        page.goto(url + "/ja/orders/track-order/")
        line = page.locator("[data-hc-contact=article] a[data-hc-channel=line]")
        href = line.get_attribute("href")
        assert href.startswith("https://line.me/R/oaMessage/%40lumora/?")
        text = unquote(href.split("?", 1)[1])
        title = page.locator("h1").inner_text()
        assert text == f"「{title}」（{url}/ja/orders/track-order/）を読みましたが、解決しませんでした。"
        with page.expect_navigation():
            page.locator("[data-hc-all-channels]").click()
        page.wait_for_load_state("load")  # contact.js (deferred) has wired the channel links
        assert "article=orders%2Ftrack-order" in page.url or "article=orders/track-order" in page.url
        page.evaluate("""() => document.addEventListener('click',
            e => { if (e.target.closest('a[data-hc-channel]')) e.preventDefault(); })""")
        page.locator("a[data-hc-channel=phone-jp]").click()
        rows = wait_rows(store, 1)
    finally:
        context.close()
    assert [(r["type"], r["article"], r["value"], r["locale"]) for r in rows] == [
        ("contact_click", "orders/track-order", "phone-jp", "ja")]


@pytest.mark.parametrize("query", ["?article=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                                   "?article=%E0%A4%A",  # malformed: used to throw, click lost
                                   "?article=%ZZ&article=billing/refunds%00"])
def test_a_hostile_article_parameter_is_not_sent(browser, origin, query):
    url, store = origin
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url + "/contact/" + query)
        page.evaluate("""() => document.addEventListener('click',
            e => { if (e.target.closest('a[data-hc-channel]')) e.preventDefault(); })""")
        page.locator("a[data-hc-channel=phone]").click()
        rows = wait_rows(store, 1)
        assert "alert(1)" not in page.evaluate("() => document.body.innerHTML")
    finally:
        context.close()
    assert [(r["type"], r["article"], r["value"]) for r in rows] == [
        ("contact_click", None, "phone")]
    assert errors == []


def test_the_demo_build_has_one_contact_page_per_locale(demo_site):
    for path in ("contact/index.html", "ko/contact/index.html", "ja/contact/index.html"):
        html = (demo_site / path).read_text(encoding="utf-8")
        assert 'data-hc-contact="page"' in html
        assert "assets/helpcenter/contact.js" in html
    assert not (demo_site / "contact.yml").exists()
    assert dt.date.today().year >= 2026


@pytest.mark.parametrize("path", ["/contact/", "/ko/contact/", "/ja/account/reset-password/"])
def test_contact_cards_fit_320_px_and_are_reachable_by_keyboard(browser, site_server, path):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-US",
                                  timezone_id="UTC")
    page = context.new_page()
    try:
        page.goto(site_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        widths = page.locator("[data-hc-contact] [data-hc-channel-card]").evaluate_all(
            "cards => cards.map(c => c.getBoundingClientRect().right)")
        assert widths and max(widths) <= 320
        first = page.locator("[data-hc-contact] a[data-hc-channel]").first
        first.focus()
        assert page.evaluate("document.activeElement.dataset.hcChannel") == \
            first.get_attribute("data-hc-channel")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        # every action link names its channel for screen readers
        described = page.locator("[data-hc-contact] a[data-hc-channel]").evaluate_all(
            "links => links.map(a => document.getElementById("
            "a.getAttribute('aria-describedby')).textContent.trim())")
        assert all(described)
    finally:
        context.close()


def test_the_status_follows_the_clock_while_the_page_stays_open(browser, site_server):
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()
    try:
        page.clock.install(time="2026-11-23T22:58:30Z")  # Monday 17:58:30 in New York
        page.goto(site_server + "/contact/")
        status = page.locator("[data-hc-channel-card=chat] [data-hc-status]")
        wait_for_js(page, "!document.querySelector('[data-hc-channel-card=chat] "
                          "[data-hc-status]').hidden")
        assert normalize(status.inner_text()) == "Open now · closes at 6:00 PM"
        page.clock.run_for(2 * 60 * 1000)
        assert normalize(status.inner_text()) == "Closed · opens tomorrow at 9:00 AM"
    finally:
        context.close()

"""Every interface string in the customer's language: on Korean and Japanese pages, no English
text node or attribute outside the article's own content, Material's chrome included. Text the
page marks as another language (lang="en" on an English fallback article, a product name) is
allowed; so are the brand and key names below, which stay in Latin script in every locale."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_search import capture_events
from tests.conftest import wait_for_js

pytestmark = pytest.mark.browser

FIND_ENGLISH = (Path(__file__).with_name("english_text.js")).read_text(encoding="utf-8")
LATIN_NAMES = ["Lumora", "Plus", "Box", "LINE", "PayPay", "SMS", "Enter", "Apple", "Google",
               "UTC", "URL", "WhatsApp", "KakaoTalk", "WeChat"]
QUERY = {"ko": "환불", "ja": "返金"}
FALLBACK = "/account/change-email/"      # not translated into Japanese in the demo


def page_states(page, base: str, locale: str):
    root = f"{base}/{locale}"
    for path in ["/", "/returns/", "/contact/", "/404.html"]:
        page.goto(root + path if path != "/404.html" else f"{root}/404.html")
        page.locator(".hc-hsearch__toggle").wait_for(state="attached")
        yield path
    page.goto(root + "/returns/refund-timing/")
    page.locator("[data-hc-vote=no]").click()
    yield "article, feedback open"
    page.locator("[data-hc-reasons] input").first.check()
    page.locator(".hc-feedback__send").click()
    wait_for_js(page, "document.querySelector('[data-hc-thanks] [data-hc-status]').textContent")
    yield "article, feedback sent"
    toggle = page.locator(".hc-hsearch__toggle")
    if toggle.is_visible():
        toggle.click()
    page.locator(".hc-hsearch__input").fill(QUERY[locale])
    page.locator(".hc-hsearch .hc-search-result").first.wait_for()
    yield "search"
    if locale == "ja":
        page.goto(root + FALLBACK)
        page.locator(".hc-hsearch__toggle").wait_for(state="attached")
        yield "fallback article"


@pytest.mark.parametrize("width", [390, 1280])
def test_korean_and_japanese_pages_show_no_english_interface_text(browser, site_server, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-US")
    page = context.new_page()
    capture_events(page)
    found = {}
    for locale in QUERY:
        for state in page_states(page, site_server, locale):
            assert page.evaluate("document.documentElement.lang") == locale, state
            english = page.evaluate(FIND_ENGLISH, LATIN_NAMES)
            if english:
                found[f"{locale} {state}"] = english
    context.close()
    assert found == {}


def test_the_detector_finds_english_chrome(browser, site_server):
    """The check itself: English put into a Korean page's chrome is reported, marked parts not."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server + "/ko/")
    page.evaluate("""() => {
      document.querySelector('.md-footer').insertAdjacentHTML('beforeend',
        '<p>Made with love</p><img alt="logo"><span lang="en">Lumora Help</span>');
    }""")
    english = page.evaluate(FIND_ENGLISH, LATIN_NAMES)
    context.close()
    assert len(english) == 2
    assert 'text "Made with love"' in english[0] and 'alt="logo"' in english[1]

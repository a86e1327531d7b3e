"""The demo on a phone in a real Chromium: layout, language switching, locale suggestion."""

import pytest

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_home_fits_a_phone_and_shows_the_search_box(phone, site_server):
    page = phone.new_page()
    for path in ("/", "/ko/", "/ja/", "/ja/account/change-email/", "/ko/billing/payment-methods/"):
        page.goto(site_server + path)
        assert no_horizontal_scroll(page), path
    page.goto(site_server + "/ko/")
    search = page.get_by_role("combobox", name="고객센터 검색")
    assert search.is_visible()
    box = search.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.locator(".hc-contact-cta").get_by_role("link", name="고객센터 문의하기").is_visible()


def test_pages_fit_320_px_as_at_200_percent_zoom(browser, site_server):
    """WCAG reflow: a 640 px phone at 200 % zoom lays out like a 320 px wide window."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        for path in ("/", "/ja/", "/ko/billing/payment-methods/", "/subscriptions/plans-and-pricing/"):
            page.goto(site_server + path)
            assert no_horizontal_scroll(page), path
    finally:
        context.close()


def test_switching_language_keeps_the_article(phone, site_server):
    page = phone.new_page()
    page.goto(site_server + "/account/reset-password/")
    page.locator(".hc-lang__menu > summary").click()
    page.get_by_role("link", name="한국어").click()
    page.wait_for_url("**/ko/account/reset-password/")
    assert page.locator("html").get_attribute("lang") == "ko"
    page.locator(".hc-lang__menu > summary").click()
    page.get_by_role("link", name="日本語").click()
    page.wait_for_url("**/ja/account/reset-password/")
    assert "パスワード" in page.locator("h1").inner_text()


def test_language_switcher_works_with_the_keyboard(phone, site_server):
    page = phone.new_page()
    page.goto(site_server + "/billing/payment-methods/")
    page.locator(".hc-lang__menu > summary").focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="日本語")
    assert link.is_visible()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/ja/billing/payment-methods/")


def test_home_suggests_the_browser_language_and_remembers_dismissal(browser, site_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(site_server + "/")
        banner = page.locator("[data-hc-locale-suggest]")
        assert banner.is_visible()
        assert "日本語でもご覧いただけます" in banner.inner_text()
        assert banner.get_by_role("link", name="日本語で見る").get_attribute("href") == "ja/"
        assert page.url == site_server + "/"  # never a forced redirect
        banner.get_by_role("button", name="閉じる").click()
        assert banner.is_hidden()
        page.reload()
        assert page.locator("[data-hc-locale-suggest]").is_hidden()
        page.goto(site_server + "/ja/")  # already in the preferred language: nothing to suggest
        assert page.locator("[data-hc-locale-suggest]").is_hidden()
    finally:
        context.close()


def test_english_browser_on_english_home_sees_no_suggestion(phone, site_server):
    page = phone.new_page()
    page.goto(site_server + "/")
    assert page.locator("[data-hc-locale-suggest]").is_hidden()


def test_fallback_article_is_announced_in_the_page_language(phone, site_server):
    page = phone.new_page()
    page.goto(site_server + "/ja/returns/exchange-an-item/")
    notice = page.get_by_role("note")
    assert "英語の原文を表示しています" in notice.inner_text()
    assert page.locator("h1").get_attribute("lang") == "en"


def test_home_search_submitted_before_scripts_run_still_searches(browser, site_server):
    """Without JavaScript the home form lands on the home page with ?q=, never a 404; with it,
    that address runs the query."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + "/ko/")
    page.get_by_role("searchbox", name="고객센터 검색").fill("환불")     # no script: a plain field
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="검색").click()
    assert navigation.value.status == 200
    assert navigation.value.url == site_server + "/ko/?q=%ED%99%98%EB%B6%88"
    context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server + "/ko/?q=%ED%99%98%EB%B6%88")
    page.locator("[role=option][data-href*='refund-timing']").first.wait_for(timeout=10000)
    context.close()


def test_not_found_page_speaks_the_language_of_the_address(browser, demo_site):
    """A 404 page per locale, served for missing addresses under that locale as the server
    configurations in docs/hosting.md do (the root one, in the default locale, for the rest):
    in the locale's language, with a working search box, the way home and to contact."""
    import functools
    import http.server
    import threading

    class NotFoundHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            first = self.path.split("/")[1]
            page = demo_site / first / "404.html"
            body = (page if first and page.is_file() else demo_site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(NotFoundHandler, directory=str(demo_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    try:
        page = context.new_page()
        response = page.goto(base + "/ko/account/old-article/")
        assert response.status == 404
        assert page.evaluate("document.documentElement.lang") == "ko"
        assert page.locator("h1").all_inner_texts() == ["페이지를 찾을 수 없습니다"]
        assert page.title() == "페이지를 찾을 수 없습니다 - 루모라 고객센터"
        contact = page.get_by_role("link", name="고객센터 문의하기").first
        assert contact.get_attribute("href") == "/ko/contact/"
        languages = page.locator(".hc-lang__link").evaluate_all("els => els.map(a => a.href)")
        assert languages == [base + "/", base + "/ko/", base + "/ja/"]
        page.get_by_role("combobox", name="고객센터 검색").fill("환불")
        result = page.locator(".hc-not-found .hc-search-result").first
        result.wait_for()
        assert "/ko/" in result.get_attribute("data-href")
        page.keyboard.press("Escape")
        page.get_by_role("link", name="고객센터 홈으로 가기").click()
        page.wait_for_url(base + "/ko/")

        page.goto(base + "/ja/no-such-page/")
        assert page.locator("h1").all_inner_texts() == ["ページが見つかりません"]
        page.goto(base + "/no-such-page/")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.locator("h1").all_inner_texts() == ["We can't find that page"]
    finally:
        context.close()
        server.shutdown()

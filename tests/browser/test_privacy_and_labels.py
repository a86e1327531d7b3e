"""Bars from the product brief that hold on every page: no third-party requests, no cookies,
and every control a screen reader can name."""

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/ko/", "/ja/account/change-email/", "/ko/billing/payment-methods/", "/contact/",
         "/ja/contact/", "/returns/"]

UNNAMED_CONTROLS = """() => {
  const named = (el) => {
    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return true;
    if (el.labels && el.labels.length) return true;
    if (el.getAttribute('title')) return true;
    return (el.innerText || el.value || '').trim().length > 0;
  };
  const visible = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  return [...document.querySelectorAll(controls)]
    .filter(el => visible(el) && !named(el))
    .map(el => el.outerHTML.slice(0, 120));
}"""


def test_pages_make_no_third_party_requests_and_set_no_cookies(browser, site_server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    hosts = set()
    context.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    page = context.new_page()
    for path in PAGES:
        page.goto(site_server + path)
        page.wait_for_load_state("networkidle")
    page.goto(site_server + "/ko/")
    page.get_by_role("combobox", name="고객센터 검색").fill("환불")
    page.wait_for_load_state("networkidle")
    assert hosts == {"127.0.0.1"}
    assert context.cookies() == []
    context.close()


def test_pages_load_without_failed_requests_or_console_errors(browser, site_server):
    """What Lighthouse's best-practices audit counts: a 404 for a file the page asked for (as
    Material's bundle did for <article>/sitemap.xml) shows in the console."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    failed, errors = [], []
    context.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in [*PAGES, "/returns/refund-timing/", "/ko/returns/refund-timing/"]:
        page.goto(site_server + path)
        page.wait_for_load_state("networkidle")
        assert (failed, errors) == ([], []), path
    context.close()


def test_every_visible_control_has_an_accessible_name(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for path in PAGES:
        page.goto(site_server + path)
        assert page.evaluate(UNNAMED_CONTROLS) == [], path
    context.close()


FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || (style.boxShadow && style.boxShadow !== 'none');
  return {tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || '').slice(0, 40),
          ring};
}"""


def test_keyboard_focus_is_always_visible(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_server + "/ja/returns/refund-timing/")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_RING)
        if state["tag"] == "BODY":
            continue
        seen.append(state)
    assert len(seen) >= 20
    assert [s for s in seen if not s["ring"]] == []
    context.close()


CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def test_pages_work_under_their_strict_content_security_policy(browser, site_server):
    """Every page carries a CSP without 'unsafe-inline'; using the site triggers no violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    violations = {}
    for path in PAGES:
        page.goto(site_server + path)
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert "script-src 'self';" in policy and "unsafe" not in policy
        page.wait_for_load_state("networkidle")
        if path == "/ko/billing/payment-methods/":
            page.get_by_role("combobox").first.fill("환불")
            page.get_by_role("option").first.wait_for()
            page.get_by_role("button", name="아니요").click()
        found = page.evaluate("window.__cspViolations")
        if found:
            violations[path] = found
    assert violations == {}
    context.close()

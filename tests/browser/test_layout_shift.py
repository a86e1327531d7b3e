"""Cumulative layout shift ≤ 0.02 on every page type, with the late content each one gets after
load in place: the language suggestion on a home page, the contact cards' live status lines and
the visitor's time-zone note. Measured by Chromium's own layout-shift entries."""

from __future__ import annotations

import pytest

from tests.conftest import wait_for_js

pytestmark = pytest.mark.browser

OBSERVE = """
window.__cls = {total: 0, sources: []};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__cls.total += entry.value;
    window.__cls.sources.push(entry.value.toFixed(4) + ' ' + entry.sources
      .map((s) => `${s.node ? (s.node.className || s.node.nodeName) : '?'} y ${s.previousRect.y}`
        + ` → ${s.currentRect.y}`).join(', '));
  }
}).observe({type: 'layout-shift', buffered: true});
"""
# (path, what must be on screen before the shift is read)
PAGES = [
    ("/", "[data-hc-locale-suggest]:not([hidden])"),        # a Korean browser on the English home
    ("/ko/returns/", "h1"),
    ("/ko/returns/refund-timing/", "[data-hc-feedback]:not([hidden]) [data-hc-vote]"),
    ("/contact/", "[data-hc-your-zone]:not([hidden])"),
    ("/ko/contact/", "[data-hc-status]:not([hidden])"),
    ("/ja/404.html", "h1"),
]


@pytest.mark.parametrize("width", [390, 1280])
def test_late_content_does_not_move_the_page(browser, site_server, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="ko-KR")
    context.add_init_script(OBSERVE)
    page = context.new_page()
    # A slower CPU, as on a phone: the first paint comes before the deferred scripts run, so
    # whatever they add is seen arriving.
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    shifts = {}
    for path, ready in PAGES:
        page.goto(site_server + path)
        page.locator(ready).first.wait_for()
        page.locator(".hc-hsearch__toggle").wait_for(state="attached")
        wait_for_js(page, "document.readyState === 'complete'")
        cls = page.evaluate("window.__cls")
        if cls["total"] > 0.02:
            shifts[path] = cls
    context.close()
    assert shifts == {}

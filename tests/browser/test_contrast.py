"""WCAG 2.2 AA text contrast (4.5:1, 3:1 for large text) in light and dark mode, measured on
the rendered pages: every visible element with its own text, against its real background."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

LOW_CONTRAST = (Path(__file__).with_name("contrast.js")).read_text(encoding="utf-8")
PAGES = ["/", "/ko/", "/ja/returns/refund-timing/", "/ko/returns/refund-timing/", "/contact/",
         "/ko/contact/", "/returns/", "/ja/account/change-email/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_aa(browser, site_server, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    failures = {}
    for path in PAGES:
        page.goto(site_server + path)
        found = page.evaluate(LOW_CONTRAST)
        if found:
            failures[path] = found[:5]
    context.close()
    assert failures == {}

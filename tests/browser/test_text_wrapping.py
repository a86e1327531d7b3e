"""Korean at 320 px (a phone at 200 % zoom) wraps between words, never inside one (비/밀번호),
and a heading's "¶" anchor never ends up on a line of its own."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# For every Hangul word in headings, paragraphs and list items: on how many lines it lies.
SPLIT_WORDS = """() => {
  const split = [];
  for (const el of document.querySelectorAll('.md-typeset :is(h1, h2, h3, p, li)')) {
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      for (const match of node.textContent.matchAll(/[가-힣]{2,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""
LONELY_ANCHORS = """() => [...document.querySelectorAll('.md-typeset .headerlink')].filter((a) => {
  const text = document.createRange();
  text.selectNodeContents(a.parentElement);
  text.setEndBefore(a);
  const lines = [...text.getClientRects()];
  return lines.length && Math.round(a.getBoundingClientRect().top)
    > Math.round(lines[lines.length - 1].top) + 2;
}).map((a) => a.parentElement.textContent.trim())"""


@pytest.mark.parametrize("path", ["/ko/account/reset-password/", "/ko/returns/refund-timing/",
                                  "/ko/", "/ko/contact/"])
def test_korean_breaks_between_words_at_320_px(browser, site_server, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_server + path)
    assert page.evaluate(SPLIT_WORDS) == []
    assert page.evaluate(LONELY_ANCHORS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()

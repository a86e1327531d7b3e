"""The search box's query normaliser in a real Chromium passes the scrubbing corpus: what it
would send equals the normalised (NFKC, lower case, one space) scrubbed text the collector keeps."""

from __future__ import annotations

import pytest

from tests.helpcenter.scrub_corpus import all_cases

pytestmark = pytest.mark.browser

NORMALIZE = """([cases]) => cases.map(([given, expected]) => {
  const norm = (s) => Array.from(s.normalize("NFKC").toLowerCase().replace(/\\s+/g, " ").trim())
    .slice(0, 100).join("").trim();
  return [given, window.HelpCenterSearch.normalizeQuery(given), norm(expected)];
})"""


def test_the_query_normaliser_scrubs_the_whole_corpus(phone, site_server):
    page = phone.new_page()
    page.goto(f"{site_server}/account/reset-password/")
    assert page.evaluate("typeof window.HelpCenterScrub.scrub") == "function"
    results = page.evaluate(NORMALIZE, [all_cases()])
    wrong = [(given, sent, expected) for given, sent, expected in results if sent != expected]
    assert not wrong, wrong[:10]
    assert len(results) >= 600

"""helpcenter.seo on small real trees: what the sitemap lists and when each page last changed,
robots.txt, canonical and noindex for fallbacks, JSON-LD that parses and cannot end its block."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import xml.etree.ElementTree as ET

from helpcenter.content import load_help_center
from helpcenter.seo import FindabilityModel, SiteFacts, last_changes, to_json_ld

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def model(tree, changed=None, publisher=None) -> FindabilityModel:
    center, problems = load_help_center(tree.project())
    assert not [p for p in problems if p.level == "error"], problems
    facts = SiteFacts(site_url="https://help.example/", site_names={"en": "Help", "ko": "도움말",
                                                                    "ja": "ヘルプ"},
                      publisher=publisher or {}, changed=changed or {})
    return FindabilityModel(center, facts)


def urls(sitemap: str) -> dict[str, dict]:
    root = ET.fromstring(sitemap)
    found = {}
    for url in root.iter(f"{SM}url"):
        lastmod = url.find(f"{SM}lastmod")
        found[url.find(f"{SM}loc").text] = {
            "lastmod": lastmod.text if lastmod is not None else None,
            "alternates": {link.get("hreflang"): link.get("href")
                           for link in url.iter(f"{XHTML}link")}}
    return found


def test_sitemap_lists_written_pages_with_alternates_and_x_default(tree):
    tree.minimal()
    found = urls(model(tree).sitemap())
    assert "https://help.example/ko/billing/invoices/" not in found      # a fallback: not indexed
    assert "https://help.example/ja/" in found                           # home in every locale
    assert "https://help.example/ko/contact/" in found                   # contact pages too
    refunds = found["https://help.example/billing/refunds/"]["alternates"]
    assert refunds == {"en": "https://help.example/billing/refunds/",
                       "ko": "https://help.example/ko/billing/refunds/",
                       "x-default": "https://help.example/billing/refunds/"}
    assert found["https://help.example/billing/invoices/"]["alternates"] == {}   # English only


def test_lastmod_is_the_later_of_last_change_and_review(tree):
    tree.minimal()
    changed = {"content/en/billing/refunds.md": dt.date(2026, 11, 20),
               "content/en/billing/invoices.md": dt.date(2026, 9, 1)}
    found = urls(model(tree, changed).sitemap())
    assert found["https://help.example/billing/refunds/"]["lastmod"] == "2026-11-20"
    assert found["https://help.example/billing/invoices/"]["lastmod"] == "2026-10-01"  # reviewed
    assert found["https://help.example/billing/"]["lastmod"] == "2026-11-20"
    assert found["https://help.example/"]["lastmod"] == "2026-11-20"


def test_last_changes_reads_commit_dates_from_git(tree):
    tree.minimal()
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-03-04T10:00:00+00:00",
           "GIT_COMMITTER_DATE": "2026-03-04T10:00:00+00:00", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    root = tree.root
    for args in (["init", "-q"], ["add", "content"], ["commit", "-qm", "content"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env)
    dates = last_changes(root, root / "content")
    assert dates["content/en/billing/refunds.md"] == dt.date(2026, 3, 4)
    assert last_changes(root / "content" / "en", root / "content" / "nowhere") == {}


def test_last_changes_outside_git_is_empty(tmp_path):
    assert last_changes(tmp_path, tmp_path) == {}


def test_robots_points_at_the_sitemap(tree):
    tree.minimal()
    assert model(tree).robots() == ("User-agent: *\nAllow: /\n"
                                    "Sitemap: https://help.example/sitemap.xml\n")


def test_a_fallback_is_canonical_to_the_default_locale_and_noindex(tree):
    tree.minimal()
    m = model(tree)
    crumbs = [("홈", "ko/"), ("결제", "ko/billing/"), ("Download an invoice",
                                                    "ko/billing/invoices/")]
    head = m.head("article", "ko", "billing/invoices", "Download an invoice", "How to.", crumbs)
    assert head["canonical"] == "https://help.example/billing/invoices/"
    assert head["noindex"] is True
    article = json.loads(head["jsonld"][1])
    assert article["@type"] == "Article" and article["inLanguage"] == "en"
    own = m.head("article", "ko", "billing/refunds", "환불 받기", "How to.", crumbs[:2] + [
        ("환불 받기", "ko/billing/refunds/")])
    assert own["canonical"] == "https://help.example/ko/billing/refunds/" and not own["noindex"]
    assert own["og"]["locale"] == "ko_KR" and own["og"]["locale_alternates"] == ["en_US"]


def test_json_ld_blocks_parse_and_carry_what_engines_require(tree):
    tree.minimal()
    m = model(tree, {"content/ko/billing/refunds.md": dt.date(2026, 11, 2)},
              publisher={"name": "Example", "url": "https://example.com/", "logo": "logo.svg"})
    crumbs = [("홈", "ko/"), ("결제", "ko/billing/"), ("환불 받기", "ko/billing/refunds/")]
    head = m.head("article", "ko", "billing/refunds", "환불 받기", "환불 방법", crumbs)
    breadcrumb, article = (json.loads(block) for block in head["jsonld"])
    assert [i["position"] for i in breadcrumb["itemListElement"]] == [1, 2, 3]
    assert breadcrumb["itemListElement"][2]["item"] == "https://help.example/ko/billing/refunds/"
    assert {k: article[k] for k in ("headline", "description", "inLanguage", "dateModified")} == {
        "headline": "환불 받기", "description": "환불 방법", "inLanguage": "ko",
        "dateModified": "2026-11-02"}
    assert article["publisher"] == {"@type": "Organization", "name": "Example",
                                    "url": "https://example.com/",
                                    "logo": {"@type": "ImageObject",
                                             "url": "https://help.example/logo.svg"}}
    home = json.loads(m.head("home", "ko", None, "도움말", "설명", [("홈", "ko/")])["jsonld"][0])
    assert home["@type"] == "WebSite" and home["url"] == "https://help.example/ko/"
    assert "{search_term_string}" in home["potentialAction"]["target"]["urlTemplate"]


def test_hostile_titles_cannot_end_the_json_ld_block():
    text = to_json_ld({"headline": "</script><script>alert(1)</script>"})
    assert "</script" not in text and json.loads(text)["headline"].startswith("</script>")

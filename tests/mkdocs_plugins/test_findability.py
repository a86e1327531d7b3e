"""The demo as search engines and chat previews read it: robots.txt, the sitemap, canonical
addresses, every JSON-LD block parsed and checked, Open Graph tags, unique titles."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from tests.conftest import REPO

SITE = "https://help.lumora.example/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
JA_FALLBACK = "ja/account/change-email/"


class Head(HTMLParser):
    """The parts of a page's head that engines read."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.jsonld, self.title = {}, {}, [], ""
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content"))
        elif tag == "link" and a.get("rel"):
            self.links[a["rel"]] = a.get("href")
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.jsonld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "jsonld":
            self.jsonld[-1] += data
        elif self._in == "title":
            self.title += data


def head(site, path) -> Head:
    parsed = Head()
    parsed.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parsed


def pages(site):
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        if not relative.startswith(("assets", "helpcenter")):
            yield "" if relative == "." else relative + "/"


def test_robots_txt_points_at_the_sitemap(demo_site):
    assert (demo_site / "robots.txt").read_text() == (
        f"User-agent: *\nAllow: /\nSitemap: {SITE}sitemap.xml\n")


def test_sitemap_has_content_dates_x_default_contact_pages_and_no_fallbacks(demo_site):
    root = ET.fromstring((demo_site / "sitemap.xml").read_text(encoding="utf-8"))
    entries = {u.find(f"{SM}loc").text: u for u in root.iter(f"{SM}url")}
    assert {f"{SITE}contact/", f"{SITE}ko/contact/", f"{SITE}ja/contact/"} <= set(entries)
    assert SITE + JA_FALLBACK not in entries
    assert SITE + "ja/account/reset-password/" in entries
    alternates = {link.get("hreflang"): link.get("href")
                  for link in entries[SITE + "ko/returns/refund-timing/"]
                  if link.get("hreflang")}
    assert alternates["x-default"] == SITE + "returns/refund-timing/"
    assert set(alternates) == {"en", "ko", "ja", "x-default"}
    # lastmod: the later of the file's last commit and its review date
    source = "content/ko/returns/refund-timing.md"
    committed = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%cs", "--",
                                source], capture_output=True, text=True).stdout.strip()
    reviewed = re.search(r"^reviewed: (\S+)", (REPO / source).read_text(), re.M)
    expected = max(d for d in (committed, reviewed and reviewed.group(1)) if d)
    lastmod = entries[SITE + "ko/returns/refund-timing/"].find(f"{SM}lastmod").text
    assert lastmod == expected


def test_fallback_pages_are_canonical_to_english_and_not_indexed(demo_site):
    fallback = head(demo_site, JA_FALLBACK)
    assert fallback.links["canonical"] == SITE + "account/change-email/"
    assert fallback.meta["robots"] == ["noindex, follow"]
    own = head(demo_site, "ja/account/reset-password/")
    assert own.links["canonical"] == SITE + "ja/account/reset-password/"
    assert "robots" not in own.meta


def test_every_json_ld_block_parses_with_its_required_properties(demo_site):
    seen = {"WebSite": 0, "BreadcrumbList": 0, "Article": 0}
    for path in pages(demo_site):
        parsed = head(demo_site, path)
        blocks = [json.loads(text) for text in parsed.jsonld]
        types = [b["@type"] for b in blocks]
        assert all(b["@context"] == "https://schema.org" for b in blocks), path
        for block in blocks:
            seen[block["@type"]] += 1
        if path in ("", "ko/", "ja/"):
            assert types == ["WebSite"], path
            site = blocks[0]
            assert site["url"] == SITE + path and site["inLanguage"] == (path.strip("/") or "en")
            assert site["publisher"]["name"] == "Lumora"
            continue
        assert types[0] == "BreadcrumbList", path
        crumbs = blocks[0]["itemListElement"]
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
        assert crumbs[-1]["item"] == SITE + path and all(c["name"] for c in crumbs)
        if "Article" in types:
            article = blocks[types.index("Article")]
            for key in ("headline", "description", "inLanguage", "dateModified", "publisher"):
                assert article[key], (path, key)
            dt.date.fromisoformat(article["dateModified"])
            assert article["headline"] == parsed.meta["og:title"][0]
    assert all(seen.values()), seen


def test_open_graph_and_twitter_tags_are_localized(demo_site):
    ko = head(demo_site, "ko/returns/refund-timing/")
    assert ko.meta["og:type"] == ["article"] and ko.meta["og:locale"] == ["ko_KR"]
    assert ko.meta["og:title"] == ko.meta["twitter:title"] == ["환불 시점 확인하기"]
    assert ko.meta["og:site_name"] == ["루모라 고객센터"]
    assert ko.meta["og:url"] == [SITE + "ko/returns/refund-timing/"]
    assert set(ko.meta["og:locale:alternate"]) == {"en_US", "ja_JP"}
    assert ko.meta["og:description"][0] and ko.meta["twitter:card"] == ["summary"]
    assert head(demo_site, "ja/").meta["og:type"] == ["website"]


def test_titles_are_unique_and_home_titles_do_not_repeat_the_site_name(demo_site):
    titles: dict[str, str] = {}
    for path in pages(demo_site):
        title = head(demo_site, path).title.strip()
        assert title not in titles, (path, titles.get(title))
        titles[title] = path
    assert head(demo_site, "ko/").title.strip() == "루모라 고객센터"
    assert head(demo_site, "").title.strip() == "Lumora Help Center"

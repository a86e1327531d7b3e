"""llms.txt, llms-full.txt and the Markdown copies of the demo, as built."""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from helpcenter.assistants.copies import parse_front_matter
from helpcenter.manifest import load_manifest
from tests.conftest import REPO

SITE_URL = "https://help.lumora.example/"
LOCALES = {"en": "", "ko": "ko/", "ja": "ja/"}
JA_MISSING = ["account/change-email", "returns/exchange-an-item"]
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def built_file(site, url):
    """The file a site URL is served from, or None when the build has no such page."""
    assert url.startswith(SITE_URL), url
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    if path == "" or path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def copy_of(site, locale, article_id):
    return (site / LOCALES[locale] / article_id / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("locale", list(LOCALES))
def test_llms_txt_lists_every_article_once_with_links_that_resolve(demo_site, locale):
    text = (demo_site / LOCALES[locale] / "llms.txt").read_text(encoding="utf-8")
    manifest = load_manifest(demo_site)
    lines = text.split("\n")
    assert lines[0].startswith("# ") and lines[2].startswith("> ")
    links = LINK.findall(text)
    copies = [u for u in links if u.endswith("/index.md")]
    expected = [SITE_URL + manifest.articles[a]["locales"][locale]["url"].lstrip("/") + "index.md"
                for a in manifest.articles]
    assert sorted(copies) == sorted(expected)            # every article, exactly once
    for url in links:
        assert built_file(demo_site, url) is not None, url
    assert "## Optional" in text and f"{SITE_URL}{LOCALES[locale]}llms-full.txt" in links


def test_untranslated_articles_are_listed_in_their_locale_and_marked(demo_site):
    text = (demo_site / "ja" / "llms.txt").read_text(encoding="utf-8")
    for article_id in JA_MISSING:
        line = next(x for x in text.split("\n") if f"/ja/{article_id}/index.md" in x)
        assert line.endswith("(英語の記事、まだ翻訳されていません)")
        fields = parse_front_matter(copy_of(demo_site, "ja", article_id))
        assert fields["fallback"] is True and fields["language"] == "en"
        assert fields["locale"] == "ja" and fields["url"] == f"{SITE_URL}ja/{article_id}/"
    translated = next(x for x in text.split("\n") if "/ja/account/reset-password/" in x)
    assert "翻訳" not in translated


class BodyOutline(HTMLParser):
    """Headings, list items and table rows inside the article body of a built page."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.headings, self.items, self.rows, self.tables = [], 0, 0, 0
        self._heading = None

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in ("br", "img", "input", "hr")
            if tag in ("h2", "h3", "h4"):
                self._heading = ""
            self.items += tag == "li"
            self.rows += tag == "tr"
            self.tables += tag == "table"
        elif ("class", "hc-article__body") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if tag in ("h2", "h3", "h4") and self._heading is not None:
                self.headings.append(self._heading.replace("¶", "").strip())
                self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data


def test_copies_carry_the_page_headings_lists_and_tables(demo_site):
    manifest = load_manifest(demo_site)
    tables = 0
    for article_id, entry in manifest.articles.items():
        for locale, localized in entry["locales"].items():
            page = (demo_site / localized["url"].lstrip("/") / "index.html").read_text("utf-8")
            outline = BodyOutline()
            outline.feed(page)
            copy = copy_of(demo_site, locale, article_id)
            body = copy.split("\n---\n", 1)[1]
            headings = re.findall(r"^#{2,4} (.+)$", body, re.M)
            assert headings == outline.headings, (locale, article_id)
            assert len(re.findall(r"^[>\s]*(?:[-*]|\d+\.) ", body, re.M)) == outline.items
            table_lines = re.findall(r"^\| .* \|$", body, re.M)
            assert len(table_lines) == outline.rows + outline.tables  # + one --- rule each
            tables += outline.tables
            assert f"\n# {localized['title']}\n" in body
            assert markdown_alternates(page) == ["index.md"]
    assert tables >= 3   # the demo has tables, so this test is not vacuous


class HeadLinks(HTMLParser):
    """<link> elements of the head as a reader without scripting sees them (<noscript> content
    parsed as markup, as assistants' HTML parsers do)."""

    def __init__(self):
        super().__init__()
        self.links, self.in_head = [], True

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_head = False
        elif tag == "link" and self.in_head:
            self.links.append(dict(attrs))


def markdown_alternates(page: str) -> list[str]:
    head = HeadLinks()
    head.feed(page)
    return [link["href"] for link in head.links
            if "alternate" in link.get("rel", "").split() and link.get("type") == "text/markdown"]


def test_the_markdown_alternate_is_invisible_to_scripts_so_material_fetches_no_sitemap(demo_site):
    """Material's bundle fetches sitemap.xml beside every link[rel=alternate] a script can see;
    the Markdown copy's link is in <noscript> (text to a browser with scripting on)."""
    page = (demo_site / "returns" / "refund-timing" / "index.html").read_text("utf-8")
    head = page.split("</head>", 1)[0]
    assert ('<noscript><link rel="alternate" type="text/markdown" href="index.md"></noscript>'
            in head)
    outside = re.sub(r"<noscript>.*?</noscript>", "", head, flags=re.S)
    assert not re.search(r"<link[^>]*rel=.?alternate", outside)


def test_copies_have_metadata_absolute_links_and_no_raw_html(demo_site):
    manifest = load_manifest(demo_site)
    for article_id, entry in manifest.articles.items():
        for locale, localized in entry["locales"].items():
            copy = copy_of(demo_site, locale, article_id)
            fields = parse_front_matter(copy)
            assert fields["title"] == localized["title"]
            assert fields["description"] == localized["description"]
            assert fields["url"] == SITE_URL + localized["url"].lstrip("/")
            assert fields["locale"] == locale and fields["id"] == article_id
            assert str(fields["reviewed"]) == str(localized["reviewed"])
            body = copy.split("\n---\n", 1)[1]
            assert not re.search(r"<[a-zA-Z/]", re.sub(r"`[^`]*`", "", body)), article_id
            for url in LINK.findall(body):
                assert built_file(demo_site, url.split("#")[0]) is not None, (article_id, url)
            assert "](../" not in body and "](./" not in body


def test_llms_full_has_every_article_in_site_order(demo_site):
    for prefix in LOCALES.values():
        full = (demo_site / prefix / "llms-full.txt").read_text(encoding="utf-8")
        listed = re.findall(r"\((https://[^)]+)/index\.md\)",
                            (demo_site / prefix / "llms.txt").read_text(encoding="utf-8"))
        sources = re.findall(r"^Source: (\S+)/\s*$", full, re.M)
        assert sources == listed
    ja = (demo_site / "ja" / "llms-full.txt").read_text(encoding="utf-8")
    assert "パスワード" in ja and "Change your e-mail address" in ja


# A locale build, counting how often a page is parsed and what both readers made of it.
ONE_PARSE = """
import json, sys
from pathlib import Path
import helpcenter.htmltree as htmltree
from helpcenter.mkdocs_plugins.locale_build import LocaleBuild
parsed = []
parse_html = htmltree.parse_html
htmltree.parse_html = lambda source: parsed.append(len(source)) or parse_html(source)
build = LocaleBuild(Path(sys.argv[1]), "ko", Path(sys.argv[2]), site_files=False)
assert build.build().ok
texts = build.config.plugins["helpcenter-search"].pages["ko"]
print(json.dumps({"parses": len(parsed), "texts": {k: [v.headings, v.text] for k, v in texts.items()}}))
"""


def test_a_build_parses_each_article_once_for_its_search_text_and_its_copy(tmp_path):
    """The search plugin and the assistants plugin read the same parse of each rendered page
    (`htmltree.read_html`): one parse per article, and the copy holds what search indexed."""
    done = subprocess.run([sys.executable, "-c", ONE_PARSE, str(REPO / "mkdocs.yml"),
                           str(tmp_path / "site")], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    texts = found["texts"]
    assert texts and found["parses"] == len(texts)
    for article, (headings, text) in texts.items():
        copy = (tmp_path / "site" / "ko" / article / "index.md").read_text(encoding="utf-8")
        for heading in headings:
            assert re.search(r"^#+ .*" + re.escape(heading.split()[0]), copy, re.M), article
        assert text.split()[-1].strip(".") in copy, article

"""Scanning Markdown source: anchors agree with the build's rendering; hostile input is harmless."""

from __future__ import annotations

import re
import time
from pathlib import Path

import markdown
import pytest
from pymdownx.slugs import slugify

from helpcenter.checks.plainlanguage import measure, sentences
from helpcenter.checks.source import prose_blocks, scan
from helpcenter.frontmatter import parse_front_matter
from helpcenter.pagetext import page_text
from helpcenter.sourcetext import inline_text, normalize_text
from tests.helpcenter.checks.conftest import FIXTURES, check_fixture

REPO = Path(__file__).resolve().parents[3]
# The Markdown extensions of mkdocs.yml that create or change ids.
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "toc"]
CONFIG = {"toc": {"permalink": True, "slugify": slugify(case="lower")},
          "pymdownx.tabbed": {"alternate_style": True}}


def rendered_heading_ids(body: str) -> list[str]:
    html = markdown.markdown(body, extensions=EXTENSIONS, extension_configs=CONFIG)
    return re.findall(r"<h[1-6] id=\"([^\"]+)\"", html)


def test_mkdocs_yml_uses_the_slugify_the_checks_use():
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "pymdownx.slugs.slugify" in text and "case: lower" in text


DEMO = sorted((REPO / "content").glob("*/**/*.md"))


@pytest.mark.parametrize("path", DEMO, ids=[str(p.relative_to(REPO)) for p in DEMO])
def test_heading_anchors_match_the_build_for_every_demo_page(path):
    fm = parse_front_matter(path.read_text(encoding="utf-8"), str(path))
    ids = rendered_heading_ids(fm.body)
    assert scan(fm.body, fm.body_line).anchors[:len(ids)] == ids


TRICKY = """
# Étape 1 : créer un *compte*

## Reset `password` with [the link](x.md)

## Reset password with the link

## Reset password with the link

## Custom {#my-id}

## 휴대폰을 바꿨거나 잃어버렸을 때

## 年末年始の休業

#No space heading

!!! note "Inside"
    ## Heading in a note

```
## not a heading
```

Setext title
============

Second setext
-------------
"""


def test_tricky_headings_match_python_markdown():
    assert scan(TRICKY).anchors[:len(rendered_heading_ids(TRICKY))] == rendered_heading_ids(
        TRICKY)


def test_links_report_the_line_they_start_on():
    body = "Intro\n\nSee [the\nlink](a.md) and ![alt](b.png)\n`[no](c.md)`\n[ref]: d.md\n"
    links = scan(body, first_line=7).links
    assert [(link.line, link.target, link.image) for link in links] == [
        (9, "a.md", False), (10, "b.png", True), (12, "d.md", False)]


@pytest.mark.parametrize("hostile", [
    "[" * 50_000,
    "[" * 20_000 + "](" * 20_000,
    "![" * 20_000 + "x",
    "`" * 50_000,
    "<!--" * 20_000,
    "#" * 50_000,
    ("a" * 5_000 + " ") * 200,
    "[x](" + "(" * 30_000,
    "\x00\ufeff\u202e" * 10_000,
    "<!--" * 20_000,
    "` a" * 20_000,
    "<a " * 20_000,
    "<img " * 20_000,
    "<x id " * 20_000,
    "[a](" * 20_000,
    "[a](<" * 20_000,
    "![a](b " * 20_000,
    "[a](b(c" * 20_000,
    "## a {#" * 20_000,
    "# " + "*a " * 20_000,
])
def test_hostile_bodies_are_scanned_quickly(hostile):
    """Every pattern is bounded: 20,000 unclosed constructs take milliseconds, not minutes."""
    started = time.perf_counter()
    text = hostile + "\n" + hostile[:1000]
    source = scan(text)
    prose_blocks(source)
    inline_text(text)
    page_text(text)
    normalize_text(text)
    sentences(text, "words")
    sentences(text, "characters")
    assert time.perf_counter() - started < 2


def test_a_large_hostile_article_is_checked_without_error(fixture_copy):
    root = fixture_copy("clean")
    path = root / "content/en/account/huge.md"
    path.write_text("---\ntitle: Huge\ndescription: Big.\nowner: x\nreviewed: 2026-11-01\n---\n"
                    + ("[unclosed link](" + "word " * 2000 + "\n") * 200
                    + "![](" + "x" * 1_500 + ")\n", encoding="utf-8")
    from helpcenter.checks import run_checks
    from helpcenter.project import load_project
    from tests.helpcenter.checks.conftest import TODAY

    report = run_checks(load_project(root / "mkdocs.yml"), today=TODAY)
    codes = {p.code for p in report.problems if p.path.endswith("huge.md")}
    assert {"image-alt-missing", "image-missing", "plain-sentence-long"} <= codes


@pytest.mark.parametrize("text, unit, expected", [
    ("Go to Account. Select e.g. Security. Done!", "words", ["Go to Account.",
                                                               "Select e.g. Security.", "Done!"]),
    ("設定を開きます。保存します！完了？", "characters", ["設定を開きます。", "保存します！", "完了？"]),
    ("설정을 엽니다. 저장합니다.", "characters", ["설정을 엽니다.", "저장합니다."]),
])
def test_sentences_split_per_writing_system(text, unit, expected):
    assert [s.strip() for _, s in sentences(text, unit)] == expected


def test_lengths_count_words_or_letters():
    assert measure("Don't re-enter your e-mail, 2 times.", "words") == 6
    assert measure("パスワード（PW）を変更。", "characters") == 10


def test_fixture_trees_exist_for_every_problem_family():
    names = {p.name for p in FIXTURES.iterdir()}
    assert {"broken-link", "broken-anchor", "missing-image", "image-alt",
            "outdated-translation", "review-overdue", "plain-language"} <= names
    assert check_fixture("clean").problems == []

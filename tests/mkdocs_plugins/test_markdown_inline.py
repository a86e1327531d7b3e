"""A locale process's Markdown converter (inline patterns skipped where they cannot match, one
converter reset between pages) writes the HTML a fresh stock converter writes."""

from __future__ import annotations

import re

import markdown
import pytest

from helpcenter.mkdocs_plugins.markdown_inline import first_texts, skip_absent_patterns
from helpcenter.mkdocs_plugins.markdown_lookups import keep_lookups
from tests.conftest import REPO


def project_extensions() -> tuple[list, dict]:
    """The demo's markdown_extensions, as MkDocs hands them to Python-Markdown."""
    from mkdocs.config import load_config
    config = load_config(str(REPO / "mkdocs.yml"))
    return config["markdown_extensions"], config["mdx_configs"] or {}


@pytest.fixture(scope="module")
def extensions():
    return project_extensions()


def stock(extensions) -> markdown.Markdown:
    return markdown.Markdown(extensions=extensions[0], extension_configs=extensions[1])


def locale_converter(extensions) -> markdown.Markdown:
    """The converter a locale process makes once (`reuse_one_markdown_converter`)."""
    converter = stock(extensions)
    skip_absent_patterns(converter)
    keep_lookups(converter)
    return converter


DOCUMENTS = [
    "Plain text with no markup at all, twice.\n\nSecond paragraph.",
    "A [link](https://example.com/ \"t\"), an ![image](a.png), a [ref][r] and [r].\n\n"
    "[r]: https://example.com/r\n",
    "Footnotes[^1] and again[^long].\n\n[^1]: One.\n[^long]: Two *with* `code`.\n",
    "*em*, **strong**, ***both***, _under_, __dunder__, snake_case_word, 2 * 3 * 4.",
    "`code with *stars* and [brackets]`, ``double `tick` code``, \\*escaped\\*, \\`tick\\`.",
    "<https://example.com/auto>, <someone@example.com>, <b>inline html</b>, &amp; &#169; &copy;",
    "Line one  \nline two after a hard break.",
    ":smile: emoji :heart: and not:an:emoji, 10:30 time.",
    "## Heading with `code` and *em*\n\n### Same words\n\n### Same words\n\nText.",
    "!!! note \"Title *em*\"\n    Admonition with [link](x.md) and :smile:.\n",
    "Term\n:   Definition with **bold**.\n",
    "| a | b |\n|---|---|\n| `x` | [y](z) |\n",
    "```python\nprint('*not em*')\n```\n\nAfter *fence*.",
    "=== \"Tab one\"\n    Text *a*\n\n=== \"Tab two\"\n    Text _b_\n",
    "<div markdown>\n*inside* html [link](x)\n</div>\n",
    "{ not attr } text { #id } and a paragraph\n{: .cls }",
    "한국어 문장에 **강조**와 [링크](a.md) 그리고 각주[^k].\n\n[^k]: 각주 내용.",
    "日本語の文章に*強調*と`コード`。",
    "Brackets without links [just text] and ! bang [x] end.",
    "Nested *em with [link *inner*](u) and `code`* end.",
]


def test_first_texts_are_what_every_match_starts_with():
    assert first_texts(re.compile(r"\[\^([^\]]*)\]")) == {"[^"}
    assert first_texts(re.compile(r"(?<!\!)\[")) == {"["}
    assert first_texts(re.compile(r"\*|_")) == {"*", "_"}
    assert first_texts(re.compile(r"(:[+\-\w]+:)")) == {":"}
    assert first_texts(re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)")) == {"\\", "`"}
    assert first_texts(re.compile(r"a*b")) == {"a", "b"}
    # no single start can be named: always tried
    assert first_texts(re.compile(r".x")) is None
    assert first_texts(re.compile(r"a*")) is None           # matches the empty string
    assert first_texts(re.compile(r"(?i)abc")) is None      # case-insensitive
    assert first_texts(re.compile(r"[^<]x")) is None        # a negated set
    assert first_texts(re.compile(r"\w+")) is None          # a category


def test_skipping_patterns_writes_the_same_html(extensions):
    fast = locale_converter(extensions)
    assert type(fast.treeprocessors["inline"]).__name__ == "TriggeredInlineProcessor"
    for document in DOCUMENTS:
        fast.reset()
        assert fast.convert(document) == stock(extensions).convert(document), document


def test_every_demo_page_renders_the_same_with_one_reset_converter(extensions):
    """Pages in a row through one converter (footnotes, heading ids, tabs reset between
    pages) and the skipping inline step, against a new stock converter per page."""
    fast = locale_converter(extensions)
    pages = sorted((REPO / "content").glob("*/**/*.md"))
    assert len(pages) > 50
    for page in pages + pages[:3]:
        text = page.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("\n---", 1)[1]
        fast.reset()
        assert fast.convert(text) == stock(extensions).convert(text), page
    for document in DOCUMENTS:   # after the pages: no state carried over
        fast.reset()
        assert fast.convert(document) == stock(extensions).convert(document), document


def test_a_converter_without_the_stock_inline_step_is_left_alone():
    converter = markdown.Markdown()
    converter.treeprocessors.deregister("inline")
    skip_absent_patterns(converter)
    assert "inline" not in converter.treeprocessors
    assert converter.convert("*em*") == "<p>*em*</p>"


def test_kept_lookups_follow_a_processor_or_tag_added_later():
    """The block processors' order is kept until one is registered or removed; the block-level
    tags are read again at each reset."""
    from xml.etree import ElementTree

    from markdown.blockprocessors import BlockProcessor

    class Shout(BlockProcessor):
        def test(self, parent, block):
            return block.startswith("!!")

        def run(self, parent, blocks):
            element = ElementTree.SubElement(parent, "strong")
            element.text = blocks.pop(0)[2:]

    converter = markdown.Markdown()
    keep_lookups(converter)
    assert converter.convert("!!hey") == "<p>!!hey</p>"
    converter.parser.blockprocessors.register(Shout(converter.parser), "shout", 200)
    assert converter.reset().convert("!!hey") == "<strong>hey</strong>"
    converter.parser.blockprocessors.deregister("shout")
    assert converter.reset().convert("!!hey") == "<p>!!hey</p>"
    assert converter.reset().convert("<custom>\n*x*\n</custom>") != "<custom>\n*x*\n</custom>"
    converter.block_level_elements.append("custom")
    assert converter.reset().convert("<custom>\n*x*\n</custom>") == "<custom>\n*x*\n</custom>"

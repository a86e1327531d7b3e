"""A locale process's Markdown converter (inline patterns skipped where they cannot match, block
tests skipped on blocks without their mark, the toc marker searched only where it can be, code
highlighting set up once, one converter reset between pages) writes the HTML a fresh stock
converter writes."""

from __future__ import annotations

import re

import markdown
import pytest

from helpcenter.mkdocs_plugins.markdown_absent import skip_absent_work
from helpcenter.mkdocs_plugins.markdown_blocks import guard_block_tests
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
    guard_block_tests(converter)
    skip_absent_work(converter)
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
    # blocks: each processor's mark present, absent, or only in a continuation
    "!!! note\n    First.\n\n    Second, indented: continues the admonition.\n\nAfter.",
    "- item\n\n    !!! tip \"In a list\"\n        Body.\n\n        More body.\n\n    Back in the item.",
    "??? question \"Closed\"\n    Hidden.\n\n    Still hidden.\n\n???+ note\n    Open.\n",
    "=== \"A\"\n\n    Tab *a*.\n\n    More of a.\n\n=== \"B\"\n    Tab b.\n\n"
    "- list\n\n    === \"C\"\n        In a list.\n",
    "a | b\n--|--\n1 | 2\n\nno | table here\n\n|only|\n|----|\n\n`a|b` and | c\n",
    "Title\n=====\n\nSub\n---\n\n# Hash #\n\nnot # a heading\n\n#no-space\n",
    "* * *\n\n___\n\n- - -\n\ntext\n***\n\n**bold** not a rule\n",
    "> quote\n> more\n\n>nested > marks\n\n- item\n\n    > quoted in list\n",
    "Term\n:   def\n\n    indented def para\n\ntime 10:30 is not a definition\n",
    "Text[^a].\n\n[^a]: Note\n    continued.\n[^b]: Second.\n\nPlain [^ not a note.\n",
    "<div markdown>\n\n# In html\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n</div>\n\n<p>raw</p>\n",
    "    indented code | with # marks > and !!! and ===\n\nafter code",
    "AT&T and R&D&nbsp;x, no tags at all; 5 > 3\n\n{: #not-an-attr-here }\n\n# Title {: #tid }\n",
    "Just text, no markup characters whatsoever.\n\nTwo paragraphs.",
    "Term\n : def after one space\n\n   * * *\n\n   > three-space quote\n\n  # indented hash\n\n"
    "a - b _ c * d > e # f : g | h !!! i ??? j === k\n\nline\n-\n\n [^x]: note one space in\n",
    "[TOC]\n\n# One\n\n## Two\n\n```\n[TOC]\n```\n\nText with [TOC] inside.\n\n[TOC]\n",
    "```bash\necho hi\n```\n\n```SQL\nSELECT 1;\n```\n\n```mermaidx\ngraph\n```\n\n"
    "```python linenums=\"1\" hl_lines=\"2\"\na = 1\nb = 2\n```\n\n```\nno language\n```\n",
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


def test_a_subclass_of_a_guarded_block_processor_is_always_asked():
    """The guard is for the exact classes whose tests it knows: a subclass that takes blocks
    without the mark (a heading without `#`) still gets them."""
    from xml.etree import ElementTree

    from markdown.blockprocessors import HashHeaderProcessor

    class ColonHeading(HashHeaderProcessor):
        def test(self, parent, block):
            return block.startswith("H: ")

        def run(self, parent, blocks):
            ElementTree.SubElement(parent, "h2").text = blocks.pop(0)[3:]

    converter = markdown.Markdown()
    keep_lookups(converter)
    guard_block_tests(converter)
    assert converter.convert("H: title") == "<p>H: title</p>"
    converter.parser.blockprocessors.register(ColonHeading(converter.parser), "colon", 200)
    assert converter.reset().convert("H: title") == "<h2>title</h2>"


def test_highlighting_set_up_once_writes_the_same_html(extensions, monkeypatch):
    """Stylesheets and lexer classes remembered per process: the same code HTML (several
    languages, an unknown one, none, line numbers, highlighted lines) and the same errors."""
    from pygments.formatters.html import HtmlFormatter
    from pygments.util import ClassNotFound
    from pymdownx import highlight

    from helpcenter.mkdocs_plugins import markdown_highlight

    code = [d for d in DOCUMENTS if "```" in d]
    before = [stock(extensions).convert(d) for d in code]
    styles = HtmlFormatter(style="default").get_style_defs(".x")
    monkeypatch.setattr(HtmlFormatter, "_create_stylesheet", HtmlFormatter._create_stylesheet)
    monkeypatch.setattr(highlight, "get_lexer_by_name", highlight.get_lexer_by_name)
    markdown_highlight.reuse_highlight_setup()
    for _ in range(2):   # computed, then remembered
        assert [stock(extensions).convert(d) for d in code] == before
        assert HtmlFormatter(style="default").get_style_defs(".x") == styles
    assert HtmlFormatter(style="monokai").get_style_defs(".x") != styles
    for name in ("", "no-such-language"):
        with pytest.raises(ClassNotFound):
            markdown_highlight.get_lexer_by_name(name)
    assert markdown_highlight.get_lexer_by_name("PYTHON", stripnl=False).stripnl is False


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

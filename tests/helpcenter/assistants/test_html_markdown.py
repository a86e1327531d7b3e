"""HTML → Markdown for the copies: rendered with the site's own Markdown extensions, then read back."""

import random

import markdown

from helpcenter.assistants.html_markdown import _SPACE, MarkdownWriter, escape_text, html_to_markdown
from tests.helpcenter.test_htmltree import HTML_PIECES

BASE = "https://help.example.com/ko/orders/track/"
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "toc"]
CONFIGS = {"pymdownx.tabbed": {"alternate_style": True}, "toc": {"permalink": True}}


def convert(source: str) -> str:
    html = markdown.markdown(source, extensions=EXTENSIONS, extension_configs=CONFIGS)
    return html_to_markdown(html, BASE)


def test_admonitions_and_details_become_blockquotes_with_their_title():
    out = convert('!!! warning "Link expired"\n    Ask for a **new** link.\n\n'
                  '??? note "More"\n    Hidden text.\n')
    assert "> **Link expired**\n>\n> Ask for a **new** link." in out
    assert "> **More**\n>\n> Hidden text." in out
    assert "<" not in out


def test_tabs_become_headings_one_level_below_the_section():
    out = convert('## Pay\n\n=== "App"\n\n    Open the app.\n\n=== "Web"\n\n    Open the site.\n')
    assert out.split("\n\n") == ["## Pay", "### App", "Open the app.", "### Web", "Open the site."]


def test_tables_lists_and_code_keep_their_shape():
    out = convert("| Status | Meaning |\n|---|---|\n| Shipped | On its way \\| soon |\n\n"
                  "1. First\n2. Second\n    - nested\n\n```\nlm-123 `x`\n```\n")
    assert "| Status | Meaning |\n| --- | --- |\n| Shipped | On its way \\| soon |" in out
    assert "1. First\n2. Second\n   - nested" in out
    assert "```\nlm-123 `x`\n```" in out


def test_links_and_images_are_absolute_and_permalinks_dropped():
    out = convert("## Steps {#steps}\n\nSee [refunds](../../returns/refunds/) and "
                  "[below](#steps) or [mail](mailto:help@example.com).\n\n![Box](img/box.png)\n")
    assert out.startswith("## Steps\n")
    assert "¶" not in out
    assert "[refunds](https://help.example.com/ko/returns/refunds/)" in out
    assert f"[below]({BASE}#steps)" in out
    assert "[mail](mailto:help@example.com)" in out
    assert "![Box](https://help.example.com/ko/orders/track/img/box.png)" in out


def test_footnotes_definitions_and_attribute_lists_are_plain_markdown():
    out = convert("Refunds take time.[^1]\n\nOrder number\n:   Starts with LM.\n\n"
                  "Press **Save**{ .button }\n\n[^1]: Up to 10 days.\n")
    assert "Refunds take time.[^1]" in out
    assert "[^1]: Up to 10 days." in out
    assert "**Order number**\n\nStarts with LM." in out
    assert "{" not in out and "<" not in out and "↩" not in out


def test_raw_html_and_markup_in_text_never_survive():
    out = html_to_markdown('<p>a &lt;script&gt; *star* [x]</p><script>alert(1)</script>'
                           '<div markdown><form><input name="q"></form><p>kept</p></div>', BASE)
    assert out == "a \\<script> \\*star\\* \\[x\\]\n\nkept"


def test_broken_html_does_not_raise():
    assert html_to_markdown("<ul><li>one<li>two</ul></p><table><tr><td>x", BASE)
    assert html_to_markdown("", BASE) == ""


# -- the text path equals its previous definition ------------------------------------------

def test_text_is_collapsed_and_escaped_as_before_whatever_it_holds():
    rng = random.Random(12)
    writer = MarkdownWriter(BASE)
    pieces = [piece for piece in HTML_PIECES if "<" not in piece or len(piece) == 1]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        expected = " " if text.isspace() else escape_text(_SPACE.sub(" ", text))
        assert writer.inline(text) == expected, text


def test_absurdly_deep_html_is_written_flat_not_a_crash():
    # Broken raw HTML in one page (5,000 unclosed <span>, lists nested 3,000 deep) must give
    # a Markdown copy with its text, not a RecursionError that stops the whole build.
    spans = html_to_markdown("<p>" + "<span>" * 5000 + "deep text" + "</span>" * 5000 + "</p>",
                             BASE)
    assert spans.strip() == "deep text"
    lists = html_to_markdown("<ul><li>" * 1500 + "bottom" + "</li></ul>" * 1500, BASE)
    assert "bottom" in lists and lists.count("- ") <= 60
    stray = html_to_markdown("<p>kept</p>" + "</span>" * 20000 + "<p>after</p>", BASE)
    assert stray.split() == ["kept", "after"]


def test_hostile_html_is_written_as_escaped_text_a_reader_can_see():
    # 20,000 lone '<': the writer's escape path over a tree the parser kept flat
    assert html_to_markdown("<div>" + "<a " * 20_000, BASE) == " ".join(["\\<a"] * 20_000)

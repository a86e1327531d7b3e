"""pagetext.page_text reads the page's tree (the one the Markdown copy is written from) and gives
what the previous flat scan gave (tests/helpcenter/pagetext_reference.py) on every well-formed
page; where broken markup makes the two readings differ, the tree's is the browser's."""

from __future__ import annotations

import random

import pytest

from helpcenter.htmltree import parse_html
from helpcenter.pagetext import page_text, render_markdown
from tests.helpcenter.pagetext_reference import reference_page_text
from tests.helpcenter.test_htmltree import random_html

WORDS = ["reset", "password", "비밀번호", "설정하기", "パスワード", "変更", "don't", "DBConnection",
         "&amp;", "&lt;", "&gt;", "&#x41;", "&nbsp;", "&euro;", "&amp", "5 &lt; 6", " < ", "x>y",
         "¶", "↩", "😀", "e\u0301", "ﬁ", " ", "  ", "\n", "\t", "·", "|", "*", "_"]
INLINE = ["a href=\"/x?a=1&amp;b=2\"", "strong", "em", "code", "span", "b", "i", "kbd", "mark",
          "span class=\"twemoji\"", "a class=\"headerlink\" href=\"#x\" title=\"Link\"",
          "sup id=\"fnref:1\"", "a class=\"footnote-ref\" href=\"#fn:1\"",
          "a class=\"footnote-backref\" href=\"#fnref:1\"", "label for=\"t\"", "abbr title=\"x\""]
BLOCK = ["p", "div", "div class=\"admonition note\"", "p class=\"admonition-title\"", "ul", "ol",
         "li", "blockquote", "pre", "details", "summary", "dl", "dt", "dd", "section", "figure",
         "figcaption", "aside", "nav", "article", "h1", "h2 id=\"a\"", "h3", "h4", "h6",
         "div class=\"tabbed-set\"", "div class=\"tabbed-labels\"", "div class=\"highlight\""]
SKIPPED = ["script", "style", "svg", "template", "noscript"]
VOIDS = ["br", "hr", "img src=\"a.png\" alt=\"an image\"", "br/", "input type=\"checkbox\"",
         "wbr"]


def _tag(spec: str) -> tuple[str, str]:
    name = spec.split(" ")[0]
    return f"<{spec}>", f"</{name}>"


def well_formed(rng: random.Random, depth: int = 0, inline: bool = False) -> str:
    """Random HTML as the build writes it: every element closed where it opened, comments
    closed and beside spaces, text escaped (apart from a lone '<' before a space), headings
    holding inline content only."""
    parts = []
    for _ in range(rng.randint(0, 5 if depth < 4 else 1)):
        roll = rng.random()
        if inline and 0.5 <= roll < 0.63:
            roll = 0.7
        if roll < 0.35 or depth >= 6:
            parts.append("".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))))
        elif roll < 0.45:
            parts.append(rng.choice(["<" + v + ">" for v in VOIDS]))
        elif roll < 0.5:
            parts.append(rng.choice([" <!-- note --> ", "\n<!-- a <p>b</p> -->\n"]))
        elif roll < 0.58:
            rows = "".join(
                "<tr>" + "".join(f"<{cell}>{well_formed(rng, depth + 2)}</{cell}>"
                                 for cell in rng.choices(["td", "th"], k=rng.randint(0, 3)))
                + "</tr>" for _ in range(rng.randint(0, 3)))
            body = f"<thead>{rows}</thead>" if rng.random() < 0.3 else rows
            parts.append(f"<table>{body}</table>")
        elif roll < 0.63:
            opening, closing = _tag(rng.choice(SKIPPED))
            parts.append(opening + rng.choice(["var x = '<p>no</p>';", "<title>smile</title>",
                                               "<path d=\"M0\"/>", "p{}", ""]) + closing)
        else:
            opening, closing = _tag(rng.choice(INLINE if roll < 0.8 or inline else BLOCK))
            heading = opening[1] == "h" and opening[2].isdigit()
            parts.append(opening + well_formed(rng, depth + 1, inline or heading) + closing)
    return "".join(parts)


MARKDOWN = ["Intro with a footnote[^1] and **bold** text.", "## Pay with a card { #pay .wide }",
            '!!! warning "The link has expired"\n    Reset links work for 30 minutes.',
            "!!! tip\n    Use a password.", "| Plan | Price |\n|---|---|\n| Plus | 5 &euro; |",
            '=== "iPhone"\n    Open **Settings**.\n\n=== "Android"\n    Open the app.',
            "Term\n:   Its definition.", "<div>raw &amp; html</div>", "```\ncode <stays>\n```",
            "[^1]: The footnote text.", "- one\n- two\n    - nested `code`", "1. first\n2. second",
            '??? note "More"\n    Hidden text.', "> quoted *text*", "비밀번호를 재설정하려면",
            "パスワードを変更するには", "x < y and y > z", "A <!-- hidden --> comment", "---",
            "![alt](a.png) and [a link](b.md)", ":smile: emoji", "### Step `2`"]


def test_the_tree_gives_the_flat_scans_text_on_well_formed_pages():
    rng = random.Random(16)
    for _ in range(3000):
        page = well_formed(rng)
        got, expected = page_text(page), reference_page_text(page)
        assert (got.headings, got.text) == (expected.headings, expected.text), page


def test_the_tree_gives_the_flat_scans_text_on_pages_rendered_from_random_markdown():
    rng = random.Random(17)
    for _ in range(300):
        page = render_markdown("\n\n".join(rng.choices(MARKDOWN, k=rng.randint(1, 8))))
        got, expected = page_text(page), reference_page_text(page)
        assert (got.headings, got.text) == (expected.headings, expected.text), page


def test_a_tree_already_parsed_reads_as_its_html():
    rng = random.Random(18)
    for _ in range(300):
        page = well_formed(rng)
        assert page_text(parse_html(page)) == page_text(page)


def test_broken_markup_reads_as_a_browser_shows_it():
    """The flat scan and the tree differ only on markup the build never writes; the tree reads
    it as the Markdown copy does, which is what a browser shows."""
    # a comment inside a word is no space; a doctype or processing instruction is no text
    assert page_text("<p>pass<!-- x -->word</p>").text == "password"
    assert reference_page_text("<p>pass<!-- x -->word</p>").text == "pass word"
    assert page_text("<!doctype html><p>x</p><?php y ?>").text == "x"
    # a quoted '>' does not end a tag; a long attribute or tag name is still a tag
    assert page_text('<p><a title="a > b">link</a></p>').text == "link"
    assert page_text(f'<p><img alt="{"x" * 5000}">after</p>').text == "after"
    # an element left open ends with its parent: its text is no longer swallowed by a skip
    assert page_text("<div><script>if (a)</div>b").text == "b"


@pytest.mark.parametrize("size", [20_000])
def test_hostile_pages_are_read_as_a_reader_sees_them_without_a_crash(size):
    # How long they take is bench/index_bench.py's business (no timed tests); what they show is here.
    shown_as_text = {"<!--" * size: "<!--" * size, "<a class='" * size: "<a class='" * size,
                     "<" * size: "<" * size, "<p>" + "&amp;" * size: "&" * size}
    shown_as_nothing = ["<h2>" * size, "<svg>" * size, "</p>" * size,
                        '<span class="headerlink">' * size + "x"]
    for page, text in shown_as_text.items():
        assert page_text(page).text == text
    for page in shown_as_nothing:
        assert page_text(page).text == ""
    assert page_text("<tr><td>x" * size).text == " ".join(["x"] * size)
    assert page_text("<x " * size).text == "<x " * (size - 1) + "<x"
    rng = random.Random(19)
    for page in [random_html(rng, 3000) for _ in range(5)]:
        assert len(page_text(page).text) <= len(page)
    assert page_text("<div>" * size + "deep" + "</div>" * size).text == "deep"
    assert page_text("<h2>" * size + "title").headings == ["title"]   # kept flat below 100 levels


"""helpcenter.htmltree: the page's tree, read once for the search text and the Markdown copy."""

import html
import random
import time

from helpcenter.htmltree import (
    _ATTRIBUTE,
    _TOKEN,
    VOID,
    Element,
    _careful_tokens,
    _tokens,
    parse_html,
    read_html,
)

# -- the fast parser equals its previous definition -------------------------------------------

def reference_parse_html(source: str) -> Element:
    """parse_html as it was: one `finditer` match at a time."""
    root = Element("root")
    stack = [root]
    for match in _TOKEN.finditer(source):
        closing, tag, raw, text, lone = match.groups()
        if text is not None:
            stack[-1].children.append(html.unescape(text) if "&" in text else text)
        elif lone is not None:
            stack[-1].children.append("<")
        elif tag is None:
            continue
        elif closing:
            tag = tag.lower()
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].tag == tag:
                    del stack[depth:]
                    break
        else:
            tag = tag.lower()
            element = Element(tag, raw.strip().rstrip("/"))
            stack[-1].children.append(element)
            if tag not in VOID and not raw.rstrip().endswith("/"):
                stack.append(element)
    return root


def shape(node: Element | str) -> object:
    if isinstance(node, str):
        return node
    return (node.tag, node.attrs, [shape(child) for child in node.children])


HTML_PIECES = [
    "<p>", "</p>", "<P CLASS='x'>", "<ul>", "<li>", "</li>", "</ul>", "<br>", "<br/>", "<hr />",
    "<img src=\"a.png\" alt='a > b'>", '<a href="/x?a=1&amp;b=2">', "</a>", "<code>", "</code>",
    "<div class=\"admonition note\">", "</div>", "<table>", "<tr>", "<td>", "</td>", "</tr>",
    "<!-- c -->", "<!doctype html>", "<?x?>", "<", "< ", "<3", "&amp;", "&lt;", "&#x41;", "&",
    " ", "  ", "\n", "\t", "\r\n", "\f", "text", "설정", "*", "_", "a_b", "`", "[", "]", "\\",
    "<strong>", "</strong>", "</em>", "<span class=\"twemoji\" title=\"ok\">", "</span>",
    "<input type=\"checkbox\" checked>", "<a class=\"headerlink\" href=\"#x\">¶</a>",
]


def random_html(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(HTML_PIECES) for _ in range(size))


def test_the_parser_builds_the_tree_the_one_match_at_a_time_parser_built():
    rng = random.Random(11)
    for _ in range(1500):
        source = random_html(rng, rng.randint(0, 60))
        assert shape(parse_html(source)) == shape(reference_parse_html(source)), source
    hostile = "<a " * 5000 + "<ul><li>" * 45 + "</ul>" * 300 + "&" * 5000 + "<" * 5000
    assert shape(parse_html(hostile)) == shape(reference_parse_html(hostile))


COMMENT_PIECES = ["<!--", "-->", "<!-->", "<!---->", ">", "<", "<a ", "<p>", "x", " ", '"', "'",
                  '<a title="-->">', "<!x>", "<?y?>"]


def test_tokens_are_found_as_the_pattern_finds_them_past_the_last_bracket_and_comment_end():
    rng = random.Random(13)
    for _ in range(1500):
        source = random_html(rng, rng.randint(0, 40)) + rng.choice(["", "a", "<b", "x > y <"])
        assert _tokens(source) == _TOKEN.findall(source), source
    for _ in range(5000):
        source = "".join(rng.choice(COMMENT_PIECES) for _ in range(rng.randint(0, 25)))
        assert _tokens(source) == _TOKEN.findall(source), source
    truncated = "<div>" + "<a " * 2000
    assert _tokens(truncated) == _TOKEN.findall(truncated)


def test_truncated_html_and_unclosed_comments_are_read_in_linear_time():
    # 20,000 unclosed tags after the last '>': the pattern alone rescanned to the end from
    # every '<' (15 s); now one pass.
    assert parse_html("<div>" + "<a " * 20_000).elements()[0].text() == "<a " * 20_000
    assert parse_html("<p>ok</p>" + "<!--x " * 20_000).text() == "ok" + "<!--x " * 20_000
    # '<!--' that can never close, each followed by a '>': the pattern looked for '-->' to the
    # end from every one (0.38 s for 5,000, quadratic).
    comments = "<div>" + "<!--x>" * 20_000 + "</div>"
    assert _tokens(comments) == [("", "div", "", "", "")] + [("", "", "", "", "")] * 20_000 + [
        ("/", "div", "", "", "")]


def test_a_page_read_twice_in_a_row_is_parsed_once():
    page = "<p>one <b>two</b></p>"
    tree = read_html(page)
    assert read_html(page) is tree                       # the same page object: the same tree
    assert shape(tree) == shape(parse_html(page))
    other = "<p>three</p>"
    assert shape(read_html(other)) == shape(parse_html(other))
    copy = "".join(["<p>one ", "<b>two</b></p>"])        # equal text, another object: parsed again
    assert read_html(copy) is not tree and shape(read_html(copy)) == shape(tree)


def reference_attrs(raw: str) -> dict[str, str]:
    """Element.attrs as it was: one match at a time, every value unescaped."""
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTRIBUTE.finditer(raw)}


ATTRIBUTE_PIECES = [" ", "href", "=", '"', "'", "a", "B", "&amp;", "&lt", "&", "/", ">", "<",
                    "class", "x y", "\t", "\n", "data-x", "checked", "ü", "설정"]


def test_attributes_are_read_as_before():
    rng = random.Random(14)
    for _ in range(3000):
        raw = "".join(rng.choice(ATTRIBUTE_PIECES) for _ in range(rng.randint(0, 20)))
        assert Element("a", raw).attrs == reference_attrs(raw), raw


QUOTE_PIECES = ["<a ", "<b x=", "</a>", "<p>", ">", "'", '"', " ", "x", "<", "<!--", "-->",
                "<!x>", "<?y?>", "=", "<a title='<b>'>", '<i a="x>y">', "&amp;", "\n"]


def test_tag_ends_are_found_as_the_pattern_finds_them_by_the_careful_scan_too():
    # Soups of quotes that never close, tags inside quotes and comments: both the checked fast
    # patterns (`_tokens`) and the scan for broken pages (`_careful_tokens`) read _TOKEN's tokens.
    rng = random.Random(15)
    for _ in range(4000):
        source = "".join(rng.choice(QUOTE_PIECES) for _ in range(rng.randint(0, 30)))
        assert _tokens(source) == _TOKEN.findall(source), source
        end = source.rfind(">") + 1
        assert _careful_tokens(source, end) == _TOKEN.findall(source, 0, end), source
    for _ in range(300):
        source = random_html(rng, rng.randint(0, 60))
        end = source.rfind(">") + 1
        assert _careful_tokens(source, end) == _TOKEN.findall(source, 0, end), source


def test_tags_whose_quotes_never_close_are_read_in_linear_time():
    # Every tag start's scan ran to the one quote that never closes: quadratic for _TOKEN
    # (4,000 took 2 s); each stretch is now scanned once. Compared with _TOKEN on a size it
    # can still read.
    for chain in ("<a b='x' ", "<a '", '<a "', "<a b='<c' d=\"", "<aaaaaaaaaa'"):
        small = chain * 300 + '"y>' + "'>"
        assert _tokens(small) == _TOKEN.findall(small), chain
        started = time.perf_counter()
        tree = parse_html(chain * 20_000 + '"y>' + "'>")
        assert time.perf_counter() - started < 5, chain
        assert tree.children

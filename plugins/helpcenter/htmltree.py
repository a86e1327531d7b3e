"""The rendered page as a tree: read once, for both the search text and the Markdown copy.

Each article's rendered HTML (`page.content`) is read by two consumers: `helpcenter.pagetext`
(what search indexes) and `helpcenter.assistants.html_markdown` (the copy assistants read).
They read the same tree (`parse_html`), and within a build the same parse of each page
(`read_html` keeps the last page's tree), so a page is tokenized once and both read the same
elements, in the same way. Standard library only; no MkDocs.
"""

from __future__ import annotations

import html
import re
import threading
from bisect import bisect_left
from operator import itemgetter

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Element:
    """A node of the parsed page: tag, attributes and children (elements or text)."""

    __slots__ = ("tag", "_attrs", "_raw", "children")

    def __init__(self, tag: str, raw_attrs: str = "", children: list | None = None) -> None:
        self.tag = tag
        self._raw = raw_attrs
        self._attrs: dict[str, str] | None = None if raw_attrs else {}
        self.children: list[Element | str] = children if children is not None else []

    @property
    def attrs(self) -> dict[str, str]:
        """Attributes, parsed on first use (most elements never need theirs)."""
        if self._attrs is None:
            self._attrs = {name.lower(): html.unescape(value) if "&" in value else value
                           for name, double, single, bare in _ATTRIBUTE.findall(self._raw)
                           for value in [double or single or bare]}
        return self._attrs

    @property
    def classes(self) -> set[str]:
        if not self._raw or "class" not in self._raw:
            return set()
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str | None = None, cls: str | None = None) -> Element | None:
        for child in self.children:
            if isinstance(child, Element):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    return child
        return None

    def elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]


# Python-Markdown writes well-formed HTML, so a regular tokenizer is enough and five times
# faster than html.parser; whatever it does not understand stays text and is escaped.
_TAG = r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
# The tokens: a tag (closing slash, name, attributes), a comment, a declaration or processing
# instruction (no group), text, or a lone '<'. `_tokens` reads them in linear time.
_TOKEN = re.compile(_TAG + r"|<!--.*?-->|<![^>]*>|<\?[^>]*>|([^<]+)|(<)", re.S)
_TEXT_OR_LT = re.compile(r"([^<]+)|(<)")
# `_TAG` for a tag holding no '<' (the build's own markup: it escapes '<' in text and
# attributes): a scan that fails stops at the next '<', and the quantifiers are possessive (a
# tag scan has one way to go; backing off the name or attributes never ends it), so these never
# take more than linear time. `_reads_alike` checks that they read the page as `_TOKEN` does.
_BOUNDED_TAG = r"<(/?)([a-zA-Z][a-zA-Z0-9-]*+)((?:[^>\"'<]|\"[^\"<]*+\"|'[^'<]*+')*+)>"
_BOUNDED_TOKEN = re.compile(_BOUNDED_TAG + r"|<!--.*?-->|<![^>]*>|<\?[^>]*>|([^<]+)|(<)", re.S)
_BOUNDED_NO_COMMENT = re.compile(_BOUNDED_TAG + r"|<![^>]*>|<\?[^>]*>|([^<]+)|(<)", re.S)
_TAG_START = re.compile(r"</?[a-zA-Z]")
_TAG_HEAD = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*+)")
_TAG_STOP = re.compile(r"[>\"']")
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


# Deeper elements are kept flat in their ancestor at this depth: the writer recurses per level,
# and a page of 5,000 nested <span> (broken raw HTML) must not stop the build.
MAX_DEPTH = 100


def parse_html(source: str) -> Element:
    """A forgiving tree of `source` (unclosed tags close with their parent; a closing tag that
    matches no open element is dropped, found so without walking the open elements)."""
    tokens = _tokens(source, checked=False)
    root, lone = _tree(tokens)
    # A tag start the bounded patterns could not read leaves a lone '<' (rare: the build
    # escapes '<'): only then is it checked whether `_TOKEN` would have read a tag there.
    if lone and not _reads_alike(source, tokens):
        root, _ = _tree(_tokens(source))
    return root


def _tree(tokens: list[tuple[str, str, str, str, str]]) -> tuple[Element, bool]:
    """The tree of `tokens`, and whether a lone '<' was among them."""
    root = Element("root")
    stack = [root]
    children = root.children
    open_tags: dict[str, int] = {}
    unescape = html.unescape
    lone_seen = False
    # findall: one tuple per token, "" for the groups a token does not have (a text token is
    # never empty, a tag's name neither).
    for closing, tag, raw, text, lone in tokens:
        if text:
            children.append(unescape(text) if "&" in text else text)
        elif lone:
            children.append("<")
            lone_seen = True
        elif not tag:
            continue  # comment, doctype, processing instruction
        elif closing:
            tag = tag.lower()
            if not open_tags.get(tag):
                continue
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].tag == tag:
                    for closed in stack[depth:]:
                        open_tags[closed.tag] -= 1
                    del stack[depth:]
                    children = stack[-1].children
                    break
        else:
            tag = tag.lower()
            element = Element(tag, raw.strip().rstrip("/") if raw else "")
            children.append(element)
            if tag not in VOID and not raw.rstrip().endswith("/") and len(stack) <= MAX_DEPTH:
                stack.append(element)
                open_tags[tag] = open_tags.get(tag, 0) + 1
                children = element.children
    return root, lone_seen


def _tokens(source: str, checked: bool = True) -> list[tuple[str, str, str, str, str]]:
    """`_TOKEN.findall(source)`, in linear time whatever the page holds.

    The pattern scans to the end of the page from every '<' that cannot close: quadratic in a
    truncated `<a <a <a …` (20,000 of them took 15 s), in `<!--x>` repeated, or in tags whose
    quotes never close (`<a b='x' ` repeated before a lone '"'). After the last '>' no tag,
    comment or declaration can end, so what follows it is text and lone '<' only; before it
    the bounded patterns read the page (`_bounded_tokens`), which is what `_TOKEN` reads when
    every tag start begins a tag (`_reads_alike`); otherwise `_careful_tokens` reads it.
    Unless `checked`, the bounded reading is returned as it is (`parse_html` checks it only
    when it holds a lone '<')."""
    cut = source.rfind(">") + 1
    tokens = _bounded_tokens(source, cut)
    if checked and not _reads_alike(source, tokens):
        tokens = _careful_tokens(source, cut)
    if cut == len(source):
        return tokens
    tail = [("", "", "", text, lone) for text, lone in _TEXT_OR_LT.findall(source, cut)]
    if tokens and tokens[-1][3] and tail and tail[0][3]:   # one text token across the cut
        tail[0] = ("", "", "", tokens.pop()[3] + tail[0][3], "")
    return tokens + tail


def _reads_alike(source: str, tokens: list[tuple[str, str, str, str, str]]) -> bool:
    """Whether the bounded reading `tokens` of `source` is `_TOKEN`'s: so when every tag start
    before the last '>' begins a tag (one that holds no '<', which `_TOKEN` reads alike; a tag
    start inside a comment or declaration only makes this say no)."""
    tags = sum(map(bool, map(itemgetter(1), tokens)))
    return tags == len(_TAG_START.findall(source, 0, source.rfind(">") + 1))


def _bounded_tokens(source: str, end: int) -> list[tuple[str, str, str, str, str]]:
    """The bounded patterns' tokens of `source[:end]` (`end`: just past the last '>'), in
    linear time: a comment starting at s needs a '-->' at s + 4 or later, so past `last - 3`
    (last: the last '-->') the pattern without comments finds the same tokens."""
    last = source.rfind("-->", 0, end)
    if source.find("<!--", max(last - 3, 0), end) < 0:   # every comment start can close
        return _BOUNDED_TOKEN.findall(source, 0, end)
    tokens: list[tuple[str, str, str, str, str]] = []
    for match in _BOUNDED_TOKEN.finditer(source, 0, end):
        tokens.append(match.groups(""))
        if match.end() >= last - 3:
            return tokens + _BOUNDED_NO_COMMENT.findall(source, match.end(), end)
    return tokens


def _careful_tokens(source: str, end: int) -> list[tuple[str, str, str, str, str]]:
    """`_TOKEN.findall(source, 0, end)` one token at a time, each tag's end found by a scan
    that remembers where it went: a tag's attributes run, outside quotes, to the first '>' or
    to a quote that never closes (then it is no tag), so two scans that meet outside quotes end
    alike, and no stretch is scanned twice. For pages `_TOKEN`'s patterns cannot read in
    linear time (broken raw HTML); `end` is just past the last '>', so `<!`/`<?` always end."""
    stops = [match.start() for match in _TAG_STOP.finditer(source, 0, end)]
    ends: dict[int, int] = {}    # index in `stops` → where a scan reaching it ends (-1: never)
    last_comment_end = source.rfind("-->", 0, end)

    def tag_end(start: int) -> int:
        at = bisect_left(stops, start)
        path = []
        found = -1
        while at < len(stops):
            if at in ends:
                found = ends[at]
                break
            path.append(at)
            stop = stops[at]
            char = source[stop]
            if char == ">":
                found = stop
                break
            closing = source.find(char, stop + 1, end)
            if closing < 0:
                break
            at = bisect_left(stops, closing + 1, at + 1)
        for seen in path:
            ends[seen] = found
        return found

    tokens: list[tuple[str, str, str, str, str]] = []
    position = 0
    while position < end:
        if source[position] != "<":
            after = source.find("<", position, end)
            after = end if after < 0 else after
            tokens.append(("", "", "", source[position:after], ""))
            position = after
            continue
        head = _TAG_HEAD.match(source, position, end)
        if head is not None:
            close = tag_end(head.end())
            if close >= 0:
                tokens.append((head.group(1), head.group(2), source[head.end():close], "", ""))
                position = close + 1
                continue
        elif source.startswith("<!--", position) and last_comment_end >= position + 4:
            position = source.find("-->", position + 4, end) + 3
            tokens.append(("", "", "", "", ""))
            continue
        elif source.startswith(("<!", "<?"), position):
            position = source.find(">", position + 2, end) + 1
            tokens.append(("", "", "", "", ""))
            continue
        tokens.append(("", "", "", "", "<"))
        position += 1
    return tokens

_last = threading.local()


def read_html(source: str) -> Element:
    """`parse_html(source)`, parsed once when several readers ask for the same page in a row
    (the search plugin, then the assistants plugin, on the same `page.content`): the tree of
    the last page read is kept, one per thread. Treat the tree as read-only."""
    cached = getattr(_last, "page", None)
    if cached is not None and cached[0] is source:
        return cached[1]
    tree = parse_html(source)
    _last.page = (source, tree)
    return tree

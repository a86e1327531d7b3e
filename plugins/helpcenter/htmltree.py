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
_TOKEN = re.compile(_TAG + r"|<!--.*?-->|<![^>]*>|<\?[^>]*>|([^<]+)|(<)", re.S)
_NO_COMMENT = re.compile(_TAG + r"|<![^>]*>|<\?[^>]*>|([^<]+)|(<)", re.S)   # same groups
_TEXT_OR_LT = re.compile(r"([^<]+)|(<)")
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


# Deeper elements are kept flat in their ancestor at this depth: the writer recurses per level,
# and a page of 5,000 nested <span> (broken raw HTML) must not stop the build.
MAX_DEPTH = 100


def parse_html(source: str) -> Element:
    """A forgiving tree of `source` (unclosed tags close with their parent; a closing tag that
    matches no open element is dropped, found so without walking the open elements)."""
    root = Element("root")
    stack = [root]
    children = root.children
    open_tags: dict[str, int] = {}
    unescape = html.unescape
    # findall: one tuple per token, "" for the groups a token does not have (a text token is
    # never empty, a tag's name neither).
    for closing, tag, raw, text, lone in _tokens(source):
        if text:
            children.append(unescape(text) if "&" in text else text)
        elif lone:
            children.append("<")
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
    return root


def _tokens(source: str) -> list[tuple[str, str, str, str, str]]:
    """`_TOKEN.findall(source)`, in linear time whatever the page holds.

    The pattern scans to the end of the page from every '<' that cannot close: quadratic in a
    truncated `<a <a <a …` (20,000 of them took 15 s) or in `<!--x>` repeated. After the last
    '>' no tag, comment or declaration can end, so what follows it is text and lone '<' only;
    and from three characters before the last '-->' on no comment can end, so the tokens there
    are found without trying one."""
    cut = source.rfind(">") + 1
    tokens = _tokens_to(source, cut)
    if cut == len(source):
        return tokens
    tail = [("", "", "", text, lone) for text, lone in _TEXT_OR_LT.findall(source, cut)]
    if tokens and tokens[-1][3] and tail and tail[0][3]:   # one text token across the cut
        tail[0] = ("", "", "", tokens.pop()[3] + tail[0][3], "")
    return tokens + tail


def _tokens_to(source: str, end: int) -> list[tuple[str, str, str, str, str]]:
    """`_TOKEN.findall(source, 0, end)`: a comment starting at s needs a '-->' at s + 4 or
    later, so past `last - 3` (last: the last '-->') `_NO_COMMENT` finds the same tokens."""
    last = source.rfind("-->", 0, end)
    if source.find("<!--", max(last - 3, 0), end) < 0:   # every comment start can close
        return _TOKEN.findall(source, 0, end)
    tokens: list[tuple[str, str, str, str, str]] = []
    for match in _TOKEN.finditer(source, 0, end):
        tokens.append(match.groups(""))
        if match.end() >= last - 3:
            return tokens + _NO_COMMENT.findall(source, match.end(), end)
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

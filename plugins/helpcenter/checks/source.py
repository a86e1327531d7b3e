"""Reading an article's Markdown source the way the checks need it, with line numbers.

The checks do not render Markdown (that is the build's job and too slow for a pre-commit hook);
they scan the source: code is blanked out so that links in examples are not checked, headings
become anchors with the same slugify the build's `toc` extension uses, and links and images are
found with the line they start on. tests/helpcenter/checks/test_source.py compares the anchors
computed here with Python-Markdown's own rendering of every demo article.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown.extensions.toc import unique
from pymdownx.slugs import slugify

from helpcenter.sourcetext import mask_comments

# The build's toc slugify (mkdocs.yml: toc.slugify = pymdownx.slugs.slugify(case="lower")).
SLUGIFY = slugify(case="lower")
SEPARATOR = "-"

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
# Every pattern below is bounded or anchored so that hostile input (thousands of unclosed
# brackets, tags or comments) is scanned in linear time; tests/helpcenter/checks/test_source.py
# holds the cases.
MAX_TARGET = 2000
# Inline code spans, never across a blank line.
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n)[^`]){1,2000}?(?P=ticks)(?!`)")
# Python-Markdown needs no space after the hashes; containers (admonitions, lists) indent by 4.
ATX = re.compile(r"^(?:    |\t)*(?P<hashes>#{1,6})(?P<text>.*?)#*[ \t]*$")
SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")
ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*(?P<attrs>[^{}]*)\}[ \t]*$")
ATTR_ID = re.compile(r"(?:^|\s)#(?P<id>[^\s}]+)")
ANY_ATTR_ID = re.compile(r"\{:?[^{}\n]*?(?:^|\s|\{:?)#(?P<id>[\w\-:.]+)[^{}\n]*\}")
HTML_ID = re.compile(r"<[a-zA-Z][^<>]{0,500}?\sid=[\"'](?P<id>[^\"'<>]{1,200})[\"']")
FOOTNOTE_DEF = re.compile(r"^\[\^(?P<label>[^\]]+)\]:", re.M)
# [text](target "title") and ![alt](target); one level of nested brackets in the text.
INLINE_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.){0,500}\]){0,1000})\]"
    r"\(\s*(?:<(?P<angle>[^<>\n]{0,2000})>"
    r"|(?P<target>[^\s()<>\[\]]{0,2000}(?:\([^\s()]{0,200}\)[^\s()<>\[\]]{0,200})?))"
    r"(?:\s+(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'|\([^()\n]{0,500}\)))?\s*\)"
)
REFERENCE_DEF = re.compile(r"^[ \t]{0,3}\[(?P<label>[^\]^][^\]]*)\]:[ \t]*<?(?P<target>[^\s>]+)>?",
                           re.M)
HTML_LINK = re.compile(r"<a\s[^<>]{0,500}?href=[\"'](?P<target>[^\"'<>]{0,2000})[\"']", re.I)
HTML_IMG = re.compile(r"<img\s(?P<attrs>[^<>]{0,2000})>", re.I)
HTML_ATTR = re.compile(r"(?P<name>[a-zA-Z-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')")
EMPHASIS = re.compile(r"(\*{1,3}|(?<!\w)_{1,3})(?=\S)(?P<inner>[^*_]{1,300}?)(?<=\S)\1")
MARKUP_LINK = re.compile(r"!?\[(?P<text>[^\[\]]{0,500})\]\([^()\n]{0,2000}\)")


@dataclass(frozen=True)
class Link:
    """A link or image in the source, with the line it starts on."""

    line: int
    target: str
    text: str
    image: bool = False
    html: bool = False  # written as <a href> / <img src>
    decorative: bool = False  # <img alt="">: deliberately no text alternative (WCAG H67)


@dataclass
class MarkdownSource:
    """One Markdown body, scanned: anchors, links and the prose with code removed."""

    text: str
    first_line: int
    masked: str = ""  # the text with code and comments replaced by spaces (same offsets)
    anchors: list[str] = field(default_factory=list)
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (line, level, text)
    links: list[Link] = field(default_factory=list)
    code_lines: set[int] = field(default_factory=set)  # line numbers inside fenced code

    def line_at(self, offset: int) -> int:
        return self.first_line + bisect.bisect_right(self._line_starts, offset) - 1

    @property
    def _line_starts(self) -> list[int]:
        starts = getattr(self, "_starts", None)
        if starts is None:
            starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
            self._starts = starts
        return starts


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(text: str) -> tuple[str, set[int]]:
    """Replace fenced code, inline code and HTML comments with spaces, keeping offsets."""
    lines = text.split("\n")
    code_lines: set[int] = set()
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is None:
            match = FENCE.match(line)
            if match:
                fence = match.group("fence")
                code_lines.add(index)
                lines[index] = " " * len(line)
        else:
            code_lines.add(index)
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                fence = None
            lines[index] = " " * len(line)
    masked = mask_comments("\n".join(lines))
    masked = CODE_SPAN.sub(_blank, masked)
    return masked, code_lines


def heading_text(raw: str) -> tuple[str, str | None]:
    """The visible text of a heading line and its explicit `{#id}`, if any."""
    explicit = None
    attrs = ATTR_LIST.search(raw)
    if attrs:
        found = ATTR_ID.search(" " + attrs.group("attrs"))
        explicit = found.group("id") if found else None
        raw = raw[: attrs.start()]
    text = MARKUP_LINK.sub(lambda m: m.group("text"), raw)
    text = re.sub(r"`+", "", text)
    for _ in range(3):
        text = EMPHASIS.sub(lambda m: m.group("inner"), text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"&[#a-zA-Z0-9]+;", "", text)
    return text.strip(), explicit


def anchor_for(text: str) -> str:
    """The id the build gives a heading with this visible text."""
    return SLUGIFY(text, SEPARATOR)


def _scan_headings(source: MarkdownSource, lines: list[str]) -> None:
    ids: set[str] = set()
    previous = ""
    for index, line in enumerate(lines):
        if index in source.code_lines:
            previous = ""
            continue
        found = None
        atx = ATX.match(line)
        if atx:
            found = (index, len(atx.group("hashes")), atx.group("text") or "")
        elif (SETEXT.match(line) and previous.strip() and not ATX.match(previous)
              and not re.match(r"^\s*([-*+]|\d+[.)])\s", previous)
              and not previous.lstrip().startswith(("!!!", "???", "|", "<", ">"))):
            found = (index - 1, 1 if "=" in line else 2, previous)
            # a heading already counted for the previous line is impossible (previous is prose)
        if found:
            line_index, level, raw = found
            text, explicit = heading_text(raw)
            anchor = unique(explicit or anchor_for(text), ids)
            source.anchors.append(anchor)
            source.headings.append((source.first_line + line_index, level, text))
            previous = ""
            continue
        previous = line
    # Other ids: attr_list on paragraphs, raw HTML ids, footnotes.
    for match in ANY_ATTR_ID.finditer(source.masked):
        if match.group("id") not in ids:
            ids.add(match.group("id"))
            source.anchors.append(match.group("id"))
    for match in HTML_ID.finditer(source.masked):
        if match.group("id") not in ids:
            ids.add(match.group("id"))
            source.anchors.append(match.group("id"))
    for match in FOOTNOTE_DEF.finditer(source.masked):
        source.anchors.append(f"fn:{match.group('label')}")
        source.anchors.append(f"fnref:{match.group('label')}")


def _scan_links(source: MarkdownSource) -> None:
    masked = source.masked
    for match in INLINE_LINK.finditer(masked):
        target = match.group("angle") if match.group("angle") is not None else match.group("target")
        source.links.append(Link(source.line_at(match.start()), target or "",
                                 match.group("text"), image=bool(match.group("image"))))
        # an image inside a link's text: [![alt](img.png)](page.md)
        inner = match.group("text")
        if "](" in inner:
            offset = match.start() + match.group(0).index(inner)
            for nested in INLINE_LINK.finditer(inner):
                nested_target = nested.group("angle") or nested.group("target") or ""
                source.links.append(Link(source.line_at(offset + nested.start()), nested_target,
                                         nested.group("text"), image=bool(nested.group("image"))))
    for match in REFERENCE_DEF.finditer(masked):
        source.links.append(Link(source.line_at(match.start()), match.group("target"),
                                 match.group("label")))
    for match in HTML_LINK.finditer(masked):
        source.links.append(Link(source.line_at(match.start()), match.group("target"), "",
                                 html=True))
    for match in HTML_IMG.finditer(masked):
        attrs = {m.group("name").lower(): (m.group("dq") if m.group("dq") is not None
                                           else m.group("sq"))
                 for m in HTML_ATTR.finditer(match.group("attrs"))}
        source.links.append(Link(source.line_at(match.start()), attrs.get("src", ""),
                                 attrs.get("alt", ""), image=True, html=True,
                                 decorative=attrs.get("alt") == ""))
    source.links.sort(key=lambda link: link.line)


@lru_cache(maxsize=4096)
def scan(text: str, first_line: int = 1) -> MarkdownSource:
    """Scan a Markdown body that starts at `first_line` of its file (cached: sources are shared
    between the locales an article is shown in)."""
    source = MarkdownSource(text=text, first_line=first_line)
    source.masked, code_lines = mask_code(text)
    source.code_lines = code_lines
    _scan_headings(source, text.split("\n"))
    _scan_links(source)
    return source


def prose_blocks(source: MarkdownSource) -> list[list[tuple[int, str]]]:
    """Paragraphs and list items as lists of (line, text), without code, tables, headings or
    HTML; admonition and tab bodies are included (they are prose the customer reads)."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []

    def flush() -> None:
        if current:
            blocks.append(list(current))
            current.clear()

    for index, line in enumerate(source.masked.split("\n")):
        number = source.first_line + index
        stripped = line.strip()
        if (index in source.code_lines or not stripped or ATX.match(line) or SETEXT.match(line)
                or stripped.startswith(("|", "<", "!!!", "???", "===", "[^", "*[", "---", "***"))
                or REFERENCE_DEF.match(line) or re.match(r"^[:\-| ]+$", stripped)):
            flush()
            continue
        item = re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(?P<rest>.*)$", line)
        if item:
            flush()
            stripped = item.group("rest").strip()
        stripped = re.sub(r"^(?:>\s?)+", "", stripped)
        if re.match(r"^:\s", stripped):  # definition list description
            flush()
            stripped = stripped[1:].strip()
        current.append((number, stripped))
    flush()
    return blocks

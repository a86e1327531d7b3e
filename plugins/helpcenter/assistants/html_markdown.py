"""The rendered article, written back as plain Markdown for assistants.

An assistant should read what the customer reads, so the Markdown copy is made from the page's
rendered HTML (what `page.content` holds after every extension ran), not from the source: an
admonition becomes a blockquote with its title in bold, a tabbed block one heading per tab, a
table a pipe table, footnotes `[^n]` references; every link and image is made absolute, the
permalink anchors and anything interactive are dropped, and no raw HTML is left. The page is
read by `helpcenter.htmltree` (the same tree search reads its text from). Only the standard
library is used, so this runs without MkDocs.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from helpcenter.htmltree import Element, read_html

DROPPED = {"script", "style", "svg", "button", "form", "nav", "template", "noscript", "select",
           "textarea", "iframe", "object", "head", "title"}
BLOCKS = {"p", "div", "section", "article", "aside", "header", "footer", "main", "ul", "ol",
          "li", "table", "thead", "tbody", "tfoot", "tr", "pre", "blockquote", "h1", "h2", "h3",
          "h4", "h5", "h6", "hr", "details", "summary", "dl", "dt", "dd", "figure", "figcaption"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SPACE = re.compile(r"[ \t\r\n\f]+")
# Markdown's markup characters, and an underscore that could start or end emphasis.
_ESCAPE = re.compile(r"[\\`*\[\]<]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# What either of them could change: text without any of it is written as it is.
_PLAIN = re.compile(r"[\t\r\n\f\\`*\[\]<_]|  ")


def escape_text(text: str) -> str:
    """Plain text that Markdown will not read as markup or raw HTML."""
    return _ESCAPE.sub(_backslash, text)


def _backslash(match: re.Match) -> str:
    return "\\" + match.group(0)


class MarkdownWriter:
    """Turns one page's HTML into Markdown; `base_url` is the page's own absolute URL."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.heading_level = 1

    # -- inline ---------------------------------------------------------------------------

    def url(self, href: str) -> str:
        """`href` made absolute, with the characters that would end a Markdown link encoded."""
        if not href:
            return ""
        absolute = urljoin(self.base_url, href.strip())
        return absolute.replace(" ", "%20").replace("(", "%28").replace(")", "%29")

    def inline(self, node: Element | str, in_table: bool = False) -> str:
        if isinstance(node, str):
            if node.isspace():
                return " "
            if _PLAIN.search(node) is None:
                return node     # most text: nothing to collapse or escape
            return escape_text(_SPACE.sub(" ", node))
        tag, classes = node.tag, node.classes
        if tag in DROPPED or "headerlink" in classes or "footnote-backref" in classes:
            return ""
        if tag == "br":
            return " " if in_table else "  \n"
        if tag == "img":
            alt = escape_text(node.attrs.get("alt", ""))
            src = self.url(node.attrs.get("src", ""))
            return f"![{alt}]({src})" if src else alt
        if tag == "input" and node.attrs.get("type") == "checkbox":
            return "[x] " if "checked" in node.attrs else "[ ] "
        if tag == "code":
            return _code_span(_SPACE.sub(" ", node.text()))
        inner = "".join(self.inline(c, in_table) for c in node.children)
        if tag == "sup" and node.find("a", "footnote-ref") is not None:
            return f"[^{node.text().strip()}]"
        if tag == "a":
            href = node.attrs.get("href", "")
            text = inner.strip()
            if not href or not text:
                return inner
            return f"[{text}]({self.url(href)})"
        if tag in ("strong", "b"):
            return _wrap(inner, "**")
        if tag in ("em", "i"):
            return _wrap(inner, "*")
        if tag in ("del", "s"):
            return _wrap(inner, "~~")
        if tag == "span" and "twemoji" in classes:
            return escape_text(node.attrs.get("title", ""))
        return inner

    def paragraph(self, nodes: list[Element | str]) -> str:
        text = "".join([self.inline(n) for n in nodes])
        if "\n" in text:
            return "\n".join([line.strip() for line in text.split("\n")]).strip()
        return text.strip()

    # -- blocks ---------------------------------------------------------------------------

    def blocks(self, element: Element) -> list[str]:
        """The Markdown blocks of `element`'s children (loose inline content is a paragraph)."""
        out: list[str] = []
        pending: list[Element | str] = []

        def flush() -> None:
            text = self.paragraph(pending)
            if text:
                out.append(text)
            pending.clear()

        for child in element.children:
            if isinstance(child, Element) and (child.tag in BLOCKS or child.tag in DROPPED):
                if pending:
                    flush()
                out.extend(self.block(child))
            elif pending or not isinstance(child, str) or not child.isspace():
                pending.append(child)
        if pending:
            flush()
        return out

    def block(self, el: Element) -> list[str]:
        tag, classes = el.tag, el.classes
        if tag in DROPPED:
            return []
        if tag in HEADINGS:
            self.heading_level = HEADINGS[tag]
            text = self.paragraph(el.children).replace("\n", " ")
            return [f"{'#' * HEADINGS[tag]} {text}"] if text else []
        if tag == "p":
            text = self.paragraph(el.children)
            return [text] if text else []
        if tag == "hr":
            return ["---"]
        if tag in ("ul", "ol"):
            return [self.list_block(el)]
        if tag == "pre":
            return [self.code_block(el, "")]
        if "highlight" in classes and el.find("pre") is not None:
            language = next((c[9:] for c in classes if c.startswith("language-")), "")
            return [self.code_block(el.find("pre"), language)]
        if tag == "table":
            return [self.table(el)]
        if tag == "blockquote":
            return [quote("\n\n".join(self.blocks(el)))]
        if "admonition" in classes or tag == "details":
            return [self.admonition(el)]
        if "tabbed-set" in classes:
            return self.tabs(el)
        if "footnote" in classes:
            return self.footnotes(el)
        if tag == "dl":
            return self.definitions(el)
        return self.blocks(el)

    def list_block(self, el: Element) -> str:
        ordered = el.tag == "ol"
        try:
            number = int(el.attrs.get("start", "1"))
        except ValueError:
            number = 1
        items = []
        loose = False
        for item in el.elements():
            if item.tag != "li":
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            paragraphs = item.find("p") is not None  # a "loose" list item in Markdown's terms
            loose = loose or paragraphs
            body = ("\n\n" if paragraphs else "\n").join(self.blocks(item))
            pad = " " * len(marker)
            lines = body.split("\n")
            items.append(marker + lines[0] + "".join(
                "\n" + (pad + line if line else "") for line in lines[1:]))
        return ("\n\n" if loose else "\n").join(items)

    def code_block(self, pre: Element, language: str) -> str:
        code = pre.find("code") or pre
        if not language:
            language = next((c[9:] for c in code.classes if c.startswith("language-")), "")
        text = code.text().strip("\n")
        fence = "```"
        while fence in text:
            fence += "`"
        return f"{fence}{language}\n{text}\n{fence}"

    def table(self, el: Element) -> str:
        rows: list[tuple[bool, list[str]]] = []

        def collect(section: Element, in_head: bool) -> None:
            for row in section.elements():
                if row.tag == "tr":
                    cells = [c for c in row.elements() if c.tag in ("th", "td")]
                    heading = in_head or bool(cells) and all(c.tag == "th" for c in cells)
                    rows.append((heading, [self.cell(c) for c in cells]))
                elif row.tag in ("thead", "tbody", "tfoot"):
                    collect(row, row.tag == "thead")

        collect(el, False)
        if not rows:
            return ""
        width = max(len(cells) for _, cells in rows)
        padded = [cells + [""] * (width - len(cells)) for _, cells in rows]
        head, body = (padded[0], padded[1:]) if rows[0][0] else ([""] * width, padded)
        return "\n".join([_row(head), _row(["---"] * width)] + [_row(r) for r in body])

    def cell(self, el: Element) -> str:
        parts = []
        for block in self.blocks(el):
            parts.append(block.replace("\n", " "))
        return " ".join(parts).replace("|", "\\|").strip()

    def admonition(self, el: Element) -> str:
        title_el = el.find("summary") if el.tag == "details" else el.find("p", "admonition-title")
        title = self.paragraph(title_el.children).replace("\n", " ") if title_el else ""
        body = Element("div", children=[c for c in el.children if c is not title_el])
        parts = ([f"**{title}**"] if title else []) + self.blocks(body)
        return quote("\n\n".join(parts))

    def tabs(self, el: Element) -> list[str]:
        labels_el = el.find("div", "tabbed-labels")
        content = el.find("div", "tabbed-content")
        labels = [self.paragraph(lab.children) for lab in labels_el.elements()] if labels_el else []
        panels = [p for p in content.elements() if "tabbed-block" in p.classes] if content else []
        level = min(self.heading_level + 1, 6)
        out: list[str] = []
        for label, panel in zip(labels, panels, strict=False):
            out.append(f"{'#' * level} {label}")
            saved = self.heading_level
            self.heading_level = level
            out.extend(self.blocks(panel))
            self.heading_level = saved
        return out

    def footnotes(self, el: Element) -> list[str]:
        notes = el.find("ol")
        out = []
        for item in notes.elements() if notes else []:
            name = item.attrs.get("id", "").removeprefix("fn:") or str(len(out) + 1)
            text = "\n\n".join(self.blocks(item))
            out.append(f"[^{name}]: " + text.replace("\n", "\n    "))
        return out

    def definitions(self, el: Element) -> list[str]:
        out = []
        for item in el.elements():
            if item.tag == "dt":
                out.append(f"**{self.paragraph(item.children)}**")
            elif item.tag == "dd":
                out.extend(self.blocks(item))
        return out


def _wrap(text: str, mark: str) -> str:
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[:len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _code_span(text: str) -> str:
    ticks = "`"
    while ticks in text:
        ticks += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def html_to_markdown(page: str | Element, base_url: str) -> str:
    """Markdown for a rendered HTML fragment (or its tree, `htmltree.parse_html`), links
    absolute against `base_url`."""
    tree = page if isinstance(page, Element) else read_html(page)
    writer = MarkdownWriter(base_url)
    return "\n\n".join(b for b in writer.blocks(tree) if b.strip())

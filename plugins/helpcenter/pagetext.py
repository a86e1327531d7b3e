"""Pages as text: what a customer sees on an article page, for search.

Search indexes the page, not its Markdown source (the checks read the source, with line numbers,
through `helpcenter.sourcetext`, whose `inline_text` follows the same rules for one line):

- `page_text(html)`: the headings and the text of a rendered article body (the HTML the build
  writes, as mkdocs-material's own search plugin indexes it): admonition titles, table cells,
  tab labels, definition lists and footnotes read as the page shows them; permalink signs (¶),
  footnote back-links (↩), footnote reference numbers, scripts, styles and icons are not text.
- `render_markdown(markdown)`: the same HTML without MkDocs, with the Markdown extensions the
  help center's content uses (mkdocs.yml), for tools that index content outside a build.

No MkDocs import: Python-Markdown and PyMdown Extensions are libraries of their own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from helpcenter.htmltree import Element, read_html

# Markdown extensions that change what a page shows (mkdocs.yml enables the same ones).
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
                       "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "toc"]
MARKDOWN_CONFIGS = {"pymdownx.tabbed": {"alternate_style": True}, "toc": {"permalink": True}}

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "svg", "template", "noscript"}
# Links that are navigation marks, not words: permalinks, footnote numbers and back-links.
_SKIPPED_CLASSES = {"headerlink", "footnote-ref", "footnote-backref"}
_MARKED = {"a", "span", "sup"}     # the elements that carry those classes
_BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tr",
           "blockquote", "pre", "details", "summary", "label", "hr", "br", "section", "figure",
           "figcaption", "aside", "header", "footer", "nav", "article"}
_CELLS = {"td", "th"}
# What an element is to the text, one look-up per element (any other tag: inline, read through).
_INLINE, _SKIP, _HEADING, _CELL, _BLOCK, _ROW, _MARK = range(7)
_KINDS = {**dict.fromkeys(_BLOCKS, _BLOCK), "tr": _ROW, **dict.fromkeys(_CELLS, _CELL),
          **dict.fromkeys(_HEADINGS, _HEADING), **dict.fromkeys(_MARKED, _MARK),
          **dict.fromkeys(_SKIPPED, _SKIP)}


@dataclass
class PageText:
    """An article body as read: its section headings and its text, in reading order."""

    headings: list[str] = field(default_factory=list)
    text: str = ""


def _clean(parts: list[str]) -> str:
    """The parts joined, each run of white space one space, none at the ends (`str.split`
    splits at exactly the characters `\\s` matches)."""
    return " ".join("".join(parts).split())


def page_text(page: str | Element) -> PageText:
    """Headings and text of rendered HTML, or of its tree (`htmltree.parse_html`).

    Read from the tree the Markdown copy is written from (`htmltree.read_html`: within a build
    the page is parsed once for both). A block element, a table cell or a heading separates
    words; cells after a row's first read " · "; the text of skipped elements (scripts, icons,
    permalinks, footnote marks) is left out with everything inside them."""
    result = PageText()
    body: list[str] = []
    row_cells = 0
    kinds = _KINDS

    def read(node: Element, out: list[str]) -> None:
        nonlocal row_cells
        append = out.append
        for child in node.children:
            if child.__class__ is str:
                append(child)
                continue
            kind = kinds.get(child.tag, _INLINE)
            if kind == _INLINE:
                if child.children:
                    read(child, out)
            elif kind == _BLOCK:
                append(" ")
                read(child, out)
                append(" ")
            elif kind == _MARK:
                if not child.classes & _SKIPPED_CLASSES:
                    read(child, out)
            elif kind == _CELL:
                row_cells += 1
                body.append(" · " if row_cells > 1 else " ")
                read(child, out)
                append(" ")
            elif kind == _ROW:
                row_cells = 0
                append(" ")
                read(child, out)
                row_cells = 0
                append(" ")
            elif kind == _HEADING:   # (_SKIP: left out, with all it holds)
                heading: list[str] = []
                read(child, heading)
                text = _clean(heading)
                if text:
                    result.headings.append(text)
                body.append(" ")

    read(page if isinstance(page, Element) else read_html(page or ""), body)
    result.text = _clean(body)
    return result


_local = threading.local()


def render_markdown(markdown: str) -> str:
    """The HTML body the build makes of an article's Markdown (same extensions, no MkDocs)."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        import markdown as markdown_lib  # deferred: only tools that index outside a build need it

        converter = markdown_lib.Markdown(extensions=MARKDOWN_EXTENSIONS,
                                          extension_configs=MARKDOWN_CONFIGS)
        _local.markdown = converter
    converter.reset()
    return converter.convert(markdown or "")


def markdown_page_text(markdown: str) -> PageText:
    """`page_text` of Markdown rendered as the build renders it."""
    return page_text(render_markdown(markdown))

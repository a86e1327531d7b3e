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

import html as html_lib
import re
import threading
from dataclasses import dataclass, field

from helpcenter.sourcetext import mask_comments

# Markdown extensions that change what a page shows (mkdocs.yml enables the same ones).
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
                       "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "toc"]
MARKDOWN_CONFIGS = {"pymdownx.tabbed": {"alternate_style": True}, "toc": {"permalink": True}}

# Bounded: a tag cannot run past the next '<', so hostile input (20,000 unclosed '<x') is
# scanned in linear time; comments are blanked first (`mask_comments`, linear too).
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]{0,30})([^<>]{0,4000})>")
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SPACES = re.compile(r"\s+")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "svg", "template", "noscript"}
# Links that are navigation marks, not words: permalinks, footnote numbers and back-links.
_SKIPPED_CLASSES = {"headerlink", "footnote-ref", "footnote-backref"}
_BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tr",
           "blockquote", "pre", "details", "summary", "label", "hr", "br", "section", "figure",
           "figcaption", "aside", "header", "footer", "nav", "article"}
_CELLS = {"td", "th"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base",
         "embed", "param", "track"}


@dataclass
class PageText:
    """An article body as read: its section headings and its text, in reading order."""

    headings: list[str] = field(default_factory=list)
    text: str = ""


def _classes(attrs: str) -> set[str]:
    found = _CLASS.search(attrs)
    return set((found.group(1) or found.group(2) or "").split()) if found else set()


def _clean(parts: list[str]) -> str:
    return _SPACES.sub(" ", "".join(parts)).strip()


def page_text(page_html: str) -> PageText:
    """Headings and text of rendered HTML (built by our own build: well formed, tags balanced).

    A regular-expression scan rather than html.parser: it runs on every article of every
    locale at build time, and the markup is the build's own."""
    result = PageText()
    body: list[str] = []
    heading: list[str] | None = None
    skip_tag, skip_depth = "", 0
    row_cells = 0
    position = 0
    page_html = mask_comments(page_html or "")
    for match in _TAG.finditer(page_html):
        if not skip_depth:
            chunk = html_lib.unescape(page_html[position:match.start()])
            (heading if heading is not None else body).append(chunk)
        position = match.end()
        closing, name = match.group(1), match.group(2).lower()
        if skip_depth:
            if name == skip_tag and name not in _VOID:
                skip_depth += -1 if closing else 1
            continue
        if not closing and (name in _SKIPPED or (name in {"a", "span", "sup"}
                                                 and _classes(match.group(3)) & _SKIPPED_CLASSES)):
            if name not in _VOID and not match.group(3).rstrip().endswith("/"):
                skip_tag, skip_depth = name, 1
            continue
        if name in _HEADINGS:
            if closing and heading is not None:
                text = _clean(heading)
                if text:
                    result.headings.append(text)
                heading = None
                body.append(" ")
            elif not closing:
                heading = []
            continue
        if name == "tr":
            row_cells = 0
        if name in _CELLS and not closing:
            row_cells += 1
            body.append(" · " if row_cells > 1 else " ")
        elif name in _BLOCKS or name in _CELLS:
            (heading if heading is not None else body).append(" ")
    if not skip_depth:
        body.append(html_lib.unescape(page_html[position:]))
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

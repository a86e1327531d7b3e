"""`pagetext.page_text` as it was before it read the page's tree: a flat scan of the HTML with its
own tag pattern, comments blanked first. The reference the tree reading is checked against
(tests/helpcenter/test_pagetext_reference.py); copied verbatim from pagetext.py."""

from __future__ import annotations

import html as html_lib
import re

from helpcenter.pagetext import PageText
from helpcenter.sourcetext import mask_comments

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


def _classes(attrs: str) -> set[str]:
    found = _CLASS.search(attrs)
    return set((found.group(1) or found.group(2) or "").split()) if found else set()


def _clean(parts: list[str]) -> str:
    return _SPACES.sub(" ", "".join(parts)).strip()


def reference_page_text(page_html: str) -> PageText:
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

"""The table of contents looks for its `[TOC]` marker only in pages whose text holds it.

Python-Markdown's toc extension replaces a paragraph that reads just `[TOC]` with the table of
contents, and to find one it joins the text of every element below each element of the page:
a few per cent of a page's Markdown time, spent on pages with no marker at all (ours have
none). An element can only be that paragraph if its own text holds the marker, so the search
runs only when some element's text does; the HTML is the same.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions.toc import TocTreeprocessor


def skip_absent_marker(converter: Markdown) -> None:
    """Make `converter`'s toc step skip the marker search on a page whose text lacks it."""
    if "toc" not in converter.treeprocessors:
        return
    toc = converter.treeprocessors["toc"]
    if type(toc) is not TocTreeprocessor:
        return
    replace_marker = toc.replace_marker

    def replace_marker_if_present(root, elem) -> None:
        marker = toc.marker
        if any(marker in element.text for element in root.iter() if element.text):
            replace_marker(root, elem)

    toc.replace_marker = replace_marker_if_present

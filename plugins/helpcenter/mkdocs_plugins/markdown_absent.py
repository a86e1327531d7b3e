"""Markdown steps that look for one thing skip the pages without it.

Three of Python-Markdown's steps go through every page looking for one kind of thing and change
nothing on a page that has none of it:

- the toc extension replaces a paragraph that reads just `[TOC]` with the table of contents,
  and to find one joins the text of every element below each element of the page (a few per
  cent of a page's Markdown time); an element can only be that paragraph if its own text holds
  the marker, so the search runs only when some element's text does;
- md_in_html feeds the whole page through an HTML parser to set raw HTML blocks aside (about a
  twentieth of the time); a page with neither `<` nor `&` has no tag, comment or entity for it
  to find, and the parser hands such text back as it came;
- attr_list looks at the end of every block and the start of every tail for `{: ...}`; with no
  `{` in any text of the page there is none.

Each step is skipped only on such a page, so the HTML is the same.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.md_in_html import HtmlBlockPreprocessor
from markdown.extensions.toc import TocTreeprocessor


def skip_absent_work(converter: Markdown) -> None:
    """Make `converter`'s toc, md_in_html and attr_list steps skip pages without their marks."""
    _toc_marker(converter)
    _raw_html(converter)
    _attributes(converter)


def _step(registry, name: str, kind: type):
    """The registered step `name` when it is exactly the stock `kind`, else None."""
    step = registry[name] if name in registry else None
    return step if type(step) is kind else None


def _toc_marker(converter: Markdown) -> None:
    toc = _step(converter.treeprocessors, "toc", TocTreeprocessor)
    if toc is None:
        return
    replace_marker = toc.replace_marker

    def replace_marker_if_present(root, elem) -> None:
        marker = toc.marker
        if any(marker in element.text for element in root.iter() if element.text):
            replace_marker(root, elem)

    toc.replace_marker = replace_marker_if_present


def _raw_html(converter: Markdown) -> None:
    _run_only_if(_step(converter.preprocessors, "html_block", HtmlBlockPreprocessor),
                 needed=lambda lines: any("<" in line or "&" in line for line in lines),
                 skipped=lambda lines: "\n".join(lines).split("\n"))   # the parser's output


def _attributes(converter: Markdown) -> None:
    _run_only_if(_step(converter.treeprocessors, "attr_list", AttrListTreeprocessor),
                 needed=lambda doc: any("{" in text for text in doc.itertext()),
                 skipped=lambda doc: None)


def _run_only_if(step, needed, skipped) -> None:
    """Make `step` run only on what `needed` says it can change; `skipped` is what it gives
    back for the rest (what running it would give)."""
    if step is None:
        return
    run = step.run
    step.run = lambda item: run(item) if needed(item) else skipped(item)

"""Python-Markdown's block parser, asking a block processor about a block only when the block
holds what the processor looks for.

For every block of every page the parser asks each of its ~19 processors in turn whether it
takes the block (`test`), most of them by searching the whole block with a regular expression:
a table needs a `|`, a heading a `#`, an admonition `!!!`, a quote `>`. A block that lacks the
mark is a guaranteed "no", so the question is skipped, which is the same as asking it. Three
processors (admonition, details, tabs) also take an indented block that continues the one
they made last, or one they already claimed: they are still asked about every such block.
Two always answer "yes" and then decline in `run` unless the block holds their mark (footnote
definitions, Markdown inside HTML): skipping them there is the same as their declining. Only
the processor classes named below are guarded, by exact class, so a subclass with its own test
is always asked. About a sixth of a page's Markdown time on the real corpus; the HTML is the
same (tests compare with a stock converter).
"""

from __future__ import annotations

import re

from markdown import Markdown, blockprocessors, util
from markdown.extensions import admonition, def_list, footnotes, md_in_html, tables
from pymdownx import details, tabbed

# What a block must hold for each processor to take it, as a search (or, for a mark that must
# open the block, a match); `True` when an indented block can continue what it made before.
_MARKS: dict[type, tuple[re.Pattern, bool]] = {
    admonition.AdmonitionProcessor: (re.compile("!!!"), True),
    details.DetailsProcessor: (re.compile(r"\?\?\?"), True),
    tabbed.TabbedProcessor: (re.compile("==="), True),
    tables.TableProcessor: (re.compile(r"\|"), False),
    blockprocessors.HashHeaderProcessor: (re.compile("#"), False),
    blockprocessors.SetextHeaderProcessor: (re.compile("\n"), False),
    blockprocessors.HRProcessor: (re.compile("[-_*]"), False),
    blockprocessors.BlockQuoteProcessor: (re.compile(">"), False),
    def_list.DefListProcessor: (re.compile(":"), False),
    footnotes.FootnoteBlockProcessor: (re.compile(r"\[\^"), False),
    md_in_html.MarkdownInHtmlProcessor: (re.compile(re.escape(util.STX + "wzxhzdk:")), False),
}
_AT_START = {md_in_html.MarkdownInHtmlProcessor}


def _guard(processor) -> tuple:
    """(processor, the mark's search or None, the indent that continues a block or None)."""
    kind = type(processor)
    if kind not in _MARKS:
        return processor, None, None
    mark, continues = _MARKS[kind]
    find = mark.match if kind in _AT_START else mark.search
    return processor, find, " " * processor.tab_length if continues else None


def guard_block_tests(converter: Markdown) -> None:
    """Make `converter`'s block parser skip the tests a block cannot pass (see above)."""
    parser = converter.parser
    registry = parser.blockprocessors
    listed = getattr(registry, "listed", lambda: list(registry))   # markdown_lookups' order
    kept: dict = {"listed": None, "guarded": []}

    def guarded() -> list[tuple]:
        order = listed()
        if order is not kept["listed"]:   # the registry changed (or is not kept listed)
            kept["listed"], kept["guarded"] = order, [_guard(p) for p in order]
        return kept["guarded"]

    def parse_blocks(parent, blocks: list[str]) -> None:
        # BlockParser.parseBlocks (markdown/blockparser.py, 3.x) with the guard in front of test
        while blocks:
            for processor, find, indent in guarded():
                block = blocks[0]
                if (find is not None and find(block) is None
                        and (indent is None or (processor.current_sibling is None
                                                and not block.startswith(indent)))):
                    continue
                if processor.test(parent, block):
                    if processor.run(parent, blocks) is not False:
                        break

    parser.parseBlocks = parse_blocks

"""Front matter parsing that remembers the line of every key.

The YAML is read by `helpcenter.yamlsource` (the one reader for writers' files): each node
keeps its position, so a bad value is reported at the line the writer has to edit; anchors,
aliases and duplicate keys are refused; plain values are text (`tags: [no, 010]` are words), and
`content._Reader` turns the few typed keys (`reviewed`, `order`) into dates and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from helpcenter.problems import Problem
from helpcenter.yamlsource import YAMLSourceError, load

FENCE = "---"


@dataclass
class FrontMatter:
    """The YAML mapping at the top of a Markdown file and where things are in the file."""

    meta: dict = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line number where the body starts
    end_line: int = 0  # 1-based line of the closing fence (0 when there is no front matter)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


class FrontMatterError(ValueError):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def parse_front_matter(text: str, path: str) -> FrontMatter:
    """Split `text` into front matter and body; raise FrontMatterError naming the line at fault."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise FrontMatterError(Problem(
            path, text.count("\n", 0, text.index("\x00")) + 1, "error",
            "the file contains a NUL byte", "remove it; most editors do not show it", "file-nul"))
    if "\r" in text and "\n" not in text:
        raise FrontMatterError(Problem(
            path, 1, "error", "the lines of this file end with CR only (classic Mac), so it "
            "reads as one line", "save it with LF (Unix) line ends", "file-line-ends"))
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != FENCE:
        return FrontMatter(body=text, body_line=1)
    closing = _closing_fence(text, first_end + 1)
    if closing is None:
        raise FrontMatterError(
            Problem(path, 1, "error", "front matter starts with '---' but is never closed",
                    "add a line with '---' after the last front matter key", "frontmatter-unclosed")
        )
    end, fence_start, body_start = closing
    source = text[first_end + 1:fence_start - 1]   # the lines between the fences
    try:
        meta, node = load(source, first_line=2, what="front matter")  # below the fence
    except YAMLSourceError as exc:
        message = exc.message
        if message.startswith("not valid YAML"):
            message = "front matter is " + message
        elif "front matter" not in message:
            message = "front matter: " + message
        raise FrontMatterError(
            Problem(path, exc.line, "error", message,
                    exc.hint or "check quotes and indentation", "frontmatter-yaml")
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(
            Problem(path, 2, "error", "front matter must be a set of 'key: value' lines",
                    "for example 'title: Reset your password'", "frontmatter-not-mapping")
        )
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return FrontMatter(
        meta={str(k): v for k, v in meta.items()},
        key_lines=key_lines,
        body=text[body_start:],
        body_line=end + 2,
        end_line=end + 1,
    )


def _closing_fence(text: str, start: int) -> tuple[int, int, int] | None:
    """(its line's index, where that line starts, where the body starts) of the fence closing
    front matter whose lines start at `start` (0: there is no line after the opening fence),
    or None when none closes it. Lines are looked at one by one up to the fence, so the body
    after it is neither split into lines nor joined again."""
    index = 1
    while start:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.rstrip() in (FENCE, "..."):
            return index, start, len(text) if end < 0 else end + 1
        if end < 0:
            return None
        index, start = index + 1, end + 1
    return None

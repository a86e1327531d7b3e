"""The placeholder text `helpcenter new` writes, and finding it again before customers see it.

`scaffold` writes these strings; `content` reports each one still present as a warning at its
line, so `helpcenter check --strict` and `helpcenter build --strict` refuse a scaffold that was
never filled in.
"""

from __future__ import annotations

DESCRIPTION = "TODO: one sentence that says what this article solves."
OWNER = "TODO-team"
BODY_LINES = (
    "Start with the answer in one or two sentences.",
    "1. First step.",
    "2. Second step.",
    "    Anything the customer should know before they start.",
)
BODY = (f"{BODY_LINES[0]}\n\n## Steps\n\n{BODY_LINES[1]}\n{BODY_LINES[2]}\n\n"
        f"!!! note\n{BODY_LINES[3]}\n")


def is_placeholder(value: str | None) -> bool:
    """A front matter value still holding `helpcenter new`'s placeholder (or any 'TODO')."""
    return bool(value) and value.strip().upper().startswith("TODO")


def body_placeholders(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, text) of every scaffold sentence left in an article's body."""
    found = []
    for offset, line in enumerate(body.split("\n")):
        if line.rstrip() in BODY_LINES:
            found.append((first_line + offset, line.strip()))
    return found

"""Problems found in content or data, reported as `path:line: level: message (hint)`.

One type for the build, `helpcenter check` and the data validators, so a writer sees the same
sentence wherever a problem is caught.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one line when the line is known."""

    path: str
    line: int | None
    level: Level
    message: str
    hint: str = ""
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.level}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_dict(self) -> dict:
        return asdict(self)


class ContentError(Exception):
    """Raised when content cannot be used at all; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def yaml_error_at(exc: Exception, first_line: int = 1) -> tuple[int, str]:
    """(1-based line, short reason) of a PyYAML error in text that starts at `first_line`."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + first_line if mark is not None else first_line
    reason = getattr(exc, "problem", None) or (str(exc).splitlines() or ["syntax error"])[0]
    return line, reason


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]

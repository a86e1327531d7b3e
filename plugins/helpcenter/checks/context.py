"""What every check reads: the project, the content model (read once, shared), settings, today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from helpcenter.checks.settings import CheckSettings
from helpcenter.content import HelpCenter, read_markdown
from helpcenter.frontmatter import FrontMatter
from helpcenter.project import Project


@dataclass
class CheckContext:
    project: Project
    center: HelpCenter
    settings: CheckSettings
    today: dt.date
    _front_matter: dict[str, FrontMatter | None] = field(default_factory=dict)
    # (source path, marker) -> commit the translation was made from (see translations.py)
    translated_commits: dict[tuple[str, str], str | None] = field(default_factory=dict)

    @property
    def docs_shown(self) -> str:
        """The content folder as shown in messages (relative to the project root)."""
        try:
            return self.project.docs_dir.relative_to(self.project.root).as_posix()
        except ValueError:
            return self.project.docs_dir.as_posix()

    def front_matter(self, shown_path: str) -> FrontMatter | None:
        """Front matter and body of a file named as in problems (relative to the project root).
        Read problems are already reported by load_help_center, so they are dropped here."""
        if shown_path not in self._front_matter:
            self._front_matter[shown_path] = read_markdown(self.project.root / shown_path,
                                                           shown_path, [])
        return self._front_matter[shown_path]

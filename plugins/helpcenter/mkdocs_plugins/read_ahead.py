"""What every locale process of a build reads the same, read once by the process they fork from.

Each locale's process needs the whole content model (every locale's front matter: alternates,
fallbacks, the build id), the interface strings and the pages' last-change dates. `helpcenter
build` reads them in the parent just before it forks the locale processes (`ahead`), and each
process takes its copy on first use (`take`) instead of reading every file again; the parent
forgets them once the processes are started (`forget`), so nothing it reads later is stale.
A process that was not forked that way (the preview's forkserver) reads them itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from helpcenter.content import HelpCenter, load_help_center
from helpcenter.mkdocs_plugins.glue import ui_strings
from helpcenter.project import Project
from helpcenter.seo import last_changes

T = TypeVar("T")
_ahead: dict[tuple, object] = {}


def _key(project: Project, what: str) -> tuple:
    """What a reading depends on: the same project seen from the parent and from MkDocs."""
    locales = tuple((loc.code, loc.name, loc.default) for loc in project.locales)
    return what, str(project.root), str(project.docs_dir), locales


def ahead(project: Project) -> HelpCenter | None:
    """Read now what the locale processes about to be forked would each read; the content
    model read (None when it could not be read).

    What cannot be read here (a broken strings file) is left to the processes, which report it
    as their build's error, as they do without this."""
    _ahead.clear()
    center = None
    try:
        center, _ = _ahead[_key(project, "content")] = load_help_center(project)
        _ahead[_key(project, "changes")] = last_changes(project.root, project.docs_dir)
        ui_strings(project)   # cached per process, checked against the files' times
    except Exception:  # noqa: BLE001 - the locale processes read it again and say what is wrong
        pass
    return center


def forget() -> None:
    _ahead.clear()


def take(project: Project, what: str, read: Callable[[], T]) -> T:
    """The reading made ahead for this project (once), else `read()`."""
    key = _key(project, what)
    if key in _ahead:
        return _ahead.pop(key)   # type: ignore[return-value]
    return read()


def content(project: Project):
    """`load_help_center(project)`: the model and its problems, read ahead or now."""
    return take(project, "content", lambda: load_help_center(project))


def changes(project: Project):
    """`last_changes` of the project's content folder, read ahead or now."""
    return take(project, "changes", lambda: last_changes(project.root, project.docs_dir))

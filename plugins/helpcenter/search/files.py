"""Where the readers find a built site's search files.

`helpcenter search` reads them from a site folder; the MCP server may read a deployed site over
HTTP. Both give the same thing: the text of a file below `helpcenter/search/` by name
(`ja.json`, `ja/3.json`, `ja/terms/<hash>.json`), read only when a query needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from helpcenter.search.index import SEARCH_DIR


class SearchError(ValueError):
    """The index is missing or unreadable; the message says which file and what to do."""


@runtime_checkable
class SearchFiles(Protocol):
    """Reads the search files of one site (names relative to `helpcenter/search/`)."""

    def read(self, name: str) -> str:
        """The file's text; OSError or ValueError (with a sentence) when it cannot be read."""
        ...

    def where(self, name: str) -> str:
        """The file's path or address, for messages."""
        ...


class SiteFolder:
    """The search files of a site folder written by `helpcenter build`."""

    def __init__(self, site_dir: str | Path) -> None:
        self.root = Path(site_dir) / SEARCH_DIR

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def where(self, name: str) -> str:
        return str(self.root / name)

    def locales(self) -> list[str]:
        """The locales this folder has an index for."""
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("*.json") if "." not in p.stem)


def search_files(source: str | Path | SearchFiles) -> SearchFiles:
    """`source` as search files: a site folder's path, or already a reader."""
    return source if isinstance(source, SearchFiles) else SiteFolder(source)


def read_file(files: SearchFiles, name: str) -> str:
    """A search file's text, or a SearchError naming it (a build that was cut short, a shard
    deleted by hand, a deployed site that changed under a long-running reader)."""
    try:
        return files.read(name)
    except FileNotFoundError:
        raise SearchError(f"{files.where(name)}: missing; rebuild the site "
                          "(helpcenter build)") from None
    except OSError as exc:
        raise SearchError(f"{files.where(name)}: cannot be read ({exc.strerror or exc}); "
                          "rebuild the site") from None
    except ValueError as exc:   # a reader's own sentence (a deployed site: HTTP 404, not UTF-8)
        raise SearchError(str(exc)) from None

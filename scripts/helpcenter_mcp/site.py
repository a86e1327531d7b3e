"""Where the published files come from: a built site folder or a deployed site's address.

Both give the same thing: text by site path, with a size limit, and what the library's search
reads its index from: the site folder, or for a deployed site the index files fetched over HTTP
when a query first needs them (a split index's entry, the term shards of the query, the text
shards of its results) and kept in memory for the next queries. `stamp` tells a long-running
reader whether a folder was rebuilt (a deployed site has none: it is re-checked by time).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from helpcenter.search.index import SEARCH_DIR

MAX_FILE_BYTES = 32 * 1024 * 1024
TIMEOUT = 10.0


class SiteError(ValueError):
    """A published file is missing or unreadable; the message names it and what to do."""


def safe_path(path: str) -> str:
    """`path` as a clean relative site path; SiteError for anything that climbs or is absolute."""
    parts = PurePosixPath(path).parts
    if not path or path.startswith("/") or "\\" in path or any(p in ("..", ".", "") for p in parts):
        raise SiteError(f"{path!r} is not a path inside the site")
    return "/".join(parts)


class BuiltSite:
    """A site folder written by `helpcenter build`."""

    def __init__(self, site_dir: str | Path) -> None:
        self.root = Path(site_dir).resolve()
        self.base_url = ""
        self.label = str(site_dir)

    def read_text(self, path: str) -> str:
        target = self.root / safe_path(path)
        try:
            if target.stat().st_size > MAX_FILE_BYTES:
                raise SiteError(f"{target}: larger than {MAX_FILE_BYTES // 2**20} MB")
            return target.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SiteError(f"{target}: not found; build the site (helpcenter build) or pass "
                            "--site-dir") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SiteError(f"{target}: cannot be read ({exc})") from None

    def search_dir(self, locale: str) -> Path:
        return self.root

    def stamp(self, path: str) -> tuple[int, int, int] | None:
        """What changes when a build rewrites `path` (modification time, size, inode)."""
        try:
            info = (self.root / safe_path(path)).stat()
        except OSError:
            return (0, 0, 0)
        return (info.st_mtime_ns, info.st_size, info.st_ino)

    def forget(self) -> None:
        """Nothing is kept in memory: the folder is read as queries need it."""


class DeployedSite:
    """A published site reached over HTTP(S) at `url`."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SiteError(f"--url {url!r}: give the site's address, e.g. https://help.example.com/")
        self.base_url = url.rstrip("/") + "/"
        self.label = self.base_url
        self._search_files = DeployedSearchFiles(self)

    def read_text(self, path: str) -> str:
        url = self.base_url + quote(safe_path(path))
        request = urllib.request.Request(url, headers={"User-Agent": "helpcenter-mcp"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                data = response.read(MAX_FILE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise SiteError(f"{url}: HTTP {exc.code}; is this a help center built with "
                            "helpcenter build?") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SiteError(f"{url}: cannot be fetched ({reason})") from None
        if len(data) > MAX_FILE_BYTES:
            raise SiteError(f"{url}: larger than {MAX_FILE_BYTES // 2**20} MB")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise SiteError(f"{url}: not UTF-8 text") from None

    def search_dir(self, locale: str) -> DeployedSearchFiles:
        """The site's search files, fetched as queries need them."""
        return self._search_files

    def stamp(self, path: str) -> None:
        """No cheap way to tell a redeploy: the reader re-reads the manifest from time to time."""
        return None

    def forget(self) -> None:
        """Drop the fetched search files (the site was redeployed)."""
        self._search_files = DeployedSearchFiles(self)


class DeployedSearchFiles:
    """A deployed site's `helpcenter/search/` files for the library's search (`SearchFiles`):
    each fetched once, kept in memory (a locale's entry and the shards queries needed: a few
    hundred KB, not the whole index)."""

    def __init__(self, site: DeployedSite) -> None:
        self.site = site
        self.cache: dict[str, str] = {}

    def read(self, name: str) -> str:
        if name not in self.cache:
            self.cache[name] = self.site.read_text(f"{SEARCH_DIR}/{name}")
        return self.cache[name]

    def where(self, name: str) -> str:
        return self.site.base_url + f"{SEARCH_DIR}/{name}"


def open_site(site_dir: str | Path | None, url: str | None) -> BuiltSite | DeployedSite:
    if url:
        return DeployedSite(url)
    return BuiltSite(site_dir or "site")

"""`helpcenter build` and the preview: one engine process per locale, the site's shared files once.

Each locale is built by its own process (`LocaleBuild`), so on two cores two locales render at
the same time instead of one after another as mkdocs-static-i18n does. The processes share one
"now" (the build id is the same in all of them), the default locale's process writes the
site-wide files, and the parent merges the per-locale sitemaps. For the preview the processes
stay alive and re-render the pages a save changes (`LocaleWorkers.rebuild`).
"""

from __future__ import annotations

import datetime as dt
import gc
import gzip
import importlib
import logging
import multiprocessing
import re
import resource
import signal
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from helpcenter import clock
from helpcenter.mkdocs_plugins import read_ahead
from helpcenter.mkdocs_plugins.engine_warmup import warm_engine
from helpcenter.mkdocs_plugins.locale_build import SITEMAP, LocaleBuild, LocaleResult
from helpcenter.project import Project
from helpcenter.trash import TRASH_DIR, empty_folder

# What a locale process imports before its first page (0.1-0.2 s of CPU): imported once, by
# the process the locale processes fork from (this one, or the preview's forkserver), not by
# each of them.
ENGINE_MODULES = [
    "helpcenter.mkdocs_plugins.locale_build", "helpcenter.mkdocs_plugins.content.plugin",
    "helpcenter.mkdocs_plugins.feedback.plugin", "helpcenter.mkdocs_plugins.search.plugin",
    "helpcenter.mkdocs_plugins.contact.plugin", "helpcenter.mkdocs_plugins.assistants.plugin",
    "mkdocs_static_i18n.plugin", "material.extensions.emoji", "pymdownx.superfences",
    "pymdownx.tabbed", "pymdownx.details", "pymdownx.highlight", "markdown.extensions.toc",
    "pygments.formatters.html",
]
_URLSET = re.compile(r"^(.*?<urlset\b[^>]*>)(.*)(</urlset>\s*)$", re.S)


@dataclass
class SiteResult:
    """The outcome of a build or rebuild step over every locale."""

    results: list[LocaleResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def needs_full_build(self) -> bool:
        return any(r.needs_full_build for r in self.results)

    @property
    def messages(self) -> list[str]:
        """Every locale's warnings and errors, each once, in the order they came."""
        return list(dict.fromkeys(line for r in self.results for line in r.messages))

    @property
    def cpu_seconds(self) -> float:
        """CPU time of every locale process so far (the preview's are not the caller's children)."""
        return sum(r.cpu_seconds for r in self.results)

    @property
    def peak_memory_kb(self) -> int:
        """Sum of every locale process's peak resident memory (an upper bound of the peak)."""
        return sum(r.peak_kb for r in self.results)


def merge_sitemaps(parts: Iterable[str]) -> str:
    """One sitemap from per-locale ones: the first one's head, every locale's <url> entries."""
    head = tail = ""
    bodies = []
    for part in parts:
        match = _URLSET.match(part)
        if match is None:
            continue
        head = head or match.group(1)
        bodies.append(match.group(2).rstrip())
        tail = match.group(3)
    return head + "".join(bodies) + "\n" + tail if head else ""


def write_sitemap(site_dir: Path, text: str, moment: dt.datetime) -> None:
    """sitemap.xml and its gzip copy, as the engine writes them (gzip time = the build's)."""
    path = site_dir / SITEMAP
    data = text.encode("utf-8")
    path.write_bytes(data)
    with open(f"{path}.gz", "wb") as raw, gzip.GzipFile(
            fileobj=raw, filename=f"{path}.gz", mode="wb", mtime=int(moment.timestamp())) as out:
        out.write(data)


def _setup_logging(level: int) -> None:
    """The engine logs into each step's `Messages`; nothing is printed by a locale process."""
    engine_log = logging.getLogger("mkdocs")
    engine_log.handlers.clear()
    engine_log.addHandler(logging.NullHandler())
    engine_log.setLevel(level)
    engine_log.propagate = False


def _locale_process(conn, config_file: str, locale: str, site_dir: str, site_files: bool,
                    strict: bool, plugin_options: dict, moment: dt.datetime, level: int) -> None:
    """A locale's process: build, answer, then follow the parent's rebuild requests."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    _setup_logging(level)
    with clock.pin(moment):
        build = LocaleBuild(Path(config_file), locale, Path(site_dir), site_files=site_files,
                            strict=strict, plugin_options=plugin_options)
        try:
            conn.send(_with_memory(build.build()))
            while True:
                try:
                    request = conn.recv()
                except EOFError:
                    break
                if request[0] == "rebuild":
                    conn.send(_with_memory(build.rebuild(request[1])))
                elif request[0] == "finish":
                    conn.send(_with_memory(build.finish()))
                else:
                    break
        finally:
            build.close()
            conn.close()


def _with_memory(result: LocaleResult) -> LocaleResult:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.peak_kb = usage.ru_maxrss
    result.cpu_seconds = usage.ru_utime + usage.ru_stime
    return result


def preload_engine() -> None:
    """Import ENGINE_MODULES here; one that cannot be imported is the locale process's to report."""
    for name in ENGINE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


class LocaleWorkers:
    """One process per locale of a project, building into one site folder."""

    def __init__(self, project: Project, site_dir: Path, *, strict: bool = False,
                 plugin_options: dict[str, dict] | None = None, method: str = "fork",
                 level: int = logging.WARNING) -> None:
        self.project = project
        self.site_dir = Path(site_dir).resolve()
        self.strict = strict
        self.plugin_options = plugin_options or {}
        self.context = multiprocessing.get_context(method)
        if method == "forkserver":
            self.context.set_forkserver_preload(ENGINE_MODULES)
        elif method == "fork":
            preload_engine()
        self.level = level
        self.moment = clock.now()
        self.processes: list = []
        self.connections: list = []

    def build(self) -> SiteResult:
        """Empty the site folder, build every locale in parallel, write the merged sitemap."""
        empty_folder(self.site_dir, self.project.root / TRASH_DIR)
        default = self.project.default_locale.code
        forked = self.context.get_start_method() == "fork"
        if forked:   # each process starts with the content read, instead of reading it again
            warm_engine(self.project, read_ahead.ahead(self.project))   # and the caches filled
            # What the processes inherit (the engine's modules, the content) stays out of their
            # garbage collections, which no longer walk it (Python's advice for gc.freeze):
            # a locale process's full collections 0.11-0.24 s -> 0.02-0.04 s.
            gc.freeze()
        try:
            for loc in self.project.locales:
                parent, child = self.context.Pipe()
                process = self.context.Process(
                    target=_locale_process, name=f"helpcenter-build-{loc.code}", daemon=True,
                    args=(child, str(self.project.config_file), loc.code, str(self.site_dir),
                          loc.code == default, self.strict, self.plugin_options, self.moment,
                          self.level))
                process.start()
                child.close()
                self.processes.append(process)
                self.connections.append(parent)
        finally:
            read_ahead.forget()
            if forked:
                gc.unfreeze()
        result = self._gather()
        if result.ok:
            sitemap = merge_sitemaps(r.sitemap for r in result.results)
            if sitemap:
                write_sitemap(self.site_dir, sitemap, self.moment)
        return result

    def rebuild(self, changed: Iterable[Path]) -> SiteResult:
        """Every locale re-renders the pages that show the changed files (pages only)."""
        paths = [str(p) for p in changed]
        return self._ask(("rebuild", paths))

    def finish(self) -> SiteResult:
        """After a rebuild: what the build writes at its end (search indexes, manifest)."""
        return self._ask(("finish",))

    def _ask(self, request: tuple) -> SiteResult:
        for conn in self.connections:
            conn.send(request)
        return self._gather()

    def _gather(self) -> SiteResult:
        results = []
        for conn, process, loc in zip(self.connections, self.processes, self.project.locales,
                                      strict=True):
            try:
                results.append(conn.recv())
            except EOFError:
                process.join(timeout=5)
                results.append(LocaleResult(loc.code, ok=False, messages=[
                    f"ERROR: the {loc.code} build process stopped (exit code "
                    f"{process.exitcode})"]))
        return SiteResult(results)

    def close(self) -> None:
        for conn in self.connections:
            try:
                conn.send(("stop",))
            except (BrokenPipeError, OSError):
                pass
            conn.close()
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
        self.processes, self.connections = [], []

    def __enter__(self) -> LocaleWorkers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def build_site(project: Project, site_dir: Path | None = None, *, strict: bool = False,
               level: int = logging.WARNING) -> SiteResult:
    """`helpcenter build`: the whole site, every locale in its own process; the warnings and
    errors are printed to stderr, each once."""
    with LocaleWorkers(project, site_dir or project.site_dir, strict=strict,
                       level=level) as workers:
        result = workers.build()
    for line in result.messages:
        print(line, file=sys.stderr)
    return result

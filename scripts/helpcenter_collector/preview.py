"""`helpcenter serve`: live preview and the local collector on one origin.

Design: one Starlette app on 127.0.0.1:<port> serves the latest build, the collector (/api) and
a long-poll live-reload endpoint. The site is built by one engine process per locale
(`LocaleWorkers`), which then stay alive: when a watched file changes (inotify through watchdog,
so a save is seen at once), they re-render only the pages that show the changed article (the
article, its category, the home page if it is featured, articles whose related list changes)
and the browser reloads; the locale's search index and the manifest follow right after. A
change that single pages cannot follow (a new or deleted file, templates, data files,
mkdocs.yml) rebuilds everything into the *other* of two folders under .helpcenter/preview/ and
then switches to it, so readers never see a half-written site. A failed build leaves the
previous pages online and shows its file:line message in the browser. The feedback endpoint is
forced to the local `/api/events`, so preview clicks never reach a production collector.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from helpcenter.mkdocs_plugins.site_build import LocaleWorkers, SiteResult
from helpcenter.project import WORK_DIR, Project
from helpcenter.store import DEFAULT_DB_PATH, StoreError, open_store
from helpcenter_collector.run import CollectorError, check_port
from helpcenter_collector.site import Reloader, SiteFolder, create_site_app

LOCAL_ENDPOINT = "/api/events"
PREVIEW_DIR = WORK_DIR / "preview"
SETTLE_SECONDS = 0.05   # an editor's save is several events: wait until they stop coming
FINISH_AFTER_SECONDS = 0.5   # search index and manifest after the browser has the new page
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")

log = logging.getLogger("helpcenter.serve")


class PreviewError(RuntimeError):
    """The preview cannot start (first build failed, port or store unusable)."""


class PreviewBuilder:
    """Keeps the locale processes warm, rebuilds what a change needs, tells the browsers."""

    def __init__(self, project: Project, site: SiteFolder | None = None,
                 reloader: Reloader | None = None, echo: Callable[[str], None] = print,
                 method: str = "forkserver") -> None:
        self.project = project
        self.root = project.root / PREVIEW_DIR
        self.slots = [self.root / "a", self.root / "b"]
        self.slot = 0
        self.site = site
        self.reloader = reloader
        self.echo = echo
        self.method = method
        self.error: str | None = None
        self.workers: LocaleWorkers | None = None
        self.last_seconds = 0.0
        self.last_cpu_seconds = 0.0   # locale processes: CPU time since they started
        self.unfinished = False   # pages rebuilt, index and manifest not yet
        self.idle = True          # no change waiting or being built (the watcher's view)
        self._pending: set[Path] = set()
        self._changed = threading.Event()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer = None
        theme_dir = project.root / "overrides"
        self.watched = [project.docs_dir, theme_dir, project.config_file]

    @property
    def current(self) -> Path:
        return self.slots[self.slot]

    def build(self) -> bool:
        """Everything, into the folder not being served; switch to it when it succeeded."""
        target = self.slots[1 - self.slot] if self.site else self.slots[self.slot]
        started = time.monotonic()
        workers = LocaleWorkers(self.project, target, method=self.method,
                                plugin_options={"helpcenter-feedback": {"endpoint": LOCAL_ENDPOINT}})
        result = workers.build()
        if not result.ok:
            workers.close()
            return self._failed(result)
        if self.workers is not None:
            self.workers.close()
        self.workers = workers
        if self.site is not None:
            self.slot = 1 - self.slot
            self.site.switch(target)
        return self._succeeded(result, started, "Built")

    def rebuild(self, changed: set[Path], finish: bool = True) -> bool:
        """Only the pages the changed files show; everything when that cannot be told.

        With `finish`, the build's last step (search index, manifest) follows at once; the
        watcher instead lets the browser reload first (`finish_rebuild`)."""
        if self.workers is None:
            return self.build()
        started = time.monotonic()
        result = self.workers.rebuild(changed)
        if result.needs_full_build:
            return self.build()
        if not result.ok:
            return self._failed(result)
        pages = sum(r.pages for r in result.results)
        self._succeeded(result, started, f"Rebuilt {pages} page(s)")
        self.unfinished = True
        return self.finish_rebuild() if finish else True

    def finish_rebuild(self) -> bool:
        """Search index and manifest after a rebuild."""
        if not self.unfinished or self.workers is None:
            return True
        self.unfinished = False
        finished = self.workers.finish()
        return finished.ok or self._failed(finished)

    def _succeeded(self, result: SiteResult, started: float, what: str) -> bool:
        self.error = None
        self.last_seconds = time.monotonic() - started
        self.last_cpu_seconds = result.cpu_seconds
        for line in result.messages:
            self.echo(line)
        self.echo(f"{what} in {self.last_seconds:.2f}s")
        if self.reloader is not None:
            self.reloader.changed()
        return True

    def _failed(self, result: SiteResult) -> bool:
        lines = [line.split("-  ", 1)[-1] for line in result.messages if line.startswith("ERROR")]
        self.error = "\n".join(lines or result.messages) or "the build failed"
        for line in result.messages:
            self.echo(line)
        self.echo("Build failed; still showing the previous build")
        if self.reloader is not None:
            self.reloader.failed(self.error)
        return False

    # -- watching ------------------------------------------------------------------------------

    def notice(self, path: str | Path) -> None:
        """A file below the watched folders changed (called from the watchdog thread)."""
        path = Path(path)
        if path.name.startswith(".") or path.name.endswith(IGNORED_SUFFIXES):
            return
        if path.parent == self.project.root and path != self.project.config_file:
            return
        with self._lock:
            self._pending.add(path)
        self._changed.set()

    def start(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        builder = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                    return
                builder.notice(event.src_path)
                if getattr(event, "dest_path", ""):
                    builder.notice(event.dest_path)

        self._observer = Observer()
        for path in self.watched:
            folder = path if path.is_dir() else path.parent
            if folder.exists():
                self._observer.schedule(Handler(), str(folder), recursive=folder != self.project.root)
        self._observer.start()
        self._thread = threading.Thread(target=self._watch, name="helpcenter-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._changed.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.workers is not None:
            self.workers.close()
            self.workers = None

    def _watch(self) -> None:
        # time.sleep, not Event.wait(timeout): a timed wait on a lock sleeps until an absolute
        # deadline, which a shifted clock (faketime in CI) turns into a year.
        while not self._stop.is_set():
            self._changed.wait()
            self.idle = False
            while self._changed.is_set() and not self._stop.is_set():
                self._changed.clear()
                time.sleep(SETTLE_SECONDS)
            if self._stop.is_set():
                return
            with self._lock:
                changed, self._pending = self._pending, set()
            if changed:
                self.echo("Change detected, rebuilding...")
                self.rebuild(changed, finish=False)
            # The index and manifest wait until the browser has fetched the new page (they
            # would take the CPU it needs) and are skipped while saves keep coming.
            waited = 0.0
            while waited < FINISH_AFTER_SECONDS and not self._changed.is_set():
                time.sleep(SETTLE_SECONDS)
                waited += SETTLE_SECONDS
            if not self._changed.is_set():
                self.finish_rebuild()
            self.idle = not self._changed.is_set()


def run_preview(project: Project, port: int, echo: Callable[[str], None] = print,
                host: str = "127.0.0.1", db: str | None = None) -> None:
    """Build once, then serve the preview + collector until Ctrl-C."""
    import uvicorn

    try:
        check_port(host, port)
    except CollectorError as exc:
        raise PreviewError(str(exc)) from None
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        store = open_store(db or project.root / DEFAULT_DB_PATH)
    except StoreError as exc:
        raise PreviewError(str(exc)) from None
    builder = PreviewBuilder(project, echo=echo)
    echo("Building the preview...")
    if not builder.build():
        store.close()
        raise PreviewError("the first build failed; fix the error above and run "
                           "'helpcenter serve' again")
    site = SiteFolder(builder.current)
    builder.site = site
    reloader = Reloader()
    builder.reloader = reloader
    app = create_site_app(site, store, reloader)
    builder.start()
    echo(f"Serving http://{host}:{port}/ (live reload on); feedback is stored in {store.location}")
    class PreviewServer(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            reloader.close()  # open pages hold a live-reload long poll: answer them first
            super().handle_exit(sig, frame)

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            lifespan="on", server_header=False, timeout_graceful_shutdown=5)
    try:
        PreviewServer(config).run()
    finally:
        builder.stop()
        store.close()

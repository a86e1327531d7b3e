"""`helpcenter serve`: live preview and the local collector on one origin.

Design: one Starlette app on 127.0.0.1:<port> serves the latest build, the collector (/api) and
a long-poll live-reload endpoint. A watcher thread polls the content, overrides and mkdocs.yml;
on a change it rebuilds with MkDocs' own build API into the *other* of two folders under
.helpcenter/preview/ and then switches to it, so readers never see a half-written site and a
failed build leaves the previous one online. The feedback endpoint is forced to the local
`/api/events`, so preview clicks never reach a production collector.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from helpcenter.project import Project
from helpcenter.store import DEFAULT_DB_PATH, StoreError, open_store
from helpcenter_collector.run import CollectorError, check_port
from helpcenter_collector.site import Reloader, SiteFolder, create_site_app

LOCAL_ENDPOINT = "/api/events"
PREVIEW_DIR = Path(".helpcenter") / "preview"

log = logging.getLogger("helpcenter.serve")


class PreviewError(RuntimeError):
    """The preview cannot start (first build failed, port or store unusable)."""


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file below `paths`: cheap enough to poll twice a second."""
    seen: dict[str, tuple[int, int]] = {}
    stack = [p for p in paths if p.exists()]
    while stack:
        path = stack.pop()
        if path.is_file():
            stat = path.stat()
            seen[str(path)] = (stat.st_mtime_ns, stat.st_size)
            continue
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.name.startswith(".") or entry.name == "__pycache__":
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
                    elif entry.is_file():
                        stat = entry.stat()
                        seen[entry.path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue
    return seen


def build_site(config_file: Path, site_dir: Path) -> None:
    """One full MkDocs build into `site_dir`, with the feedback endpoint set to the local one."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    feedback = config.plugins.get("helpcenter-feedback")
    if feedback is not None:
        feedback.config["endpoint"] = LOCAL_ENDPOINT
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


class PreviewBuilder:
    """Rebuilds into alternating folders and switches the served folder on success."""

    def __init__(self, project: Project, site: SiteFolder | None = None,
                 reloader: Reloader | None = None, echo: Callable[[str], None] = print,
                 interval: float = 0.5) -> None:
        self.project = project
        self.root = project.root / PREVIEW_DIR
        self.slots = [self.root / "a", self.root / "b"]
        self.slot = 0
        self.site = site
        self.reloader = reloader
        self.echo = echo
        self.interval = interval
        self.error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        theme_dir = project.root / "overrides"
        self.watched = [project.docs_dir, theme_dir, project.config_file]

    def build(self) -> bool:
        target = self.slots[1 - self.slot] if self.site else self.slots[self.slot]
        started = time.monotonic()
        try:
            if target.exists():
                shutil.rmtree(target)
            build_site(self.project.config_file, target)
        except BaseException as exc:  # MkDocs raises SystemExit/Abort on build errors
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.error = str(exc) or exc.__class__.__name__
            self.echo(f"Build failed: {self.error}; still showing the previous build")
            return False
        self.error = None
        if self.site is not None:
            self.slot = 1 - self.slot
            self.site.switch(target)
        self.echo(f"Built in {time.monotonic() - started:.1f}s")
        if self.reloader is not None:
            self.reloader.changed()
        return True

    @property
    def current(self) -> Path:
        return self.slots[self.slot]

    def start(self) -> None:
        self._thread = threading.Thread(target=self._watch, name="helpcenter-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _watch(self) -> None:
        before = snapshot(self.watched)
        # time.sleep, not Event.wait(timeout): a timed wait on a lock sleeps until an absolute
        # deadline, which a shifted clock (faketime in CI) turns into a year.
        while not self._stop.is_set():
            time.sleep(self.interval)
            now = snapshot(self.watched)
            if now == before:
                continue
            time.sleep(0.2)  # let an editor finish writing
            before = snapshot(self.watched)
            self.echo("Change detected, rebuilding...")
            self.build()


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
    app = create_site_app(site, store, reloader,
                          status=lambda: {"error": builder.error} if builder.error else {})
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

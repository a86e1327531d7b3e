"""A built site and the collector on one origin: what `helpcenter serve` (and the browser tests)
run, so the feedback widget's relative endpoint `/api/events` works with no configuration.

Static files come from a folder that can be swapped after each rebuild (`SiteFolder`); HTML
pages can get the live-reload script injected (`Reloader`).
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from helpcenter.store import EventStore
from helpcenter_collector.app import Collector, ManifestCatalog
from helpcenter_collector.ratelimit import RateLimiter

RELOAD_PATH = "/_helpcenter/livereload"
RELOAD_SCRIPT = """/* helpcenter serve: reload after a rebuild, show a failed one (long poll). */
(function () {
  "use strict";
  var script = document.currentScript;
  var build = Number(new URL(script.src).searchParams.get("v") || 0);
  var seen = -1;
  var box = null;
  function show(message) {
    if (!box) {
      box = document.createElement("div");
      box.id = "hc-build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:10000;left:0;right:0;bottom:0;max-height:50vh;" +
        "overflow:auto;margin:0;padding:1em;background:#7a0010;color:#fff;" +
        "font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The preview could not be rebuilt:\\n" + message;
  }
  function wait(delay) { window.setTimeout(poll, delay); }
  function poll() {
    fetch("__PATH__?v=" + build + "&g=" + seen, { cache: "no-store" }).then(function (response) {
      return response.json();
    }).then(function (data) {
      if (data.build !== build) { window.location.reload(); return; }
      seen = data.generation;
      if (data.error) { show(data.error); } else if (box) { box.remove(); box = null; }
      wait(0);
    }, function () { wait(1000); });
  }
  poll();
})();
""".replace("__PATH__", RELOAD_PATH)


class SiteFolder:
    """The folder currently served; replaced atomically when a rebuild finishes."""

    def __init__(self, path: Path) -> None:
        self._path = Path(path).resolve()

    @property
    def path(self) -> Path:
        return self._path

    def switch(self, path: Path) -> None:
        self._path = Path(path).resolve()


class Reloader:
    """Counts finished builds and failed ones; browsers long-poll until something moves on."""

    def __init__(self) -> None:
        self.build = 0
        self.generation = 0   # moves on with every build, failed or not
        self.error: str | None = None
        self.closed = False
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future]] = []
        self._lock = threading.Lock()

    def changed(self) -> None:
        """Called from the builder thread after a successful rebuild."""
        with self._lock:
            self.build += 1
            self.generation += 1
            self.error = None
        self._wake_all()

    def failed(self, message: str) -> None:
        """Called from the builder thread after a failed rebuild: pages show the message."""
        with self._lock:
            self.generation += 1
            self.error = message
        self._wake_all()

    def close(self) -> None:
        """Answer every waiting browser now (the server is stopping; they will retry)."""
        self.closed = True
        self._wake_all()

    def _wake_all(self) -> None:
        with self._lock:
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            loop.call_soon_threadsafe(_wake, future)

    def state(self) -> dict:
        state = {"build": self.build, "generation": self.generation}
        if self.error:
            state["error"] = self.error
        return state

    async def wait(self, seen: int, generation: int | None = None, timeout: float = 25.0) -> dict:
        """The state once the build differs from `seen` (or the generation from `generation`)."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._lock:
            if (self.build != seen or self.closed
                    or generation is not None and self.generation != generation):
                return self.state()
            self._waiters.append((loop, future))
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            pass
        return self.state()

    def inject(self, html: str) -> str:
        tag = f'<script src="{RELOAD_PATH}.js?v={self.build}" defer></script>'
        index = html.rfind("</body>")
        return html[:index] + tag + html[index:] if index >= 0 else html + tag


def _wake(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)


def _number(request: Request, name: str, default: int | None) -> int | None:
    text = request.query_params.get(name)
    if text is None:
        return default
    try:
        return int(text) if len(text) <= 12 else -1
    except ValueError:
        return -1


def resolve_file(root: Path, url_path: str) -> tuple[Path | None, bool]:
    """(file to serve or None, whether the URL needs a trailing slash). Never leaves `root`."""
    relative = unquote(url_path).lstrip("/")
    if "\x00" in relative:
        return None, False
    try:  # a segment over 255 bytes, a path over PATH_MAX, a loop: not found, not a 500
        candidate = (root / relative).resolve()
        if candidate != root and not candidate.is_relative_to(root):
            return None, False
        if candidate.is_dir():
            if url_path and not url_path.endswith("/"):
                return None, True
            candidate = candidate / "index.html"
        return (candidate if candidate.is_file() else None), False
    except (OSError, RuntimeError, ValueError):
        return None, False


def not_found_page(root: Path, url_path: str) -> Path | None:
    """The locale's own 404 page for a missing address under /<locale>/, else the root one."""
    first = url_path.lstrip("/").split("/", 1)[0]
    for candidate in ([root / first / "404.html"] if first and "." not in first else []) + [
            root / "404.html"]:
        try:
            if candidate.is_file():
                return candidate
        except (OSError, ValueError):   # a name too long for the file system, a NUL byte
            continue
    return None


def create_site_app(site: SiteFolder, store: EventStore, reloader: Reloader | None = None,
                    rate_limit: int = 0) -> Starlette:
    """Static site + collector (+ live reload) on one origin."""
    collector = Collector(store, ManifestCatalog(lambda: site.path),
                          limiter=RateLimiter(per_minute=rate_limit))

    async def reload_wait(request: Request) -> Response:
        if reloader is None:
            return JSONResponse({"build": 0})
        seen, generation = _number(request, "v", -1), _number(request, "g", None)
        state = await reloader.wait(seen, generation)
        return JSONResponse(state, headers={"Cache-Control": "no-store"})

    async def reload_script(request: Request) -> Response:
        return Response(RELOAD_SCRIPT, media_type="text/javascript",
                        headers={"Cache-Control": "no-store"})

    async def files(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("Method Not Allowed", status_code=405, headers={"Allow": "GET, HEAD"})
        root = site.path
        path, needs_slash = resolve_file(root, request.url.path)
        if needs_slash:
            return RedirectResponse(request.url.path + "/", status_code=301)
        if path is None:
            missing = not_found_page(root, request.url.path)
            if missing is not None:
                html = missing.read_text(encoding="utf-8")
                return HTMLResponse(reloader.inject(html) if reloader else html, status_code=404)
            return Response("Not Found", status_code=404, media_type="text/plain")
        if reloader is not None and path.suffix == ".html":
            html = reloader.inject(path.read_text(encoding="utf-8"))
            return HTMLResponse(html, headers={"Cache-Control": "no-store"})
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    routes = collector.routes() + [
        Route(RELOAD_PATH, reload_wait, methods=["GET"]),
        Route(RELOAD_PATH + ".js", reload_script, methods=["GET"]),
        Route("/{path:path}", files, methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]),
    ]
    app = Starlette(routes=routes, lifespan=collector.lifespan)
    app.state.collector = collector
    return app

"""The collector's HTTP side: `POST /api/events`, `GET /api/health` (Starlette, ASGI).

A request is answered 2xx only after its events are committed to disk. Commits are grouped: one
writer thread takes every request that is waiting and writes them all in one transaction, so a
burst of concurrent requests costs one fsync instead of one each (see `GroupCommitter`).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from helpcenter import clock
from helpcenter.events import MAX_BODY_BYTES, Catalog, EventError, parse_body, validate_event
from helpcenter.manifest import ManifestError, load_manifest
from helpcenter.store import EventStore, is_disk_full
from helpcenter_collector.guard import TrustedProxies
from helpcenter_collector.ratelimit import RateLimiter

log = logging.getLogger("helpcenter.collector")

MAX_GROUP_EVENTS = 5000
_STOP = object()


class StoreUnavailable(RuntimeError):
    """The store could not commit (disk full, file removed...): the browser keeps its queue."""


class GroupCommitter:
    """One writer thread; every waiting request's events go into the same transaction.

    `submit` returns, per event, True if it was newly stored and False if its id was already
    there, and only after COMMIT returned (synchronous=FULL: the WAL is fsynced).
    """

    def __init__(self, store: EventStore, flush_every: float = 5.0) -> None:
        self.store = store
        self.flush_every = flush_every
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._rejections: Counter[str] = Counter()  # not yet saved to the store
        self._since_start: Counter[str] = Counter()  # what /api/health reports
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.groups = 0
        self.committed = 0
        self.failure: str | None = None  # why the last write failed; None once one succeeds

    def start(self) -> None:
        if self._thread is None:
            self.store.checkpoint_in_background()
            self._stopping = threading.Event()
            self._thread = threading.Thread(target=self._run, name="helpcenter-writer",
                                            daemon=True)
            self._thread.start()
            self._checkpoints = threading.Thread(target=self._checkpoint_loop,
                                                 name="helpcenter-checkpoint", daemon=True)
            self._checkpoints.start()

    def stop(self) -> None:
        """Commit whatever is waiting, flush counters, then end the writer thread."""
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=30)
            self._thread = None
            self._stopping.set()
            self._checkpoints.join(timeout=30)
            try:
                self.store.checkpoint("TRUNCATE")
            except Exception as exc:  # the WAL is still valid; the next open replays it
                log.warning("final checkpoint failed: %s", exc)

    def _checkpoint_loop(self, every: float = 0.5) -> None:
        """PASSIVE checkpoints off the commit path, so commits never wait for one."""
        while not self._stopping.is_set():
            time.sleep(every)  # not Event.wait(every): see PreviewBuilder._watch
            try:
                self.store.checkpoint("PASSIVE")
            except Exception as exc:
                log.warning("checkpoint failed: %s", exc)

    def count_rejection(self, code: str, n: int = 1) -> None:
        with self._lock:
            self._rejections[code] += n
            self._since_start[code] += n

    def rejections(self) -> dict[str, int]:
        """Refused events per reason code since this collector started."""
        with self._lock:
            return dict(self._since_start)

    def _write_failed(self, exc: Exception, what: str) -> str:
        """Remember (and log once per change) why the store cannot write; the sentence."""
        reason = ("the disk is full" if is_disk_full(exc)
                  else f"the store cannot write ({str(exc)[:200]})")
        if reason != self.failure:
            log.error("%s: %s; events are answered 503 until it can write again", what, reason)
        self.failure = reason
        return reason

    def _write_succeeded(self) -> None:
        if self.failure is not None:
            log.warning("the event store can write again")
        self.failure = None

    async def submit(self, rows: list[dict]) -> list[bool]:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put((rows, future, loop))
        return await future

    def _run(self) -> None:
        pending_counts: Counter[str] = Counter()
        last_flush = time.monotonic()
        stopping = False
        while not stopping:
            try:
                item = self._queue.get(timeout=self.flush_every)
            except queue.Empty:
                item = None
            group = []
            if item is _STOP:
                stopping = True
            elif item is not None:
                group.append(item)
            size = sum(len(rows) for rows, _, _ in group)
            while size < MAX_GROUP_EVENTS:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                    continue
                group.append(item)
                size += len(item[0])
            if group:
                self._commit(group)
            if stopping or time.monotonic() - last_flush >= self.flush_every:
                with self._lock:
                    pending_counts += self._rejections
                    self._rejections.clear()
                # While the store cannot write, this write is also the probe that notices it
                # can again, so health turns ok by itself even with no events arriving.
                probe = self.failure is not None and not pending_counts
                try:
                    self.store.count_rejections(pending_counts or (
                        {"store_unavailable": 0} if probe else {}))
                    if pending_counts or probe:
                        self._write_succeeded()
                    pending_counts.clear()
                except Exception as exc:  # counters are best effort; events are not
                    self._write_failed(exc, "could not save rejection counters")
                last_flush = time.monotonic()

    def _commit(self, group: list) -> None:
        rows = [row for item_rows, _, _ in group for row in item_rows]
        try:
            flags = self.store.insert_each(rows)
        except Exception as exc:
            error = StoreUnavailable(self._write_failed(exc, f"could not store {len(rows)} "
                                                        "events"))
            for _, future, loop in group:
                loop.call_soon_threadsafe(_fail, future, error)
            return
        self._write_succeeded()
        self.groups += 1
        self.committed += sum(flags)
        start = 0
        for item_rows, future, loop in group:
            part = flags[start:start + len(item_rows)]
            start += len(item_rows)
            loop.call_soon_threadsafe(_resolve, future, part)


def _resolve(future: asyncio.Future, value: list[bool]) -> None:
    if not future.done():
        future.set_result(value)


def _fail(future: asyncio.Future, error: Exception) -> None:
    if not future.done():
        future.set_exception(error)


class ManifestCatalog:
    """The allowed articles and locales, reloaded when the site's manifest file changes."""

    def __init__(self, site_dir: Path | Callable[[], Path], check_every: float = 1.0,
                 monotonic: Callable[[], float] = clock.monotonic) -> None:
        self._site_dir = site_dir if callable(site_dir) else (lambda: Path(site_dir))
        self.check_every = check_every
        self.monotonic = monotonic  # injectable, so tests pass time instead of sleeping
        self._catalog: Catalog | None = None
        self._stamp: tuple | None = None
        self.checked_at = 0.0
        self.load(strict=True)

    def load(self, strict: bool = False) -> None:
        site_dir = self._site_dir()
        path = site_dir / "helpcenter" / "manifest.json"
        try:
            stat = path.stat()
            stamp = (str(path), stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None
        if stamp is not None and stamp == self._stamp and self._catalog is not None:
            return
        try:
            self._catalog = Catalog.from_manifest(load_manifest(site_dir))
            self._stamp = stamp
        except ManifestError:
            if strict or self._catalog is None:
                raise
            log.warning("the manifest in %s changed but cannot be read; still using the "
                        "previous one", site_dir)

    def __call__(self) -> Catalog:
        now = self.monotonic()
        if now - self.checked_at >= self.check_every:
            self.checked_at = now
            self.load()
        assert self._catalog is not None
        return self._catalog


def _error(status: int, code: str, message: str,
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"ok": False, "error": {"code": code, "message": message}},
                        status_code=status, headers=headers)


class Collector:
    """Validates, rate-limits and stores events; `routes()` plugs it into any Starlette app."""

    def __init__(self, store: EventStore, catalog: Callable[[], Catalog],
                 allow_origins: Sequence[str] = (), rate_limit: int = 120,
                 limiter: RateLimiter | None = None,
                 proxies: TrustedProxies | None = None) -> None:
        self.store = store
        self.catalog = catalog
        self.allow_origins = tuple(o.rstrip("/") for o in allow_origins)
        self.limiter = limiter or RateLimiter(per_minute=rate_limit)
        self.proxies = proxies or TrustedProxies()
        self.committer = GroupCommitter(store)
        self.started = clock.monotonic()

    def routes(self) -> list[Route]:
        return [Route("/api/events", self.post_events, methods=["POST"]),
                Route("/api/health", self.health, methods=["GET"])]

    @contextlib.asynccontextmanager
    async def lifespan(self, app=None):
        gc.freeze()  # start-up objects (modules, manifest) leave the collector's GC scans
        self.committer.start()
        try:
            yield
        finally:
            await asyncio.to_thread(self.committer.stop)

    def origin_allowed(self, request: Request) -> bool:
        origin = request.headers.get("origin")
        if origin is None:
            return True
        origin = origin.rstrip("/")
        if origin in self.allow_origins or "*" in self.allow_origins:
            return True
        host = request.headers.get("host", "")
        return origin != "null" and urlsplit(origin).netloc == host

    async def health(self, request: Request) -> Response:
        try:
            catalog = self.catalog()
            build = catalog.build_id
        except ManifestError as exc:
            return _error(503, "no_manifest", str(exc))
        failure = self.committer.failure
        if failure is not None:
            return _error(503, "store_unavailable", f"{failure}; events are refused until it "
                          "can write again", headers={"Retry-After": "30",
                                                       "Cache-Control": "no-store"})
        return JSONResponse({"ok": True, "schema": 1, "build": build,
                             "uptime_s": round(clock.monotonic() - self.started),
                             "commits": self.committer.groups,
                             "stored": self.committer.committed,
                             "rejected": self.committer.rejections()},
                            headers={"Cache-Control": "no-store"})

    async def post_events(self, request: Request) -> Response:
        if not self.origin_allowed(request):
            self.committer.count_rejection("origin")
            return _error(403, "origin", "this origin may not send events; add it with "
                          "--allow-origin")
        address = self.proxies.client(request.client.host if request.client else None,
                                      request.headers.getlist("x-forwarded-for"))
        wait = self.limiter.check(address)
        if wait:
            self.committer.count_rejection("rate_limited")
            return _error(429, "rate_limited", "too many requests from this client; retry "
                          "later", headers={"Retry-After": str(max(1, round(wait)))})
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            self.committer.count_rejection("bad_content_type")
            return _error(415, "bad_content_type", "send the events as application/json")
        try:
            body = await _read_limited(request, MAX_BODY_BYTES)
            candidates, batch = parse_body(body)
        except ClientDisconnect:  # gone, or cut by the guard's body timeout (it answered 408)
            return Response(status_code=408)
        except EventError as exc:
            self.committer.count_rejection(exc.code)
            return _error(exc.status, exc.code, exc.message)
        try:
            catalog = self.catalog()
        except ManifestError as exc:
            return _error(503, "no_manifest", str(exc))
        valid: list[dict] = []
        rejected: list[dict] = []
        for index, candidate in enumerate(candidates):
            try:
                valid.append(validate_event(candidate, catalog))
            except EventError as exc:
                event_id = candidate.get("id") if isinstance(candidate, dict) else None
                rejected.append({"index": index, "id": event_id if isinstance(event_id, str)
                                 and len(event_id) <= 64 else None,
                                 "code": exc.code, "message": exc.message})
                self.committer.count_rejection(exc.code)
        if valid:
            try:
                flags = await self.committer.submit(valid)
            except StoreUnavailable as exc:
                self.committer.count_rejection("store_unavailable", len(valid))
                return _error(503, "store_unavailable", f"the event store cannot take events "
                              f"right now ({exc}); keep them and retry later",
                              headers={"Retry-After": "30"})
        else:
            flags = []
        stored = sum(flags)
        duplicates = [row["event_id"] for row, new in zip(valid, flags, strict=True) if not new]
        if duplicates:
            self.committer.count_rejection("duplicate", len(duplicates))
        if not batch:
            if rejected:
                first = rejected[0]
                return _error(422, first["code"], first["message"])
            if duplicates:
                return _error(409, "duplicate", "this event id was already stored; it is kept "
                              "once")
            return JSONResponse({"ok": True, "stored": 1}, status_code=200)
        payload = {"ok": stored > 0 or not (rejected or duplicates), "stored": stored,
                   "duplicates": duplicates, "rejected": rejected}
        if stored:
            return JSONResponse(payload, status_code=200)
        if rejected:
            first = rejected[0]
            payload["error"] = {"code": first["code"], "message": f"no event stored: "
                                f"{first['message']}"}
            return JSONResponse(payload, status_code=422)
        payload["error"] = {"code": "duplicate", "message": "every event id was already stored"}
        return JSONResponse(payload, status_code=409)


async def _read_limited(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise EventError("bad_length", "Content-Length is not a number", 400)
        if int(length) > limit:
            raise EventError("too_large", f"the body is larger than {limit // 1024} KB", 413)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise EventError("too_large", f"the body is larger than {limit // 1024} KB", 413)
        chunks.append(chunk)
    return b"".join(chunks)


def cors_middleware(allow_origins: Sequence[str]) -> list[Middleware]:
    """CORS headers only for the configured origins (none: same origin only)."""
    origins = [o.rstrip("/") for o in allow_origins]
    if not origins:
        return []
    return [Middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type"], max_age=86400)]


def create_app(store: EventStore, site_dir: Path | Callable[[], Path],
               allow_origins: Sequence[str] = (), rate_limit: int = 120,
               limiter: RateLimiter | None = None,
               proxies: TrustedProxies | None = None) -> Starlette:
    """The standalone collector (`helpcenter collect`)."""
    collector = Collector(store, ManifestCatalog(site_dir), allow_origins, rate_limit, limiter,
                          proxies)
    app = Starlette(routes=collector.routes(), middleware=cors_middleware(allow_origins),
                    lifespan=collector.lifespan)
    app.state.collector = collector
    return app

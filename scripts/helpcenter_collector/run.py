"""Starting the collector from the command line (`helpcenter collect`)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from helpcenter.manifest import ManifestError
from helpcenter.store import DEFAULT_DB_PATH, StoreError, open_store
from helpcenter_collector.guard import ConnectionGuard, ConnectionLimits, ProxyError, TrustedProxies


class CollectorError(ValueError):
    """The collector cannot start; the message names the option at fault."""


def resolve_db(db: str | None, root: Path | None) -> str | Path:
    """The store to open: `--db` as given, else the local file `helpcenter serve` writes."""
    if db:
        return db
    return (root or Path.cwd()) / DEFAULT_DB_PATH


def check_origins(origins: Sequence[str]) -> list[str]:
    """`--allow-origin` values must be origins (scheme://host[:port]) or '*'."""
    checked = []
    for origin in origins:
        origin = origin.rstrip("/")
        if origin != "*" and (not origin.startswith(("http://", "https://"))
                              or "/" in origin.split("://", 1)[1]):
            raise CollectorError(f"--allow-origin {origin!r}: expected an origin such as "
                                 "https://help.example.com (scheme and host, no path)")
        checked.append(origin)
    return checked


def check_port(host: str, port: int) -> None:
    """Fail early, with a sentence, when the address cannot be bound (before any work is done)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            reason = "already in use" if exc.errno == 98 else (exc.strerror or str(exc))
            raise CollectorError(f"--port {port}: cannot listen on {host}:{port} ({reason}); "
                                 "choose another --port or --host") from None


def uvicorn_options(guard: ConnectionGuard) -> dict:
    """The uvicorn settings every collector server uses: the guard's protocol and timers, and
    no `X-Forwarded-For` handling of uvicorn's own (it trusts loopback; ours trusts only the
    proxies named with --trusted-proxy)."""
    return {"http": guard.protocol_class(), "proxy_headers": False, "limit_concurrency": None,
            "timeout_keep_alive": guard.limits.keep_alive, "server_header": False,
            "log_level": "warning", "access_log": False, "lifespan": "on"}


def raise_open_file_limit(wanted: int) -> None:
    """Allow `wanted` open sockets if the hard limit permits (the soft default is often 1024)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def serve_collector(db: str | Path, site_dir: Path, host: str, port: int,
                    allow_origins: Sequence[str], rate_limit: int,
                    echo=print, trusted_proxies: Sequence[str] = (),
                    per_client: int = ConnectionLimits.per_client) -> None:
    """Run the collector with uvicorn until interrupted."""
    import uvicorn

    from helpcenter_collector.app import create_app

    origins = check_origins(allow_origins)
    try:
        proxies = TrustedProxies(trusted_proxies)
    except ProxyError as exc:
        raise CollectorError(str(exc)) from None
    check_port(host, port)
    try:
        store = open_store(db)
    except StoreError as exc:
        raise CollectorError(str(exc)) from None
    try:
        app = create_app(store, site_dir, origins, rate_limit, proxies=proxies)
    except ManifestError as exc:
        store.close()
        raise CollectorError(f"--site-dir: {exc}") from None
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    catalog = app.state.collector.catalog()
    guard = ConnectionGuard(ConnectionLimits(per_client=per_client), proxies)
    raise_open_file_limit(guard.limits.max_connections + 256)
    echo(f"Collecting events on http://{host}:{port}/api/events into {store.location} "
         f"(manifest build {catalog.build_id}, {len(catalog.articles)} articles)")
    try:
        uvicorn.run(app, host=host, port=port, **uvicorn_options(guard))
    finally:
        store.close()


class ThreadedServer:
    """uvicorn in a background thread on loopback: for tests and embedding.

    `port=0` picks a free port; `url` is known once `start()` returns.
    """

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0,
                 guard: ConnectionGuard | None = None) -> None:
        import uvicorn

        self.guard = guard or ConnectionGuard()
        self.config = uvicorn.Config(app, host=host, port=port, **uvicorn_options(self.guard))
        self.server = uvicorn.Server(self.config)
        self.thread = None
        self.url = ""

    def start(self, timeout: float = 10.0) -> ThreadedServer:
        import threading
        import time

        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise CollectorError(f"the server did not start on {self.config.host}:"
                                     f"{self.config.port}")
            time.sleep(0.01)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        self.port = port
        self.url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

"""Slow, idle and crowding clients against a real collector on loopback (short injected timers).

Each test's timeouts are a few tenths of a second, so a test waits for the guard's own timer to
fire, never for a production-length one. Attack connections come from 127.0.0.2 (Linux routes
all of 127.0.0.0/8 to loopback), the legitimate client from 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import time

import httpx
import pytest

from helpcenter.store import open_store
from helpcenter_collector.app import create_app
from helpcenter_collector.guard import (
    ConnectionGuard,
    ConnectionLimits,
    ProxyError,
    TrustedProxies,
    client_key,
)
from helpcenter_collector.ratelimit import RateLimiter
from helpcenter_collector.run import ThreadedServer
from tests.collector.support import dumps, make_event, stored_rows

JSON = {"Content-Type": "application/json"}
ATTACKER = "127.0.0.2"
LIMITS = ConnectionLimits(header_timeout=0.4, body_timeout=0.4, keep_alive=0.4, per_client=4,
                          max_connections=12)
# For tests about caps, not timers: nothing may expire while a loaded machine sets the scene up.
PATIENT = ConnectionLimits(header_timeout=30, body_timeout=30, keep_alive=30, per_client=4,
                           max_connections=12)


class Errors(logging.Handler):
    """Collects error records (tracebacks) logged by uvicorn or the collector."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def guarded(request, site_dir, db_path):
    """A collector with short timers (or the limits given by indirect parametrization); yields
    the server (`.url`, `.port`, `.guard`, `.errors`)."""
    errors = Errors()
    loggers = [logging.getLogger(n) for n in ("uvicorn.error", "helpcenter.collector")]
    for logger in loggers:
        logger.addHandler(errors)
    store = open_store(db_path)
    app = create_app(store, site_dir, limiter=RateLimiter(per_minute=0))
    limits = getattr(request, "param", LIMITS)
    with ThreadedServer(app, guard=ConnectionGuard(limits)) as server:
        server.errors = errors
        yield server
    store.close()
    for logger in loggers:
        logger.removeHandler(errors)
    assert not errors.records, [r.getMessage() for r in errors.records]


def connect(server, source: str = ATTACKER) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5,
                                    source_address=(source, 0))
    return sock


def wait_until(condition, within: float = 10.0) -> None:
    """Poll a condition of the server's state (never sleep for a guessed time)."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "the server never reached the expected state"
        time.sleep(0.01)


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def legit_post(server) -> httpx.Response:
    return httpx.post(f"{server.url}/api/events", content=dumps(make_event()), headers=JSON,
                      timeout=5)


def head(path: str = "/api/events", length: int = 200) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def test_a_connection_that_sends_nothing_is_closed_silently(guarded):
    with connect(guarded) as sock:
        started = time.monotonic()
        assert read_all(sock) == b""
        assert time.monotonic() - started < 3
    assert guarded.guard.refused["idle_timeout"] == 1


def test_headers_trickled_a_line_at_a_time_get_408(guarded):
    with connect(guarded) as sock:
        sock.sendall(b"POST /api/events HTTP/1.1\r\n")
        for line in (b"Host: x\r\n", b"X-A: 1\r\n", b"X-B: 2\r\n"):
            time.sleep(0.15)  # each line well inside the timeout, the whole beyond it
            with contextlib.suppress(OSError):
                sock.sendall(line)
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "timeout"


def test_a_body_sent_a_byte_at_a_time_gets_408_and_nothing_is_stored(guarded, db_path):
    body = dumps(make_event())
    with connect(guarded) as sock:
        sock.sendall(head(length=len(body)))
        for byte in body[:6]:
            time.sleep(0.1)
            with contextlib.suppress(OSError):
                sock.sendall(bytes([byte]))
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert stored_rows(db_path) == []
    assert legit_post(guarded).status_code == 200


def test_one_client_holds_at_most_its_share_of_connections(guarded, db_path):
    held = [connect(guarded) for _ in range(LIMITS.per_client)]
    try:
        with connect(guarded) as extra:  # what an over-cap connection sends is never read
            body = dumps(make_event())
            extra.sendall(head(length=len(body)) + body)
            assert legit_post(guarded).status_code == 200  # another client is still served
            answer = read_all(extra)  # held unread for the header timeout, then refused
        assert answer.startswith(b"HTTP/1.1 429 ")
        assert b"too_many_connections" in answer
    finally:
        for sock in held:
            sock.close()
    assert len(stored_rows(db_path)) == 1


@pytest.mark.parametrize("guarded", [PATIENT], indirect=True)
def test_when_the_server_is_full_the_longest_idle_connection_makes_room(guarded, db_path):
    sources = [f"127.0.0.{n}" for n in range(10, 14)]  # 4 clients x 3 = 12 idle, the maximum
    held = [connect(guarded, source) for source in sources for _ in range(3)]
    try:
        wait_until(lambda: guarded.guard.admitted == PATIENT.max_connections)
        for _ in range(3):
            assert legit_post(guarded).status_code == 200
        assert guarded.guard.refused["idle_shed"] >= 1
    finally:
        for sock in held:
            sock.close()
    assert len(stored_rows(db_path)) == 3


def test_keep_alive_connections_are_reused_then_closed_when_idle(guarded):
    with httpx.Client(timeout=5) as client:
        for _ in range(3):
            assert client.post(f"{guarded.url}/api/events", content=dumps(make_event()),
                               headers=JSON).status_code == 200
    with connect(guarded) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = read_all(sock)  # answered, then closed by the keep-alive timer
    assert answer.startswith(b"HTTP/1.1 200 ")


# -- X-Forwarded-For is believed only from named proxies ----------------------------------------


def rate_limited_app(site_dir, tmp_path, proxies: TrustedProxies):
    store = open_store(tmp_path / "rl.sqlite3")
    frozen = RateLimiter(per_minute=60, burst=2, clock=lambda: 0.0)
    return store, create_app(store, site_dir, limiter=frozen, proxies=proxies)


def statuses(url: str, forwarded: list[str]) -> list[int]:
    return [httpx.post(f"{url}/api/events", content=dumps(make_event()),
                       headers={**JSON, "X-Forwarded-For": xff}, timeout=5).status_code
            for xff in forwarded]


def test_forwarded_for_from_an_unnamed_peer_does_not_escape_the_rate_limit(site_dir, tmp_path):
    store, app = rate_limited_app(site_dir, tmp_path, TrustedProxies())
    with ThreadedServer(app) as server:
        assert statuses(server.url, [f"203.0.113.{n}" for n in range(5)]) == [200, 200, 429,
                                                                               429, 429]
    store.close()


def test_forwarded_for_from_a_named_proxy_identifies_the_client(site_dir, tmp_path):
    store, app = rate_limited_app(site_dir, tmp_path, TrustedProxies(["127.0.0.1"]))
    with ThreadedServer(app) as server:
        assert statuses(server.url, ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) == [200] * 3
        # A client cannot pick its own identity: the proxy appends the real address last.
        assert statuses(server.url, ["1.1.1.1, 203.0.113.9", "2.2.2.2, 203.0.113.9",
                                     "3.3.3.3, 203.0.113.9"]) == [200, 200, 429]
    store.close()


def test_a_named_proxy_may_hold_more_connections_than_one_client(site_dir, db_path):
    store = open_store(db_path)
    app = create_app(store, site_dir, limiter=RateLimiter(per_minute=0))
    guard = ConnectionGuard(LIMITS, TrustedProxies([ATTACKER]))
    with ThreadedServer(app, guard=guard) as server:
        held = [connect(server) for _ in range(LIMITS.per_client + 3)]
        try:
            held[-1].sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert read_all(held[-1]).startswith(b"HTTP/1.1 200 ")
        finally:
            for sock in held:
                sock.close()
    store.close()


@pytest.mark.parametrize("peer, header, client", [
    ("10.0.0.5", ["198.51.100.7"], "198.51.100.7"),
    ("10.0.0.5", ["198.51.100.7, 10.0.0.9"], "198.51.100.7"),  # a chain of our own proxies
    ("10.0.0.5", ["6.6.6.6", "198.51.100.7"], "198.51.100.7"),  # two headers: the last counts
    ("10.0.0.5", [], "10.0.0.5"),
    ("10.0.0.5", [" , ,"], "10.0.0.5"),
    ("10.0.0.5", ["10.0.0.7"], "10.0.0.5"),  # only proxies: the peer itself
    ("192.0.2.1", ["198.51.100.7"], "192.0.2.1"),  # not a named proxy: header ignored
    ("::ffff:10.0.0.5", ["2001:db8::1"], "2001:db8::1"),
    ("10.0.0.5", ["not-an-address"], "not-an-address"),  # hashed like any other identity
])
def test_the_client_is_the_right_most_untrusted_forwarded_hop(peer, header, client):
    assert TrustedProxies(["10.0.0.0/8"]).client(peer, header) == client


@pytest.mark.parametrize("value", ["", "localhost", "10.0.0.0/33", "1.2.3.4.5", "*"])
def test_trusted_proxy_values_must_be_addresses_or_networks(value):
    with pytest.raises(ProxyError, match="--trusted-proxy"):
        TrustedProxies([value])


def test_ipv6_clients_are_capped_per_slash_64():
    assert client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff::9")
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("192.0.2.1") == "192.0.2.1"

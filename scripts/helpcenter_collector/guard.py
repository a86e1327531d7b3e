"""Connections that cannot starve the collector: timeouts, a per-client cap, trusted proxies.

uvicorn on its own keeps a connection that sends nothing (or a header line every few seconds)
open forever, and counts it against `limit_concurrency`, so a thousand idle sockets from one
machine make every request answer 503. `ConnectionGuard` wraps uvicorn's HTTP/1.1 protocol:

- a request's headers must be complete within `header_timeout` of its first byte, and its body
  within `body_timeout` after the headers; otherwise the client gets 408. A connection that
  sends nothing is closed after 50-100 % of `header_timeout` (spread at random);
- idle keep-alive connections close after `keep_alive` seconds (uvicorn's own timer);
- one client (an IPv4 address, an IPv6 /64) holds at most `per_client` connections; more are
  not read from ("tarpitted": no parsing, no app, no timer beyond one close) and answered 429
  when they are closed after `header_timeout`, so an attacker that reconnects as fast as it
  can is slowed to one attempt per connection per timeout;
- when `max_connections` are admitted, the connection that has waited longest for a request
  is shed to make room, so idle sockets from many addresses cannot lock legitimate clients
  out. Tarpitted connections beyond `max_connections` are closed at once.

Connections from `trusted_proxies` are exempt from the per-client cap (a reverse proxy carries
many clients), and only from them is `X-Forwarded-For` believed (`TrustedProxies.client`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from uvicorn.protocols.http.h11_impl import H11Protocol

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ProxyError(ValueError):
    """A `--trusted-proxy` value is not an address or network."""


class TrustedProxies:
    """The reverse proxies the operator named; only their `X-Forwarded-For` is believed."""

    def __init__(self, proxies: Iterable[str] = ()) -> None:
        self.networks: tuple[Network, ...] = tuple(parse_network(p) for p in proxies)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, address: str | None) -> bool:
        ip = _ip(address)
        return ip is not None and any(ip in network for network in self.networks)

    def client(self, peer: str | None, forwarded_for: Sequence[str] = ()) -> str:
        """The client's address: the peer, unless the peer is a trusted proxy; then the
        right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries further
        left were written by the client and prove nothing)."""
        if not peer or not self.trusts(peer):
            return peer or "unknown"
        hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
        for hop in reversed(hops):
            if not hop:
                continue
            if not self.trusts(hop):
                return hop[:64]
        return peer


def parse_network(value: str) -> Network:
    """`10.0.0.1`, `10.0.0.0/8` or `::1` as a network; ProxyError with a sentence otherwise."""
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        raise ProxyError(f"--trusted-proxy {value!r}: expected an IP address or network such "
                         "as 10.0.0.1 or 10.0.0.0/8") from None


def _ip(address: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def client_key(address: str | None) -> str:
    """What the per-client cap counts: the IPv4 address, or the /64 of an IPv6 address (one
    household or server usually owns a whole /64)."""
    ip = _ip(address)
    if ip is None:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass(frozen=True)
class ConnectionLimits:
    """How long a request may take to arrive and how many connections may be open."""

    header_timeout: float = 10.0
    body_timeout: float = 10.0
    keep_alive: float = 5.0
    per_client: int = 32  # 0 = no cap
    max_connections: int = 4000


def _raw_response(status: str, code: str, message: str, extra: str = "") -> bytes:
    body = json.dumps({"ok": False, "error": {"code": code, "message": message}}).encode()
    head = (f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\nconnection: close\r\n"
            f"cache-control: no-store\r\n{extra}content-length: {len(body)}\r\n\r\n")
    return head.encode("ascii") + body


@dataclass
class ConnectionGuard:
    """Shared state of all connections of one server (used from the event loop thread only)."""

    limits: ConnectionLimits = field(default_factory=ConnectionLimits)
    proxies: TrustedProxies = field(default_factory=TrustedProxies)
    per_client: Counter = field(default_factory=Counter)
    admitted: int = 0
    tarpitted: int = 0
    waiting: dict = field(default_factory=dict)  # protocol -> None, oldest first
    refused: Counter = field(default_factory=Counter)  # why connections were cut, for health

    def protocol_class(self) -> type[H11Protocol]:
        """uvicorn's `http=` protocol class for this guard."""
        guard = self

        class GuardedProtocol(_GuardedH11):
            pass

        GuardedProtocol.guard = guard
        return GuardedProtocol

    def shed_one_waiting(self) -> bool:
        """Close the connection that has waited longest for a request; False if none waits."""
        for protocol in self.waiting:
            protocol.expire(reason="shed")
            return True
        return False


_TOO_MANY = ("429 Too Many Requests", "too_many_connections", "this client has too many "
             "connections open already; reuse one", "retry-after: 2\r\n")


class _GuardedH11(H11Protocol):
    """uvicorn's h11 protocol with the guard's timers and caps (see the module docstring)."""

    guard: ConnectionGuard

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._stage = "headers"  # headers -> body -> app -> (response) -> headers
        self._received = False
        self._seen_cycle = None
        self._timer: asyncio.TimerHandle | None = None
        self._key: str | None = None
        self._tarpitted = False
        guard = self.guard
        host = self.client[0] if self.client else None
        key = client_key(host)
        if (guard.limits.per_client and not guard.proxies.trusts(host)
                and guard.per_client[key] >= guard.limits.per_client):
            self._tarpit()
            return
        if guard.admitted >= guard.limits.max_connections and not guard.shed_one_waiting():
            self._refuse("503 Service Unavailable", "busy", "the collector has too many open "
                         "connections; retry later", "retry-after: 5\r\n")
            return
        self._key = key
        guard.per_client[key] += 1
        guard.admitted += 1
        self._wait_for_request()

    def _tarpit(self) -> None:
        """Over the per-client cap: hold the socket unread, answer 429 when the time is up."""
        guard = self.guard
        if guard.tarpitted >= guard.limits.max_connections:
            self._refuse(*_TOO_MANY)
            return
        guard.tarpitted += 1
        self._tarpitted = True
        self._stage = "tarpit"
        self.transport.pause_reading()
        self._timer = self.loop.call_later(guard.limits.header_timeout, self._refuse, *_TOO_MANY)

    def _refuse(self, status: str, code: str, message: str, extra: str) -> None:
        self._timer = None
        self.guard.refused[code] += 1
        self._stage = "closed"
        if not self.transport.is_closing():
            self.transport.write(_raw_response(status, code, message, extra))
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        guard = self.guard
        guard.waiting.pop(self, None)
        if self._tarpitted:
            guard.tarpitted -= 1
            self._tarpitted = False
        if self._key is not None:
            guard.admitted -= 1
            guard.per_client[self._key] -= 1
            if guard.per_client[self._key] <= 0:
                del guard.per_client[self._key]
            self._key = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._stage in ("closed", "tarpit"):
            return
        if self._stage == "headers" and not self._received:
            self._received = True
            self._arm(self.guard.limits.header_timeout)
        super().data_received(data)
        self._follow_cycle()

    def on_response_complete(self) -> None:
        if self._stage != "closed":
            self._wait_for_request()
        super().on_response_complete()
        self._follow_cycle()  # a pipelined request may have started already

    def _wait_for_request(self) -> None:
        """Idle until the next request: closed after 50-100 % of the header timeout, spread so
        that a thousand idle sockets opened together do not all expire (and reconnect) in the
        same millisecond; the first byte of a request gets the full timeout from then on."""
        self._stage = "headers"
        self._received = False
        self.guard.waiting[self] = None
        self._arm(self.guard.limits.header_timeout * (0.5 + random.random() / 2))

    def _follow_cycle(self) -> None:
        cycle = self.cycle
        if self._stage == "headers" and cycle is not None and cycle is not self._seen_cycle:
            self._seen_cycle = cycle
            self.guard.waiting.pop(self, None)
            self._stage = "body"
            self._arm(self.guard.limits.body_timeout)
        if self._stage == "body" and cycle is not None and not cycle.more_body:
            self._stage = "app"
            self._cancel_timer()

    def _arm(self, seconds: float) -> None:
        self._cancel_timer()
        self._timer = self.loop.call_later(seconds, self.expire)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def expire(self, reason: str = "timeout") -> None:
        """Too slow (or shed to make room): 408 if a request had begun, then close."""
        self._cancel_timer()
        self.guard.waiting.pop(self, None)
        if self.transport.is_closing() or self._stage in ("app", "closed", "tarpit"):
            return
        started = self._stage == "body" or self._received
        self.guard.refused["slow_request" if started else f"idle_{reason}"] += 1
        if started:
            limit = (self.guard.limits.body_timeout if self._stage == "body"
                     else self.guard.limits.header_timeout)
            self.transport.write(_raw_response(
                "408 Request Timeout", "timeout", f"the request did not arrive within "
                f"{limit:g} s; send it again in one go"))
        self._stage = "closed"
        self.transport.close()

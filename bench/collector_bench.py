"""Collector throughput and latency on loopback, with durable acknowledgement.

Starts `helpcenter collect` in its own process (fresh SQLite store, synthetic manifest, rate
limit off) and drives it from this process with a small keep-alive HTTP/1.1 client on asyncio
(lighter than a general-purpose client, so the 2 cores go to the collector, not the load).

Scenarios, each after a warm-up:
  closed   N connections send back to back (maximum throughput at that concurrency)
  open     requests scheduled at a fixed rate; latency counted from the *scheduled* time, so
           a stalled server cannot hide queueing (no coordinated omission); its 64
           connections come from 64 loopback addresses, so the per-client connection cap
           (32) sees many customers, as it would on the internet
for single-event requests and for batches of 20. At the end every acknowledged event is
checked to be in the store.

    python bench/collector_bench.py [--seconds 10] [--rate 1000] [--connections 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLES = [f"{c}/article-{n}" for c in ("account", "orders", "billing", "returns")
            for n in range(10)]
LOCALES = ["en", "ko", "ja"]


def write_manifest(site: Path) -> None:
    from helpcenter.manifest import write_manifest as write

    entry = {"url": "/x/", "title": "T", "description": "D", "fallback": False,
             "source": "x.md", "reviewed": None}
    write(site, {
        "schema": "helpcenter.manifest", "version": 1, "build_id": "bench-build",
        "built_at": "2026-11-22T00:00:00Z", "site_url": "", "default_locale": "en",
        "locales": [{"code": c, "name": c, "default": c == "en", "url": "/"} for c in LOCALES],
        "categories": {},
        "articles": {a: {"category": a.split("/")[0], "owner": None, "reviewed": None,
                         "tags": [], "locales": {c: entry for c in LOCALES}} for a in ARTICLES},
    })


def event(n: int) -> dict:
    kind = n % 4
    base = {"v": 1, "id": secrets.token_urlsafe(16), "session": f"bench-{n // 8:08d}",
            "locale": LOCALES[n % 3], "article": ARTICLES[n % len(ARTICLES)],
            "build": "bench-build", "url": "/x/", "ts": "2026-11-22T10:00:00.000Z"}
    if kind == 0:
        return {**base, "type": "vote", "value": "no"}
    if kind == 1:
        return {**base, "type": "reason", "value": "missing"}
    if kind == 2:
        return {**base, "type": "comment",
                "text": "The steps do not match the app; call me at 010-1234-5678."}
    return {**base, "type": "effort", "value": 2}


def request_bytes(port: int, batch: int, counter: list[int]) -> tuple[bytes, int]:
    if batch == 1:
        body = json.dumps(event(counter[0])).encode()
    else:
        body = json.dumps({"events": [event(counter[0] + i) for i in range(batch)]}).encode()
    counter[0] += batch
    head = (f"POST /api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    return head + body, batch


async def roundtrip(reader, writer, payload: bytes) -> int:
    writer.write(payload)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


class Results:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.events = 0
        self.started = self.finished = 0.0  # the first scheduled send, the last answer


async def closed_loop(port: int, batch: int, connections: int, seconds: float) -> Results:
    results = Results()
    counter = [0]
    stop_at = time.perf_counter() + seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop_at:
            payload, n = request_bytes(port, batch, counter)
            start = time.perf_counter()
            status = await roundtrip(reader, writer, payload)
            results.latencies.append(time.perf_counter() - start)
            results.statuses[status] = results.statuses.get(status, 0) + 1
            if status == 200:
                results.events += n
        writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return results


def source_address(n: int) -> str:
    """The n-th of many loopback client addresses (127.0.0.2, 127.0.0.3, ...: all of 127/8 is
    loopback on Linux), so that each connection is a customer of its own, as the collector's
    per-client connection cap and rate limit see customers."""
    n += 2
    return f"127.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


async def open_loop(port: int, batch: int, rate: float, seconds: float,
                    connections: int = 64, sources: int = 0, offset: int = 0,
                    together: asyncio.Barrier | None = None) -> Results:
    """`rate` requests/s for `seconds` over `connections` keep-alive connections; latency from
    each request's scheduled time. With `sources`, connection i comes from loopback address
    `source_address(offset + i % sources)` instead of 127.0.0.1. Every request body is built
    before the clock starts, so the load client spends its share of the CPU on sending; loops
    sharing a `together` barrier start their clocks at once."""
    results = Results()
    total = int(rate * seconds)
    counter = [offset * 1_000_000_000]  # distinct ids across concurrent loops
    payloads = [request_bytes(port, batch, counter) for _ in range(total)]
    pool: asyncio.Queue = asyncio.Queue()
    for i in range(connections):
        local = (source_address(offset + i % sources), 0) if sources else None
        pool.put_nowait(await asyncio.open_connection("127.0.0.1", port, local_addr=local))
    if together is not None:
        await together.wait()
    start = results.started = time.perf_counter()
    tasks = []

    async def one(scheduled: float, payload: bytes, n: int) -> None:
        reader, writer = await pool.get()
        status = await roundtrip(reader, writer, payload)
        results.finished = time.perf_counter()
        results.latencies.append(results.finished - scheduled)
        results.statuses[status] = results.statuses.get(status, 0) + 1
        if status == 200:
            results.events += n
        pool.put_nowait((reader, writer))

    for i, (payload, n) in enumerate(payloads):
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(scheduled, payload, n)))
    await asyncio.gather(*tasks)
    while not pool.empty():
        pool.get_nowait()[1].close()
    return results


def summary(name: str, results: Results, seconds: float) -> dict:
    lat = sorted(results.latencies)
    q = statistics.quantiles(lat, n=1000) if len(lat) > 10 else lat

    def pick(p: float) -> float:
        return round(q[min(len(q) - 1, int(p * 10) - 1)] * 1000, 2) if q else 0.0

    row = {"scenario": name, "requests": len(lat), "req_per_s": round(len(lat) / seconds),
           "events_per_s": round(results.events / seconds), "p50_ms": pick(50),
           "p99_ms": pick(99), "max_ms": round(lat[-1] * 1000, 2) if lat else 0.0,
           "statuses": results.statuses}
    print(f"{name:<34} {row['req_per_s']:>7} req/s {row['events_per_s']:>8} events/s   "
          f"p50 {row['p50_ms']:>6} ms   p99 {row['p99_ms']:>6} ms   max {row['max_ms']:>7} ms"
          f"   {results.statuses}", flush=True)
    return row


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=1000.0, help="open-loop requests/s")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="collector-bench-"))
    site, db = work / "site", work / "events.sqlite3"
    write_manifest(site)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "collect", "--db",
                               f"sqlite:///{db}", "--site-dir", str(site), "--port", str(port),
                               "--rate-limit", "0"], cwd=work, stdout=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        print(f"collector pid {server.pid} on 127.0.0.1:{port}; store {db}")
        print(f"machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
              f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
              f"{platform.system()} {platform.release()}")
        rows = []
        asyncio.run(closed_loop(port, 1, args.connections, 1.0))  # warm-up
        for batch in (1, 20):
            label = "single event" if batch == 1 else f"batch of {batch}"
            rows.append(summary(f"closed, {args.connections} conns, {label}",
                                asyncio.run(closed_loop(port, batch, args.connections,
                                                        args.seconds)), args.seconds))
        for batch, rate in ((1, args.rate), (20, args.rate / 10)):
            label = "single event" if batch == 1 else f"batch of {batch}"
            rows.append(summary(f"open, {rate:.0f} req/s, {label}",
                                asyncio.run(open_loop(port, batch, rate, args.seconds,
                                                     sources=64)),
                                args.seconds))
        health = json.loads(__import__("urllib.request").request.urlopen(
            f"http://127.0.0.1:{port}/api/health").read())
        acked = sum(r["events_per_s"] * args.seconds for r in rows)
        print(f"commits: {health['commits']} transactions for {health['stored']} stored events "
              f"({health['stored'] / max(1, health['commits']):.1f} events per commit)")
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM events").fetchone()[0]
    print(f"stored rows: {stored} (acknowledged in measured runs ≈ {acked:.0f}, plus warm-up)")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()

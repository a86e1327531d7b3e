"""Legitimate feedback while an attacker holds idle and slow connections to the collector.

Starts `helpcenter collect` with its default settings in its own process. An attacker process
keeps `--idle` connections open that send nothing and `--slow` connections that trickle a
request one header line every 2 s, reconnecting whenever the collector cuts one. Meanwhile this
process sends `--rate` single-event requests per second as legitimate browsers do (a fresh
connection each, spread over 200 client addresses so the per-client rate limit of 120/min is
not what is measured); latency is counted from the scheduled send time, so a stalled server
cannot hide queueing. Attack connections come from other loopback addresses (127.0.0.0/8 is
all loopback on Linux):

  no attack     the same legitimate load alone, for comparison
  one address   every attack connection from 127.0.0.2
  many          idle connections from 50 addresses (20 each), slow ones from 10 (10 each):
                under the per-client cap, so only the timeouts and shedding protect

    python bench/collector_attack_bench.py [--seconds 20] [--rate 200] [--idle 1000] [--slow 100]

Target (issue 12): p99 of the legitimate requests < 50 ms and none refused.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.collector_bench import event, free_port, write_manifest  # noqa: E402

LEGIT_ADDRESSES = [f"127.0.3.{n}" for n in range(1, 201)]


async def _hold(port: int, source: str, stats: dict, stop: float, lines: list[bytes]) -> None:
    """Keep one attack connection open until `stop`, reconnecting whenever the collector cuts
    it: with no `lines` it sends nothing; otherwise one line every 2 s."""
    while time.monotonic() < stop:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port,
                                                          local_addr=(source, 0))
        except OSError:
            stats["connect_failed"] += 1
            await asyncio.sleep(0.5)
            continue
        stats["opened"] += 1
        answer = b""
        try:
            for line in lines or [b""]:
                writer.write(line)
                await writer.drain()
                wait = 2.0 if lines else max(0.1, stop - time.monotonic())
                try:
                    answer = await asyncio.wait_for(reader.read(64), timeout=wait)
                    break  # the collector answered (or closed): reconnect
                except TimeoutError:
                    if time.monotonic() >= stop:
                        break
        except OSError:
            pass
        stats["cut_" + (answer[9:12].decode() if answer else "silently")] += 1
        writer.close()


SLOW_LINES = [b"POST /api/events HTTP/1.1\r\n", b"Host: x\r\n",
              b"Content-Type: application/json\r\n"]
SLOW_LINES += [f"X-Pad-{n}: {'a' * 20}\r\n".encode() for n in range(100)]


def attacker(port: int, idle: int, slow: int, spread: bool, seconds: float, out) -> None:
    """Runs in its own process; sends its counters back through `out` when done."""
    from collections import Counter

    stats: Counter = Counter()
    stop = time.monotonic() + seconds

    def source(n: int, per: int, base: str) -> str:
        return f"{base}.{n // per + 1}" if spread else "127.0.0.2"

    async def run() -> None:
        tasks = [_hold(port, source(n, 20, "127.0.1"), stats, stop, []) for n in range(idle)]
        tasks += [_hold(port, source(n, 10, "127.0.2"), stats, stop, SLOW_LINES)
                  for n in range(slow)]
        await asyncio.gather(*tasks)

    asyncio.run(run())
    out.send(dict(stats))


async def legit(port: int, rate: float, seconds: float) -> tuple[list[float], dict]:
    latencies: list[float] = []
    statuses: dict = {}
    start = time.perf_counter()

    async def one(n: int, scheduled: float) -> None:
        body = json.dumps(event(n)).encode()
        payload = (f"POST /api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                   f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                   f"Connection: close\r\n\r\n").encode() + body
        try:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", port, local_addr=(LEGIT_ADDRESSES[n % len(LEGIT_ADDRESSES)], 0))
            writer.write(payload)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            writer.close()
        except (OSError, asyncio.IncompleteReadError):
            status = "refused"
        latencies.append(time.perf_counter() - scheduled)
        statuses[status] = statuses.get(status, 0) + 1

    tasks = []
    for n in range(int(rate * seconds)):
        scheduled = start + n / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(n, scheduled)))
    await asyncio.gather(*tasks)
    return latencies, statuses


def report(name: str, latencies: list[float], statuses: dict, attack: dict) -> dict:
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=100)
    row = {"scenario": name, "requests": len(lat), "p50_ms": round(q[49] * 1000, 1),
           "p99_ms": round(q[98] * 1000, 1), "max_ms": round(lat[-1] * 1000, 1),
           "statuses": statuses, "attack": attack}
    print(f"{name:<14} legit {len(lat)} requests: p50 {row['p50_ms']} ms, p99 {row['p99_ms']} "
          f"ms, max {row['max_ms']} ms, {statuses}; attack connections {attack}", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--slow", type=int, default=100)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="collector-attack-"))
    site, db = work / "site", work / "events.sqlite3"
    write_manifest(site)
    port = free_port()
    print(f"machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    server = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "collect", "--db",
                               f"sqlite:///{db}", "--site-dir", str(site), "--port", str(port)],
                              cwd=work, stdout=subprocess.DEVNULL)
    rows = []
    try:
        time.sleep(1.5)
        asyncio.run(legit(port, 50, 1.0))  # warm-up
        latencies, statuses = asyncio.run(legit(port, args.rate, args.seconds))
        rows.append(report("no attack", latencies, statuses, {}))
        for spread in (False, True):
            name = "many addresses" if spread else "one address"
            receive, send = multiprocessing.Pipe(duplex=False)
            attack = multiprocessing.Process(target=attacker, args=(
                port, args.idle, args.slow, spread, args.seconds + 4, send))
            attack.start()
            time.sleep(3)  # let the attacker open its connections first
            latencies, statuses = asyncio.run(legit(port, args.rate, args.seconds))
            attack.join(timeout=60)
            rows.append(report(name, latencies, statuses, receive.recv()))
            time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()

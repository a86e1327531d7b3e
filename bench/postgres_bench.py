"""PostgreSQL store benchmarks: two collectors on one database, and reports over big tables.

    python -m bench.postgres_bench collectors --url postgresql://user:pw@127.0.0.1/postgres
        [--seconds 10] [--rate 2000]
    python -m bench.postgres_bench report --url postgresql://... --events 1000000 10000000

`--url` names a role allowed to create databases; each run makes its own database
(`helpcenter_bench_*`) and drops it afterwards (`--keep` keeps the report tables for another
run). `collectors` starts two `helpcenter collect` processes on one fresh database and drives
both from this process (bench.collector_bench's small asyncio client, open loop: latency from
the scheduled time, so a stall cannot hide). It checks that every acknowledged event is stored
once. `report` loads demo events (the generator of `helpcenter demo-events`) with COPY, then
times `helpcenter report --db postgresql://...` in a fresh process and reads its peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.collector_bench import Results, free_port, open_loop, summary, write_manifest

REPO = Path(__file__).resolve().parent.parent
END = "2026-11-22T23:00:00+00:00"


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def create_database(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def machine(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
        sync = conn.execute("SHOW synchronous_commit").fetchone()[0]
    load = os.getloadavg()
    return (f"machine: {os.cpu_count()} CPUs ({platform.machine()}), Python "
            f"{platform.python_version()}, PostgreSQL {server} (synchronous_commit={sync}), "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start")


def load_after() -> str:
    load = os.getloadavg()
    return f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end"


def start_collector(db: str, site: Path, work: Path) -> tuple[subprocess.Popen, int]:
    import socket

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "collect", "--db", db,
                                "--site-dir", str(site), "--port", str(port), "--rate-limit", "0"],
                               cwd=work, stdout=subprocess.DEVNULL)
    for _ in range(400):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("a collector did not start")


async def both(ports: list[int], batch: int, rate: float, seconds: float,
               connections: int = 48) -> Results:
    """One open loop per collector at rate/2 each (a load balancer's even split). Each
    connection comes from a loopback address of its own (127.0.0.2, ...): many customers, as
    the collector's per-client connection cap counts them."""
    together = asyncio.Barrier(len(ports))
    parts = await asyncio.gather(*(open_loop(port, batch, rate / len(ports), seconds,
                                             connections, sources=connections,
                                             offset=n * connections, together=together)
                                   for n, port in enumerate(ports)))
    merged = Results()
    merged.started = min(part.started for part in parts)
    merged.finished = max(part.finished for part in parts)
    for part in parts:
        merged.latencies += part.latencies
        merged.events += part.events
        for status, n in part.statuses.items():
            merged.statuses[status] = merged.statuses.get(status, 0) + n
    return merged


def run_collectors(args: argparse.Namespace) -> None:
    import psycopg

    name = f"helpcenter_bench_collect_{os.getpid()}"
    db = create_database(args.url, name)
    work = Path(tempfile.mkdtemp(prefix="pg-collector-bench-"))
    site = work / "site"
    write_manifest(site)
    print(machine(args.url))
    collectors = []
    try:
        collectors = [start_collector(db, site, work) for _ in range(2)]
        ports = [port for _, port in collectors]
        print(f"two collectors on 127.0.0.1:{ports[0]} and :{ports[1]}, one database {name}")
        asyncio.run(both(ports, 1, 200, 1.0))  # warm-up: connections, pools, JIT of caches
        rows = []
        for batch, rate in ((1, args.rate), (20, args.batch_rate)):
            label = "single event" if batch == 1 else f"batch of {batch}"
            results = asyncio.run(both(ports, batch, rate, args.seconds, args.connections))
            wall = results.finished - results.started
            row = summary(f"open, {rate:.0f} req/s, {label}", results, args.seconds)
            # What was achieved: acknowledged events from the first scheduled send to the last
            # answer (the bodies and connections are made before that).
            row["achieved_events_per_s"] = round(results.events / wall)
            print(f"  achieved: {row['achieved_events_per_s']} acknowledged events/s "
                  f"({wall:.2f} s from the first send to the last answer)", flush=True)
            rows.append(row)
        for port in ports:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as answer:
                health = json.loads(answer.read())
            print(f"  collector :{port}: {health['stored']} events in {health['commits']} "
                  f"commits ({health['stored'] / max(1, health['commits']):.1f} per commit)")
        for process, _ in collectors:
            process.terminate()
            process.wait(timeout=30)
        with psycopg.connect(db) as conn:
            stored, distinct = conn.execute(
                "SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
        acknowledged = sum(r["events_per_s"] * args.seconds for r in rows)
        print(f"stored rows: {stored} ({distinct} distinct ids); acknowledged in the measured "
              f"runs ≈ {acknowledged:.0f}, plus the warm-up")
        print(json.dumps(rows))
        print(load_after())
    finally:
        for process, _ in collectors:
            if process.poll() is None:
                process.kill()
        drop_database(args.url, name)


def load_events(db: str, count: int, site: Path) -> float:
    """`count` demo events into the store's own tables, with COPY; seconds taken."""
    import datetime as dt

    import psycopg

    from helpcenter.manifest import load_manifest
    from helpcenter.store import COLUMNS, open_store
    from helpcenter_report.demo import DemoGenerator

    started = time.perf_counter()
    open_store(db).close()  # the collector's schema
    generator = DemoGenerator(load_manifest(site), seed=1, end=dt.datetime.fromisoformat(END))
    columns = ", ".join(COLUMNS[1:])
    with psycopg.connect(db, autocommit=True) as conn:
        # The collector's own indexes (not those of constraints), rebuilt after the COPY.
        indexes = conn.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = 'events'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint "
            "WHERE conindid = indexrelid)").fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        with conn.cursor() as cursor, cursor.copy(f"COPY events ({columns}) FROM STDIN") as copy:
            for n, row in enumerate(generator.rows(count), 1):
                copy.write_row(row)
                if n % 1_000_000 == 0:
                    print(f"  loaded {n:,} rows", flush=True)
        for _, definition in indexes:
            conn.execute(definition)
        conn.execute("VACUUM ANALYZE events")
    return time.perf_counter() - started


def time_report(db: str, site: Path, out: Path) -> tuple[float, float, str]:
    """Wall seconds and peak client memory (MB, this report process and its vote worker)."""
    code = ("import resource, sys, time; from helpcenter.cli import main; t = time.perf_counter()\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
            "w = time.perf_counter() - t\n"
            "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print(f'BENCH {w:.2f} {own} {kids}', file=sys.stderr)\nsys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, "report", "--db", db, "--site-dir",
                             str(site), "--since", "30d", "--until", "2026-11-22",
                             "--out", str(out)], capture_output=True, text=True, cwd=REPO)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    line = next(x for x in result.stderr.splitlines() if x.startswith("BENCH"))
    _, wall, own, kids = line.split()
    return float(wall), (int(own) + int(kids)) / 1024, result.stdout.strip()


def run_report(args: argparse.Namespace) -> None:
    from bench.report_bench import ensure_site

    site = ensure_site(None)
    print(machine(args.url))
    for count in args.events:
        name = f"helpcenter_bench_report_{count}"
        db = with_database(args.url, name)
        if not args.reuse:
            create_database(args.url, name)
            print(f"loading {count:,} events: {load_events(db, count, site):.1f} s", flush=True)
        else:
            from helpcenter.store import open_store

            started = time.perf_counter()
            open_store(db).close()  # a kept database from an older schema: migrated first
            print(f"opened (and migrated) the kept database: {time.perf_counter() - started:.1f}"
                  " s", flush=True)
        with tempfile.TemporaryDirectory() as out:
            wall, memory, said = time_report(db, site, Path(out))
        print(f"report over {count:,} events in PostgreSQL: {wall:.1f} s wall, peak client "
              f"memory {memory:.0f} MB (report + vote worker, peaks added); {said}", flush=True)
        if not args.keep:
            drop_database(args.url, name)
    print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(load_after())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    collect = sub.add_parser("collectors", help="two collectors on one database")
    collect.add_argument("--url", required=True)
    collect.add_argument("--seconds", type=float, default=10.0)
    collect.add_argument("--rate", type=float, default=2000.0, help="single-event requests/s")
    collect.add_argument("--batch-rate", type=float, default=1000.0,
                         help="requests/s of 20 events each")
    collect.add_argument("--connections", type=int, default=48,
                         help="keep-alive connections per collector, each from its own address")
    report = sub.add_parser("report", help="helpcenter report over N events")
    report.add_argument("--url", required=True)
    report.add_argument("--events", type=int, nargs="+", default=[1_000_000])
    report.add_argument("--keep", action="store_true", help="keep the databases")
    report.add_argument("--reuse", action="store_true", help="use databases kept by --keep")
    args = parser.parse_args()
    run_collectors(args) if args.what == "collectors" else run_report(args)


if __name__ == "__main__":
    main()

"""Benchmark `helpcenter report` on 1 M and 10 M events: wall time and peak memory.

    .venv/bin/python bench/report_bench.py                 # 1 M and 10 M
    .venv/bin/python bench/report_bench.py --sizes 100000 1000000 --repeat 3

Stores are generated once into bench/out/ (ignored by git) from the demo generator, with
executemany inside one transaction (indexes created after the load, as a bulk import would), and
reused by later runs. Almost every event falls inside the report's window (current + previous
30 days), the worst case. Each report runs in a fresh subprocess, so its peak RSS (plus that of
its vote worker process) is its own.
Target (issue 6): 10 M events in under 30 s and under 1 GB on the 2-core CI machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
END = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
UNTIL = "2026-11-22"


def ensure_site(site_dir: Path | None) -> Path:
    if site_dir:
        return site_dir
    site = OUT / "site"
    if not (site / "helpcenter" / "manifest.json").is_file():
        subprocess.run([sys.executable, "-m", "helpcenter.cli", "build", "--site-dir", str(site)],
                       cwd=REPO, check=True)
    return site


def make_store(path: Path, count: int, site: Path) -> float:
    """Write `count` demo events into a fresh store; return seconds taken."""
    from helpcenter.manifest import load_manifest
    from helpcenter.store import COLUMNS, open_store
    from helpcenter_report.demo import DemoGenerator

    started = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    open_store(f"sqlite:///{tmp}").close()  # the collector's own schema and migrations
    db = sqlite3.connect(tmp, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    indexes = db.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                         ).fetchall()
    for (sql,) in indexes:
        db.execute("DROP INDEX " + sql.split()[2])
    generator = DemoGenerator(load_manifest(site), seed=1, end=END)
    columns = ", ".join(COLUMNS[1:])
    insert = f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(COLUMNS[1:]))})"
    db.execute("BEGIN")
    batch = []
    for row in generator.rows(count):
        batch.append(row)
        if len(batch) == 100_000:
            db.executemany(insert, batch)
            batch = []
    db.executemany(insert, batch)
    db.execute("COMMIT")
    for (sql,) in indexes:
        db.execute(sql)
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    os.replace(tmp, path)
    return time.perf_counter() - started


def measure(db: Path, site: Path, out: Path) -> dict:
    """Run one report in a fresh interpreter; its own wall time and peak RSS."""
    code = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from helpcenter.manifest import load_manifest\n"
        "from helpcenter_report.period import parse_period\n"
        "from helpcenter_report.report import generate_report\n"
        "t = time.perf_counter()\n"
        "r = generate_report(manifest=load_manifest(sys.argv[2]), out_dir=Path(sys.argv[3]),\n"
        f"    period=parse_period('30d', '{UNTIL}', 'UTC'), db_url='sqlite:///' + sys.argv[1])\n"
        "seconds = time.perf_counter() - t\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': seconds, 'peak_mb': own + child, 'own_mb': own,\n"
        "                  'worker_mb': child, 'cpu_own': sum(resource.getrusage(\n"
        "                  resource.RUSAGE_SELF)[:2]), 'cpu_worker': sum(resource.getrusage(\n"
        "                  resource.RUSAGE_CHILDREN)[:2]),\n"
        "                  'events': r.report['input']['events'] +\n"
        "                            r.report['input']['previous_events']}))\n")
    result = subprocess.run([sys.executable, "-c", code, str(db), str(site), str(out)],
                            cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (best is shown)")
    parser.add_argument("--site-dir", type=Path, default=None)
    parser.add_argument("--regenerate", action="store_true", help="rebuild the stores")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    site = ensure_site(args.site_dir)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    rows = []
    for size in args.sizes:
        db = OUT / f"report-{size}.sqlite3"
        if args.regenerate or not db.is_file():
            seconds = make_store(db, size, site)
            print(f"generated {size:,} events in {seconds:.1f} s "
                  f"({db.stat().st_size / 2**20:,.0f} MB)", flush=True)
        runs = [measure(db, site, OUT / f"report-{size}") for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        best["size"] = size
        rows.append(best)
        print(f"{size:>12,} events: {best['seconds']:6.2f} s wall, CPU {best['cpu_own']:5.2f} s "
              f"+ {best['cpu_worker']:5.2f} s (report + vote worker), peak "
              f"{best['peak_mb']:5.0f} MB (report {best['own_mb']:.0f} + vote worker "
              f"{best['worker_mb']:.0f}), {size / best['seconds'] / 1e6:4.2f} M events/s, "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"scaling {first['size']:,} → {last['size']:,}: "
              f"{last['seconds'] / first['seconds']:.1f}× the time for "
              f"{last['size'] / first['size']:.0f}× the events")


if __name__ == "__main__":
    main()

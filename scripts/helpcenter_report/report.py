"""`helpcenter report` end to end: open the events, count, build, write the four files.

The CLI is a thin shell over `generate_report`; tests and the benchmark call it directly.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helpcenter.manifest import Manifest
from helpcenter.store import iso_utc
from helpcenter_report.aggregate import Aggregator, Tallies
from helpcenter_report.build import ReportOptions, build_report
from helpcenter_report.period import Period, local_midnight
from helpcenter_report.render_html import SCRIPT_FILE, render_html
from helpcenter_report.render_text import render_csv, render_json, render_markdown
from helpcenter_report.sources import (
    EventSource,
    Quarantine,
    check_event_file,
    load_files,
    open_store,
)

QUARANTINE_FILE = "quarantine.jsonl"
OUTPUT_FILES = ("index.html", "report.md", "articles.csv", "report.json")
ASSETS = Path(__file__).parent / "assets"


class ReportError(ValueError):
    """The report cannot be written (e.g. --out is not writable); the message says why."""


@dataclass
class Progress:
    """Callbacks for a progress bar: `start(total_units)`, `advance(units)`, `label(text)`."""

    start: Callable[[int], None] = lambda total: None
    advance: Callable[[int], None] = lambda units: None


@dataclass
class ReportResult:
    report: dict
    out_dir: Path
    files: list[Path]
    malformed: int


def week_starts(period: Period) -> tuple[list[dt.date], list[str]]:
    """Monday of each week from the previous period's start to the current period's end, and the
    UTC key at which each bucket starts (the first bucket starts with the previous period)."""
    previous = period.previous()
    mondays = period.weeks_since(previous.first_day)
    keys = [previous.start_key] + [iso_utc(local_midnight(m, period.zone)) for m in mondays[1:]]
    return mondays, keys


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)


def generate_report(*, manifest: Manifest, period: Period, out_dir: Path,
                    db_url: str | None = None, event_files: list[Path] | None = None,
                    options: ReportOptions | None = None, progress: Progress | None = None,
                    generated_at: dt.datetime | None = None) -> ReportResult:
    """Read events (store or files), write index.html, report.md, articles.csv, report.json."""
    progress = progress or Progress()
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise ReportError(f"--out {out_dir}: cannot write there ({exc.strerror or exc}); "
                          "choose another folder") from None
    options = options or ReportOptions()
    options = ReportOptions(min_votes=options.min_votes,
                            review_interval_days=options.review_interval_days,
                            site_dir=options.site_dir or (manifest.path.parent.parent
                                                          if manifest.path else None),
                            out_dir=out_dir)
    quarantine = Quarantine(out_dir / QUARANTINE_FILE)
    queries = 3  # progress steps reported by Aggregator.run
    source: EventSource
    try:
        if event_files:
            for path in event_files:  # before the progress bar: a refusal is one sentence
                check_event_file(path)
            sizes = sum(max(1, p.stat().st_size) for p in event_files if p.is_file())
            progress.start(sizes + queries)
            source = load_files(list(event_files), quarantine, progress.advance)
        else:
            # Before the progress bar: a store that cannot be read is refused in one sentence.
            source = open_store(db_url)
            progress.start(queries)
        try:
            mondays, keys = week_starts(period)
            try:
                engine = Aggregator
                if source.engine == "postgresql":  # the passes run in the database
                    from helpcenter_report.postgres_aggregate import PostgresAggregator as engine
                aggregator = engine(source, period, keys, set(manifest.articles))
                tallies = aggregator.run(Tallies(), quarantine,
                                         step=lambda label: progress.advance(1))
                rejected = aggregator.rejections()
            except sqlite3.DatabaseError as exc:  # a foreign table layout, a damaged file
                name = source.description.replace("\n", ", ")
                raise ReportError(f"{name}: cannot be read as an event store ({exc}); check "
                                  "--db, or export the events and use --events") from None
            description = {"kind": source.kind,
                           "name": source.description.replace("\n", ", ")}
            input_info = {"malformed": quarantine.count,
                          "problems": dict(quarantine.problems.most_common()),
                          "quarantine_file": QUARANTINE_FILE if quarantine.count else None,
                          "duplicates": source.duplicates, "rejected": rejected}
        finally:
            source.close()
    finally:
        quarantine.close()
    report = build_report(tallies, manifest, period, mondays, options, description, input_info,
                          generated_at=generated_at)
    files = []
    for name, text in (("index.html", render_html(report)), ("report.md", render_markdown(report)),
                       ("articles.csv", render_csv(report)), ("report.json", render_json(report)),
                       (SCRIPT_FILE, (ASSETS / SCRIPT_FILE).read_text(encoding="utf-8"))):
        path = out_dir / name
        try:
            _write(path, text)
        except OSError as exc:  # e.g. the disk filled up while writing
            raise ReportError(f"{path}: cannot write ({exc.strerror or exc}); free some space "
                              "or choose another --out") from None
        files.append(path)
    return ReportResult(report, out_dir, files, quarantine.count)

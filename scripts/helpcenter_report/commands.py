"""What `helpcenter report` and `helpcenter demo-events` do, behind their click options.

cli.py only declares the options and turns `CommandError` into a one-sentence error; the
defaults (store next to mkdocs.yml, site_dir from mkdocs.yml, reports/<period>/) live here.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from helpcenter.manifest import Manifest, ManifestError, load_manifest
from helpcenter.project import DEFAULT_CONFIG, ProjectError, load_project
from helpcenter.store import DEFAULT_DB_PATH, StoreError
from helpcenter_report.build import DEFAULT_MIN_VOTES, DEFAULT_REVIEW_INTERVAL_DAYS, ReportOptions
from helpcenter_report.period import PeriodError, parse_period
from helpcenter_report.report import Progress, ReportError, generate_report
from helpcenter_report.sources import SourceError

MAX_DEMO_EVENTS = 100_000_000


class CommandError(ValueError):
    """A user mistake; the message is one sentence naming the option or file."""


@dataclass
class Defaults:
    """Where things are when the options do not say: relative to the folder with mkdocs.yml."""

    root: Path
    site_dir: Path
    review_interval_days: int = DEFAULT_REVIEW_INTERVAL_DAYS
    #: The mkdocs.yml the defaults come from, or None when there is none (not a project folder).
    config: Path | None = None


def project_defaults(config_file: str = DEFAULT_CONFIG) -> Defaults:
    path = Path(config_file)
    if not path.is_file():
        return Defaults(Path.cwd(), Path("site"))
    try:
        project = load_project(path)
    except ProjectError as exc:
        raise CommandError(str(exc)) from None
    interval = DEFAULT_REVIEW_INTERVAL_DAYS
    try:  # the same review interval `helpcenter check` uses (content/_check.yml)
        from helpcenter.checks.settings import load_settings

        settings, _ = load_settings(project.docs_dir, project.root, project.locale_codes)
        interval = settings.review_interval_days
    except (ImportError, OSError):
        pass
    return Defaults(project.root, project.site_dir, interval, config=path)


def open_manifest(site_dir: Path) -> Manifest:
    try:
        return load_manifest(site_dir)
    except ManifestError as exc:
        raise CommandError(str(exc)) from None


def site_manifest(site_dir: str | None, defaults: Defaults, config_file: str) -> Manifest:
    """The manifest of --site-dir, else of the project's built site. Outside a project folder
    (no mkdocs.yml) that is what is wrong, not a missing build."""
    if site_dir:
        return open_manifest(Path(site_dir))
    if defaults.config is None:
        raise CommandError(f"{Path(config_file).absolute()}: not found, so this is not a help "
                           "center folder; run the command in the folder with mkdocs.yml (or "
                           "pass --config-file), or pass --site-dir with a built site")
    return open_manifest(defaults.site_dir)


class ClickProgress:
    """A click progress bar on stderr, created once the amount of work is known."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = None

    def start(self, total: int) -> None:
        self.bar = click.progressbar(length=max(1, total), label=self.label, file=sys.stderr,
                                     show_eta=True, show_percent=True)
        self.bar.__enter__()

    def advance(self, units: int) -> None:
        if self.bar is not None:
            self.bar.update(units)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def progress(self) -> Progress:
        return Progress(start=self.start, advance=self.advance)


def run_report(*, db: str | None, events: tuple[str, ...], site_dir: str | None,
               since: str | None, until: str | None, tz: str | None, out: str | None,
               min_votes: int = DEFAULT_MIN_VOTES, config_file: str = DEFAULT_CONFIG,
               echo=click.echo) -> Path:
    """Write the report; return its folder. Raises CommandError for user mistakes."""
    if db and events:
        raise CommandError("--db and --events exclude each other: read either the store or "
                           "exported files")
    defaults = project_defaults(config_file)
    try:
        period = parse_period(since, until, tz)
    except PeriodError as exc:
        raise CommandError(str(exc)) from None
    manifest = site_manifest(site_dir, defaults, config_file)
    out_dir = Path(out) if out else defaults.root / "reports" / period.name
    db_url = db or (defaults.root / DEFAULT_DB_PATH)
    bar = ClickProgress("Building the report")
    try:
        result = generate_report(
            manifest=manifest, period=period, out_dir=out_dir, db_url=None if events else db_url,
            event_files=[Path(p) for p in events] or None,
            options=ReportOptions(min_votes=min_votes,
                                  review_interval_days=defaults.review_interval_days,
                                  site_dir=Path(site_dir) if site_dir else defaults.site_dir),
            progress=bar.progress())
    except (SourceError, ReportError, StoreError) as exc:
        raise CommandError(str(exc)) from None
    finally:
        bar.close()
    report = result.report
    if report["empty"]:
        echo(report["message"], err=True)
    if result.malformed:
        echo(f"{result.malformed} malformed rows skipped; see "
             f"{result.out_dir / 'quarantine.jsonl'}", err=True)
    ranked = len(report["fix_first"])
    echo(f"Wrote {result.out_dir / 'index.html'} (and report.md, articles.csv, report.json): "
         f"{report['input']['events']} events, {ranked} ranked articles, "
         f"{len(report['translation_gaps'])} translation gaps")
    return result.out_dir


def run_demo_events(*, count: int, seed: int, db: str | None, site_dir: str | None,
                    config_file: str = DEFAULT_CONFIG, echo=click.echo) -> int:
    """Write synthetic events for the demo content into the store; return how many are new."""
    from helpcenter_report.demo import write_demo_events

    if not 1 <= count <= MAX_DEMO_EVENTS:
        raise CommandError(f"--count {count}: choose between 1 and {MAX_DEMO_EVENTS:,}")
    defaults = project_defaults(config_file)
    manifest = site_manifest(site_dir, defaults, config_file)
    db_url = db or (defaults.root / DEFAULT_DB_PATH)
    bar = ClickProgress("Writing demo events")
    bar.start(count)
    try:
        stored = write_demo_events(db_url, manifest, count, seed, advance=bar.advance)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    finally:
        bar.close()
    shown = db if db else str(db_url)
    skipped = count - stored
    echo(f"Stored {stored} demo events in {shown}"
         + (f" ({skipped} were already there: same --seed)" if skipped else "")
         + "; now run: helpcenter report" + (f" --db {db}" if db else ""))
    return stored

"""The report's commands, `helpcenter report` and `helpcenter demo-events`, registered with the
library's command line through the `helpcenter.commands` entry point (the library never imports
an app)."""

from __future__ import annotations

import click

from helpcenter.cli_options import CONTEXT, config_option, db_option, site_dir_option


def register_commands(cli: click.Group) -> None:
    """Entry point `helpcenter.commands`: add this app's commands to `helpcenter`."""
    cli.add_command(report)
    cli.add_command(demo_events)


@click.command(context_settings=CONTEXT)
@db_option("Event store to read, e.g. sqlite:////var/lib/helpcenter/events.sqlite3 or "
           "postgresql://reports@db.internal/helpcenter",
           "next to mkdocs.yml, as serve writes")
@click.option("--events", "events", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False),
              help="Read exported events instead (JSON Lines or CSV with the stored columns); "
                   "repeatable.")
@site_dir_option("Built site whose manifest gives titles, owners and review dates")
@click.option("--since", default="30d", show_default=True, metavar="DATE|Nd|Nw",
              help="First day of the period (2026-11-01), or its length counted back from "
                   "--until (30d, 4w).")
@click.option("--until", default=None, metavar="DATE",
              help="Last day of the period, inclusive (default: today).")
@click.option("--tz", default="UTC", show_default=True, metavar="ZONE",
              help="Time zone that days and weeks are counted in, e.g. Asia/Seoul.")
@click.option("--out", "-o", default=None, type=click.Path(file_okay=False),
              help="Folder to write the report to (default: reports/<since>_<until>/).")
@click.option("--min-votes", default=20, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Votes an article needs in the period before it is ranked.")
@config_option
def report(db: str | None, events: tuple[str, ...], site_dir: str | None, since: str,
           until: str | None, tz: str, out: str | None, min_votes: int, config_file: str) -> None:
    """Write the improvement report: which articles fail customers, where, and why.

    Reads the collector's store (or exported files), joins it with the site's manifest and
    writes index.html, report.md, articles.csv and report.json (docs/report.md). The previous
    period of the same length is used for the changes shown.

    \b
    Example:
      helpcenter report --since 30d --tz Asia/Seoul
      helpcenter report --events export.jsonl --since 2026-11-01 --until 2026-11-30 --out nov
    """
    from helpcenter_report.commands import CommandError, run_report

    try:
        run_report(db=db, events=events, site_dir=site_dir, since=since, until=until, tz=tz,
                   out=out, min_votes=min_votes, config_file=config_file)
    except CommandError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("demo-events", context_settings=CONTEXT)
@click.option("--count", "-n", default=5000, show_default=True, type=int,
              help="How many events to write.")
@click.option("--seed", default=1, show_default=True, type=int,
              help="Random seed; the same seed writes the same events (stored once).")
@db_option("Event store to write to")
@site_dir_option("Built site whose manifest lists the articles and locales to use",
                 "site_dir from mkdocs.yml")
@config_option
def demo_events(count: int, seed: int, db: str | None, site_dir: str | None,
                config_file: str) -> None:
    """Write realistic synthetic feedback for the demo content, to try the report.

    Spread over the last 60 days: some articles clearly worse, one translation worse in one
    language, zero-result searches, contact clicks and comments in every language.

    \b
    Example:
      helpcenter build && helpcenter demo-events --count 20000 && helpcenter report
    """
    from helpcenter_report.commands import CommandError, run_demo_events

    try:
        run_demo_events(count=count, seed=seed, db=db, site_dir=site_dir,
                        config_file=config_file)
    except CommandError as exc:
        raise click.ClickException(str(exc)) from None

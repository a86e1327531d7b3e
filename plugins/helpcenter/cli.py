"""`helpcenter`: the command line, a thin shell over the library.

Every command turns user mistakes into one sentence on stderr and exit status 2 (usage) or 1
(failure); tracebacks are left for bugs.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from helpcenter.project import DEFAULT_CONFIG, Project, ProjectError, load_project

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def config_option(function):
    return click.option("--config-file", "-f", default=DEFAULT_CONFIG, show_default=True,
                        type=click.Path(dir_okay=False), help="The site's mkdocs.yml.")(function)


def site_dir_option(purpose: str, default: str = "site_dir from mkdocs.yml, usually site/"):
    """`--site-dir/-d`, the same option on every command that reads or writes a built site."""
    return click.option("--site-dir", "-d", type=click.Path(file_okay=False), default=None,
                        help=f"{purpose} (default: {default}).")


def db_option(purpose: str, default: str = "next to mkdocs.yml"):
    """`--db URL`, the event store shared by serve, collect, report and demo-events."""
    return click.option("--db", default=None, metavar="URL",
                        help=f"{purpose} (default: .helpcenter/events.sqlite3 {default}).")


def open_project(config_file: str) -> Project:
    try:
        return load_project(config_file)
    except ProjectError as exc:
        raise click.ClickException(str(exc)) from None


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="helpcenter")
def main() -> None:
    """A multilingual help center generated from Markdown in git.

    \b
    Example: build the site, then preview it with a working feedback collector:
      helpcenter build
      helpcenter serve
    """


def run_mkdocs(args: list[str], level: int = logging.WARNING) -> int:
    """Run MkDocs' own command line in-process so `helpcenter build` == `mkdocs build`.

    MkDocs' log state is handed in at `level`: warnings and errors (a content problem, a missing
    feedback endpoint) are shown, the per-locale INFO chatter is not.
    """
    from mkdocs.__main__ import State
    from mkdocs.__main__ import cli as mkdocs_cli

    try:
        mkdocs_cli.main(args=args, prog_name="mkdocs", standalone_mode=False,
                        obj=State(level=level))
    except click.exceptions.Abort:
        return 1
    except click.ClickException as exc:
        exc.show()
        return 1
    except SystemExit as exc:  # mkdocs aborts with sys.exit on build errors
        return int(exc.code or 0)
    return 0


@main.command(context_settings=CONTEXT)
@config_option
@site_dir_option("Where to write the site")
@click.option("--strict", is_flag=True, help="Fail on warnings too (broken links, content warnings).")
def build(config_file: str, site_dir: str | None, strict: bool) -> None:
    """Build the whole site, every locale, plus the manifest and search indexes.

    \b
    Example:
      helpcenter build --site-dir public --strict
    """
    project = open_project(config_file)
    args = ["build", "-f", str(project.config_file)]
    if site_dir:
        args += ["--site-dir", str(Path(site_dir).resolve())]
    if strict:
        args.append("--strict")
    status = run_mkdocs(args)
    if status:
        raise click.ClickException("the build failed; see the messages above")
    click.echo(f"Built {len(project.locales)} locales into {site_dir or project.site_dir}")


@main.command(context_settings=CONTEXT)
@click.argument("title")
@click.option("--locale", "-l", required=True, help="Locale code, e.g. en, ko, ja.")
@click.option("--category", "-c", default=None,
              help="Category folder id, e.g. billing (required unless --translate-from).")
@click.option("--slug", help="File name without .md (default: made from the title).")
@click.option("--owner", default=None, help="Team or person who keeps the article right.")
@click.option("--translate-from", "translate_from", default=None, metavar="ID",
              help="Scaffold the --locale translation of this article (e.g. account/reset-password)"
                   ": its text to translate, its category and the translated_from marker.")
@config_option
def new(title: str, locale: str, category: str | None, slug: str | None, owner: str | None,
        translate_from: str | None, config_file: str) -> None:
    """Scaffold an article with valid front matter, ready to edit.

    \b
    Examples:
      helpcenter new "Change your delivery address" --locale en --category orders
      helpcenter new "비밀번호 재설정하기" --translate-from account/reset-password --locale ko
    """
    from helpcenter.scaffold import ScaffoldError, scaffold_article, scaffold_translation

    project = open_project(config_file)
    try:
        if translate_from:
            if slug or (category and category != translate_from.strip("/").split("/")[0]):
                raise ScaffoldError("--translate-from keeps the source's category and file name; "
                                    "leave out --category and --slug")
            path = scaffold_translation(project, title, translate_from, locale=locale,
                                        owner=owner)
        elif not category:
            raise click.UsageError("--category is required (or --translate-from ID to translate "
                                   "an existing article)")
        else:
            path = scaffold_article(project, title, locale=locale, category=category, slug=slug,
                                    owner=owner)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {path}")


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: the helpcenter.check document (docs/check.md).")
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too.")
@click.option("--mark-translated", "mark", multiple=True, metavar="PATH",
              type=click.Path(exists=True, path_type=Path),
              help="Record in this translation (or folder of them) that it matches its source "
                   "now, then exit. Repeatable.")
@click.option("--table/--no-table", default=True, show_default=True,
              help="Print the translation status table (text format).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="DATE",
              help="Judge review dates as of DATE (default: today), for reproducible runs.")
@config_option
def check(paths: tuple[Path, ...], output_format: str, strict: bool, mark: tuple[Path, ...],
          table: bool, today, config_file: str) -> None:
    """Check the content like a reviewer would: front matter, links, anchors, images,
    translations, review dates, contact data and plain language.

    Prints `path:line: level: message (hint)` grouped by file. Exit status: 0 without errors,
    1 with errors (or with warnings under --strict). PATHS narrow what is reported; links are
    always checked against the whole tree.

    \b
    Examples:
      helpcenter check
      helpcenter check content/ko/account --strict
      helpcenter check --format json > check.json
      helpcenter check --mark-translated content/ko/account/reset-password.md
    """
    from helpcenter.checks import MarkError, format_json, format_text, mark_translated, run_checks

    project = open_project(config_file)
    if mark:
        for path in mark:
            try:
                marked = mark_translated(project, path)
            except MarkError as exc:
                raise click.ClickException(str(exc)) from None
            for translation, source, marker in marked:
                click.echo(f"Marked {translation} as translated from {source} ({marker})")
        return
    report = run_checks(project, list(paths) or None, today=today.date() if today else None)
    if output_format == "json":
        click.echo(format_json(report, strict))
    else:
        click.echo(format_text(report, table=table))
    if report.failed(strict):
        sys.exit(1)


@main.command(context_settings=CONTEXT)
@config_option
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to serve on (localhost only).")
def serve(config_file: str, port: int) -> None:
    """Live preview with the feedback collector on the same origin.

    Rebuilds when content, overrides or mkdocs.yml change and reloads open pages. The feedback
    widget posts to /api/events on the same port; events land in .helpcenter/events.sqlite3,
    ready for 'helpcenter report'.

    \b
    Example:
      helpcenter serve --port 8000     # then open http://127.0.0.1:8000/
    """
    from helpcenter_collector.preview import PreviewError, run_preview

    project = open_project(config_file)
    try:
        run_preview(project, port, echo=click.echo)
    except PreviewError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # e.g. the port is taken
        raise click.ClickException(f"--port {port}: cannot serve ({exc.strerror or exc}); "
                                   "try another port") from None


@main.command(context_settings=CONTEXT)
@db_option("Event store, e.g. sqlite:////var/lib/helpcenter/events.sqlite3",
           "next to mkdocs.yml, as serve uses")
@site_dir_option("Built site whose manifest lists the valid articles and locales")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN",
              help="Site origin allowed to send events cross-origin (repeatable), e.g. "
                   "https://help.example.com. Without it only same-origin requests are accepted.")
@click.option("--rate-limit", default=120, show_default=True, type=click.IntRange(0, None),
              help="Requests per minute per client (0 = no limit). Clients are told apart by a "
                   "salted hash of their address, never the address itself.")
@config_option
def collect(db: str | None, site_dir: str | None, host: str, port: int,
            allow_origins: tuple[str, ...], rate_limit: int, config_file: str) -> None:
    """Run the feedback collector: POST /api/events, GET /api/health.

    Events are validated against the built site's manifest and acknowledged only once they are
    committed to the SQLite store (docs/events.md).

    \b
    Example:
      helpcenter collect --db sqlite:////srv/events.sqlite3 --site-dir public \\
        --host 0.0.0.0 --port 8001 --allow-origin https://help.example.com
    """
    from helpcenter_collector.run import CollectorError, resolve_db, serve_collector

    root = None
    default_site = Path("site")
    if Path(config_file).is_file():
        project = open_project(config_file)
        root, default_site = project.root, project.site_dir
    try:
        serve_collector(resolve_db(db, root), Path(site_dir) if site_dir else default_site, host,
                        port, allow_origins, rate_limit, echo=click.echo)
    except CollectorError as exc:
        raise click.ClickException(str(exc)) from None


@main.command(context_settings=CONTEXT)
@click.argument("query")
@click.option("--locale", "-l", required=True, help="Locale code whose index to search, e.g. ko.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="How many results to show.")
@site_dir_option("The built site")
@config_option
def search(query: str, locale: str, as_json: bool, limit: int, site_dir: str | None,
           config_file: str) -> None:
    """Search the built site exactly as its search box does (same index, same ranking).

    \b
    Example:
      helpcenter search "비밀번호 변경" --locale ko --limit 5
      helpcenter search "refund card" --locale en --json
    """
    import json

    from helpcenter.search.query import SearchError
    from helpcenter.search.query import search as run_search

    if site_dir is None:
        site = open_project(config_file).site_dir if Path(config_file).is_file() else Path("site")
    else:
        site = Path(site_dir)
    try:
        results = run_search(site, locale, query, limit=limit)
    except SearchError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps({"query": query, "locale": locale,
                               "results": [r.as_dict() for r in results]},
                              ensure_ascii=False, indent=2))
        return
    if not results:
        click.echo(f"No results for {query!r} in {locale}.")
        return
    for r in results:
        marker = " (fallback)" if r.fallback else ""
        click.echo(f"{r.rank:>2}. {r.title}{marker}  [{r.category}]  {r.url}  score {r.score:.4f}")


@main.command(context_settings=CONTEXT)
@db_option("Event store to read, e.g. sqlite:////var/lib/helpcenter/events.sqlite3",
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


@main.command("demo-events", context_settings=CONTEXT)
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


if __name__ == "__main__":  # pragma: no cover
    main()

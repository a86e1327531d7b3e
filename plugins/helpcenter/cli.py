"""`helpcenter`: the command line, a thin shell over the library.

Every command turns user mistakes into one sentence on stderr and exit status 2 (usage) or 1
(failure); tracebacks are left for bugs.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import entry_points
from pathlib import Path

import click

from helpcenter.cli_options import CONTEXT, config_option, open_project, site_dir_option

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

COMMANDS_GROUP = "helpcenter.commands"  # where apps register their commands (pyproject.toml)
_QUICK_EXIT: list[bool] = []   # set by a command after which the program has nothing to clean up


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="helpcenter")
def main() -> None:
    """A multilingual help center generated from Markdown in git.

    \b
    Example: build the site, then preview it with a working feedback collector:
      helpcenter build
      helpcenter serve
    """


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
    from helpcenter.mkdocs_plugins.site_build import build_site

    _QUICK_EXIT.append(True)   # its locale processes are joined and its files closed by then
    project = open_project(config_file)
    result = build_site(project, Path(site_dir).resolve() if site_dir else None, strict=strict)
    if not result.ok:
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

    When no article matches enough of the query's words, the articles matching some of them
    are listed under a line that says so ("partial": true in --json), as the box does.

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
    partial = bool(results) and results[0].partial
    if as_json:
        click.echo(json.dumps({"query": query, "locale": locale, "partial": partial,
                               "results": [r.as_dict() for r in results]},
                              ensure_ascii=False, indent=2))
        return
    if not results:
        click.echo(f"No results for {query!r} in {locale}.")
        return
    if partial:
        click.echo(f"No article matches enough of {query!r} in {locale}; articles matching "
                   "some of its words:")
    for r in results:
        marker = " (fallback)" if r.fallback else ""
        click.echo(f"{r.rank:>2}. {r.title}{marker}  [{r.category}]  {r.url}  score {r.score:.4f}")


def register_app_commands(cli: click.Group) -> None:
    """Let every installed app add its commands (entry point group `helpcenter.commands`, each a
    `register_commands(cli)` function, as Datasette's hook): the library never imports an app."""
    for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        entry.load()(cli)


register_app_commands(main)

@main.group(context_settings=CONTEXT)
def store() -> None:
    """Maintain event stores (SQLite files, PostgreSQL databases).

    \b
    Example:
      helpcenter store copy --from sqlite:///.helpcenter/events.sqlite3 \\
        --to postgresql://helpcenter@db.internal/helpcenter
    """


@store.command("copy", context_settings=CONTEXT)
@click.option("--from", "source", required=True, metavar="URL",
              help="Store to read (it is not changed), e.g. sqlite:///.helpcenter/events.sqlite3.")
@click.option("--to", "target", required=True, metavar="URL",
              help="Store to add the events to (created when missing), e.g. "
                   "postgresql://helpcenter@db.internal/helpcenter.")
def store_copy(source: str, target: str) -> None:
    """Copy every event and rejection counter from one store into another.

    Idempotent: events already in the target (same id) are skipped and counters are raised to
    the source's, so running it twice, or again after an interrupted copy, changes nothing.

    \b
    Example:
      helpcenter store copy --from sqlite:////srv/events.sqlite3 \\
        --to postgresql://helpcenter@db.internal/helpcenter
    """
    from helpcenter.store import StoreError
    from helpcenter.store.copy import copy_store

    try:
        result = copy_store(source, target)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Copied {result.copied} events from {result.source} to {result.target}"
               + (f" ({result.already_there} were already there)" if result.already_there
                  else ""))


def run() -> None:
    """The `helpcenter` program (`main` run as a console script or with `python -m`).

    After `build` the program ends without Python's clean-up: freeing one by one the objects of
    the engine and the content model the build process loaded took 0.05-0.3 s of a 3 s build,
    after every locale process had exited and every file was written and closed. Its output
    is flushed and its exit status kept. Every other command, and `main` called in-process
    (tests, scripts), ends as usual."""
    try:
        main()
    except SystemExit as done:
        if not _QUICK_EXIT or not (done.code is None or isinstance(done.code, int)):
            raise
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(done.code or 0)


if __name__ == "__main__":  # pragma: no cover
    run()

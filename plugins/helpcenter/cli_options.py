"""What every `helpcenter` command shares, the library's own and those the apps register:
context settings (-h, width), `--config-file`, `--site-dir`, `--db`, and opening the project with a
one-sentence error."""

from __future__ import annotations

import click

from helpcenter.project import DEFAULT_CONFIG, Project, ProjectError, load_project

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

"""The collector's commands, `helpcenter serve` and `helpcenter collect`, registered with the
library's command line through the `helpcenter.commands` entry point (the library never imports
an app)."""

from __future__ import annotations

from pathlib import Path

import click

from helpcenter.cli_options import CONTEXT, config_option, db_option, open_project, site_dir_option


def register_commands(cli: click.Group) -> None:
    """Entry point `helpcenter.commands`: add this app's commands to `helpcenter`."""
    cli.add_command(serve)
    cli.add_command(collect)


@click.command(context_settings=CONTEXT)
@config_option
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to serve on (localhost only).")
@db_option("Event store for the preview's feedback, e.g. postgresql://helpcenter@localhost/help")
def serve(config_file: str, port: int, db: str | None) -> None:
    """Live preview with the feedback collector on the same origin.

    A saved article re-renders only the pages that show it, then open pages reload; other changes
    (new files, overrides, mkdocs.yml) rebuild everything. A failed rebuild keeps the last good
    pages and shows its file:line message in them. The feedback widget posts to /api/events on
    the same port; events land in .helpcenter/events.sqlite3, ready for 'helpcenter report'.

    \b
    Example:
      helpcenter serve --port 8000     # then open http://127.0.0.1:8000/
    """
    from helpcenter_collector.preview import PreviewError, run_preview

    project = open_project(config_file)
    try:
        run_preview(project, port, echo=click.echo, db=db)
    except PreviewError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # e.g. the port is taken
        raise click.ClickException(f"--port {port}: cannot serve ({exc.strerror or exc}); "
                                   "try another port") from None


@click.command(context_settings=CONTEXT)
@db_option("Event store, e.g. sqlite:////var/lib/helpcenter/events.sqlite3 or "
           "postgresql://collector@db.internal/helpcenter", "next to mkdocs.yml, as serve uses")
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
@click.option("--trusted-proxy", "trusted_proxies", multiple=True, metavar="ADDRESS",
              help="Reverse proxy (address or network, repeatable) whose X-Forwarded-For names "
                   "the client, e.g. 127.0.0.1 or 10.0.0.0/8. Without it the header is ignored.")
@click.option("--max-client-connections", default=32, show_default=True,
              type=click.IntRange(0, None),
              help="Connections one client address may hold open (0 = no cap); named proxies "
                   "are exempt.")
@config_option
def collect(db: str | None, site_dir: str | None, host: str, port: int,
            allow_origins: tuple[str, ...], rate_limit: int, trusted_proxies: tuple[str, ...],
            max_client_connections: int, config_file: str) -> None:
    """Run the feedback collector: POST /api/events, GET /api/health.

    Events are validated against the built site's manifest and acknowledged only once they are
    committed to the store (docs/events.md). Several collectors can share one PostgreSQL
    database behind a load balancer (docs/deploy.md). Slow or idle connections are cut after
    10 s; behind a reverse proxy, name it with --trusted-proxy (docs/reverse-proxy.md).

    \b
    Example:
      helpcenter collect --db sqlite:////srv/events.sqlite3 --site-dir public \\
        --host 127.0.0.1 --port 8001 --trusted-proxy 127.0.0.1 \\
        --allow-origin https://help.example.com
    """
    from helpcenter_collector.run import CollectorError, resolve_db, serve_collector

    root = None
    default_site = Path("site")
    if Path(config_file).is_file():
        project = open_project(config_file)
        root, default_site = project.root, project.site_dir
    try:
        serve_collector(resolve_db(db, root), Path(site_dir) if site_dir else default_site, host,
                        port, allow_origins, rate_limit, echo=click.echo,
                        trusted_proxies=trusted_proxies, per_client=max_client_connections)
    except CollectorError as exc:
        raise click.ClickException(str(exc)) from None

"""`helpcenter mcp`, registered with the library's command line through the
`helpcenter.commands` entry point (the library never imports an app)."""

from __future__ import annotations

from pathlib import Path

import click

from helpcenter.cli_options import CONTEXT, config_option, open_project, site_dir_option


def register_commands(cli: click.Group) -> None:
    """Entry point `helpcenter.commands`: add this app's command to `helpcenter`."""
    cli.add_command(mcp)


@click.command(context_settings=CONTEXT)
@site_dir_option("Built site to answer from")
@click.option("--url", default=None, metavar="URL",
              help="Answer from a deployed site instead, e.g. https://help.example.com/.")
@click.option("--http", "use_http", is_flag=True,
              help="Serve streamable HTTP (for a deployment) instead of stdio (for a desktop "
                   "assistant).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on with --http.")
@click.option("--port", "-p", default=8002, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on with --http (0: any free port, printed).")
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN",
              help="With --http: a browser origin allowed to call the server (repeatable); "
                   "without it only clients without an Origin and the same origin are served.")
@click.option("--collector", default=None, metavar="URL",
              help="Send searches that find nothing to this collector as `search` events "
                   "(source \"assistant\"), e.g. http://127.0.0.1:8001.")
@config_option
def mcp(site_dir: str | None, url: str | None, use_http: bool, host: str, port: int,
        allow_origins: tuple[str, ...], collector: str | None, config_file: str) -> None:
    """A read-only MCP server over the help center, for assistants.

    Tools: search_articles (the site's own ranking), get_article (its Markdown copy),
    list_categories, contact_options (open now / opens at); the llms.txt files are resources.
    Every answer carries canonical URLs to cite (docs/assistants.md).

    \b
    Examples:
      helpcenter mcp --site-dir site                       # stdio, for a desktop assistant
      helpcenter mcp --url https://help.example.com/ --http --host 0.0.0.0 --port 8002
    """
    from helpcenter_mcp.commands import McpError, run_mcp

    if site_dir and url:
        raise click.UsageError("give --site-dir or --url, not both")
    if site_dir is None and url is None:
        site_dir = str(open_project(config_file).site_dir if Path(config_file).is_file()
                       else Path("site"))
    try:
        run_mcp(site_dir=site_dir, url=url, use_http=use_http, host=host, port=port,
                allow_origins=allow_origins, collector=collector, echo=click.echo)
    except McpError as exc:
        raise click.ClickException(str(exc)) from None

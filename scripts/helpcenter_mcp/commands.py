"""`helpcenter mcp`: checks the options, opens the site and runs the chosen transport."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from helpcenter.manifest import ManifestError
from helpcenter_mcp.gaps import GapReporter, check_collector_url
from helpcenter_mcp.run import serve_http, serve_stdio
from helpcenter_mcp.server import build_server
from helpcenter_mcp.service import HelpCenterService
from helpcenter_mcp.site import SiteError, open_site


class McpError(ValueError):
    """A problem with the options or the site, as one sentence."""


def run_mcp(site_dir: str | None, url: str | None, use_http: bool, host: str, port: int,
            allow_origins: Sequence[str], collector: str | None,
            echo: Callable[[str], None]) -> None:
    try:
        site = open_site(site_dir, url)
        reporter = GapReporter(check_collector_url(collector)) if collector else None
        service = HelpCenterService(site, reporter.no_results if reporter else None)
        service.published  # noqa: B018 - fail now, not on the first tool call
    except (SiteError, ManifestError, ValueError) as exc:
        raise McpError(str(exc)) from None
    server = build_server(service)
    try:
        if use_http:
            try:
                serve_http(server, host, port, allow_origins, echo)
            except OSError as exc:
                raise McpError(f"--host {host} --port {port}: cannot listen "
                               f"({exc.strerror or exc})") from None
        else:
            # stdout is the protocol channel: anything else goes to stderr.
            print(f"helpcenter mcp: serving {site.label} over stdio", file=sys.stderr)
            serve_stdio(server)
    except KeyboardInterrupt:
        pass
    finally:
        if reporter:
            reporter.close()

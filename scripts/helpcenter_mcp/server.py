"""The MCP server: four read-only tools and the llms.txt files as resources.

Tools answer from `HelpCenterService`; a caller's mistake (unknown locale or article, path-like
id, oversized query) becomes a JSON-RPC "invalid params" error with one sentence, a missing or
broken published file an "internal error" naming it: never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp_types import INTERNAL_ERROR, INVALID_PARAMS, ToolAnnotations

from helpcenter.manifest import ManifestError
from helpcenter_mcp.service import HelpCenterService, InputError
from helpcenter_mcp.site import SiteError

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                            open_world_hint=False)
INSTRUCTIONS = (
    "Answers from a multilingual customer help center. Search with search_articles in the "
    "customer's locale, read the best match with get_article, and cite its 'url'. An article "
    "with fallback=true is shown in the default language because it is not translated yet. "
    "For a person to talk to, use contact_options: it says which channels are open now.")


def answer(call: Callable[[], Any]) -> Any:
    """Run one tool call, turning our errors into protocol errors."""
    try:
        return call()
    except InputError as exc:
        raise MCPError(INVALID_PARAMS, str(exc)) from None
    except (SiteError, ManifestError) as exc:
        raise MCPError(INTERNAL_ERROR, str(exc)) from None


def build_server(service: HelpCenterService) -> MCPServer:
    """An MCPServer exposing `service` (transport chosen by the caller)."""
    server = MCPServer("helpcenter", title="Help center", instructions=INSTRUCTIONS,
                       log_level="WARNING")

    @server.tool(annotations=READ_ONLY)
    def search_articles(query: str, locale: str, limit: int = 5) -> dict[str, Any]:
        """Search the help center in one locale with exactly the site's own ranking.

        query: what the customer asked, in their words (Korean and Japanese work with or
        without spaces). locale: e.g. en, ko, ja. limit: 1-50 results. Each result has the
        article id (for get_article), title, description and canonical url. "partial": true
        (with a "note") when no article matches all the words and the results match only some.
        """
        return answer(lambda: service.search_articles(query, locale, limit))

    @server.tool(annotations=READ_ONLY)
    def get_article(id: str, locale: str) -> dict[str, Any]:  # noqa: A002 - the tool's public name
        """One article as Markdown (its published copy), with its canonical url to cite,
        the language it is written in and fallback=true when it is not translated yet."""
        return answer(lambda: service.get_article(id, locale))

    @server.tool(annotations=READ_ONLY)
    def list_categories(locale: str) -> dict[str, Any]:
        """The help center's topics in one locale, in site order, with their articles."""
        return answer(lambda: service.list_categories(locale))

    @server.tool(annotations=READ_ONLY)
    def contact_options(locale: str, region: str | None = None) -> dict[str, Any]:
        """How to reach support: the channels for the locale (or region, e.g. kr, jp, us) in
        their order, each with open_now, closes_at / opens_at in the channel's time zone, and
        a link; plus the contact page's url."""
        return answer(lambda: service.contact_options(locale, region))

    try:
        files = service.llms_files()
    except (SiteError, ManifestError):
        files = []  # the tools report the problem on first use
    for url, path, locale in files:
        register_text_resource(server, service, url, path, locale)
    return server


def register_text_resource(server: MCPServer, service: HelpCenterService, url: str, path: str,
                           locale: str) -> None:
    name = path.rsplit("/", 1)[-1]
    kind = "every article in full" if "full" in name else "the index of articles"

    @server.resource(url, name=f"{name} ({locale})", mime_type="text/markdown",
                     description=f"llms.txt proposal file for locale {locale}: {kind}")
    def read() -> str:
        return answer(lambda: service.site.read_text(path))

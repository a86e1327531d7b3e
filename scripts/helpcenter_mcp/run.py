"""Running the server: stdio for desktop assistants, streamable HTTP for a deployment.

Over HTTP the collector's origin rules hold: a request without an `Origin` header (a server-side
client) or from the server's own origin is served, a browser page from anywhere else only when
`--allow-origin` names it; everything else gets 403 before it reaches the MCP session.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

MCP_PATH = "/mcp"


def origin_allowed(origin: str | None, host: str, allow_origins: Sequence[str]) -> bool:
    """The collector's rule: no Origin, the same origin, or one of `allow_origins` ('*' = any)."""
    if origin is None:
        return True
    origin = origin.rstrip("/")
    if origin in allow_origins or "*" in allow_origins:
        return True
    return origin != "null" and urlsplit(origin).netloc == host


class OriginGuard:
    """ASGI middleware refusing cross-origin browser requests that are not allowed."""

    def __init__(self, app: ASGIApp, allow_origins: Sequence[str]) -> None:
        self.app = app
        self.allow_origins = tuple(o.rstrip("/") for o in allow_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            if not origin_allowed(headers.get("origin"), headers.get("host", ""),
                                  self.allow_origins):
                response = JSONResponse({"error": "this origin may not use the MCP server; add "
                                                  "it with --allow-origin"}, status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def http_app(server: MCPServer, allow_origins: Sequence[str] = ()) -> ASGIApp:
    # Origins are checked by OriginGuard with the collector's rules; the SDK's own Host check
    # would refuse the public host name a reverse proxy forwards.
    security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
    app = server.streamable_http_app(streamable_http_path=MCP_PATH, stateless_http=True,
                                     json_response=True, transport_security=security)
    return OriginGuard(app, allow_origins)


def serve_http(server: MCPServer, host: str, port: int, allow_origins: Sequence[str],
               echo: Callable[[str], None]) -> None:
    """Serve until interrupted; port 0 picks a free port (printed)."""
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)  # clients may connect as soon as the address is printed
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    config = uvicorn.Config(http_app(server, allow_origins), log_level="warning",
                            lifespan="on", timeout_keep_alive=5)
    echo(f"MCP server (streamable HTTP) on http://{shown}:{bound}{MCP_PATH}")
    sys.stdout.flush()
    uvicorn.Server(config).run(sockets=[sock])


def serve_stdio(server: MCPServer) -> None:
    anyio.run(server.run_stdio_async)

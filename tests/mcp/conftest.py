"""Drive `helpcenter mcp` with the MCP SDK's own client, over stdio and streamable HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from tests.conftest import REPO

TUESDAY_NOON_TOKYO = "2026-11-24T03:00:00Z"


def mcp_args(*args: str) -> list[str]:
    return ["-m", "helpcenter.cli", "mcp", *args]


@asynccontextmanager
async def stdio_session(*args: str, now: str = TUESDAY_NOON_TOKYO):
    params = StdioServerParameters(command=sys.executable, args=mcp_args(*args), cwd=str(REPO),
                                   env={"HELPCENTER_NOW": now, "NO_MKDOCS_2_WARNING": "1"})
    with open(os.devnull, "w") as quiet:
        async with stdio_client(params, errlog=quiet) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                yield session


def run(session_factory, body) -> object:
    """Open a session, run `await body(session)`, return its result (sync tests, real I/O).

    On a thread of its own: Playwright's sync API (the session's browser fixture) keeps an
    event loop running on the main thread, and anyio will not start a second one there."""
    async def main():
        async with session_factory() as session:
            return await body(session)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, main).result(timeout=120)


@contextmanager
def http_server(*args: str, now: str = TUESDAY_NOON_TOKYO):
    """`helpcenter mcp --http --port 0 ...` in a subprocess; yields its endpoint URL."""
    process = subprocess.Popen([sys.executable, *mcp_args(*args, "--http", "--port", "0")],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "HELPCENTER_NOW": now})
    try:
        line = process.stdout.readline()
        assert " on http://" in line, line + process.stderr.read()
        yield line.rsplit(" on ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()


@asynccontextmanager
async def http_session(url: str):
    async with streamable_http_client(url) as streams:
        async with ClientSession(streams[0], streams[1]) as session:
            await session.initialize()
            yield session

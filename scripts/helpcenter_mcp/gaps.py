"""Closing the loop: searches that find nothing go to the collector as `search` events.

The same event the site's search box sends for a query without results (docs/events.md), with
`source: "assistant"`, so the report shows what assistants could not find apart from what
customers could not find on the site. Sending happens on a background thread with a short
timeout: an unreachable collector costs a line on stderr, never a tool call.
"""

from __future__ import annotations

import json
import queue
import secrets
import sys
import threading
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from helpcenter.events import MAX_QUERY, clean_text

EVENTS_PATH = "/api/events"
SEND_TIMEOUT = 3.0
QUEUE_LIMIT = 1000


def check_collector_url(url: str) -> str:
    """The events endpoint for `--collector` (a base URL or the endpoint itself)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--collector {url!r}: give the collector's address, e.g. "
                         "http://127.0.0.1:8001")
    base = url.rstrip("/")
    return base if base.endswith(EVENTS_PATH) else base + EVENTS_PATH


def _token(length: int) -> str:
    return secrets.token_urlsafe(length)[:length]


def no_results_event(query: str, locale: str, build: str, session: str,
                     partial_results: int = 0) -> dict:
    """A schema v2 `search` event for a query searched in vain, as an assistant asked it:
    without results, or (`partial_results` > 0) answered only by articles matching some of
    its words (value "partial")."""
    event = {"v": 2, "id": _token(22), "type": "search", "session": session, "locale": locale,
             "value": "partial" if partial_results else "no_results",
             "text": clean_text(" ".join(query.split()))[:MAX_QUERY],
             "results": partial_results, "source": "assistant"}
    if build:
        event["build"] = build
    return event


class GapReporter:
    """Queues zero-result queries and posts them to the collector one by one."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.session = _token(16)  # one per server run, like a browser tab's
        self.queue: queue.Queue[dict | None] = queue.Queue(QUEUE_LIMIT)
        self.sent = 0
        self.thread = threading.Thread(target=self._run, name="helpcenter-mcp-gaps", daemon=True)
        self.thread.start()

    def no_results(self, query: str, locale: str, build: str, partial_results: int = 0) -> None:
        event = no_results_event(query, locale, build, self.session, partial_results)
        if not event["text"]:
            return
        try:
            self.queue.put_nowait(event)
        except queue.Full:
            print("helpcenter mcp: collector queue full; a zero-result query was not sent",
                  file=sys.stderr)

    def _run(self) -> None:
        while True:
            event = self.queue.get()
            try:
                if event is None:
                    return
                self._send(event)
            finally:
                self.queue.task_done()

    def _send(self, event: dict) -> None:
        body = json.dumps(event, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.endpoint, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=SEND_TIMEOUT) as response:  # noqa: S310
                response.read(4096)
            self.sent += 1
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace")
            print(f"helpcenter mcp: {self.endpoint} refused an event (HTTP {exc.code}: "
                  f"{detail})", file=sys.stderr)
        except (urllib.error.URLError, OSError) as exc:
            print(f"helpcenter mcp: cannot reach {self.endpoint} "
                  f"({getattr(exc, 'reason', exc)})", file=sys.stderr)

    def flush(self) -> None:
        """Wait until every queued event was sent (or failed)."""
        self.queue.join()

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=SEND_TIMEOUT + 1)

"""A real full disk (a 2 MB tmpfs, as root in CI) under the SQLite store: events get 503, health
says "disk full" and 503, nothing acknowledged is lost, and it recovers by itself; a restart on
the full disk says so instead of "not a usable event store"."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from helpcenter.store import StoreError, open_store
from helpcenter_collector.app import create_app
from helpcenter_collector.ratelimit import RateLimiter
from helpcenter_collector.run import ThreadedServer
from tests.collector.support import dumps, make_event, stored_rows

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def tiny_disk(tmp_path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs (needs root, as in CI): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path) -> Path:
    """Write a file until the file system is full; returns it (delete it to free the space)."""
    filler = folder / "filler"
    with open(filler, "wb") as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 65536)
            out.flush()
            os.fsync(out.fileno())
    return filler


def post(url: str) -> tuple[httpx.Response, dict]:
    event = make_event()
    return httpx.post(f"{url}/api/events", content=dumps(event), headers=JSON, timeout=10), event


def test_a_full_disk_is_said_as_such_and_recovers_by_itself(site_dir, tiny_disk):
    db = tiny_disk / "events.sqlite3"
    store = open_store(db)
    app = create_app(store, site_dir, limiter=RateLimiter(per_minute=0))
    app.state.collector.committer.flush_every = 0.1  # the writer's probe interval, injected
    acked = []
    with ThreadedServer(app) as server:
        response, event = post(server.url)
        assert response.status_code == 200
        acked.append(event["id"])
        filler = fill(tiny_disk)
        for _ in range(500):
            response, event = post(server.url)
            if response.status_code != 200:
                break
            acked.append(event["id"])
        assert response.status_code == 503, response.text
        error = response.json()["error"]
        assert error["code"] == "store_unavailable" and "the disk is full" in error["message"]
        assert response.headers["retry-after"]
        health = httpx.get(f"{server.url}/api/health", timeout=10)
        assert health.status_code == 503
        assert health.json()["error"]["message"].startswith("the disk is full")
        filler.unlink()
        deadline = time.monotonic() + 10
        while httpx.get(f"{server.url}/api/health", timeout=10).status_code != 200:
            assert time.monotonic() < deadline, "health did not recover"
            time.sleep(0.05)
        response, event = post(server.url)
        assert response.status_code == 200
        acked.append(event["id"])
    store.close()
    stored = {row["event_id"] for row in stored_rows(db)}
    assert set(acked) <= stored


def test_a_restart_on_a_full_disk_says_disk_full(site_dir, tiny_disk):
    db = tiny_disk / "events.sqlite3"
    with open_store(db) as store:
        store.insert_many([{**make_event(), "event_id": "x" * 16}])
    fill(tiny_disk)
    with pytest.raises(StoreError) as info:
        open_store(db).close()
    message = str(info.value)
    assert message.startswith(f"{db}: the disk is full (") and "free some space" in message
    assert "not a usable event store" not in message

"""Collector fixtures: a tiny real manifest, a real store and a real collector on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.manifest import write_manifest
from helpcenter.store import open_store
from helpcenter_collector.app import create_app
from helpcenter_collector.ratelimit import RateLimiter
from helpcenter_collector.run import ThreadedServer
from tests.collector.support import small_manifest


@pytest.fixture
def site_dir(tmp_path) -> Path:
    site = tmp_path / "site"
    write_manifest(site, small_manifest())
    return site


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "events.sqlite3"


@pytest.fixture
def collector(site_dir, db_path):
    """A real collector on a free loopback port; yields (base URL, store path)."""
    store = open_store(db_path)
    app = create_app(store, site_dir, allow_origins=["https://help.example.com"],
                     limiter=RateLimiter(per_minute=0))
    with ThreadedServer(app) as server:
        server.app = app
        yield server
    store.close()

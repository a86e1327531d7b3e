"""Browser fixtures shared by several test modules."""

from __future__ import annotations

import pytest

from helpcenter.store import open_store
from helpcenter_collector.run import ThreadedServer
from helpcenter_collector.site import SiteFolder, create_site_app


class SameOrigin:
    """The demo site + collector on one loopback origin; can be stopped and started again."""

    def __init__(self, site_dir, db_path) -> None:
        self.site_dir = site_dir
        self.store = open_store(db_path)
        self.server: ThreadedServer | None = None
        self.port = 0

    def start(self) -> str:
        app = create_site_app(SiteFolder(self.site_dir), self.store)
        self.server = ThreadedServer(app, port=self.port).start()
        self.port = self.server.port
        return self.server.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def rows(self) -> list[dict]:
        return list(self.store.iter_rows())


@pytest.fixture
def origin(demo_site, tmp_path):
    """The demo site and the real collector on one loopback origin, events in SQLite."""
    served = SameOrigin(demo_site, tmp_path / "events.sqlite3")
    served.url = served.start()
    yield served
    served.stop()
    served.store.close()

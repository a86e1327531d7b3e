"""The preview's static side (`helpcenter serve`) with hostile paths: 404 or a redirect, never a
500, never a file outside the site."""

from __future__ import annotations

import httpx
import pytest

from helpcenter.manifest import write_manifest
from helpcenter.store import open_store
from helpcenter_collector.run import ThreadedServer
from helpcenter_collector.site import SiteFolder, create_site_app
from tests.collector.support import small_manifest

PATHS = [
    "/" + "a" * 256,  # one segment over the 255-byte file name limit (was a 500)
    "/" + "가" * 100 + "/",  # 300 bytes of UTF-8 in one segment
    "/" + "/".join(["b" * 200] * 30),  # longer than PATH_MAX
    "/%2e%2e/%2e%2e/etc/passwd",
    "/../../etc/passwd",
    "/helpcenter/%00manifest.json",
    "/%ff%fe",
    "//etc/passwd",
    "/" + "%E0%A4%A" * 40,
]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview")
    site = root / "site"
    site.mkdir()
    write_manifest(site, small_manifest())
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    store = open_store(root / "events.sqlite3")
    with ThreadedServer(create_site_app(SiteFolder(site), store)) as server:
        yield server
    store.close()


@pytest.mark.parametrize("path", PATHS)
def test_hostile_paths_are_not_found_not_a_server_error(preview, path):
    response = httpx.get(preview.url + path, timeout=10)
    assert response.status_code == 404, response.text[:200]
    assert "root:" not in response.text

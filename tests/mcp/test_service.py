"""The service keeps what a build published between calls, and lets go of it when the site changes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from helpcenter import clock
from helpcenter.manifest import MANIFEST_PATH
from helpcenter.search.index import SEARCH_DIR
from helpcenter_mcp.service import HelpCenterService
from helpcenter_mcp.site import BuiltSite, DeployedSite
from tests.conftest import serve_directory
from tests.helpcenter.search.split_site import write_split_copy

NOON = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)


@pytest.fixture
def site(demo_site, tmp_path) -> Path:
    """A private copy of the demo site, to rebuild by hand."""
    copy = tmp_path / "site"
    shutil.copytree(demo_site, copy)
    return copy


def retitle_in_index(site: Path, article_id: str, title: str) -> None:
    """What a rebuild does to the English search file when an article's title changed."""
    path = site / SEARCH_DIR / "en.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        if doc[0] == article_id:
            doc[1] = title
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def rebuild_manifest(site: Path, build_id: str) -> None:
    path = site / MANIFEST_PATH
    data = json.loads(path.read_text(encoding="utf-8"))
    data["build_id"] = build_id
    path.unlink()                # a build writes a new file
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def top_title(service: HelpCenterService) -> str:
    result = service.search_articles("reset password", "en", limit=1)["results"][0]
    assert result["id"] == "account/reset-password"
    return result["title"]


def test_a_loaded_index_answers_the_next_queries_without_reading_it_again(site):
    service = HelpCenterService(BuiltSite(site))
    before = top_title(service)
    retitle_in_index(site, "account/reset-password", "Changed behind its back")
    # The manifest did not change, so this is the same build: the index kept in memory answers.
    assert top_title(service) == before


def test_a_rebuilt_folder_is_seen_on_the_next_call(site):
    service = HelpCenterService(BuiltSite(site))
    assert top_title(service) != "Set a new password"
    retitle_in_index(site, "account/reset-password", "Set a new password")
    rebuild_manifest(site, "rebuilt")
    assert top_title(service) == "Set a new password"
    assert service.published.manifest["build_id"] == "rebuilt"


def test_a_redeployed_site_is_seen_after_the_refresh_interval(site):
    server, url = serve_directory(site)
    try:
        with clock.pin(NOON):
            service = HelpCenterService(DeployedSite(url), refresh_seconds=60)
            before = top_title(service)
        retitle_in_index(site, "account/reset-password", "Set a new password")
        rebuild_manifest(site, "redeployed")
        with clock.pin(NOON + dt.timedelta(seconds=59)):
            assert top_title(service) == before          # within the interval: nothing fetched
        with clock.pin(NOON + dt.timedelta(seconds=61)):
            assert top_title(service) == "Set a new password"
            assert service.published.manifest["build_id"] == "redeployed"
    finally:
        server.shutdown()


def test_a_deployed_site_that_stops_answering_keeps_its_last_answers(site):
    server, url = serve_directory(site)
    with clock.pin(NOON):
        service = HelpCenterService(DeployedSite(url), refresh_seconds=60)
        before = top_title(service)
    server.shutdown()
    server.server_close()
    with clock.pin(NOON + dt.timedelta(minutes=5)):
        assert top_title(service) == before


def test_a_redeploy_that_renamed_the_shards_is_followed_at_once(demo_site, site, tmp_path):
    """A split index names its term shards by their content: after a redeploy the old entry
    asks for shards that are gone, and the answer comes from the new build, not an error."""
    live = tmp_path / "live"
    shutil.copytree(demo_site, live)
    write_split_copy(demo_site, live, shard_bytes=300)
    retitle_in_index(site, "account/reset-password", "Set a new password")
    redeployed = write_split_copy(site, tmp_path / "redeployed", shard_bytes=350)  # other ranges
    server, url = serve_directory(live)
    try:
        with clock.pin(NOON):
            service = HelpCenterService(DeployedSite(url), refresh_seconds=60)
            assert service.search_articles("refund", "en")["results"]
            shutil.rmtree(live / SEARCH_DIR)
            shutil.copytree(redeployed / SEARCH_DIR, live / SEARCH_DIR)
            rebuild_manifest(live, "redeployed")
            assert top_title(service) == "Set a new password"    # within the minute
            assert service.published.manifest["build_id"] == "redeployed"
    finally:
        server.shutdown()

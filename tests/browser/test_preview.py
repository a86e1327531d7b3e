"""`helpcenter serve`'s live preview in a real Chromium: a save shows up in the open page, a
broken save shows its file:line message there, fixing it clears the message."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from helpcenter.project import load_project
from helpcenter.store import open_store
from helpcenter_collector.preview import PreviewBuilder
from helpcenter_collector.run import ThreadedServer
from helpcenter_collector.site import Reloader, SiteFolder, create_site_app

pytestmark = pytest.mark.browser

ARTICLE = "account/reset-password"


@pytest.fixture
def preview(demo_project, tmp_path):
    root = demo_project
    reloader = Reloader()
    builder = PreviewBuilder(load_project(root / "mkdocs.yml"), reloader=reloader,
                             echo=lambda line: None)
    assert builder.build(), builder.error
    builder.site = SiteFolder(builder.current)
    store = open_store(tmp_path / "events.sqlite3")
    server = ThreadedServer(create_site_app(builder.site, store, reloader)).start()
    builder.start()
    try:
        yield root, server.url
    finally:
        builder.stop()
        server.stop()
        store.close()


def test_saves_and_failed_rebuilds_show_in_the_open_page(preview, phone):
    root, url = preview
    page = phone.new_page()
    page.goto(f"{url}/{ARTICLE}/")
    heading = page.locator("article h1")
    expect(heading).to_have_text("Reset your password")

    source = root / "content" / "en" / f"{ARTICLE}.md"
    good = source.read_text(encoding="utf-8")
    saved = time.monotonic()
    source.write_text(good.replace("title: Reset your password", "title: Reset it now", 1),
                      encoding="utf-8")
    expect(heading).to_have_text("Reset it now", timeout=20_000)   # the page reloaded by itself
    print(f"save → updated page: {time.monotonic() - saved:.2f} s")

    source.write_text(good.replace("title: ", "title: [unclosed ", 1), encoding="utf-8")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(f"content/en/{ARTICLE}.md:", timeout=20_000)
    expect(alert).to_contain_text("front matter is not valid YAML")
    expect(heading).to_have_text("Reset it now")   # the last good page stays

    source.write_text(good, encoding="utf-8")
    expect(heading).to_have_text("Reset your password", timeout=20_000)
    expect(page.locator("#hc-build-error")).to_have_count(0)

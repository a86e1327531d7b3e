"""`helpcenter serve`: live preview and the collector on one origin, in a real subprocess."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from helpcenter.store import DEFAULT_DB_PATH, open_store
from helpcenter_collector.site import resolve_file
from tests.collector.support import dumps
from tests.collector.test_durability import free_port

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "account/reset-password"


@pytest.fixture
def project(demo_project) -> Path:
    return demo_project


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read())
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def test_serve_previews_live_and_collects_on_the_same_origin(project):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "serve", "--port",
                                str(port)], cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/health", process)
        page = httpx.get(f"{base}/{ARTICLE}/").text
        assert "data-hc-feedback" in page and "/_helpcenter/livereload.js?v=0" in page
        config = httpx.get(f"{base}/assets/helpcenter/events-config.js").text
        assert '"endpoint": "/api/events"' in config

        event = {"v": 1, "id": "serve-test-event-0001", "type": "vote", "session": "serve-tab-1",
                 "locale": "ko", "article": ARTICLE, "value": "no", "url": f"/ko/{ARTICLE}/"}
        assert httpx.post(f"{base}/api/events", content=dumps(event),
                          headers={"Content-Type": "application/json",
                                   "Origin": base}).status_code == 200
        with open_store(project / DEFAULT_DB_PATH, readonly=True) as store:
            assert [r["event_id"] for r in store.iter_rows()] == [event["id"]]

        answer: dict = {}
        poll = threading.Thread(target=lambda: answer.update(httpx.get(
            f"{base}/_helpcenter/livereload?v=0", timeout=60).json()))
        poll.start()
        time.sleep(0.5)
        source = project / "content" / "en" / f"{ARTICLE}.md"
        source.write_text(source.read_text(encoding="utf-8") + "\n\nLive reload marker 4711.\n",
                          encoding="utf-8")
        poll.join(timeout=60)
        deadline = time.monotonic() + 90   # a slow machine: the page simply polls again
        while answer.get("build") == 0 and time.monotonic() < deadline:
            answer = httpx.get(f"{base}/_helpcenter/livereload?v=0", timeout=60).json()
        assert answer.get("build") == 1  # the waiting browser is told to reload
        assert "Live reload marker 4711" in httpx.get(f"{base}/{ARTICLE}/").text

        # A broken file: the build fails, the previous build stays online.
        broken = project / "content" / "en" / "account" / "broken.md"
        broken.write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
        deadline = time.monotonic() + 30
        status = {}
        while time.monotonic() < deadline and "error" not in status:
            # v=-1 never matches, so the answer (with the build status) comes at once
            status = httpx.get(f"{base}/_helpcenter/livereload?v=-1", timeout=5).json()
            time.sleep(0.3)
        assert "error" in status
        assert httpx.get(f"{base}/{ARTICLE}/").status_code == 200
        assert httpx.get(f"{base}/api/health").status_code == 200

        # Ctrl-C while a page holds a live-reload long poll: it is answered, the server exits.
        waiting: dict = {}
        sent = threading.Event()
        browser = httpx.Client(timeout=60, event_hooks={"request": [lambda request: sent.set()]})
        browser.get(f"{base}/api/health")   # the connection is open before the long poll starts
        sent.clear()
        poll = threading.Thread(target=lambda: waiting.update(browser.get(
            f"{base}/_helpcenter/livereload?v={status['build']}").json()))
        poll.start()
        assert sent.wait(10)
        time.sleep(0.5)   # the request's bytes reach the server
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)
        assert time.monotonic() - started < 10
        poll.join(timeout=5)
        browser.close()
        assert waiting["build"] == status["build"] and waiting["error"] == status["error"]
    finally:
        if process.poll() is None:
            process.kill()
        output = process.communicate(timeout=20)[0]
    assert "Traceback" not in output, output
    assert "Build failed" in output


def test_static_paths_never_leave_the_site(tmp_path):
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.html").write_text("x")
    (tmp_path / "secret.txt").write_text("secret")
    root = site.resolve()
    assert resolve_file(root, "/docs/") == (root / "docs" / "index.html", False)
    assert resolve_file(root, "/docs") == (None, True)
    for hostile in ("/../secret.txt", "/%2e%2e/secret.txt", "/docs/../../secret.txt",
                    "/docs/%00.html", "//etc/passwd"):
        assert resolve_file(root, hostile)[0] is None, hostile


def test_preview_endpoints_shrug_off_bad_input(site_dir, tmp_path):
    from helpcenter_collector.run import ThreadedServer
    from helpcenter_collector.site import Reloader, SiteFolder, create_site_app

    (site_dir / "index.html").write_text("<html><body><p>home</p></body></html>")
    (site_dir / "404.html").write_text("<html><body>not here</body></html>")
    reloader = Reloader()
    with open_store(tmp_path / "e.db") as store, \
            ThreadedServer(create_site_app(SiteFolder(site_dir), store, reloader)) as server:
        home = httpx.get(f"{server.url}/")
        assert home.status_code == 200 and "/_helpcenter/livereload.js?v=0" in home.text
        for query in ("v=abc", "v=" + "9" * 5000, "v=-5", "v=%00"):
            answer = httpx.get(f"{server.url}/_helpcenter/livereload?{query}", timeout=5)
            assert answer.status_code == 200 and answer.json()["build"] == 0
        missing = httpx.get(f"{server.url}/nope/../../../etc/passwd")
        assert missing.status_code == 404 and "not here" in missing.text
        assert httpx.post(f"{server.url}/index.html", content=b"x").status_code == 405
        assert httpx.get(f"{server.url}/%00").status_code == 404
        reloader.changed()
        assert "livereload.js?v=1" in httpx.get(f"{server.url}/").text


def test_serve_stores_the_previews_feedback_in_the_db_it_is_given(project, postgres_url):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "serve", "--port",
                                str(port), "--db", postgres_url], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/health", process)
        event = {"v": 1, "id": "serve-postgres-0001", "type": "vote", "session": "serve-tab-2",
                 "locale": "en", "article": ARTICLE, "value": "yes", "url": f"/{ARTICLE}/"}
        assert httpx.post(f"{base}/api/events", content=dumps(event),
                          headers={"Content-Type": "application/json",
                                   "Origin": base}).status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=60)[0]
    assert "feedback is stored in postgresql://" in output and ":***@" in output
    with open_store(postgres_url, readonly=True) as store:
        assert [r["event_id"] for r in store.iter_rows()] == [event["id"]]
    assert not (project / DEFAULT_DB_PATH).exists()  # nothing went to the local file


def test_preview_serves_each_locale_its_own_not_found_page(site_dir, tmp_path):
    from helpcenter_collector.run import ThreadedServer
    from helpcenter_collector.site import SiteFolder, create_site_app

    (site_dir / "404.html").write_text("<html><body>not here</body></html>")
    (site_dir / "ko").mkdir(exist_ok=True)
    (site_dir / "ko" / "404.html").write_text("<html><body>페이지를 찾을 수 없습니다</body></html>")
    with open_store(tmp_path / "e.db") as store, \
            ThreadedServer(create_site_app(SiteFolder(site_dir), store)) as server:
        korean = httpx.get(f"{server.url}/ko/account/gone/")
        assert korean.status_code == 404 and "찾을 수 없습니다" in korean.text
        for other in ("/ja/gone/", "/gone", "/ko.html/x", "/%2e%2e/x"):
            answer = httpx.get(f"{server.url}{other}")
            assert answer.status_code == 404 and "not here" in answer.text, other

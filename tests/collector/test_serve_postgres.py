"""`helpcenter serve --db postgresql://...`: what a writer previewing against a shared database
notices. The widget's feedback lands in PostgreSQL (scrubbed, a replay stored once), the report
reads it back from there, and a wrong or unreachable database is one sentence before any build.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import psycopg
import pytest

from helpcenter.store import DEFAULT_DB_PATH
from tests.collector.support import dumps
from tests.collector.test_durability import free_port
from tests.collector.test_serve import ARTICLE, wait_for

NOW = "2026-11-20T09:30:00Z"  # the preview's clock: received_at, and the report's period


def serve(project: Path, db: str, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "serve", "--port", str(port),
                             "--db", db], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "HELPCENTER_NOW": NOW})


def test_the_previews_feedback_lands_in_postgresql_and_the_report_reads_it(demo_project,
                                                                           postgres_url):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    headers = {"Content-Type": "application/json", "Origin": base}
    visit = {"v": 2, "session": "serve-pg-tab-1", "locale": "ko", "article": ARTICLE,
             "url": f"/ko/{ARTICLE}/"}
    vote = {**visit, "id": "serve-pg-vote-000001", "type": "vote", "value": "no"}
    process = serve(demo_project, postgres_url, port)
    try:
        wait_for(f"{base}/api/health", process)
        assert httpx.post(f"{base}/api/events", content=dumps(vote),
                          headers=headers).status_code == 200
        batch = {"events": [
            {**visit, "id": "serve-pg-reason-00001", "type": "reason", "value": "unclear"},
            {**visit, "id": "serve-pg-comment-0001", "type": "comment",
             "text": "메일이 안 와요. kim.minsu@example.co.kr 로 연락 주세요"}]}
        answer = httpx.post(f"{base}/api/events", content=dumps(batch), headers=headers)
        assert answer.status_code == 200 and answer.json()["stored"] == 2
        # The browser lost the answer and sends the vote again: stored once, told 409.
        replay = httpx.post(f"{base}/api/events", content=dumps(vote), headers=headers)
        assert replay.status_code == 409 and replay.json()["error"]["code"] == "duplicate"
        health = httpx.get(f"{base}/api/health").json()
        assert health["stored"] == 3 and health["rejected"] == {"duplicate": 1}
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=60)[0]
    assert "Traceback" not in output, output
    assert not (demo_project / DEFAULT_DB_PATH).exists()  # nothing went to the local file

    with psycopg.connect(postgres_url) as conn:
        rows = conn.execute("SELECT event_id, type, received_at, text FROM events "
                            "ORDER BY seq").fetchall()
    assert [r[:3] for r in rows] == [
        ("serve-pg-vote-000001", "vote", "2026-11-20T09:30:00.000Z"),
        ("serve-pg-reason-00001", "reason", "2026-11-20T09:30:00.000Z"),
        ("serve-pg-comment-0001", "comment", "2026-11-20T09:30:00.000Z")]
    assert rows[2][3] == "메일이 안 와요. [email] 로 연락 주세요"  # scrubbed before storage

    out = demo_project / "report-out"
    report = subprocess.run(
        [sys.executable, "-m", "helpcenter.cli", "report", "--db", postgres_url, "--site-dir",
         str(demo_project / ".helpcenter" / "preview" / "a"), "--since", "7d", "--until",
         "2026-11-20", "--min-votes", "1", "--out", str(out)],
        cwd=demo_project, capture_output=True, text=True, env={**os.environ, "HELPCENTER_NOW": NOW},
        timeout=120)
    assert report.returncode == 0, report.stderr
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["source"]["kind"] == "store" and ":***@" in data["source"]["name"]
    assert data["input"]["events"] == 3 and data["input"]["rejected"] == {"duplicate": 1}
    article = next(a for a in data["articles"] if a["id"] == ARTICLE)
    assert (article["votes"], article["no"], article["yes"]) == (1, 1, 0)
    assert [(r["reason"], r["count"]) for r in article["reasons"]] == [("unclear", 1)]
    assert [(c["locale"], c["text"]) for c in article["comments"]] == [
        ("ko", "메일이 안 와요. [email] 로 연락 주세요")]
    assert "(ko, 2026-11-20) 메일이 안 와요. \\[email\\] 로 연락 주세요" in (
        out / "report.md").read_text(encoding="utf-8")


def _closed_port() -> int:
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("make_url, words", [
    (lambda server: "postgresql://helpcenter@localhost", "the URL names no database"),
    (lambda server: "postgresql://helpcenter@localhost:notaport/help",
     "not a usable PostgreSQL URL"),
    (lambda server: f"postgresql://collector:s3cret@127.0.0.1:{_closed_port()}/help",
     "cannot connect to PostgreSQL"),
    (lambda server: server.rsplit("/", 1)[0] + "/no_such_helpcenter_db",
     'database "no_such_helpcenter_db" does not exist'),
])
def test_a_bad_or_unreachable_database_is_one_sentence_before_any_build(
        demo_project, postgres_server, make_url, words):
    url = make_url(postgres_server)
    done = subprocess.run([sys.executable, "-m", "helpcenter.cli", "serve", "--port",
                           str(free_port()), "--db", url], cwd=demo_project, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --db ") and words in lines[0], lines
    assert "Traceback" not in done.stderr and "s3cret" not in done.stderr
    assert "Building" not in done.stdout  # refused before minutes of building
    assert not (demo_project / DEFAULT_DB_PATH).exists()


def test_a_database_that_is_no_event_store_is_refused_before_any_build(demo_project,
                                                                         postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE events (id serial)")  # someone else's table
    done = subprocess.run([sys.executable, "-m", "helpcenter.cli", "serve", "--port",
                           str(free_port()), "--db", postgres_url], cwd=demo_project,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "a table helpcenter did not create" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Building" not in done.stdout
    with psycopg.connect(postgres_url) as conn:  # nothing was half-created beside it
        assert conn.execute("SELECT to_regclass('helpcenter_schema')").fetchone()[0] is None

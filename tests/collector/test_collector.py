"""The collector over real HTTP on loopback: storing, refusing, CORS, rate limit, group commit."""

from __future__ import annotations

import concurrent.futures
import json
import socket

import httpx
import pytest

from helpcenter.store import open_store
from helpcenter_collector.app import create_app
from helpcenter_collector.ratelimit import RateLimiter
from helpcenter_collector.run import ThreadedServer
from tests.collector.support import BUILD_ID, dumps, make_event, stored_rows

JSON = {"Content-Type": "application/json"}


def post(base: str, body: bytes, headers: dict | None = None) -> httpx.Response:
    return httpx.post(f"{base}/api/events", content=body, headers={**JSON, **(headers or {})},
                      timeout=10)


def test_health_reports_the_manifest_build(collector):
    response = httpx.get(f"{collector.url}/api/health")
    assert response.status_code == 200
    assert response.json()["build"] == BUILD_ID


def test_one_event_is_stored_after_commit_and_acknowledged(collector, db_path):
    event = make_event(type="comment", value=None, text="Call me on 010-1234-5678, kim@x.kr")
    response = post(collector.url, dumps(event))
    assert response.status_code == 200, response.text
    assert response.json() == {"ok": True, "stored": 1}
    [row] = stored_rows(db_path)
    assert row["event_id"] == event["id"] and row["type"] == "comment"
    assert row["text"] == "Call me on [phone], [email]"
    assert row["received_at"].endswith("Z") and row["build"] == BUILD_ID


def test_a_batch_stores_valid_events_and_names_the_refused_ones(collector, db_path):
    good = [make_event(), make_event(type="reason", value="missing"),
            make_event(type="effort", value=2)]
    bad = make_event(article="billing/does-not-exist")
    response = post(collector.url, dumps({"events": [*good, bad]}))
    assert response.status_code == 200
    body = response.json()
    assert body["stored"] == 3 and body["duplicates"] == []
    assert body["rejected"] == [{"index": 3, "id": bad["id"], "code": "unknown_article",
                                 "message": "unknown article 'billing/does-not-exist' in locale "
                                            "'en'"}]
    assert [r["event_id"] for r in stored_rows(db_path)] == [e["id"] for e in good]


def test_replayed_ids_get_409_and_are_stored_once(collector, db_path):
    event = make_event()
    assert post(collector.url, dumps(event)).status_code == 200
    again = post(collector.url, dumps(event))
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate"
    batch = post(collector.url, dumps({"events": [event, event]}))
    assert batch.status_code == 409
    assert len(stored_rows(db_path)) == 1
    mixed = post(collector.url, dumps({"events": [event, make_event()]}))
    assert mixed.status_code == 200 and mixed.json()["duplicates"] == [event["id"]]
    assert len(stored_rows(db_path)) == 2


HOSTILE = [
    ("wrong type", dumps(make_event(value=["no"])), 422, "bad_field"),
    ("object as id", dumps(make_event(id={"$gt": ""})), 422, "bad_field"),
    ("number as event", b"12345", 400, "bad_shape"),
    ("huge body", b'{"v": 1, "text": "' + b"a" * 20_000 + b'"}', 413, "too_large"),
    ("deep JSON", b"[" * 8000 + b"]" * 8000, 400, "too_deep"),
    ("invalid UTF-8", b'{"v": 1, "id": "\xc3\x28\xa0\xa1"}', 400, "bad_encoding"),
    ("not JSON", b"v=1&type=vote", 400, "bad_json"),
    ("truncated JSON", dumps(make_event())[:-5], 400, "bad_json"),
    ("script tag as article", dumps(make_event(article="<script>alert(1)</script>")), 422,
     "unknown_article"),
    ("script tag as value", dumps(make_event(value="<img src=x onerror=alert(1)>")), 422,
     "bad_value"),
    ("SQL as id", dumps(make_event(id="x'); DROP TABLE events; --")), 422, "bad_id"),
    ("SQL as locale", dumps(make_event(locale="en' OR 1=1 --")), 422, "unknown_locale"),
    ("SQL as session", dumps(make_event(session="1 UNION SELECT * FROM events")), 422,
     "bad_session"),
    ("unknown article", dumps(make_event(article="billing/nope")), 422, "unknown_article"),
    ("article not in locale", dumps(make_event(locale="ja")), 422, "unknown_article"),
    ("unknown locale", dumps(make_event(locale="de")), 422, "unknown_locale"),
    ("unknown field", dumps(make_event(email="a@b.c")), 422, "unknown_field"),
    ("unknown type", dumps(make_event(type="pageview")), 422, "unknown_type"),
    ("oversized comment", dumps(make_event(type="comment", value=None, text="x" * 1001)), 422,
     "text_too_long"),
    ("lone surrogate", b'{"v":1,"id":"abcdefghijklmnop","type":"comment","session":"s-123456",'
     b'"locale":"en","article":"billing/refunds","text":"\\ud800"}', 422, "bad_text"),
    ("51 events", dumps({"events": [make_event() for _ in range(51)]}), 413, "batch_too_large"),
    ("empty batch", b'{"events": []}', 400, "bad_shape"),
    ("all-invalid batch", dumps({"events": [make_event(v=3), make_event(article="x/y")]}), 422,
     "bad_version"),
    ("NaN", b'{"v": NaN}', 400, "bad_json"),
    ("duplicate keys", b'{"v": 1, "v": 1}', 400, "bad_json"),
]


@pytest.mark.parametrize("name, body, status, code", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_input_gets_a_clear_4xx_and_stores_nothing(collector, db_path, name, body,
                                                           status, code):
    response = post(collector.url, body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert 10 < len(error["message"]) < 300 and "Traceback" not in error["message"]
    assert stored_rows(db_path) == []
    assert httpx.get(f"{collector.url}/api/health").status_code == 200  # still up


def test_replayed_idempotency_key_is_hostile_too(collector, db_path):
    event = make_event()
    post(collector.url, dumps(event))
    for _ in range(20):
        assert post(collector.url, dumps(event)).status_code == 409
    assert len(stored_rows(db_path)) == 1


def test_wrong_content_type_and_method(collector, db_path):
    response = httpx.post(f"{collector.url}/api/events", content=dumps(make_event()),
                          headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert httpx.get(f"{collector.url}/api/events").status_code == 405
    assert stored_rows(db_path) == []


def test_a_lying_content_length_and_a_chunked_huge_body_are_refused(collector, db_path):
    def chunks():
        for _ in range(40):
            yield b" " * 1024
    response = httpx.post(f"{collector.url}/api/events", content=chunks(), headers=JSON)
    assert response.status_code == 413
    # Content-Length says small, body is a slow drip: the server reads only what was declared.
    with socket.create_connection(("127.0.0.1", collector.port)) as sock:
        sock.sendall(b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 99999999\r\n\r\n{")
        assert b" 413 " in sock.recv(1024)
    assert stored_rows(db_path) == []
    assert httpx.get(f"{collector.url}/api/health").status_code == 200


def test_cors_only_for_configured_origins(collector, db_path):
    allowed = "https://help.example.com"
    preflight = httpx.options(f"{collector.url}/api/events", headers={
        "Origin": allowed, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == allowed
    evil = httpx.options(f"{collector.url}/api/events", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in evil.headers
    assert post(collector.url, dumps(make_event()), {"Origin": allowed}).status_code == 200
    refused = post(collector.url, dumps(make_event()), {"Origin": "https://evil.example"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "origin"
    same = post(collector.url, dumps(make_event()), {"Origin": collector.url})
    assert same.status_code == 200
    assert len(stored_rows(db_path)) == 2


def test_rate_limit_answers_429_with_retry_after(site_dir, tmp_path):
    store = open_store(tmp_path / "e.db")
    frozen = RateLimiter(per_minute=60, burst=5, clock=lambda: 1000.0)  # no refill mid-test
    app = create_app(store, site_dir, limiter=frozen)
    with ThreadedServer(app) as server:
        statuses = [post(server.url, dumps(make_event())).status_code for _ in range(8)]
        assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
        limited = post(server.url, dumps(make_event()))
        assert int(limited.headers["retry-after"]) >= 1
        assert httpx.get(f"{server.url}/api/health").json()["rejected"]["rate_limited"] >= 3
    assert len(list(store.iter_rows())) == 5
    store.close()


def test_rejections_are_counted_in_the_store(site_dir, tmp_path):
    path = tmp_path / "e.db"
    store = open_store(path)
    app = create_app(store, site_dir, limiter=RateLimiter(per_minute=0))
    with ThreadedServer(app) as server:
        post(server.url, dumps(make_event(article="billing/nope")))
        post(server.url, dumps(make_event(article="billing/nope")))
        post(server.url, b"{")
    store.close()  # the writer flushes counters when it stops
    with open_store(path) as reopened:
        assert reopened.rejections() == {"bad_json": 1, "unknown_article": 2}


def test_concurrent_requests_share_transactions(collector, db_path):
    events = [make_event() for _ in range(200)]
    with httpx.Client(timeout=20) as client, \
            concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(
            lambda e: client.post(f"{collector.url}/api/events", content=dumps(e),
                                  headers=JSON).status_code, events))
    assert statuses == [200] * 200
    assert len(stored_rows(db_path)) == 200
    committer = collector.app.state.collector.committer
    assert committer.committed == 200
    assert committer.groups < 200  # at least some requests were committed together


def test_manifest_changes_are_picked_up_without_restart(collector, site_dir, db_path):
    from helpcenter.manifest import write_manifest
    from tests.collector.support import small_manifest

    event = make_event(article="orders/track-order")
    assert post(collector.url, dumps(event)).status_code == 422
    manifest = small_manifest()
    manifest["build_id"] = "20261123T000000Z-fedcba9876"
    manifest["articles"]["orders/track-order"] = {
        "category": "orders", "owner": None, "reviewed": None, "tags": [],
        "locales": {"en": {"url": "/orders/track-order/", "title": "T", "description": "D",
                           "fallback": False, "source": "x", "reviewed": None}}}
    write_manifest(site_dir, manifest)
    catalog = collector.app.state.collector.catalog
    checked = catalog.checked_at                  # when it last looked at the file
    catalog.monotonic = lambda: checked            # within the check interval: not re-read yet
    assert post(collector.url, dumps(event)).status_code == 422
    catalog.monotonic = lambda: checked + catalog.check_every   # one interval later
    assert post(collector.url, dumps(event)).status_code == 200
    assert httpx.get(f"{collector.url}/api/health").json()["build"] == manifest["build_id"]


def test_a_failing_store_answers_503_and_the_collector_recovers(site_dir, tmp_path):
    path = tmp_path / "e.db"
    store = open_store(path)
    app = create_app(store, site_dir, limiter=RateLimiter(per_minute=0))
    with ThreadedServer(app) as server:
        import sqlite3
        blocker = sqlite3.connect(path, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")  # another writer holds the database
        store._db.execute("PRAGMA busy_timeout = 100")
        response = post(server.url, dumps(make_event()))
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "store_unavailable"
        assert "retry-after" in response.headers
        blocker.rollback()
        blocker.close()
        assert post(server.url, dumps(make_event())).status_code == 200
    assert len(list(store.iter_rows())) == 1
    store.close()


def test_json_error_bodies_are_json(collector):
    response = post(collector.url, b"{")
    assert response.headers["content-type"].startswith("application/json")
    json.loads(response.text)


def test_script_and_sql_in_free_text_are_stored_as_inert_text(collector, db_path):
    """A customer may legitimately write '<b>' or "don't"; free text is data, never markup or
    SQL (parameterized queries; readers escape). Identifiers with such text are refused above."""
    text = "<script>alert(1)</script> '); DROP TABLE events; -- \" OR 1=1"
    response = post(collector.url, dumps(make_event(type="comment", value=None, text=text)))
    assert response.status_code == 200
    [row] = stored_rows(db_path)
    assert row["text"] == text

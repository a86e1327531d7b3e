"""The hostile-input suite over HTTP: every case gets a clear 4xx, stores nothing, logs no error.

One collector on loopback serves the whole module (cases are independent: each checks the
number of stored rows before and after). Cases are grouped by what they attack: the body's
JSON, the types of each field, the values of each field, the HTTP layer itself; a last group
is accepted, and checks what is stored is cleaned as documented.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import sqlite3

import httpx
import pytest

from helpcenter.events import FIELDS, MAX_BATCH, MAX_BODY_BYTES
from helpcenter.manifest import write_manifest
from helpcenter.store import open_store
from helpcenter_collector.app import create_app
from helpcenter_collector.ratelimit import RateLimiter
from helpcenter_collector.run import ThreadedServer
from tests.collector.support import dumps, make_event, small_manifest, stored_rows

JSON = "application/json"


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    write_manifest(root / "site", small_manifest())
    store = open_store(root / "events.sqlite3")
    app = create_app(store, root / "site", allow_origins=["https://help.example.com"],
                     limiter=RateLimiter(per_minute=0))
    errors = Errors()
    loggers = [logging.getLogger(n) for n in ("uvicorn.error", "uvicorn.asgi",
                                             "helpcenter.collector")]
    for logger in loggers:
        logger.addHandler(errors)
    with ThreadedServer(app) as running:
        running.db = root / "events.sqlite3"
        running.errors = errors
        reader = sqlite3.connect(f"file:{running.db}?mode=ro", uri=True)
        running.count = lambda: reader.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        yield running
        reader.close()
    store.close()
    for logger in loggers:
        logger.removeHandler(errors)


def comment(**fields) -> dict:
    return make_event(**{"type": "comment", "value": None, "text": "fine", **fields})


def search(**fields) -> dict:
    return make_event(**{"type": "search", "value": "no_results", "article": None, "text": "q",
                         **fields})


# -- 1. the body: JSON, encoding, size, shape ---------------------------------------------------

BIG = MAX_BODY_BYTES
BODIES = [
    ("empty body", b"", "bad_json"),
    ("only spaces", b"   \n\t ", "bad_json"),
    ("null", b"null", "bad_shape"),
    ("true", b"true", "bad_shape"),
    ("a string", b'"vote"', "bad_shape"),
    ("a number", b"1", "bad_shape"),
    ("an array of events", dumps([make_event()]), "bad_shape"),
    ("an empty array", b"[]", "bad_shape"),
    ("truncated object", dumps(make_event())[:-1], "bad_json"),
    ("trailing garbage", dumps(make_event()) + b"x", "bad_json"),
    ("two objects", dumps(make_event()) + dumps(make_event()), "bad_json"),
    ("a comment", b'{"v": 1 /* one */}', "bad_json"),
    ("single quotes", b"{'v': 1}", "bad_json"),
    ("unquoted keys", b"{v: 1}", "bad_json"),
    ("trailing comma", b'{"v": 1,}', "bad_json"),
    ("NaN", b'{"v": NaN}', "bad_json"),
    ("Infinity", b'{"results": Infinity}', "bad_json"),
    ("-Infinity", b'{"results": -Infinity}', "bad_json"),
    ("duplicate key", b'{"v": 1, "v": 1}', "bad_json"),
    ("duplicate key inside a batch", b'{"events": [{"id": "a", "id": "b"}]}', "bad_json"),
    ("duplicate events key", b'{"events": [], "events": []}', "bad_json"),
    ("byte-order mark", b"\xef\xbb\xbf" + dumps(make_event()), "bad_json"),
    ("UTF-16", json.dumps(make_event()).encode("utf-16"), "bad_encoding"),
    ("Latin-1 text", '{"text": "café"}'.encode("latin-1"), "bad_encoding"),
    ("overlong UTF-8 slash", b'{"url": "\xc0\xaf"}', "bad_encoding"),
    ("UTF-8 encoded surrogate", b'{"text": "\xed\xa0\x80"}', "bad_encoding"),
    ("a lone continuation byte", b'{"text": "\x80"}', "bad_encoding"),
    ("4,301-digit v", b'{"v": 1' + b"0" * 4300 + b"}", "bad_json"),
    ("5,000-digit results", b'{"results": ' + b"9" * 5000 + b"}", "bad_json"),
    ("21-digit negative value", b'{"value": -' + b"1" * 21 + b"}", "bad_json"),
    ("huge integer in a batch", b'{"events": [{"v": ' + b"7" * 30 + b"}]}", "bad_json"),
    ("huge integer as a key's value deep down", b'{"events": [{"x": [' + b"1" * 50 + b"]}]}",
     "bad_json"),
    ("arrays 5 deep", b"[[[[[1]]]]]", "too_deep"),
    ("objects 5 deep", b'{"a": {"b": {"c": {"d": {"e": 1}}}}}', "too_deep"),
    ("a batch 5 deep", b'{"events": [{"text": [[1]]}]}', "too_deep"),
    ("8,000 open brackets", b"[" * 8000, "too_deep"),
    ("16 KB of open objects", b'{"a":' * (BIG // 5), "too_deep"),
    ('16 KB of "\\ (the old quadratic case)', b'"\\' * (BIG // 2), "bad_json"),
    ("16 KB of quotes", b'"' * BIG, "bad_json"),
    ("16 KB of backslashes", b"\\" * BIG, "bad_json"),
    ("escaped quotes then brackets", b'{"text": "' + b'\\"[' * 5000, "bad_json"),
    ("over 16 KB", b" " * (BIG + 1), "too_large"),
    ("over 16 KB of valid JSON", dumps(comment(text="x" * BIG)), "too_large"),
    ("51 events", dumps({"events": [make_event() for _ in range(MAX_BATCH + 1)]}),
     "batch_too_large"),
    ("empty batch", b'{"events": []}', "bad_shape"),
    ("events is an object", b'{"events": {"0": {}}}', "bad_shape"),
    ("events is null", b'{"events": null}', "bad_shape"),
    ("events is a string", b'{"events": "[]"}', "bad_shape"),
    ("batch with another key", dumps({"events": [make_event()], "v": 1}), "bad_shape"),
]
BODY_STATUS = {"too_large": 413, "batch_too_large": 413}


@pytest.mark.parametrize("name, body, code", BODIES, ids=[b[0] for b in BODIES])
def test_hostile_bodies(server, name, body, code):
    check_refused(server, body, BODY_STATUS.get(code, 400), code)


# -- 2. the type of every field ----------------------------------------------------------------

WRONG_VALUES = {"an integer": 7, "a number": 1.5, "a boolean": True, "null": None,
                "an array": ["x"], "an object": {"$gt": ""}, "a string": "1"}


def _type_cases() -> list[tuple[str, dict]]:
    cases = []
    for field in FIELDS:
        kinds = field.kind if isinstance(field.kind, tuple) else (field.kind,)
        for label, value in WRONG_VALUES.items():
            python_kind = type(value)
            if python_kind in kinds and python_kind is not bool:
                continue
            if value is None and type(None) in kinds:
                continue
            event = make_event()
            event[field.name] = value
            cases.append((f"{field.name} as {label}", event))
    return cases


TYPE_CASES = _type_cases()


@pytest.mark.parametrize("name, event", TYPE_CASES, ids=[c[0] for c in TYPE_CASES])
def test_every_field_refuses_the_wrong_type(server, name, event):
    check_refused(server, dumps(event), 422, "bad_field")


# -- 3. the values of every field --------------------------------------------------------------

VALUES = [
    ("v 0", make_event(v=0), "bad_version"),
    ("v 3", make_event(v=3), "bad_version"),
    ("v 20 digits", make_event(v=10**19), "bad_version"),
    ("no id", {k: v for k, v in make_event().items() if k != "id"}, "missing_field"),
    ("id too short", make_event(id="a" * 15), "bad_id"),
    ("id too long", make_event(id="a" * 65), "bad_id"),
    ("id with a space", make_event(id="abcdefgh ijklmnop"), "bad_id"),
    ("id with a slash", make_event(id="../../../../etc/passwd"), "bad_id"),
    ("id in Korean", make_event(id="가나다라마바사아자차카타파하가나"), "bad_id"),
    ("id with a newline", make_event(id="abcdefghijklmnop\n"), "bad_id"),
    ("id with NUL", make_event(id="abcdefghijklmnop\x00"), "bad_id"),
    ("id SQL", make_event(id="x'); DROP TABLE events; --"), "bad_id"),
    ("session too short", make_event(session="short"), "bad_session"),
    ("session too long", make_event(session="s" * 65), "bad_session"),
    ("session with quotes", make_event(session="1' OR '1'='1"), "bad_session"),
    ("session empty", make_event(session=""), "bad_session"),
    ("type unknown", make_event(type="pageview"), "unknown_type"),
    ("type upper case", make_event(type="VOTE"), "unknown_type"),
    ("type empty", make_event(type=""), "unknown_type"),
    ("type 10 KB", make_event(type="x" * 10_000), "unknown_type"),
    ("locale unknown", make_event(locale="de"), "unknown_locale"),
    ("locale upper case", make_event(locale="EN"), "unknown_locale"),
    ("locale traversal", make_event(locale="../en"), "unknown_locale"),
    ("locale empty", make_event(locale=""), "unknown_locale"),
    ("article missing for a vote", make_event(article=None), "missing_field"),
    ("article unknown", make_event(article="billing/nope"), "unknown_article"),
    ("article not in that locale", make_event(locale="ja"), "unknown_article"),
    ("article with a trailing slash", make_event(article="billing/refunds/"), "unknown_article"),
    ("article traversal", make_event(article="../../etc/passwd"), "unknown_article"),
    ("article upper case", make_event(article="Billing/Refunds"), "unknown_article"),
    ("article as HTML", make_event(article="<script>alert(1)</script>"), "unknown_article"),
    ("article with a query", make_event(article="billing/refunds?x=1"), "unknown_article"),
    ("article 10 KB", make_event(article="a/" + "b" * 10_000), "unknown_article"),
    ("build too long", make_event(build="b" * 65), "bad_build"),
    ("build with a space", make_event(build="2026 11 22"), "bad_build"),
    ("build empty", make_event(build=""), "bad_build"),
    ("url without a slash", make_event(url="billing/refunds/"), "bad_url"),
    ("url protocol-relative", make_event(url="//evil.example/"), "bad_url"),
    ("url absolute", make_event(url="https://evil.example/"), "bad_url"),
    ("url javascript", make_event(url="javascript:alert(1)"), "bad_url"),
    ("url with a space", make_event(url="/a b/"), "bad_url"),
    ("url with a newline", make_event(url="/a\n/"), "bad_url"),
    ("url 301 characters", make_event(url="/" + "a" * 300), "bad_url"),
    ("ts not a time", make_event(ts="yesterday"), "bad_ts"),
    ("ts 41 characters", make_event(ts="2026-11-22T09:30:00." + "1" * 21), "bad_ts"),
    ("ts date only", make_event(ts="2026-11-22"), "bad_ts"),
    ("vote value maybe", make_event(value="maybe"), "bad_value"),
    ("vote value upper case", make_event(value="YES"), "bad_value"),
    ("vote value missing", make_event(value=None), "bad_value"),
    ("vote value as HTML", make_event(value="<img src=x onerror=alert(1)>"), "bad_value"),
    ("reason unknown", make_event(type="reason", value="angry"), "bad_value"),
    ("effort 0", make_event(type="effort", value=0), "bad_value"),
    ("effort 6", make_event(type="effort", value=6), "bad_value"),
    ("effort as text", make_event(type="effort", value="5"), "bad_value"),
    ("effort 20 digits", make_event(type="effort", value=10**19), "bad_value"),
    ("comment with a value", comment(value="no"), "bad_value"),
    ("comment without text", comment(text=None), "bad_text"),
    ("comment of only spaces", comment(text="   \n\t  "), "bad_text"),
    ("comment of only zero-width characters", comment(text="\u200b\u200d\ufeff"), "bad_text"),
    ("comment of only controls", comment(text="\x00\x07\x1b"), "bad_text"),
    ("comment 1001 characters", comment(text="가" * 1001), "text_too_long"),
    ("comment with a lone surrogate", None, "bad_text"),
    ("text on a vote", make_event(text="hello"), "bad_text"),
    ("search query 101 characters", search(text="q" * 101), "text_too_long"),
    ("search without query", search(text=None), "bad_text"),
    ("search outcome unknown", search(value="clicked"), "bad_value"),
    ("search results negative", search(results=-1), "bad_results"),
    ("search results over 100000", search(results=100_001), "bad_results"),
    ("search results 20 digits", search(results=10**19), "bad_results"),
    ("results on a vote", make_event(results=3), "bad_results"),
    ("contact channel upper case", make_event(type="contact_click", value="LINE"), "bad_value"),
    ("contact channel 33 characters", make_event(type="contact_click", value="a" * 33),
     "bad_value"),
    ("contact channel as HTML", make_event(type="contact_click", value="<b>"), "bad_value"),
    ("unknown field", make_event(email="kim@example.kr"), "unknown_field"),
    ("unknown field __proto__", make_event(__proto__={"admin": True}), "unknown_field"),
    ("unknown field with a 10 KB name", make_event(**{"x" * 10_000: 1}), "unknown_field"),
    ("every event of a batch invalid", {"events": [make_event(v=3), make_event(locale="de")]},
     "bad_version"),
]


@pytest.mark.parametrize("name, event, code", VALUES, ids=[v[0] for v in VALUES])
def test_every_field_refuses_bad_values(server, name, event, code):
    if event is None:  # a lone surrogate cannot be written by json.dumps with ensure_ascii
        body = dumps(comment(text="X"))[:-1].replace(b'"X"', b'"\\ud800"') + b"}"
    else:
        body = dumps(event)
    check_refused(server, body, 422, code)


# -- 4. the HTTP layer ---------------------------------------------------------------------------

def _request(method: str, path: str = "/api/events", body: bytes = b"", **headers: str):
    return method, path, body, headers


HTTP = [
    ("content type text/plain", _request("POST", body=dumps(make_event()),
                                         **{"Content-Type": "text/plain"}), 415,
     "bad_content_type"),
    ("no content type", _request("POST", body=dumps(make_event()), **{"Content-Type": ""}), 415,
     "bad_content_type"),
    ("form encoded", _request("POST", body=b"v=1&type=vote",
                              **{"Content-Type": "application/x-www-form-urlencoded"}), 415,
     "bad_content_type"),
    ("multipart", _request("POST", body=b"--x--", **{"Content-Type": "multipart/form-data; "
                                                                     "boundary=x"}), 415,
     "bad_content_type"),
    ("json look-alike type", _request("POST", body=dumps(make_event()),
                                      **{"Content-Type": "application/jsonx"}), 415,
     "bad_content_type"),
    ("origin not allowed", _request("POST", body=dumps(make_event()),
                                    Origin="https://evil.example"), 403, "origin"),
    ("origin null", _request("POST", body=dumps(make_event()), Origin="null"), 403, "origin"),
    ("origin look-alike", _request("POST", body=dumps(make_event()),
                                   Origin="https://help.example.com.evil.example"), 403, "origin"),
    ("GET events", _request("GET"), 405, None),
    ("PUT events", _request("PUT", body=dumps(make_event())), 405, None),
    ("DELETE events", _request("DELETE"), 405, None),
    ("PATCH events", _request("PATCH", body=dumps(make_event())), 405, None),
    ("POST health", _request("POST", "/api/health", body=dumps(make_event())), 405, None),
    ("unknown path", _request("POST", "/api/events/../../etc/passwd", body=b"{}"), 404, None),
    ("a 300-byte path segment", _request("GET", "/api/" + "a" * 300), 404, None),
    ("an encoded NUL in the path", _request("GET", "/api/events%00"), 404, None),
]


@pytest.mark.parametrize("name, request_, status, code", HTTP, ids=[h[0] for h in HTTP])
def test_hostile_http_requests(server, name, request_, status, code):
    method, path, body, headers = request_
    before = server.count()
    response = httpx.request(method, f"{server.url}{path}", content=body, timeout=10,
                             headers={"Content-Type": JSON, **headers})
    assert response.status_code == status, response.text
    if code is not None:
        assert response.json()["error"]["code"] == code
    assert server.count() == before
    assert not server.errors.records


def raw(server, data: bytes) -> bytes:
    """Send bytes as they are; read one whole response (or until the server closes)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        with contextlib.suppress(ConnectionResetError, TimeoutError):
            while chunk := sock.recv(65536):
                answer += chunk
                head, _, body = answer.partition(b"\r\n\r\n")
                length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
                if _ and length and len(body) >= int(length.group(1)):
                    break
    return answer


EVENT = dumps(make_event())
RAW = [
    ("garbage request line", b"HELLO\r\n\r\n", 400),
    ("HTTP/2 preface on HTTP/1.1", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 404),
    ("header without a colon", b"POST /api/events HTTP/1.1\r\nHost x\r\n\r\n", 400),
    ("NUL in a header", b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400),
    ("header block of 200 KB",
     b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n", 400),
    ("content-length not a number", b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
     b"application/json\r\nContent-Length: ten\r\n\r\n", 400),
    ("negative content-length", b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
     b"application/json\r\nContent-Length: -1\r\n\r\n", 400),
    ("two different content-lengths", b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
     b"application/json\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}", 400),
    ("content-length and chunked (smuggling)", b"POST /api/events HTTP/1.1\r\nHost: x\r\n"
     b"Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"0\r\n\r\n", 400),
    ("broken chunk size", b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
     b"application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400),
    ("content-length larger than 16 KB", b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
     b"application/json\r\nContent-Length: 99999999\r\n\r\n{", 413),
    ("chunked body over 16 KB", b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
     b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
     + (b"400\r\n" + b" " * 1024 + b"\r\n") * 17 + b"0\r\n\r\n", 413),
    ("HTTP/1.0 without a host", b"POST /api/events HTTP/1.0\r\nContent-Type: application/json\r\n"
     b"Content-Length: 2\r\n\r\n{}", 422),
    ("request target not a path", b"GET http://evil.example/api/health HTTP/1.1\r\nHost: x\r\n"
     b"Connection: close\r\n\r\n", 404),
    ("obsolete line folding", b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
     b"application/json\r\n  folded\r\n\r\n", 415),  # folded into Content-Type
    ("a valid event with lying content-length", b"POST /api/events HTTP/1.1\r\nHost: x\r\n"
     b"Content-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"
     + EVENT, 400),
]


@pytest.mark.parametrize("name, data, status", RAW, ids=[r[0] for r in RAW])
def test_malformed_http_gets_a_4xx_not_a_crash(server, name, data, status):
    before = server.count()
    answer = raw(server, data)
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:200]
    assert server.count() == before
    assert not server.errors.records
    assert httpx.get(f"{server.url}/api/health", timeout=10).status_code == 200


# -- 5. accepted, and stored exactly as documented ----------------------------------------------

ACCEPTED = [
    ("HTML stays inert text", comment(text="<script>alert(1)</script>"),
     "<script>alert(1)</script>"),
    ("SQL stays inert text", comment(text="'; DROP TABLE events; --"), "'; DROP TABLE events; --"),
    ("bidi overrides removed", comment(text="abc\u202edef\u2066g"), "abcdefg"),
    ("NUL and controls removed", comment(text="a\x00b\x1bc"), "abc"),
    ("CR line ends become LF", comment(text="one\r\ntwo\rthree"), "one\ntwo\nthree"),
    ("decomposed Hangul composed (NFC)", comment(text="\u1100\u1161"), "가"),
    ("phone with spaced dashes scrubbed", comment(text="call 010 - 1234 - 5678"), "call [phone]"),
    ("phone with no-break spaces scrubbed", comment(text="090\u00a01234\u00a05678 まで"),
     "[phone] まで"),
    ("card with dots scrubbed", comment(text="card 4111.1111.1111.1111"), "card [card]"),
    ("Korean e-mail scrubbed", search(text="사용자@example.kr"), "[email]"),
    ("IPv6 scrubbed", comment(text="from 2001:db8::1"), "from [ip]"),
]


@pytest.mark.parametrize("name, event, text", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_hostile_text_is_stored_cleaned_and_scrubbed(server, name, event, text):
    response = post(server, dumps(event))
    assert response.status_code == 200, response.text
    row = next(r for r in stored_rows(server.db) if r["event_id"] == event["id"])
    assert row["text"] == text


def test_a_query_string_is_dropped_from_the_stored_url(server):
    event = make_event(url="/billing/refunds/?email=kim@example.kr#top")
    assert post(server, dumps(event)).status_code == 200
    row = next(r for r in stored_rows(server.db) if r["event_id"] == event["id"])
    assert row["url"] == "/billing/refunds/"


def test_the_suite_has_at_least_150_http_cases():
    assert len(BODIES) + len(TYPE_CASES) + len(VALUES) + len(HTTP) + len(RAW) >= 150


# -- helpers -----------------------------------------------------------------------------------

def post(server, body: bytes) -> httpx.Response:
    return httpx.post(f"{server.url}/api/events", content=body, headers={"Content-Type": JSON},
                      timeout=10)


def check_refused(server, body: bytes, status: int, code: str) -> None:
    """A clear refusal: the status, the stable code, one short sentence; nothing stored."""
    before = server.count()
    response = post(server, body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code, error
    assert 10 < len(error["message"]) < 300 and "Traceback" not in error["message"]
    assert "\n" not in error["message"]
    assert server.count() == before
    assert not server.errors.records

"""The SQLite event store: URL parsing, migrations, idempotent inserts, time windows."""

from __future__ import annotations

import sqlite3

import pytest

from helpcenter.store import (
    COLUMNS,
    DEFAULT_DB_URL,
    SCHEMA_VERSION,
    StoreError,
    open_store,
    parse_db_url,
)


def event(event_id: str, **extra) -> dict:
    base = {"id": event_id, "type": "vote", "session": "sess-0001", "locale": "en",
            "article": "billing/refunds", "build": "b1", "url": "/billing/refunds/",
            "value": "no"}
    base.update(extra)
    return base


def test_parse_db_url_accepts_relative_and_absolute_sqlite_paths(tmp_path):
    assert str(parse_db_url("sqlite:///rel/events.sqlite3")) == "rel/events.sqlite3"
    assert str(parse_db_url("sqlite:////abs/events.sqlite3")) == "/abs/events.sqlite3"
    assert str(parse_db_url(DEFAULT_DB_URL)) == ".helpcenter/events.sqlite3"
    assert parse_db_url(tmp_path / "x.db") == tmp_path / "x.db"


@pytest.mark.parametrize("url, words", [
    ("mysql://localhost/events", "unsupported store 'mysql'"),
    ("events.sqlite3", "expected a URL like"),
    ("sqlite:///", "no file name"),
    ("sqlite:///:memory:", "in-memory"),
])
def test_parse_db_url_refuses_other_schemes_with_a_sentence(url, words):
    with pytest.raises(StoreError, match=words):
        parse_db_url(url)


def test_open_creates_migrated_wal_store(tmp_path):
    path = tmp_path / "sub" / "events.sqlite3"
    with open_store(f"sqlite:///{path}") as store:
        assert store.version == SCHEMA_VERSION
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    columns = [row[1] for row in db.execute("PRAGMA table_info(events)")]
    assert tuple(columns) == COLUMNS


def test_old_store_is_migrated_and_newer_store_refused(tmp_path):
    path = tmp_path / "events.sqlite3"
    db = sqlite3.connect(path)
    from helpcenter.store.sqlite import MIGRATIONS
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.execute("INSERT INTO events (event_id, type, received_at, session, locale) "
               "VALUES ('old-event-00000001', 'vote', '2026-01-01T00:00:00.000Z', 's', 'en')")
    db.commit()
    db.close()
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.count() == 1
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer helpcenter"):
        open_store(path)


def test_garbage_file_is_refused_clearly(tmp_path):
    path = tmp_path / "events.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable event store"):
        open_store(path)


def test_insert_many_is_idempotent_on_event_id(tmp_path):
    with open_store(tmp_path / "e.db") as store:
        assert store.insert_many([event("a" * 16), event("b" * 16, type="effort", value=4)]) == 2
        assert store.insert_many([event("a" * 16), event("c" * 16)]) == 1
        rows = list(store.iter_rows())
    assert [r["event_id"] for r in rows] == ["a" * 16, "b" * 16, "c" * 16]
    assert rows[1]["value"] == "4"
    assert set(rows[0]) == set(COLUMNS)


def test_readonly_open_of_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="no event store here"):
        open_store(tmp_path / "missing.db", readonly=True)


def test_rejections_are_counted_per_reason(tmp_path):
    with open_store(tmp_path / "e.db") as store:
        store.count_rejections({"unknown_article": 2})
        store.count_rejections({"unknown_article": 1, "bad_json": 1})
        assert store.rejections() == {"bad_json": 1, "unknown_article": 3}


def test_background_checkpoints_keep_every_row_and_shrink_the_wal(tmp_path):
    path = tmp_path / "e.db"
    with open_store(path) as store:
        store.checkpoint_in_background()
        for n in range(50):
            store.insert_each([event(f"{n:04d}" + "x" * 12 + f"{i:02d}") for i in range(20)])
        wal = path.with_name(path.name + "-wal")
        assert wal.stat().st_size > 0
        store.checkpoint("PASSIVE")
        store.checkpoint("TRUNCATE")
        assert wal.stat().st_size == 0
        assert store.count() == 1000
    with pytest.raises(ValueError):
        open_store(path).checkpoint("DROP TABLE events")

"""The event store: where the collector commits events and the report reads them.

    from helpcenter.store import open_store

    with open_store("sqlite:///.helpcenter/events.sqlite3") as store:
        store.insert_many([{"id": ..., "type": "vote", ...}])   # -> number of new rows
        for row in store.iter_rows(since=..., until=...): ...   # dicts with the column names

`open_store` reads the `--db` URL (`sqlite:///path`, `postgresql://user@host/db`) and returns the
implementation for its scheme (`sqlite.py`, `postgres.py`); everything else
goes through the common interface in `base`. This package is library code: it imports neither
the apps (collector, report) nor MkDocs.
"""

from __future__ import annotations

import os

from helpcenter.store.base import (
    COLUMNS,
    EventStore,
    StoreError,
    is_disk_full,
    is_postgres_url,
    iso_utc,
    utc_now_iso,
)
from helpcenter.store.sqlite import (
    DEFAULT_DB_PATH,
    DEFAULT_DB_URL,
    SCHEMA_VERSION,
    SQLiteEventStore,
    parse_db_url,
)

__all__ = ["COLUMNS", "DEFAULT_DB_PATH", "DEFAULT_DB_URL", "SCHEMA_VERSION", "EventStore",
           "SQLiteEventStore", "StoreError", "is_disk_full", "is_postgres_url", "iso_utc",
           "open_store", "parse_db_url", "utc_now_iso"]


def open_store(url: str | os.PathLike = DEFAULT_DB_URL, *, create: bool = True,
               readonly: bool = False) -> EventStore:
    """Open the store a `--db` URL names (a `Path` is an SQLite file), migrating when allowed.

    `readonly` never writes (the report); `create=False` refuses a store that does not exist.
    A URL this version cannot use raises `StoreError` with a sentence naming it.
    """
    if is_postgres_url(url):
        from helpcenter.store.postgres import PostgresEventStore  # psycopg only when used

        return PostgresEventStore.open(url, create=create, readonly=readonly)
    return SQLiteEventStore.open(url, create=create, readonly=readonly)

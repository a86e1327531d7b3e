"""Reading a PostgreSQL store for the report: the window's rows, copied into a local SQLite file.

Why a copy: the report's passes (`aggregate`) are written once, for SQLite, and give the same
report for a store and for exported files; a binary COPY out of PostgreSQL is one consistent
snapshot, streamed (flat client memory), and the local file lets the vote pass run in a second
process as it does for SQLite. Only the rows the report can use are copied: those inside the
window, and those whose time is unreadable (counted as malformed wherever they are).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from helpcenter.store import COLUMNS, StoreError
from helpcenter.store.postgres import PostgresEventStore

BATCH = 50_000
#: A stored time as the collector writes it (the SQLite side checks the same with GLOB).
STORE_TIME = "^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].*Z$"
_TYPES = ["int8", *["text"] * (len(COLUMNS) - 2), "int4"]


def _local_store() -> tuple[Path, sqlite3.Connection, Callable[[], None]]:
    """An empty SQLite store with the collector's own schema, tuned for one bulk load."""
    from helpcenter.store import open_store

    folder = tempfile.TemporaryDirectory(prefix="helpcenter-report-pg-")
    path = Path(folder.name) / "events.sqlite3"
    open_store(path).close()
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                      "AND sql IS NOT NULL").fetchall():
        connection.execute(f"DROP INDEX {name}")  # one scan per pass: no index pays off
    return path, connection, folder.cleanup


def copy_window(url: str, low: str | None = None, high: str | None = None,
                advance: Callable[[int], None] | None = None
                ) -> tuple[Path, sqlite3.Connection, str, Callable[[], None]]:
    """Copy the rows in [low, high) (all rows without bounds) and the rejection counters.

    Returns the local file, an open connection to it, where the rows came from (the URL without
    password) and the clean-up step. StoreError when the store cannot be read.
    """
    import psycopg

    store = PostgresEventStore.open(url, readonly=True, max_connections=1)
    path, local, cleanup = _local_store()
    columns = ", ".join(COLUMNS)
    where, args = "", []
    if low is not None and high is not None:
        where = "WHERE (received_at >= %s AND received_at < %s) OR received_at !~ %s"
        args = [low, high, STORE_TIME]
    insert = f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(COLUMNS))})"
    try:
        with store.connection() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one snapshot
            local.execute("BEGIN")
            with conn.cursor() as cursor:
                query = f"COPY (SELECT {columns} FROM events {where}) TO STDOUT (FORMAT BINARY)"
                with cursor.copy(query, args or None) as copy:
                    copy.set_types(_TYPES)
                    batch: list[tuple] = []
                    for row in copy.rows():
                        batch.append(row)
                        if len(batch) >= BATCH:
                            local.executemany(insert, batch)
                            if advance:
                                advance(len(batch))
                            batch = []
                    local.executemany(insert, batch)
            local.executemany("INSERT INTO rejections (day, reason, count) VALUES (?, ?, ?)",
                              conn.execute("SELECT day, reason, count FROM rejections"))
            local.execute("COMMIT")
    except psycopg.Error as exc:
        local.close()
        cleanup()
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise StoreError(f"{store.location}: cannot read the events ({reason}); check --db and "
                         "that this role may SELECT from events and rejections") from None
    except BaseException:
        local.close()
        cleanup()
        raise
    finally:
        store.close()
    return path, local, store.location, cleanup

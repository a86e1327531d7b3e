"""The PostgreSQL event store: one database that several collectors write and reports read.

Why PostgreSQL: collectors on several hosts behind a load balancer need one shared store, and
the database enforces what one SQLite file enforced for one host: an event id is stored once
(the UNIQUE index, whichever instance receives it), an answer is 2xx only after COMMIT returned.

Why psycopg 3 with psycopg_pool: psycopg is the maintained PostgreSQL driver for Python (libpq
underneath, server-side parameters, COPY); its pool checks each connection before handing it
out and replaces broken ones in the background, so a restarted database costs a few 503s and
no collector restart.

The schema is versioned in table `helpcenter_schema`; migrations run under an advisory lock,
so two collectors starting together migrate once. Text columns use the "C" collation: the same
byte order as SQLite, so reports sort alike and `received_at` compares as text.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from helpcenter import clock
from helpcenter.store.base import (
    COLUMNS,
    INSERT_COLUMNS,
    EventStore,
    StoreError,
    row_values,
    rows_query,
    utc_now_iso,
)

#: Arbitrary constant: the advisory lock that serialises migrations between collectors.
MIGRATION_LOCK = 7_301_402_014
#: Seconds a commit waits for a usable connection before the request is answered 503.
CONNECTION_WAIT = 3.0
#: A connection that answered within this many seconds is handed out without a probe.
RECENTLY_USED = 1.0

#: True for a row whose `received_at` is not a UTC time like 2026-11-22T10:00:00.000Z: the
#: predicate of index events_unreadable_time. The report's check must be this expression, word
#: for word, for PostgreSQL to use the index (tests/report/test_postgres.py holds them together).
UNREADABLE_TIME = ("coalesce(received_at, '') !~ "
                   "'^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].*Z$'")

#: Migration n (1-based) upgrades a store from version n-1 to n. Append only; never edit.
#: The same layout as the SQLite store (docs/events.md, "Stored").
MIGRATIONS: tuple[str, ...] = (
    # 1: the events table of schema v1.
    """
    CREATE TABLE events (
        seq         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id    TEXT COLLATE "C" NOT NULL UNIQUE,
        type        TEXT COLLATE "C" NOT NULL,
        received_at TEXT COLLATE "C" NOT NULL,
        session     TEXT COLLATE "C" NOT NULL,
        article     TEXT COLLATE "C",
        locale      TEXT COLLATE "C" NOT NULL,
        build       TEXT COLLATE "C",
        url         TEXT COLLATE "C",
        value       TEXT COLLATE "C",
        text        TEXT COLLATE "C",
        results     INTEGER
    );
    CREATE INDEX events_received_at ON events (received_at);
    CREATE INDEX events_article ON events (article, locale);
    """,
    # 2: rejected events are counted (never stored) per UTC day and reason code.
    """
    CREATE TABLE rejections (
        day    TEXT COLLATE "C" NOT NULL,
        reason TEXT COLLATE "C" NOT NULL,
        count  BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (day, reason)
    );
    """,
    # 3: event schema v2: who searched (`site` or `assistant`); NULL on older rows means `site`.
    """
    ALTER TABLE events ADD COLUMN source TEXT COLLATE "C";
    """,
    # 4: rows whose time is not the collector's format (usually none: only copied or hand-made
    # rows) in an index of their own, so a report counts them without testing every row.
    f"""
    CREATE INDEX events_unreadable_time ON events (seq) WHERE {UNREADABLE_TIME};
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_UNNEST_TYPES = ("text", "text", "text", "text", "text", "text", "text", "text", "text", "text",
                 "int4", "text")
_INSERT_SQL = (
    f"INSERT INTO events ({', '.join(INSERT_COLUMNS)}) "
    f"SELECT * FROM unnest({', '.join(f'%s::{t}[]' for t in _UNNEST_TYPES)}) "
    "ON CONFLICT (event_id) DO NOTHING RETURNING event_id")


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def check_url(url: str) -> str:
    """The URL, stripped, if libpq can read it; StoreError with a sentence otherwise."""
    text = url.strip()
    try:
        params = conninfo_to_dict(text)
    except psycopg.ProgrammingError as exc:
        reason = str(exc).splitlines()[0]
        raise StoreError(f"--db {redact(text)!r}: not a usable PostgreSQL URL ({reason}); "
                         "use e.g. postgresql://helpcenter@db.example.com:5432/helpcenter") \
            from None
    port = str(params.get("port") or "5432")
    if not all(part.isdigit() and 0 < int(part) < 65536 for part in port.split(",")):
        raise StoreError(f"--db {redact(text)!r}: not a usable PostgreSQL URL (port {port!r} is "
                         "not a number from 1 to 65535)")
    if not params.get("dbname"):
        raise StoreError(f"--db {redact(text)!r}: the URL names no database; add it as the "
                         "path, e.g. postgresql://helpcenter@localhost/helpcenter")
    return text


def _reason(exc: BaseException) -> str:
    """The server's or libpq's own words, first line only, without libpq's preamble."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return first.rsplit("FATAL:", 1)[-1].strip()


class RecentProbe:
    """The pool's check: a round trip ("") only for a connection idle for `recent` seconds.

    psycopg_pool's own check costs one round trip per checkout, as much as the group commit's
    INSERT itself. A connection that just answered is as good as probed; one that has been idle
    (where a restarted server goes unnoticed) is still probed, and a broken one never handed out.
    A server that dies between two busy commits fails that commit, which is answered 503.
    """

    def __init__(self, recent: float = RECENTLY_USED) -> None:
        self.recent = recent
        self._answered: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __call__(self, conn: psycopg.Connection) -> None:
        if conn.broken or conn.closed:
            raise psycopg.OperationalError("the connection is broken")
        if clock.monotonic() - self._answered.get(conn, float("-inf")) > self.recent:
            ConnectionPool.check_connection(conn)
            self.answered(conn)

    def answered(self, conn: psycopg.Connection) -> None:
        self._answered[conn] = clock.monotonic()


class PostgresEventStore(EventStore):
    """A migrated PostgreSQL event store behind a small connection pool (thread-safe)."""

    def __init__(self, url: str, pool: ConnectionPool, readonly: bool,
                 probe: RecentProbe) -> None:
        self.url = url
        self.location = redact(url)
        self.readonly = readonly
        self._pool = pool
        self.probe = probe  # the pool's check, told of every answer
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str, *, create: bool = True, readonly: bool = False,
             max_connections: int = 4) -> PostgresEventStore:
        """Connect, then create or migrate the schema when allowed (the collector does)."""
        url = check_url(url)
        kwargs: dict = {"autocommit": True, "connect_timeout": 5,
                        "application_name": "helpcenter-report" if readonly else "helpcenter"}
        if readonly:
            kwargs["options"] = "-c default_transaction_read_only=on"
        try:  # a direct first connection: the server's own words if it refuses us
            psycopg.connect(url, **kwargs).close()
        except psycopg.Error as exc:
            raise StoreError(f"--db {redact(url)}: cannot connect to PostgreSQL "
                             f"({_reason(exc)}); check the host, port, user, password and "
                             "database name") from None
        probe = RecentProbe()
        pool = ConnectionPool(url, min_size=1, max_size=max(1, max_connections), kwargs=kwargs,
                              open=False, check=probe, timeout=CONNECTION_WAIT,
                              name="helpcenter-store")
        store = cls(url, pool, readonly, probe)
        try:
            pool.open(wait=True, timeout=10)
            store._migrate(create=create and not readonly)
        except PoolTimeout:
            pool.close()
            raise StoreError(f"--db {redact(url)}: PostgreSQL stopped answering while "
                             "connecting; try again") from None
        except BaseException:
            pool.close()
            raise
        return store

    def _schema_version(self, conn: psycopg.Connection) -> int | None:
        if conn.execute("SELECT to_regclass('helpcenter_schema')").fetchone()[0] is None:
            return None
        row = conn.execute("SELECT max(version) FROM helpcenter_schema").fetchone()
        return int(row[0] or 0)

    def _migrate(self, create: bool) -> None:
        where = self.location
        try:
            with self._pool.connection() as conn:
                version = self._schema_version(conn)
                if version is not None and version > SCHEMA_VERSION:
                    raise StoreError(f"{where}: written by a newer helpcenter (store version "
                                     f"{version}, this one knows {SCHEMA_VERSION}); upgrade "
                                     "helpcenter")
                if version == SCHEMA_VERSION:
                    return
                if not create:
                    if version is None:
                        raise StoreError(f"{where}: no event store here; run 'helpcenter "
                                         "collect' with this --db first, or pass another --db")
                    raise StoreError(f"{where}: store version {version} is older than "
                                     f"{SCHEMA_VERSION}; start 'helpcenter collect' once with "
                                     "this --db to upgrade")
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                    # Re-read under the lock: another collector may have migrated meanwhile.
                    version = self._schema_version(conn)
                    if version is None:
                        conn.execute("CREATE TABLE helpcenter_schema (version INTEGER NOT NULL)")
                        conn.execute("INSERT INTO helpcenter_schema VALUES (0)")
                        version = 0
                    if version > SCHEMA_VERSION:
                        raise StoreError(f"{where}: written by a newer helpcenter (store "
                                         f"version {version}, this one knows "
                                         f"{SCHEMA_VERSION}); upgrade helpcenter")
                    for number in range(version + 1, SCHEMA_VERSION + 1):
                        conn.execute(MIGRATIONS[number - 1])
                        conn.execute("UPDATE helpcenter_schema SET version = %s", (number,))
        except psycopg.errors.DuplicateTable as exc:
            raise StoreError(f"{where}: the database already has a table helpcenter did not "
                             f"create ({_reason(exc)}); give the event store a database of its "
                             "own") from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StoreError(f"{where}: not allowed to create the event store ({_reason(exc)});"
                             " run the first 'helpcenter collect' as the database owner") from None
        except (psycopg.Error, PoolTimeout) as exc:
            raise StoreError(f"{where}: not a usable event store ({_reason(exc)})") from None

    @property
    def version(self) -> int:
        with self._pool.connection() as conn:
            return self._schema_version(conn) or 0

    def _insert(self, events: Iterable[Mapping], received_at: str | None) -> list[bool]:
        stamp = received_at or utc_now_iso()
        rows = [row_values(event, stamp) for event in events]
        if not rows:
            return []
        columns = [list(column) for column in zip(*rows, strict=True)]
        # One statement on an autocommit connection is its own transaction: the server commits
        # it before it answers (an error in the commit is raised here), so there is one round
        # trip per group instead of three (BEGIN, INSERT, COMMIT).
        with self._pool.connection() as conn:
            stored = {row[0] for row in conn.execute(_INSERT_SQL, columns).fetchall()}
            self.probe.answered(conn)
        flags = []
        for row in rows:  # the first of two rows with one id in a batch is the stored one
            flags.append(row[0] in stored)
            stored.discard(row[0])
        return flags

    def insert_many(self, events: Iterable[Mapping], received_at: str | None = None) -> int:
        return sum(self._insert(events, received_at))

    def insert_each(self, events: Iterable[Mapping], received_at: str | None = None) -> list[bool]:
        return self._insert(events, received_at)

    def count_rejections(self, reasons: Mapping[str, int], day: str | None = None) -> None:
        if not reasons:
            return
        day = day or utc_now_iso()[:10]
        with self._pool.connection() as conn, conn.transaction():
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO rejections (day, reason, count) VALUES (%s, %s, %s) "
                    "ON CONFLICT (day, reason) DO UPDATE SET count = rejections.count "
                    "+ excluded.count",
                    [(day, reason, int(n)) for reason, n in sorted(reasons.items())])

    def rejections(self, since: str | None = None) -> dict[str, int]:
        query = "SELECT reason, SUM(count) FROM rejections"
        args: tuple = ()
        if since:
            query += " WHERE day >= %s"
            args = (since,)
        with self._pool.connection() as conn:
            rows = conn.execute(query + " GROUP BY reason ORDER BY reason", args).fetchall()
        return {reason: int(n) for reason, n in rows}

    def rejection_counts(self) -> list[tuple[str, str, int]]:
        with self._pool.connection() as conn:
            return [(day, reason, int(n)) for day, reason, n in conn.execute(
                "SELECT day, reason, count FROM rejections ORDER BY day, reason")]

    def keep_rejection_counts(self, counts: Iterable[tuple[str, str, int]]) -> None:
        rows = [(day, reason, int(n)) for day, reason, n in counts]
        if not rows:
            return
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO rejections (day, reason, count) VALUES (%s, %s, %s) "
                "ON CONFLICT (day, reason) DO UPDATE SET count = "
                "greatest(rejections.count, excluded.count)", rows)

    def iter_rows(self, since: str | dt.datetime | dt.date | None = None,
                  until: str | dt.datetime | dt.date | None = None) -> Iterator[dict]:
        """Streamed through a server-side cursor: memory stays flat on any table size."""
        query, args = rows_query(since, until, "%s")
        with self._pool.connection() as conn, conn.transaction():
            with conn.cursor(name="helpcenter_rows") as cursor:
                cursor.itersize = 5000
                cursor.execute(query, args)
                for row in cursor:
                    yield dict(zip(COLUMNS, row, strict=True))

    def count(self) -> int:
        with self._pool.connection() as conn:
            return conn.execute("SELECT count(*) FROM events").fetchone()[0]

    def has_event(self, event_id: str) -> bool:
        with self._pool.connection() as conn:
            return conn.execute("SELECT 1 FROM events WHERE event_id = %s",
                                (event_id,)).fetchone() is not None

    def connection(self):
        """A pooled connection (context manager), for readers that run their own queries."""
        return self._pool.connection()

    def close(self) -> None:
        with self._lock:
            self._pool.close()

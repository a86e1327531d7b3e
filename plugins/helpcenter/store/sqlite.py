"""The SQLite event store: one file (WAL) that the collector writes and the report reads.

The table layout is the stored half of the event contract (docs/events.md, "Stored"). Schema
changes go through numbered migrations recorded in `PRAGMA user_version`, so an old store is
upgraded in place and a store from a newer version is refused instead of being misread.

Other tools open it through `helpcenter.store.open_store(url)` and use the common interface
(`helpcenter.store.base.EventStore`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from helpcenter.project import WORK_DIR
from helpcenter.store.base import (
    COLUMNS,
    INSERT_COLUMNS,
    EventStore,
    StoreError,
    is_disk_full,
    row_values,
    rows_query,
    utc_now_iso,
)

#: Where `helpcenter serve` writes and what `helpcenter report` reads by default, relative to the
#: project root (the folder holding mkdocs.yml). Ignored by git.
DEFAULT_DB_PATH = WORK_DIR / "events.sqlite3"
DEFAULT_DB_URL = f"sqlite:///{DEFAULT_DB_PATH.as_posix()}"

URL_PREFIX = "sqlite:///"

#: Migration n (1-based) upgrades a store from user_version n-1 to n. Append only; never edit.
MIGRATIONS: tuple[str, ...] = (
    # 1: the events table of schema v1.
    """
    CREATE TABLE events (
        seq         INTEGER PRIMARY KEY,
        event_id    TEXT    NOT NULL UNIQUE,
        type        TEXT    NOT NULL,
        received_at TEXT    NOT NULL,
        session     TEXT    NOT NULL,
        article     TEXT,
        locale      TEXT    NOT NULL,
        build       TEXT,
        url         TEXT,
        value       TEXT,
        text        TEXT,
        results     INTEGER
    );
    CREATE INDEX events_received_at ON events (received_at);
    CREATE INDEX events_article ON events (article, locale);
    """,
    # 2: rejected events are counted (never stored) per UTC day and reason code.
    """
    CREATE TABLE rejections (
        day    TEXT    NOT NULL,
        reason TEXT    NOT NULL,
        count  INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, reason)
    ) WITHOUT ROWID;
    """,
    # 3: event schema v2: who searched (`site` or `assistant`); NULL on older rows means `site`.
    """
    ALTER TABLE events ADD COLUMN source TEXT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def parse_db_url(url: str | os.PathLike) -> Path:
    """The file path in a `sqlite:///path` URL (`sqlite:////abs/path` for an absolute path).

    A `Path` is taken as is. Any other scheme is refused with a sentence (PostgreSQL URLs are
    read by `helpcenter.store.postgres`, through `open_store`).
    """
    if isinstance(url, os.PathLike):
        return Path(url)
    text = str(url).strip()
    if text.startswith(URL_PREFIX):
        rest = text[len(URL_PREFIX):]
        if not rest or rest.endswith("/"):
            raise StoreError(f"--db {text!r}: the URL has no file name; use e.g. "
                             f"{DEFAULT_DB_URL}")
        if rest == ":memory:":
            raise StoreError(f"--db {text!r}: an in-memory store would lose every event; "
                             "give a file path")
        return Path(rest)
    scheme = text.split(":", 1)[0] if "://" in text else ""
    if scheme:
        raise StoreError(f"--db {text!r}: unsupported store '{scheme}'; use SQLite "
                         f"(e.g. {DEFAULT_DB_URL}) or PostgreSQL (postgresql://user@host/db)")
    raise StoreError(f"--db {text!r}: expected a URL like {DEFAULT_DB_URL} "
                     f"(or sqlite:////absolute/path.sqlite3)")


def _free_bytes(path: Path) -> int:
    try:
        return shutil.disk_usage(path.parent).free
    except OSError:
        return -1


def _disk_full(exc: BaseException, path: Path) -> bool:
    """SQLITE_FULL, or an I/O error on a file system with (almost) no space left: SQLite says
    "disk I/O error" when the WAL or its index cannot grow."""
    return is_disk_full(exc) or 0 <= _free_bytes(path) < LOW_SPACE_BYTES


LOW_SPACE_BYTES = 256 * 1024


class SQLiteEventStore(EventStore):
    """A migrated SQLite event store. Safe to share between threads (one lock per store)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.location = str(path)
        self._db = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str | os.PathLike = DEFAULT_DB_URL, *, create: bool = True,
             readonly: bool = False) -> SQLiteEventStore:
        """Open (and create/migrate when allowed) the store named by `url`."""
        path = parse_db_url(url)
        if not path.exists() and (readonly or not create):
            raise StoreError(f"{path}: no event store here; run 'helpcenter serve' or "
                             "'helpcenter collect' first, or pass --db")
        if path.is_dir():
            raise StoreError(f"{path}: is a folder; --db must name a file")
        if not readonly:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path.parent}: cannot create the folder ({exc.strerror})") \
                    from None
        try:
            if readonly:
                connection = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True,
                                             check_same_thread=False, isolation_level=None)
            else:
                connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None,
                                             timeout=30)
            connection.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                connection.execute("PRAGMA journal_mode = WAL")
                # FULL: a commit is on disk before we acknowledge it (WAL + NORMAL could lose
                # the last transactions on power failure).
                connection.execute("PRAGMA synchronous = FULL")
            store = cls(path, connection)
            store._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            if _disk_full(exc, path):
                raise StoreError(f"{path}: the disk is full ({_free_bytes(path)} bytes free); "
                                 "free some space, then start again") from None
            raise StoreError(f"{path}: not a usable event store ({exc}); pass another --db "
                             "or move the file away") from None
        return store

    def _migrate(self, readonly: bool) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer helpcenter (store version "
                             f"{version}, this one knows {SCHEMA_VERSION}); upgrade helpcenter")
        if version == SCHEMA_VERSION:
            return
        if readonly and version == 0:  # no store was ever made here
            what = ("an empty file" if self.path.stat().st_size == 0
                    else "an SQLite database without event tables")
            raise StoreError(f"{self.path}: {what}, not an event store; pass the --db that "
                             "'helpcenter serve' or 'helpcenter collect' writes")
        if readonly:
            raise StoreError(f"{self.path}: store version {version} is older than "
                             f"{SCHEMA_VERSION}; open it once with 'helpcenter collect' to upgrade")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                # Re-read inside the write lock: another process may have migrated meanwhile.
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                for number in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[number - 1].split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {number}")
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        """ROLLBACK unless SQLite already did (it does on a full disk): a second error would
        hide the first, the one that says what happened."""
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    @property
    def version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def insert_many(self, events: Iterable[Mapping], received_at: str | None = None) -> int:
        """Store `events` in ONE transaction, durably; return how many rows were new.

        Events are already validated (helpcenter.events) and scrubbed. An event whose id is
        already stored is skipped, which is what makes a replayed browser queue harmless.
        `received_at` defaults to now; an event's own `received_at` (synthetic data) wins.
        """
        stamp = received_at or utc_now_iso()
        rows = [row_values(event, stamp) for event in events]
        if not rows:
            return 0
        placeholders = ", ".join("?" for _ in INSERT_COLUMNS)
        sql = (f"INSERT INTO events ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders}) "
               "ON CONFLICT (event_id) DO NOTHING")
        with self._lock:
            before = self._db.total_changes
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(sql, rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            return self._db.total_changes - before

    def insert_each(self, events: Iterable[Mapping], received_at: str | None = None) -> list[bool]:
        """Like `insert_many` but says, per event, whether it was new (False = already stored).

        This is the collector's group commit: many requests' events share this one transaction.
        """
        stamp = received_at or utc_now_iso()
        rows = [row_values(event, stamp) for event in events]
        if not rows:
            return []
        placeholders = ", ".join("?" for _ in INSERT_COLUMNS)
        sql = (f"INSERT INTO events ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders}) "
               "ON CONFLICT (event_id) DO NOTHING")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                flags = [self._db.execute(sql, row).rowcount == 1 for row in rows]
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            return flags

    def count_rejections(self, reasons: Mapping[str, int], day: str | None = None) -> None:
        """Add to the per-day counters of rejected events (reason code -> number)."""
        if not reasons:
            return
        day = day or utc_now_iso()[:10]
        self._write_counters("count + excluded.count",
                             [(day, reason, int(n)) for reason, n in reasons.items()])

    def _write_counters(self, new_count: str, rows: list[tuple[str, str, int]]) -> None:
        """Upsert rejection counters in one write transaction; `new_count` is the SET value."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT INTO rejections (day, reason, count) VALUES (?, ?, ?) "
                    f"ON CONFLICT (day, reason) DO UPDATE SET count = {new_count}", rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def rejections(self, since: str | None = None) -> dict[str, int]:
        """Rejected events per reason code (since a UTC day `YYYY-MM-DD`, inclusive)."""
        sql = "SELECT reason, SUM(count) FROM rejections"
        args: tuple = ()
        if since:
            sql += " WHERE day >= ?"
            args = (since,)
        with self._lock:
            return dict(self._db.execute(sql + " GROUP BY reason ORDER BY reason", args))

    def rejection_counts(self) -> list[tuple[str, str, int]]:
        with self._lock:
            return self._db.execute("SELECT day, reason, count FROM rejections "
                                    "ORDER BY day, reason").fetchall()

    def keep_rejection_counts(self, counts: Iterable[tuple[str, str, int]]) -> None:
        self._write_counters("max(count, excluded.count)",
                             [(day, reason, int(n)) for day, reason, n in counts])

    def iter_rows(self, since: str | dt.datetime | dt.date | None = None,
                  until: str | dt.datetime | dt.date | None = None) -> Iterator[dict]:
        """Stored rows as dicts (COLUMNS) in arrival order; since inclusive, until exclusive.

        Streamed from a read-only connection of its own (one snapshot, WAL lets the collector
        keep writing), so copying a store of any size needs no more memory than one batch.
        """
        sql, args = rows_query(since, until, "?")
        reader = sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True,
                                 check_same_thread=False)
        try:
            reader.execute("PRAGMA busy_timeout = 30000")
            cursor = reader.execute(sql, args)
            while batch := cursor.fetchmany(5000):
                for row in batch:
                    yield dict(zip(COLUMNS, row, strict=True))
        finally:
            reader.close()

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    def has_event(self, event_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM events WHERE event_id = ?",
                                    (event_id,)).fetchone() is not None

    def checkpoint_in_background(self) -> None:
        """Stop checkpointing inside commits; `checkpoint()` (another thread) does it instead.

        SQLite's automatic checkpoint runs inside the commit that crosses 1000 WAL pages and
        fsyncs the database file there, stalling every request waiting on that commit. The
        collector runs PASSIVE checkpoints from its own thread and connection instead.
        """
        with self._lock:
            self._db.execute("PRAGMA wal_autocheckpoint = 0")

    def checkpoint(self, mode: str = "PASSIVE") -> tuple[int, int, int]:
        """Copy committed WAL frames into the database (own connection; writers keep going)."""
        if mode not in ("PASSIVE", "FULL", "RESTART", "TRUNCATE"):
            raise ValueError(f"unknown checkpoint mode {mode!r}")
        if getattr(self, "_checkpointer", None) is None:
            self._checkpointer = sqlite3.connect(self.path, check_same_thread=False,
                                                 isolation_level=None, timeout=30)
            self._checkpointer.execute("PRAGMA synchronous = FULL")
        return tuple(self._checkpointer.execute(f"PRAGMA wal_checkpoint({mode})").fetchone())

    def close(self) -> None:
        with self._lock:
            checkpointer = getattr(self, "_checkpointer", None)
            if checkpointer is not None:
                checkpointer.close()
                self._checkpointer = None
            self._db.close()

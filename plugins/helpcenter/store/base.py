"""What every event store offers, whatever keeps the rows (SQLite today, PostgreSQL next).

The collector, the report, `demo-events` and the tests only use this interface, so a store can
be swapped by changing the `--db` URL. The stored columns and the time format are the stored
half of the event contract (docs/events.md, "Stored").
"""

from __future__ import annotations

import abc
import datetime as dt
import errno
from collections.abc import Iterable, Iterator, Mapping

from helpcenter import clock

#: Stored columns in order (docs/events.md). `seq` is assigned by the store.
COLUMNS = ("seq", "event_id", "type", "received_at", "session", "article", "locale", "build",
           "url", "value", "text", "results", "source")
INSERT_COLUMNS = COLUMNS[1:]


#: URL schemes of the PostgreSQL store (libpq accepts both spellings).
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(url: object) -> bool:
    """Whether `url` names a PostgreSQL store (`postgresql://` or `postgres://`)."""
    return isinstance(url, str) and url.strip().lower().startswith(POSTGRES_SCHEMES)


class StoreError(ValueError):
    """The store URL or file is unusable; the message names it and says what to do."""


def is_disk_full(exc: BaseException) -> bool:
    """Whether a storage error means no space is left, whichever backend raised it (SQLite's
    SQLITE_FULL, PostgreSQL's SQLSTATE 53100, the OS's ENOSPC), so the operator is told
    "disk full" rather than sent after a healthy store."""
    if getattr(exc, "errno", None) == errno.ENOSPC:
        return True
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or \
            getattr(exc, "sqlstate", "") == "53100":
        return True
    text = str(exc).lower()
    return "disk is full" in text or "no space left" in text or "disk full" in text


def utc_now_iso() -> str:
    """Collector time as stored in `received_at`: UTC, milliseconds, trailing Z."""
    return iso_utc(clock.now())


def iso_utc(moment: dt.datetime) -> str:
    """`moment` in the stored `received_at` format (naive times are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def time_bound(value: str | dt.datetime | dt.date | None) -> str | None:
    """A since/until bound as a string comparable with `received_at`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return iso_utc(value)
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    return str(value)


def rows_query(since: str | dt.datetime | dt.date | None,
               until: str | dt.datetime | dt.date | None, mark: str) -> tuple[str, list[str]]:
    """SELECT of every column in arrival order, since inclusive and until exclusive; `mark` is
    the driver's placeholder (`?` or `%s`)."""
    where, args = [], []
    if (low := time_bound(since)) is not None:
        where.append(f"received_at >= {mark}")
        args.append(low)
    if (high := time_bound(until)) is not None:
        where.append(f"received_at < {mark}")
        args.append(high)
    sql = f"SELECT {', '.join(COLUMNS)} FROM events"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY seq", args


def row_values(event: Mapping, received_at: str) -> tuple:
    """Column values (INSERT_COLUMNS) for one validated event (wire `id` or stored `event_id`)."""
    value = event.get("value")
    if isinstance(value, bool):  # never stored as 0/1 by accident
        value = str(value).lower()
    elif value is not None:
        value = str(value)
    event_id = event.get("event_id", event.get("id"))
    if not event_id:
        raise StoreError("an event without an id cannot be stored (idempotency key required)")
    return (str(event_id), event["type"], event.get("received_at") or received_at,
            event["session"], event.get("article"), event["locale"], event.get("build"),
            event.get("url"), value, event.get("text"), event.get("results"),
            event.get("source"))


class EventStore(abc.ABC):
    """A migrated event store. Implementations are safe to share between threads."""

    #: Where the rows live, for messages (a file path, or a URL without its password).
    location: str

    @property
    @abc.abstractmethod
    def version(self) -> int:
        """The schema version the store is at (migrations applied)."""

    @abc.abstractmethod
    def insert_many(self, events: Iterable[Mapping], received_at: str | None = None) -> int:
        """Store `events` in ONE transaction, durably; return how many rows were new.

        Events are already validated (helpcenter.events) and scrubbed. An event whose id is
        already stored is skipped, which is what makes a replayed browser queue harmless.
        `received_at` defaults to now; an event's own `received_at` (synthetic data) wins.
        """

    @abc.abstractmethod
    def insert_each(self, events: Iterable[Mapping], received_at: str | None = None) -> list[bool]:
        """Like `insert_many` but says, per event, whether it was new (False = already stored).

        This is the collector's group commit: many requests' events share this one transaction.
        """

    @abc.abstractmethod
    def count_rejections(self, reasons: Mapping[str, int], day: str | None = None) -> None:
        """Add to the per-day counters of rejected events (reason code -> number)."""

    @abc.abstractmethod
    def rejections(self, since: str | None = None) -> dict[str, int]:
        """Rejected events per reason code (since a UTC day `YYYY-MM-DD`, inclusive)."""

    @abc.abstractmethod
    def rejection_counts(self) -> list[tuple[str, str, int]]:
        """Every rejection counter as (day, reason, count), for copying a store."""

    @abc.abstractmethod
    def keep_rejection_counts(self, counts: Iterable[tuple[str, str, int]]) -> None:
        """Raise each (day, reason) counter to at least `count`: copying twice adds nothing."""

    @abc.abstractmethod
    def iter_rows(self, since: str | dt.datetime | dt.date | None = None,
                  until: str | dt.datetime | dt.date | None = None) -> Iterator[dict]:
        """Stored rows as dicts (COLUMNS) in arrival order; since inclusive, until exclusive."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many events are stored."""

    @abc.abstractmethod
    def has_event(self, event_id: str) -> bool:
        """Whether an event with this id is stored."""

    def checkpoint_in_background(self) -> None:
        """Let `checkpoint()` (another thread) do the store's housekeeping; none by default."""
        return None

    def checkpoint(self, mode: str = "PASSIVE") -> object:
        """Housekeeping the collector runs off the commit path; none by default."""
        return None

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store's connections."""

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

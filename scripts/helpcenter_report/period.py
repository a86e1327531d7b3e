"""The report period: whole local days in one time zone, and the equal period before it.

Support leads think in calendar days in their own time zone ("the last 30 days", "November"),
while the store keeps UTC instants. A `Period` converts one into the other exactly once, so every
query compares `received_at` strings with two precomputed UTC bounds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpcenter import clock
from helpcenter.store import iso_utc

RELATIVE = re.compile(r"^(\d{1,4})\s*([dw])$")
MAX_DAYS = 3660


class PeriodError(ValueError):
    """--since, --until or --tz cannot be understood; the message names the option."""


def parse_zone(name: str | None) -> ZoneInfo:
    """The IANA time zone `name` (default UTC) or a PeriodError naming --tz."""
    name = (name or "UTC").strip()
    try:
        if not name or "\0" in name or len(name) > 64:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PeriodError(f"--tz {name!r}: unknown time zone; use an IANA name such as UTC, "
                          "Asia/Seoul or America/New_York") from None


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"{option} {text!r}: expected a date like 2026-11-01"
                          + (" or a length like 30d / 4w" if option == "--since" else "")) \
            from None


def local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant at which `day` starts in `zone`."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(dt.UTC)


@dataclass(frozen=True)
class Period:
    """Local days `first_day` … `last_day` (inclusive) in `zone`."""

    first_day: dt.date
    last_day: dt.date
    zone: ZoneInfo

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def start(self) -> dt.datetime:
        return local_midnight(self.first_day, self.zone)

    @property
    def end(self) -> dt.datetime:
        """Exclusive: the start of the day after `last_day`."""
        return local_midnight(self.last_day + dt.timedelta(days=1), self.zone)

    @property
    def start_key(self) -> str:
        """`start` in the store's `received_at` format, for string comparison in SQL."""
        return iso_utc(self.start)

    @property
    def end_key(self) -> str:
        return iso_utc(self.end)

    @property
    def name(self) -> str:
        """Folder-friendly name, e.g. 2026-10-24_2026-11-22."""
        return f"{self.first_day.isoformat()}_{self.last_day.isoformat()}"

    @property
    def label(self) -> str:
        return (f"{self.first_day.isoformat()} – {self.last_day.isoformat()} "
                f"({self.zone.key}, {self.days} days)")

    def previous(self) -> Period:
        """The period of the same number of days that ends the day before this one starts."""
        last = self.first_day - dt.timedelta(days=1)
        return Period(last - dt.timedelta(days=self.days - 1), last, self.zone)

    def weeks_since(self, first_day: dt.date) -> list[dt.date]:
        """Mondays of the weeks from the week of `first_day` to the week of `last_day`."""
        monday = first_day - dt.timedelta(days=first_day.weekday())
        weeks = []
        while monday <= self.last_day:
            weeks.append(monday)
            monday += dt.timedelta(days=7)
        return weeks

    def as_dict(self) -> dict:
        return {"since": self.first_day.isoformat(), "until": self.last_day.isoformat(),
                "tz": self.zone.key, "days": self.days, "start_utc": self.start_key,
                "end_utc": self.end_key}


def parse_period(since: str | None = None, until: str | None = None, tz: str | None = None,
                 today: dt.date | None = None) -> Period:
    """The period named by the report's --since / --until / --tz options.

    `until` is an inclusive date (default: today in `tz`); `since` is a date or a length in
    days/weeks counted back from `until` (default 30d).
    """
    zone = parse_zone(tz)
    today = today or clock.today(zone)
    last = _date(until, "--until") if until else today
    text = (since or "30d").strip().lower()
    match = RELATIVE.match(text)
    if match:
        count = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        if not 1 <= count <= MAX_DAYS:
            raise PeriodError(f"--since {since!r}: the period must be 1 to {MAX_DAYS} days long")
        first = last - dt.timedelta(days=count - 1)
    else:
        first = _date(text, "--since")
    if first > last:
        raise PeriodError(f"--since {first.isoformat()} is after --until {last.isoformat()}; "
                          "swap them")
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodError(f"--since {since!r}: the period must be at most {MAX_DAYS} days long")
    if first.year < 1970 or last.year > 9000:
        raise PeriodError("--since/--until: dates must lie between 1970 and 9000")
    return Period(first, last, zone)

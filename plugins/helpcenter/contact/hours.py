"""Is a channel open at a given moment, when does it close, when does it open next?

The browser computes the same thing in `overrides/assets/helpcenter/contact.js` (with `Intl`, in
the visitor's time zone); both implementations are tested on the shared fixtures in
`tests/fixtures/contact_hours/`, so the rules below are the contract:

- Hours are wall-clock times in the channel's IANA zone. A wall time that does not exist (the hour
  skipped when clocks go forward) or exists twice (clocks go back) is read like Python's
  `fold=0`: with the UTC offset in force before the change.
- A range belongs to the day it starts on; an overnight range (22:00-06:00) runs into the next day.
  A holiday closes every range that starts on it.
- Touching ranges (Mon 00:00-24:00, Tue 00:00-24:00) form one opening: "closes" is its real end.
- We look `HORIZON_DAYS` ahead; an opening that lasts beyond that has no closing time ("open now").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from helpcenter.contact.model import MINUTES_PER_DAY, WEEKDAYS, Holiday, OpeningHours

HORIZON_DAYS = 35
UTC = dt.UTC


@dataclass(frozen=True)
class ChannelStatus:
    """The state of a channel at one moment.

    state: 'always' (24/7), 'open', 'closed', or 'holiday' (closed, and today is a holiday in the
    channel's zone). `closes` / `opens` are UTC datetimes or None when beyond the horizon.
    """

    state: str
    closes: dt.datetime | None = None
    opens: dt.datetime | None = None
    holiday: Holiday | None = None


def wall_time(day: dt.date, minutes: int, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of `minutes` after midnight of `day` (may exceed 24h) in `zone`."""
    naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)


def openings(hours: OpeningHours, start_day: dt.date, days: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """Merged UTC opening intervals for ranges starting on `start_day` .. `start_day + days - 1`."""
    zone = ZoneInfo(hours.timezone)
    intervals = []
    for offset in range(days):
        day = start_day + dt.timedelta(days=offset)
        if hours.holiday_on(day) is not None:
            continue
        for rng in hours.week[day.weekday()]:
            intervals.append((wall_time(day, rng.start, zone), wall_time(day, rng.end, zone)))
    intervals.sort()
    merged: list[list[dt.datetime]] = []
    for start, end in intervals:
        if end <= start:  # a range swallowed by a DST change
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def status_at(hours: OpeningHours, now: dt.datetime) -> ChannelStatus:
    """The channel's state at `now` (an aware datetime)."""
    if hours.always and not hours.holidays:
        return ChannelStatus("always")
    zone = ZoneInfo(hours.timezone)
    now = now.astimezone(UTC)
    today = now.astimezone(zone).date()
    first = today - dt.timedelta(days=1)
    horizon = wall_time(today + dt.timedelta(days=HORIZON_DAYS), 0, zone)
    holiday = hours.holiday_on(today)
    for start, end in openings(hours, first, HORIZON_DAYS + 1):
        if start <= now < end:
            return ChannelStatus("open", closes=end if end < horizon else None)
        if start > now:
            return ChannelStatus("holiday" if holiday else "closed", opens=start, holiday=holiday)
    return ChannelStatus("holiday" if holiday else "closed", holiday=holiday)


@dataclass(frozen=True)
class VisitorTime:
    """An instant as the visitor reads it: days after the visitor's today, weekday, HH:MM."""

    days: int
    weekday: str
    time: str

    def as_dict(self) -> dict:
        return {"days": self.days, "weekday": self.weekday, "time": self.time}


def visitor_time(instant: dt.datetime, now: dt.datetime, visitor_zone: str) -> VisitorTime:
    """How `instant` reads in the visitor's zone relative to `now` ('tomorrow 09:00')."""
    zone = ZoneInfo(visitor_zone)
    local = instant.astimezone(zone)
    days = (local.date() - now.astimezone(zone).date()).days
    return VisitorTime(days, WEEKDAYS[local.weekday()], f"{local.hour:02d}:{local.minute:02d}")


def compile_hours(hours: OpeningHours, locale: str, default_locale: str | None = None,
                  since: dt.date | None = None) -> dict:
    """The JSON the browser needs: zone, weekly minutes (Monday first) and holiday names by date.

    Holidays that ended before `since` are left out: a page built today is never read yesterday.
    """
    holidays: dict[str, str] = {}
    for holiday in hours.holidays:
        if since is not None and holiday.end < since:
            continue
        for day in holiday.dates():
            holidays.setdefault(day.isoformat(), holiday.name(locale, default_locale))
    return {
        "tz": hours.timezone,
        "always": hours.always,
        "week": [[[r.start, r.end] for r in day] for day in hours.week],
        "holidays": holidays,
    }


def is_continuous(hours: OpeningHours) -> bool:
    """True when every minute of the week is covered (no closing time ever)."""
    return all(any(r.start == 0 and r.end >= MINUTES_PER_DAY for r in day) for day in hours.week)

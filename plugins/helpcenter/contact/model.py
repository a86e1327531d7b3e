"""What `content/contact.yml` describes: channels, the regions that offer them, and their hours.

Plain data classes, filled by `helpcenter.contact.data` (which validates) and read by the hours
logic, the contact page and the "Still need help?" block.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60

CHANNEL_TYPES = ("chat", "assistant", "phone", "email", "whatsapp", "line", "kakaotalk", "wechat",
                 "social", "form")


def localized(texts: dict[str, str], locale: str, default_locale: str | None = None) -> str:
    """The text for `locale`; '*' holds a text written once for every locale (e.g. 'LINE')."""
    for key in (locale, "*", default_locale):
        if key and texts.get(key):
            return texts[key]
    return ""


@dataclass(frozen=True)
class Holiday:
    """A closed day or run of days (inclusive), with an optional name per locale."""

    start: dt.date
    end: dt.date
    names: dict[str, str] = field(default_factory=dict)
    line: int | None = None

    def dates(self) -> list[dt.date]:
        days = (self.end - self.start).days
        return [self.start + dt.timedelta(days=n) for n in range(days + 1)]

    def name(self, locale: str, default_locale: str | None = None) -> str:
        return localized(self.names, locale, default_locale)


@dataclass(frozen=True)
class TimeRange:
    """Opening on one weekday from `start` to `end`, in minutes after that day's midnight.

    `end` is above 1440 for an overnight range (22:00-06:00 is 1320-1800): hours belong to the
    day they start on, so a holiday closes the ranges that start on it.
    """

    start: int
    end: int
    line: int | None = None

    def label(self) -> str:
        end = self.end - MINUTES_PER_DAY if self.end > MINUTES_PER_DAY else self.end
        return f"{_hhmm(self.start)}-{_hhmm(end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class OpeningHours:
    """Weekly hours in one IANA time zone, with the holidays on which the channel is closed."""

    timezone: str
    week: tuple[tuple[TimeRange, ...], ...]  # 7 entries, Monday first
    holidays: tuple[Holiday, ...] = ()
    always: bool = False  # written as '24/7'

    def holiday_on(self, day: dt.date) -> Holiday | None:
        for holiday in self.holidays:
            if holiday.start <= day <= holiday.end:
                return holiday
        return None


@dataclass
class ContactChannel:
    """One way to reach a person (or the assistant): its texts per locale, link and hours."""

    id: str
    type: str
    labels: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    response_times: dict[str, str] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    automated: bool = False
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    line_id: str | None = None
    hours: OpeningHours | None = None
    line: int | None = None

    def label(self, locale: str, default_locale: str | None = None) -> str:
        return localized(self.labels, locale, default_locale)

    def description(self, locale: str, default_locale: str | None = None) -> str:
        return localized(self.descriptions, locale, default_locale)

    def response_time(self, locale: str, default_locale: str | None = None) -> str:
        return localized(self.response_times, locale, default_locale)


@dataclass
class Region:
    """Where channels are offered: which locales' pages show them, in which order, and holidays."""

    id: str
    names: dict[str, str]
    locales: list[str]
    channels: list[str]
    holidays: list[Holiday] = field(default_factory=list)
    line: int | None = None

    def name(self, locale: str, default_locale: str | None = None) -> str:
        return localized(self.names, locale, default_locale) or self.id.upper()


@dataclass
class ContactBook:
    """Every channel and region of the help center."""

    channels: dict[str, ContactChannel]
    regions: dict[str, Region]

    def channels_for(self, locale: str) -> list[ContactChannel]:
        """The channels shown on `locale`'s pages, in the regions' order, each once."""
        seen: list[str] = []
        for region in self.regions.values():
            if locale in region.locales:
                seen.extend(cid for cid in region.channels if cid not in seen)
        return [self.channels[cid] for cid in seen if cid in self.channels]

    def regions_for(self, locale: str) -> list[Region]:
        return [r for r in self.regions.values() if locale in r.locales]

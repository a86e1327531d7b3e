"""Read and validate `content/contact.yml`, reporting every problem at its file and line.

The build (`helpcenter-contact` plugin) and `helpcenter check` both call `validate_contact_file`
/ `load_contact_file`, so a writer sees the same sentence in both places. The file is read from
PyYAML's node tree (not plain `safe_load`) so each value keeps its line, times stay text ('18:00'
is not YAML 1.1's sexagesimal 1080) and anchors/aliases (a "billion laughs" bomb) are refused.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import zoneinfo
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from helpcenter.contact.model import (
    CHANNEL_TYPES,
    MINUTES_PER_DAY,
    WEEKDAYS,
    ContactBook,
    ContactChannel,
    Holiday,
    OpeningHours,
    Region,
    TimeRange,
)
from helpcenter.problems import Problem
from helpcenter.yamlsource import YAMLSourceError, compose

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 12
MAX_TEXT = 300
MAX_LABEL = 60
MAX_OVERNIGHT_MINUTES = 12 * 60
MAX_HOLIDAY_DAYS = 31
ALWAYS = "24/7"
CLOSED = "closed"
ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
TIME_RANGE = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–—~〜]\s*(\d{1,2}:\d{2})\s*$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,24}$")
URL = re.compile(r"^https?://[^\s\"'<>`]+$")
LINE_ID = re.compile(r"^@?[A-Za-z0-9._-]{1,40}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

TOP_KEYS = {"regions", "channels"}
REGION_KEYS = {"name", "locales", "channels", "holidays"}
HOLIDAY_KEYS = {"date", "from", "to", "name"}
CHANNEL_KEYS = {"type", "label", "description", "response_time", "languages", "automated",
                "email", "phone", "url", "line_id", "hours"}
HOURS_KEYS = {"timezone", "holidays"}
NEEDS = {"phone": "phone", "whatsapp": "phone", "email": "email", "line": "line_id"}
DAY_ALIASES = {"daily": list(range(7)), "weekdays": list(range(5)), "weekends": [5, 6]}


class ContactDataError(ValueError):
    """Contact data that cannot be used; carries the problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _close(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.75)
    return f"did you mean '{match[0]}'?" if match else ""


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    """Walks the node tree, collecting problems; every check names the line of the value."""

    def __init__(self, shown_as: str, locales: list[str]):
        self.path = shown_as
        self.locales = locales
        self.problems: list[Problem] = []

    def error(self, node: yaml.Node | int | None, message: str, hint: str = "",
              code: str = "contact") -> None:
        line = node if isinstance(node, int) or node is None else _line(node)
        self.problems.append(Problem(self.path, line, "error", message, hint, code))

    def warning(self, node: yaml.Node | int | None, message: str, hint: str = "",
                code: str = "contact") -> None:
        line = node if isinstance(node, int) or node is None else _line(node)
        self.problems.append(Problem(self.path, line, "warning", message, hint, code))

    # -- shapes ------------------------------------------------------------------------------

    def mapping(self, node: yaml.Node, what: str, allowed: set[str] | None = None
                ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """{key: (key_node, value_node)}; duplicate and (if `allowed`) unknown keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a set of 'key: value' lines")
            return {}
        items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            if not key:
                self.error(key_node, f"{what} has a key that is not a plain word")
                continue
            if key in items:
                self.error(key_node, f"'{key}' appears twice in {what} "
                           f"(first on line {_line(items[key][0])})", "keep one of them",
                           "contact-duplicate-key")
                continue
            if allowed is not None and key not in allowed:
                hint = _close(key, allowed) or "allowed: " + ", ".join(sorted(allowed))
                self.error(key_node, f"unknown key '{key}' in {what}", hint, "contact-unknown-key")
                continue
            items[key] = (key_node, value_node)
        return items

    def scalar(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value, not a list or mapping")
            return None
        return str(node.value).strip()

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            return [node]  # one value written without brackets
        self.error(node, f"{what} must be a list like [a, b]")
        return []

    def words(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        out = []
        for item in self.sequence(node, what):
            value = self.scalar(item, f"each entry of {what}")
            if value:
                out.append((value, item))
        return out

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = (self.scalar(node, what) or "").lower()
        if value in ("true", "yes", "on"):
            return True
        if value in ("false", "no", "off"):
            return False
        self.error(node, f"{what} must be true or false, got '{value}'")
        return False

    def texts(self, node: yaml.Node, what: str, limit: int = MAX_TEXT) -> dict[str, str]:
        """A text for every locale ('LINE') or one per locale ({en: ..., ko: ...})."""
        if isinstance(node, yaml.ScalarNode):
            value = str(node.value).strip()
            if len(value) > limit:
                self.error(node, f"{what} is {len(value)} characters long; the limit is {limit}",
                           "shorten it", "contact-text-length")
                value = value[:limit]
            return {"*": value} if value else {}
        out: dict[str, str] = {}
        for key, (key_node, value_node) in self.mapping(node, what).items():
            if key not in self.locales and not re.match(r"^[A-Za-z_-]{2,12}$", key):
                self.error(key_node, f"'{key[:40]}' in {what} is not a locale code",
                           "put text that contains ', ' or ': ' in double quotes",
                           "contact-yaml")
                continue
            if key not in self.locales:
                self.error(key_node, f"unknown locale '{key}' in {what}",
                           _close(key, self.locales) or
                           f"this help center builds {', '.join(self.locales)}",
                           "contact-unknown-locale")
                continue
            value = self.scalar(value_node, f"{what} ({key})")
            if value is None:
                continue
            if len(value) > limit:
                self.error(value_node, f"{what} ({key}) is {len(value)} characters long; the "
                           f"limit is {limit}", "shorten it", "contact-text-length")
                value = value[:limit]
            if value:
                out[key] = value
        return out

    def date(self, node: yaml.Node, what: str) -> dt.date | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(node, f"'{value}' in {what} is not a valid date",
                       "write dates as YYYY-MM-DD, e.g. 2026-12-25", "contact-date")
            return None

    # -- parts -------------------------------------------------------------------------------

    def holidays(self, node: yaml.Node, where: str) -> list[Holiday]:
        result = []
        for item in self.sequence(node, f"holidays of {where}"):
            keys = self.mapping(item, f"a holiday of {where}", HOLIDAY_KEYS)
            if not keys:
                continue
            names = self.texts(keys["name"][1], "the holiday name") if "name" in keys else {}
            if "date" in keys:
                if "from" in keys or "to" in keys:
                    self.error(item, "a holiday has either 'date' or 'from' and 'to', not both",
                               code="contact-date")
                    continue
                day = self.date(keys["date"][1], "date")
                if day:
                    result.append(Holiday(day, day, names, _line(item)))
                continue
            if "from" not in keys or "to" not in keys:
                self.error(item, "a holiday needs 'date: YYYY-MM-DD', or 'from:' and 'to:'",
                           code="contact-date")
                continue
            start = self.date(keys["from"][1], "from")
            end = self.date(keys["to"][1], "to")
            if not start or not end:
                continue
            if end < start:
                self.error(keys["to"][1], f"holiday ends ({end}) before it starts ({start})",
                           "swap 'from' and 'to', or check the year", "contact-date")
                continue
            if (end - start).days + 1 > MAX_HOLIDAY_DAYS:
                self.error(keys["to"][1], f"holiday from {start} to {end} lasts "
                           f"{(end - start).days + 1} days; the longest is {MAX_HOLIDAY_DAYS}",
                           "check the year, or split it", "contact-date")
                continue
            result.append(Holiday(start, end, names, _line(item)))
        seen: dict[dt.date, Holiday] = {}
        for holiday in result:
            for day in holiday.dates():
                if day in seen:
                    self.warning(holiday.line, f"{day} is listed twice in the holidays of {where} "
                                 f"(also on line {seen[day].line})", "keep one entry",
                                 "contact-date")
                    break
                seen[day] = holiday
        return result

    def time_of_day(self, text: str, node: yaml.Node, is_end: bool) -> int | None:
        hours, minutes = (int(part) for part in text.split(":"))
        total = hours * 60 + minutes
        if minutes > 59 or total > MINUTES_PER_DAY or (total == MINUTES_PER_DAY and not is_end):
            self.error(node, f"'{text}' is not a time of day",
                       "use 00:00 to 23:59 (and 24:00 for the end of the day)", "contact-time")
            return None
        return total

    def time_range(self, node: yaml.Node, day_label: str) -> TimeRange | None:
        text = self.scalar(node, f"the hours of {day_label}")
        if text is None:
            return None
        match = TIME_RANGE.match(text)
        if not match:
            self.error(node, f"'{text}' is not a time range like '09:00-18:00'",
                       "write 'closed' for a day without hours", "contact-time")
            return None
        start = self.time_of_day(match.group(1), node, is_end=False)
        end = self.time_of_day(match.group(2), node, is_end=True)
        if start is None or end is None:
            return None
        if start == end or (start == 0 and end == 0):
            self.error(node, f"'{text}' opens and closes at the same time",
                       "use '00:00-24:00' for a whole day, or 'closed'", "contact-hours-inverted")
            return None
        if end < start:
            length = MINUTES_PER_DAY - start + end
            if length > MAX_OVERNIGHT_MINUTES:
                self.error(node, f"'{text}' ends before it starts and would run overnight for "
                           f"{length // 60} hours",
                           "swap the times; a long overnight range must be split at midnight "
                           "(e.g. '18:00-24:00' and the next day '00:00-09:00')",
                           "contact-hours-inverted")
                return None
            end += MINUTES_PER_DAY
        return TimeRange(start, end, _line(node))

    def day_keys(self, key: str, node: yaml.Node) -> list[int] | None:
        key = key.lower()
        if key in DAY_ALIASES:
            return DAY_ALIASES[key]
        if key in WEEKDAYS:
            return [WEEKDAYS.index(key)]
        first, sep, last = key.partition("-")
        if sep and first in WEEKDAYS and last in WEEKDAYS:
            a, b = WEEKDAYS.index(first), WEEKDAYS.index(last)
            return [(a + n) % 7 for n in range((b - a) % 7 + 1)]
        allowed = [*WEEKDAYS, "mon-fri", "sat-sun", *DAY_ALIASES, "timezone", "holidays"]
        self.error(node, f"unknown key '{key}' in hours",
                   _close(key, allowed) or "use mon..sun, a range like mon-fri, daily, "
                   "weekdays or weekends", "contact-unknown-key")
        return None

    def hours(self, node: yaml.Node, where: str, region_holidays: dict[str, list[Holiday]]
              ) -> OpeningHours | None:
        if isinstance(node, yaml.ScalarNode):
            if str(node.value).strip().lower() in (ALWAYS, "24x7"):
                full = tuple((TimeRange(0, MINUTES_PER_DAY, _line(node)),) for _ in range(7))
                return OpeningHours("UTC", full, (), True)
            self.error(node, f"hours of {where} must be '24/7' or a mapping with 'timezone' and "
                       "days", code="contact-hours")
            return None
        items = self.mapping(node, f"hours of {where}")
        zone = None
        if "timezone" not in items:
            self.error(node, f"hours of {where} need a 'timezone'",
                       "add 'timezone: America/New_York' (an IANA name)", "contact-timezone")
        else:
            zone_node = items["timezone"][1]
            zone = self.scalar(zone_node, "timezone")
            if zone is not None and zone not in _zones():
                self.error(zone_node, f"unknown time zone '{zone}'",
                           _close(zone, _zones()) or
                           "use an IANA name such as 'Asia/Seoul' or 'America/New_York'",
                           "contact-timezone")
                zone = None
        holidays: list[Holiday] = []
        if "holidays" in items:
            for region_id, ref in self.words(items["holidays"][1], "holidays"):
                if region_id not in region_holidays:
                    self.error(ref, f"unknown region '{region_id}' in holidays",
                               _close(region_id, region_holidays) or
                               "regions are: " + ", ".join(sorted(region_holidays)),
                               "contact-unknown-region")
                    continue
                holidays.extend(region_holidays[region_id])
        week: list[list[TimeRange]] = [[] for _ in range(7)]
        for key, (key_node, value_node) in items.items():
            if key in HOURS_KEYS:
                continue
            days = self.day_keys(key, key_node)
            if days is None:
                continue
            if isinstance(value_node, yaml.ScalarNode) and \
                    str(value_node.value).strip().lower() == CLOSED:
                continue
            entries = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for entry in entries:
                rng = self.time_range(entry, key)
                if rng:
                    for day in days:
                        week[day].append(rng)
        self.overlaps(week)
        if zone is None:
            return None
        return OpeningHours(zone, tuple(tuple(sorted(d, key=lambda r: r.start)) for d in week),
                            tuple(sorted(holidays, key=lambda h: h.start)))

    def overlaps(self, week: list[list[TimeRange]]) -> None:
        span = 7 * MINUTES_PER_DAY
        pieces = []
        for day, ranges in enumerate(week):
            for rng in ranges:
                start, end = day * MINUTES_PER_DAY + rng.start, day * MINUTES_PER_DAY + rng.end
                pieces.append((start, min(end, span), day, rng))
                if end > span:  # Sunday night runs into Monday morning
                    pieces.append((0, end - span, day, rng))
        pieces.sort(key=lambda p: (p[0], p[1]))
        reported = set()
        widest = None
        for piece in pieces:
            if widest is not None and piece[0] < widest[1]:
                (_, _, d1, r1), (_, _, d2, r2) = widest, piece
                if (r1, r2) not in reported:
                    reported.add((r1, r2))
                    later, earlier, ld, ed = ((r2, r1, d2, d1) if (r2.line or 0) >= (r1.line or 0)
                                              else (r1, r2, d1, d2))
                    self.error(later.line, f"hours overlap: {WEEKDAYS[ld]} {later.label()} and "
                               f"{WEEKDAYS[ed]} {earlier.label()} (line {earlier.line})",
                               "list each moment of the week once", "contact-hours-overlap")
            if widest is None or piece[1] > widest[1]:
                widest = piece

    def channel(self, cid: str, key_node: yaml.Node, node: yaml.Node,
                region_holidays: dict[str, list[Holiday]]) -> ContactChannel | None:
        where = f"channel '{cid}'"
        if not ID.match(cid):
            self.error(key_node, f"'{cid}' is not a valid channel id",
                       "use lowercase letters, digits and hyphens, like 'phone-kr'", "contact-id")
            return None
        items = self.mapping(node, where, CHANNEL_KEYS)
        if not items:
            return None
        ctype = None
        if "type" not in items:
            self.error(key_node, f"{where} needs a 'type'", "one of " + ", ".join(CHANNEL_TYPES),
                       "contact-type")
        else:
            ctype = self.scalar(items["type"][1], "type")
            if ctype not in CHANNEL_TYPES:
                self.error(items["type"][1], f"unknown channel type '{ctype}'",
                           _close(ctype or "", CHANNEL_TYPES) or "one of " +
                           ", ".join(CHANNEL_TYPES), "contact-type")
                ctype = None
        labels = self.texts(items["label"][1], "label", MAX_LABEL) if "label" in items else {}
        if "label" not in items:
            self.error(key_node, f"{where} needs a 'label'", "e.g. 'label: {en: Live chat}'",
                       "contact-label")
        channel = ContactChannel(id=cid, type=ctype or "form", labels=labels, line=_line(key_node))
        if "description" in items:
            channel.descriptions = self.texts(items["description"][1], "description")
        if "response_time" in items:
            channel.response_times = self.texts(items["response_time"][1], "response_time", 120)
        if "languages" in items:
            for code, ref in self.words(items["languages"][1], "languages"):
                if LANGUAGE.match(code):
                    channel.languages.append(code)
                else:
                    self.error(ref, f"'{code}' is not a language code", "e.g. en, ko, ja",
                               "contact-language")
        if "automated" in items:
            channel.automated = self.boolean(items["automated"][1], "automated")
        for field, pattern, example in (("email", EMAIL, "help@example.com"),
                                        ("phone", PHONE, "+1 555 010 0199"),
                                        ("url", URL, "https://example.com/chat"),
                                        ("line_id", LINE_ID, "@lumora")):
            if field not in items:
                continue
            value = self.scalar(items[field][1], field)
            if value is None:
                continue
            if not pattern.match(value) or len(value) > 300:
                self.error(items[field][1], f"'{value[:80]}' is not a valid {field} for {where}",
                           f"write it like '{example}'", "contact-link")
                continue
            setattr(channel, field, value)
        if ctype in NEEDS and NEEDS[ctype] not in items:
            self.error(key_node, f"{where} of type '{ctype}' needs '{NEEDS[ctype]}'", "",
                       "contact-link")
        if ctype in ("chat", "kakaotalk", "wechat", "social", "form", "assistant") and \
                channel.url is None:
            self.warning(key_node, f"{where} has no 'url'; its card will not be a link", "",
                         "contact-link")
        if "hours" in items:
            channel.hours = self.hours(items["hours"][1], where, region_holidays)
        return channel


def _compose(text: str, reader: _Reader) -> tuple[bool, yaml.Node | None]:
    """The checked node tree (no anchors, aliases, duplicate keys or absurd nesting)."""
    try:
        return True, compose(text, what="contact data", max_depth=MAX_DEPTH)
    except YAMLSourceError as exc:
        reader.error(exc.line, exc.message, exc.hint or "check quotes and indentation",
                     "contact-yaml")
        return False, None


def parse_contact(text: str, locales: list[str], shown_as: str = "content/contact.yml"
                  ) -> tuple[ContactBook | None, list[Problem]]:
    """Parse contact data; return the book (None when unusable) and every problem found."""
    reader = _Reader(shown_as, list(locales))
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        reader.error(None, f"the file is larger than {MAX_FILE_BYTES // 1024} KB",
                     "keep contact data small; old holidays can be removed", "contact-size")
        return None, reader.problems
    usable, root = _compose(text, reader)
    if not usable:
        return None, reader.problems
    if root is None:
        reader.error(1, "the file is empty", "describe 'regions' and 'channels'", "contact-empty")
        return None, reader.problems
    top = reader.mapping(root, "the contact file", TOP_KEYS)
    for key in ("regions", "channels"):
        if key not in top and isinstance(root, yaml.MappingNode):
            reader.error(1, f"'{key}' is missing", f"add a '{key}:' section", "contact-missing")
    if reader.problems and not top:
        return None, reader.problems

    regions: dict[str, Region] = {}
    region_nodes = reader.mapping(top["regions"][1], "regions") if "regions" in top else {}
    for rid, (key_node, node) in region_nodes.items():
        if not ID.match(rid):
            reader.error(key_node, f"'{rid}' is not a valid region id",
                         "use lowercase letters like 'us', 'kr', 'jp'", "contact-id")
            continue
        items = reader.mapping(node, f"region '{rid}'", REGION_KEYS)
        region = Region(rid, reader.texts(items["name"][1], "the region name")
                        if "name" in items else {}, [], [], line=_line(key_node))
        if "locales" not in items:
            reader.error(node, f"region '{rid}' needs 'locales'", "e.g. 'locales: [en]'",
                         "contact-unknown-locale")
        else:
            for code, ref in reader.words(items["locales"][1], "locales"):
                if code not in locales:
                    reader.error(ref, f"unknown locale '{code}' in region '{rid}'",
                                 _close(code, locales) or
                                 f"this help center builds {', '.join(locales)}",
                                 "contact-unknown-locale")
                else:
                    region.locales.append(code)
        if "holidays" in items:
            region.holidays = reader.holidays(items["holidays"][1], f"region '{rid}'")
        regions[rid] = region
        region.channels_nodes = reader.words(items["channels"][1], "channels") \
            if "channels" in items else []  # type: ignore[attr-defined]
        if "channels" not in items:
            reader.error(node, f"region '{rid}' needs 'channels' in the order they are shown",
                         "e.g. 'channels: [chat, email, phone]'", "contact-missing")

    holidays_by_region = {rid: r.holidays for rid, r in regions.items()}
    channels: dict[str, ContactChannel] = {}
    channel_nodes = reader.mapping(top["channels"][1], "channels") if "channels" in top else {}
    for cid, (key_node, node) in channel_nodes.items():
        channel = reader.channel(cid, key_node, node, holidays_by_region)
        if channel is not None:
            channels[cid] = channel

    offered: dict[str, list[Region]] = {}
    for region in regions.values():
        for cid, ref in region.channels_nodes:  # type: ignore[attr-defined]
            if cid in region.channels:
                reader.error(ref, f"channel '{cid}' is listed twice in region '{region.id}'",
                             "keep one", "contact-duplicate-key")
            elif cid not in channel_nodes:
                reader.error(ref, f"region '{region.id}' lists unknown channel '{cid}'",
                             _close(cid, channel_nodes) or "add it under 'channels'",
                             "contact-unknown-channel")
            else:
                region.channels.append(cid)
                offered.setdefault(cid, []).append(region)
        del region.channels_nodes  # type: ignore[attr-defined]

    for cid, channel in channels.items():
        if cid not in offered:
            reader.warning(channel.line, f"channel '{cid}' is not listed in any region",
                           "add it to a region's 'channels' or remove it", "contact-unused")
            continue
        for region in offered[cid]:
            for code in region.locales:
                where = f"it is offered in {code} through region '{region.id}'"
                if not channel.label(code) and _has_key(channel_nodes[cid][1], "label"):
                    reader.error(channel.line, f"channel '{cid}' has no label for locale "
                                 f"'{code}'", f"add '{code}: ...' under its label; {where}",
                                 "contact-label")
                if channel.descriptions and not channel.description(code):
                    reader.warning(channel.line, f"channel '{cid}' has no description for "
                                   f"locale '{code}'", where, "contact-label")
                if channel.response_times and not channel.response_time(code):
                    reader.warning(channel.line, f"channel '{cid}' has no response_time for "
                                   f"locale '{code}'", where, "contact-label")
            if channel.hours is not None:
                for holiday in channel.hours.holidays:
                    for code in region.locales:
                        if holiday.names and not holiday.name(code):
                            reader.warning(holiday.line, f"holiday {holiday.start} has no name "
                                           f"for locale '{code}'", where, "contact-label")
    if "regions" in top and not region_nodes and isinstance(top["regions"][1], yaml.MappingNode):
        reader.error(top["regions"][0], "there are no regions",
                     "add one with its locales and channels, e.g. 'us: {locales: [en], "
                     "channels: [email]}'", "contact-missing")
    for code in locales:
        if not any(code in r.locales for r in regions.values()) and regions:
            reader.warning(None, f"locale '{code}' has no contact channels; its contact page "
                           "will only link to other regions",
                           f"add '{code}' to a region's locales", "contact-locale-empty")
    unusable = any(p.level == "error" for p in reader.problems)
    problems = sorted(_dedupe(reader.problems), key=lambda p: p.line or 0)
    return (None if unusable else ContactBook(channels, regions)), problems


def _has_key(node: yaml.Node, key: str) -> bool:
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == key for k, _ in node.value)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems:
        if problem not in seen:
            seen.add(problem)
            out.append(problem)
    return out


def load_contact_file(path: str | Path, locales: list[str], shown_as: str | None = None
                      ) -> tuple[ContactBook | None, list[Problem]]:
    """Read a contact file; the book is None when there is any error (problems say why)."""
    path = Path(path)
    shown = shown_as or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, None, "error", "the contact file does not exist",
                              "create it (see the demo's content/contact.yml) or remove the "
                              "helpcenter-contact plugin from mkdocs.yml", "contact-missing")]
    except OSError as exc:
        return None, [Problem(shown, None, "error", f"cannot be read: {exc.strerror}", "",
                              "contact-unreadable")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(shown, None, "error", f"the file is larger than "
                              f"{MAX_FILE_BYTES // 1024} KB", "keep contact data small; old "
                              "holidays can be removed", "contact-size")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 1, "error", f"not UTF-8 text (byte {exc.start})",
                              "save the file as UTF-8", "file-encoding")]
    return parse_contact(text.removeprefix("\ufeff"), locales, shown)


def validate_contact_file(path: str | Path, locales: list[str], shown_as: str | None = None
                          ) -> list[Problem]:
    """Every problem in a contact file, for `helpcenter check` and the build."""
    return load_contact_file(path, locales, shown_as)[1]


def parse_opening_hours(hours: dict | str, holidays: dict[str, list[dict]] | None = None,
                        locales: tuple[str, ...] = ("en", "ko", "ja")) -> OpeningHours:
    """Opening hours from plain data (as in contact.yml); raises ContactDataError when invalid.

    Used by the shared hours fixtures and anyone testing hours without a whole contact file.
    """
    reader = _Reader("<hours>", list(locales))
    by_region = {rid: reader.holidays(yaml.compose(json.dumps(items, ensure_ascii=False)), rid)
                 for rid, items in (holidays or {}).items()}
    node = yaml.compose(json.dumps(hours, ensure_ascii=False))
    result = reader.hours(node, "the fixture", by_region)
    if reader.problems or result is None:
        raise ContactDataError(reader.problems or [Problem("<hours>", None, "error", "no hours")])
    return result

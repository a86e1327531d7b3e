"""What the contact page and the "Still need help?" block show for each channel.

Builds plain dictionaries for the templates: texts in the page's locale, links (with the article's
context), the weekly hours written out in the channel's own time zone (what a visitor without
JavaScript reads), upcoming holidays, and the compiled hours that contact.js turns into a live
status in the visitor's zone.
"""

from __future__ import annotations

import datetime as dt
import json

from helpcenter.contact.hours import compile_hours
from helpcenter.contact.links import ArticleContext, context_href
from helpcenter.contact.model import MINUTES_PER_DAY, ContactBook, ContactChannel, OpeningHours

UPCOMING_HOLIDAYS = 4


def _babel_locale(locale: str) -> str:
    return locale.replace("-", "_")


def day_names(locale: str) -> list[str]:
    """Abbreviated weekday names, Monday first ('Mon', '월', '月')."""
    try:
        from babel.dates import get_day_names

        names = get_day_names("abbreviated", locale=_babel_locale(locale))
        return [names[i] for i in range(7)]
    except Exception:  # locale unknown to babel
        return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def format_clock(minutes: int, clock: str) -> str:
    """'18:00' (24h) or '6:00 PM' (12h) for minutes after midnight (24:00 allowed)."""
    minutes %= MINUTES_PER_DAY
    hours, mins = divmod(minutes, 60)
    if clock == "12h":
        suffix = "AM" if hours < 12 else "PM"
        return f"{(hours % 12) or 12}:{mins:02d} {suffix}"
    return f"{hours:02d}:{mins:02d}"


def hours_rows(hours: OpeningHours, locale: str, strings) -> list[dict]:
    """The week as rows of days with the same hours: [{'days': 'Mon–Fri', 'times': '…'}]."""
    if hours.always:
        return [{"days": strings["contact.every_day"], "times": strings["contact.always"]}]
    clock = strings.get("contact.clock", "24h")
    names = day_names(locale)

    def times(day: tuple) -> str:
        if not day:
            return strings["contact.closed_day"]
        parts = []
        for rng in day:
            if rng.start == 0 and rng.end == MINUTES_PER_DAY:
                parts.append(strings["contact.all_day"])
                continue
            text = f"{format_clock(rng.start, clock)}–{format_clock(rng.end, clock)}"
            if rng.end > MINUTES_PER_DAY:
                text += " " + strings["contact.next_day"]
            parts.append(text)
        return ", ".join(parts)

    rows: list[dict] = []
    start = 0
    for index in range(1, 8):
        if index == 7 or times(hours.week[index]) != times(hours.week[start]):
            label = names[start] if index - 1 == start else f"{names[start]}–{names[index - 1]}"
            if start == 0 and index == 7:
                label = strings["contact.every_day"]
            rows.append({"days": label, "times": times(hours.week[start])})
            start = index
    return rows


def zone_label(zone: str, locale: str, strings) -> str:
    """'New York time (America/New_York)' in the page's language."""
    try:
        from babel.dates import get_timezone_location

        city = get_timezone_location(zone, locale=_babel_locale(locale), return_city=True)
    except Exception:
        city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return strings.format("contact.zone", city=city, zone=zone)


def format_day(day: dt.date, locale: str) -> str:
    try:
        from babel.dates import format_skeleton

        return format_skeleton("MMMEd", day, locale=_babel_locale(locale))
    except Exception:
        return day.isoformat()


def language_names(codes: list[str], locale: str) -> str:
    try:
        from babel import Locale

        names = Locale.parse(_babel_locale(locale)).languages
    except Exception:
        names = {}
    return ", ".join(names.get(code, code) for code in codes)


def channel_card(channel: ContactChannel, locale: str, default_locale: str, strings,
                 context: ArticleContext | None = None, today: dt.date | None = None) -> dict:
    """Everything a template needs to show one channel in `locale`."""
    card = {
        "id": channel.id,
        "type": channel.type,
        "label": channel.label(locale, default_locale),
        "description": channel.description(locale, default_locale),
        "response_time": channel.response_time(locale, default_locale),
        "languages": language_names(channel.languages, locale) if channel.languages else "",
        "automated": channel.automated,
        "action": strings.get(f"contact.action.{channel.type}") or strings["contact.action.open"],
        "address": channel.email or channel.phone or "",
        "hours_rows": [],
        "zone": "",
        "hours_json": "",
        "holidays": [],
    }
    hours = channel.hours
    if hours is not None:
        card["hours_rows"] = hours_rows(hours, locale, strings)
        card["zone"] = "" if hours.always else zone_label(hours.timezone, locale, strings)
        card["hours_json"] = json.dumps(compile_hours(hours, locale, default_locale, since=today),
                                        ensure_ascii=False, separators=(",", ":"))
        upcoming = [h for h in hours.holidays if today is None or h.end >= today]
        for holiday in upcoming[:UPCOMING_HOLIDAYS]:
            when = format_day(holiday.start, locale)
            if holiday.end != holiday.start:
                when += f"–{format_day(holiday.end, locale)}"
            card["holidays"].append({"start": holiday.start.isoformat(),
                                     "end": holiday.end.isoformat(), "when": when,
                                     "name": holiday.name(locale, default_locale)})
    return with_article(card, channel, strings, context)


def with_article(card: dict, channel: ContactChannel, strings,
                 context: ArticleContext | None) -> dict:
    """`card` with the channel's link for `context` (the article the customer read, if any).

    The rest of a card depends only on the channel and the locale, so a build computes it once
    per locale and only this part per article."""
    href, template = context_href(channel, strings, context)
    return {**card, "href": href, "href_template": template,
            "external": bool(href and href.startswith("http"))}


def contact_cards(book: ContactBook, locale: str, default_locale: str, strings,
                  context: ArticleContext | None = None, today: dt.date | None = None,
                  limit: int | None = None) -> list[dict]:
    """Cards for the channels of `locale`, in the regions' order (the first `limit`)."""
    channels = book.channels_for(locale)
    if limit is not None:
        channels = channels[:limit]
    return [channel_card(c, locale, default_locale, strings, context, today) for c in channels]

"""The contact data as a JSON file in the built site (`helpcenter/contact.json`).

Readers of a built or deployed site (`helpcenter mcp`) answer "who can I reach, and are they open
now?" with the contact page's own logic (`hours.status_at`), so they need the channels, regions
and hours themselves, not the rendered page. This is the validated `ContactBook`, written out and
read back without loss; only what the public contact page shows is in it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from helpcenter.contact.model import (
    ContactBook,
    ContactChannel,
    Holiday,
    OpeningHours,
    Region,
    TimeRange,
)

CONTACT_PATH = "helpcenter/contact.json"
SCHEMA = "helpcenter.contact"
VERSION = 1


class SnapshotError(ValueError):
    """The file is not a contact snapshot this version can read."""


def _holiday(holiday: Holiday) -> dict:
    return {"start": holiday.start.isoformat(), "end": holiday.end.isoformat(),
            "names": holiday.names}


def _hours(hours: OpeningHours) -> dict:
    return {"timezone": hours.timezone, "always": hours.always,
            "week": [[[r.start, r.end] for r in day] for day in hours.week],
            "holidays": [_holiday(h) for h in hours.holidays]}


def book_as_json(book: ContactBook, pages: dict[str, str] | None = None) -> dict:
    """The snapshot of `book`; `pages` maps each locale to its contact page's site path."""
    channels = {}
    for cid, c in book.channels.items():
        channels[cid] = {"type": c.type, "labels": c.labels, "descriptions": c.descriptions,
                         "response_times": c.response_times, "languages": c.languages,
                         "automated": c.automated, "email": c.email, "phone": c.phone,
                         "url": c.url, "line_id": c.line_id,
                         "hours": _hours(c.hours) if c.hours else None}
    regions = {rid: {"names": r.names, "locales": r.locales, "channels": r.channels,
                     "holidays": [_holiday(h) for h in r.holidays]}
               for rid, r in book.regions.items()}
    return {"schema": SCHEMA, "version": VERSION, "pages": pages or {}, "channels": channels,
            "regions": regions}


def write_snapshot(site_dir: str | Path, book: ContactBook, pages: dict[str, str] | None = None
                   ) -> Path:
    path = Path(site_dir) / CONTACT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(book_as_json(book, pages), ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _read_holiday(data: dict) -> Holiday:
    return Holiday(_date(data["start"]), _date(data["end"]), dict(data.get("names") or {}))


def book_from_json(data: object) -> ContactBook:
    """The `ContactBook` of a snapshot; SnapshotError when it is not one."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or data.get("version") != VERSION:
        raise SnapshotError(f"not a {SCHEMA} v{VERSION} file; rebuild the site")
    try:
        channels = {}
        for cid, c in data["channels"].items():
            hours = None
            if c.get("hours"):
                h = c["hours"]
                week = tuple(tuple(TimeRange(int(s), int(e)) for s, e in day) for day in h["week"])
                if len(week) != 7:
                    raise ValueError("a week has 7 days")
                hours = OpeningHours(str(h["timezone"]), week,
                                     tuple(_read_holiday(x) for x in h.get("holidays", [])),
                                     bool(h.get("always")))
            channels[cid] = ContactChannel(
                id=cid, type=str(c["type"]), labels=dict(c.get("labels") or {}),
                descriptions=dict(c.get("descriptions") or {}),
                response_times=dict(c.get("response_times") or {}),
                languages=list(c.get("languages") or []), automated=bool(c.get("automated")),
                email=c.get("email"), phone=c.get("phone"), url=c.get("url"),
                line_id=c.get("line_id"), hours=hours)
        regions = {rid: Region(rid, dict(r.get("names") or {}), list(r["locales"]),
                               list(r["channels"]),
                               [_read_holiday(x) for x in r.get("holidays", [])])
                   for rid, r in data["regions"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SnapshotError(f"malformed contact snapshot ({exc}); rebuild the site") from None
    return ContactBook(channels, regions)

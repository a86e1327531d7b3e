"""The hours logic in Python on the shared fixtures (the browser runs the same files)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from helpcenter.contact import compile_hours, parse_opening_hours, status_at, visitor_time
from helpcenter.contact.hours import openings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "contact_hours"


def load_cases() -> list:
    cases = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for index, case in enumerate(data["cases"]):
            cases.append(pytest.param(data, case, id=f"{path.stem}[{index}]"))
    return cases


def utc(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def test_there_are_enough_shared_fixtures():
    assert len(load_cases()) >= 30


@pytest.mark.parametrize(("fixture", "case"), load_cases())
def test_status_matches_the_shared_fixture(fixture, case):
    hours = parse_opening_hours(fixture["hours"], fixture.get("holidays"))
    now = utc(case["now"])
    status = status_at(hours, now)
    expect = case["expect"]
    instant = status.closes if status.state == "open" else status.opens
    got = {
        "state": status.state,
        "closes": iso(status.closes),
        "opens": iso(status.opens),
        "holiday": status.holiday.name(fixture["locale"]) if status.state == "holiday" else None,
        "visitor": visitor_time(instant, now, case["visitor"]).as_dict() if instant else None,
    }
    assert got == expect


def test_compiled_hours_carry_minutes_and_holiday_names_in_the_page_locale():
    hours = parse_opening_hours(
        {"timezone": "Asia/Seoul", "mon-fri": ["09:00-12:00", "13:00-18:00"], "sat": "22:00-06:00",
         "holidays": "kr"},
        {"kr": [{"date": "2026-01-01", "name": {"ko": "신정", "en": "New Year's Day"}},
                {"from": "2027-02-06", "to": "2027-02-07", "name": {"ko": "설날 연휴"}}]})
    data = compile_hours(hours, "en", since=dt.date(2026, 6, 1))
    assert data["tz"] == "Asia/Seoul"
    assert data["week"][0] == [[540, 720], [780, 1080]]
    assert data["week"][5] == [[1320, 1800]]
    assert data["week"][6] == []
    # past holidays are dropped; a name missing in the page locale stays empty (shown generically)
    assert data["holidays"] == {"2027-02-06": "", "2027-02-07": ""}
    assert compile_hours(hours, "ko")["holidays"]["2026-01-01"] == "신정"


def test_a_range_swallowed_by_nothing_is_never_empty_and_intervals_are_merged():
    hours = parse_opening_hours({"timezone": "Europe/Berlin", "mon": ["00:00-12:00", "12:00-24:00"],
                                 "tue": "00:00-06:00"})
    spans = openings(hours, dt.date(2026, 11, 23), 2)  # Monday and Tuesday
    assert [(iso(a), iso(b)) for a, b in spans] == [("2026-11-22T23:00:00Z", "2026-11-24T05:00:00Z")]


def test_every_iana_zone_in_the_fixtures_is_known_to_zoneinfo():
    for path in FIXTURES.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            visitor_time(utc(case["now"]), utc(case["now"]), case["visitor"])

"""The project's one clock: pinned values, HELPCENTER_NOW, SOURCE_DATE_EPOCH, and no other clock."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from helpcenter import clock

REPO = Path(__file__).resolve().parents[2]


def test_pin_fixes_now_and_today_and_restores_the_previous_value(monkeypatch):
    monkeypatch.setenv(clock.NOW_VARIABLE, "2026-11-22T09:00:00Z")
    with clock.pin(dt.date(2030, 2, 28)):
        assert clock.now() == dt.datetime(2030, 2, 28, 12, tzinfo=dt.UTC)
        with clock.pin(dt.datetime(2031, 1, 1, 23, 30, tzinfo=dt.UTC)):
            assert clock.today() == dt.date(2031, 1, 1)
            assert clock.today(dt.timezone(dt.timedelta(hours=9))) == dt.date(2031, 1, 2)
        assert clock.today() == dt.date(2030, 2, 28)
    assert clock.now() == dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


def test_environment_pins_subprocesses(monkeypatch):
    monkeypatch.setenv(clock.NOW_VARIABLE, "2027-03-04")
    assert clock.today() == dt.date(2027, 3, 4) and clock.is_pinned()
    monkeypatch.setenv(clock.NOW_VARIABLE, "2027-03-04T23:00:00-05:00")
    assert clock.now().astimezone(dt.UTC) == dt.datetime(2027, 3, 5, 4, tzinfo=dt.UTC)
    monkeypatch.delenv(clock.NOW_VARIABLE)
    monkeypatch.setenv(clock.EPOCH_VARIABLE, "1700000000")
    assert clock.now() == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_without_a_pin_it_is_the_wall_clock(monkeypatch):
    monkeypatch.delenv(clock.NOW_VARIABLE, raising=False)
    monkeypatch.delenv(clock.EPOCH_VARIABLE, raising=False)
    assert not clock.is_pinned()
    assert abs(clock.now() - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=5)


@pytest.mark.parametrize(("variable", "value"), [
    ("HELPCENTER_NOW", "yesterday"), ("HELPCENTER_NOW", "2026-13-40"),
    ("SOURCE_DATE_EPOCH", "-5"), ("SOURCE_DATE_EPOCH", "1" * 400), ("SOURCE_DATE_EPOCH", "1e9")])
def test_a_malformed_pin_is_one_sentence_naming_the_variable(monkeypatch, variable, value):
    monkeypatch.delenv(clock.NOW_VARIABLE, raising=False)
    monkeypatch.setenv(variable, value)
    with pytest.raises(clock.ClockError, match=variable):
        clock.now()


WALL_CLOCK = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.utcnow|time\.time)\(")


def test_no_other_module_reads_the_wall_clock():
    """Every "now" goes through helpcenter.clock, so tests (and faketime in CI) can pin it."""
    offenders = []
    for folder in ("plugins", "scripts"):
        for path in (REPO / folder).rglob("*.py"):
            if path.name == "clock.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []

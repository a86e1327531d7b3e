"""The project's one clock: every "now" and "today" in the library, plugins, CLI and apps.

Why one place: a build, `helpcenter new`, `check` and the report must agree on what "today" is, and
tests must be able to pin it (no test may depend on the calendar). The clock answers, in order:

1. a value pinned in this process (`pin(...)`, used by tests and by commands given an explicit date);
2. `HELPCENTER_NOW` (an ISO 8601 date or date-time, UTC unless it says otherwise), so a test can pin
   the clock of a subprocess or a served preview;
3. `SOURCE_DATE_EPOCH` (seconds), the reproducible-builds convention;
4. the wall clock.

Intervals (timeouts, flush windows, rate-limit refills) are not dates: they use `monotonic()`, which
callers take as an injectable argument so tests pass time explicitly instead of sleeping.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Iterator

NOW_VARIABLE = "HELPCENTER_NOW"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"

_pinned: dt.datetime | None = None


class ClockError(ValueError):
    """An environment variable meant to pin the clock does not hold a date."""


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _from_environment() -> dt.datetime | None:
    text = os.environ.get(NOW_VARIABLE, "").strip()
    if text:
        try:
            if len(text) == 10:
                return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(12), tzinfo=dt.UTC)
            return _aware(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            raise ClockError(f"{NOW_VARIABLE}={text!r} is not an ISO date such as 2026-11-22 or "
                             "2026-11-22T09:30:00Z") from None
    epoch = os.environ.get(EPOCH_VARIABLE, "").strip()
    if epoch:
        if not epoch.isdigit() or len(epoch) > 12:
            raise ClockError(f"{EPOCH_VARIABLE}={epoch!r} is not a number of seconds since 1970")
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return None


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC unless pinned otherwise)."""
    if _pinned is not None:
        return _pinned
    return _from_environment() or dt.datetime.now(dt.UTC)


def today(zone: dt.tzinfo | None = None) -> dt.date:
    """Today's date in `zone` (UTC by default)."""
    return now().astimezone(zone or dt.UTC).date()


def monotonic() -> float:
    """Seconds on a clock that never goes back: for intervals, never for dates."""
    return time.monotonic()


def is_pinned() -> bool:
    """True when "now" does not come from the wall clock (tests, reproducible builds)."""
    return _pinned is not None or _from_environment() is not None


@contextlib.contextmanager
def pin(moment: dt.datetime | dt.date) -> Iterator[dt.datetime]:
    """Fix `now()` to `moment` inside the block (a date means noon UTC that day)."""
    global _pinned
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(12), tzinfo=dt.UTC)
    previous, _pinned = _pinned, _aware(moment)
    try:
        yield _pinned
    finally:
        _pinned = previous

"""How figures read in the report, in every rendering (index.html and report.md): one definition.

A rate is a percentage with a no-break space before `%`, a missing figure is an en dash, a change
carries its sign with a true minus (U+2212), so the page and the Markdown never disagree on how
the same number is written.
"""

from __future__ import annotations

MISSING = "–"
MINUS = "\u2212"


def pct(value: float | None, digits: int = 1) -> str:
    """A share (0.25) as a percentage ("25.0 %"), or "–" when there is none."""
    return MISSING if value is None else f"{value * 100:.{digits}f}\u00a0%"


def number(value: float | int | None, digits: int = 0) -> str:
    """A count or score with thousands separators ("1,234"), or "–" when there is none."""
    return MISSING if value is None else f"{value:,.{digits}f}"


def format_metric(metric: dict, value: float | None) -> str:
    """A value of one summary metric, written as its unit ("rate", "score" or "count") wants."""
    if metric["unit"] == "rate":
        return pct(value)
    if metric["unit"] == "score":
        return number(value, 2)
    return number(value)


def signed(delta: float | None, unit: str, points: str = "pp") -> str:
    """A change with its sign: rates in percentage points (`points` names them), scores with two
    decimals, counts whole; "–" when there is nothing to compare."""
    if delta is None:
        return MISSING
    if unit == "rate":
        text = f"{delta * 100:+.1f} {points}"
    elif unit == "score":
        text = f"{delta:+.2f}"
    else:
        text = f"{delta:+,.0f}"
    return text.replace("-", MINUS)


def format_change(metric: dict, points: str = "pp") -> str:
    """The change of a summary metric against the previous period."""
    return signed(metric["change"], metric["unit"], points)


def rate_change(now: float | None, before: float | None) -> float | None:
    """How much a rate moved since the previous period, or None when either is unknown."""
    if now is None or before is None:
        return None
    return now - before


def minute(at: str) -> str:
    """A stored UTC time ("2026-11-03T10:00:00.000Z") to the minute: "2026-11-03 10:00"."""
    return at[:16].replace("T", " ")

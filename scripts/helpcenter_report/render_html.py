"""index.html: one page a support lead can read on a phone, print, or attach to an e-mail.

Self-contained: styles inline (allowed by their hash in the page's Content-Security-Policy),
charts as inline SVG, no external requests. The only script is `sortable.js` next to the page
(no inline script at all), so the policy can forbid every script but that file.

The page is rendered from the Jinja2 templates in `templates/` with autoescaping on: every value
from data (titles, comments, queries, owners) is escaped unless a template says otherwise, and no
template does. Python only prepares numbers and geometry; all markup lives in the templates. The
CSP is a second wall in case a future change lets markup through.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from helpcenter_report.build import METRICS
from helpcenter_report.formatting import (
    format_change,
    format_metric,
    minute,
    number,
    pct,
    rate_change,
    signed,
)

SCRIPT_FILE = "sortable.js"
DETAILS = 10  # ranked articles whose details are open; the others are folded

#: The report's own stylesheet (not data): inlined as is, and allowed by its hash in the CSP.
CSS = (Path(__file__).parent / "assets" / "report.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Section:
    """One section of the page: its anchor, its name in the table of contents, its template."""

    key: str
    label: str
    template: str


#: The page's sections in order; a new section is one entry here plus its template.
SECTIONS = (
    Section("summary", "Summary", "sections/summary.html"),
    Section("fix-first", "Fix first", "sections/fix_first.html"),
    Section("translation-gaps", "Translation gaps", "sections/translation_gaps.html"),
    Section("content-gaps", "Content gaps", "sections/content_gaps.html"),
    Section("trends", "Trends", "sections/trends.html"),
    Section("unknown-articles", "Removed articles", "sections/unknown_articles.html"),
    Section("all-articles", "All articles", "sections/all_articles.html"),
    Section("data-quality", "Data", "sections/data_quality.html"),
)

# Whether a rise of the metric is good news (None: neutral).
RISE_IS_GOOD = {"votes": None, "helpful_rate": True, "avg_effort": True, "contact_rate": False,
                "zero_result_rate": False}


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def sort_key(value: object) -> object:
    """A `data-sort` attribute value: the raw number (or text), empty when missing."""
    return "" if value is None else value


def tone(key: str, delta: float | None) -> str:
    """CSS class for a change of metric `key`: "good", "bad", or "" when neutral."""
    good = RISE_IS_GOOD.get(key)
    if good is None or not delta:
        return ""
    return "good" if (delta > 0) == good else "bad"


def locale_notes(row: dict, loc: dict) -> list[str]:
    """Why one language's figures of an article deserve a second look."""
    notes = []
    if loc["fallback"]:
        notes.append("shows the default-language text (not translated)")
    if not loc["in_manifest"]:
        notes.append("not published in this language")
    if loc["reviewed"] and loc["reviewed"] != row["reviewed"]:
        notes.append(f"reviewed {loc['reviewed']}")
    return notes


def anchor(article_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in article_id)


def has_votes(trend: dict) -> bool:
    """Whether any week of any category has a vote (else there is nothing to chart)."""
    return any(point["votes"] for category in trend["categories"] for point in category["points"])


def weekly_chart(category: dict, weeks: list[dict], ident: str) -> dict:
    """Geometry of one small line chart of weekly helpfulness (drawn by partials/chart.html)."""
    width, height = 320, 140
    left, right, top, bottom = 34, 8, 8, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(1, len(weeks) - 1)

    def x(i: int) -> float:
        return left + plot_w * (i / count if len(weeks) > 1 else 0.5)

    def y(value: float) -> float:
        return top + plot_h * (1 - value)

    grid = [{"y": f"{y(level):.1f}", "label_y": f"{y(level) + 4:.1f}",
             "label": f"{int(level * 100)}%"} for level in (0, 0.5, 1)]
    first_current = next((i for i, w in enumerate(weeks) if w["current"]), None)
    divider = None
    if first_current:
        divider = f"{(x(first_current - 1) + x(first_current)) / 2:.1f}"
    lines: list[list[str]] = []
    segment: list[str] = []
    for i, point in enumerate(category["points"]):
        if point["helpful_rate"] is None:
            if segment:
                lines.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(point['helpful_rate']):.1f}")
    if segment:
        lines.append(segment)
    dots = [{"cx": f"{x(i):.1f}", "cy": f"{y(point['helpful_rate']):.1f}",
             "hollow": point["votes"] < 10,
             "label": f"Week of {weeks[i]['start']}: {pct(point['helpful_rate'])} helpful, "
                      f"{point['votes']} votes"}
            for i, point in enumerate(category["points"]) if point["helpful_rate"] is not None]
    rates = [p["helpful_rate"] for p in category["points"] if p["helpful_rate"] is not None]
    summary = "no votes"
    if rates:
        summary = (f"from {pct(rates[0], 0)} to {pct(rates[-1], 0)} over "
                   f"{len(weeks)} weeks" if len(rates) > 1 else f"{pct(rates[0], 0)}")
    return {
        "ident": ident, "title": category["title"], "width": width, "height": height,
        "left": left, "right_x": width - right, "top": top, "bottom_y": top + plot_h,
        "label_y": height - 6, "grid": grid, "divider": divider,
        "lines": [" ".join(seg) for seg in lines if len(seg) > 1], "dots": dots,
        "first_week": weeks[0]["start"][5:] if weeks else None,
        "last_week": weeks[-1]["start"][5:] if weeks else None,
        "summary": summary,
        "rows": list(zip(weeks, category["points"], strict=False)),
    }


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("helpcenter_report", "templates"),
        # Everything is escaped but the stylesheet; an unknown name is an error, not "".
        autoescape=select_autoescape(enabled_extensions=("html", "svg"),
                                     disabled_extensions=("css",), default=True,
                                     default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(pct=pct, number=number, metric=format_metric, change=format_change,
                       signed=signed, sort_key=sort_key, anchor=anchor, minute=minute)
    env.globals.update(DETAILS=DETAILS, METRICS=METRICS, SCRIPT_FILE=SCRIPT_FILE, tone=tone,
                       rate_change=rate_change, weekly_chart=weekly_chart,
                       locale_notes=locale_notes, has_votes=has_votes)
    return env


ENVIRONMENT = _environment()


def render_html(report: dict) -> str:
    """The report as a complete HTML document."""
    period = report["period"]
    by_id = {row["id"]: row for row in report["articles"]}
    csp = ("default-src 'none'; "
           f"style-src '{csp_hash(CSS)}'; "
           "script-src 'self'; base-uri 'none'; form-action 'none'")
    return ENVIRONMENT.get_template("report.html").render(
        r=report, ranked=[by_id[article] for article in report["fix_first"]],
        title=f"Help center report {period['since']} – {period['until']}",
        csp=csp, css=Markup(CSS), sections=SECTIONS)

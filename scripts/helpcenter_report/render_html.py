"""index.html: one page a support lead can read on a phone, print, or attach to an e-mail.

Self-contained: styles inline (allowed by their hash in the page's Content-Security-Policy),
charts as inline SVG, no external requests. The only script is `sortable.js` next to the page
(no inline script at all), so the policy can forbid every script but that file. Everything that
comes from data (titles, comments, queries, owners) goes through `esc`; the CSP is a second wall
in case a future change forgets to.
"""

from __future__ import annotations

import base64
import hashlib
import html
from pathlib import Path

from helpcenter_report.build import METRICS

SCRIPT_FILE = "sortable.js"
DETAILS = 10  # ranked articles whose details are open; the others are folded

CSS = (Path(__file__).parent / "assets" / "report.css").read_text(encoding="utf-8")


def esc(value: object) -> str:
    """Text for HTML content or a quoted attribute; data never becomes markup."""
    return html.escape("" if value is None else str(value), quote=True)


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}\u00a0%"


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def sort_value(value: object) -> str:
    return "" if value is None else esc(value)


# Whether a rise of the metric is good news (None: neutral).
RISE_IS_GOOD = {"votes": None, "helpful_rate": True, "avg_effort": True, "contact_rate": False,
                "zero_result_rate": False}


def format_metric(metric: dict, key: str, value: float | None) -> str:
    if metric["unit"] == "rate":
        return pct(value)
    if metric["unit"] == "score":
        return number(value, 2)
    return number(value)


def format_change(metric: dict, key: str) -> str:
    delta = metric["change"]
    if delta is None:
        return '<span class="muted">no data to compare</span>'
    if metric["unit"] == "rate":
        text = f"{delta * 100:+.1f} percentage points"
    elif metric["unit"] == "score":
        text = f"{delta:+.2f}"
    else:
        text = f"{delta:+,.0f}"
    text = text.replace("-", "−")
    good = RISE_IS_GOOD.get(key)
    css = ""
    if good is not None and delta:
        css = "good" if (delta > 0) == good else "bad"
    return f'<span class="{css}">{esc(text)}</span> <span class="muted">vs previous period</span>'


class HtmlReport:
    """Renders the report dictionary as one HTML page."""

    def __init__(self, report: dict) -> None:
        self.r = report
        self.by_id = {row["id"]: row for row in report["articles"]}

    def render(self) -> str:
        period = self.r["period"]
        title = f"Help center report {period['since']} – {period['until']}"
        csp = ("default-src 'none'; "
               f"style-src '{csp_hash(CSS)}'; "
               "script-src 'self'; base-uri 'none'; form-action 'none'")
        parts = [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{esc(title)}</title>",
            f"<style>{CSS}</style>",
            f'<script src="{SCRIPT_FILE}" defer></script>',
            "</head>",
            "<body>",
            self.header(title),
            "<main>",
            self.summary(),
            self.fix_first(),
            self.translation_gaps(),
            self.content_gaps(),
            self.trends(),
            self.unknown_articles(),
            self.all_articles(),
            self.data_quality(),
            "</main>",
            f'<footer>Generated {esc(self.r["generated_at"])} by <code>helpcenter report</code>'
            f' · report schema {esc(self.r["schema"])} v{esc(self.r["version"])} · site build '
            f'<code>{esc(self.r["site"]["build_id"])}</code></footer>',
            "</body>",
            "</html>",
        ]
        return "\n".join(parts) + "\n"

    def header(self, title: str) -> str:
        period, previous = self.r["period"], self.r["previous_period"]
        notice = ""
        if self.r["empty"]:
            notice = f'<p class="notice" role="status">{esc(self.r["message"])}</p>'
        malformed = self.r["input"].get("malformed", 0)
        if malformed:
            notice += (f'<p class="notice">{number(malformed)} malformed rows were skipped and '
                       f'written to <a href="{esc(self.r["input"].get("quarantine_file"))}">'
                       f'{esc(self.r["input"].get("quarantine_file"))}</a>.</p>')
        toc = [("summary", "Summary"), ("fix-first", "Fix first"),
               ("translation-gaps", "Translation gaps"), ("content-gaps", "Content gaps"),
               ("trends", "Trends"), ("unknown-articles", "Removed articles"),
               ("all-articles", "All articles"), ("data-quality", "Data")]
        links = "".join(f'<li><a href="#{key}">{esc(label)}</a></li>' for key, label in toc)
        return (
            "<header>"
            f"<h1>{esc(title)}</h1>"
            f'<p class="muted">{esc(period["since"])} to {esc(period["until"])} '
            f'({esc(period["tz"])}, {esc(period["days"])} days), compared with '
            f'{esc(previous["since"])} to {esc(previous["until"])}. '
            f'Source: <code>{esc(self.r["source"]["name"])}</code>.</p>'
            f"{notice}"
            f'<nav aria-label="Sections"><ul>{links}</ul></nav>'
            "</header>")

    def summary(self) -> str:
        cards = []
        for key in METRICS:
            metric = self.r["summary"][key]
            cards.append(
                '<div class="card">'
                f'<div>{esc(metric["label"])}</div>'
                f'<div class="value">{format_metric(metric, key, metric["value"])}</div>'
                f'<div class="change">{format_change(metric, key)}</div>'
                f'<p class="definition">{esc(metric["definition"])} '
                f'Previous period: {format_metric(metric, key, metric["previous"])}.</p>'
                "</div>")
        channels = self.r["contact_channels"]
        extra = ""
        if channels:
            items = ", ".join(f'{esc(c["channel"])} {number(c["clicks"])}' for c in channels)
            extra = f'<p class="muted">Contact clicks by channel this period: {items}.</p>'
        return ('<section id="summary" aria-labelledby="summary-h">'
                '<h2 id="summary-h">Summary</h2>'
                f'<div class="cards">{"".join(cards)}</div>{extra}</section>')

    def fix_first(self) -> str:
        method = self.r["method"]
        rows = [self.by_id[i] for i in self.r["fix_first"]]
        out = ['<section id="fix-first" aria-labelledby="fix-first-h">',
               '<h2 id="fix-first-h">Fix first</h2>',
               f'<p class="definition">{esc(method["ranking"])}</p>']
        if not rows:
            out.append(f'<p>No article has {esc(method["min_votes"])} or more votes in this '
                       "period yet, so nothing is ranked.</p></section>")
            return "".join(out)
        head = ("<tr><th class=num>Rank</th><th class=num>Before</th><th>Article</th>"
                "<th>Owner</th><th class=num>Votes</th><th class=num>Unhelpful</th>"
                "<th class=num>95 % interval</th><th class=num>Likely failed</th>"
                "<th class=num>Contacted</th><th>Review</th></tr>")
        body = []
        for row in rows:
            body.append(
                "<tr>"
                f'<td class="num">{row["rank"]}</td>'
                f'<td class="num" data-sort="{row["previous_rank"] or ""}">'
                f'{movement(row)}</td>'
                f'<td>{self.title_link(row)}'
                f'<br><code>{esc(row["id"])}</code></td>'
                f'<td>{esc(row["owner"] or "–")}</td>'
                f'<td class="num" data-sort="{row["votes"]}">{number(row["votes"])}</td>'
                f'<td class="num" data-sort="{sort_value(row["unhelpful_rate"])}">'
                f'{pct(row["unhelpful_rate"])}</td>'
                f'<td class="num" data-sort="{sort_value(row["unhelpful_low"])}">'
                f'{pct(row["unhelpful_low"])} – {pct(row["unhelpful_high"])}</td>'
                f'<td class="num" data-sort="{row["likely_failed"]}">'
                f'{number(row["likely_failed"], 1)}</td>'
                f'<td class="num" data-sort="{sort_value(row["contact_rate"])}">'
                f'{pct(row["contact_rate"])}</td>'
                f'<td data-sort="{esc(row["reviewed"] or "")}">{self.review_text(row)}</td>'
                "</tr>")
        out.append(table("Articles ranked by customers likely failed", head, body))
        out.extend(self.article_detail(row) for row in rows[:DETAILS])
        if len(rows) > DETAILS:  # the rest folded, so the page stays short to scan
            out.append(f"<details><summary>Details of ranks {DETAILS + 1} to {len(rows)}"
                       "</summary>")
            out.extend(self.article_detail(row) for row in rows[DETAILS:])
            out.append("</details>")
        out.append("</section>")
        return "".join(out)

    @staticmethod
    def title_link(row: dict) -> str:
        """The title, linking to its details below when they are open, else to the article."""
        if row["rank"] is not None and row["rank"] <= DETAILS:
            return f'<a href="#a-{esc(anchor(row["id"]))}">{esc(row["title"])}</a>'
        if row["link"]:
            return f'<a href="{esc(row["link"])}">{esc(row["title"])}</a>'
        return esc(row["title"])

    def review_text(self, row: dict) -> str:
        if not row["reviewed"]:
            return '<span class="overdue">no review date</span>'
        if row["review_overdue"]:
            return (f'{esc(row["reviewed"])} <span class="tag overdue">overdue</span><br>'
                    f'<span class="definition">due {esc(row["review_due"])}</span>')
        return esc(row["reviewed"])

    def article_detail(self, row: dict) -> str:
        link = (f'<a href="{esc(row["link"])}">Open the article</a>' if row["link"] else "")
        facts = [
            f'<li>Owner: <strong>{esc(row["owner"] or "nobody")}</strong></li>',
            f"<li>Last review: {self.review_text(row)}</li>",
            f'<li>Category: {esc(row["category_title"])}</li>',
            f'<li>Helpful: {pct(row["helpful_rate"])} of {number(row["votes"])} votes '
            f'(previous period {pct(row["previous_helpful_rate"])} of '
            f'{number(row["previous_votes"])})</li>',
            f'<li>Contact after reading: {pct(row["contact_rate"])}</li>',
            f'<li>Average ease: {number(row["avg_effort"], 2)} '
            f'({number(row["effort_answers"])} answers)</li>',
        ]
        if row["source"]:
            facts.append(f'<li>Source: <code>{esc(row["source"])}</code></li>')
        head = ("<tr><th>Language</th><th class=num>Votes</th><th class=num>Helpful</th>"
                "<th class=num>Unhelpful (95 % interval)</th><th class=num>Contact after reading"
                "</th><th>Note</th></tr>")
        body = []
        for loc in row["locales"]:
            note = []
            if loc["fallback"]:
                note.append("shows the default-language text (not translated)")
            if not loc["in_manifest"]:
                note.append("not published in this language")
            if loc["reviewed"] and loc["reviewed"] != row["reviewed"]:
                note.append(f"reviewed {loc['reviewed']}")
            name = esc(loc["locale"])
            if loc["link"]:
                name = f'<a href="{esc(loc["link"])}">{name}</a>'
            interval = (f'{pct(loc["unhelpful_rate"])} ({pct(loc["unhelpful_low"])} – '
                        f'{pct(loc["unhelpful_high"])})' if loc["votes"] else "–")
            body.append(
                f"<tr><td>{name}</td>"
                f'<td class="num" data-sort="{loc["votes"]}">{number(loc["votes"])}</td>'
                f'<td class="num" data-sort="{sort_value(loc["helpful_rate"])}">'
                f'{pct(loc["helpful_rate"])}</td>'
                f'<td class="num" data-sort="{sort_value(loc["unhelpful_rate"])}">{interval}</td>'
                f'<td class="num" data-sort="{sort_value(loc["contact_rate"])}">'
                f'{pct(loc["contact_rate"])}</td>'
                f'<td>{esc("; ".join(note))}</td></tr>')
        reasons = self.reason_list(row["reasons"])
        comments = self.comment_list(row["comments"], row["comment_count"])
        return (
            f'<article class="item" id="a-{esc(anchor(row["id"]))}" '
            f'aria-labelledby="h-{esc(anchor(row["id"]))}">'
            f'<h3 id="h-{esc(anchor(row["id"]))}">{row["rank"]}. {esc(row["title"])} '
            f'<code>{esc(row["id"])}</code></h3>'
            f'<ul class="facts">{"".join(facts)}</ul>'
            f"<p>{link}</p>"
            f'{table("Votes by language for " + row["title"], head, body)}'
            f"<h4>Top reasons</h4>{reasons}"
            f"<h4>Recent comments</h4>{comments}"
            "</article>")

    @staticmethod
    def reason_list(reasons: list[dict]) -> str:
        if not reasons:
            return '<p class="muted">No reasons given.</p>'
        items = "".join(f'<li>{esc(r["label"])}: {number(r["count"])} ({pct(r["share"], 0)})</li>'
                        for r in reasons)
        return f"<ol>{items}</ol>"

    @staticmethod
    def comment_list(comments: list[dict], total: int) -> str:
        if not comments:
            return '<p class="muted">No comments in this period.</p>'
        items = "".join(
            f'<li><blockquote lang="{esc(c["locale"])}">{esc(c["text"])}</blockquote>'
            f'<div class="comment-meta">{esc(c["locale"])} · {esc(c["at"][:16].replace("T", " "))}'
            " UTC</div></li>" for c in comments)
        more = (f'<p class="muted">{number(total - len(comments))} older comments in the period '
                "are in report.json only as a count.</p>" if total > len(comments) else "")
        return f'<ul class="comments">{items}</ul>{more}'

    def translation_gaps(self) -> str:
        gaps = self.r["translation_gaps"]
        out = ['<section id="translation-gaps" aria-labelledby="tg-h">',
               '<h2 id="tg-h">Translation gaps</h2>',
               f'<p class="definition">{esc(self.r["method"]["translation_gaps"])}</p>']
        if not gaps:
            out.append("<p>No article does clearly worse in one language than in the others."
                       "</p></section>")
            return "".join(out)
        head = ("<tr><th>Article</th><th>Language</th><th class=num>Unhelpful here</th>"
                "<th class=num>Unhelpful elsewhere</th><th>Owner</th><th>Likely cause</th>"
                "<th>Top reasons here</th></tr>")
        body = []
        for gap in gaps:
            reasons = ", ".join(f'{r["label"]} ({r["count"]})' for r in gap["reasons"][:3])
            title = esc(gap["title"])
            if gap["link"]:
                title = f'<a href="{esc(gap["link"])}">{title}</a>'
            body.append(
                f'<tr><td>{title}<br><code>{esc(gap["id"])}</code></td>'
                f'<td>{esc(gap["locale"])}</td>'
                f'<td class="num" data-sort="{gap["unhelpful_rate"]}">'
                f'{pct(gap["unhelpful_rate"])} of {number(gap["votes"])}<br>'
                f'<span class="muted">{pct(gap["unhelpful_low"])} – '
                f'{pct(gap["unhelpful_high"])}</span></td>'
                f'<td class="num" data-sort="{gap["others_unhelpful_rate"]}">'
                f'{pct(gap["others_unhelpful_rate"])} of {number(gap["others_votes"])}<br>'
                f'<span class="muted">{pct(gap["others_unhelpful_low"])} – '
                f'{pct(gap["others_unhelpful_high"])}</span></td>'
                f'<td>{esc(gap["owner"] or "–")}</td><td>{esc(gap["likely_cause"])}</td>'
                f"<td>{esc(reasons or '–')}</td></tr>")
        out.append(table("Articles doing clearly worse in one language", head, body))
        out.append("</section>")
        return "".join(out)

    def content_gaps(self) -> str:
        out = ['<section id="content-gaps" aria-labelledby="cg-h">',
               '<h2 id="cg-h">Content gaps</h2>',
               '<p class="definition">The most frequent searches that found nothing, per language. '
               "Spellings are grouped: case, width, punctuation and word order are ignored, and "
               "spaces are ignored in Korean and Japanese.</p>"]
        locales = [c for c in self.r["content_gaps"] if c["groups"]]
        if not locales:
            out.append("<p>No zero-result searches in this period.</p></section>")
            return "".join(out)
        for entry in locales:
            out.append(f'<h3 lang="en">{esc(entry["locale"])}: {number(entry["zero_result"])} '
                       f'zero-result searches of {number(entry["searches"])} recorded</h3>')
            head = ("<tr><th>Search</th><th class=num>Searches</th><th>Spellings seen</th></tr>")
            body = [
                f'<tr><td lang="{esc(entry["locale"])}">{esc(g["query"])}</td>'
                f'<td class="num" data-sort="{g["count"]}">{number(g["count"])}</td>'
                f'<td lang="{esc(entry["locale"])}">{esc(" · ".join(g["variants"]))}'
                + (f' <span class="muted">(+{g["spellings"] - len(g["variants"])} more)</span>'
                   if g["spellings"] > len(g["variants"]) else "")
                + "</td></tr>" for g in entry["groups"]]
            out.append(table(f"Zero-result searches in {entry['locale']}", head, body))
        out.append("</section>")
        return "".join(out)

    def trends(self) -> str:
        trend = self.r["trends"]
        out = ['<section id="trends" aria-labelledby="tr-h">', '<h2 id="tr-h">Trends</h2>',
               '<p class="definition">Weekly helpfulness (share of “Yes” votes) per category, '
               "weeks starting on Monday, over the previous and the current period. The dashed "
               "line marks the start of the current period; hollow points have fewer than 10 "
               "votes.</p>"]
        if not any(p["votes"] for c in trend["categories"] for p in c["points"]):
            out.append("<p>No votes to chart in these periods.</p></section>")
            return "".join(out)
        out.append('<div class="charts">')
        for index, category in enumerate(trend["categories"]):
            out.append(weekly_chart(category, trend["weeks"], f"chart-{index}"))
        out.append("</div></section>")
        return "".join(out)

    def unknown_articles(self) -> str:
        rows = self.r["unknown_articles"]
        out = ['<section id="unknown-articles" aria-labelledby="ua-h">',
               '<h2 id="ua-h">Feedback on articles that no longer exist</h2>',
               '<p class="definition">Events in this period for article ids that are not in the '
               "site's manifest (renamed or deleted articles). They count in the summary but "
               "cannot be ranked; add a redirect or move the feedback to the new article.</p>"]
        if not rows:
            out.append("<p>None: every event belongs to a published article.</p></section>")
            return "".join(out)
        head = ("<tr><th>Article id</th><th class=num>Events</th><th class=num>Votes</th>"
                "<th class=num>Unhelpful</th><th>Last seen</th><th>Latest comment</th></tr>")
        body = []
        for row in rows:
            comment = row["comments"][0]["text"] if row["comments"] else ""
            body.append(
                f'<tr><td><code>{esc(row["id"])}</code></td>'
                f'<td class="num" data-sort="{row["events"]}">{number(row["events"])}</td>'
                f'<td class="num" data-sort="{row["votes"]}">{number(row["votes"])}</td>'
                f'<td class="num" data-sort="{sort_value(row["unhelpful_rate"])}">'
                f'{pct(row["unhelpful_rate"])}</td>'
                f'<td>{esc((row["last_seen"] or "")[:10])}</td>'
                f"<td>{esc(comment)}</td></tr>")
        out.append(table("Events for articles missing from the manifest", head, body))
        out.append("</section>")
        return "".join(out)

    def all_articles(self) -> str:
        head = ("<tr><th class=num>Rank</th><th>Article</th><th>Category</th><th>Owner</th>"
                "<th class=num>Votes</th><th class=num>Helpful</th><th class=num>Change</th>"
                "<th class=num>Contact after reading</th><th class=num>Ease</th>"
                "<th>Review</th></tr>")
        body = []
        for row in self.r["articles"]:
            delta = None
            if row["helpful_rate"] is not None and row["previous_helpful_rate"] is not None:
                delta = row["helpful_rate"] - row["previous_helpful_rate"]
            title = esc(row["title"])
            if row["link"]:
                title = f'<a href="{esc(row["link"])}">{title}</a>'
            body.append(
                f'<tr><td class="num" data-sort="{row["rank"] or ""}">{row["rank"] or "–"}</td>'
                f'<td>{title}<br><code>{esc(row["id"])}</code></td>'
                f'<td>{esc(row["category_title"])}</td><td>{esc(row["owner"] or "–")}</td>'
                f'<td class="num" data-sort="{row["votes"]}">{number(row["votes"])}</td>'
                f'<td class="num" data-sort="{sort_value(row["helpful_rate"])}">'
                f'{pct(row["helpful_rate"])}</td>'
                f'<td class="num" data-sort="{sort_value(delta)}">'
                f'{"–" if delta is None else esc(f"{delta * 100:+.1f} pp".replace("-", "−"))}'
                "</td>"
                f'<td class="num" data-sort="{sort_value(row["contact_rate"])}">'
                f'{pct(row["contact_rate"])}</td>'
                f'<td class="num" data-sort="{sort_value(row["avg_effort"])}">'
                f'{number(row["avg_effort"], 2)}</td>'
                f'<td data-sort="{esc(row["reviewed"] or "")}">{self.review_text(row)}</td></tr>')
        return ('<section id="all-articles" aria-labelledby="aa-h">'
                '<h2 id="aa-h">All articles</h2>'
                f'<p class="definition">Every published article; unranked ones have fewer than '
                f'{esc(self.r["method"]["min_votes"])} votes. Select a column heading to sort.</p>'
                + table("All published articles", head, body) + "</section>")

    def data_quality(self) -> str:
        info = self.r["input"]
        items = [f'<li>Usable events in the period: {number(info["events"])} '
                 f'(previous period {number(info["previous_events"])})</li>']
        if info.get("duplicates"):
            items.append(f'<li>Duplicate events ignored: {number(info["duplicates"])}</li>')
        if info.get("malformed"):
            problems = ", ".join(f"{esc(k)}: {number(v)}" for k, v in info["problems"].items())
            items.append(f'<li>Malformed rows skipped: {number(info["malformed"])} ({problems});'
                         f' see <a href="{esc(info["quarantine_file"])}">'
                         f'{esc(info["quarantine_file"])}</a></li>')
        else:
            items.append("<li>Malformed rows: none</li>")
        if info.get("rejected"):
            reasons = ", ".join(f"{esc(k)}: {number(v)}" for k, v in info["rejected"].items())
            items.append(f"<li>Events the collector refused (never stored): "
                         f"{number(sum(info['rejected'].values()))} ({reasons})</li>")
        return ('<section id="data-quality" aria-labelledby="dq-h"><h2 id="dq-h">Data</h2>'
                f'<ul>{"".join(items)}</ul></section>')


def movement(row: dict) -> str:
    """The previous period's rank, with an arrow for the direction the article moved."""
    before = row["previous_rank"]
    if before is None:
        return '<span class="muted">new</span>'
    if before == row["rank"]:
        return f"{before}"
    arrow, words = ("▲", "up") if row["rank"] < before else ("▼", "down")
    return f'{before} <span aria-label="moved {words}">{arrow}</span>'


def anchor(article_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in article_id)


def table(caption: str, head: str, body: list[str]) -> str:
    return ('<div class="table-wrap"><table class="sortable">'
            f'<caption class="sr-only">{esc(caption)}</caption>'
            f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>")


def weekly_chart(category: dict, weeks: list[dict], ident: str) -> str:
    """A small line chart of weekly helpfulness, as inline SVG with a text alternative."""
    width, height = 320, 140
    left, right, top, bottom = 34, 8, 8, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(1, len(weeks) - 1)

    def x(i: int) -> float:
        return left + plot_w * (i / count if len(weeks) > 1 else 0.5)

    def y(value: float) -> float:
        return top + plot_h * (1 - value)

    shapes = []
    for level in (0, 0.5, 1):
        shapes.append(f'<line x1="{left}" x2="{width - right}" y1="{y(level):.1f}" '
                      f'y2="{y(level):.1f}" stroke="currentColor" stroke-opacity="0.15"/>')
        shapes.append(f'<text x="{left - 4}" y="{y(level) + 4:.1f}" text-anchor="end">'
                      f"{int(level * 100)}%</text>")
    first_current = next((i for i, w in enumerate(weeks) if w["current"]), None)
    if first_current:
        cx = (x(first_current - 1) + x(first_current)) / 2
        shapes.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{top}" y2="{top + plot_h}" '
                      'stroke="currentColor" stroke-dasharray="3 3" stroke-opacity="0.5"/>')
    segment: list[str] = []
    segments = []
    for i, point in enumerate(category["points"]):
        if point["helpful_rate"] is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(point['helpful_rate']):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            shapes.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="#0969da" '
                          'stroke-width="2"/>')
    for i, point in enumerate(category["points"]):
        if point["helpful_rate"] is None:
            continue
        hollow = point["votes"] < 10
        label = (f"Week of {weeks[i]['start']}: {pct(point['helpful_rate'])} helpful, "
                 f"{point['votes']} votes")
        shapes.append(f'<circle cx="{x(i):.1f}" cy="{y(point["helpful_rate"]):.1f}" r="3.5" '
                      f'fill="{"none" if hollow else "#0969da"}" stroke="#0969da" '
                      f'stroke-width="1.5"><title>{esc(label)}</title></circle>')
    if weeks:
        shapes.append(f'<text x="{left}" y="{height - 6}">{esc(weeks[0]["start"][5:])}</text>')
        shapes.append(f'<text x="{width - right}" y="{height - 6}" text-anchor="end">'
                      f'{esc(weeks[-1]["start"][5:])}</text>')
    rates = [p["helpful_rate"] for p in category["points"] if p["helpful_rate"] is not None]
    summary = "no votes"
    if rates:
        summary = (f"from {pct(rates[0], 0)} to {pct(rates[-1], 0)} over "
                   f"{len(weeks)} weeks" if len(rates) > 1 else f"{pct(rates[0], 0)}")
    rows = "".join(
        f"<tr><td>{esc(w['start'])}</td><td class=num>{number(p['votes'])}</td>"
        f"<td class=num>{pct(p['helpful_rate'])}</td></tr>"
        for w, p in zip(weeks, category["points"], strict=False))
    title_id = f"{ident}-t"
    return (
        "<figure>"
        f'<figcaption id="{title_id}">{esc(category["title"])}</figcaption>'
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{title_id} {ident}-d" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<desc id="{ident}-d">Weekly helpfulness {esc(summary)}</desc>'
        f'{"".join(shapes)}</svg>'
        f"<details><summary>Numbers</summary>"
        f'<table><thead><tr><th>Week of</th><th class=num>Votes</th><th class=num>Helpful</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></details>"
        "</figure>")


def render_html(report: dict) -> str:
    """The report as a complete HTML document."""
    return HtmlReport(report).render()


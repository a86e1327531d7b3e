"""report.md, articles.csv and report.json: the same findings for issues, spreadsheets and tools.

Markdown is pasted into GitHub/GitLab issues, where text from customers must not become markup,
links, @-mentions, issue, merge-request, snippet or commit references, or math; `md` escapes
it. CSV is opened in spreadsheets, where a cell starting with = + - @ would be run as a formula
(CSV injection); `csv_cell` neutralizes it.
"""

from __future__ import annotations

import csv
import io
import json
import re

from helpcenter_report.build import METRICS
from helpcenter_report.formatting import format_change, format_metric, number, pct

MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
ZWSP = "\u200b"  # a zero-width space: invisible, but breaks what an issue tracker would link
#: Characters that start a reference on GitHub or GitLab: @user, #12, !12 (merge request),
#: $12 (snippet), %12 (milestone), &12 (epic), ~12 (label).
REFERENCE_SIGILS = "@#!$%&~"
#: Bare URLs ("https://…", "www.…") and GitHub's "GH-12", which trackers turn into links.
AUTOLINKS = re.compile(r"(?i)\b(?:([a-z][a-z0-9+.-]*:)(?=//)|(www)(?=\.)|(gh-)(?=\d))")
#: A word of 7 to 40 hex digits with a letter in it: a commit hash to GitHub, which links it.
#: (All-digit numbers, e.g. order numbers, are left as they are.)
COMMIT_LIKE = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,}\b", re.IGNORECASE)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SPARKS = "▁▂▃▄▅▆▇█"
DETAILS = 10  # ranked articles shown with languages, reasons and comments

CSV_COLUMNS = ("rank", "previous_rank", "id", "title", "category", "owner", "reviewed", "review_due",
               "review_overdue", "votes", "yes", "no", "helpful_rate", "unhelpful_rate",
               "unhelpful_low", "unhelpful_high", "likely_failed", "previous_votes",
               "previous_helpful_rate", "contact_rate", "avg_effort", "effort_answers",
               "comment_count", "top_reason", "locales", "url")


def _split_hash(match: re.Match) -> str:
    word = match.group(0)  # no piece of 7 hex digits left
    return ZWSP.join(word[i:i + 6] for i in range(0, len(word), 6))


def md(value: object) -> str:
    """Text safe inside Markdown (one line, never at the start of a line): no emphasis, links,
    images, HTML, math, table breaks, bare URLs, @mentions, #123 / GH-123 / !123 / $123
    references or commit hashes."""
    text = " ".join(str("" if value is None else value).split())
    text = AUTOLINKS.sub(lambda m: "".join(g for g in m.groups() if g) + ZWSP, text)
    text = COMMIT_LIKE.sub(_split_hash, text)
    # A zero-width space after the sigil stops references from pinging people or issues.
    for sigil in REFERENCE_SIGILS:
        text = text.replace(sigil, sigil + ZWSP)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MD_SPECIAL.sub(r"\\\1", text)


# What a writer does about a search that found nothing (issue: "searched for in vain").
ALIAS_FIX = "add it as an alias of the article that answers it (`aliases:`)"


def code(value: object) -> str:
    """An identifier as inline code (shown literally), or escaped text if it could break out."""
    text = " ".join(str("" if value is None else value).split())
    if not text or any(ch in text for ch in "`|\\"):
        return md(text)
    return f"`{text}`"


def sparkline(values: list[float | None]) -> str:
    return "".join(" " if v is None else SPARKS[min(len(SPARKS) - 1, int(v * len(SPARKS)))]
                   for v in values)


def review_md(row: dict) -> str:
    if not row["reviewed"]:
        return "no review date"
    if row["review_overdue"]:
        return f"{row['reviewed']} (**overdue** since {row['review_due']})"
    return row["reviewed"]


def render_markdown(report: dict) -> str:
    """The report as Markdown, ready to paste into an issue or pull request."""
    period, previous = report["period"], report["previous_period"]
    by_id = {row["id"]: row for row in report["articles"]}
    out = [f"# Help center report {period['since']} – {period['until']}", "",
           f"{period['since']} to {period['until']} ({period['tz']}, {period['days']} days), "
           f"compared with {previous['since']} to {previous['until']}. "
           f"Source: {code(report['source']['name'])}. Generated {report['generated_at']}.", ""]
    if report["empty"]:
        out += [f"> **{md(report['message'])}**", ""]
    if report["input"].get("malformed"):
        out += [f"> {number(report['input']['malformed'])} malformed rows were skipped; see "
                f"`{report['input']['quarantine_file']}`.", ""]

    out += ["## Summary", "", "| Metric | This period | Previous period | Change |",
            "|---|---:|---:|---:|"]
    for key in METRICS:
        m = report["summary"][key]
        out.append(f"| {m['label']} | {format_metric(m, m['value'])} | "
                   f"{format_metric(m, m['previous'])} | {format_change(m)} |")
    out.append("")
    out += [f"- **{report['summary'][key]['label']}**: {report['summary'][key]['definition']}"
            for key in METRICS]
    out.append("")

    out += ["## Fix first", "", report["method"]["ranking"], ""]
    ranked = [by_id[i] for i in report["fix_first"]]
    if not ranked:
        out += [f"No article has {report['method']['min_votes']} or more votes in this period.",
                ""]
    else:
        out += ["| # | Before | Article | Owner | Votes | Unhelpful | 95 % interval | "
                "Likely failed | Contact after reading | Last review |",
                "|---:|---:|---|---|---:|---:|---:|---:|---:|---|"]
        for row in ranked:
            before = row["previous_rank"] or "new"
            out.append(
                f"| {row['rank']} | {before} | {md(row['title'])} ({code(row['id'])}) | "
                f"{md(row['owner'] or '–')} | {number(row['votes'])} | {pct(row['unhelpful_rate'])} "
                f"| {pct(row['unhelpful_low'])} – {pct(row['unhelpful_high'])} | "
                f"{number(row['likely_failed'], 1)} | {pct(row['contact_rate'])} | "
                f"{review_md(row)} |")
        out.append("")
        for row in ranked[:DETAILS]:
            out += article_md(row)
        if len(ranked) > DETAILS:
            out += [f"Details (languages, reasons, comments) are shown for the first {DETAILS}, "
                    "to stay within an issue's size; index.html and report.json have them for "
                    "every ranked article.", ""]

    out += ["## Translation gaps", "", report["method"]["translation_gaps"], ""]
    if not report["translation_gaps"]:
        out += ["No article does clearly worse in one language than in the others.", ""]
    for gap in report["translation_gaps"]:
        reasons = ", ".join(f"{r['label']} ({r['count']})" for r in gap["reasons"][:3]) or "–"
        out += [f"- **{md(gap['title'])}** ({code(gap['id'])}) in **{md(gap['locale'])}**: "
                f"{pct(gap['unhelpful_rate'])} unhelpful of {number(gap['votes'])} votes "
                f"({pct(gap['unhelpful_low'])} – {pct(gap['unhelpful_high'])}) vs "
                f"{pct(gap['others_unhelpful_rate'])} of {number(gap['others_votes'])} elsewhere. "
                f"Owner: {md(gap['owner'] or '–')}. Likely cause: {md(gap['likely_cause'])}. "
                f"Top reasons: {reasons}."]
    out.append("")

    out += ["## Content gaps", "",
            "Most frequent searches that found nothing, or only articles matching some of their "
            "words (the search box said so), per language (spellings grouped). To fix "
            "one, add it as an alias of the article that answers it (`aliases:` in its front "
            "matter, weighed like the title), or a synonym in `content/_search/<locale>.yml` for "
            "a word many articles share.", ""]
    shown = [c for c in report["content_gaps"] if c["groups"]]
    if not shown:
        out += ["No zero-result searches in this period.", ""]
    asked = [c for c in shown if c.get("source") == "assistant"]
    for entry in [c for c in shown if c.get("source") != "assistant"] + asked:
        if entry is (asked[0] if asked else None):
            out += ["### Asked by assistants", "",
                    "Searches assistants made through `helpcenter mcp` that found nothing or "
                    "only partial matches.", ""]
        heading = (f"#### {md(entry['locale'])}: {number(entry['zero_result'])} zero-result "
                   "searches by assistants" if entry in asked else
                   f"### {md(entry['locale'])}: {number(entry['zero_result'])} zero-result "
                   f"searches of {number(entry['searches'])} recorded")
        out += [heading, "", "| Search | Searches | Spellings seen | Fix |", "|---|---:|---|---|"]
        out += [f"| {md(g['query'])} | {number(g['count'])} | "
                f"{md(' · '.join(g['variants']))} | {ALIAS_FIX} |" for g in entry["groups"]]
        out.append("")

    trend = report["trends"]
    out += ["## Trends", "", "Weekly helpfulness per category (weeks start on Monday; "
            f"{len(trend['weeks'])} weeks over the previous and current period).", "",
            "| Category | Weekly | First week | Last week |", "|---|---|---:|---:|"]
    for category in trend["categories"]:
        rates = [p["helpful_rate"] for p in category["points"]]
        known = [r for r in rates if r is not None]
        out.append(f"| {md(category['title'])} | `{sparkline(rates)}` | "
                   f"{pct(known[0]) if known else '–'} | {pct(known[-1]) if known else '–'} |")
    out.append("")

    out += ["## Feedback on articles that no longer exist", ""]
    if not report["unknown_articles"]:
        out += ["None: every event belongs to a published article.", ""]
    else:
        out += ["| Article id | Events | Votes | Unhelpful | Last seen |", "|---|---:|---:|---:|---|"]
        out += [f"| {code(r['id'])} | {number(r['events'])} | {number(r['votes'])} | "
                f"{pct(r['unhelpful_rate'])} | {(r['last_seen'] or '')[:10]} |"
                for r in report["unknown_articles"]]
        out.append("")

    info = report["input"]
    out += ["## Data", "", f"- Usable events in the period: {number(info['events'])} "
            f"(previous period {number(info['previous_events'])})"]
    if info.get("duplicates"):
        out.append(f"- Duplicate events ignored: {number(info['duplicates'])}")
    if info.get("malformed"):
        problems = ", ".join(f"{md(k)}: {v}" for k, v in info["problems"].items())
        out.append(f"- Malformed rows skipped: {number(info['malformed'])} ({problems}); see "
                   f"`{info['quarantine_file']}`")
    if info.get("rejected"):
        reasons = ", ".join(f"{code(k)}: {v}" for k, v in info["rejected"].items())
        out.append(f"- Events the collector refused (never stored): "
                   f"{number(sum(info['rejected'].values()))} ({reasons})")
    out.append("")
    return "\n".join(out)


def article_md(row: dict) -> list[str]:
    safe = row["link"] and not any(ch in row["link"] for ch in "<>\n")
    link = f" [open the article](<{row['link']}>)" if safe else ""
    lines = [f"### {row['rank']}. {md(row['title'])} ({code(row['id'])})", "",
             f"- Owner: **{md(row['owner'] or 'nobody')}**; last review: {review_md(row)};"
             f"{link}",
             f"- Helpful {pct(row['helpful_rate'])} of {number(row['votes'])} votes (previous "
             f"period {pct(row['previous_helpful_rate'])} of {number(row['previous_votes'])}); "
             f"contact after reading {pct(row['contact_rate'])}; average ease "
             f"{number(row['avg_effort'], 2)}"]
    locales = []
    for loc in row["locales"]:
        note = " (not translated)" if loc["fallback"] else ""
        note += " (unpublished)" if not loc["in_manifest"] else ""
        locales.append(f"{md(loc['locale'])}{note} {pct(loc['unhelpful_rate'], 0)} unhelpful "
                       f"of {number(loc['votes'])}")
    lines.append("- By language: " + ("; ".join(locales) or "–"))
    reasons = ", ".join(f"{r['label']} {r['count']}" for r in row["reasons"])
    lines.append(f"- Top reasons: {reasons or 'none given'}")
    if row["comments"]:
        lines.append("- Recent comments:")
        lines += [f"  - ({md(c['locale'])}, {c['at'][:10]}) {md(c['text'])}"
                  for c in row["comments"]]
    lines.append("")
    return lines


def csv_cell(value: object) -> object:
    """A cell that a spreadsheet will not run as a formula."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render_csv(report: dict) -> str:
    """articles.csv: one row per published article, ranked ones first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in report["articles"]:
        values = dict(row)
        values["top_reason"] = row["reasons"][0]["reason"] if row["reasons"] else None
        values["locales"] = " ".join(
            f"{loc['locale']}:{loc['votes']}:{'' if loc['helpful_rate'] is None else loc['helpful_rate']}"
            for loc in row["locales"])
        writer.writerow([csv_cell(values.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()


def render_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"

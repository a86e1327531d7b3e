"""Turn grouped counts plus the manifest into the report: one JSON-ready dictionary.

Every renderer (HTML, Markdown, CSV, JSON) reads this one structure, so the four outputs cannot
disagree. The ranking method is described in METHOD (shown in the report) and docs/report.md.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from helpcenter import clock
from helpcenter.manifest import Manifest
from helpcenter_report.aggregate import Tallies
from helpcenter_report.period import Period
from helpcenter_report.queries import group_queries
from helpcenter_report.stats import change, one_sided_p, rate, wilson_interval

SCHEMA = "helpcenter.report"
VERSION = 1
DEFAULT_MIN_VOTES = 20
DEFAULT_REVIEW_INTERVAL_DAYS = 180

REASON_LABELS = {"inaccurate": "Inaccurate", "unclear": "Hard to understand",
                 "missing": "Missing information", "not_solved": "Did not solve my problem",
                 "other": "Other"}

METRICS = {
    "votes": ("Votes", "count",
              "Answers to “Was this helpful?”; only the latest answer per visit, article and "
              "language counts."),
    "helpful_rate": ("Helpfulness", "rate", "Share of those votes that were “Yes”."),
    "avg_effort": ("Average ease", "score",
                   "Mean answer to “How easy was it?” from 1 (very hard) to 5 (very easy); "
                   "higher is better."),
    "contact_rate": ("Contact after reading", "rate",
                     "Of the visits that voted on an article or clicked a contact channel from it, "
                     "the share that clicked a contact channel there."),
    "zero_result_rate": ("Searches with no results", "rate",
                         "Share of recorded searches that showed no results, or only articles "
                         "matching some of the words (searches are recorded only when the "
                         "customer found nothing, found only such partial matches and opened "
                         "none, or opened nothing)."),
}

METHOD = (
    "Each article's unhelpful rate is the share of “No” among its votes (the latest vote per "
    "visit counts). A rate from a few votes is noise, so we take the lower end of its 95 % "
    "Wilson score interval: the unhelpful rate the article has at least, with 95 % confidence. "
    "That bound times the number of votes is “customers likely failed”, a cautious count of "
    "customers the article did not help. Articles are ranked by it, so a popular article that "
    "fails often comes before a rarely read one that failed twice. An article needs at least "
    "{min_votes} votes in the period to be ranked."
)

GAP_METHOD = (
    "An article is flagged in one language when its unhelpful rate there is at least "
    "{min_gap} percentage points above that of all its other languages together (each side with "
    "at least {min_votes} votes) and a one-sided two-proportion z-test finds the difference "
    "significant at 5 % after a Bonferroni correction for the number of comparisons made "
    "(p < 0.05 ÷ comparisons), so that testing many articles does not produce false alarms."
)
MIN_GAP = 0.10
ALPHA = 0.05


@dataclass(frozen=True)
class ReportOptions:
    min_votes: int = DEFAULT_MIN_VOTES
    review_interval_days: int = DEFAULT_REVIEW_INTERVAL_DAYS
    site_dir: Path | None = None
    out_dir: Path | None = None


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _sum_votes(t: Tallies, period: int, article: str | None = None,
               locale: str | None = None) -> tuple[int, int]:
    yes = no = 0
    for (p, a, loc), (y, n) in t.votes.items():
        if p == period and (article is None or a == article) and (locale is None or loc == locale):
            yes += y
            no += n
    return yes, no


def _sum(cells: dict, period: int, article: str | None = None,
         locale: str | None = None) -> tuple[int, int]:
    first = second = 0
    for (p, a, loc), (x, y) in cells.items():
        if p == period and (article is None or a == article) and (locale is None or loc == locale):
            first += x
            second += y
    return first, second


class ReportBuilder:
    """Builds the report dictionary; one instance per report."""

    def __init__(self, tallies: Tallies, manifest: Manifest, period: Period,
                 weeks: list[dt.date], options: ReportOptions) -> None:
        self.t = tallies
        self.manifest = manifest
        self.period = period
        self.weeks = weeks
        self.options = options
        # Index the tallies by article once: reports touch every article several times.
        self.by_article: dict[str, dict] = {}
        for (p, article, locale), (yes, no) in tallies.votes.items():
            entry = self.by_article.setdefault(article, {})
            cell = entry.setdefault((p, locale), [0, 0, 0, 0, 0, 0])
            cell[0] += yes
            cell[1] += no
        for (p, article, locale), (sessions, contacted) in tallies.engaged.items():
            cell = self.by_article.setdefault(article, {}).setdefault((p, locale),
                                                                      [0, 0, 0, 0, 0, 0])
            cell[2] += sessions
            cell[3] += contacted
        for (p, article, locale), (count, total) in tallies.effort.items():
            cell = self.by_article.setdefault(article, {}).setdefault((p, locale),
                                                                      [0, 0, 0, 0, 0, 0])
            cell[4] += count
            cell[5] += total

    # -- look-ups ---------------------------------------------------------------------------

    def cells(self, article: str, period: int, locale: str | None = None) -> list[int]:
        total = [0, 0, 0, 0, 0, 0]
        for (p, loc), cell in self.by_article.get(article, {}).items():
            if p == period and (locale is None or loc == locale):
                total = [a + b for a, b in zip(total, cell, strict=True)]
        return total

    def link(self, url: str | None) -> str | None:
        """Where the article can be opened from the report: the live site, or the built file."""
        if not url or not url.startswith("/") or url.startswith("//"):
            return None  # only site paths from the manifest, never another scheme or host
        site_url = str(self.manifest.data.get("site_url") or "").rstrip("/")
        if site_url.startswith(("https://", "http://")):
            return site_url + url
        site_dir, out_dir = self.options.site_dir, self.options.out_dir
        if site_dir is None or out_dir is None:
            return url
        target = Path(site_dir).resolve() / url.strip("/") / "index.html"
        return Path(os.path.relpath(target, Path(out_dir).resolve())).as_posix()

    def review(self, reviewed: str | None, category: str) -> dict:
        """Last review date, when the next one is due and whether that is already past.

        The interval is the category's own (`review_interval_days` in its index.md, carried by the
        manifest), else the report's default, as `helpcenter check` decides it."""
        if not reviewed:
            return {"reviewed": None, "review_due": None, "review_overdue": None}
        try:
            day = dt.date.fromisoformat(str(reviewed))
        except ValueError:
            return {"reviewed": str(reviewed), "review_due": None, "review_overdue": None}
        entry = self.manifest.data.get("categories", {}).get(category) or {}
        interval = entry.get("review_interval_days")
        if not isinstance(interval, int) or isinstance(interval, bool) or interval <= 0:
            interval = self.options.review_interval_days
        due = day + dt.timedelta(days=interval)
        return {"reviewed": day.isoformat(), "review_due": due.isoformat(),
                "review_overdue": due < self.period.last_day}

    def category_title(self, category: str) -> str:
        entry = self.manifest.data.get("categories", {}).get(category) or {}
        localized = entry.get("locales", {})
        chosen = localized.get(self.manifest.default_locale) or next(iter(localized.values()), {})
        return chosen.get("title") or category

    # -- sections ---------------------------------------------------------------------------

    def summary(self) -> dict:
        values: dict[str, list] = {}
        for p in (0, 1):
            yes, no = _sum_votes(self.t, p)
            sessions, contacted = _sum(self.t.engaged, p)
            count, total = _sum(self.t.effort, p)
            searches = sum(v[0] for (q, _), v in self.t.searches.items() if q == p)
            zero = sum(v[1] for (q, _), v in self.t.searches.items() if q == p)
            values.setdefault("votes", []).append(yes + no)
            values.setdefault("helpful_rate", []).append(rate(yes, yes + no))
            values.setdefault("avg_effort", []).append(rate(total, count))
            values.setdefault("contact_rate", []).append(rate(contacted, sessions))
            values.setdefault("zero_result_rate", []).append(rate(zero, searches))
            values.setdefault("_bases", []).append({"votes": yes + no, "effort": count,
                                                    "sessions": sessions, "searches": searches})
        summary = {}
        for key, (label, unit, definition) in METRICS.items():
            previous, current = values[key]
            base_key = {"votes": "votes", "helpful_rate": "votes", "avg_effort": "effort",
                        "contact_rate": "sessions", "zero_result_rate": "searches"}[key]
            summary[key] = {
                "label": label, "unit": unit, "definition": definition,
                "value": _r(current), "previous": _r(previous),
                "change": _r(change(current, previous)),
                "base": values["_bases"][1][base_key],
                "previous_base": values["_bases"][0][base_key],
            }
        return summary

    def article_row(self, article_id: str) -> dict:
        entry = self.manifest.articles.get(article_id, {})
        yes, no, sessions, contacted, effort_n, effort_sum = self.cells(article_id, 1)
        pyes, pno, *_ = self.cells(article_id, 0)
        votes = yes + no
        low, high = wilson_interval(no, votes) if votes else (None, None)
        default = self.manifest.default_locale
        localized = entry.get("locales", {})
        main = localized.get(default) or next(iter(localized.values()), {})
        category = entry.get("category") or article_id.split("/", 1)[0]
        return {
            "rank": None,
            "previous_rank": None,
            "id": article_id,
            "title": self.manifest.article_title(article_id),
            "category": category,
            "category_title": self.category_title(category),
            "owner": entry.get("owner"),
            **self.review(entry.get("reviewed"), category),
            "url": main.get("url"),
            "link": self.link(main.get("url")),
            "source": main.get("source"),
            "votes": votes, "yes": yes, "no": no,
            "helpful_rate": _r(rate(yes, votes)),
            "unhelpful_rate": _r(rate(no, votes)),
            "unhelpful_low": _r(low), "unhelpful_high": _r(high),
            "likely_failed": _r(votes * low if votes else 0.0, 2),
            "previous_votes": pyes + pno,
            "previous_helpful_rate": _r(rate(pyes, pyes + pno)),
            "contact_rate": _r(rate(contacted, sessions)),
            "contact_sessions": contacted,
            "avg_effort": _r(rate(effort_sum, effort_n), 2),
            "effort_answers": effort_n,
            "comment_count": self.t.comment_counts.get((1, article_id), 0),
            "locales": self.locale_rows(article_id),
            "reasons": self.reasons(article_id),
            "comments": [{"at": c.at, "locale": c.locale, "text": c.text}
                         for c in self.t.comments.get(article_id, [])],
        }

    def locale_rows(self, article_id: str) -> list[dict]:
        entry = self.manifest.articles.get(article_id, {})
        localized = entry.get("locales", {})
        seen = {loc for (p, loc) in self.by_article.get(article_id, {}) if p == 1}
        order = [loc for loc in self.manifest.locales if loc in localized or loc in seen]
        order += sorted(seen - set(order))
        rows = []
        for locale in order:
            yes, no, sessions, contacted, effort_n, effort_sum = self.cells(article_id, 1, locale)
            votes = yes + no
            info = localized.get(locale, {})
            low, high = wilson_interval(no, votes) if votes else (None, None)
            rows.append({
                "locale": locale, "votes": votes, "yes": yes, "no": no,
                "helpful_rate": _r(rate(yes, votes)), "unhelpful_rate": _r(rate(no, votes)),
                "unhelpful_low": _r(low), "unhelpful_high": _r(high),
                "contact_rate": _r(rate(contacted, sessions)),
                "avg_effort": _r(rate(effort_sum, effort_n), 2),
                "fallback": info.get("fallback") if info else None,
                "in_manifest": bool(info),
                "reviewed": info.get("reviewed"),
                "link": self.link(info.get("url")),
            })
        return rows

    def reasons(self, article_id: str, locale: str | None = None) -> list[dict]:
        counts: Counter = Counter()
        for (article, loc, reason), n in self.t.reasons.items():
            if article == article_id and (locale is None or loc == locale):
                counts[reason] += n
        total = sum(counts.values())
        return [{"reason": reason, "label": REASON_LABELS.get(reason, reason), "count": n,
                 "share": _r(n / total)}
                for reason, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    def previous_ranks(self) -> dict[str, int]:
        """Where each article stood in the previous period, by the same method."""
        scores = []
        for article_id in self.manifest.articles:
            yes, no, *_ = self.cells(article_id, 0)
            votes = yes + no
            if votes >= self.options.min_votes:
                failed = round(votes * wilson_interval(no, votes)[0], 2)
                scores.append((-failed, -no / votes, -votes, article_id))
        return {item[-1]: number for number, item in enumerate(sorted(scores), start=1)}

    def articles(self) -> list[dict]:
        rows = [self.article_row(article_id) for article_id in sorted(self.manifest.articles)]
        ranked = [row for row in rows if row["votes"] >= self.options.min_votes]
        ranked.sort(key=lambda r: (-r["likely_failed"], -(r["unhelpful_rate"] or 0),
                                   -r["votes"], r["id"]))
        for number, row in enumerate(ranked, start=1):
            row["rank"] = number
        before = self.previous_ranks()
        for row in rows:
            row["previous_rank"] = before.get(row["id"])
        rest = sorted((row for row in rows if row["rank"] is None),
                      key=lambda r: (-r["votes"], r["id"]))
        return ranked + rest

    def translation_gaps(self, articles: list[dict]) -> list[dict]:
        minimum = self.options.min_votes
        tests = []
        for row in articles:
            for loc in row["locales"]:
                others_yes = sum(o["yes"] for o in row["locales"] if o is not loc)
                others_no = sum(o["no"] for o in row["locales"] if o is not loc)
                others = others_yes + others_no
                if loc["votes"] >= minimum and others >= minimum:
                    tests.append((row, loc, others_no, others))
        gaps = []
        for row, loc, others_no, others in tests:
            here = loc["no"] / loc["votes"]
            elsewhere = others_no / others
            p_value = one_sided_p(loc["no"], loc["votes"], others_no, others)
            if here - elsewhere < MIN_GAP or p_value >= ALPHA / len(tests):
                continue
            olow, ohigh = wilson_interval(others_no, others)
            canonical = row["reviewed"]
            if loc["fallback"]:
                cause = ("this language shows the default-language text: the article has no "
                         "translation yet")
            elif not loc["in_manifest"]:
                cause = "this language version is no longer published"
            elif loc["reviewed"] and canonical and loc["reviewed"] < canonical:
                cause = (f"the translation was last reviewed {loc['reviewed']}, the original "
                         f"{canonical}: it may be out of date")
            else:
                cause = "compare the translation with the original and read the comments"
            gaps.append({
                "id": row["id"], "title": row["title"], "owner": row["owner"],
                "locale": loc["locale"], "fallback": loc["fallback"],
                "votes": loc["votes"], "no": loc["no"], "unhelpful_rate": loc["unhelpful_rate"],
                "unhelpful_low": loc["unhelpful_low"], "unhelpful_high": loc["unhelpful_high"],
                "others_votes": others, "others_no": others_no,
                "others_unhelpful_rate": _r(elsewhere),
                "others_unhelpful_low": _r(olow), "others_unhelpful_high": _r(ohigh),
                "difference": _r(here - elsewhere), "p_value": float(f"{p_value:.3g}"),
                "comparisons": len(tests), "likely_cause": cause,
                "reasons": self.reasons(row["id"], loc["locale"]),
                "link": loc["link"],
            })
        gaps.sort(key=lambda g: (-g["difference"], g["id"], g["locale"]))
        return gaps

    def content_gaps(self) -> list[dict]:
        """Zero-result queries per locale: the site's search box first, then, apart, what
        assistants asked `helpcenter mcp` in vain (`source` "assistant")."""
        result = []
        for source, queries, searches in (("site", self.t.zero_queries, self.t.searches),
                                          ("assistant", self.t.assistant_zero_queries,
                                           self.t.assistant_searches)):
            per_locale: dict[str, Counter] = {}
            for (locale, text), n in queries.items():
                per_locale.setdefault(locale, Counter())[text] += n
            order = [loc for loc in self.manifest.locales if loc in per_locale]
            order += sorted(set(per_locale) - set(order))
            for locale in order:
                total, zero = searches.get((1, locale), [0, 0])
                result.append({"locale": locale, "source": source, "searches": total,
                               "zero_result": zero,
                               "groups": [g.as_dict() for g in group_queries(per_locale[locale])]})
        return result

    def trends(self) -> dict:
        categories = sorted(self.manifest.data.get("categories", {}).items(),
                            key=lambda item: ((item[1] or {}).get("order") or 0, item[0]))
        known = {cid for cid, _ in categories}
        per: dict[str, dict[int, list[int]]] = {}
        for (week, article), (yes, no) in self.t.weekly.items():
            entry = self.manifest.articles.get(article)
            category = entry.get("category") if entry else article.split("/", 1)[0]
            if category not in known:
                continue
            cell = per.setdefault(category, {}).setdefault(week, [0, 0])
            cell[0] += yes
            cell[1] += no
        # A week counts as current when it contains at least one day of the current period.
        weeks = [{"start": monday.isoformat(),
                  "current": monday + dt.timedelta(days=7) > self.period.first_day}
                 for monday in self.weeks]
        series = []
        for category, _ in categories:
            points = []
            for index in range(len(self.weeks)):
                yes, no = per.get(category, {}).get(index, [0, 0])
                points.append({"votes": yes + no, "helpful_rate": _r(rate(yes, yes + no))})
            series.append({"id": category, "title": self.category_title(category),
                           "points": points})
        return {"weeks": weeks, "categories": series}

    def unknown_articles(self) -> list[dict]:
        rows = []
        for (p, article), types in self.t.article_types.items():
            if p != 1 or article in self.manifest.articles:
                continue
            yes, no, *_ = self.cells(article, 1)
            rows.append({"id": article, "events": sum(types.values()),
                         "types": dict(sorted(types.items())), "votes": yes + no, "no": no,
                         "unhelpful_rate": _r(rate(no, yes + no)),
                         "last_seen": self.t.article_last.get((1, article)),
                         "comments": [{"at": c.at, "locale": c.locale, "text": c.text}
                                      for c in self.t.comments.get(article, [])]})
        rows.sort(key=lambda r: (-r["events"], r["id"]))
        return rows

    def contact_channels(self) -> list[dict]:
        channels = sorted({c for (_, c) in self.t.contact_clicks})
        return [{"channel": c, "clicks": self.t.contact_clicks.get((1, c), 0),
                 "previous": self.t.contact_clicks.get((0, c), 0)} for c in channels]


def build_report(tallies: Tallies, manifest: Manifest, period: Period, weeks: list[dt.date],
                 options: ReportOptions, source: dict, input_info: dict,
                 generated_at: dt.datetime | None = None) -> dict:
    """The whole report as a JSON-ready dictionary (schema helpcenter.report, version 1)."""
    builder = ReportBuilder(tallies, manifest, period, weeks, options)
    articles = builder.articles()
    empty = tallies.events[1] == 0
    message = None
    if empty:
        message = (f"No usable events between {period.first_day} and {period.last_day} "
                   f"({period.zone.key}) in {source.get('name')}; the sections below are empty.")
    generated = (generated_at or clock.now().astimezone(dt.UTC)).replace(microsecond=0)
    return {
        "schema": SCHEMA, "version": VERSION,
        "generated_at": generated.isoformat().replace("+00:00", "Z"),
        "period": period.as_dict(), "previous_period": period.previous().as_dict(),
        "source": source,
        "site": {"build_id": manifest.build_id, "site_url": manifest.data.get("site_url") or "",
                 "locales": manifest.locales, "default_locale": manifest.default_locale},
        "method": {"min_votes": options.min_votes, "confidence": 0.95,
                   "review_interval_days": options.review_interval_days,
                   "ranking": METHOD.format(min_votes=options.min_votes),
                   "translation_gaps": GAP_METHOD.format(min_votes=options.min_votes,
                                                         min_gap=round(MIN_GAP * 100))},
        "input": {**input_info, "events": tallies.events[1], "previous_events": tallies.events[0]},
        "empty": empty, "message": message,
        "summary": builder.summary(),
        "fix_first": [row["id"] for row in articles if row["rank"] is not None],
        "articles": articles,
        "translation_gaps": builder.translation_gaps(articles),
        "content_gaps": builder.content_gaps(),
        "trends": builder.trends(),
        "unknown_articles": builder.unknown_articles(),
        "contact_channels": builder.contact_channels(),
    }

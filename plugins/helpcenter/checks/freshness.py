"""Review freshness: every article names an owner and is reviewed within its review interval.

The interval is `review_interval_days` of the article's category (its `index.md` in the article's
locale, else in the default locale), else `review_interval_days` in `content/_check.yml`, else 180
days. Translations have their own `reviewed` date (a translation is reviewed by its own writers)
and inherit the owner of the source article when they name none.
"""

from __future__ import annotations

import datetime as dt

from helpcenter.checks.context import CheckContext
from helpcenter.content import Article
from helpcenter.problems import Problem


def review_interval(ctx: CheckContext, article: Article) -> int:
    center = ctx.center
    for code in (article.locale, center.default_locale):
        category = center.categories.get(code, {}).get(article.category)
        if category is not None and category.review_interval_days is not None:
            if category.review_interval_days > 0:
                return category.review_interval_days
    return ctx.settings.review_interval_days


def check_category_intervals(ctx: CheckContext) -> list[Problem]:
    problems = []
    for per_locale in ctx.center.categories.values():
        for category in per_locale.values():
            days = category.review_interval_days
            if days is not None and days <= 0:
                line = ctx.front_matter(category.source)
                problems.append(Problem(
                    category.source, line.line_of("review_interval_days") if line else 1, "error",
                    f"'review_interval_days' must be above 0, got {days}",
                    "for example 'review_interval_days: 90'", "review-interval-invalid"))
    return problems


def check_freshness(ctx: CheckContext) -> list[Problem]:
    """Overdue, missing or future review dates, and articles without an owner."""
    problems = check_category_intervals(ctx)
    center = ctx.center
    today = ctx.today
    for per_locale in center.articles.values():
        for article in per_locale.values():
            canonical = center.canonical(article.id) or article
            owner = article.owner or canonical.owner
            inherited = "" if article.owner or not owner else f" (from {canonical.source})"
            who = f"owner: {owner}{inherited}" if owner else "no owner"
            if article is canonical and not article.owner:
                problems.append(Problem(
                    article.source, 1, "warning",
                    "no 'owner': nobody is reminded when this article needs a review",
                    "add a line 'owner: <team or person>' to the front matter", "owner-missing"))
            if article.reviewed is None:
                if "reviewed" in article.key_lines:
                    continue  # present but not a date: the content check reports it
                problems.append(Problem(
                    article.source, 1, "warning", f"no 'reviewed' date; {who}",
                    f"review the article, then add 'reviewed: {today.isoformat()}'",
                    "review-missing"))
                continue
            line = article.key_lines.get("reviewed", 1)
            age = (today - article.reviewed).days
            if age < 0:
                problems.append(Problem(
                    article.source, line, "warning",
                    f"'reviewed: {article.reviewed.isoformat()}' is in the future",
                    f"use the date of the review, at the latest {today.isoformat()}",
                    "review-in-future"))
                continue
            interval = review_interval(ctx, article)
            if age > interval:
                problems.append(Problem(
                    article.source, line, "warning",
                    f"review overdue: last reviewed {article.reviewed.isoformat()}, {age} days "
                    f"ago (interval {interval} days); {who}",
                    f"review the article, then set 'reviewed: {today.isoformat()}'",
                    "review-overdue"))
    return problems


def due_date(article: Article, interval: int) -> dt.date | None:
    """When the article's next review is due (None when it has never been reviewed)."""
    return article.reviewed + dt.timedelta(days=interval) if article.reviewed else None

"""Periods in local days and time zones; grouping of zero-result searches."""

from __future__ import annotations

import datetime as dt

import pytest

from helpcenter_report.period import PeriodError, parse_period
from helpcenter_report.queries import group_queries, normalize
from helpcenter_report.report import generate_report, week_starts
from tests.report.conftest import Events

TODAY = dt.date(2026, 11, 22)


def test_relative_and_absolute_periods():
    period = parse_period("30d", None, "UTC", today=TODAY)
    assert (period.first_day, period.last_day, period.days) == (
        dt.date(2026, 10, 24), TODAY, 30)
    assert period.name == "2026-10-24_2026-11-22"
    previous = period.previous()
    assert (previous.first_day, previous.last_day) == (dt.date(2026, 9, 24), dt.date(2026, 10, 23))
    assert parse_period("4w", "2026-11-30", "UTC").first_day == dt.date(2026, 11, 3)
    assert parse_period("2026-11-01", "2026-11-01", "UTC").days == 1
    assert parse_period(None, None, None, today=TODAY).days == 30


def test_days_are_local_to_the_time_zone():
    seoul = parse_period("2026-11-01", "2026-11-30", "Asia/Seoul")
    assert seoul.start_key == "2026-10-31T15:00:00.000Z"
    assert seoul.end_key == "2026-11-30T15:00:00.000Z"
    # New York leaves daylight saving time on 2026-11-01: the day is 25 hours long.
    york = parse_period("2026-11-01", "2026-11-01", "America/New_York")
    assert (york.start_key, york.end_key) == ("2026-11-01T04:00:00.000Z",
                                              "2026-11-02T05:00:00.000Z")


def test_week_buckets_start_on_local_mondays():
    mondays, keys = week_starts(parse_period("2026-11-01", "2026-11-30", "Asia/Seoul"))
    assert mondays[0] == dt.date(2026, 9, 28) and mondays[-1] == dt.date(2026, 11, 30)
    assert keys[0] == "2026-10-01T15:00:00.000Z"  # the previous period's start
    assert keys[1] == "2026-10-04T15:00:00.000Z"  # Monday 5 October, 00:00 in Seoul


@pytest.mark.parametrize("since, until, tz, words", [
    ("yesterday", None, "UTC", "--since 'yesterday': expected a date like 2026-11-01 or a length"),
    ("0d", None, "UTC", "1 to 3660 days"),
    ("99999d", None, "UTC", "expected a date"),
    ("2026-12-01", "2026-11-01", "UTC", "after --until"),
    (None, "2026-13-01", "UTC", "--until '2026-13-01': expected a date"),
    (None, None, "Mars/Base", "--tz 'Mars/Base': unknown time zone"),
    (None, None, "../../etc/passwd", "unknown time zone"),
    ("2000-01-01", "2026-01-01", "UTC", "at most 3660 days"),
])
def test_bad_period_options_are_named(since, until, tz, words):
    with pytest.raises(PeriodError, match=words.replace("(", r"\(").replace(")", r"\)")):
        parse_period(since, until, tz, today=TODAY)


def test_time_zone_decides_which_day_an_event_belongs_to(manifest, tmp_path):
    ev = Events()
    # 23:30 UTC on 30 November is already 1 December in Seoul.
    ev.add("vote", at="2026-11-30T23:30:00.000Z", article="billing/refunds", value="no")
    ev.add("vote", at="2026-10-31T16:00:00.000Z", article="billing/refunds", value="yes")
    url = ev.write(tmp_path / "events.sqlite3")

    def votes(tz: str) -> tuple[int, int]:
        period = parse_period("2026-11-01", "2026-11-30", tz)
        summary = generate_report(manifest=manifest, period=period, out_dir=tmp_path / tz,
                                  db_url=url).report["summary"]["votes"]
        return summary["value"], summary["previous"]

    assert votes("UTC") == (1, 1)
    assert votes("Asia/Seoul") == (1, 0)  # the yes is 1 Nov 01:00 in Seoul; the no is December


def test_normalize_folds_case_width_punctuation_and_spaces():
    assert normalize("  Gift   WRAP!! ") == "gift wrap"
    assert normalize("ｇｉｆｔ　ｗｒａｐ") == "gift wrap"
    assert normalize("ｷﾞﾌﾄ包装") == "ギフト包装"
    assert normalize("<script>") == "script"
    assert normalize("???") == ""


def test_group_queries_merges_spellings_and_word_order():
    groups = group_queries({"Gift wrap": 3, "wrap gift": 1, "ｇｉｆｔ ｗｒａｐ": 1, "price match": 2,
                            "선물 포장": 2, "선물포장": 2, "ギフト 包装": 1, "ｷﾞﾌﾄ包装": 1, "!!!": 9})
    shown = [(g.query, g.count, g.spellings.total()) for g in groups]
    # Ties are broken alphabetically, so the output does not depend on input order.
    assert shown == [("gift wrap", 5, 5), ("선물 포장", 4, 4), ("price match", 2, 2),
                     ("ギフト 包装", 2, 2)]


def test_group_queries_limit_and_ties_are_stable():
    groups = group_queries({f"query {i:02d}": 1 for i in range(30)}, limit=3)
    assert [g.query for g in groups] == ["query 00", "query 01", "query 02"]


@pytest.mark.parametrize("weeks", [0, 1, 2, 5, 10, 105])
def test_week_buckets_in_sql_match_a_binary_search(weeks):
    import bisect
    import sqlite3

    from helpcenter_report.aggregate import week_case

    start = dt.datetime(2024, 1, 1, 15, tzinfo=dt.UTC)
    keys = [(start + dt.timedelta(weeks=i)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            for i in range(weeks)]
    db = sqlite3.connect(":memory:")
    sql = "SELECT " + week_case(":t", keys)
    for hours in range(-30, weeks * 168 + 30, 7):
        moment = (start + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        assert db.execute(sql, {"t": moment}).fetchone()[0] == bisect.bisect_right(keys, moment)

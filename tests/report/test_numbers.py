"""The report's numbers on a hand-made store, checked against arithmetic done by hand.

The fixture (conftest.hand_events), current period 2026-11-01 … 2026-11-30 (UTC):

- billing/refunds: en 10 yes / 10 no, ko 0 / 20 → 40 votes, 30 no; contact from 8 of 42 visits;
  effort 1, 2, 2, 3; 9 reasons; 7 comments.
- billing/invoices: en 45 / 15, ko 25 / 15 → 100 votes, 30 no; contact from 10 of 100; effort 4, 5.
- orders/track: en 10 / 10 (one voter changed no → yes; only the last vote counts); no review date.
- orders/quiet: en 0 / 5, below the minimum sample of 20.
- billing/old-policy: en 1 / 2 and a comment, but not in the manifest (deleted).

Previous period 2026-10-02 … 2026-10-31: refunds en 10/10, invoices en 40/10; 10 searches, 2 zero.

Wilson lower bound, z = 1.96, for 30 "no" of 40 (refunds):
  p = 0.75, centre = p + z²/2n = 0.75 + 3.8415/80 = 0.79802,
  spread = z·√(p(1−p)/n + z²/4n²) = 1.96·√(0.0046875 + 0.00060023) = 0.14252,
  low = (0.79802 − 0.14252) / (1 + z²/n = 1.09604) = 0.5981 → 40 × 0.5981 = 23.92 likely failed.
Same for invoices: 30 of 100 → low 0.2189 → 21.89; track: 10 of 20 → 0.2993 → 5.99.
So refunds (fewer votes, far worse) ranks above invoices (more votes, milder), then track.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from helpcenter_report.period import parse_period
from helpcenter_report.report import generate_report
from helpcenter_report.stats import one_sided_p, wilson_interval
from tests.report.conftest import PERIOD


@pytest.fixture
def report(hand_store, manifest, tmp_path) -> dict:
    period = parse_period(PERIOD[0], PERIOD[1], "UTC")
    result = generate_report(manifest=manifest, period=period, out_dir=tmp_path / "out",
                             db_url=hand_store,
                             generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    return result.report


def article(report: dict, article_id: str) -> dict:
    return next(row for row in report["articles"] if row["id"] == article_id)


def test_wilson_interval_matches_the_hand_computation():
    low, high = wilson_interval(30, 40)
    assert round(low, 4) == 0.5981 and round(high, 4) == 0.8581
    assert [round(v, 4) for v in wilson_interval(30, 100)] == [0.2189, 0.3958]
    assert [round(v, 4) for v in wilson_interval(10, 20)] == [0.2993, 0.7007]
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert wilson_interval(0, 20)[0] == 0.0


def test_two_proportion_test_matches_the_hand_computation():
    # 20 of 20 vs 10 of 20: pooled 0.75, se = √(0.75·0.25·0.1) = 0.13693, z = 3.6515.
    assert one_sided_p(20, 20, 10, 20) == pytest.approx(0.00013036, rel=1e-3)
    assert one_sided_p(10, 20, 20, 20) > 0.99
    assert one_sided_p(0, 0, 1, 2) == 1.0


def test_summary_numbers_and_changes(report):
    s = report["summary"]
    assert (s["votes"]["value"], s["votes"]["previous"], s["votes"]["change"]) == (168, 70, 98)
    # 91 yes of 168 now, 50 of 70 before.
    assert (s["helpful_rate"]["value"], s["helpful_rate"]["previous"]) == (0.5417, 0.7143)
    assert s["helpful_rate"]["change"] == -0.1726
    # effort (1+2+2+3+4+5) / 6; nothing to compare with.
    assert (s["avg_effort"]["value"], s["avg_effort"]["previous"]) == (2.8333, None)
    assert s["avg_effort"]["change"] is None
    # 18 contact visits of 170 (42 + 100 + 20 + 5 + 3 visits); 0 of 70 before.
    assert (s["contact_rate"]["value"], s["contact_rate"]["previous"]) == (0.1059, 0.0)
    # 11 zero-result searches of 15; 2 of 10 before.
    assert (s["zero_result_rate"]["value"], s["zero_result_rate"]["previous"]) == (0.7333, 0.2)
    assert s["zero_result_rate"]["change"] == 0.5333
    assert all(metric["definition"] for metric in s.values())
    # 228 rows, but the visit that changed its vote counts once: votes count per visit.
    assert report["input"]["events"] == 227 and report["input"]["previous_events"] == 80


def test_fix_first_ranking_weighs_volume_and_uncertainty(report):
    assert report["fix_first"] == ["billing/refunds", "billing/invoices", "orders/track"]
    refunds, invoices, track = (article(report, i) for i in report["fix_first"])
    assert (refunds["rank"], refunds["votes"], refunds["no"]) == (1, 40, 30)
    assert (refunds["unhelpful_low"], refunds["unhelpful_high"]) == (0.5981, 0.8581)
    assert refunds["likely_failed"] == 23.92
    assert (invoices["likely_failed"], track["likely_failed"]) == (21.89, 5.99)
    quiet = article(report, "orders/quiet")
    assert quiet["rank"] is None and quiet["unhelpful_rate"] == 1.0  # 5 of 5, too few to rank
    # Previous period: refunds 10 of 20 → 5.99, invoices 10 of 50 → 5.62; track had no votes.
    assert [refunds["previous_rank"], invoices["previous_rank"], track["previous_rank"]] == \
        [1, 2, None]


def test_a_changed_vote_counts_once_with_its_last_value(report):
    track = article(report, "orders/track")
    assert (track["votes"], track["yes"], track["no"]) == (20, 10, 10)


def test_article_details(report):
    refunds = article(report, "billing/refunds")
    assert refunds["owner"] == "payments-team"
    assert (refunds["reviewed"], refunds["review_due"], refunds["review_overdue"]) == \
        ("2026-01-10", "2026-07-09", True)
    assert article(report, "billing/invoices")["review_overdue"] is False
    assert article(report, "orders/track")["review_overdue"] is None
    assert (refunds["contact_rate"], refunds["avg_effort"]) == (0.1905, 2.0)
    assert (refunds["previous_votes"], refunds["previous_helpful_rate"]) == (20, 0.5)
    assert [(r["reason"], r["count"], r["share"]) for r in refunds["reasons"]] == [
        ("unclear", 5, 0.5556), ("missing", 3, 0.3333), ("inaccurate", 1, 0.1111)]
    assert refunds["comment_count"] == 7
    assert [c["text"] for c in refunds["comments"]] == [
        "@support please call me at [phone]", '=HYPERLINK("x")',
        '<img src=x onerror="window.__pwned = 1">', "<script>window.__pwned = 1</script>",
        "third"]
    locales = {row["locale"]: row for row in refunds["locales"]}
    assert list(locales) == ["en", "ko", "ja"]
    assert (locales["ko"]["votes"], locales["ko"]["helpful_rate"]) == (20, 0.0)
    assert locales["ko"]["contact_rate"] == 0.3636  # 8 of 22 visits
    assert locales["ja"]["votes"] == 0 and locales["ja"]["fallback"] is True
    assert refunds["url"] == "/billing/refunds/"


def test_translation_gap_is_found_with_its_likely_cause(report):
    gaps = report["translation_gaps"]
    assert [(g["id"], g["locale"]) for g in gaps] == [("billing/refunds", "ko")]
    gap = gaps[0]
    assert (gap["unhelpful_rate"], gap["others_unhelpful_rate"], gap["difference"]) == \
        (1.0, 0.5, 0.5)
    # 4 comparisons had enough votes on both sides (refunds en/ko, invoices en/ko).
    assert gap["comparisons"] == 4 and gap["p_value"] == 0.00013
    assert "2025-12-01" in gap["likely_cause"] and "out of date" in gap["likely_cause"]
    # invoices ko: 15/40 vs 15/60 is 12.5 points worse, but p = 0.09: not flagged.


def test_content_gaps_are_normalized_and_grouped(report):
    gaps = {entry["locale"]: entry for entry in report["content_gaps"]}
    assert (gaps["en"]["searches"], gaps["en"]["zero_result"]) == (12, 8)
    assert gaps["en"]["groups"] == [
        {"query": "gift wrap", "count": 6, "variants": ["gift wrap", "wrap gift"],
         "spellings": 2},
        {"query": "price match", "count": 2, "variants": ["price match"], "spellings": 1}]
    assert gaps["ko"]["groups"] == [{"query": "선물 포장", "count": 3,
                                     "variants": ["선물 포장", "선물포장"], "spellings": 2}]


def test_weekly_trend_per_category(report):
    trends = report["trends"]
    assert [w["start"] for w in trends["weeks"]] == [
        "2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02",
        "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]
    assert [w["current"] for w in trends["weeks"]] == [False] * 4 + [True] * 6
    billing, orders = trends["categories"]
    assert billing["id"] == "billing" and orders["id"] == "orders"
    votes = [(p["votes"], p["helpful_rate"]) for p in billing["points"]]
    # Oct 12: 50/70; Nov 2 week: refunds en 10/20 + old-policy 1/3; Nov 9: 0/20; Nov 16: 70/100.
    assert votes == [(0, None), (0, None), (70, 0.7143), (0, None), (0, None), (23, 0.4783),
                     (20, 0.0), (100, 0.7), (0, None), (0, None)]
    assert [p["votes"] for p in orders["points"]] == [0, 0, 0, 0, 0, 5, 0, 0, 20, 0]


def test_events_for_removed_articles_are_listed_not_dropped(report):
    assert report["unknown_articles"] == [{
        "id": "billing/old-policy", "events": 4, "types": {"comment": 1, "vote": 3},
        "votes": 3, "no": 2, "unhelpful_rate": 0.6667, "last_seen": "2026-11-06T12:00:00.000Z",
        "comments": [{"at": "2026-11-06T12:00:00.000Z", "locale": "en",
                      "text": "where did it go?"}]}]
    assert "billing/old-policy" not in report["fix_first"]


def test_contact_clicks_by_channel(report):
    assert report["contact_channels"] == [{"channel": "email", "clicks": 3, "previous": 0},
                                          {"channel": "kakaotalk", "clicks": 18, "previous": 0}]


def test_report_json_is_the_same_structure(hand_store, manifest, tmp_path, report):
    written = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert written == report
    assert written["schema"] == "helpcenter.report" and written["version"] == 1


def test_the_vote_pass_in_a_second_process_gives_the_same_report(hand_store, manifest,
                                                                  tmp_path, monkeypatch, report):
    import helpcenter_report.aggregate as aggregate

    monkeypatch.setattr(aggregate, "PARALLEL_ROWS", 0)  # force the worker process
    period = parse_period(PERIOD[0], PERIOD[1], "UTC")
    parallel = generate_report(manifest=manifest, period=period, out_dir=tmp_path / "par",
                               db_url=hand_store,
                               generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)).report
    assert parallel == report


def test_without_a_second_process_the_vote_pass_runs_here(hand_store, manifest, tmp_path,
                                                          monkeypatch, report):
    import helpcenter_report.aggregate as aggregate

    def no_processes(*args, **kwargs):
        raise OSError("process limit reached")

    monkeypatch.setattr(aggregate, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(aggregate, "ProcessPoolExecutor", no_processes)
    period = parse_period(PERIOD[0], PERIOD[1], "UTC")
    alone = generate_report(manifest=manifest, period=period, out_dir=tmp_path / "alone",
                            db_url=hand_store,
                            generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)).report
    assert alone == report


def test_progress_is_reported_for_every_stage(hand_store, manifest, tmp_path):
    from helpcenter_report.report import Progress

    seen = {"total": 0, "done": 0}
    progress = Progress(start=lambda total: seen.update(total=total),
                        advance=lambda units: seen.update(done=seen["done"] + units))
    generate_report(manifest=manifest, period=parse_period(*PERIOD, "UTC"),
                    out_dir=tmp_path / "out", db_url=hand_store, progress=progress)
    assert seen["total"] == seen["done"] == 3


def test_links_only_point_into_the_site(hand_store, tmp_path):
    from helpcenter.manifest import Manifest
    from tests.report.conftest import make_manifest

    data = make_manifest(site_url="javascript:alert(1)//")
    data["articles"]["billing/refunds"]["locales"]["en"]["url"] = "javascript:alert(2)"
    data["articles"]["billing/invoices"]["locales"]["en"]["url"] = "//evil.example/x/"
    report = generate_report(manifest=Manifest(data), period=parse_period(*PERIOD, "UTC"),
                             out_dir=tmp_path / "out", db_url=hand_store).report
    links = {row["id"]: row["link"] for row in report["articles"]}
    assert links["billing/refunds"] is None and links["billing/invoices"] is None
    assert links["orders/track"] == "/orders/track/"  # no site_dir known: the site path
    assert "javascript:" not in (tmp_path / "out" / "index.html").read_text()


def test_a_category_review_interval_overrides_the_default(hand_store, tmp_path):
    """billing reviews every 400 days: refunds (reviewed 2026-01-10) is then due 2027-02-14."""
    from helpcenter.manifest import Manifest
    from tests.report.conftest import make_manifest

    data = make_manifest()
    data["categories"]["billing"]["review_interval_days"] = 400
    period = parse_period(PERIOD[0], PERIOD[1], "UTC")
    result = generate_report(manifest=Manifest(data), period=period, out_dir=tmp_path / "out",
                             db_url=hand_store, generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    refunds = article(result.report, "billing/refunds")
    assert (refunds["review_due"], refunds["review_overdue"]) == ("2027-02-14", False)
    assert article(result.report, "orders/track")["review_overdue"] is None

"""`helpcenter report --db postgresql://...` writes the same report as SQLite for the same events."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.manifest import load_manifest
from helpcenter.store import COLUMNS, open_store
from helpcenter.store.postgres import redact
from helpcenter_report.demo import DemoGenerator

END = dt.datetime(2026, 11, 22, 23, 0, tzinfo=dt.UTC)
#: Rows that break the contract, stored as they are: both reports must quarantine them alike.
BROKEN = [
    {"event_id": "broken-time-in-window", "type": "vote", "received_at": "yesterday",
     "session": "s1", "article": "orders/track-order", "locale": "en", "value": "yes"},
    {"event_id": "broken-vote-value", "type": "vote", "received_at": "2026-11-20T10:00:00.000Z",
     "session": "s2", "article": "orders/track-order", "locale": "en", "value": "maybe"},
    {"event_id": "broken-type", "type": "hover", "received_at": "2026-11-20T10:00:00.000Z",
     "session": "s3", "article": "orders/track-order", "locale": "en"},
    {"event_id": "broken-old-time", "type": "vote", "received_at": "2020-01-01 not a time",
     "session": "s4", "article": "orders/track-order", "locale": "en", "value": "no"},
    # Sorts inside the window as text, but is no UTC time: the passes must check times per row.
    {"event_id": "broken-time-sorts-inside", "type": "vote", "received_at": "2026-11-20 10:00",
     "session": "s5", "article": "orders/track-order", "locale": "en", "value": "no"},
]


def test_the_report_over_postgresql_equals_the_report_over_sqlite(demo_site, tmp_path,
                                                                  postgres_url):
    manifest = load_manifest(demo_site)
    rows = [dict(zip(COLUMNS[1:], row, strict=True))
            for row in DemoGenerator(manifest, seed=3, end=END).rows(6000)]
    rows[100:100] = BROKEN
    sqlite_url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    for url in (sqlite_url, postgres_url):
        with open_store(url) as store:
            assert store.insert_many(rows) == len(rows)
            store.count_rejections({"unknown_article": 3, "rate_limited": 1}, day="2026-11-10")
    reports = {}
    runner = CliRunner()
    for name, url in (("sqlite", sqlite_url), ("postgresql", postgres_url)):
        out = tmp_path / name
        result = runner.invoke(main, ["report", "--db", url, "--site-dir", str(demo_site),
                                      "--since", "2026-10-24", "--until", "2026-11-22",
                                      "--tz", "Asia/Seoul", "--out", str(out)])
        assert result.exit_code == 0, result.output
        reports[name] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    sqlite, postgres = reports["sqlite"], reports["postgresql"]
    assert postgres["source"] == {"kind": "store", "name": redact(postgres_url)}
    for report in (sqlite, postgres):
        del report["source"], report["generated_at"]
    assert sqlite["input"]["events"] + sqlite["input"]["previous_events"] > 5000
    assert sqlite["input"]["malformed"] == 5
    assert sqlite["input"]["rejected"] == {"rate_limited": 1, "unknown_article": 3}
    assert postgres == sqlite
    quarantined = [(tmp_path / n / "quarantine.jsonl").read_text().count("\n")
                   for n in ("sqlite", "postgresql")]
    assert quarantined == [5, 5]


def test_a_report_over_an_empty_database_says_what_to_do(postgres_url, demo_site):
    result = CliRunner().invoke(main, ["report", "--db", postgres_url,
                                       "--site-dir", str(demo_site)])
    assert result.exit_code == 1
    assert "no event store here; run 'helpcenter collect'" in result.output
    assert "Traceback" not in result.output


def test_a_role_that_may_not_read_the_events_gets_one_sentence(postgres_url, postgres_server,
                                                               demo_site):
    from tests.postgres import admin

    role = "hc_no_select_" + postgres_url.rsplit("_", 1)[-1]
    with admin(postgres_server) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {role}")
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw'")
    try:
        open_store(postgres_url).close()
        with admin(postgres_url) as conn:
            conn.execute(f"GRANT SELECT ON helpcenter_schema TO {role}")
        url = f"postgresql://{role}:pw@{postgres_url.split('@', 1)[1]}"
        result = CliRunner().invoke(main, ["report", "--db", url, "--site-dir", str(demo_site),
                                           "--out", "out"])
        assert result.exit_code == 1
        assert "cannot read the events (permission denied for table events)" in result.output
        assert "Traceback" not in result.output and "pw@" not in result.output
    finally:
        with admin(postgres_server) as conn:
            name = postgres_url.rsplit("/", 1)[1]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f"DROP ROLE IF EXISTS {role}")


def test_a_row_check_without_a_postgresql_translation_is_refused():
    """A new SQLite-only check must not be silently skipped on PostgreSQL."""
    import pytest

    from helpcenter_report.postgres_aggregate import to_postgres

    assert to_postgres("CASE WHEN text >= x'' THEN 'blob' END") == "CASE WHEN false THEN 'blob' END"
    with pytest.raises(ValueError, match="no PostgreSQL translation"):
        to_postgres("CASE WHEN hex(text) GLOB '00*' THEN 'odd' END")


def test_demo_events_go_into_postgresql_once_per_seed(postgres_url, demo_site):
    args = ["demo-events", "--count", "800", "--seed", "5", "--db", postgres_url,
            "--site-dir", str(demo_site)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "Stored 800 demo events" in first.output
    again = CliRunner().invoke(main, args)
    assert "Stored 0 demo events" in again.output and "800 were already there" in again.output
    with open_store(postgres_url, readonly=True) as store:
        assert store.count() == 800


def test_unreadable_times_are_read_from_the_stores_index_not_by_testing_every_row(postgres_url):
    """The report's time check is the predicate of the store's partial index, so PostgreSQL
    can answer it from that (normally empty) index: a 10 M row table is not scanned for it."""
    import psycopg

    from helpcenter.store import postgres as store
    from helpcenter_report.postgres_aggregate import PG_UNREADABLE_TIME

    assert PG_UNREADABLE_TIME == store.UNREADABLE_TIME
    with open_store(postgres_url) as events:
        events.insert_many(BROKEN)
    with psycopg.connect(postgres_url) as conn:
        conn.execute("SET enable_seqscan = off")  # a tiny table: show the index *can* answer
        plan = "\n".join(r[0] for r in conn.execute(
            f"EXPLAIN SELECT count(*) FROM events WHERE {PG_UNREADABLE_TIME}"))
        assert "events_unreadable_time" in plan, plan
        bad = conn.execute(f"SELECT event_id FROM events WHERE {PG_UNREADABLE_TIME} "
                           "ORDER BY seq").fetchall()
    assert [r[0] for r in bad] == ["broken-time-in-window", "broken-old-time",
                                   "broken-time-sorts-inside"]


def test_searches_answered_only_by_partial_matches_are_listed_as_in_vain(demo_site, tmp_path,
                                                                          postgres_url):
    """A `search` event with value "partial" (the box listed articles matching some of the
    words) is a content gap like a zero-result one, over SQLite and PostgreSQL alike; a
    search whose results were seen but not opened (no_click) is not."""
    def search(n: int, value: str, text: str, results: int, source: str = "site") -> dict:
        return {"event_id": f"search-{value}-{n:04d}", "type": "search",
                "received_at": f"2026-11-20T10:{n:02d}:00.000Z", "session": f"session{n:04d}",
                "article": None, "locale": "ko", "value": value, "text": text,
                "results": results, "source": source}
    rows = [search(1, "partial", "음식이 새서 왔는데 환불돼요", 3),
            search(2, "partial", "음식이 새서 왔는데 환불돼요?", 2),
            search(3, "no_results", "선물 포장", 0),
            search(4, "no_click", "환불", 4),
            search(5, "partial", "받은 물건이 망가졌어요", 5, source="assistant")]
    reports = []
    for url in (f"sqlite:///{tmp_path / 'events.sqlite3'}", postgres_url):
        with open_store(url) as store:
            assert store.insert_many(rows) == len(rows)
        out = tmp_path / str(len(reports))
        result = CliRunner().invoke(main, ["report", "--db", url, "--site-dir", str(demo_site),
                                           "--since", "2026-11-01", "--until", "2026-11-30",
                                           "--out", str(out)])
        assert result.exit_code == 0, result.output
        reports.append(json.loads((out / "report.json").read_text(encoding="utf-8")))
        markdown = (out / "report.md").read_text(encoding="utf-8")
        assert "only articles matching some of their words" in markdown
    sqlite, postgres = reports
    assert sqlite["content_gaps"] == postgres["content_gaps"]
    gaps = {(g["source"], g["locale"]): g for g in sqlite["content_gaps"]}
    site = gaps[("site", "ko")]
    assert (site["searches"], site["zero_result"]) == (4, 3)
    assert [(g["query"], g["count"]) for g in site["groups"]] == [
        ("음식이 새서 왔는데 환불돼요", 2), ("선물 포장", 1)]
    assert [g["query"] for g in gaps[("assistant", "ko")]["groups"]] == ["받은 물건이 망가졌어요"]

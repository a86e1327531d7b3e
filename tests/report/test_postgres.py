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
    assert sqlite["input"]["malformed"] == 4
    assert sqlite["input"]["rejected"] == {"rate_limited": 1, "unknown_article": 3}
    assert postgres == sqlite
    quarantined = [(tmp_path / n / "quarantine.jsonl").read_text().count("\n")
                   for n in ("sqlite", "postgresql")]
    assert quarantined == [4, 4]


def test_a_report_over_an_empty_database_says_what_to_do(postgres_url, demo_site):
    result = CliRunner().invoke(main, ["report", "--db", postgres_url,
                                       "--site-dir", str(demo_site)])
    assert result.exit_code == 1
    assert "no event store here; run 'helpcenter collect'" in result.output
    assert "Traceback" not in result.output

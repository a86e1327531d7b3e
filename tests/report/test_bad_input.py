"""Bad input never crashes the report: it is counted, quarantined with its line, and reported."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3

import pytest

from helpcenter.store import SCHEMA_VERSION, open_store
from helpcenter_report.period import parse_period
from helpcenter_report.report import generate_report
from helpcenter_report.sources import SourceError
from tests.report.conftest import PERIOD, Events, hand_events

COLUMNS = ["event_id", "type", "received_at", "session", "article", "locale", "build", "url",
           "value", "text", "results"]


def run(manifest, out, **source) -> dict:
    period = parse_period(PERIOD[0], PERIOD[1], "UTC")
    return generate_report(manifest=manifest, period=period, out_dir=out,
                           generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
                           **source).report


def write_jsonl(path, rows) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if row.get(k) is None else row[k] for k in COLUMNS})


def comparable(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("source", "input")}


def test_exported_files_give_the_same_report_as_the_store(hand_store, manifest, tmp_path):
    rows = hand_events().rows
    write_jsonl(tmp_path / "events.jsonl", rows)
    write_csv(tmp_path / "events.csv", rows)
    from_store = run(manifest, tmp_path / "a", db_url=hand_store)
    from_jsonl = run(manifest, tmp_path / "b", event_files=[tmp_path / "events.jsonl"])
    from_csv = run(manifest, tmp_path / "c", event_files=[tmp_path / "events.csv"])
    assert comparable(from_jsonl) == comparable(from_store)
    assert comparable(from_csv) == comparable(from_store)
    assert from_csv["input"]["events"] == 227  # the changed vote counts once


def test_overlapping_exports_count_each_event_once(manifest, tmp_path):
    rows = hand_events().rows
    write_jsonl(tmp_path / "one.jsonl", rows[:150])
    write_jsonl(tmp_path / "two.jsonl", rows[100:])  # 50 rows in both files
    report = run(manifest, tmp_path / "out",
                 event_files=[tmp_path / "one.jsonl", tmp_path / "two.jsonl"])
    assert report["input"]["duplicates"] == 50
    assert report["summary"]["votes"]["value"] == 168


def test_malformed_json_lines_are_quarantined_with_their_line_numbers(manifest, tmp_path):
    ev = Events()
    ev.votes("billing/refunds", "en", 1, 1, "2026-11-03")
    good = [json.dumps(row) for row in ev.rows]
    lines = [
        good[0],
        "{not json",                                            # 2
        "[1, 2, 3]",                                            # 3
        json.dumps({"type": "vote"}),                           # 4: no id, time, session, locale
        json.dumps({**ev.rows[0], "event_id": "x1", "results": "many"}),   # 5
        json.dumps({**ev.rows[0], "event_id": "x2", "value": "maybe"}),    # 6
        json.dumps({**ev.rows[0], "event_id": "x3", "type": "pageview"}),  # 7
        json.dumps({**ev.rows[0], "event_id": "x4", "received_at": "yesterday"}),  # 8
        json.dumps({**ev.rows[0], "event_id": "x5", "article": {"nested": True}}),  # 9
        "",                                                     # 10: blank, ignored
        good[1],                                                # 11
        '{"a": ' * 100_000,                                     # 12: deep / oversized
    ]
    path = tmp_path / "events.jsonl"
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe not utf-8\n")
    report = run(manifest, tmp_path / "out", event_files=[path])
    assert report["summary"]["votes"]["value"] == 2
    assert report["input"]["malformed"] == 10
    assert report["input"]["quarantine_file"] == "quarantine.jsonl"
    quarantined = [json.loads(line) for line in
                   (tmp_path / "out" / "quarantine.jsonl").read_text().splitlines()]
    where = {q["where"].rsplit(":", 1)[1]: q["problem"] for q in quarantined}
    assert where["2"] == "not valid JSON"
    assert where["3"] == "not a JSON object"
    assert where["4"].startswith("missing event_id")
    assert where["5"] == "results must be a whole number"
    assert where["6"] == "vote value is not yes or no"
    assert where["7"] == "unknown event type"
    assert where["8"].startswith("received_at is not a UTC time")
    assert where["9"] == "article must be text"
    assert where["12"] == "line longer than 64 KB"
    assert where["13"] == "not UTF-8"
    assert "Malformed rows skipped: 10" in (tmp_path / "out" / "report.md").read_text()


def test_malformed_csv_rows_are_quarantined(manifest, tmp_path):
    path = tmp_path / "events.csv"
    header = ",".join(COLUMNS)
    ok = "e-000000000000001,vote,2026-11-03T10:00:00.000Z,sess0001,billing/refunds,en,,,no,,"
    path.write_text("\n".join([
        header,
        ok,
        "e-000000000000002,vote,2026-11-03T10:00:00.000Z,sess0002",          # too few cells
        "e-000000000000003,effort,2026-11-03T10:00:00.000Z,sess0003,billing/refunds,en,,,9,,",
        "e-000000000000004,search,2026-11-03T10:00:00.000Z,sess0004,,en,,,no_results,,abc",
        '"e-000000000000005,unterminated quote',
    ]) + "\n", encoding="utf-8")
    report = run(manifest, tmp_path / "out", event_files=[path])
    assert report["summary"]["votes"]["value"] == 1
    problems = report["input"]["problems"]
    assert problems["4 cells where the header has 11"] == 1
    assert problems["effort is not 1 to 5"] == 1
    assert problems["results must be a whole number"] == 1
    assert report["input"]["malformed"] == 4


def test_csv_without_the_needed_columns_is_refused_with_a_sentence(manifest, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("when,what\n2026-11-03,vote\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"events.csv:1: the CSV header lacks event_id"):
        run(manifest, tmp_path / "out", event_files=[path])


def test_malformed_rows_in_the_store_are_quarantined(manifest, tmp_path):
    ev = Events()
    ev.votes("billing/refunds", "en", 3, 1, "2026-11-03")
    url = ev.write(tmp_path / "events.sqlite3")
    db = sqlite3.connect(tmp_path / "events.sqlite3")
    bad = [("b1", "vote", "2026-11-04T00:00:00.000Z", "s1", "billing/refunds", "en", "maybe",
            None, None),
           ("b2", "effort", "2026-11-04T00:00:00.000Z", "s2", "billing/refunds", "en", "9",
            None, None),
           ("b3", "pageview", "2026-11-04T00:00:00.000Z", "s3", None, "en", None, None, None),
           ("b4", "vote", "last tuesday", "s4", "billing/refunds", "en", "no", None, None),
           ("b5", "search", "2026-11-04T00:00:00.000Z", "s5", None, "en", "no_results", None,
            "lots"),
           ("b6", "comment", "2026-11-04T00:00:00.000Z", "s6", "billing/refunds", "en", None,
            "x" * 5000, None),
           # outside both periods and valid: not quarantined, just not counted
           ("b7", "vote", "2026-01-04T00:00:00.000Z", "s7", "billing/refunds", "en", "no",
            None, None)]
    with db:
        db.executemany("INSERT INTO events (event_id, type, received_at, session, article, "
                       "locale, value, text, results) VALUES (?,?,?,?,?,?,?,?,?)", bad)
    db.close()
    report = run(manifest, tmp_path / "out", db_url=url)
    assert report["summary"]["votes"]["value"] == 4
    assert report["input"]["malformed"] == 6
    quarantined = (tmp_path / "out" / "quarantine.jsonl").read_text().splitlines()
    assert len(quarantined) == 6
    first = json.loads(quarantined[0])
    assert first["where"].endswith("seq 5") and first["row"]["event_id"] == "b1"


def test_a_clean_run_removes_an_old_quarantine_file(manifest, hand_store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "quarantine.jsonl").write_text("stale\n")
    report = run(manifest, out, db_url=hand_store)
    assert report["input"]["malformed"] == 0
    assert not (out / "quarantine.jsonl").exists()


def test_empty_store_gives_a_clear_message_and_a_valid_report(manifest, tmp_path):
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    open_store(url).close()
    out = tmp_path / "out"
    report = run(manifest, out, db_url=url)
    assert report["empty"] is True
    assert "No usable events between 2026-11-01 and 2026-11-30" in report["message"]
    assert report["fix_first"] == [] and report["translation_gaps"] == []
    assert report["summary"]["helpful_rate"]["value"] is None
    assert len(report["articles"]) == 4  # every published article is still listed
    for name in ("index.html", "report.md", "articles.csv", "report.json", "sortable.js"):
        assert (out / name).stat().st_size > 0
    assert "No usable events" in (out / "index.html").read_text()
    assert "No usable events" in (out / "report.md").read_text()
    assert json.loads((out / "report.json").read_text())["empty"] is True


def test_empty_period_in_a_full_store(manifest, hand_store, tmp_path):
    period = parse_period("2020-01-01", "2020-01-31", "UTC")
    report = generate_report(manifest=manifest, period=period, out_dir=tmp_path / "out",
                             db_url=hand_store).report
    assert report["empty"] and report["input"]["events"] == 0


def test_empty_and_blank_files(manifest, tmp_path):
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "blank.csv").write_text("\n\n")
    report = run(manifest, tmp_path / "out",
                 event_files=[tmp_path / "empty.jsonl", tmp_path / "blank.csv"])
    assert report["empty"] and report["input"]["malformed"] == 0


@pytest.mark.parametrize("setup, words", [
    (lambda p: p.write_text("not a database at all " * 100), "not a usable event store"),
    (lambda p: sqlite3.connect(p).execute("PRAGMA user_version = 99").connection.commit(),
     "newer helpcenter"),
])
def test_unusable_store_files_are_refused_with_a_sentence(manifest, tmp_path, setup, words):
    path = tmp_path / "events.sqlite3"
    setup(path)
    with pytest.raises(SourceError, match=words):
        run(manifest, tmp_path / "out", db_url=f"sqlite:///{path}")


def test_missing_event_file_is_named(manifest, tmp_path):
    with pytest.raises(SourceError, match="--events .*nope.jsonl: no such file"):
        run(manifest, tmp_path / "out", event_files=[tmp_path / "nope.jsonl"])


def test_hostile_text_is_escaped_in_markdown_and_neutralized_in_csv(tmp_path, hand_store):
    from helpcenter.manifest import Manifest
    from tests.report.conftest import make_manifest

    data = make_manifest()
    refunds = data["articles"]["billing/refunds"]
    refunds["owner"] = "=cmd|' /C calc'!A0"
    refunds["locales"]["en"]["title"] = "+SUM(1,2) <b>bold</b> @here #12"
    data["articles"]["billing/invoices"]["owner"] = "-2+3"
    data["articles"]["orders/track"]["owner"] = "@SUM(1)"
    out = tmp_path / "out"
    run(Manifest(data), out, db_url=hand_store)
    rows = list(csv.DictReader((out / "articles.csv").open(encoding="utf-8", newline="")))
    by_id = {row["id"]: row for row in rows}
    assert by_id["billing/refunds"]["owner"] == "'=cmd|' /C calc'!A0"
    assert by_id["billing/refunds"]["title"].startswith("'+SUM")
    assert by_id["billing/invoices"]["owner"] == "'-2+3"
    assert by_id["orders/track"]["owner"] == "'@SUM(1)"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    assert by_id["billing/refunds"]["rank"] == "1" and by_id["billing/refunds"]["votes"] == "40"
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "<img" not in markdown and "<b>" not in markdown
    assert "&lt;script&gt;" in markdown
    assert "@support" not in markdown and "@here" not in markdown  # no pings when pasted
    assert "@\u200bsupport" in markdown


def test_a_row_whose_time_cannot_be_read_is_found_outside_any_period(manifest, tmp_path):
    ev = Events()
    ev.votes("billing/refunds", "en", 1, 0, "2026-11-03")
    url = ev.write(tmp_path / "events.sqlite3")
    db = sqlite3.connect(tmp_path / "events.sqlite3")
    with db:
        db.execute("INSERT INTO events (event_id, type, received_at, session, article, locale, "
                   "value) VALUES ('t1', 'vote', 'next friday', 's1', 'billing/refunds', 'en', "
                   "'no')")
    db.close()
    report = run(manifest, tmp_path / "out", db_url=url)
    assert report["input"]["malformed"] == 1
    assert report["summary"]["votes"]["value"] == 1
    line = json.loads((tmp_path / "out" / "quarantine.jsonl").read_text())
    assert line["row"]["received_at"] == "next friday"


def test_separator_characters_in_ids_are_quarantined_not_misread(manifest, tmp_path):
    ev = Events()
    ev.votes("billing/refunds", "en", 1, 0, "2026-11-03")
    ev.add("vote", at="2026-11-03", article="billing/refunds\x1fko", value="no")
    ev.add("vote", at="2026-11-03", article="billing/refunds", locale="en\x1fx", value="no")
    path = tmp_path / "events.jsonl"
    write_jsonl(path, ev.rows)
    report = run(manifest, tmp_path / "out", event_files=[path])
    assert report["summary"]["votes"]["value"] == 1
    assert report["input"]["problems"] == {"control character in article or locale": 2}


def test_a_store_with_a_foreign_table_layout_is_refused_with_a_sentence(manifest, tmp_path):
    from helpcenter_report.report import ReportError

    path = tmp_path / "events.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE events (seq INTEGER PRIMARY KEY, what TEXT, received_at TEXT);"
                     f"CREATE TABLE rejections (day TEXT); PRAGMA user_version = {SCHEMA_VERSION};")
    db.close()
    with pytest.raises(ReportError, match="cannot be read as an event store"):
        run(manifest, tmp_path / "out", db_url=f"sqlite:///{path}")


def test_oversized_csv_fields_and_deep_json_are_quarantined(manifest, tmp_path):
    csv_path = tmp_path / "events.csv"
    ok = "e-000000000000001,vote,2026-11-03T10:00:00.000Z,sess0001,billing/refunds,en,,,no,,"
    huge = '"' + "x" * 70_000 + '"'
    csv_path.write_text(",".join(COLUMNS) + "\n" + ok + "\n" + huge + "\n" + ok.replace(
        "001,", "002,") + "\n", encoding="utf-8")
    json_path = tmp_path / "events.jsonl"
    json_path.write_text("[" * 30_000 + "\n" + "{" + '"a":{' * 20_000 + "\n", encoding="utf-8")
    report = run(manifest, tmp_path / "out", event_files=[csv_path, json_path])
    assert report["summary"]["votes"]["value"] == 2
    assert report["input"]["problems"] == {"line longer than 64 KB": 2, "not valid JSON": 1}


def test_events_the_collector_refused_are_reported(manifest, tmp_path):
    ev = Events()
    ev.votes("billing/refunds", "en", 1, 0, "2026-11-03")
    url = ev.write(tmp_path / "events.sqlite3")
    with open_store(url) as store:
        store.count_rejections({"unknown_article": 3, "rate_limited": 1}, day="2026-11-04")
        store.count_rejections({"unknown_article": 2}, day="2026-11-20")
        store.count_rejections({"duplicate": 9}, day="2026-10-20")  # previous period
        store.count_rejections({"duplicate": 4}, day="2026-12-01")  # after the period
    out = tmp_path / "out"
    report = run(manifest, out, db_url=url)
    assert report["input"]["rejected"] == {"unknown_article": 5, "rate_limited": 1}
    assert "refused (never stored): 6 (`unknown_article`: 5, `rate_limited`: 1)" in \
        (out / "report.md").read_text()
    assert "refused (never stored)" in (out / "index.html").read_text()

"""Hostile report input: every bad line or row is quarantined and counted, or refused in one
sentence; the report is always written and never ends in a traceback.

Each case is one hostile line (or stored row) between good events: the good ones must still
count, the bad one must be in quarantine.jsonl with its place and a problem a person can read,
and whatever was quarantined is cut to a bounded size.
"""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
import sqlite3
import zipfile

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter_report.period import parse_period
from helpcenter_report.report import generate_report
from helpcenter_report.sources import BLOB_PROBLEM, UTF8_PROBLEM, SourceError
from tests.report.conftest import PERIOD, Events

MAX_QUARANTINE_LINE = 4_000  # bytes: every value is cut to 500 characters

GOOD = {"type": "vote", "received_at": "2026-11-03T10:00:00.000Z", "article": "billing/refunds",
        "locale": "en", "value": "no"}


def event(number: int, **changes) -> dict:
    return {"event_id": f"hostile-{number:06d}", "session": f"sess{number:06d}", **GOOD,
            **changes}


IDS = itertools.count(100)  # each hostile line its own event id, so none is a duplicate


def line(**changes) -> bytes:
    return json.dumps(event(next(IDS), **changes), ensure_ascii=False).encode()


def raw_line(field: str, json_value: str) -> bytes:
    """A line whose `field` is written literally (values json.dumps would not write)."""
    text = json.dumps(event(next(IDS)))[:-1] + f', "{field}": {json_value}}}'
    return text.encode()


# (case, the hostile line, words of the problem it is quarantined with)
JSONL_CASES = [
    ("integer over 4,300 digits", raw_line("results", "9" * 5000), "a number too long to read"),
    ("integer over 4,300 digits in value", raw_line("value", "1" * 4400),
     "a number too long to read"),
    ("results 10**30 (SQLite overflow)",
     line(type="search", value="no_results", text="q", results=10**30),
     "results is not a whole number from 0"),
    ("negative results", line(type="search", value="no_results", text="q", results=-1),
     "results is not a whole number from 0"),
    ("results 1e30 as a float", line(type="search", value="no_results", text="q", results=1e30),
     "results must be a whole number"),
    ("results NaN", raw_line("results", "NaN"), "results must be a whole number"),
    ("results Infinity", raw_line("results", "Infinity"), "results must be a whole number"),
    ("results true", line(type="search", value="no_results", text="q", results=True),
     "results must be a whole number"),
    ("lone surrogate in a comment", raw_line("text", '"\\ud800"'), "lone surrogate"),
    ("lone surrogate in the session", raw_line("session", '"a\\udfffb"'), "lone surrogate"),
    ("lone surrogate in the article id", raw_line("article", '"billing/\\ud83d"'),
     "lone surrogate"),
    ("bytes that are not UTF-8", b'{"event_id": "\xff\xfe"}', "not UTF-8"),
    ("an encoded surrogate (CESU-8)", line(text="x").replace(b'"x"', b'"\xed\xa0\x80"'),
     "not UTF-8"),
    ("a raw NUL inside a string", line(session="a").replace(b'"a"', b'"a\x00b"'),
     "not valid JSON"),
    ("not JSON at all", b"<script>alert(1)</script>", "not valid JSON"),
    ("a truncated line", line()[:40], "not valid JSON"),
    ("deep nesting", b"[" * 50_000, "not valid JSON"),
    ("a line over 64 KB", line(text="x" * 70_000), "line longer than 64 KB"),
    ("a top-level array", b"[1, 2, 3]", "not a JSON object"),
    ("a top-level string", b'"vote"', "not a JSON object"),
    ("article id is an object", line(article={"$ne": None}), "article must be text"),
    ("value is a list", line(value=["yes"]), "value must be text"),
    ("type is null", line(type=None), "missing type"),
    ("no event id", json.dumps({**GOOD, "session": "s"}).encode(), "missing event_id"),
    ("an unreadable time", line(received_at="2026-11-03T10:00:00+99:00"),
     "received_at is not a UTC time"),
    ("an unknown event type", line(type="__proto__"), "unknown event type"),
    ("an article id of 10,000 characters", line(article="a/" + "b" * 10_000),
     "article id too long"),
    ("a comment over the length limit", line(type="comment", value=None, text="x" * 20_000),
     "text longer than"),
    ("the separator inside a locale", line(locale="en\x1fko"), "control character"),
    ("a vote of maybe", line(value="maybe"), "vote value is not yes or no"),
    ("an effort of 1e9", line(type="effort", value="1000000000"), "effort is not 1 to 5"),
]


def run(tmp_path, **source) -> dict:
    return generate_report(manifest=_manifest(), period=parse_period(*PERIOD, "UTC"),
                           out_dir=tmp_path / "out",
                           generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), **source).report


def _manifest():
    from helpcenter.manifest import Manifest
    from tests.report.conftest import make_manifest

    return Manifest(make_manifest())


def quarantined(tmp_path) -> list[dict]:
    path = tmp_path / "out" / "quarantine.jsonl"
    lines = path.read_bytes().splitlines()
    assert all(len(one) <= MAX_QUARANTINE_LINE for one in lines), max(map(len, lines))
    return [json.loads(one) for one in lines]


def assert_written(tmp_path) -> None:
    for name in ("index.html", "report.md", "articles.csv", "report.json"):
        assert (tmp_path / "out" / name).stat().st_size > 0, name


@pytest.mark.parametrize("hostile, words", [case[1:] for case in JSONL_CASES],
                         ids=[case[0] for case in JSONL_CASES])
def test_a_hostile_line_is_quarantined_and_the_rest_counted(tmp_path, hostile, words):
    path = tmp_path / "events.jsonl"
    good = [json.dumps(event(n)).encode() for n in (1, 2)]
    path.write_bytes(b"\n".join([good[0], hostile, good[1]]) + b"\n")
    report = run(tmp_path, event_files=[path])
    assert report["summary"]["votes"]["value"] == 2
    assert report["input"]["malformed"] == 1, report["input"]["problems"]
    [entry] = quarantined(tmp_path)
    assert entry["where"] == f"{path}:2"
    assert words in entry["problem"], entry["problem"]
    assert_written(tmp_path)


def test_a_byte_order_mark_does_not_lose_the_first_event(tmp_path):
    path = tmp_path / "events.jsonl"
    lines = [json.dumps(event(n)).encode() for n in (1, 2, 3)]
    # At the start (as Windows tools write it) and in the middle (files joined with cat).
    path.write_bytes(b"\xef\xbb\xbf" + lines[0] + b"\n" + lines[1] + b"\n\xef\xbb\xbf" + lines[2])
    report = run(tmp_path, event_files=[path])
    assert report["summary"]["votes"]["value"] == 3
    assert report["input"]["malformed"] == 0


def store_with(tmp_path, sql: str, params: tuple = ()) -> str:
    ev = Events()
    ev.votes("billing/refunds", "en", 1, 1, "2026-11-03")
    url = ev.write(tmp_path / "events.sqlite3")
    db = sqlite3.connect(tmp_path / "events.sqlite3")
    with db:
        db.execute(sql, params)
    db.close()
    return url


def insert(**columns) -> tuple[str, tuple]:
    """An INSERT of one row: the good vote with `columns` changed ("sql:..." is SQL text)."""
    row: dict[str, object] = {
        "event_id": "sql:'h1'", "type": "sql:'vote'",
        "received_at": "sql:'2026-11-04T00:00:00.000Z'", "session": "sql:'s-h1'",
        "article": "sql:'billing/refunds'", "locale": "sql:'en'", "value": "sql:'no'"}
    row.update(columns)
    sql = [v[4:] if isinstance(v, str) and v.startswith("sql:") else "?" for v in row.values()]
    params = tuple(v for v in row.values() if not (isinstance(v, str) and v.startswith("sql:")))
    return f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join(sql)})", params


# (case, columns of the stored row, words of the problem)
STORE_CASES = [
    ("session a BLOB that is not UTF-8", {"session": b"\xff\xfe"}, BLOB_PROBLEM),
    ("article a BLOB", {"article": b"billing/refunds"}, BLOB_PROBLEM),
    ("type a BLOB", {"type": b"vote"}, "unknown event type"),
    ("a contact channel a BLOB", {"type": "sql:'contact_click'", "value": b"\xff" * 10},
     BLOB_PROBLEM),
    ("a vote value a BLOB", {"value": b"yes"}, "vote value is not yes or no"),
    ("received_at a BLOB", {"received_at": b"2026-11-04T00:00:00.000Z"},
     "received_at is not a UTC time"),
    ("a 1 MB BLOB comment", {"type": "sql:'comment'", "value": "sql:NULL",
                             "text": b"\x00" * 1_000_000}, BLOB_PROBLEM),
    ("results a BLOB", {"type": "sql:'search'", "value": "sql:'no_results'", "text": "sql:'q'",
                        "results": b"\x01"}, "results is not a whole number"),
    ("a search query a BLOB", {"type": "sql:'search'", "value": "sql:'no_results'",
                               "text": b"\xc3\x28", "results": 0}, BLOB_PROBLEM),
    ("an article id that is not UTF-8", {"article": "sql:CAST(x'ff41' AS TEXT)"}, UTF8_PROBLEM),
    ("a comment that is not UTF-8", {"type": "sql:'comment'", "value": "sql:NULL",
                                     "text": "sql:CAST(x'c328' AS TEXT)"}, UTF8_PROBLEM),
    ("results as text", {"type": "sql:'search'", "value": "sql:'no_results'", "text": "sql:'q'",
                         "results": "sql:'lots'"}, "results is not a whole number"),
    ("results as a huge real", {"type": "sql:'search'", "value": "sql:'no_results'",
                                "text": "sql:'q'", "results": "sql:1e30"},
     "results is not a whole number"),
    ("a locale of 1,000 characters", {"locale": "x" * 1000}, "no usable locale"),
    ("an empty time", {"received_at": "sql:''"}, "received_at is not a UTC time"),
]


@pytest.mark.parametrize("columns, words", [case[1:] for case in STORE_CASES],
                         ids=[case[0] for case in STORE_CASES])
def test_a_hostile_stored_row_is_quarantined_and_the_rest_counted(tmp_path, columns, words):
    url = store_with(tmp_path, *insert(**columns))
    report = run(tmp_path, db_url=url)
    assert report["summary"]["votes"]["value"] == 2
    assert report["input"]["malformed"] == 1, report["input"]["problems"]
    [entry] = quarantined(tmp_path)
    assert entry["where"].endswith("seq 3") and entry["row"]["event_id"] == "h1"
    assert words in entry["problem"], entry["problem"]
    assert_written(tmp_path)


def test_rows_that_are_not_utf8_are_found_in_a_large_store_too(tmp_path, monkeypatch):
    """The vote pass runs in a second process on large windows; the slow re-check still works."""
    from helpcenter_report import aggregate

    monkeypatch.setattr(aggregate, "PARALLEL_ROWS", 1)
    url = store_with(tmp_path, *insert(session="sql:CAST(x'ff' AS TEXT)"))
    report = run(tmp_path, db_url=url)
    assert report["summary"]["votes"]["value"] == 2
    assert report["input"]["problems"] == {UTF8_PROBLEM: 1}


def _gzip(path):
    path.write_bytes(gzip.compress(json.dumps(event(1)).encode()))


def _zip(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("events.jsonl", json.dumps(event(1)))


def _sqlite(path):
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()


# (case, how the file is made, words of the sentence)
WHOLE_FILE_CASES = [
    ("a gzip-compressed export", _gzip, "is gzip-compressed; decompress it first"),
    ("a zip archive", _zip, "is a zip archive; unzip it first"),
    ("the store itself", _sqlite, "is an SQLite database, not an export; read it with --db"),
    ("UTF-16 text", lambda p: p.write_text(json.dumps(event(1)), encoding="utf-16"),
     "is UTF-16 text; export the events as UTF-8"),
]


@pytest.mark.parametrize("make, words", [case[1:] for case in WHOLE_FILE_CASES],
                         ids=[case[0] for case in WHOLE_FILE_CASES])
def test_a_file_that_is_no_export_at_all_is_refused_in_one_sentence(tmp_path, make, words):
    path = tmp_path / "events.jsonl"
    make(path)
    with pytest.raises(SourceError, match=words):
        run(tmp_path, event_files=[path])
    result = CliRunner().invoke(main, ["report", "--events", str(path), "--site-dir",
                                       str(_site(tmp_path)), "--out", str(tmp_path / "cli")])
    assert result.exit_code == 1 and words in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_folder_given_as_events_is_refused_in_one_sentence(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(SourceError, match="is a folder; name the exported file"):
        run(tmp_path, event_files=[folder])
    result = CliRunner().invoke(main, ["report", "--events", str(folder), "--site-dir",
                                       str(_site(tmp_path))])
    assert result.exit_code == 2 and "is a directory" in result.output  # click's own check
    assert "Traceback" not in result.output


def _site(tmp_path):
    from tests.report.conftest import make_manifest

    site = tmp_path / "site"
    (site / "helpcenter").mkdir(parents=True, exist_ok=True)
    (site / "helpcenter" / "manifest.json").write_text(json.dumps(make_manifest()))
    return site


def test_every_hostile_line_at_once_from_the_command_line(tmp_path):
    """One export holding every hostile line: the command succeeds and counts each one."""
    path = tmp_path / "export.jsonl"
    good = [json.dumps(event(n)).encode() for n in range(1, 4)]
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join([*good, *(case[1] for case in JSONL_CASES)]))
    result = CliRunner().invoke(main, [
        "report", "--events", str(path), "--site-dir", str(_site(tmp_path)),
        "--since", PERIOD[0], "--until", PERIOD[1], "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert f"{len(JSONL_CASES)} malformed rows skipped" in result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["votes"]["value"] == 3
    assert len(quarantined(tmp_path)) == len(JSONL_CASES)


def test_a_row_the_checks_let_through_but_sqlite_cannot_store_costs_only_itself(tmp_path,
                                                                                 monkeypatch):
    """The safety net under the per-column checks: should a value they miss reach SQLite and be
    refused there, only that row is quarantined, not the batch of 20,000 around it."""
    from helpcenter_report import sources

    checked = sources._row

    def letting_one_through(record: dict) -> tuple:
        row = checked(record)
        return (*row[:-1], 2**70) if record["event_id"] == "hostile-000002" else row

    monkeypatch.setattr(sources, "_row", letting_one_through)
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\n".join(json.dumps(event(n)).encode() for n in (1, 2, 3)) + b"\n")
    report = run(tmp_path, event_files=[path])
    assert report["summary"]["votes"]["value"] == 2
    assert report["input"]["duplicates"] == 0
    [entry] = quarantined(tmp_path)
    assert entry["where"] == f"{path}:2" and entry["problem"] == "cannot be stored (OverflowError)"


CSV_HEADER = b"event_id,type,received_at,session,article,locale,build,url,value,text,results"


def csv_row(number: int, value: str = "no", results: bytes = b"", text: bytes = b"") -> bytes:
    return (f"e-{number:06d},vote,2026-11-03T10:00:00.000Z,s{number},billing/refunds,en,,,"
            f"{value},").encode() + text + b"," + results


# (case, the hostile CSV row, words of the problem)
CSV_CASES = [
    ("results of 30 digits", csv_row(9, results=b"1" * 30), "results must be a whole number"),
    ("negative results", csv_row(9, results=b"-1"), "results must be a whole number"),
    ("results 1e30", csv_row(9, results=b"1e30"), "results must be a whole number"),
    ("bytes that are not UTF-8", csv_row(9, text=b"\xff\xfe"), "not UTF-8"),
    ("a cell over 64 KB", csv_row(9, text=b"x" * 70_000), "line longer than 64 KB"),
    ("cells missing", b"e-000009,vote", "2 cells where the header has 11"),
    ("a vote of =HYPERLINK()", csv_row(9, value='"=HYPERLINK(""x"")"'),
     "vote value is not yes or no"),
]


@pytest.mark.parametrize("hostile, words", [case[1:] for case in CSV_CASES],
                         ids=[case[0] for case in CSV_CASES])
def test_a_hostile_csv_row_is_quarantined_and_the_rest_counted(tmp_path, hostile, words):
    path = tmp_path / "events.csv"
    # With a byte-order mark before the header, as spreadsheets save CSV.
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join([CSV_HEADER, csv_row(1), hostile, csv_row(2)])
                     + b"\n")
    report = run(tmp_path, event_files=[path])
    assert report["summary"]["votes"]["value"] == 2
    assert report["input"]["malformed"] == 1, report["input"]["problems"]
    [entry] = quarantined(tmp_path)
    assert entry["where"] == f"{path}:3" and words in entry["problem"], entry
    assert_written(tmp_path)

"""`helpcenter store copy`: every event and counter arrives once, however often it runs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.store import open_store


def fill(url: str, n: int = 25) -> None:
    with open_store(url) as store:
        store.insert_many([{"id": f"copy-event-{i:06d}", "type": "vote", "session": f"s{i}",
                            "locale": "ko", "article": "billing/refunds",
                            "value": "yes" if i % 3 else "no",
                            "received_at": f"2026-11-{1 + i % 28:02d}T08:00:00.000Z"}
                           for i in range(n)])
        store.count_rejections({"bad_json": 2, "duplicate": 1}, day="2026-11-02")


def contents(url: str) -> tuple[list[tuple], dict]:
    with open_store(url, readonly=True) as store:
        rows = [tuple(v for k, v in row.items() if k != "seq") for row in store.iter_rows()]
        return rows, store.rejections()


def copy(source: str, target: str):
    return CliRunner().invoke(main, ["store", "copy", "--from", source, "--to", target])


@pytest.mark.parametrize("direction", ["sqlite-to-postgresql", "postgresql-to-sqlite"])
def test_copy_twice_changes_nothing_the_second_time(direction, tmp_path, postgres_url):
    sqlite_url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    source, target = ((sqlite_url, postgres_url) if direction.startswith("sqlite")
                      else (postgres_url, sqlite_url))
    fill(source)
    first = copy(source, target)
    assert first.exit_code == 0, first.output
    assert "Copied 25 events" in first.output
    assert contents(target) == contents(source)
    second = copy(source, target)
    assert second.exit_code == 0, second.output
    assert "Copied 0 events" in second.output and "25 were already there" in second.output
    assert contents(target) == contents(source)
    assert contents(target)[1] == {"bad_json": 2, "duplicate": 1}


def test_copy_adds_only_what_is_missing_and_keeps_the_targets_own_events(tmp_path):
    source, target = (f"sqlite:///{tmp_path / name}" for name in ("a.sqlite3", "b.sqlite3"))
    fill(source)
    with open_store(target) as store:
        store.insert_many([{"id": "copy-event-000003", "type": "vote", "session": "s3",
                            "locale": "ko", "article": "billing/refunds", "value": "yes"},
                           {"id": "only-in-target-01", "type": "vote", "session": "t",
                            "locale": "en", "article": "billing/refunds", "value": "no"}])
    result = copy(source, target)
    assert "Copied 24 events" in result.output and "(1 were already there)" in result.output
    rows, _ = contents(target)
    assert len(rows) == 26 and "only-in-target-01" in {row[0] for row in rows}


@pytest.mark.parametrize("args, words", [
    (["--from", "sqlite:///missing.sqlite3", "--to", "sqlite:///b.sqlite3"], "no event store here"),
    (["--from", "sqlite:///a.sqlite3", "--to", "sqlite:///a.sqlite3"], "both name"),
    (["--from", "mysql://h/db", "--to", "sqlite:///b.sqlite3"], "unsupported store 'mysql'"),
    (["--from", "sqlite:///a.sqlite3"], "Missing option '--to'"),
])
def test_copy_mistakes_are_one_sentence(args, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["store", "copy", *args])
    assert result.exit_code != 0
    assert words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "b.sqlite3").exists()

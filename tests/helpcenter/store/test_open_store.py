"""`open_store`: one entry point for every `--db` URL, and a store package that stays library."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpcenter.store import EventStore, SQLiteEventStore, StoreError, open_store


def test_a_sqlite_url_and_a_path_open_the_same_store(tmp_path):
    path = tmp_path / "events.sqlite3"
    with open_store(f"sqlite:///{path}") as store:
        assert isinstance(store, EventStore) and isinstance(store, SQLiteEventStore)
        store.insert_many([{"id": "e" * 16, "type": "vote", "session": "s", "locale": "en",
                            "article": "a/b", "value": "yes"}])
        assert store.location == str(path)
    with open_store(path, readonly=True) as store:
        assert store.count() == 1


def test_create_false_refuses_a_missing_store(tmp_path):
    with pytest.raises(StoreError, match="no event store here"):
        open_store(tmp_path / "missing.sqlite3", create=False)
    assert not (tmp_path / "missing.sqlite3").exists()


def test_the_store_package_imports_no_app_and_no_mkdocs():
    code = ("import sys, helpcenter.store; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('helpcenter_collector', 'helpcenter_report', 'mkdocs', 'material', 'starlette')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

"""The store contract, the same for SQLite and PostgreSQL: ids stored once, per-event answers,
time windows, rejection counters, refusal of a newer schema."""

from __future__ import annotations

import datetime as dt

import pytest

from helpcenter.store import COLUMNS, SCHEMA_VERSION, StoreError, open_store
from tests.helpcenter.store.test_sqlite import event


def test_a_new_store_is_created_at_the_current_version(store_url):
    from helpcenter.store import postgres

    with open_store(store_url) as store:  # each store numbers its own migrations
        assert store.version == (postgres.SCHEMA_VERSION if store_url.startswith("postgres")
                                 else SCHEMA_VERSION)
        assert store.count() == 0


def test_an_id_is_stored_once_and_rows_come_back_in_arrival_order(store_url):
    with open_store(store_url) as store:
        assert store.insert_many([event("a" * 16), event("b" * 16, type="effort", value=4)]) == 2
        assert store.insert_many([event("a" * 16), event("c" * 16)]) == 1
        rows = list(store.iter_rows())
        assert store.has_event("c" * 16) and not store.has_event("z" * 16)
    assert [r["event_id"] for r in rows] == ["a" * 16, "b" * 16, "c" * 16]
    assert rows[1]["value"] == "4" and rows[0]["value"] == "no"
    assert set(rows[0]) == set(COLUMNS)
    assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)


def test_insert_each_answers_per_event_including_repeats_inside_one_group(store_url):
    with open_store(store_url) as store:
        store.insert_many([event("old" * 6)])
        flags = store.insert_each([event("new" * 6), event("old" * 6), event("new" * 6),
                                   event("two" * 6, type="search", value="no_results",
                                         text="refund", results=0, article=None)])
        assert flags == [True, False, False, True]
        search = [r for r in store.iter_rows() if r["type"] == "search"][0]
    assert search["results"] == 0 and search["article"] is None and search["text"] == "refund"


def test_time_window_is_since_inclusive_until_exclusive(store_url):
    with open_store(store_url) as store:
        store.insert_many([event("d1" * 8, received_at="2026-11-01T00:00:00.000Z"),
                           event("d2" * 8, received_at="2026-11-02T12:00:00.000Z"),
                           event("d3" * 8, received_at="2026-11-03T00:00:00.000Z")])
        got = [r["event_id"] for r in store.iter_rows(since=dt.date(2026, 11, 1),
                                                      until=dt.date(2026, 11, 3))]
    assert got == ["d1" * 8, "d2" * 8]


def test_rejections_add_up_per_reason_and_day(store_url):
    with open_store(store_url) as store:
        store.count_rejections({"unknown_article": 2}, day="2026-11-01")
        store.count_rejections({"unknown_article": 1, "bad_json": 1}, day="2026-11-02")
        assert store.rejections() == {"bad_json": 1, "unknown_article": 3}
        assert store.rejections(since="2026-11-02") == {"bad_json": 1, "unknown_article": 1}


def test_an_event_without_an_id_is_refused(store_url):
    with open_store(store_url) as store, pytest.raises(StoreError, match="idempotency"):
        store.insert_many([{**event("x"), "id": ""}])


def test_two_instances_on_one_store_keep_each_id_once(store_url):
    """Two collectors share the store: the store itself, not a collector, refuses the repeat."""
    with open_store(store_url) as first, open_store(store_url) as second:
        assert first.insert_each([event("shared" * 3)]) == [True]
        assert second.insert_each([event("shared" * 3), event("other" * 4)]) == [False, True]
        assert first.count() == second.count() == 2


def test_readonly_open_of_an_empty_store_says_what_to_do(store_url):
    if store_url.startswith("sqlite"):
        match = "no event store here"
    else:
        match = "no event store here; run 'helpcenter collect'"
    with pytest.raises(StoreError, match=match):
        open_store(store_url, readonly=True)

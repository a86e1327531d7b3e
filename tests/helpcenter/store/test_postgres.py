"""What is particular to the PostgreSQL store: URLs, connection errors, schema versions, roles."""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
import pytest

from helpcenter.store import StoreError, open_store
from helpcenter.store.postgres import SCHEMA_VERSION, redact


@pytest.mark.parametrize("url, words", [
    ("postgresql://localhost", "names no database"),
    ("postgresql://u@localhost:notaport/db", "not a usable PostgreSQL URL"),
    ("postgres://u@localhost/db?nosuchoption=1", "not a usable PostgreSQL URL"),
])
def test_unusable_urls_are_refused_in_one_sentence(url, words):
    with pytest.raises(StoreError, match=words) as caught:
        open_store(url)
    assert "\n" not in str(caught.value)


def test_an_unreachable_server_is_named_without_the_password():
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as caught:
        open_store(f"postgresql://collector:s3cret@127.0.0.1:{port}/events")
    assert "s3cret" not in str(caught.value) and "collector:***@" in str(caught.value)


def test_redact_hides_only_the_password():
    assert redact("postgresql://a:b@h:5/d") == "postgresql://a:***@h:5/d"
    assert redact("postgresql://a@h/d") == "postgresql://a@h/d"


def test_a_wrong_password_is_reported_by_the_server(postgres_url):
    parts = postgres_url.split("@", 1)
    wrong = parts[0].rsplit(":", 1)[0] + ":wrong-password@" + parts[1]
    with pytest.raises(StoreError, match="password authentication failed"):
        open_store(wrong)


def test_a_missing_database_is_named_in_the_servers_words(postgres_url):
    missing = postgres_url.rsplit("/", 1)[0] + "/no_such_database_here"
    with pytest.raises(StoreError) as caught:
        open_store(missing)
    assert '(database "no_such_database_here" does not exist)' in str(caught.value)
    assert "FATAL" not in str(caught.value) and "\n" not in str(caught.value)


def test_a_newer_schema_is_refused_in_one_sentence(postgres_url):
    open_store(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("UPDATE helpcenter_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match=rf"newer helpcenter \(store version {SCHEMA_VERSION + 1}, "
                                         rf"this one knows {SCHEMA_VERSION}\)"):
        open_store(postgres_url)
    with pytest.raises(StoreError, match="newer helpcenter"):
        open_store(postgres_url, readonly=True)


def test_an_older_schema_is_migrated_by_the_collector_and_refused_by_readers(postgres_url):
    from helpcenter.store.postgres import MIGRATIONS

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE helpcenter_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO helpcenter_schema VALUES (1)")
        conn.execute(MIGRATIONS[0])
    with pytest.raises(StoreError, match=f"older than {SCHEMA_VERSION}; start 'helpcenter collect'"):
        open_store(postgres_url, readonly=True)
    with open_store(postgres_url) as store:
        assert store.version == SCHEMA_VERSION
        store.count_rejections({"bad_json": 1})


def test_a_database_holding_someone_elses_events_table_is_refused(postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE events (id serial)")
    with pytest.raises(StoreError, match="a table helpcenter did not create"):
        open_store(postgres_url)


def test_a_reader_never_writes(postgres_url):
    open_store(postgres_url).close()
    with open_store(postgres_url, readonly=True) as reader, \
            pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        reader.insert_many([{"id": "r" * 16, "type": "vote", "session": "s", "locale": "en",
                             "article": "a/b", "value": "yes"}])


def _vote(n: int) -> dict:
    return {"id": f"probe{n:011d}", "type": "vote", "session": "s" * 8, "locale": "en",
            "article": "a/b", "value": "yes"}


def _end_store_sessions(url: str) -> int:
    """What a server restart or a failover does to the store's pooled connections."""
    with psycopg.connect(url, autocommit=True) as conn:
        return len(conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                "datname = current_database() AND pid <> pg_backend_pid() "
                                "AND application_name = 'helpcenter'").fetchall())


def test_a_group_commit_is_stored_when_insert_returns(postgres_url):
    """One autocommit statement per group: committed (seen by another session) on return."""
    with open_store(postgres_url) as store:
        assert store.insert_each([_vote(1), _vote(2), _vote(1)]) == [True, True, False]
        with psycopg.connect(postgres_url) as other:
            assert other.execute("SELECT count(*) FROM events").fetchone()[0] == 2
        with store._pool.connection() as conn:   # no BEGIN/COMMIT round trips around the INSERT
            assert conn.autocommit


def test_an_idle_connection_the_server_dropped_is_replaced_before_a_commit(postgres_url):
    with open_store(postgres_url) as store:
        store.insert_each([_vote(1)])
        store.probe.recent = 0.0  # every connection counts as idle: probed before use
        assert _end_store_sessions(postgres_url) >= 1
        assert store.insert_each([_vote(2)]) == [True]  # no error: the probe noticed
        assert store.count() == 2


def test_a_connection_dropped_between_busy_commits_fails_that_commit_only(postgres_url):
    """A connection that just answered is not probed again; if the server dropped it since,
    that one commit fails (the collector answers 503, the browser keeps the events) and the
    next one runs on a new connection."""
    with open_store(postgres_url) as store:
        store.insert_each([_vote(1)])
        store.probe.recent = 3600.0
        assert _end_store_sessions(postgres_url) >= 1
        with pytest.raises(psycopg.OperationalError):
            store.insert_each([_vote(2)])
        assert store.insert_each([_vote(2)]) == [True]
        assert store.count() == 2


def test_text_sorts_by_bytes_like_sqlite(postgres_url):
    """The "C" collation: reports list comments and queries in the same order on both stores."""
    with open_store(postgres_url) as store:
        store.insert_many([{"id": f"id{n:014d}", "type": "search", "session": "s", "locale": "en",
                            "value": "no_results", "text": text, "results": 0}
                           for n, text in enumerate(["b", "B", "a", "É", "_x"])])
    with psycopg.connect(postgres_url) as conn:
        got = [r[0] for r in conn.execute("SELECT text FROM events ORDER BY text")]
    assert got == sorted(["b", "B", "a", "É", "_x"])


def test_the_roles_in_docs_deploy_are_enough_and_no_more(postgres_url, postgres_server):
    """docs/deploy.md's grants: collectors insert and count, reports read, neither alters."""
    from tests.postgres import admin

    suffix = postgres_url.rsplit("_", 2)[-2] + "_" + postgres_url.rsplit("_", 1)[-1]
    collector, reports = f"hc_collector_{suffix}", f"hc_reports_{suffix}"
    with admin(postgres_server) as conn:
        for role in (collector, reports):
            conn.execute(f"DROP ROLE IF EXISTS {role}")
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw'")
    open_store(postgres_url).close()  # the owner creates the tables
    grants = (Path(__file__).parents[3] / "docs" / "deploy.md").read_text()
    block = grants.split("Then grant, as `helpcenter_owner`")[1].split("```sql")[1].split("```")[0]
    block = block.replace("collector", collector).replace("reports", reports)
    try:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            for statement in block.split(";"):
                if statement.strip() and not statement.strip().startswith("--"):
                    conn.execute(statement)
                elif "\n" in statement.strip():
                    conn.execute(statement.strip().split("\n", 1)[1])

        def as_role(role: str) -> str:
            host = postgres_url.split("@", 1)[1]
            return f"postgresql://{role}:pw@{host}"

        vote = {"id": "role-test-000001", "type": "vote", "session": "s", "locale": "en",
                "article": "a/b", "value": "yes"}
        with open_store(as_role(collector)) as store:
            assert store.insert_each([vote, {**vote, "id": "role-test-000002"}]) == [True, True]
            assert store.insert_each([vote]) == [False]
            store.count_rejections({"bad_json": 1})
            store.count_rejections({"bad_json": 1})
        with open_store(as_role(reports), readonly=True) as store:
            assert store.count() == 2 and store.rejections() == {"bad_json": 2}
        with psycopg.connect(as_role(collector)) as conn, \
                pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM events")
        with psycopg.connect(as_role(reports)) as conn, \
                pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO rejections VALUES ('2026-01-01', 'x', 1)")
    finally:
        with admin(postgres_server) as conn:
            name = postgres_url.rsplit("/", 1)[1]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for role in (collector, reports):
                conn.execute(f"DROP ROLE IF EXISTS {role}")

"""Two real `helpcenter collect` processes on one PostgreSQL database, and the faults they meet.

Every test sends bursts from several clients to both collectors and then checks the database
itself: each acknowledged (2xx) event is stored exactly once, and nothing but 2xx, 409 or 503
(with Retry-After) was ever answered.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.collector.support import dumps, make_event
from tests.collector.test_durability import JSON, free_port
from tests.postgres import restart_server

BURST_SECONDS = 20.0


def real_clock_environment() -> dict[str, str]:
    """This environment without libfaketime (test.sh's run a year ahead).

    These tests are about faults, not dates. Under libfaketime a timed wait on a condition
    variable never returns (even `threading.Condition().wait(0.5)`), which hangs
    psycopg_pool's reconnect path after a server restart. A real clock does not.
    """
    env = dict(os.environ)
    preload = [p for p in env.pop("LD_PRELOAD", "").split(":") if p and "faketime" not in p]
    if preload:
        env["LD_PRELOAD"] = ":".join(preload)
    for name in [n for n in env if n.startswith("FAKETIME")]:
        del env[name]
    return env


class Collector:
    """One `helpcenter collect --db postgresql://...` process on a free loopback port."""

    def __init__(self, db: str, site_dir: Path, cwd: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "helpcenter.cli", "collect", "--db", db,
             "--site-dir", str(site_dir), "--port", str(self.port), "--rate-limit", "0"],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=real_clock_environment())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"collector exited: {self.process.stdout.read()}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        self.process.kill()
        raise AssertionError("collector did not come up")

    def post(self, client: httpx.Client, events: list[dict]) -> httpx.Response:
        return client.post(f"{self.url}/api/events", content=dumps({"events": events}),
                           headers=JSON)

    def health(self) -> dict:
        return httpx.get(f"{self.url}/api/health", timeout=5).json()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def collectors(db: str, site_dir: Path, cwd: Path, n: int = 2):
    started = []
    try:
        for _ in range(n):
            started.append(Collector(db, site_dir, cwd))
        yield started
    finally:
        for collector in started:
            collector.stop()


class Burst:
    """Clients posting batches of 5 new events round-robin to the collectors until stopped."""

    def __init__(self, targets: list[Collector], clients: int = 6) -> None:
        self.targets = targets
        self.acknowledged: list[str] = []
        self.statuses: Counter[int] = Counter()
        self.missing_retry_after = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.deadline = time.monotonic() + BURST_SECONDS
        self.threads = [threading.Thread(target=self._client, args=(i,)) for i in range(clients)]

    def _client(self, index: int) -> None:
        with httpx.Client(timeout=10) as client:
            turn = index
            while not self.stopping.is_set() and time.monotonic() < self.deadline:
                target = self.targets[turn % len(self.targets)]
                turn += 1
                if target.process.poll() is not None:
                    continue
                batch = [make_event() for _ in range(5)]
                try:
                    response = target.post(client, batch)
                except httpx.TransportError:
                    continue  # killed mid-request: not acknowledged
                with self.lock:
                    self.statuses[response.status_code] += 1
                    if response.status_code == 200:
                        self.acknowledged.extend(e["id"] for e in batch)
                    elif response.status_code == 503 and "retry-after" not in response.headers:
                        self.missing_retry_after += 1
                if response.status_code == 503:
                    time.sleep(0.05)

    def __enter__(self) -> Burst:
        for thread in self.threads:
            thread.start()
        return self

    def wait_for(self, acknowledged: int) -> None:
        while len(self.acknowledged) < acknowledged and time.monotonic() < self.deadline:
            time.sleep(0.01)
        assert len(self.acknowledged) >= acknowledged, self.statuses

    def __exit__(self, *exc_info: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()


def stored_ids(db: str) -> Counter[str]:
    with psycopg.connect(db) as conn:
        return Counter(row[0] for row in conn.execute("SELECT event_id FROM events"))


def assert_every_ack_stored_once(burst: Burst, db: str) -> None:
    stored = stored_ids(db)
    missing = set(burst.acknowledged) - set(stored)
    assert not missing, f"{len(missing)} acknowledged events were lost"
    assert not [i for i, n in stored.items() if n > 1], "an event id was stored twice"
    assert len(burst.acknowledged) == len(set(burst.acknowledged))
    assert set(burst.statuses) <= {200, 503}, burst.statuses
    assert burst.missing_retry_after == 0


def recovers(collector: Collector, within: float = 30.0) -> bool:
    """True once the collector stores a new event again (no restart)."""
    deadline = time.monotonic() + within
    with httpx.Client(timeout=10) as client:
        while time.monotonic() < deadline:
            try:
                if collector.post(client, [make_event()]).status_code == 200:
                    return True
            except httpx.TimeoutException:
                pass  # still waiting for its database: keep asking until the deadline
            time.sleep(0.2)
    return False


def terminate_sessions(db: str, admin_url: str) -> None:
    name = db.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))


def test_a_replayed_id_is_stored_once_whichever_collector_receives_it(postgres_url, site_dir,
                                                                      tmp_path):
    with collectors(postgres_url, site_dir, tmp_path) as (first, second), httpx.Client() as client:
        event = make_event()
        assert first.post(client, [event]).status_code == 200
        replay = second.post(client, [event])
        assert replay.status_code == 409 and replay.json()["duplicates"] == [event["id"]]
        single = client.post(f"{second.url}/api/events", content=dumps(event), headers=JSON)
        assert single.status_code == 409
        bad = client.post(f"{first.url}/api/events", content=dumps(make_event(article="nope/x")),
                          headers=JSON)
        assert bad.status_code == 422
        assert first.health()["stored"] == 1 and second.health()["stored"] == 0
        assert second.health()["rejected"] == {"duplicate": 2}
        assert first.health()["rejected"] == {"unknown_article": 1}
    assert stored_ids(postgres_url) == Counter({event["id"]: 1})
    with psycopg.connect(postgres_url) as conn:  # counters flushed on shutdown, both instances
        counts = dict(conn.execute("SELECT reason, sum(count)::int FROM rejections GROUP BY 1"))
    assert counts == {"duplicate": 2, "unknown_article": 1}


def test_kill_9_of_one_collector_during_a_burst_loses_no_acknowledged_event(
        postgres_url, site_dir, tmp_path):
    with collectors(postgres_url, site_dir, tmp_path) as (victim, survivor):
        with Burst([victim, survivor]) as burst:
            burst.wait_for(600)
            os.kill(victim.process.pid, signal.SIGKILL)
            victim.process.wait()
            before = len(burst.acknowledged)
            burst.wait_for(before + 300)  # the survivor goes on taking events
        assert_every_ack_stored_once(burst, postgres_url)
        with httpx.Client() as client:  # a browser replaying its queue to the survivor
            replay = survivor.post(client, [{**make_event(), "id": burst.acknowledged[0]}])
        assert replay.status_code == 409


def test_a_restarted_database_gets_503s_only_and_both_collectors_recover(
        postgres_url, postgres_cluster, site_dir, tmp_path):
    started = "SELECT pg_postmaster_start_time()"
    with psycopg.connect(postgres_url) as conn:
        before = conn.execute(started).fetchone()[0]
    with collectors(postgres_url, site_dir, tmp_path) as pair:
        with Burst(pair) as burst:
            burst.wait_for(300)
            restart_server(postgres_cluster)
            assert all(recovers(c) for c in pair), "a collector did not recover by itself"
            burst.wait_for(len(burst.acknowledged) + 200)
        with psycopg.connect(postgres_url) as conn:  # it did restart under the burst
            assert conn.execute(started).fetchone()[0] > before
        assert_every_ack_stored_once(burst, postgres_url)


def test_a_read_only_database_answers_503_and_acknowledges_nothing(postgres_url, postgres_server,
                                                                   site_dir, tmp_path):
    name = postgres_url.rsplit("/", 1)[1]
    with collectors(postgres_url, site_dir, tmp_path) as pair:
        with Burst(pair) as burst:
            burst.wait_for(200)
            with psycopg.connect(postgres_server, autocommit=True) as conn:
                conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            terminate_sessions(postgres_url, postgres_server)  # like a failover to a replica
            acked = len(burst.acknowledged)
            deadline = time.monotonic() + 10
            while burst.statuses[503] < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert burst.statuses[503] >= 20
            with psycopg.connect(postgres_server, autocommit=True) as conn:
                conn.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
            terminate_sessions(postgres_url, postgres_server)
            assert all(recovers(c) for c in pair)
            burst.wait_for(acked + 100)
        assert_every_ack_stored_once(burst, postgres_url)


def fill_leaving(server_url: str, tablespace: str, reserve_rows: int) -> None:
    """Fill `tablespace` to the last byte but `reserve_rows` rows of about 1 KB, so the burst
    meets a full disk after a few hundred events whatever the machine's speed."""
    row = "SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 30)"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE hc_reserve (filler text) TABLESPACE {tablespace}")
        conn.execute(f"INSERT INTO hc_reserve SELECT ({row}) FROM generate_series(1, %s)",
                     (reserve_rows,))
        conn.execute(f"CREATE TABLE hc_filler (filler text) TABLESPACE {tablespace}")
        try:
            for _ in range(10_000):
                conn.execute(f"INSERT INTO hc_filler SELECT ({row}) FROM generate_series(1, 50)")
        except psycopg.errors.DiskFull:
            pass
        else:
            raise AssertionError(f"tablespace {tablespace} never filled up")
        conn.execute("DROP TABLE hc_reserve")   # what is left: room for a few hundred events


@pytest.fixture
def tiny_tablespace(postgres_server, postgres_url):
    """A 1 MB tmpfs tablespace: the disk a database fills up (needs root, as in CI)."""
    folder = Path(f"/tmp/helpcenter-tiny-{os.getpid()}")
    folder.mkdir(mode=0o755)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(folder)],
                   check=True, capture_output=True)
    try:
        shutil.chown(folder, "postgres", "postgres")
        name = f"hc_tiny_{os.getpid()}"
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f"CREATE TABLESPACE {name} LOCATION '{folder}'")
        fill_leaving(postgres_server, name, reserve_rows=160)
        yield name
        with psycopg.connect(postgres_server, autocommit=True) as conn:  # its tables first
            conn.execute("DROP TABLE IF EXISTS hc_filler")
            conn.execute(f'DROP DATABASE IF EXISTS "{postgres_url.rsplit("/", 1)[1]}" '
                         "WITH (FORCE)")
            conn.execute(f"DROP TABLESPACE IF EXISTS {name}")
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        folder.rmdir()


def test_a_full_database_answers_503_and_acknowledges_nothing_it_did_not_store(
        postgres_url, site_dir, tmp_path, tiny_tablespace):
    with collectors(postgres_url, site_dir, tmp_path) as pair:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"ALTER TABLE events SET TABLESPACE {tiny_tablespace}")
            for index in ("events_pkey", "events_event_id_key", "events_received_at",
                          "events_article"):
                conn.execute(f"ALTER INDEX {index} SET TABLESPACE {tiny_tablespace}")
        with Burst(pair) as burst:
            deadline = time.monotonic() + BURST_SECONDS
            while burst.statuses[503] < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
        assert burst.statuses[503] >= 20, burst.statuses
        assert burst.statuses[200] > 0
        assert_every_ack_stored_once(burst, postgres_url)
        with psycopg.connect(postgres_url, autocommit=True) as conn:  # space again: recovers
            conn.execute("ALTER TABLE events SET TABLESPACE pg_default")
            for index in ("events_pkey", "events_event_id_key", "events_received_at",
                          "events_article"):
                conn.execute(f"ALTER INDEX {index} SET TABLESPACE pg_default")
        assert all(recovers(c) for c in pair)

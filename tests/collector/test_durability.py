"""Durability: kill -9 the real `helpcenter collect` during a burst; every 2xx'd event survives.
Also the command line's own errors (bad --db, no manifest, bad --allow-origin)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from helpcenter.store import open_store
from tests.collector.support import dumps, make_event

JSON = {"Content-Type": "application/json"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_collector(db: Path, site_dir: Path, port: int, cwd: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "helpcenter.cli", "collect", "--db", f"sqlite:///{db}",
         "--site-dir", str(site_dir), "--port", str(port), "--rate-limit", "0"],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"collector exited: {process.stdout.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("collector did not come up")


def test_every_acknowledged_event_survives_kill_9(site_dir, tmp_path):
    db = tmp_path / "events.sqlite3"
    port = free_port()
    process = start_collector(db, site_dir, port, tmp_path)
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def burst() -> None:
        with httpx.Client(timeout=5) as client:
            while not stop.is_set():
                batch = [make_event() for _ in range(5)]
                try:
                    response = client.post(f"http://127.0.0.1:{port}/api/events",
                                           content=dumps({"events": batch}), headers=JSON)
                except httpx.TransportError:
                    return  # the collector is gone
                if response.status_code == 200:
                    with lock:
                        acknowledged.extend(e["id"] for e in batch)

    threads = [threading.Thread(target=burst) for _ in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < 1500 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)  # mid-burst: requests are in flight
    process.wait()
    stop.set()
    for thread in threads:
        thread.join()
    assert len(acknowledged) >= 1500

    with open_store(db) as store:  # recovers the WAL
        stored = {row["event_id"] for row in store.iter_rows()}
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged events were lost"

    process = start_collector(db, site_dir, port, tmp_path)  # and it starts again on that store
    try:
        replay = httpx.post(f"http://127.0.0.1:{port}/api/events",
                            content=dumps({"events": [{**make_event(), "id": acknowledged[0]}]}),
                            headers=JSON)
        assert replay.status_code == 409
        assert httpx.post(f"http://127.0.0.1:{port}/api/events", content=dumps(make_event()),
                          headers=JSON).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpcenter.cli", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=60)


def test_collect_refuses_other_databases_with_one_sentence(site_dir, tmp_path):
    result = run_cli("collect", "--db", "mysql://db/events", "--site-dir", str(site_dir),
                     cwd=tmp_path)
    assert result.returncode == 1
    assert "unsupported store 'mysql'" in result.stderr
    assert "Traceback" not in result.stderr


def test_collect_needs_a_built_site(tmp_path):
    result = run_cli("collect", "--db", f"sqlite:///{tmp_path / 'e.db'}", "--site-dir",
                     str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 1
    assert "--site-dir" in result.stderr and "helpcenter build" in result.stderr
    assert "Traceback" not in result.stderr


def test_collect_checks_allowed_origins(site_dir, tmp_path):
    result = run_cli("collect", "--db", f"sqlite:///{tmp_path / 'e.db'}", "--site-dir",
                     str(site_dir), "--allow-origin", "help.example.com/path", cwd=tmp_path)
    assert result.returncode == 1
    assert "--allow-origin 'help.example.com/path'" in result.stderr


def test_collect_help_has_an_example(tmp_path):
    result = run_cli("collect", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Example:" in result.stdout and "--allow-origin" in result.stdout


def test_collect_says_when_the_port_is_taken(site_dir, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("collect", "--db", f"sqlite:///{tmp_path / 'e.db'}", "--site-dir",
                         str(site_dir), "--port", str(port), cwd=tmp_path)
    assert result.returncode == 1
    assert f"--port {port}: cannot listen" in result.stderr and "Traceback" not in result.stderr

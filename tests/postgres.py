"""A real PostgreSQL server for the tests: one fresh database per test, dropped afterwards.

`.ci/run` starts the cluster and exports HELPCENTER_TEST_POSTGRES_URL (a role allowed to create
databases; superuser for the fault tests) and HELPCENTER_TEST_POSTGRES_CLUSTER ("15 main", for
`pg_ctlcluster`). In CI (CI=true) a missing server fails these tests; elsewhere they skip.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

URL_VARIABLE = "HELPCENTER_TEST_POSTGRES_URL"
CLUSTER_VARIABLE = "HELPCENTER_TEST_POSTGRES_CLUSTER"
_names = itertools.count()


def _missing(what: str) -> None:
    message = f"{what} is not set: run the tests through .ci/run, which starts PostgreSQL"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def with_database(url: str, name: str) -> str:
    """`url` pointing at database `name` instead."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def admin(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=5)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of the test server (fails in CI when there is none)."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        _missing(URL_VARIABLE)
    return url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database for one test; its URL. Dropped (connections closed) afterwards."""
    name = f"hc_test_{os.getpid()}_{next(_names)}"
    with admin(postgres_server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield with_database(postgres_server, name)
    with admin(postgres_server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_cluster(postgres_server: str) -> list[str]:
    """`pg_ctlcluster VERSION NAME` for the fault tests that restart the server."""
    cluster = os.environ.get(CLUSTER_VARIABLE, "").split()
    if len(cluster) != 2:
        _missing(CLUSTER_VARIABLE)
    return ["pg_ctlcluster", *cluster]


def restart_server(cluster: list[str]) -> None:
    subprocess.run([*cluster, "restart", "-m", "fast"], check=True, timeout=120,
                   capture_output=True)

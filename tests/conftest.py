"""Shared fixtures: one real demo build per test session, a static server on loopback and a real
Chromium (Debian's package, driven by Playwright; nothing downloads a browser)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from tests.postgres import postgres_cluster, postgres_server, postgres_url  # noqa: F401 (fixtures)

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def missing_requirements(pyproject: Path) -> list[str]:
    """Distributions pyproject.toml asks for (runtime + test extras) that are not installed."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    missing = []
    for requirement in wanted:
        name = requirement.split(";")[0].split("[")[0]
        name = name.split(">")[0].split("<")[0].split("=")[0].split("!")[0].split("~")[0].strip()
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def pytest_configure(config) -> None:
    """An environment installed before a dependency was added says so in one sentence,
    instead of an ImportError per test module."""
    missing = missing_requirements(Path(__file__).resolve().parent.parent / "pyproject.toml")
    if missing:
        raise pytest.UsageError(
            f"not installed in this environment: {', '.join(missing)}; run ./scripts/test.sh "
            "(or .venv/bin/pip install -e '.[test]') to bring it up to date")
# Every test runs on one fixed day, through the project's one clock (helpcenter.clock): in-process
# code and every subprocess (builds, `helpcenter new`, the collector) see this moment, never the
# calendar. Tests that need another moment use `clock.pin(...)` or monkeypatch this variable.
PINNED_NOW = "2026-11-22T09:00:00Z"
os.environ["HELPCENTER_NOW"] = PINNED_NOW


def helpcenter(*args: str, cwd: Path = REPO, check: bool = False,
               env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `helpcenter` command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "helpcenter.cli", *args], cwd=cwd, text=True,
                          capture_output=True, check=check, timeout=600,
                          env={**os.environ, **(env or {})})


def wait_for_js(page, expression: str, timeout: float = 10.0) -> None:
    """Poll `expression` in the page until it is truthy.

    Playwright's own wait_for_function evaluates its string with eval() inside the page, which
    the site's Content-Security-Policy (no 'unsafe-eval') forbids; page.evaluate is not affected.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for: {expression}")
        time.sleep(0.05)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo help center, built once per session with `helpcenter build`."""
    site = tmp_path_factory.mktemp("demo") / "site"
    result = helpcenter("build", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


# The engines the site must build with (docs/engines.md): MkDocs 1.6.1 and ProperDocs 1.6.x, each
# through its own command line, which loads our plugins from the same `mkdocs.plugins` entry points.
ENGINES = ("mkdocs", "properdocs")


def engine_build(engine: str, site: Path, config: Path = REPO / "mkdocs.yml",
                 *args: str) -> subprocess.CompletedProcess:
    """`mkdocs build` or `properdocs build` of `config` into `site`, in a subprocess."""
    return subprocess.run([sys.executable, "-m", engine, "build", "-q", "-f", str(config),
                           "-d", str(site), *args], cwd=config.parent, text=True,
                          capture_output=True, timeout=600, env=os.environ.copy())


@pytest.fixture(scope="session", params=("helpcenter", *ENGINES))
def built_site(request, tmp_path_factory) -> Path:
    """The demo as built by `helpcenter build` (the demo_site), `mkdocs build` and `properdocs
    build`: the build tests take this fixture and so run on every engine."""
    if request.param == "helpcenter":
        return request.getfixturevalue("demo_site")
    site = tmp_path_factory.mktemp(f"demo-{request.param}") / "site"
    result = engine_build(request.param, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve_directory(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_server(demo_site):
    """Base URL (no trailing slash) of a static HTTP server on loopback serving `demo_site`."""
    server, url = serve_directory(demo_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def split_demo_site(demo_site, tmp_path_factory) -> Path:
    """A copy of `demo_site` whose search indexes are split into small term shards (a large
    site's layout: helpcenter.search.split), holding the very data of the one-file indexes."""
    from tests.helpcenter.search.split_site import write_split_copy

    site = tmp_path_factory.mktemp("demo-split") / "site"
    shutil.copytree(demo_site, site)
    return write_split_copy(demo_site, site, shard_bytes=300)


@pytest.fixture(scope="session")
def split_site_server(split_demo_site):
    """Base URL of a static HTTP server on loopback serving `split_demo_site`."""
    server, url = serve_directory(split_demo_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, with a fresh profile (Playwright makes a new
    --user-data-dir for every launch). Each test should open its own context."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    """A fresh 360 × 740 phone-sized browser context (no shared storage between tests)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="en-US")
    yield context
    context.close()


@pytest.fixture
def demo_project(tmp_path) -> Path:
    """A writable copy of the demo help center (mkdocs.yml, overrides, content)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture
def project_tree(tmp_path):
    """A writable copy of mkdocs.yml, overrides and content data files without any article."""
    return copy_project(tmp_path / "project")


def copy_project(root: Path) -> Path:
    """Copy mkdocs.yml, overrides and the content data files (no article) into `root`."""
    (root / "content").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    for entry in (REPO / "content").iterdir():  # interface strings and data files, no articles
        if entry.is_dir() and entry.name.startswith("_"):
            shutil.copytree(entry, root / "content" / entry.name)
        elif entry.is_file():
            shutil.copy(entry, root / "content" / entry.name)
    return root

"""Fixture trees for `helpcenter check`: tests/fixtures/check/<problem>/, one tree per problem."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from helpcenter.checks import run_checks
from helpcenter.checks.runner import CheckReport
from helpcenter.cli import main
from helpcenter.project import Project, load_project

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "check"
TODAY = dt.date(2026, 11, 22)


def fixture_project(name: str) -> Project:
    return load_project(FIXTURES / name / "mkdocs.yml")


def check_fixture(name: str) -> CheckReport:
    return run_checks(fixture_project(name), today=TODAY)


def problem_lines(report: CheckReport) -> list[str]:
    return [str(p) for p in report.problems]


def run_cli(*args: str, root: Path | None = None) -> Result:
    """`helpcenter ...` in-process, in `root` (so relative paths work as for a writer)."""
    runner = CliRunner()
    old = os.getcwd()
    try:
        if root is not None:
            os.chdir(root)
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def fixture_copy(tmp_path):
    """A writable copy of a fixture tree."""
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target
    return copy

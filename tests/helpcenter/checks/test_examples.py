"""The pre-commit configuration and the CI workflow in docs/examples/ work as written."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
from pathlib import Path

import yaml

from tests.helpcenter.checks.conftest import FIXTURES, run_cli

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def test_pre_commit_hook_runs_helpcenter_check_on_content_changes():
    config = yaml.safe_load((EXAMPLES / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert config["repos"][0]["repo"] == "local" and hook["language"] == "system"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "content/ko/account/reset-password.md")
    assert re.search(hook["files"], "mkdocs.yml") and not re.search(hook["files"], "README.md")
    command = shlex.split(hook["entry"])
    assert command[:2] == ["helpcenter", "check"]
    assert run_cli(*command[1:], "--today", "2026-11-22", root=FIXTURES / "clean").exit_code == 0
    failing = run_cli(*command[1:], root=FIXTURES / "broken-link")
    assert failing.exit_code == 1 and "content/en/account/sign-in.md:10: error:" in failing.output


def workflow() -> dict:
    return yaml.safe_load((EXAMPLES / "helpcenter-check.yml").read_text(encoding="utf-8"))


def test_workflow_runs_on_content_pull_requests_and_weekly():
    flow = workflow()
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as true
    assert "content/**" in triggers["pull_request"]["paths"]
    assert triggers["schedule"][0]["cron"]
    steps = flow["jobs"]["check"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "helpcenter check --format json > check.json" in runs
    assert "helpcenter build --strict" in runs


def test_workflow_annotation_script_turns_problems_into_workflow_commands(tmp_path):
    steps = workflow()["jobs"]["check"]["steps"]
    script = next(s["run"] for s in steps if s.get("name") == "Annotate the pull request")
    result = run_cli("check", "--format", "json", root=FIXTURES / "broken-link")
    (tmp_path / "check.json").write_text(result.output, encoding="utf-8")
    out = io.StringIO()
    old = os.getcwd()
    try:
        os.chdir(tmp_path)
        with contextlib.redirect_stdout(out):
            exec(compile(script, "annotate", "exec"), {})  # noqa: S102 - our own example
    finally:
        os.chdir(old)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("::error file=content/en/account/sign-in.md,line=10,title=link-broken::"
                        "broken link 'reset-pasword.md': there is no article "
                        "account/reset-pasword (did you mean 'reset-password.md'?)")
    assert lines[2].startswith("::warning file=content/en/account/sign-in.md,line=12,")
    assert lines[-1] == "2 error(s), 1 warning(s)"
    assert len(json.loads(result.output)["problems"]) == len(lines) - 1

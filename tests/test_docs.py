"""Documentation that cannot drift: the CLI reference, the README's commands and CI."""

import re

from helpcenter.cli import main as cli_main
from helpcenter.clidoc import render
from tests.conftest import REPO


def test_cli_reference_matches_the_real_help():
    assert (REPO / "docs/cli.md").read_text(encoding="utf-8") == render(), (
        "docs/cli.md is out of date: run `python -m helpcenter.clidoc > docs/cli.md`")


def test_every_command_has_an_example_in_its_help():
    for name, command in cli_main.commands.items():
        assert "Example" in (command.help or ""), name


def test_readme_mentions_only_commands_that_exist():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"helpcenter ([a-z][a-z-]+)", readme))
    assert mentioned, "the README should show the commands"
    assert mentioned <= set(cli_main.commands), mentioned - set(cli_main.commands)


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert "./scripts/test.sh" in readme
    assert re.search(r"^\./scripts/test\.sh\b", ci, re.M)
    assert "./scripts/demo.sh" in readme and (REPO / "scripts/demo.sh").exists()

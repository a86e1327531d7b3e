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


def test_a_stale_environment_is_named_in_one_sentence(tmp_path):
    from tests.conftest import missing_requirements

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["click>=8.1", "no-such-dist-hc[x]>=1; '
                         'python_version>\'3\'"]\n[project.optional-dependencies]\n'
                         'test = ["pytest>=8", "another-missing-hc==1.0"]\n', encoding="utf-8")
    assert missing_requirements(pyproject) == ["no-such-dist-hc", "another-missing-hc"]
    assert missing_requirements(REPO / "pyproject.toml") == []

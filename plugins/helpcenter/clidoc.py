"""Generate docs/cli.md from the real `--help` of every command, so the reference cannot drift.

    python -m helpcenter.clidoc > docs/cli.md

tests/test_docs.py fails when docs/cli.md differs from what this prints.
"""

from __future__ import annotations

import click

from helpcenter.cli import main as cli_main

HEADER = """# Command-line reference

Generated from `helpcenter COMMAND --help` by `python -m helpcenter.clidoc > docs/cli.md`; a test
fails when this page and the code disagree.
"""


def _context(command: click.Command, name: str) -> click.Context:
    """A context as the real command line makes it (its context_settings: -h, width)."""
    settings = {"terminal_width": 100, **command.context_settings}
    return click.Context(command, info_name=name, **settings)


def command_help(name: str, command: click.Command) -> str:
    with _context(command, f"helpcenter {name}") as context:
        return command.get_help(context)


def render() -> str:
    """The Markdown reference: the group's help, then every command's, in alphabetical order."""
    parts = [HEADER]
    with _context(cli_main, "helpcenter") as context:
        parts.append(f"```text\n{cli_main.get_help(context)}\n```\n")
    for name in sorted(cli_main.commands):
        command = cli_main.commands[name]
        if command.hidden:
            continue
        parts.append(f"## `helpcenter {name}`\n\n```text\n{command_help(name, command)}\n```\n")
        for sub in sorted(getattr(command, "commands", {})):  # a group: its commands too
            full = f"{name} {sub}"
            parts.append(f"## `helpcenter {full}`\n\n```text\n"
                         f"{command_help(full, command.commands[sub])}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")

"""The writer's guide shows commands that exist, with options that exist."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from helpcenter.checks.source import scan
from helpcenter.cli import main

DOCS = Path(__file__).resolve().parents[3] / "docs"
GUIDE = (DOCS / "writers-guide.md").read_text(encoding="utf-8")


def commands() -> list[list[str]]:
    found, in_code = [], False
    for line in GUIDE.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        line = line.split("  #")[0].strip()
        if in_code and line.startswith("helpcenter "):
            found.append(shlex.split(line))
    return found


def test_the_guide_shows_the_writer_commands():
    names = {words[1] for words in commands()}
    assert {"new", "serve", "check"} <= names


@pytest.mark.parametrize("words", commands(), ids=lambda w: " ".join(w))
def test_every_option_in_the_guide_exists(words):
    command = main.commands[words[1]]
    known = {opt for param in command.params for opt in [*param.opts, *param.secondary_opts]}
    for word in words[2:]:
        if word.startswith("--"):
            assert word.split("=")[0] in known, f"{word} is not an option of {words[1]}"


def test_the_guide_links_to_files_that_exist():
    links = scan(GUIDE).links  # the checks' own scanner: links in code are examples
    assert len(links) >= 5
    for link in links:
        target = link.target.split("#")[0]
        if target and not target.startswith("http"):
            assert (DOCS / target).exists(), target

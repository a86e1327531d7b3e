"""The engine's first-use caches are filled once before the locale processes fork: the code
fences' languages found, their lexers compiled, a broken configuration left to the processes."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from pygments.lexers import find_lexer_class_by_name

from helpcenter.mkdocs_plugins.engine_warmup import code_languages, warm_engine
from helpcenter.project import load_project
from tests.conftest import REPO


def content(*bodies: str) -> SimpleNamespace:
    """What warm_engine reads of a content model: its articles' bodies."""
    return SimpleNamespace(articles={"en": {f"a/{n}": SimpleNamespace(body=body)
                                            for n, body in enumerate(bodies)}})


def test_the_languages_of_every_code_fence_are_found():
    center = content("```Python\nx = 1\n```\n\ntext ```not a fence```\n",
                     "  ~~~ yaml\nk: v\n~~~\n\n````.bash\nls\n````\n",
                     "```\nno language\n```\n", "```nginx title=\"conf\"\nserver {}\n```")
    assert code_languages(center) == {"python", "yaml", "bash", "nginx"}
    assert code_languages(None) == set()


def test_the_lexers_of_the_contents_languages_are_compiled_before_forking():
    lexer = find_lexer_class_by_name("nginx")
    if "_tokens" in lexer.__dict__:   # compiled by an earlier test in this process
        del lexer._tokens
    warm_engine(load_project(REPO / "mkdocs.yml"), content("```nginx\nserver {}\n```",
                                                           "```no-such-language\nx\n```"))
    assert "_tokens" in lexer.__dict__


def test_a_configuration_mkdocs_rejects_is_left_to_the_locale_processes(tmp_path, caplog):
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(text.replace("  - helpcenter-search", "  - no-such-plugin"),
                      encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="mkdocs"):
        warm_engine(load_project(broken), None)   # no exception, nothing said here
        assert logging.getLogger("mkdocs").level == logging.DEBUG   # as it was
    assert caplog.records == []

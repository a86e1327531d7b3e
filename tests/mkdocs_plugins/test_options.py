"""Plugin options are typed config options, and docs/plugins.md documents every one of them with
its real default (it cannot drift from the config classes)."""

from __future__ import annotations

import re
from importlib.metadata import entry_points

import pytest
from mkdocs.config import config_options as c

from helpcenter.mkdocs_plugins.options import WholeNumber
from tests.conftest import REPO

DOC = REPO / "docs/plugins.md"
ROW = re.compile(r"^\| `(?P<name>[a-z_]+)` \| (?P<type>[^|]+) \| (?P<default>[^|]+) \| (?P<what>.+) \|$")


def our_plugins() -> dict[str, type]:
    """Every plugin this distribution registers with MkDocs, by its mkdocs.yml name."""
    return {entry.name: entry.load() for entry in entry_points(group="mkdocs.plugins")
            if entry.value.startswith("helpcenter.")}


def documented() -> dict[str, dict[str, dict[str, str]]]:
    """{plugin: {option: {type, default, what}}} from the tables in docs/plugins.md."""
    tables: dict[str, dict[str, dict[str, str]]] = {}
    plugin = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## `([a-z-]+)`$", line)
        if heading:
            plugin = tables.setdefault(heading.group(1), {})
        elif plugin is not None and (row := ROW.match(line)):
            plugin[row["name"]] = {k: row[k].strip() for k in ("type", "default", "what")}
    return tables


def shown_default(option) -> str:
    """The default as docs/plugins.md writes it: YAML in backticks, or 'unset'."""
    value = option.default
    if value is None:
        return "unset"
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def test_every_plugin_option_is_documented_with_its_default():
    plugins, tables = our_plugins(), documented()
    assert {"helpcenter-content", "helpcenter-feedback", "helpcenter-search",
            "helpcenter-contact"} <= set(plugins)  # the four, and any new one must be here too
    for name, plugin in plugins.items():
        options = dict(plugin.config_class._schema)
        assert name in tables, f"docs/plugins.md has no section for {name}"
        assert set(tables[name]) == set(options), (name, set(options) ^ set(tables[name]))
        for key, option in options.items():
            row = tables[name][key]
            assert row["default"] == shown_default(option), (name, key)
            assert len(row["what"]) > 10, (name, key)
            if isinstance(option, WholeNumber):
                assert row["type"] == f"whole number {option.minimum}–{option.maximum}", (name, key)
            elif isinstance(option, c.Type) and option._type is bool:
                assert row["type"] == "boolean", (name, key)


def test_the_contact_page_default_is_the_page_helpcenter_contact_generates():
    content = our_plugins()["helpcenter-content"].config_class()
    content.load_dict({})
    assert content.validate() == ([], [])
    assert content.contact_page == "contact"


@pytest.mark.parametrize("plugin, option, value", [
    ("helpcenter-feedback", "queue_limit", 0), ("helpcenter-feedback", "queue_limit", True),
    ("helpcenter-search", "snippet_chars", 20001), ("helpcenter-search", "snippet_chars", "400"),
    ("helpcenter-contact", "article_channels", -1), ("helpcenter-content", "related_articles", 51),
    ("helpcenter-content", "write_manifest", "yes"),
])
def test_a_bad_value_is_refused_naming_the_option(plugin, option, value):
    config = our_plugins()[plugin].config_class()
    config.load_dict({option: value})
    errors, _ = config.validate()
    assert [key for key, _ in errors] == [option]
    assert repr(value) in str(errors[0][1]) or "Expected type" in str(errors[0][1])


def test_whole_numbers_accept_their_bounds():
    config = our_plugins()["helpcenter-feedback"].config_class()
    config.load_dict({"queue_limit": 1000})
    assert config.validate() == ([], [])
    assert config.queue_limit == 1000

"""The project's configuration, read from mkdocs.yml without importing MkDocs.

mkdocs.yml is the one place where locales and plugin options are set; the CLI, `check`, the report
and the collector read it through here so that they agree with the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpcenter.locales import Locale
from helpcenter.problems import yaml_error_at

DEFAULT_CONFIG = "mkdocs.yml"
# The project's git-ignored working folder: the preview's events, its site, the trash, caches.
WORK_DIR = Path(".helpcenter")
I18N_PLUGIN = "i18n"


class ProjectError(ValueError):
    """mkdocs.yml is missing or does not describe a help center; the message says what to fix."""


class _TolerantLoader(yaml.SafeLoader):
    """Safe loader that accepts MkDocs' python/ENV tags without executing anything."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass
class Project:
    """Where the content is and which locales and plugin options the site is built with."""

    root: Path
    config_file: Path
    docs_dir: Path
    site_dir: Path
    site_name: str
    locales: list[Locale]
    plugins: dict[str, dict] = field(default_factory=dict)

    @property
    def default_locale(self) -> Locale:
        return next(loc for loc in self.locales if loc.default)

    @property
    def locale_codes(self) -> list[str]:
        return [loc.code for loc in self.locales]

    def locale(self, code: str) -> Locale:
        for loc in self.locales:
            if loc.code == code:
                return loc
        known = ", ".join(self.locale_codes)
        raise ProjectError(f"unknown locale '{code}': this help center has {known}")

    def plugin_options(self, name: str) -> dict:
        return self.plugins.get(name, {})


def _plugin_entries(raw: object) -> dict[str, dict]:
    entries: dict[str, dict] = {}
    if isinstance(raw, dict):
        raw = [{k: v} for k, v in raw.items()]
    for item in raw or []:
        if isinstance(item, str):
            entries[item] = {}
        elif isinstance(item, dict):
            for name, options in item.items():
                entries[str(name)] = options if isinstance(options, dict) else {}
    return entries


def load_project(config_file: str | Path = DEFAULT_CONFIG) -> Project:
    """Read mkdocs.yml; raise ProjectError with a sentence naming the file and option at fault."""
    path = Path(config_file)
    if not path.is_file():
        raise ProjectError(
            f"{path}: no such file; run the command from the help center's folder or pass "
            "--config-file"
        )
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.YAMLError as exc:
        line, reason = yaml_error_at(exc)
        raise ProjectError(f"{path}:{line}: not valid YAML ({reason})") from None
    if not isinstance(data, dict):
        raise ProjectError(f"{path}: expected 'key: value' settings at the top level")
    root = path.resolve().parent
    plugins = _plugin_entries(data.get("plugins"))
    i18n = plugins.get(I18N_PLUGIN)
    if not i18n or not i18n.get("languages"):
        raise ProjectError(f"{path}: the '{I18N_PLUGIN}' plugin with its 'languages' is required")
    locales = []
    for entry in i18n["languages"]:
        if not isinstance(entry, dict) or "locale" not in entry:
            raise ProjectError(f"{path}: every i18n language needs a 'locale'")
        locales.append(Locale(code=str(entry["locale"]), name=str(entry.get("name", entry["locale"])),
                              default=bool(entry.get("default", False))))
    if sum(loc.default for loc in locales) != 1:
        raise ProjectError(f"{path}: exactly one i18n language must have 'default: true'")
    return Project(
        root=root,
        config_file=path.resolve(),
        docs_dir=(root / str(data.get("docs_dir", "docs"))).resolve(),
        site_dir=(root / str(data.get("site_dir", "site"))).resolve(),
        site_name=str(data.get("site_name", "")),
        locales=locales,
        plugins=plugins,
    )

"""What every help center plugin needs from MkDocs: the project, the locale being built, and
whether this is the top-level build or one of mkdocs-static-i18n's nested per-locale builds.

`helpcenter build` runs one engine process per locale (see `locale_build.py`); such a process
builds its one locale once, as a top-level build, and only the default locale's process writes the
files the site has once (manifest, event configuration).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from helpcenter.locales import UI_DIR, Locale, UIStrings, load_ui_strings
from helpcenter.project import I18N_PLUGIN, Project


def i18n_plugin(config: MkDocsConfig):
    plugin = config.plugins.get(I18N_PLUGIN)
    if plugin is None:
        raise PluginError("the help center needs the 'i18n' plugin (mkdocs-static-i18n) in "
                          "mkdocs.yml, with its languages")
    return plugin


class LocaleProcess:
    """Set by a per-locale build process: the locale it builds, and whether it writes the
    site-wide files."""

    locale: str | None = None
    site_files: bool = True


def current_locale(config: MkDocsConfig) -> str:
    plugin = i18n_plugin(config)
    return plugin.current_language or plugin.default_language


def is_top_level_build(config: MkDocsConfig) -> bool:
    """True once per `mkdocs build`: static-i18n builds the other locales from its post_build.

    In a per-locale process the one build is the top-level build."""
    return LocaleProcess.locale is not None or not i18n_plugin(config).building


def built_locales(project: Project) -> list[Locale]:
    """The locales this process writes pages and indexes for: all, or its own."""
    if LocaleProcess.locale is None:
        return project.locales
    return [loc for loc in project.locales if loc.code == LocaleProcess.locale]


def writes_site_files() -> bool:
    """Whether this process writes the files the site has once (manifest, event configuration)."""
    return LocaleProcess.locale is None or LocaleProcess.site_files


def project_from_config(config: MkDocsConfig) -> Project:
    """The library's view of this MkDocs configuration (honours --site-dir and docs_dir)."""
    plugin = i18n_plugin(config)
    locales = [Locale(lang.locale, lang.name, bool(lang.default))
               for lang in plugin.config.languages if lang.build]
    plugins = {name: dict(getattr(p, "config", {}) or {}) for name, p in config.plugins.items()}
    config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
    return Project(root=config_file.parent, config_file=config_file,
                   docs_dir=Path(config.docs_dir).resolve(), site_dir=Path(config.site_dir).resolve(),
                   site_name=config.site_name, locales=locales, plugins=plugins)


_ui_cache: dict[tuple, dict[str, UIStrings]] = {}


def ui_strings(project: Project) -> dict[str, UIStrings]:
    """Every built locale's interface strings; a broken strings file stops the build clearly.

    Every plugin asks for them: the files are read once per build (again when one changes)."""
    folder = project.docs_dir / UI_DIR
    stamps = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                          for p in folder.glob("*.yml"))) if folder.is_dir() else ()
    key = (str(project.docs_dir), tuple(project.locale_codes), project.default_locale.code, stamps)
    if key not in _ui_cache:
        try:
            _ui_cache.clear()
            _ui_cache[key] = {
                loc.code: load_ui_strings(project.docs_dir, loc.code, project.default_locale.code)
                for loc in project.locales}
        except ValueError as exc:
            raise PluginError(str(exc)) from None
    return _ui_cache[key]

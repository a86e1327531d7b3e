"""Locales and the user-interface strings shown in each one.

Locales are configured once, in mkdocs.yml (the i18n plugin's `languages`). UI strings live in
`content/_ui/<locale>.yml`; a missing string falls back to the default locale's, so adding a locale
never breaks a page, it only shows some English until translated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpcenter.yamlsource import YAMLFileError, line_of, read_yaml_file

UI_DIR = "_ui"


@dataclass(frozen=True)
class Locale:
    """A language the help center is built in."""

    code: str
    name: str
    default: bool = False

    @property
    def url_prefix(self) -> str:
        """Site-relative folder of this locale's pages: '' for the default locale, 'ko/' otherwise."""
        return "" if self.default else f"{self.code}/"


RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}


def text_direction(code: str) -> str:
    """'rtl' for languages written right to left, else 'ltr' (for dir= on foreign text)."""
    return "rtl" if code.replace("_", "-").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def page_url(locale: Locale, path: str = "") -> str:
    """Site-relative URL (no leading slash) of a page such as 'account/reset-password'."""
    path = path.strip("/")
    return f"{locale.url_prefix}{path}/" if path else locale.url_prefix


class UIStrings:
    """Translations of the interface for one locale, with the default locale as fallback."""

    def __init__(self, strings: dict[str, str], fallback: dict[str, str] | None = None):
        self._strings = strings
        self._fallback = fallback or {}

    def __getitem__(self, key: str) -> str:
        if key in self._strings:
            return self._strings[key]
        return self._fallback.get(key, key)

    def get(self, key: str, default: str = "") -> str:
        return self._strings.get(key, self._fallback.get(key, default))

    def format(self, key: str, **values: object) -> str:
        return self[key].format(**values)

    def as_dict(self, prefix: str = "") -> dict[str, str]:
        merged = {**self._fallback, **self._strings}
        return {k: v for k, v in merged.items() if k.startswith(prefix)}


class UIStringsError(ValueError):
    """A `_ui/<locale>.yml` file that cannot be used; `line` and `message` for file:line reports."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def read_ui_file(path: Path) -> dict[str, str]:
    """Read one `_ui/<locale>.yml`; raise UIStringsError naming the file and line.

    Every value must be one piece of text: a list (`[How, can, we, help]`), a mapping or an
    empty value would otherwise reach the page as Python's rendering of it.
    """
    try:
        data, node = read_yaml_file(path, what="interface strings")
    except YAMLFileError as exc:
        message = exc.message
        if message.startswith("not valid YAML"):
            message = f"interface strings are {message}"
        raise UIStringsError(path, exc.line, message) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise UIStringsError(path, line_of(node) if node is not None else None,
                             "interface strings must be 'key: text' lines")
    for key_node, value_node in node.value:
        value = data[str(key_node.value)]
        if not isinstance(value, str):
            shown = "empty" if value is None else "a list" if isinstance(value, list) else \
                "a mapping"
            raise UIStringsError(path, line_of(value_node), f"'{key_node.value}' must be one "
                                 f"piece of text, not {shown}; quote it if it contains ', ' "
                                 "or starts with '['")
    return data


def load_ui_strings(content_dir: Path, locale: str, default_locale: str) -> UIStrings:
    """Interface strings for `locale`, falling back to the default locale's file."""
    base = content_dir / UI_DIR
    fallback = read_ui_file(base / f"{default_locale}.yml") if (
        base / f"{default_locale}.yml").exists() else {}
    own_path = base / f"{locale}.yml"
    own = read_ui_file(own_path) if own_path.exists() and locale != default_locale else {}
    return UIStrings(own or fallback, fallback)


_DATE_FORMATS = {
    "ko": "{y}년 {m}월 {d}일",
    "ja": "{y}年{m}月{d}日",
    "zh": "{y}年{m}月{d}日",
}


def format_date(value: dt.date, locale: str) -> str:
    """A long, localized date ('November 1, 2026', '2026년 11월 1일', '2026年11月1日')."""
    try:
        from babel.dates import format_date as babel_format_date

        return babel_format_date(value, format="long", locale=locale.replace("-", "_"))
    except Exception:  # babel missing or locale unknown to babel: use a plain pattern
        pattern = _DATE_FORMATS.get(locale.split("-")[0])
        if pattern:
            return pattern.format(y=value.year, m=value.month, d=value.day)
        return value.isoformat()

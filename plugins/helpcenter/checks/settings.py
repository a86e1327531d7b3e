"""Settings of `helpcenter check`, read from files writers can edit in the content repository.

- `content/_check.yml` (optional): the default review interval and plain-language limits.
- `content/_jargon.yml` (optional): per locale, jargon terms and the plain words to use instead.

Both live in the content folder (excluded from the build by `exclude_docs: _*.yml`), so a change to
the rules is reviewed in the same pull request as the content. A malformed file is reported as a
problem naming the file and line; the defaults are used instead, so one typo never hides every
other finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpcenter.problems import Problem
from helpcenter.yamlsource import YAMLFileError, read_yaml_file

CHECK_FILE = "_check.yml"
JARGON_FILE = "_jargon.yml"
DEFAULT_REVIEW_INTERVAL_DAYS = 180
MAX_SETTINGS_BYTES = 1024 * 1024
# Languages written without spaces between words, or whose words are long compounds: their
# sentence and paragraph lengths are counted in characters (letters and digits), not words.
CHARACTER_LANGUAGES = {"ja", "zh", "ko", "th", "lo", "km", "my"}


@dataclass(frozen=True)
class LengthLimits:
    """When a sentence or paragraph is long enough to deserve a plain-language warning."""

    unit: str  # "words" or "characters"
    sentence: int
    paragraph: int


DEFAULT_LIMITS = {
    "words": LengthLimits("words", sentence=30, paragraph=100),
    "characters": LengthLimits("characters", sentence=80, paragraph=250),
}
# Korean has spaces but its words are agglutinated; counted in characters with a lower ceiling.
LOCALE_LIMITS = {"ko": LengthLimits("characters", sentence=70, paragraph=220)}


@dataclass
class CheckSettings:
    review_interval_days: int = DEFAULT_REVIEW_INTERVAL_DAYS
    limits: dict[str, LengthLimits] = field(default_factory=dict)  # by locale
    jargon: dict[str, dict[str, str]] = field(default_factory=dict)  # locale -> term -> instead
    jargon_lines: dict[tuple[str, str], int] = field(default_factory=dict)

    def limits_for(self, locale: str) -> LengthLimits:
        if locale in self.limits:
            return self.limits[locale]
        if locale in LOCALE_LIMITS:
            return LOCALE_LIMITS[locale]
        language = locale.split("-")[0].split("_")[0].lower()
        return DEFAULT_LIMITS["characters" if language in CHARACTER_LANGUAGES else "words"]


def _load_yaml(path: Path, shown: str, problems: list[Problem]) -> tuple[dict, yaml.Node | None]:
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            problems.append(Problem(shown, None, "error", "file is larger than 1 MB",
                                    "keep check settings short", "settings-too-large"))
            return {}, None
    except OSError as exc:
        problems.append(Problem(shown, None, "error", f"cannot be read: {exc.strerror}", "",
                                "settings-yaml"))
        return {}, None
    try:
        data, node = read_yaml_file(path, typed=True, shown_as=shown, what="check settings")
    except YAMLFileError as exc:
        problems.append(Problem(shown, exc.line, "error", exc.message,
                                exc.hint or "check quotes and indentation", "settings-yaml"))
        return {}, None
    if data is None:
        return {}, node
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, "error", "expected 'key: value' settings",
                                "see docs/check.md for the format", "settings-type"))
        return {}, None
    return data, node


def _lines(node: yaml.Node | None) -> dict[str, tuple[int, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k.start_mark.line + 1, v) for k, v in node.value}


def _positive(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def load_settings(docs_dir: Path, root: Path, locales: list[str]
                  ) -> tuple[CheckSettings, list[Problem]]:
    """Read `_check.yml` and `_jargon.yml` from the content folder; never raises."""
    settings = CheckSettings()
    problems: list[Problem] = []

    def shown(name: str) -> str:
        path = docs_dir / name
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    check_path = docs_dir / CHECK_FILE
    if check_path.is_file():
        name = shown(CHECK_FILE)
        data, node = _load_yaml(check_path, name, problems)
        lines = _lines(node)
        for key in data:
            if key not in ("review_interval_days", "plain_language"):
                problems.append(Problem(name, lines.get(str(key), (1,))[0], "warning",
                                        f"unknown setting '{key}'",
                                        "allowed: review_interval_days, plain_language",
                                        "settings-unknown-key"))
        interval = data.get("review_interval_days", DEFAULT_REVIEW_INTERVAL_DAYS)
        if _positive(interval):
            settings.review_interval_days = interval
        else:
            problems.append(Problem(name, lines.get("review_interval_days", (1,))[0], "error",
                                    f"'review_interval_days' must be a whole number of days above "
                                    f"0, got {interval!r}", "for example 'review_interval_days: 180'",
                                    "settings-type"))
        language = data.get("plain_language") or {}
        language_lines = _lines(lines["plain_language"][1]) if "plain_language" in lines else {}
        if not isinstance(language, dict):
            problems.append(Problem(name, lines["plain_language"][0], "error",
                                    "'plain_language' must map locales to limits",
                                    "for example 'en: {sentence: 30, paragraph: 100}'",
                                    "settings-type"))
            language = {}
        for locale, limits in language.items():
            line = language_lines.get(str(locale), (1,))[0]
            base = settings.limits_for(str(locale))
            if not isinstance(limits, dict) or set(limits) - {"unit", "sentence", "paragraph"}:
                problems.append(Problem(name, line, "error",
                                        f"limits for '{locale}' must be a mapping of unit, "
                                        "sentence and paragraph",
                                        "for example 'ja: {unit: characters, sentence: 80, "
                                        "paragraph: 250}'", "settings-type"))
                continue
            unit = limits.get("unit", base.unit)
            if unit not in ("words", "characters"):
                problems.append(Problem(name, line, "error",
                                        f"unit for '{locale}' must be 'words' or 'characters', "
                                        f"got {unit!r}", "", "settings-type"))
                continue
            default = LOCALE_LIMITS.get(str(locale)) if unit == base.unit else None
            default = default or (base if unit == base.unit else DEFAULT_LIMITS[unit])
            values = {}
            for key in ("sentence", "paragraph"):
                value = limits.get(key, getattr(default, key))
                if not _positive(value):
                    problems.append(Problem(name, line, "error",
                                            f"'{key}' for '{locale}' must be a whole number above "
                                            f"0, got {value!r}", "", "settings-type"))
                    value = getattr(default, key)
                values[key] = value
            settings.limits[str(locale)] = LengthLimits(unit, values["sentence"],
                                                        values["paragraph"])

    jargon_path = docs_dir / JARGON_FILE
    if jargon_path.is_file():
        name = shown(JARGON_FILE)
        data, node = _load_yaml(jargon_path, name, problems)
        lines = _lines(node)
        for locale, terms in data.items():
            line, value_node = lines.get(str(locale), (1, None))
            if str(locale) not in locales:
                problems.append(Problem(name, line, "warning",
                                        f"'{locale}' is not a locale of this help center",
                                        "use one of " + ", ".join(locales),
                                        "settings-unknown-locale"))
                continue
            if terms is None:
                continue
            if not isinstance(terms, dict):
                problems.append(Problem(name, line, "error",
                                        f"jargon for '{locale}' must be 'term: plain words' lines",
                                        "for example 'authenticate: sign in'", "settings-type"))
                continue
            term_lines = _lines(value_node)
            own: dict[str, str] = {}
            for term, instead in terms.items():
                term_line = term_lines.get(str(term), (line,))[0]
                if not str(term).strip() or not isinstance(instead, str | int | float):
                    problems.append(Problem(name, term_line, "error",
                                            f"jargon term '{term}' needs the plain words to use "
                                            "instead", f"for example '{term}: <plain words>'",
                                            "settings-type"))
                    continue
                own[str(term).strip()] = str(instead).strip()
                settings.jargon_lines[(str(locale), str(term).strip())] = term_line
            settings.jargon[str(locale)] = own
    return settings, problems

"""Translation status: which articles are translated, missing (falling back) or outdated.

The mechanism works from the files alone: a translation records the source marker of the text it
was translated from (`helpcenter.translation`); a marker that no longer matches the source's
means the translation is outdated. Which edits count as substance is `helpcenter.sourcetext`'s
rule, documented in docs/check.md.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpcenter.checks.context import CheckContext
from helpcenter.content import Article, HelpCenter, load_help_center
from helpcenter.frontmatter import FrontMatterError, parse_front_matter
from helpcenter.locales import UI_DIR, UIStringsError, read_ui_file
from helpcenter.problems import Problem
from helpcenter.project import Project
from helpcenter.sourcetext import normalize_text
from helpcenter.translation import MARKER, MARKER_KEY, source_marker
from helpcenter.yamlsource import YAMLFileError, read_yaml_file

SOURCE = "source"
TRANSLATED = "translated"
OUTDATED = "outdated"
UNMARKED = "unmarked"
MISSING = "missing"  # no translation: the locale shows the default locale's article
UNAVAILABLE = "unavailable"  # no translation and no default-locale article to fall back to
STATUSES = (SOURCE, TRANSLATED, OUTDATED, UNMARKED, MISSING, UNAVAILABLE)

@dataclass(frozen=True)
class TranslationRow:
    """One article's status in every locale."""

    article_id: str
    source_locale: str
    statuses: dict[str, str]


def translation_table(center: HelpCenter) -> list[TranslationRow]:
    """Article × locale status for every article, in the site's order."""
    rows = []
    default = center.default_locale
    for article_id in center.article_ids():
        canonical = center.canonical(article_id)
        assert canonical is not None
        marker = source_marker(canonical)
        statuses = {}
        for loc in center.locales:
            own = center.articles.get(loc.code, {}).get(article_id)
            if loc.code == canonical.locale:
                statuses[loc.code] = SOURCE
            elif own is None:
                has_default = article_id in center.articles.get(default, {})
                statuses[loc.code] = MISSING if has_default else UNAVAILABLE
            elif own.translated_from is None:
                statuses[loc.code] = UNMARKED
            else:
                statuses[loc.code] = TRANSLATED if own.translated_from == marker else OUTDATED
        rows.append(TranslationRow(article_id, canonical.locale, statuses))
    return rows


def check_translations(ctx: CheckContext) -> list[Problem]:
    """Outdated, unmarked and untranslated translations, and markers on source articles."""
    center = ctx.center
    problems = []
    for article_id in center.article_ids():
        canonical = center.canonical(article_id)
        assert canonical is not None
        marker = source_marker(canonical)
        source_body = normalize_text(canonical.body)
        if canonical.translated_from is not None:
            problems.append(Problem(
                canonical.source, canonical.key_lines.get(MARKER_KEY, 1), "warning",
                f"'{MARKER_KEY}' has no effect on the {canonical.locale} source article",
                "remove the line; only translations carry the marker", "translation-marker-on-source"))
        for loc in center.locales:
            own = center.articles.get(loc.code, {}).get(article_id)
            if own is None or own is canonical:
                continue
            mark = f"helpcenter check --mark-translated {own.source}"
            if own.translated_from is None:
                problems.append(Problem(
                    own.source, 1, "warning",
                    f"translation has no '{MARKER_KEY}' marker, so nobody learns when the "
                    f"{canonical.locale} source changes",
                    f"when it matches {canonical.source}, run: {mark}", "translation-unmarked"))
            elif own.translated_from != marker:
                line = own.key_lines.get(MARKER_KEY, 1)
                if not MARKER.match(own.translated_from):
                    problems.append(Problem(
                        own.source, line, "warning",
                        f"'{MARKER_KEY}: {own.translated_from}' is not a marker written by "
                        "helpcenter", f"when the text matches {canonical.source}, run: {mark}",
                        "translation-marker-invalid"))
                else:
                    problems.append(Problem(
                        own.source, line, "warning",
                        f"outdated translation: {canonical.source} changed in substance since "
                        "this was translated",
                        f"{change_hint(ctx, canonical.source, own.translated_from)}, update "
                        f"this text, then run: {mark}", "translation-outdated"))
            if source_body and normalize_text(own.body) == source_body:
                problems.append(Problem(
                    own.source, own.body_line, "warning",
                    f"the text is still the {canonical.locale} original, not a translation",
                    f"translate it, or delete the file so {loc.code} falls back to "
                    f"{canonical.locale} visibly", "translation-untranslated"))
    return problems


# -- interface strings (content/_ui/<locale>.yml) ------------------------------------------

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _ui_key_lines(path: Path) -> dict[str, int]:
    try:
        _, node = read_yaml_file(path)
    except YAMLFileError:  # reported by read_ui_file, which the check calls too
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def check_ui_strings(ctx: CheckContext) -> list[Problem]:
    """Interface strings per locale: readable (the build's own reader), complete against the
    default locale's file, and with the same `{placeholders}` (an unknown one breaks pages)."""
    problems: list[Problem] = []
    base = ctx.project.docs_dir / UI_DIR
    default = ctx.project.default_locale.code
    shown = f"{ctx.docs_shown}/{UI_DIR}"
    strings: dict[str, dict[str, str]] = {}
    for code in ctx.project.locale_codes:
        path = base / f"{code}.yml"
        if not path.is_file():
            if code != default and (base / f"{default}.yml").is_file():
                problems.append(Problem(
                    f"{shown}/{code}.yml", None, "warning",
                    f"no interface strings for {code}: buttons and labels show in {default}",
                    f"copy {shown}/{default}.yml to {shown}/{code}.yml and translate it",
                    "ui-file-missing"))
            continue
        try:
            strings[code] = read_ui_file(path)
        except UIStringsError as exc:
            problems.append(Problem(f"{shown}/{code}.yml", exc.line or 1, "error", exc.message,
                                    "check quotes and indentation", "ui-invalid"))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(f"{shown}/{code}.yml", 1, "error", f"cannot be read: {exc}",
                                    "save the file as UTF-8", "ui-invalid"))
    source = strings.get(default)
    if source is None:
        return problems
    for code, own in strings.items():
        if code == default:
            continue
        path = f"{shown}/{code}.yml"
        lines = _ui_key_lines(base / f"{code}.yml")
        missing = [key for key in source if key not in own]
        if missing:
            listed = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more"
                                                if len(missing) > 5 else "")
            problems.append(Problem(
                path, None, "warning",
                f"{len(missing)} interface string(s) not translated, shown in {default}: {listed}",
                f"add them to {path}, translated from {shown}/{default}.yml", "ui-missing-keys"))
        for key, text in own.items():
            line = lines.get(key)
            if key not in source:
                problems.append(Problem(
                    path, line, "warning", f"'{key}' is not in {shown}/{default}.yml, so no "
                    "page uses it", "check the spelling, or remove it", "ui-unknown-key"))
                continue
            expected = set(PLACEHOLDER.findall(source[key]))
            found = set(PLACEHOLDER.findall(text))
            for name in sorted(found - expected):
                problems.append(Problem(
                    path, line, "error", f"'{key}' uses {{{name}}}, which is not filled in",
                    f"use only {', '.join('{' + n + '}' for n in sorted(expected)) or 'no placeholders'}"
                    f" as in {shown}/{default}.yml", "ui-placeholder-unknown"))
            for name in sorted(expected - found):
                problems.append(Problem(
                    path, line, "warning", f"'{key}' leaves out {{{name}}}",
                    f"the {default} text shows it: '{source[key]}'", "ui-placeholder-missing"))
    return problems


# -- finding the version a translation was made from (optional: needs git) -------------------

GIT_TIMEOUT = 10
GIT_HISTORY_LIMIT = 50


def marker_of_text(text: str, shown: str) -> str | None:
    """The source marker of an article's file content (None when it cannot be read)."""
    try:
        fm = parse_front_matter(text, shown)
    except FrontMatterError:
        return None
    title, description = fm.meta.get("title"), fm.meta.get("description")
    if not isinstance(title, str) or not isinstance(description, str):
        return None
    article = Article(id="", locale="", category="", title=title.strip(),
                      description=description.strip(), source=shown, body=fm.body)
    return source_marker(article)


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True,
                                timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "replace")


def translated_commit(root: Path, source: str, marker: str) -> str | None:
    """The most recent commit whose version of `source` has `marker`, from git history; None
    without git, outside a repository or when no recent version matches."""
    log = _git(root, "log", f"-n{GIT_HISTORY_LIMIT}", "--format=%h", "--", source)
    for commit in (log or "").split():
        text = _git(root, "show", f"{commit}:{source}")
        if text is not None and marker_of_text(text, source) == marker:
            return commit
    return None


def change_hint(ctx: CheckContext, source: str, marker: str) -> str:
    """How to see what changed in the source since the translation was made."""
    key = (source, marker)
    if key not in ctx.translated_commits:
        ctx.translated_commits[key] = translated_commit(ctx.project.root, source, marker)
    commit = ctx.translated_commits[key]
    if commit:
        return (f"it was translated from the version in commit {commit}; see what changed with "
                f"'git diff {commit} -- {source}'")
    return f"see the changes with 'git log -p {source}'"


# -- writing the marker ---------------------------------------------------------------------

class MarkError(ValueError):
    """The file cannot be marked; the message names it and says what to do."""


def marker_line(marker: str) -> str:
    return f'{MARKER_KEY}: "{marker}"'


def set_marker(text: str, marker: str, shown: str) -> str:
    """`text` with `translated_from` set to `marker` in its front matter; nothing else changes."""
    try:
        fm = parse_front_matter(text, shown)
    except FrontMatterError as exc:
        raise MarkError(str(exc.problem)) from None
    if not fm.end_line:
        raise MarkError(f"{shown}: the file has no front matter; add one with title and "
                        "description first")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split("\n")
    ending = "\r" if newline == "\r\n" else ""
    if MARKER_KEY in fm.key_lines:
        index = fm.key_lines[MARKER_KEY] - 1
        following = index + 1
        # drop continuation lines of a value that was written over several lines
        while following < fm.end_line - 1 and lines[following][:1] in (" ", "\t"):
            following += 1
        lines[index:following] = [marker_line(marker) + ending]
    else:
        lines.insert(fm.end_line - 1, marker_line(marker) + ending)
    return "\n".join(lines)


def mark_translated(project: Project, path: Path, center: HelpCenter | None = None
                    ) -> list[tuple[str, str, str]]:
    """Record in `path` (a translation, or a folder of them) the marker of its current source.

    Returns (translation, source, marker) for each file marked; in a folder, source articles are
    skipped. Call it when the translation matches the source: that is what the marker claims.
    """
    if center is None:
        center, _ = load_help_center(project)
    target = path.resolve()
    docs = project.docs_dir
    if not target.exists():
        raise MarkError(f"{path}: no such file or folder")
    if not target.is_relative_to(docs):
        raise MarkError(f"{path} is not inside the content folder {docs}")
    files = [target] if target.is_file() else sorted(
        p for p in target.rglob("*.md")
        if p.name != "index.md" and not any(part.startswith(("_", "."))
                                            for part in p.relative_to(docs).parts))
    if target.is_dir() and not files:
        raise MarkError(f"{path}: no articles in this folder")
    if target.is_dir() and target == docs / project.default_locale.code:
        raise MarkError(f"{path} holds the source articles; mark a translation folder such as "
                        f"{(docs / project.locale_codes[-1]).relative_to(project.root)}")
    default = project.default_locale.code
    marked = []
    for file in files:
        parts = file.relative_to(docs).parts
        shown = file.relative_to(project.root).as_posix() if file.is_relative_to(
            project.root) else file.as_posix()
        if len(parts) != 3 or not parts[2].endswith(".md") or parts[2] == "index.md":
            raise MarkError(f"{shown} is not an article (<locale>/<category>/<article>.md)")
        locale, article_id = parts[0], f"{parts[1]}/{parts[2].removesuffix('.md')}"
        if locale not in project.locale_codes:
            raise MarkError(f"{shown}: '{locale}' is not a locale of this help center")
        canonical = center.canonical(article_id)
        own = center.articles.get(locale, {}).get(article_id)
        if own is None or canonical is None:
            raise MarkError(f"{shown} could not be read; run 'helpcenter check {shown}' and fix "
                            "its errors first")
        if canonical is own:
            if target.is_dir():
                continue  # a folder may hold sources too (content/): mark its translations
            what = "default locale" if locale == default else "only version"
            raise MarkError(f"{shown} is the source article ({what}), not a translation; mark "
                            "the translations instead")
        marker = source_marker(canonical)
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise MarkError(f"{shown} is not UTF-8 text; save it as UTF-8") from None
        updated = set_marker(text, marker, shown)
        if updated != text:
            file.write_bytes(updated.encode("utf-8"))
        marked.append((shown, canonical.source, marker))
    return marked

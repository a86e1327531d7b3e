"""`helpcenter check`: run every content check, group the problems by file, print text or JSON.

The content is read once with `load_help_center`, the same function the build uses, so the front
matter and category errors are the build's own. The whole tree is always read (a link in one file
is only broken relative to the others); PATHS only narrow what is reported. The JSON output is a
versioned contract (`helpcenter.check`, version 1) documented in docs/check.md and checked by
`validate_check_report`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from helpcenter import clock
from helpcenter.checks.context import CheckContext
from helpcenter.checks.freshness import check_freshness
from helpcenter.checks.links import check_links
from helpcenter.checks.plainlanguage import check_plain_language
from helpcenter.checks.settings import load_settings
from helpcenter.checks.translations import (
    STATUSES,
    TranslationRow,
    check_translations,
    check_ui_strings,
    translation_table,
)
from helpcenter.content import load_help_center
from helpcenter.problems import Problem
from helpcenter.project import Project
from helpcenter.search.synonyms import check_synonyms

SCHEMA = "helpcenter.check"
VERSION = 1
LEVELS = ("error", "warning")

Check = Callable[[CheckContext], list[Problem]]


def check_contact(ctx: CheckContext) -> list[Problem]:
    """The contact data file's validation, from the contact feature (when it is installed)."""
    try:
        from helpcenter.contact import CONTACT_FILE, validate_contact_file
    except ImportError:  # pragma: no cover - the contact feature is part of the distribution
        return []
    path = ctx.project.docs_dir / CONTACT_FILE
    if not path.is_file():
        return []
    return validate_contact_file(path, ctx.project.locale_codes, f"{ctx.docs_shown}/{CONTACT_FILE}")


# Name shown in JSON as `check` -> function. "content" (front matter, categories) comes from
# load_help_center itself and "settings" from reading _check.yml / _jargon.yml.
CHECKS: dict[str, Check] = {
    "links": check_links,
    "translations": lambda ctx: check_translations(ctx) + check_ui_strings(ctx),
    "freshness": check_freshness,
    "plain-language": check_plain_language,
    "contact": check_contact,
    "search": lambda ctx: check_synonyms(ctx.project.docs_dir, ctx.project.locale_codes,
                                         ctx.docs_shown),
}


@dataclass(frozen=True)
class Finding:
    """A problem and the check that found it."""

    problem: Problem
    check: str

    def as_dict(self) -> dict:
        return {**self.problem.as_dict(), "check": self.check}


@dataclass
class CheckReport:
    """Everything one `helpcenter check` run found."""

    findings: list[Finding]
    translations: list[TranslationRow]
    locales: list[str]
    default_locale: str
    articles: int
    seconds: float
    paths: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [f.problem for f in self.findings]

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.problem.level == level)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.count("error") or (strict and self.count("warning")))


def _sort_key(finding: Finding) -> tuple:
    p = finding.problem
    return (p.path, p.line or 0, LEVELS.index(p.level), p.message)


def _selector(project: Project, paths: list[Path] | None) -> Callable[[str], bool]:
    if not paths:
        return lambda shown: True
    chosen = [p.resolve() for p in paths]

    def selected(shown: str) -> bool:
        path = (project.root / shown).resolve()
        return any(path == c or path.is_relative_to(c) for c in chosen)

    return selected


def run_checks(project: Project, paths: list[Path] | None = None,
               today: dt.date | None = None, checks: dict[str, Check] | None = None
               ) -> CheckReport:
    """Read the content once and run every check; report only problems in `paths` if given."""
    started = time.perf_counter()
    center, content_problems = load_help_center(project)
    settings, settings_problems = load_settings(project.docs_dir, project.root,
                                                project.locale_codes)
    ctx = CheckContext(project, center, settings, today or clock.today())
    findings = [Finding(p, "content") for p in content_problems]
    findings += [Finding(p, "settings") for p in settings_problems]
    for name, check in (checks or CHECKS).items():
        findings += [Finding(p, name) for p in check(ctx)]
    selected = _selector(project, paths)
    unique = {(f.problem, f.check): f for f in findings if selected(f.problem.path)}
    findings = sorted(unique.values(), key=_sort_key)
    rows = translation_table(center)
    if paths:
        rows = [row for row in rows if any(
            selected(center.articles[code][row.article_id].source)
            for code in row.statuses if row.article_id in center.articles.get(code, {}))]
    articles = sum(len(per_locale) for per_locale in center.articles.values())
    return CheckReport(findings, rows, project.locale_codes, center.default_locale, articles,
                       time.perf_counter() - started,
                       [str(p) for p in paths] if paths else [])


# -- text -----------------------------------------------------------------------------------

STATUS_LABELS = {"source": "source", "translated": "translated", "outdated": "OUTDATED",
                 "unmarked": "unmarked", "missing": "missing (falls back)",
                 "unavailable": "-"}


def translation_lines(report: CheckReport) -> list[str]:
    """The article × locale table as aligned text."""
    if not report.translations:
        return []
    header = ["article", *report.locales]
    rows = [[row.article_id, *[STATUS_LABELS[row.statuses[code]] for code in report.locales]]
            for row in report.translations]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *[line(r) for r in rows]]


def translation_summary(report: CheckReport) -> str:
    parts = []
    for code in report.locales:
        if code == report.default_locale:
            continue
        counts: dict[str, int] = {}
        for row in report.translations:
            counts[row.statuses[code]] = counts.get(row.statuses[code], 0) + 1
        shown = [f"{counts[s]} {s}" for s in STATUSES if counts.get(s) and s != "source"]
        parts.append(f"{code}: {', '.join(shown) or 'nothing to translate'}")
    return "Translations: " + "; ".join(parts)


def format_text(report: CheckReport, table: bool = True) -> str:
    """Problems grouped by file (a blank line between files), the translation table, a summary."""
    out: list[str] = []
    for _path, group in groupby(report.findings, key=lambda f: f.problem.path):
        out.extend(str(f.problem) for f in group)
        out.append("")
    if table and report.translations:
        out.extend(translation_lines(report))
        out.append("")
    if len(report.locales) > 1 and report.translations:
        out.append(translation_summary(report))
    files = len({f.problem.path for f in report.findings})
    errors, warnings = report.count("error"), report.count("warning")
    out.append(f"{errors} error(s), {warnings} warning(s) in {files} file(s); checked "
               f"{report.articles} article files in {report.seconds:.2f} s")
    return "\n".join(out)


# -- JSON -----------------------------------------------------------------------------------

def report_dict(report: CheckReport, strict: bool = False) -> dict:
    """The JSON document (schema `helpcenter.check`, version 1; see docs/check.md)."""
    files: dict[str, dict[str, int]] = {}
    for finding in report.findings:
        counts = files.setdefault(finding.problem.path, {"errors": 0, "warnings": 0})
        counts["errors" if finding.problem.level == "error" else "warnings"] += 1
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "ok": not report.failed(strict),
        "strict": strict,
        "summary": {"errors": report.count("error"), "warnings": report.count("warning"),
                    "files": len(files), "articles": report.articles,
                    "seconds": round(report.seconds, 3)},
        "paths": report.paths,
        "problems": [f.as_dict() for f in report.findings],
        "files": [{"path": path, **counts} for path, counts in files.items()],
        "translations": {
            "default_locale": report.default_locale,
            "locales": report.locales,
            "articles": [{"id": row.article_id, "source_locale": row.source_locale,
                          "status": dict(row.statuses)} for row in report.translations],
        },
    }


def format_json(report: CheckReport, strict: bool = False) -> str:
    return json.dumps(report_dict(report, strict), ensure_ascii=False, indent=2)


class CheckReportError(ValueError):
    """A JSON document does not follow the `helpcenter.check` schema."""


PROBLEM_FIELDS = {"path": str, "line": (int, type(None)), "level": str, "message": str,
                  "hint": str, "code": str, "check": str}
CHECK_NAMES = {"content", "settings", *CHECKS}


def validate_check_report(data: object) -> dict:
    """Raise CheckReportError naming the first field that breaks the schema; return `data`.

    The one definition of the JSON schema: docs/check.md documents these fields and
    tests/helpcenter/checks/test_json.py keeps the two in step.
    """
    def fail(where: str, what: str) -> None:
        raise CheckReportError(f"{where}: {what}")

    if not isinstance(data, dict):
        fail("$", "expected an object")
    assert isinstance(data, dict)
    expected = {"schema", "version", "ok", "strict", "summary", "paths", "problems", "files",
                "translations"}
    if set(data) != expected:
        fail("$", f"expected keys {sorted(expected)}, got {sorted(data)}")
    if data["schema"] != SCHEMA or data["version"] != VERSION:
        fail("$.schema", f"expected {SCHEMA} version {VERSION}")
    if not isinstance(data["ok"], bool) or not isinstance(data["strict"], bool):
        fail("$.ok", "ok and strict must be true or false")
    summary = data["summary"]
    if not isinstance(summary, dict) or set(summary) != {"errors", "warnings", "files",
                                                          "articles", "seconds"}:
        fail("$.summary", "expected errors, warnings, files, articles, seconds")
    for key in ("errors", "warnings", "files", "articles"):
        if not isinstance(summary[key], int) or summary[key] < 0:
            fail(f"$.summary.{key}", "expected a whole number >= 0")
    if not isinstance(summary["seconds"], int | float) or isinstance(summary["seconds"], bool):
        fail("$.summary.seconds", "expected a number")
    if not isinstance(data["paths"], list) or not all(isinstance(p, str) for p in data["paths"]):
        fail("$.paths", "expected a list of strings")
    if not isinstance(data["problems"], list):
        fail("$.problems", "expected a list")
    for index, problem in enumerate(data["problems"]):
        where = f"$.problems[{index}]"
        if not isinstance(problem, dict) or set(problem) != set(PROBLEM_FIELDS):
            fail(where, f"expected keys {sorted(PROBLEM_FIELDS)}")
        for key, kind in PROBLEM_FIELDS.items():
            if not isinstance(problem[key], kind) or isinstance(problem[key], bool):
                fail(f"{where}.{key}", "wrong type")
        if problem["level"] not in LEVELS:
            fail(f"{where}.level", f"expected one of {LEVELS}")
        if problem["line"] is not None and problem["line"] < 1:
            fail(f"{where}.line", "expected a line number >= 1 or null")
        if problem["check"] not in CHECK_NAMES:
            fail(f"{where}.check", f"expected one of {sorted(CHECK_NAMES)}")
    errors = sum(1 for p in data["problems"] if p["level"] == "error")
    if errors != summary["errors"] or len(data["problems"]) - errors != summary["warnings"]:
        fail("$.summary", "counts do not match the problems")
    if data["ok"] != (errors == 0 and not (data["strict"] and summary["warnings"])):
        fail("$.ok", "does not match the errors and warnings")
    if not isinstance(data["files"], list):
        fail("$.files", "expected a list")
    for index, entry in enumerate(data["files"]):
        if (not isinstance(entry, dict) or set(entry) != {"path", "errors", "warnings"}
                or not isinstance(entry["path"], str)):
            fail(f"$.files[{index}]", "expected path, errors, warnings")
    translations = data["translations"]
    if not isinstance(translations, dict) or set(translations) != {"default_locale", "locales",
                                                                  "articles"}:
        fail("$.translations", "expected default_locale, locales, articles")
    locales = translations["locales"]
    if not isinstance(locales, list) or translations["default_locale"] not in locales:
        fail("$.translations.locales", "expected a list containing default_locale")
    for index, row in enumerate(translations["articles"]):
        where = f"$.translations.articles[{index}]"
        if not isinstance(row, dict) or set(row) != {"id", "source_locale", "status"}:
            fail(where, "expected id, source_locale, status")
        if not isinstance(row["status"], dict) or set(row["status"]) != set(locales):
            fail(f"{where}.status", "expected one entry per locale")
        for code, status in row["status"].items():
            if status not in STATUSES:
                fail(f"{where}.status.{code}", f"expected one of {STATUSES}")
    return data

"""Content checks for writers (`helpcenter check`): everything a machine can find before a
reviewer has to, each problem with its file, line and what to do.

One module per concern: `links` (links, anchors, images), `translations` (status table, outdated
translations, the `translated_from` marker), `freshness` (review dates and owners),
`plainlanguage` (long sentences and paragraphs, jargon); `runner` reads the content once with the
build's own `load_help_center`, runs them all and formats the result.
"""

from helpcenter.checks.runner import (
    CheckReport,
    CheckReportError,
    format_json,
    format_text,
    report_dict,
    run_checks,
    validate_check_report,
)
from helpcenter.checks.translations import MarkError, mark_translated, source_marker

__all__ = [
    "CheckReport",
    "CheckReportError",
    "MarkError",
    "format_json",
    "format_text",
    "mark_translated",
    "report_dict",
    "run_checks",
    "source_marker",
    "validate_check_report",
]

"""content/_check.yml and content/_jargon.yml: defaults, overrides and malformed files."""

from __future__ import annotations

import pytest

from helpcenter.checks.settings import LengthLimits, load_settings

LOCALES = ["en", "ko", "ja"]


def settings_from(tmp_path, check: str | None = None, jargon: str | bytes | None = None):
    docs = tmp_path / "content"
    docs.mkdir(exist_ok=True)
    if check is not None:
        (docs / "_check.yml").write_text(check, encoding="utf-8")
    if jargon is not None:
        path = docs / "_jargon.yml"
        path.write_bytes(jargon if isinstance(jargon, bytes) else jargon.encode("utf-8"))
    settings, problems = load_settings(docs, tmp_path, LOCALES)
    return settings, [str(p) for p in problems]


def test_defaults_without_files(tmp_path):
    settings, problems = settings_from(tmp_path)
    assert problems == []
    assert settings.review_interval_days == 180
    assert settings.limits_for("en") == LengthLimits("words", 30, 100)
    assert settings.limits_for("ja") == LengthLimits("characters", 80, 250)
    assert settings.limits_for("zh-TW") == LengthLimits("characters", 80, 250)
    assert settings.limits_for("ko") == LengthLimits("characters", 70, 220)
    assert settings.limits_for("de") == LengthLimits("words", 30, 100)


def test_overrides(tmp_path):
    settings, problems = settings_from(
        tmp_path, "review_interval_days: 90\nplain_language:\n  en: {sentence: 25}\n"
                  "  ko: {unit: words, sentence: 20, paragraph: 80}\n",
        "en:\n  utilize: use\nko:\nja:\n  当該: この\n")
    assert problems == []
    assert settings.review_interval_days == 90
    assert settings.limits_for("en") == LengthLimits("words", 25, 100)
    assert settings.limits_for("ko") == LengthLimits("words", 20, 80)
    assert settings.jargon == {"en": {"utilize": "use"}, "ja": {"当該": "この"}}


@pytest.mark.parametrize("check, jargon, expected", [
    ("colour: blue\n", None, "content/_check.yml:1: warning: unknown setting 'colour' (allowed: "
     "review_interval_days, plain_language)"),
    ("- a list\n", None, "content/_check.yml:1: error: expected 'key: value' settings (see "
     "docs/check.md for the format)"),
    ("plain_language:\n  en: {unit: syllables}\n", None,
     "content/_check.yml:2: error: unit for 'en' must be 'words' or 'characters', got "
     "'syllables'"),
    ("plain_language: 30\n", None, "content/_check.yml:1: error: 'plain_language' must map "
     "locales to limits (for example 'en: {sentence: 30, paragraph: 100}')"),
    ("review_interval_days: true\n", None, "content/_check.yml:1: error: 'review_interval_days' "
     "must be a whole number of days above 0, got True (for example 'review_interval_days: "
     "180')"),
    (None, "fr:\n  x: y\n", "content/_jargon.yml:1: warning: 'fr' is not a locale of this help "
     "center (use one of en, ko, ja)"),
    (None, "en: [a, b]\n", "content/_jargon.yml:1: error: jargon for 'en' must be 'term: plain "
     "words' lines (for example 'authenticate: sign in')"),
    (None, "en:\n  utilize:\n", "content/_jargon.yml:2: error: jargon term 'utilize' needs the "
     "plain words to use instead (for example 'utilize: <plain words>')"),
    (None, b"en:\n  caf\xe9: x\n", "content/_jargon.yml:2: error: not UTF-8 text (save the file "
     "as UTF-8)"),
    (None, "en: &a [*a]\n", None),
])
def test_malformed_settings_are_reported_and_defaults_used(tmp_path, check, jargon, expected):
    settings, problems = settings_from(tmp_path, check, jargon)
    if expected is not None:
        assert problems == [expected]
    assert settings.review_interval_days == 180


def test_oversized_settings_file_is_refused(tmp_path):
    _, problems = settings_from(tmp_path, None, "en:\n" + "  term: words\n" * 100_000)
    assert problems == ["content/_jargon.yml: error: file is larger than 1 MB (keep check "
                        "settings short)"]

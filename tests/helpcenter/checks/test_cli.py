"""`helpcenter check` on the command line: output grouped by file, exit statuses, PATHS, JSON."""

from __future__ import annotations

import json
import re

import pytest

from helpcenter.checks import validate_check_report
from tests.conftest import REPO, helpcenter
from tests.helpcenter.checks.conftest import FIXTURES, run_cli

TODAY = ["--today", "2026-11-22"]


def check(name: str, *args: str):
    return run_cli("check", *TODAY, *args, root=FIXTURES / name)


@pytest.mark.parametrize("name, args, status", [
    ("clean", [], 0),
    ("clean", ["--strict"], 0),
    ("outdated-translation", [], 0),            # warnings only
    ("outdated-translation", ["--strict"], 1),  # --strict makes warnings fail
    ("broken-link", [], 1),                     # errors
    ("broken-link", ["--strict"], 1),
    ("frontmatter", [], 1),
])
def test_exit_status(name, args, status):
    result = check(name, *args)
    assert result.exit_code == status, result.output
    data = json.loads(check(name, *args, "--format", "json").output)
    assert data["ok"] is (status == 0)


def test_text_output_is_grouped_by_file_with_a_blank_line_between_files():
    result = check("review-overdue", "--no-table")
    blocks = result.output.strip().split("\n\n")
    files = [block.split(":")[0] for block in blocks[:-1]]
    assert files == sorted(files) and len(files) == len(set(files)) == 5
    for block in blocks[:-1]:
        for line in block.splitlines():
            assert re.match(r"^content/\S+\.md:\d+: (error|warning): .+ \(.+\)$", line), line
    assert blocks[-1].splitlines()[-1].startswith(
        "0 error(s), 5 warning(s) in 5 file(s); checked 5 article files in ")


def test_text_output_ends_with_the_translation_table_and_summary():
    out = check("outdated-translation").output.splitlines()
    table = out[out.index("article                 en      ko        ja"):]
    assert table[2] == "account/reset-password  source  OUTDATED  missing (falls back)"
    assert "Translations: ko: 1 outdated; ja: 1 missing" in out


def test_paths_narrow_the_report_but_links_still_resolve_against_the_whole_tree():
    whole = check("other-locale-link", "--format", "json")
    only_ja = check("other-locale-link", "content/ja", "--format", "json")
    only_en = check("other-locale-link", "content/en/account/reset-password.md",
                    "--format", "json")
    assert json.loads(whole.output)["summary"]["errors"] == 1
    data = json.loads(only_ja.output)
    assert data["paths"] == ["content/ja"]
    assert [p["code"] for p in data["problems"]] == ["translation-unmarked",
                                                     "link-only-in-other-locale"]
    assert [row["id"] for row in data["translations"]["articles"]] == ["account/reset-password"]
    assert only_en.exit_code == 0 and json.loads(only_en.output)["problems"] == []


def test_a_path_that_does_not_exist_is_a_usage_error():
    result = check("clean", "content/en/nope.md")
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_missing_config_is_one_sentence_and_status_1(tmp_path):
    result = run_cli("check", root=tmp_path)
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: mkdocs.yml: no such file; run the command from the "
                                     "help center's folder or pass --config-file")


def test_mark_translated_on_a_source_article_is_refused(fixture_copy):
    root = fixture_copy("clean")
    result = run_cli("check", "--mark-translated", "content/en/account/reset-password.md",
                     root=root)
    assert result.exit_code == 1
    assert "is the source article (default locale), not a translation" in result.output


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_json_output_follows_the_schema_for_every_fixture(name):
    result = check(name, "--format", "json")
    data = validate_check_report(json.loads(result.output))
    assert data["ok"] is (result.exit_code == 0)


def test_json_problem_fields():
    data = json.loads(check("broken-anchor", "--format", "json").output)
    assert data["problems"][0] == {
        "path": "content/en/account/sign-in.md", "line": 10, "level": "error",
        "message": "broken anchor '#if-the-email-doesnt-arrive' in link "
                   "'reset-password.md#if-the-email-doesnt-arrive': account/reset-password has "
                   "no heading with that id",
        "hint": "did you mean '#if-the-e-mail-doesnt-arrive'?", "code": "anchor-broken",
        "check": "links"}
    assert data["files"] == [{"path": "content/en/account/sign-in.md", "errors": 2,
                              "warnings": 0}]
    assert data["translations"]["locales"] == ["en", "ko", "ja"]


def test_the_real_command_runs_on_the_demo_content():
    """The installed entry point, in a subprocess, on the repository's own content."""
    result = helpcenter("check", "--format", "json", cwd=REPO)
    data = validate_check_report(json.loads(result.stdout))
    assert result.returncode == (0 if data["ok"] else 1)
    assert data["summary"]["errors"] == 0, [p for p in data["problems"]
                                            if p["level"] == "error"]
    assert data["summary"]["articles"] > 60


def test_links_leaving_the_content_folder_are_broken(fixture_copy):
    root = fixture_copy("clean")
    (root / "secret.md").write_text("outside\n", encoding="utf-8")
    article = root / "content/en/account/sign-in.md"
    article.write_text(article.read_text(encoding="utf-8")
                       + "\n[a](../../../secret.md) [b](../../../../../../etc/passwd)\n"
                       "[c](../../ko/account/reset-password.md)\n", encoding="utf-8")
    data = json.loads(run_cli("check", "--format", "json", root=root).output)
    assert [(p["line"], p["code"], p["level"]) for p in data["problems"]] == [
        (12, "link-broken", "error"), (12, "link-broken", "error"),
        (13, "link-other-locale-folder", "warning")]
    assert data["problems"][2]["hint"] == ("link to 'reset-password.md' instead; each locale "
                                           "shows its own version or falls back by itself")


def test_an_explicitly_decorative_html_image_needs_no_text(fixture_copy):
    root = fixture_copy("image-alt")
    article = root / "content/en/account/reset-password.md"
    text = article.read_text(encoding="utf-8").replace(
        '<img src="images/forgot-password.png">', '<img src="images/forgot-password.png" alt="">')
    article.write_text(text, encoding="utf-8")
    data = json.loads(run_cli("check", "--format", "json", root=root).output)
    assert [(p["line"], p["code"]) for p in data["problems"]] == [(10, "image-alt-missing")]

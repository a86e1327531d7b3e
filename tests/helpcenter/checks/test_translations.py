"""The outdated-translation rule: substantive source edits flag translations, cosmetic ones don't;
and the marker is written without touching anything else in the file."""

from __future__ import annotations

import re

import pytest

from helpcenter.checks import MarkError, mark_translated, run_checks, source_marker
from helpcenter.checks.translations import set_marker, translation_table
from helpcenter.content import Article, load_help_center
from helpcenter.project import load_project
from helpcenter.sourcetext import normalize_text
from tests.helpcenter.checks.conftest import TODAY, run_cli

SOURCE = """
Request a reset link by e-mail. The link is valid for **30 minutes**.

## Request a link

1. Select **Forgot password?**
2. Enter your e-mail address and select [Send](../support/contact.md#email).

!!! warning "The link has expired"
    Reset links work once. Don't share them.
"""

COSMETIC = {
    "rewrapped lines": SOURCE.replace("e-mail. The link", "e-mail.\nThe link"),
    "extra blank lines and trailing spaces": SOURCE.replace("\n\n", "\n\n\n").replace(
        "once.", "once.   "),
    "bold removed": SOURCE.replace("**30 minutes**", "30 minutes"),
    "bold became italics": SOURCE.replace("**30 minutes**", "_30 minutes_"),
    "heading level": SOURCE.replace("## Request", "### Request"),
    "setext heading": SOURCE.replace("## Request a link", "Request a link\n--------------"),
    "list renumbered with bullets": SOURCE.replace("1. Select", "- Select").replace(
        "2. Enter", "- Enter"),
    "admonition type": SOURCE.replace("!!! warning", "!!! note"),
    "link anchor and title": SOURCE.replace("contact.md#email)", 'contact.md "Contact us")'),
    "curly quotes and dashes": SOURCE.replace("Don't", "Don\u2019t").replace(
        "e-mail", "e\u2011mail"),
    "html comment": SOURCE + "\n<!-- reviewer note: check the timing -->\n",
    "attribute list": SOURCE.replace("## Request a link", "## Request a link {#request}"),
    "letter case": SOURCE.replace("Select **Forgot", "select **Forgot"),
    "full-width digits": SOURCE.replace("30 minutes", "\uff13\uff10 minutes"),
}

SUBSTANTIVE = {
    "a number": SOURCE.replace("30 minutes", "15 minutes"),
    "a word": SOURCE.replace("work once", "work twice"),
    "a new sentence": SOURCE.replace("work once.", "work once. Use the newest e-mail."),
    "a removed step": SOURCE.replace("1. Select **Forgot password?**\n", ""),
    "steps reordered": SOURCE.replace(
        "1. Select **Forgot password?**\n2. Enter your e-mail address and select "
        "[Send](../support/contact.md#email).",
        "1. Enter your e-mail address and select [Send](../support/contact.md#email).\n"
        "2. Select **Forgot password?**"),
    "a link target": SOURCE.replace("../support/contact.md", "../support/hours.md"),
    "the admonition title": SOURCE.replace("The link has expired", "The link is invalid"),
    "an image": SOURCE + "\n![The reset page](reset.png)\n",
}


def article(body: str, title: str = "Reset your password",
            description: str = "Get a reset link.", **extra) -> Article:
    return Article(id="account/reset-password", locale="en", category="account", title=title,
                   description=description, source="content/en/account/reset-password.md",
                   body=body, **extra)


@pytest.mark.parametrize("change", sorted(COSMETIC))
def test_cosmetic_source_edit_keeps_translations_current(change):
    assert source_marker(article(COSMETIC[change])) == source_marker(article(SOURCE))


@pytest.mark.parametrize("change", sorted(SUBSTANTIVE))
def test_substantive_source_edit_makes_translations_outdated(change):
    assert source_marker(article(SUBSTANTIVE[change])) != source_marker(article(SOURCE))


def test_title_and_description_are_substance_but_metadata_is_not():
    base = source_marker(article(SOURCE))
    assert source_marker(article(SOURCE, title="Reset your PIN")) != base
    assert source_marker(article(SOURCE, description="Get a new link.")) != base
    assert source_marker(article(SOURCE, tags=["password"], owner="other-team",
                                 order=3)) == base


def test_marker_is_twelve_hex_digits():
    assert re.fullmatch(r"[0-9a-f]{12}", source_marker(article(SOURCE)))


def test_normalization_ignores_space_before_cjk_punctuation_and_keeps_words():
    assert normalize_text("설정 을 변경하세요 .") == normalize_text("설정 을 변경하세요.")
    assert normalize_text("設定を変更") != normalize_text("設定を確認")


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def statuses(root):
    center, _ = load_help_center(load_project(root / "mkdocs.yml"))
    return {row.article_id: row.statuses for row in translation_table(center)}


def test_end_to_end_cosmetic_edit_then_substantive_edit(fixture_copy):
    root = fixture_copy("clean")
    en = root / "content/en/account/reset-password.md"
    assert statuses(root)["account/reset-password"] == {"en": "source", "ko": "translated",
                                                        "ja": "missing"}
    edit(en, "Request a reset link by e-mail.", "Request a reset link\nby *e-mail*.")
    edit(en, "reviewed: 2026-11-01", "reviewed: 2026-11-20")
    assert statuses(root)["account/reset-password"]["ko"] == "translated"
    edit(en, "Check your spam folder.", "Check your spam folder, then wait 10 minutes.")
    assert statuses(root)["account/reset-password"]["ko"] == "outdated"
    report = run_checks(load_project(root / "mkdocs.yml"), today=TODAY)
    assert [p.code for p in report.problems] == ["translation-outdated"]
    # the translator updates the text and marks it: current again
    marked = mark_translated(load_project(root / "mkdocs.yml"),
                             root / "content/ko/account/reset-password.md")
    assert marked[0][:2] == ("content/ko/account/reset-password.md",
                             "content/en/account/reset-password.md")
    assert statuses(root)["account/reset-password"]["ko"] == "translated"


def test_mark_translated_changes_only_the_marker_line(fixture_copy):
    root = fixture_copy("outdated-translation")
    ko = root / "content/ko/account/reset-password.md"
    before = ko.read_text(encoding="utf-8").split("\n")
    mark_translated(load_project(root / "mkdocs.yml"), ko)
    after = ko.read_text(encoding="utf-8").split("\n")
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [5]
    assert re.fullmatch(r'translated_from: "[0-9a-f]{12}"', after[5])


def test_mark_translated_inserts_the_marker_before_the_closing_fence(fixture_copy):
    root = fixture_copy("unmarked-translation")
    ko = root / "content/ko/account/reset-password.md"
    before = ko.read_text(encoding="utf-8")
    mark_translated(load_project(root / "mkdocs.yml"), ko)
    lines = ko.read_text(encoding="utf-8").split("\n")
    assert lines[5].startswith("translated_from: ") and lines[6] == "---"
    assert "\n".join(lines[:5] + lines[6:]) == before


def test_set_marker_keeps_crlf_line_endings_and_bom():
    text = "\ufeff---\r\ntitle: 제목\r\ndescription: 설명\r\n---\r\n\r\n본문\r\n"
    updated = set_marker(text, "0123456789ab", "x.md")
    assert updated == ("\ufeff---\r\ntitle: 제목\r\ndescription: 설명\r\n"
                       'translated_from: "0123456789ab"\r\n---\r\n\r\n본문\r\n')


def test_set_marker_replaces_a_value_written_over_several_lines():
    text = "---\ntitle: T\ntranslated_from: >\n  abc\n  def\ndescription: D\n---\nBody\n"
    assert set_marker(text, "0123456789ab", "x.md") == (
        '---\ntitle: T\ntranslated_from: "0123456789ab"\ndescription: D\n---\nBody\n')


@pytest.mark.parametrize("text, message", [
    ("no front matter\n", "has no front matter"),
    ("---\ntitle: [unclosed\n---\nbody\n", "not valid YAML"),
    ("---\ntitle: never closed\n", "never closed"),
])
def test_set_marker_refuses_files_it_cannot_edit_safely(text, message):
    with pytest.raises(MarkError, match=re.escape(message)):
        set_marker(text, "0123456789ab", "x.md")


def test_mark_translated_refuses_the_source_and_strangers(fixture_copy, tmp_path):
    root = fixture_copy("clean")
    project = load_project(root / "mkdocs.yml")
    with pytest.raises(MarkError, match="is the source article"):
        mark_translated(project, root / "content/en/account/reset-password.md")
    with pytest.raises(MarkError, match="not an article"):
        mark_translated(project, root / "content/en/account/index.md")
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    with pytest.raises(MarkError, match="not inside the content folder"):
        mark_translated(project, outside)


def test_mark_translated_accepts_a_folder(fixture_copy):
    root = fixture_copy("plain-language")
    result = run_cli("check", "--mark-translated", "content/ja", root=root)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Marked content/ja/account/change-email.md as translated "
                                    "from content/en/account/change-email.md (")
    assert statuses(root)["account/change-email"]["ja"] == "translated"


def test_new_translate_from_scaffolds_a_marked_translation(fixture_copy):
    root = fixture_copy("clean")
    result = run_cli("new", "サインイン", "--translate-from", "account/sign-in", "--locale", "ja",
                     root=root)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Created content/ja/account/sign-in.md"
    text = (root / "content/ja/account/sign-in.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: サインイン\n")
    assert "owner: help-team\n" in text
    assert "[reset your password](reset-password.md)" in text  # the text to translate
    assert statuses(root)["account/sign-in"]["ja"] == "translated"
    # ...but while the text is still the English original, check says so
    report = run_checks(load_project(root / "mkdocs.yml"), today=TODAY)
    assert [p.code for p in report.problems] == ["translation-untranslated"]


@pytest.mark.parametrize("args, message", [
    (["X", "--translate-from", "account/sign-on", "--locale", "ja"],
     "there is no article 'account/sign-on'; did you mean 'account/sign-in'?"),
    (["X", "--translate-from", "account/sign-in", "--locale", "en"],
     "'account/sign-in' is written in en already"),
    (["X", "--translate-from", "account/reset-password", "--locale", "ko"],
     "content/ko/account/reset-password.md already exists"),
    (["X", "--translate-from", "account/sign-in", "--locale", "fr"], "unknown locale 'fr'"),
    (["X", "--translate-from", "account/sign-in", "--locale", "ja", "--category", "billing"],
     "--translate-from keeps the source's category"),
    (["X", "--locale", "ja"], "--category is required"),
])
def test_new_translate_from_errors_are_one_sentence(fixture_copy, args, message):
    root = fixture_copy("clean")
    result = run_cli("new", *args, root=root)
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert "Traceback" not in result.output


def test_mark_translated_on_the_content_folder_marks_only_translations(fixture_copy):
    root = fixture_copy("other-locale-link")
    result = run_cli("check", "--mark-translated", "content", root=root)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Marked content/ja/account/reset-password.md as translated from "
        f"content/en/account/reset-password.md ({statuses_marker(root)})"]
    refused = run_cli("check", "--mark-translated", "content/en", root=root)
    assert refused.exit_code == 1 and "holds the source articles" in refused.output


def statuses_marker(root) -> str:
    center, _ = load_help_center(load_project(root / "mkdocs.yml"))
    return source_marker(center.canonical("account/reset-password"))


def git(root, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", "-c", "user.name=Writer", "-c", "user.email=w@example.com",
                           "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                          capture_output=True, text=True).stdout.strip()


def test_outdated_hint_names_the_commit_the_translation_was_made_from(fixture_copy):
    root = fixture_copy("clean")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first version, translated into ko")
    first = git(root, "rev-parse", "--short", "HEAD")
    en = root / "content/en/account/reset-password.md"
    edit(en, "Check your spam folder.", "Check your spam folder, then wait 10 minutes.")
    git(root, "commit", "-qam", "substantive change")
    edit(en, "Request a reset link by e-mail.", "Request a reset link\nby e-mail.")
    git(root, "commit", "-qam", "cosmetic change")
    report = run_checks(load_project(root / "mkdocs.yml"), today=TODAY)
    [problem] = report.problems
    assert problem.code == "translation-outdated"
    assert problem.hint.startswith(
        f"it was translated from the version in commit {first}; see what changed with "
        f"'git diff {first} -- content/en/account/reset-password.md', update this text")


def test_outdated_hint_without_git_history_suggests_git_log(fixture_copy):
    root = fixture_copy("outdated-translation")  # a copy outside any repository
    [problem] = run_checks(load_project(root / "mkdocs.yml"), today=TODAY).problems
    assert problem.hint.startswith("see the changes with 'git log -p content/en/account/")


def test_new_translate_from_with_a_hostile_title_writes_valid_front_matter(fixture_copy):
    root = fixture_copy("clean")
    title = "Title\n---\n: [x] #not a comment & *alias 'quote\" <script>"
    result = run_cli("new", "--translate-from", "account/sign-in", "--locale", "ko", "--", title,
                     root=root)
    assert result.exit_code == 0, result.output
    center, problems = load_help_center(load_project(root / "mkdocs.yml"))
    assert problems == []
    assert center.articles["ko"]["account/sign-in"].title == " ".join(title.split())

"""One fixture tree per problem: the exact message, level and line a writer sees."""

from __future__ import annotations

import pytest

from tests.helpcenter.checks.conftest import check_fixture, problem_lines

EN_RESET = "content/en/account/reset-password.md"
EN_SIGNIN = "content/en/account/sign-in.md"
KO_RESET = "content/ko/account/reset-password.md"
JA_RESET = "content/ja/account/reset-password.md"
MARK = "helpcenter check --mark-translated"

EXPECTED = {
    "clean": [],
    "frontmatter": [
        f"{EN_RESET}:1: error: 'description' is required (add a line 'description: ...' to the "
        "front matter)",
        f"{EN_RESET}:4: error: 'reviewed' must be a date like 2026-11-01, got 'next week'",
    ],
    "broken-link": [
        f"{EN_SIGNIN}:10: error: broken link 'reset-pasword.md': there is no article "
        "account/reset-pasword (did you mean 'reset-password.md'?)",
        f"{EN_SIGNIN}:11: error: broken link '../billing/index.md': there is no category billing "
        "(a category is a folder with an index.md; check the folder name)",
        f"{EN_SIGNIN}:12: warning: link 'reset-password/' is a page URL, not the page's Markdown "
        "file (link to 'reset-password.md' so the build can check and rewrite it)",
    ],
    "link-forms": [
        f"{EN_SIGNIN}:10: error: link '[nothing]()' has no target (put the path of a .md file "
        "between the parentheses)",
        f"{EN_SIGNIN}:10: warning: link '/account/reset-password/' is an absolute URL path, which "
        "breaks in other locales and on other hosts (link to 'reset-password.md' instead)",
        f"{EN_SIGNIN}:11: warning: image 'https://cdn.example.com/logo.png' is loaded from "
        "another site (add the image to the content folder; the help center makes no "
        "third-party requests)",
        f"{EN_SIGNIN}:12: error: broken link 'forms/old.pdf': the file does not exist (add the "
        "file next to the article or fix the path)",
    ],
    "broken-anchor": [
        f"{EN_SIGNIN}:10: error: broken anchor '#if-the-email-doesnt-arrive' in link "
        "'reset-password.md#if-the-email-doesnt-arrive': account/reset-password has no heading "
        "with that id (did you mean '#if-the-e-mail-doesnt-arrive'?)",
        f"{EN_SIGNIN}:11: error: broken anchor '#the-end' in link '#the-end': this page has no "
        "heading with that id (its headings: #still-stuck)",
    ],
    "other-locale-link": [
        f"{JA_RESET}:1: warning: translation has no 'translated_from' marker, so nobody learns "
        f"when the en source changes (when it matches {EN_RESET}, run: {MARK} {JA_RESET})",
        f"{JA_RESET}:10: error: broken link 'kakao-login.md' in ja: account/kakao-login exists "
        "only in ko (add content/en/account/kakao-login.md so every locale can fall back to it, "
        "or remove the link)",
    ],
    "fallback-anchor": [
        f"{EN_SIGNIN}:10: warning: in ko, where this page falls back to en, the anchor "
        "'#if-the-e-mail-doesnt-arrive' of link 'reset-password.md#if-the-e-mail-doesnt-arrive' "
        "does not exist: the ko translation of account/reset-password has no heading with that "
        "id (give the heading the same explicit id in every locale, e.g. "
        "'## Heading {#if-the-e-mail-doesnt-arrive}')",
    ],
    "missing-image": [
        f"{EN_RESET}:10: error: image 'images/forgot-password.png' does not exist (add the file, "
        "or fix the path: it is relative to this file)",
    ],
    "image-alt": [
        f"{EN_RESET}:10: error: image 'images/forgot-password.png' has no alternative text "
        "(describe what it shows for people who cannot see it: ![The Security page with Change "
        "password selected](images/forgot-password.png))",
        f"{EN_RESET}:12: error: image 'images/forgot-password.png' has no alternative text "
        "(describe what it shows for people who cannot see it: "
        "<img src=\"images/forgot-password.png\" alt=\"...\">)",
    ],
    "outdated-translation": [
        f"{KO_RESET}:6: warning: outdated translation: {EN_RESET} changed in substance since "
        f"this was translated (see the changes with 'git log -p {EN_RESET}', update this text, "
        f"then run: {MARK} {KO_RESET})",
    ],
    "unmarked-translation": [
        f"{KO_RESET}:1: warning: translation has no 'translated_from' marker, so nobody learns "
        f"when the en source changes (when it matches {EN_RESET}, run: {MARK} {KO_RESET})",
    ],
    "untranslated": [
        f"{JA_RESET}:1: warning: translation has no 'translated_from' marker, so nobody learns "
        f"when the en source changes (when it matches {EN_RESET}, run: {MARK} {JA_RESET})",
        f"{JA_RESET}:7: warning: the text is still the en original, not a translation "
        "(translate it, or delete the file so ja falls back to en visibly)",
    ],
    "marker-on-source": [
        f"{EN_RESET}:6: warning: 'translated_from' has no effect on the en source article "
        "(remove the line; only translations carry the marker)",
    ],
    "review-overdue": [
        "content/en/account/close-account.md:1: warning: no 'reviewed' date; owner: help-team "
        "(review the article, then add 'reviewed: 2026-11-22')",
        "content/en/account/new-feature.md:5: warning: 'reviewed: 2027-01-01' is in the future "
        "(use the date of the review, at the latest 2026-11-22)",
        f"{EN_RESET}:5: warning: review overdue: last reviewed 2026-04-01, 235 days ago "
        "(interval 180 days); owner: help-team (review the article, then set "
        "'reviewed: 2026-11-22')",
        f"{EN_SIGNIN}:1: warning: no 'owner': nobody is reminded when this article needs a "
        "review (add a line 'owner: <team or person>' to the front matter)",
        "content/en/billing/refunds.md:5: warning: review overdue: last reviewed 2026-10-01, 52 "
        "days ago (interval 30 days); owner: payments-team (review the article, then set "
        "'reviewed: 2026-11-22')",
    ],
    "plain-language": [
        "content/en/account/change-email.md:8: warning: long sentence (48 words; aim for at most "
        "30) (split \"If you want to change the e-mail address…\" into shorter sentences)",
        "content/en/account/change-email.md:10: warning: long paragraph (120 words; aim for at "
        "most 100) (split it into shorter paragraphs, or turn steps into a numbered list)",
        "content/en/account/change-email.md:12: warning: 'authenticate' is jargon (write 'sign "
        "in' instead)",
        "content/en/account/change-email.md:12: warning: 'credentials' is jargon (write 'e-mail "
        "address and password' instead)",
        "content/ja/account/change-email.md:1: warning: translation has no 'translated_from' "
        "marker, so nobody learns when the en source changes (when it matches "
        "content/en/account/change-email.md, run: helpcenter check --mark-translated "
        "content/ja/account/change-email.md)",
        "content/ja/account/change-email.md:8: warning: long sentence (99 characters; aim for at "
        "most 80) (split \"ご注文いただいた商品の返品をご希望の場合は、商品到着後三十日以内にマイペ"
        "ージの注…\" into shorter sentences)",
        "content/ja/account/change-email.md:10: warning: '認証' is jargon (write '本人確認' "
        "instead)",
    ],
    "ui-strings": [
        "content/_ui/ja.yml:2: error: interface strings are not valid YAML: did not find "
        "expected ',' or ']' (check quotes and indentation)",
        "content/_ui/ko.yml: warning: 1 interface string(s) not translated, shown in en: "
        "article.last_reviewed (add them to content/_ui/ko.yml, translated from "
        "content/_ui/en.yml)",
        "content/_ui/ko.yml:2: error: 'category.count_other' uses {cnt}, which is not filled in "
        "(use only {count} as in content/_ui/en.yml)",
        "content/_ui/ko.yml:2: warning: 'category.count_other' leaves out {count} (the en text "
        "shows it: '{count} articles')",
        "content/_ui/ko.yml:3: warning: 'nav.hom' is not in content/_ui/en.yml, so no page uses "
        "it (check the spelling, or remove it)",
    ],
    "settings": [
        "content/_check.yml:1: error: 'review_interval_days' must be a whole number of days above "
        "0, got -5 (for example 'review_interval_days: 180')",
        "content/_check.yml:3: error: 'sentence' for 'en' must be a whole number above 0, got "
        "'zero'",
        "content/_jargon.yml:3: error: not valid YAML: did not find expected ',' or ']' (check "
        "quotes and indentation; quote values that contain ': ')",
    ],
}

CODES = {
    "frontmatter": ["frontmatter-required", "frontmatter-date"],
    "broken-link": ["link-broken", "link-broken", "link-not-markdown"],
    "broken-anchor": ["anchor-broken", "anchor-broken"],
    "link-forms": ["link-empty", "link-absolute", "image-external", "link-broken"],
    "other-locale-link": ["translation-unmarked", "link-only-in-other-locale"],
    "fallback-anchor": ["anchor-broken-in-locale"],
    "missing-image": ["image-missing"],
    "image-alt": ["image-alt-missing", "image-alt-missing"],
    "outdated-translation": ["translation-outdated"],
    "review-overdue": ["review-missing", "review-in-future", "review-overdue", "owner-missing",
                       "review-overdue"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_tree_reports_exactly_its_problem(name):
    assert problem_lines(check_fixture(name)) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(CODES))
def test_problems_carry_stable_codes(name):
    assert [p.code for p in check_fixture(name).problems] == CODES[name]


def test_contact_file_is_validated_by_the_contact_feature():
    report = check_fixture("contact")
    contact = [f for f in report.findings if f.check == "contact"]
    assert contact, "the contact data file's problems are part of helpcenter check"
    assert {f.problem.path for f in contact} == {"content/contact.yml"}
    assert all(f.problem.level == "error" and f.problem.line for f in contact)


def test_links_inside_code_are_not_checked():
    lines = problem_lines(check_fixture("broken-link"))
    assert not any("nowhere.md" in line for line in lines)


def test_front_matter_problems_are_the_builds_own():
    """`check` and the build share load_help_center: the same problems, word for word."""
    from helpcenter.content import load_help_center
    from tests.helpcenter.checks.conftest import fixture_project

    _, build_problems = load_help_center(fixture_project("frontmatter"))
    report = check_fixture("frontmatter")
    content = [f.problem for f in report.findings if f.check == "content"]
    assert content == sorted(build_problems, key=lambda p: (p.path, p.line or 0))


def test_a_locale_without_interface_strings_is_reported(fixture_copy):
    from helpcenter.checks import run_checks
    from helpcenter.project import load_project
    from tests.helpcenter.checks.conftest import TODAY

    root = fixture_copy("ui-strings")
    (root / "content/_ui/ja.yml").unlink()
    report = run_checks(load_project(root / "mkdocs.yml"), today=TODAY)
    assert str(report.problems[0]) == (
        "content/_ui/ja.yml: warning: no interface strings for ja: buttons and labels show in en "
        "(copy content/_ui/en.yml to content/_ui/ja.yml and translate it)")

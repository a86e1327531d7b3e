"""Validation of contact data: every fixture's problems, word for word, at file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpcenter.contact import (
    ContactDataError,
    load_contact_file,
    parse_contact,
    parse_opening_hours,
    validate_contact_file,
)
from helpcenter.contact.data import MAX_FILE_BYTES

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "contact_validation"
LOCALES = ["en", "ko", "ja"]


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.yml")))
def test_validation_fixture_reports_exactly_the_expected_problems(name):
    expected = (FIXTURES / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    source = FIXTURES / f"{name}.yml"
    last = source.read_text(encoding="utf-8").rstrip().splitlines()[-1]
    locales = last.split(":", 1)[1].replace(" ", "").split(",") if last.startswith(
        "# locales:") else LOCALES
    problems = validate_contact_file(source, locales, shown_as="contact.yml")
    assert [str(p) for p in problems] == expected


def test_a_file_with_errors_gives_no_book_but_warnings_alone_do():
    book, problems = load_contact_file(FIXTURES / "hostile.yml", LOCALES)
    assert book is None and problems
    text = (FIXTURES / "base_valid.yml").read_text() + "  unused:\n    type: form\n    label: Form\n"
    book, problems = parse_contact(text, ["en"], "c.yml")
    assert book is not None
    assert [str(p) for p in problems] == [
        "c.yml:18: warning: channel 'unused' has no 'url'; its card will not be a link",
        "c.yml:18: warning: channel 'unused' is not listed in any region (add it to a region's "
        "'channels' or remove it)",
    ]


def test_missing_unreadable_oversized_and_binary_files_are_one_clear_problem(tmp_path):
    assert [str(p) for p in validate_contact_file(tmp_path / "nope.yml", LOCALES, "contact.yml")] \
        == ["contact.yml: error: the contact file does not exist (create it (see the demo's "
            "content/contact.yml) or remove the helpcenter-contact plugin from mkdocs.yml)"]
    big = tmp_path / "big.yml"
    big.write_text("# " + "x" * MAX_FILE_BYTES)
    assert [p.message for p in validate_contact_file(big, LOCALES)] == [
        "the file is larger than 512 KB"]
    binary = tmp_path / "bin.yml"
    binary.write_bytes(b"regions:\n  \xff\xfe\n")
    assert [str(p) for p in validate_contact_file(binary, LOCALES, "bin.yml")] == [
        "bin.yml:1: error: not UTF-8 text (byte 11) (save the file as UTF-8)"]
    empty = tmp_path / "empty.yml"
    empty.write_text("# nothing yet\n")
    assert [p.message for p in validate_contact_file(empty, LOCALES)] == ["the file is empty"]


def test_deep_nesting_and_non_mapping_tops_are_refused_without_a_traceback():
    deep = "regions: " + "[" * 5000 + "]" * 5000 + "\n"
    assert [p.message for p in parse_contact(deep, LOCALES)[1]] == [
        "contact data is nested more than 12 levels deep"]
    assert [p.message for p in parse_contact("- a\n- b\n", LOCALES)[1]] == [
        "the contact file must be a set of 'key: value' lines"]
    tagged = "regions: !!python/object/apply:os.system ['echo hacked']\nchannels: {}\n"
    problems = parse_contact(tagged, LOCALES)[1]
    assert [p.message for p in problems] == [
        "the tag '!!python/object/apply:os.system' is not allowed in contact data"]


def test_the_demo_contact_file_is_valid_and_matches_the_content_brief():
    book, problems = load_contact_file(REPO / "content" / "contact.yml", LOCALES)
    assert problems == []
    assert [c.id for c in book.channels_for("en")][:4] == ["chat", "email", "whatsapp", "phone"]
    assert [c.type for c in book.channels_for("ko")] == ["kakaotalk", "phone", "email", "form"]
    assert [c.type for c in book.channels_for("ja")] == ["line", "phone", "email", "form"]
    assert book.channels["chat"].hours.timezone == "America/New_York"
    assert book.channels["assistant"].automated and book.channels["assistant"].hours.always
    phone_kr = book.channels["phone-kr"].hours
    assert phone_kr.timezone == "Asia/Seoul"
    assert [(r.start, r.end) for r in phone_kr.week[0]] == [(540, 720), (780, 1080)]
    assert phone_kr.holiday_on(dt.date(2027, 2, 8)).name("ko") == "설날 연휴"
    assert book.channels["kakaotalk"].hours.holidays == ()  # 매일 운영, also on holidays
    phone_jp = book.channels["phone-jp"].hours
    assert phone_jp.holiday_on(dt.date(2026, 12, 31)).name("ja") == "年末年始休業"
    assert book.channels["email"].email == "support@lumora.example"
    assert book.channels["whatsapp"].phone == "+1 555 010 0100"


def test_parse_opening_hours_raises_with_the_problems():
    with pytest.raises(ContactDataError) as info:
        parse_opening_hours({"timezone": "Nowhere/City", "mon": "09:00-18:00"})
    assert "unknown time zone 'Nowhere/City'" in str(info.value)
    always = parse_opening_hours("24/7")
    assert always.always and all(day for day in always.week)


@pytest.mark.parametrize("text", [
    "regions: {}\nchannels: {}\n",
    "regions:\nchannels:\n",
    "channels: {a: {type: chat, label: x, hours: {timezone: UTC, daily: [1, 2]}}}\n",
    "regions: {x: {locales: en, channels: a}}\nchannels: {a: [1]}\n",
    "regions: {x: {locales: [[en]], channels: [[a]], holidays: {a: 1}}}\nchannels: {a: {}}\n",
    "regions: {x: {name: [1], locales: [en], channels: [a], holidays: [1, [2], {date: [3]}]}}\n"
    "channels: {a: {type: [chat], label: {en: [x]}, hours: [1], email: {a: b}}}\n",
    "\x00\x01",
    "regions: {'': {}}\nchannels: {? [a, b] : c}\n",
])
def test_malformed_shapes_give_problems_never_exceptions(text):
    book, problems = parse_contact(text, LOCALES)
    assert book is None
    assert problems and all(p.level in ("error", "warning") for p in problems)

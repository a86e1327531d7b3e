"""bench/search_eval.py's labelled query files: the held-out set keeps the promises its header
makes, and a malformed file stops the run with one sentence naming file and line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.search_eval import (
    CHATTER,
    DEV_SET,
    HELDOUT2_SET,
    HELDOUT3_SET,
    HELDOUT4_SET,
    HELDOUT_SET,
    KINDS,
    LOCALES,
    QueryFileError,
    chatty,
    labelled_queries,
    query_files,
    set_name,
)

REPO = Path(__file__).resolve().parents[2]


def articles(locale: str) -> set[str]:
    folder = REPO / "content" / locale
    return {f"{p.parent.name}/{p.stem}" for p in folder.glob("*/*.md") if p.name != "index.md"}


def coverage(path: Path):
    """Per locale of a labelled file: its count, kinds and how many queries expect each article;
    every expected article exists in the locale or is the default locale's fallback."""
    queries = labelled_queries(path)
    for locale in LOCALES:
        mine = [q for q in queries if q["locale"] == locale]
        expected = Counter(a for q in mine for a in q["expect"])
        assert set(expected) <= articles(locale) | articles("en"), locale
        yield locale, len(mine), Counter(q["kind"] for q in mine), expected


def test_the_heldout_set_covers_every_article_with_the_kinds_customers_type():
    for locale, n, kinds, expected in coverage(HELDOUT_SET):
        assert n >= 60, locale
        assert all(kinds[k] >= 7 for k in ("question", "paraphrase", "colloquial")), (locale, kinds)
        assert not [a for a in articles(locale) if expected[a] < 2], locale
        assert kinds[{"ko": "nospace", "ja": "noparticle"}.get(locale, "typo")] >= 1, locale


def test_no_heldout_query_was_in_the_dev_set_tuned_on():
    dev = {(q["locale"], q["q"].strip().lower()) for q in labelled_queries(DEV_SET)}
    held = [(q["locale"], q["q"].strip().lower()) for q in labelled_queries(HELDOUT_SET)]
    assert len(held) == len(set(held))
    assert not dev & set(held)


def test_the_second_heldout_set_is_big_enough_per_locale_kind_and_article():
    for locale, n, kinds, expected in coverage(HELDOUT2_SET):
        assert n >= 100, locale
        assert kinds["paraphrase"] >= 25 and kinds["question"] >= 20, (locale, kinds)
        assert kinds["colloquial"] >= 20, (locale, kinds)
        assert not [a for a in articles(locale) if expected[a] < 3], locale
        assert kinds[{"ko": "nospace", "ja": "noparticle"}.get(locale, "typo")] >= 10, locale
    header = HELDOUT2_SET.read_text(encoding="utf-8").split("\nen:", 1)[0]
    assert all(kind in header for kind in KINDS)


def normal(path: Path) -> list[tuple[str, str]]:
    return [(q["locale"], " ".join(q["q"].split()).casefold()) for q in labelled_queries(path)]


def test_no_second_heldout_query_is_in_a_set_tuned_on():
    tuned = {q for _, q in normal(DEV_SET) + normal(HELDOUT_SET)}
    held = normal(HELDOUT2_SET)
    assert len(held) == len(set(held))
    assert not [q for _, q in held if q in tuned]


@pytest.mark.parametrize(("path", "least", "cjk_kind"), [(HELDOUT3_SET, 140, 12),
                                                         (HELDOUT4_SET, 150, 25)])
def test_the_third_and_fourth_heldout_sets_are_big_enough_per_locale_kind_and_article(
        path, least, cjk_kind):
    for locale, n, kinds, expected in coverage(path):
        assert n >= least, locale
        assert kinds["paraphrase"] >= 40 and kinds["question"] >= 30, (locale, kinds)
        assert kinds["colloquial"] >= 35 and kinds["typo"] >= 12, (locale, kinds)
        assert not [a for a in articles(locale) if expected[a] < 4], locale
        if locale != "en":
            assert kinds[{"ko": "nospace", "ja": "noparticle"}[locale]] >= cjk_kind, locale


@pytest.mark.parametrize(("path", "earlier"), [
    (HELDOUT3_SET, (DEV_SET, HELDOUT_SET, HELDOUT2_SET)),
    (HELDOUT4_SET, (DEV_SET, HELDOUT_SET, HELDOUT2_SET, HELDOUT3_SET))])
def test_no_third_or_fourth_heldout_query_is_in_an_earlier_set(path, earlier):
    asked = {item for earlier_path in earlier for item in normal(earlier_path)}
    held = normal(path)
    assert len(held) == len(set(held))
    assert not [item for item in held if item in asked]


def test_heldout_asks_every_heldout_set_each_under_its_own_label():
    assert query_files(None, False) == [DEV_SET]
    assert query_files(None, True) == [DEV_SET, HELDOUT_SET, HELDOUT2_SET, HELDOUT3_SET,
                                       HELDOUT4_SET]
    other = Path("other.yml")
    assert query_files([other], True) == [other, HELDOUT_SET, HELDOUT2_SET, HELDOUT3_SET,
                                             HELDOUT4_SET]
    assert set_name(HELDOUT_SET).startswith("held-out 1, spent: evaluated 2026-12-01 session 3, "
                                            "tuned on since")
    assert set_name(HELDOUT2_SET).startswith("held-out 2, spent: evaluated 2026-12-01 session 4")
    assert set_name(HELDOUT3_SET).startswith("held-out 3, spent")
    assert set_name(HELDOUT4_SET).startswith("held-out 4, blind")
    assert set_name(other) == "other.yml"


MALFORMED = [
    ("en:\n  - {q: \"refund\", kind: question, expect: [returns/refund-timing]\n", 3,
     "not valid YAML"),
    ("en:\n  - {q: \"refund\", kind: question}\n", 2, "exactly q, kind and expect"),
    ("en:\n  - {q: \"refund\", kind: guess, expect: [returns/refund-timing]}\n", 2,
     "kind must be one of"),
    ("en:\n  - {q: \"refund\", kind: typo,\n     expect: []}\n", 3, "non-empty list"),
    ("en:\n  - {q: \"refund\", kind: typo, expect: [Refund timing]}\n", 2, "category/article"),
    ("en:\n  - {q: \"  \", kind: typo, expect: [returns/refund-timing]}\n", 2, "non-empty string"),
    ("en:\n  - {q: [a, b], kind: typo, expect: [returns/refund-timing]}\n", 2, "non-empty string"),
    ("en:\n  - {q: \"ok\", kind: typo, expect: &a [returns/refund-timing]}\n"
     "  - {q: *a, kind: typo, expect: *a}\n", 3, "non-empty string"),
    ("fr:\n  - {q: \"remboursement\", kind: question, expect: [returns/refund-timing]}\n", 1,
     "unknown locale 'fr'"),
    ("en: refund\n", 1, "must be a list"),
    ("en:\n  - refund\n", 2, "exactly q, kind and expect"),
]


@pytest.mark.parametrize("text, line, problem", MALFORMED)
def test_a_malformed_query_file_is_one_sentence_naming_file_and_line(tmp_path, text, line,
                                                                       problem):
    path = tmp_path / "queries.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryFileError) as caught:
        labelled_queries(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert problem in message and message.endswith(".") and "\n" not in message


@pytest.mark.parametrize("data", [b"", b"- just\n- a list\n", b"en: []\n", b"\xff\xfe en:"])
def test_an_empty_or_unreadable_query_file_names_the_file(tmp_path, data):
    path = tmp_path / "queries.yml"
    path.write_bytes(data)
    with pytest.raises(QueryFileError, match=rf"^{path}: .*\.$"):
        labelled_queries(path)


def test_the_command_refuses_a_bad_query_file_before_building_anything(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("en:\n  - {q: \"refund\", kind: question}\n", encoding="utf-8")
    keep = tmp_path / "work"
    done = subprocess.run([sys.executable, "-m", "bench.search_eval", "--systems", "ours",
                           "--heldout", "--queries", str(bad), "--keep", str(keep)],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"search_eval: {bad}:2: an entry needs exactly q, kind and "
                                   "expect.")
    assert done.stdout == "" and not keep.exists()


def test_every_kind_the_files_use_is_a_documented_kind():
    header = HELDOUT_SET.read_text(encoding="utf-8").split("\nen:", 1)[0]
    assert all(kind in header for kind in KINDS)
    assert {q["kind"] for q in labelled_queries(DEV_SET)} <= set(KINDS)


def test_one_quick_run_reports_each_query_file_in_the_same_table_layout(tmp_path):
    first, second = tmp_path / "first.yml", tmp_path / "second.yml"
    first.write_text("en:\n  - {q: \"reset password\", kind: keyword, "
                     "expect: [account/reset-password]}\n", encoding="utf-8")
    second.write_text("ko:\n  - {q: \"환불\", kind: keyword, expect: [returns/refund-timing]}\n"
                      "  - {q: \"배송 조회\", kind: question, expect: [orders/track-order]}\n",
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bench.search_eval", "--systems", "ours",
                           "--queries", str(first), "--queries", str(second),
                           "--keep", str(tmp_path / "work")],
                          cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    tables = done.stdout.split("\n### ")[1:]
    assert [t.splitlines()[0] for t in tables] == [
        f"Labelled queries, demo articles ({first}) (1 queries)",
        f"Labelled queries, demo articles ({second}) (2 queries)"]
    header = ("| locale | kind | n | ours s@1 / s@5 / MRR / median / zero | ours strict s@1 / s@5 "
              "/ MRR / median / zero |")
    assert all(t.splitlines()[2] == header for t in tables)
    rows = [[line.split(" | ")[:3] for line in t.splitlines()[4:] if line.startswith("| ")]
            for t in tables]
    assert rows == [[["| en", "all", "1"], ["| en", "keyword", "1"]],
                    [["| ko", "all", "2"], ["| ko", "keyword", "1"], ["| ko", "question", "1"]]]
    assert done.stderr.count("built ours") == 1   # one build for both files


def test_chatty_queries_keep_their_answers_and_end_with_the_locale_s_sentence():
    queries = labelled_queries(DEV_SET)
    long = chatty(queries)
    assert [(q["locale"], q["kind"], q["expect"]) for q in long] == \
        [(q["locale"], q["kind"], q["expect"]) for q in queries]
    assert all(c["q"] == f"{q['q']} {CHATTER[q['locale']]}" for q, c in zip(queries, long,
                                                                          strict=True))
    assert set(CHATTER) == set(LOCALES)

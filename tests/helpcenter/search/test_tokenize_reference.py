"""The fast index-side tokenization and index writing equal their previous definitions
(tokenize_reference.py) on every kind of text: mixed scripts, emoji, combining marks, lone
surrogates, characters NFKC or lower-casing change, and hostile long inputs. The build's search
files must stay byte for byte what they were, and the browser's tokenize.js follows the same
rules as the reference."""

from __future__ import annotations

import gzip
import random
from collections import Counter

import pytest

from helpcenter.search import index, split, tokenize
from helpcenter.search.index import SearchDocument, compact_index, field_terms, search_documents

from . import tokenize_reference as reference

# Pieces random texts are made of: single characters of every class and script the tokenizer
# tells apart, and strings that exercise its rules (Korean endings, camel case, apostrophes).
PIECES = [
    *"abcXYZ019 \n\t'’-_.,!<>/", "é", "ß", "ÿ", "\xa0", "²", "½", "ª",
    "İ", "Σ", "ς", "ﬁ", "Ⅻ", "①", "\u0301", "\u0308", "\u3099", "\u309a",
    *"가나를비밀번호을하기에서", "\u1100", "\u1161", "\u11a8", "ㄱ", "ㅏ", "\ua960", "\ud7b0",
    *"のをゝ", *"パスーヽ", "・", "ㇰ", "ｶ", "ﾞ", "ｯ",
    *"変更設", "\u3400", "\U00020000", "\U0003134f", "\U00031350", "々", "〆", "\uf900",
    "😀", "\u200d", "\ufe0f", "👍🏽", "✓", "\ud800", "\udfff", "\ud83d",
    "ع", "\u064e", "क", "\u093e", "\u094d", "ก", "٣", "Ａ", "ｂ", "１", "＇", "\x00",
    "를", "에서", "하기", "합니다", "되었습니다", "사용자에게서", "パスワード", "二段階認証",
    "DBConnection", "AIChat", "don't", "won’t", "a''b", "'x", "x'",
]
LANGS = ("en", "ko", "ja")


def random_texts(count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, longest)))
            for _ in range(count)]


TEXTS = random_texts(1000, 40, seed=16)
# Long runs of one class, alternating classes and scripts, many apostrophes, marks, surrogates.
# (20,000 characters: the reference's character loop is slow; the fast code is linear.)
N = 20_000
HOSTILE = [
    "a" * N, "가" * N, "パ" * N, "'" * N, "a'" * N, "a'b" * N, "a가" * N, "aパ1変 " * N,
    "\u0301" * N, "😀" * N, "\ud800" * N, "İ" * N, "A" * N + "a" * N, "를" * N, "변경" + "하기" * N,
    "".join(random_texts(1, N, seed=7)),
]


@pytest.mark.parametrize("text", TEXTS[:5] + ["", "don't won’t", "iPhone결제"])
def test_runs_keep_their_cased_text_and_kind(text):
    assert tokenize.runs(text) == reference.runs(text)


def test_runs_equal_the_character_loop_on_random_mixed_script_text():
    mismatches = [t for t in TEXTS if tokenize.runs(t) != reference.runs(t)]
    assert not mismatches


def test_runs_equal_the_character_loop_on_hostile_long_inputs():
    for text in HOSTILE:
        assert tokenize.runs(text) == reference.runs(text), text[:20]


def test_cjk_segments_stems_and_words_equal_their_character_loops():
    for text in TEXTS + HOSTILE[-3:]:
        for run in reference.runs(text):
            if run.kind == tokenize.CJK:
                assert tokenize.segments(run.text) == reference.segments(run.text)
                assert tokenize.cjk_words(run.text) == reference.cjk_words(run.text)
        for _, segment in reference.segments(text):
            assert tokenize.korean_stem(segment) == reference.korean_stem(segment)
    for text in HOSTILE:   # the reference's segments are quadratic in a run's length
        assert tokenize.segments(text[:2000]) == reference.segments(text[:2000])


def test_every_korean_ending_is_stripped_as_the_longest_that_leaves_two_syllables():
    for suffix in tokenize.KO_SUFFIXES:
        for word in (suffix, "가" + suffix, "가나" + suffix, "가나다" + suffix + suffix):
            assert tokenize.korean_stem(word) == reference.korean_stem(word)


@pytest.mark.parametrize("lang", LANGS)
def test_terms_and_word_pairs_equal_their_previous_definitions(lang):
    for text in TEXTS + HOSTILE[-3:]:
        assert tokenize.tokenize(text, lang) == reference.tokenize(text, lang)
        assert tokenize.tokenize(text, lang, words=False) == reference.tokenize(text, lang, False)
        for camel in (False, True):
            assert tokenize.word_pairs(text, lang, camel) == reference.word_pairs(text, lang,
                                                                                  camel)
        assert tokenize.terms_and_pairs(text, lang) == (reference.tokenize(text, lang),
                                                        reference.word_pairs(text, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_body_counts_are_the_counted_tokens(lang):
    rng = random.Random(21)   # apostrophes between, before, after and beside letters of each kind
    apostrophes = ["".join(rng.choice(["a", "B", "'", "’", " ", "가", "パ", "1", "é", "\u0301"])
                           for _ in range(rng.randint(0, 30))) for _ in range(500)]
    for text in TEXTS + apostrophes + HOSTILE[-3:]:
        assert tokenize.body_counts(text, lang) == Counter(reference.tokenize(text, lang, False))
    for text in HOSTILE:
        assert tokenize.body_counts(text, lang) == Counter(tokenize.tokenize(text, lang, False))
    assert tokenize.body_counts("", lang) == Counter()


def random_documents(count: int, seed: int) -> list[SearchDocument]:
    rng = random.Random(seed)
    texts = random_texts(count * 8, 30, seed)

    def pick(n: int) -> list[str]:
        return [rng.choice(texts) for _ in range(n)]

    return [SearchDocument(id=f"c/a{n}", title=rng.choice(texts), category="c", url=f"/c/a{n}/",
                           description=rng.choice(texts), headings=pick(rng.randint(0, 5)),
                           tags=pick(rng.randint(0, 3)), body=" ".join(pick(20)),
                           fallback=False, lang="en", aliases=pick(rng.randint(0, 2)))
            for n in range(count)]


@pytest.mark.parametrize("lang", LANGS)
def test_field_terms_and_the_compact_index_equal_their_previous_definitions(lang):
    documents = random_documents(150, seed=len(lang))
    for doc in documents:
        assert field_terms(doc, lang) == reference.field_terms(doc, lang)
        assert index.field_counts(doc, lang) == {name: Counter(terms) for name, terms
                                                 in reference.field_terms(doc, lang).items()}
    assert compact_index(documents, lang) == reference.compact_index(documents, lang)


@pytest.mark.parametrize("locale", LANGS)
def test_the_demo_index_equals_its_previous_definition(demo_center, locale):
    documents = search_documents(demo_center, locale)
    assert compact_index(documents, locale) == reference.compact_index(documents, locale)


def test_base36_table_and_long_hand_agree():
    assert all(index._base36(n) == reference.base36(n) for n in range(100_000))
    assert index._base36(36 ** 5 + 7) == reference.base36(36 ** 5 + 7)


def test_term_ranges_equal_their_previous_definition():
    rng = random.Random(3)
    for _ in range(200):
        count = rng.randint(0, 60)
        per_term = {"postings": {name: ["x" * rng.randint(0, 30) for _ in range(count)]
                                 for name in ("title", "body", "tags")}}
        for shard_bytes in (0, 1, rng.randint(1, 400), 10 ** 6):
            assert split.term_ranges(per_term, count, shard_bytes) == reference.term_ranges(
                per_term, count, shard_bytes)


def test_the_split_decision_compresses_only_as_far_as_it_must_and_agrees_with_gzip():
    rng = random.Random(5)
    noise = rng.randbytes(300_000)
    words = " ".join(rng.choice(["search", "index", "검색", "索引"]) for _ in range(80_000))
    for data in (b"", b"x", noise[:65_536], noise, words.encode()):
        size = len(gzip.compress(data, compresslevel=6))
        for limit in {0, 1, size - 1, size, size + 1, size // 2, 64 * 1024}:
            assert split.gzip_size_above(data, limit) == (size > limit), (len(data), limit)
        assert split.gzip_size_above(data, size - 1, chunk=1000) is True
        assert split.gzip_size_above(data, size, chunk=1000) is False

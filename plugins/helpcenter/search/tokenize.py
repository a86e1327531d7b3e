"""Tokenization per script, identical to overrides/assets/helpcenter/search/tokenize.js.

The browser and `helpcenter search` must turn the same text into the same terms, or the same
query would rank differently in the two places. Rules (the shared fixture
tests/helpcenter/search/tokenize_fixture.json pins them down for both implementations):

1. The text is NFKC-normalized (full-width Latin and half-width Kana become ordinary characters)
   and lower-cased.
2. It is cut into runs: CJK runs (Hangul, Hiragana, Katakana, Han) and word runs (any other letter,
   mark or digit; an apostrophe between two letters is dropped, so "don't" is one word).
   Everything else separates runs.
3. A CJK run becomes its overlapping bigrams ("비밀번호" → 비밀, 밀번, 번호), or itself when it is
   one character long, so that partial words, compounds and text typed without spaces match;
   then its whole words (`cjk_words`): the run is cut where the script changes (Hangul, Han,
   Katakana, Hiragana), a Hangul segment loses one particle or ending of KO_SUFFIXES
   ("비밀번호를" → 비밀번호, "설정하기" → 설정), Hiragana segments (particles, okurigana) are
   dropped, and the segments of three or more characters are terms too ("パスワードを変更" →
   パスワード). Shorter ones already are: a two-character word is its own bigram.
4. A word run is cut to 64 characters; for English it is dropped when it is a lunr stop word and
   otherwise stemmed with lunr.js 2.3.9's Porter stemmer (ported below, byte for byte in effect:
   lunr.py ships a different Porter variant that disagrees on words like "always").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import ChainMap, Counter
from collections.abc import Iterator
from dataclasses import dataclass
from operator import add, itemgetter

from lunr.stop_word_filter import WORDS as _LUNR_STOP_WORDS

MAX_WORD = 64
STEMMED_LANGUAGES = {"en"}
STOP_WORDS = frozenset(_LUNR_STOP_WORDS)
_APOSTROPHES = "'\u2019"

# Code point ranges treated as CJK (after NFKC). Keep in sync with tokenize.js.
CJK_RANGES = (
    (0x1100, 0x11FF),    # Hangul Jamo
    (0x3005, 0x3006),    # 々 〆
    (0x3041, 0x309F),    # Hiragana
    (0x30A0, 0x30FA),    # Katakana (without the middle dot U+30FB)
    (0x30FC, 0x30FF),    # ー ヽ ヾ ヿ
    (0x3131, 0x318E),    # Hangul compatibility Jamo
    (0x31F0, 0x31FF),    # Katakana phonetic extensions
    (0x3400, 0x4DBF),    # CJK extension A
    (0x4E00, 0x9FFF),    # CJK unified ideographs
    (0xA960, 0xA97F),    # Hangul Jamo extended-A
    (0xAC00, 0xD7A3),    # Hangul syllables
    (0xD7B0, 0xD7FF),    # Hangul Jamo extended-B
    (0xF900, 0xFAFF),    # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B–G
)

OTHER, WORD, CJK = 0, 1, 2


@functools.lru_cache(maxsize=65536)
def char_class(char: str) -> int:
    """CJK, WORD (letter, mark or digit of any other script) or OTHER (a separator).

    Cached: a help center uses a few thousand distinct characters, and this runs for every one
    of millions of characters at build time."""
    code = ord(char)
    for low, high in CJK_RANGES:
        if low <= code <= high:
            return CJK
    return WORD if unicodedata.category(char)[0] in "LMN" else OTHER


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True)
class Run:
    """A stretch of one kind of text: `kind` is WORD or CJK; `cased` is the same stretch before
    lower-casing (for `camel_parts`; equal to `text` when lower-casing changed the length)."""

    kind: int
    text: str
    cased: str = ""


def _cuts(text: str) -> Iterator[tuple[int, int, int, bool]]:
    """(kind, start, end, holds an apostrophe to drop) of each run of normalized `text`."""
    for match in _RUN.finditer(_classes(text)):
        start, end = match.span()
        yield (CJK if match.group(1) is None else WORD), start, end, match.group(2) is not None


def runs(text: str) -> list[Run]:
    """Cut normalized text into word runs and CJK runs."""
    cased_text = unicodedata.normalize("NFKC", text)
    text = cased_text.lower()
    if len(cased_text) != len(text):
        cased_text = text
    return [Run(kind, _without_apostrophes(text[start:end]),
                _without_apostrophes(cased_text[start:end])) if apostrophe
            else Run(kind, text[start:end], cased_text[start:end])
            for kind, start, end, apostrophe in _cuts(text)]


def _spans(text: str) -> list[tuple[int, str]]:
    """`runs` without the cased copies, as (kind, text) pairs: what the index side needs."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [(kind, _without_apostrophes(text[start:end]) if apostrophe else text[start:end])
            for kind, start, end, apostrophe in _cuts(text)]


# `runs` without a loop over characters in Python: `str.translate` writes each character's
# class as one letter (`_CLASS_LETTERS`; an apostrophe stays "'"), and `_RUN` cuts that string.
# A word run swallows an apostrophe only between two word characters ("don't" → "dont"), as
# the character loop of tokenize.js does. The table learns each character's class from
# `char_class` the first time the character is seen. `_RUN` cannot backtrack: "'" only
# separates runs of "w", so every character is looked at a bounded number of times.
# tests/helpcenter/search/tokenize_reference.py keeps the character loop this replaced.
_CLASS_LETTERS = {OTHER: " ", WORD: "w", CJK: "c"}
_RUN = re.compile(r"(w+('w+)*)|c+")
_UNKNOWN = re.compile(r"[^ wc']")


class _Table(dict):
    """A `str.translate` table that learns a character's entry the first time it meets it."""

    def __missing__(self, code: int) -> str:
        return _learn(chr(code))[1]


# Both tables remember only the Basic Multilingual Plane (at most 65,536 entries each): a
# character beyond it (emoji, rare ideographs) is classed again each time, so that queries a
# client sends full of distinct code points cannot grow a long-running reader without bound.
_MEMO_LIMIT = 0x10000
_class_table: dict[int, str] = {}
# For `body_counts`: each word character kept, an apostrophe as "'", any other character (CJK
# ones too) a space, so that `str.split` cuts the word runs.
_word_table: dict[int, str] = _Table()


def _learn(char: str) -> tuple[str, str]:
    """The character's class letter and its `_word_table` entry, remembered below the limit."""
    cls = char_class(char)
    letter = "'" if cls == OTHER and char in _APOSTROPHES else _CLASS_LETTERS[cls]
    word = char if letter == "w" else "'" if letter == "'" else " "
    if ord(char) < _MEMO_LIMIT:
        _class_table[ord(char)] = letter
        _word_table[ord(char)] = word
    return letter, word


for _code in range(256):   # so that no character still unknown is one of " wc'"
    _learn(chr(_code))


def _classes(text: str) -> str:
    """One class letter per character of `text` (normalized)."""
    classes = text.translate(_class_table)
    unknown = _UNKNOWN.findall(classes)
    if unknown:
        learnt = {ord(char): _learn(char)[0] for char in set(unknown)}
        beyond = max(learnt) >= _MEMO_LIMIT   # not kept in the table: read from `learnt` too
        classes = text.translate(ChainMap(learnt, _class_table) if beyond else _class_table)
    return classes


def _without_apostrophes(word: str) -> str:
    for apostrophe in _APOSTROPHES:
        word = word.replace(apostrophe, "")
    return word


# -- whole words inside CJK runs -------------------------------------------------------------

WORD_MIN = 3       # a CJK word of 1-2 characters is already a term (its unigram or bigram)
HANGUL, HAN, KATAKANA, HIRAGANA = 1, 2, 3, 4
# Korean particles and endings one of which `korean_stem` strips from a word (the longest that
# leaves at least two syllables): the common case particles, 하다/되다 forms of Sino-Korean
# verbs (설정하기, 설정합니다, 설정된) and polite endings. Not a morphological analysis: the same
# cut applies to articles and queries, which is what matching needs. Keep in sync with
# tokenize.js.
KO_SUFFIXES = tuple(sorted(set("""
을 를 이 가 은 는 의 에 로 와 과 도 만 나 며 한 할 함 된 될 됨
에서 에게 에는 에도 으로 부터 까지 처럼 보다 이나 이며 이고 이란 이라 라는 이랑 한테 께서
에서는 에서도 에게서 으로는 으로도 으로써 으로서 에서의 으로의
하기 하는 하고 하면 하여 해서 해야 하지 한다 했다 하다 해요 하게 하며 하려 하던
합니다 됩니다 입니다 습니다 하려면 하세요 하도록 하거나 했어요 했어 하시오 해주세요
되는 되면 되어 되고 되지 된다 되다 되었 돼요 되기 되도록 되었습니다 했습니다 하십시오
어요 아요 세요 나요 까요 니다 예요 이에요 인가요 인가 할까요 하나요 되나요
""".split()), key=lambda suffix: (-len(suffix), suffix)))


def script(char: str) -> int:
    """HANGUL, HAN, KATAKANA, HIRAGANA or OTHER, for a character of a CJK run."""
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3131 <= code <= 0x318E:
        return HANGUL
    if 0x3041 <= code <= 0x309F:
        return HIRAGANA
    if 0x30A0 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
        return KATAKANA
    if (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3134F or 0x3005 <= code <= 0x3006):
        return HAN
    return OTHER


def segments(run: str) -> list[tuple[int, str]]:
    """A CJK run cut where the script changes: [(script, text)]."""
    return [(_SEGMENT_KINDS[match.lastindex], match.group())
            for match in _SEGMENT.finditer(run)]


# `script`'s ranges as one pattern, a group per script (`segments` without a character loop).
_SCRIPT_RANGES = {
    HANGUL: "\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e",
    HIRAGANA: "\u3041-\u309f",
    KATAKANA: "\u30a0-\u30ff\u31f0-\u31ff",
    HAN: "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f\u3005-\u3006",
}
_SEGMENT = re.compile("|".join(f"([{ranges}]+)" for ranges in _SCRIPT_RANGES.values())
                      + f"|([^{''.join(_SCRIPT_RANGES.values())}]+)", re.S)
_SEGMENT_KINDS = dict(enumerate([*_SCRIPT_RANGES, OTHER], start=1))


@functools.lru_cache(maxsize=1 << 16)   # a corpus repeats its words
def korean_stem(word: str) -> str:
    """`word` without its longest KO_SUFFIXES ending that leaves two syllables or more."""
    for size, suffixes in _KO_SUFFIXES_BY_LENGTH:
        if len(word) - size >= 2 and word[-size:] in suffixes:
            return word[:-size]
    return word


# KO_SUFFIXES by length, longest first: the longest ending is one set look-up per length.
_KO_SUFFIXES_BY_LENGTH = tuple(
    (size, frozenset(suffix for suffix in KO_SUFFIXES if len(suffix) == size))
    for size in sorted({len(suffix) for suffix in KO_SUFFIXES}, reverse=True))


def cjk_words(run: str) -> list[str]:
    """The whole-word terms of a CJK run (see the module's rule 3), in order."""
    return [word for word in segment_keys(run) if word and len(word) >= WORD_MIN]


def segment_keys(run: str) -> list[str | None]:
    """The word of each segment of a CJK run, as `phrase_keys` counts them: a Hangul segment
    stemmed, a Han or Katakana one as it is (each cut to MAX_WORD), None for a segment of no
    script (it breaks a phrase); Hiragana segments (particles, okurigana) are left out."""
    keys: list[str | None] = []
    for kind, text in segments(run):
        if kind == HANGUL:
            keys.append(korean_stem(text)[:MAX_WORD])
        elif kind == HAN or kind == KATAKANA:
            keys.append(text[:MAX_WORD])
        elif kind == OTHER:
            keys.append(None)
    return keys


SUBWORD_MAX = 6    # query substrings tried as whole words (Korean typed without spaces)


def query_words(run: str) -> list[str]:
    """Whole-word terms a query's CJK run may contain: each segment's own word (as in
    `cjk_words`) and, since a query may be typed without spaces ("비밀번호를잊어버렸어요"),
    the substrings of 3-6 characters of its Hangul, Han and Katakana segments, shortest first
    (most stems are short; `query_clauses` keeps the first MAX_CLAUSES). The ones that are no
    article's word simply match nothing."""
    parts = [(kind, text) for kind, text in segments(run[:MAX_QUERY_RUN])
             if kind != HIRAGANA and kind != OTHER]
    words = [word for kind, text in parts
             for word in [(korean_stem(text) if kind == HANGUL else text)[:MAX_WORD]]
             if len(word) >= WORD_MIN]
    for size in range(WORD_MIN, SUBWORD_MAX + 1):
        for _, text in parts:
            words.extend(text[i:i + size] for i in range(len(text) - size + 1))
    return list(dict.fromkeys(words))


MAX_QUERY_RUN = 32
KANJI_BOOST = 0.5


def kanji_stems(run: str) -> list[str]:
    """The one-kanji stems of a run's verbs and adjectives: a single Han character followed by
    Hiragana (届きますか → 届), which articles write with other okurigana (届く, お届け): the
    query matches them as a prefix, one unit each."""
    found = segments(run)
    return [text for (kind, text), (after, _) in zip(found, found[1:] + [(OTHER, "")],
                                                     strict=True)
            if kind == HAN and len(text) == 1 and after == HIRAGANA]


KANA_MIN = 3       # a run of fewer hiragana is a particle or an ending (から, です), not a word
MAX_KANA_WORDS = 4
KANA_FUZZY_MIN = 4   # ぱすわど (no ー) → パスワード; shorter ones are too close to others


def kana_words(run: str) -> list[str]:
    """Katakana forms of what a query run may hold typed in Hiragana, not converted (ー allowed):
    the stretch of Hiragana the run begins with (ぱすわーど, ぱすわーど変更 → パスワード), and
    what follows the particle a later stretch begins with, after a kanji or Katakana word
    (注文を|きゃんせる → キャンセル, アカウントの|ぱすわーど → パスワード; not か or や, which
    begin okurigana: 届かない, nor で: 返品|できます); in each, at every particle after
    KANA_MIN kana, the part cut before it (ぱすわーどをわすれた → パスワード) and what follows
    it (ちゅうもんを|きゃんせる → キャンセル), and, at every ー followed by two kana or more (no
    ー among them: ゆー|ざー is one word), the
    parts ending at it and one kana after it (ぱすわーど|わすれた, typed with no particle: a
    loanword typed in Hiragana rarely goes on past one kana after its long vowel; めーる|あどれす
    → メール, ゆーざー|めい → ユーザー), at most MAX_KANA_WORDS in all. Tried as whole
    words: an article's Katakana word (パスワード, キャンセル) matches; grammar typed alone
    (ください) matches nothing. Forms under KANA_MIN characters are left out (から → カラ would
    match カラー's bigram), and so is what follows a particle when it begins with ん, a small
    kana, ー or another particle (ちゅう|も|んを is inside a word); any other stretch after a
    kanji is its okurigana, not a word."""
    run = run[:MAX_WORD]
    found = []
    for match in _KANA_STRETCH.finditer(run):
        word = match.group()
        if match.start() > 0:
            if word[0] not in JA_BEFORE_WORD or word[1:2] in _NOT_AFTER_PARTICLE:
                continue
            word = word[1:]
        if len(word) < KANA_MIN:
            continue
        found.append(word)
        for i in range(1, len(word)):
            if word[i] == "ー" and i + 2 < len(word) and "ー" not in word[i + 1:i + 3]:
                # ぱすわーど|わすれた, ゆーざー|めい: a loanword ends at ー or one kana later
                found.extend(part for part in (word[:i + 1], word[:i + 2]) if len(part) >= KANA_MIN)
            if i >= KANA_MIN and word[i] in JA_PARTICLES:
                after = word[i + 1:]
                found.append(word[:i])
                if len(after) >= KANA_MIN and after[0] not in _NOT_AFTER_PARTICLE:
                    found.append(after)
    return [word.translate(_TO_KATAKANA) for word in dict.fromkeys(found)][:MAX_KANA_WORDS]


# Particles after which a word typed in Hiragana may follow a kanji or Katakana word (注文を|,
# アカウントの|): not か or や, which also begin okurigana (届かない, 分かる), nor で, which
# begins できる ("can": 返品できます).
JA_BEFORE_WORD = frozenset("はをがのにとへも")
_NOT_AFTER_PARTICLE = frozenset("んぁぃぅぇぉっゃゅょゎゕゖーはをがのにでとへもやか")   # and JA_PARTICLES


def is_kana(text: str) -> bool:
    """Hiragana only, ー allowed (not ー alone)."""
    return bool(_KANA_RUN.fullmatch(text)) and text.strip("ー") != ""


_KANA_RUN = re.compile("[\u3041-\u309f\u30fc]+")
_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)} | {0x309D: 0x30FD,
                                                                         0x309E: 0x30FE}


def _unshift_table() -> dict[int, int]:
    """Each Hangul syllable typed with Shift held by mistake → the one without (결졔 → 결제,
    쳬험 → 체험, 뻔호 → 번호): tense initials ㄲㄸㅃㅆㅉ → ㄱㄷㅂㅅㅈ, vowels ㅒㅖ → ㅐㅔ (the
    two-beat keyboard's shifted keys). A query bigram holding one also tries the plain bigram in
    its unit (UNSHIFT_BOOST); a word really spelt so (계정, 빠른) loses nothing."""
    initials = {1: 0, 4: 3, 8: 7, 10: 9, 13: 12}
    medials = {3: 1, 7: 5}
    table = {}
    for code in range(11172):
        initial, medial, final = code // 588, code % 588 // 28, code % 28
        plain = initials.get(initial, initial) * 588 + medials.get(medial, medial) * 28 + final
        if plain != code:
            table[0xAC00 + code] = 0xAC00 + plain
    return table


_UNSHIFT = _unshift_table()
UNSHIFT_BOOST = 0.5

# -- one jamo wrong: keyboard slips in short Korean words -----------------------------------

# The two-beat (2-beolsik) keyboard's letter rows and where each row starts (keys are staggered:
# ㅁ sits between ㅂ and ㅈ), and what Shift types on a key (the tense consonants, ㅒ ㅖ).
KEY_ROWS = ("ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ", "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ", "ㅋㅌㅊㅍㅠㅜㅡ")
KEY_ROW_OFFSETS = (0, 1, 3)   # in quarters of a key
SHIFTED = dict(zip("ㅂㅈㄷㄱㅅㅐㅔ", "ㅃㅉㄸㄲㅆㅒㅖ", strict=True))
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = "-ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"   # "-": no final
# The jamo typed with two keys: compound vowels and final consonant clusters.
TWO_KEYS = {"ㅘ": "ㅗㅏ", "ㅙ": "ㅗㅐ", "ㅚ": "ㅗㅣ", "ㅝ": "ㅜㅓ", "ㅞ": "ㅜㅔ", "ㅟ": "ㅜㅣ",
            "ㅢ": "ㅡㅣ", "ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ",
            "ㄼ": "ㄹㅂ", "ㄽ": "ㄹㅅ", "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ"}
SLIP_BOOST = 0.5
MAX_SLIP_TERMS = 3   # index terms one short word's slip clause may stand for
SLIP_SYLLABLES = 2   # shorter than `hangul_words` takes: the word is its own bigram


def _near_keys() -> dict[str, str]:
    """Each letter of the keyboard → the letters one slip away: the same key with Shift toggled
    (ㄱ ㄲ), and the keys touching it (ㅏ: ㅑ ㅐ ㅓ ㅣ ㅡ), with Shift still held when held."""
    where = {letter: (row, offset + 4 * column)
             for row, (keys, offset) in enumerate(zip(KEY_ROWS, KEY_ROW_OFFSETS, strict=True))
             for column, letter in enumerate(keys)}
    plain_of = {shifted: plain for plain, shifted in SHIFTED.items()}
    near: dict[str, str] = {}
    for letter in [*where, *plain_of]:
        plain = plain_of.get(letter, letter)
        row, x = where[plain]
        found = {SHIFTED.get(plain, plain) if letter == plain else plain} - {letter}
        for other, (other_row, other_x) in where.items():
            if (other_row == row and abs(other_x - x) == 4) or (
                    abs(other_row - row) == 1 and abs(other_x - x) < 4):
                found.add(SHIFTED.get(other, other) if letter != plain else other)
        near[letter] = "".join(sorted(found))
    return near


def _slip_table(letters: str, near: dict[str, str]) -> list[list[int]]:
    """For each jamo of `letters` (a syllable's initials, medials or finals): the indexes of the
    jamo one slip away, in order: one of its keys replaced by a key one slip away (`near`, from
    `_near_keys`; 톼 → 퇴 is ㅘ = ㅗㅏ typed for ㅚ = ㅗㅣ). Any other jamo instead was measured
    and dropped (docs/search.md)."""
    by_keys = {TWO_KEYS.get(letter, letter): i for i, letter in enumerate(letters)}
    table = []
    for letter in letters:
        keys = TWO_KEYS.get(letter, letter)
        found = {by_keys[typed] for at, key in enumerate(keys) for other in near.get(key, "")
                 for typed in [keys[:at] + other + keys[at + 1:]] if typed in by_keys}
        table.append(sorted(found))
    return table


_NEAR = _near_keys()
_SLIPS = tuple(_slip_table(letters, _NEAR) for letters in (INITIALS, MEDIALS, FINALS))


def jamo_slips(word: str) -> list[str]:
    """The words one jamo away from `word` (one initial, medial or final of one syllable typed
    on a neighbouring key or with Shift toggled: 탈톼 → … 탈퇴 …), in order of syllable, then
    initial, medial, final; none that is grammar (떠요 is not 어요, 가는 not 가능);
    `query.needed_clauses` keeps those that are index terms."""
    found = []
    for at, char in enumerate(word):
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            continue
        parts = [code // 588, code % 588 // 28, code % 28]
        for role, scale in enumerate((588, 28, 1)):
            for other in _SLIPS[role][parts[role]]:
                syllable = chr(0xAC00 + code + (other - parts[role]) * scale)
                slipped = word[:at] + syllable + word[at + 1:]
                if not is_grammar(slipped):
                    found.append(slipped)
    return found


def camel_parts(cased: str) -> list[str]:
    """The words of an ASCII word glued in camel case ("DBConnection" → db, connection;
    "AIChat" → ai, chat), lower-cased; [] when it is not glued. Korean titles typed without
    spaces glue English product names this way."""
    parts = _CAMEL.findall(cased)
    if len(parts) < 2 or "".join(parts) != cased or not _CAMEL_JOIN.search(cased):
        return []
    return [part.lower() for part in parts]


_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_CAMEL_JOIN = re.compile(r"[a-z0-9][A-Z]|[A-Z][A-Z][a-z]")


def bigrams(run: str) -> list[str]:
    """Overlapping character bigrams of a CJK run; the run itself when it is one character."""
    if len(run) < 2:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def base_language(lang: str) -> str:
    """The language of a locale code: "ja" of ja-JP, "en" of en_GB."""
    return lang.split("-")[0].split("_")[0].lower()


def is_stemmed(lang: str) -> bool:
    return base_language(lang) in STEMMED_LANGUAGES


@functools.lru_cache(maxsize=1 << 16)   # an article repeats its words: stemming was half the index
def word_term(word: str, lang: str) -> str | None:
    """The index term of one word run: None for an English stop word, else the (stemmed) word."""
    word = word[:MAX_WORD]
    if not is_stemmed(lang):
        return word
    if word in STOP_WORDS:
        return None
    return stem(word)


# -- word pairs: phrases without positions ---------------------------------------------------

def phrase_keys(text: str, lang: str, camel: bool = False) -> list[str | None]:
    """The words of `text` in order, one key each, for `word_pairs`: a word run's term (stop
    words left out), each Hangul, Han or Katakana segment of a CJK run (a Hangul one stemmed;
    Hiragana ones, particles and okurigana, left out like stop words), None for anything else
    (it breaks the chain). With `camel`, a word glued in camel case gives its parts."""
    keys: list[str | None] = []
    for run in runs(text or ""):
        if run.kind == CJK:
            keys.extend(segment_keys(run.text))
            continue
        word = run.text[:MAX_WORD]
        for part in (camel_parts(run.cased[:MAX_WORD]) if camel else []) or [word]:
            term = word_term(part, lang)
            if term is not None:
                keys.append(term)
    return keys


def word_pairs(text: str, lang: str, camel: bool = False) -> list[str]:
    """Each two adjacent words of `text` as one term "a b" ("DB Connection 설정" → "db
    connection", "connection 설정"): what a phrase query needs, without positions. The index
    holds them for titles, aliases and headings (`index.field_terms`), where a query's phrase
    says most; queries look them up as word clauses (`query_clauses`)."""
    return _pairs(phrase_keys(text, lang, camel))


def _pairs(keys: list[str | None]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(keys, keys[1:], strict=False) if a and b]


def tokenize(text: str, lang: str, words: bool = True) -> list[str]:
    """Every index term of `text`, in order, with repetitions (lunr counts term frequency);
    without the whole CJK words when `words` is false."""
    terms: list[str] = []
    for kind, run in _spans(text or ""):
        if kind == CJK:
            terms.extend(bigrams(run))
            if words:
                terms.extend(cjk_words(run))
        else:
            term = word_term(run, lang)
            if term:
                terms.append(term)
    return terms


def body_counts(text: str, lang: str) -> Counter[str]:
    """`Counter(tokenize(text, lang, words=False))`, counted without a Python loop over runs:
    what the index needs of an article's body (each term's frequency; their sum is the field's
    length), the largest text it tokenizes.

    CJK runs are cut out by one pattern of their fixed ranges (`CJK_RANGES`); the word runs of
    the rest by `str.split` with every other character made a space (`_word_table`), each
    word looked up once however often it occurs; a CJK run's bigrams are the adjacent pairs of
    the runs joined by spaces, less the pairs that hold a space; a one-character run is its
    own term. tests/helpcenter/search/test_tokenize_reference.py checks it equals the
    counted tokens."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    parts = _CJK_RUNS.split(text)        # other text, a CJK run, other text, ...
    cjk_runs = parts[1::2]
    counts: Counter[str] = Counter()
    words = text if not cjk_runs else " ".join(parts[0::2])
    for word, count in Counter(words.translate(_word_table).split()).items():
        if "'" in word:     # an apostrophe joins only between letters: "don't", not "'a"
            for part in _APOSTROPHE_JOINED.findall(word):
                term = word_term(part.replace("'", ""), lang)
                if term:
                    counts[term] += count
            continue
        term = word_term(word, lang)
        if term:
            counts[term] += count
    if cjk_runs:
        joined = " ".join(cjk_runs)
        counts.update(map(add, joined, joined[1:]))
        for first in set(map(itemgetter(0), cjk_runs)):     # the pairs across a space
            counts.pop(" " + first, None)
        for last in set(map(itemgetter(-1), cjk_runs)):
            counts.pop(last + " ", None)
        counts.update([run for run in cjk_runs if len(run) == 1])
    return counts


_APOSTROPHE_JOINED = re.compile(r"[^']+(?:'[^']+)*")
_CJK_RUNS = re.compile("([" + "".join(f"{chr(low)}-{chr(high)}" for low, high in CJK_RANGES)
                       + "]+)")


def terms_and_pairs(text: str, lang: str) -> tuple[list[str], list[str]]:
    """`tokenize(text, lang)` and `word_pairs(text, lang)` from one pass over the text: the
    index holds both for titles, aliases and headings."""
    terms: list[str] = []
    keys: list[str | None] = []
    for kind, run in _spans(text or ""):
        if kind == CJK:
            terms.extend(bigrams(run))
            found = segment_keys(run)
            terms.extend(word for word in found if word and len(word) >= WORD_MIN)
            keys.extend(found)
        else:
            term = word_term(run, lang)
            if term:
                terms.append(term)
            if term is not None:
                keys.append(term)
    return terms, _pairs(keys)


# -- queries ---------------------------------------------------------------------------------

PREFIX_MIN = 3     # "pas" finds "password"; shorter prefixes match too much
GRAMMAR_BOOST = 0.1
# Korean bigrams that are particles and endings, not meaning (어요 in 잊어버렸어요), and the
# one-syllable words that stand alone between spaces as grammar: negation (안, 못: "반품 안 되는
# 상품"), bound nouns (수, 것, 때: "할 수 있나요"; 지: "받은 지 3주", "since") and common adverbs
# and pronouns; the auxiliaries of "can" and "want" (있어, 있을: "수 있어요"; 싶은, 싶다). They weigh
# little, never make a result alone, and a one-syllable one matches exactly (not as a prefix:
# 안* found 안내, 안전). Two hiragana in a row, or one alone, are the Japanese equivalent
# (okurigana, particles, して, ます, を), so no list is needed there. Keep in sync with
# tokenize.js.
KO_GRAMMAR = frozenset("""
어요 니다 습니 합니 해요 세요 에서 으로 하기 했어 었어 았어 어서 는데 지만 하는 하고 에게 까지 부터
나요 까요 려면 하려 싶어 하면 예요 이요 돼요 되요 해주 주세 는지 을까 할까 인가 렸어 였어 워요 와요 져요
줘요 거나 나요 을때 할때 는법 하나 하죠 었다 았다 했다 한다 된다 되나 되는 되어 되었 있나 없나 이에
가능 능한 능해 능할 능합 능하 어떻 떻게 어떡 떡해 뭐예
있어 있을 싶은 싶다 싶고 싶습
안 못 수 것 거 게 걸 건 때 좀 잘 더 또 꼭 다 왜 뭐 및 등 내 제 저 그 이 할 될 한 된 지
""".split())
FUZZY_MIN = 5      # words of 5+ characters also match with one typo
PREFIX_BOOST = 0.5
FUZZY_BOOST = 0.2
_ASCII_DIGITS = re.compile(r"[0-9]+")


def is_grammar(gram: str) -> bool:
    """A bigram (or a one-character run) that is grammar, not meaning: hiragana only; a
    Japanese one across a word's edge (`JA_EDGE`); a Korean particle, ending or function word
    of KO_GRAMMAR."""
    if len(gram) not in (1, 2):
        return False
    kinds = tuple(script(char) for char in gram)
    if all(kind == HIRAGANA for kind in kinds):
        return True
    if len(gram) == 2 and ((kinds in JA_EDGE and gram[0] not in JA_HONORIFIC)
                           or (kinds == (HAN, HIRAGANA) and gram[1] in JA_PARTICLES)):
        return True
    return gram in KO_GRAMMAR


# A Japanese bigram across a word's edge: Hiragana then Kanji or Katakana (の日 in 返金までの日数,
# を変: a particle or okurigana, then the next word) and Katakana then Hiragana (スを, ンする:
# Katakana words take no okurigana). Kanji then Hiragana is the stem and okurigana of a verb
# (使え, 届き) and keeps its meaning, unless the Hiragana is a particle (金は in 料金はいくら).
# The honorific お and ご begin a word (お金, ご注文) instead of ending one.
JA_EDGE = frozenset({(HIRAGANA, HAN), (HIRAGANA, KATAKANA), (KATAKANA, HIRAGANA)})
JA_PARTICLES = frozenset("はをがのにでとへもやか")
JA_HONORIFIC = frozenset("おご")


def synonym_texts(text: str, synonyms: dict[str, list[str]] | None
                  ) -> list[tuple[str, list[str]]]:
    """(key, synonym list) for each key that occurs in the query: as a whole word or phrase,
    or, for a key in a CJK script, anywhere (Korean and Japanese are typed with or without
    spaces)."""
    if not synonyms:
        return []
    found = runs((text or "")[:1000])
    spaced = " " + " ".join(run.text for run in found) + " "
    joined = "".join(run.text for run in found if run.kind == CJK)
    words = [run.text for run in found]
    kana = None
    matched = []
    for key in sorted(synonyms):
        kind = _key_kind(key)
        if kind == "kana":
            kana = _kana_spots(found) if kana is None else kana
            hit = _kana_key_found(key, *kana) or _mixed_reading_found(key, synonyms[key], *kana)
        elif kind == "hangul":
            hit = _hangul_key_found(key, words)
        elif kind == "cjk":
            hit = key.replace(" ", "") in joined
        else:
            hit = f" {key} " in spaced
        if hit:
            matched.append((key, synonyms[key]))
    return matched


@functools.lru_cache(maxsize=8192)
def _key_kind(key: str) -> str:
    """How `synonym_texts` looks for a key: "kana" (a reading), "hangul", "cjk" (kanji or
    Katakana) or "word"; classed once per key, not on every query against every key."""
    if is_kana(key):
        return "kana"
    if any(char_class(char) == CJK and script(char) == HANGUL for char in key):
        return "hangul"
    return "cjk" if any(char_class(char) == CJK for char in key) else "word"


def _hangul_key_found(key: str, words: list[str]) -> bool:
    """Whether a Korean key begins a word of the query (돈 in 돈을, not 두 번 in 모두 번거로워요
    nor 내일 in 안내 일정): its words as the query's words, the last one as a word's beginning
    (두 번 결제 in 두 번 결제됐어요), or glued as the beginning of a word typed without spaces
    (구독해제하고 for 구독 해제)."""
    parts = key.split()
    glued = "".join(parts)
    last = len(parts) - 1
    for i, word in enumerate(words):
        if _hangul_begins(word, glued):
            return True
        if (last and words[i:i + last] == parts[:last] and i + last < len(words)
                and _hangul_begins(words[i + last], parts[last])):
            return True
    return False


def _hangul_begins(word: str, key: str) -> bool:
    """Whether `word` begins with `key`, its last syllable also with a final consonant added
    when it has none: a verb's stem then takes its ending into that syllable (그만 쓰 in 그만
    쓸래요, 돌려보내 in 돌려보낼, 멈추 in 멈춘: the future and past adnominal ㄹ, ㄴ, the
    noun's ㅁ and the polite ㅂ)."""
    if word.startswith(key):
        return True
    size = len(key)
    if len(word) < size or not word.startswith(key[:-1]):
        return False
    code, typed = ord(key[-1]) - 0xAC00, ord(word[size - 1]) - 0xAC00
    return (0 <= code < 11172 and code % 28 == 0 and 0 <= typed < 11172
            and typed - typed % 28 == code and typed % 28 in KO_ENDING_FINALS)


KO_ENDING_FINALS = frozenset({4, 8, 16, 17})   # ㄴ ㄹ ㅁ ㅂ (FINALS' indexes)


# Adverbs a query may begin with before a reading (いつへんきん, もうかいやくしたい, まだとどかない):
# a word begins after them, and not inside them (もし|はらいもどし is not し|はらい).
JA_LEADING = ("いつ", "いま", "まだ", "もう", "すぐ", "すでに", "はやく", "もし", "また", "まず",
              "ずっと", "なぜ", "どう")
# What may follow a reading of three kana (にもつ|が, いくら|, はそん|した): a particle, but not か
# or や, which also begin verbs (にもつ|かえる is に|もつ|かえる), or する (し, さ, す, せ).
JA_AFTER_SHORT = frozenset("はをがのにでとへもしさすせ")


def _kana_spots(found: list[Run]) -> tuple[str, str, set[int], set[int], set[int], set[int]]:
    """The query's CJK runs joined (as typed, and with `_KANA_FOLD`'s voicing marks dropped,
    once for every key), where in them a word typed in Hiragana may begin, where a run ends,
    which of the beginnings start a stretch, and which positions lie inside a leading adverb.
    A word begins at the start of a stretch of Hiragana that does not follow a kanji (a
    stretch after a kanji is its okurigana or particle: 送料|はそんなに; 々 ends a word that
    takes none: 月々|いくら), after a particle or お/ご inside a stretch, and after a leading
    adverb (`JA_LEADING`)."""
    starts: set[int] = set()
    ends: set[int] = set()
    strong: set[int] = set()
    inside: set[int] = set()
    offset = 0
    joined = []
    for run in found:
        if run.kind != CJK:
            continue
        for match in _KANA_STRETCH.finditer(run.text):
            at, stretch = match.start(), match.group()
            if at == 0 or script(run.text[at - 1]) != HAN or run.text[at - 1] == "々":
                starts.add(offset + at)
                strong.add(offset + at)
            lead = next((word for word in JA_LEADING if stretch.startswith(word)
                         and len(stretch) > len(word)), "")
            starts.update(offset + at + i + 1 for i, char in enumerate(stretch[:-1])
                          if i >= len(lead) and (char in JA_PARTICLES or char in JA_HONORIFIC))
            if lead:
                starts.add(offset + at + len(lead))
                inside.update(range(offset + at + 1, offset + at + len(lead)))
        joined.append(run.text)
        offset += len(run.text)
        ends.add(offset)
    typed = "".join(joined)
    return typed, typed.translate(_KANA_FOLD), starts, ends, strong, inside


def _kana_key_found(key: str, joined: str, folded: str, starts: set[int], ends: set[int],
                    strong: set[int], inside: set[int]) -> bool:
    """Whether a Hiragana key (a reading: へんきん for 返金) is in the query where a word may
    begin, with or without the voicing marks after its first kana (へんぎん, not ごうかん for
    こうかん). A key of three kana begins a word (`_kana_spots`) and is followed by the end of
    one (a run's end, a non-Hiragana, a particle of JA_AFTER_SHORT, or, when it begins a
    stretch, か: いくら|かかる, 月々|いくらかかる): にもつ is not in ほかにもって or
    ほかにもつかえる, ていき not in ていきゅうび. A longer key may begin anywhere but inside a
    leading adverb (会員|やめたい, 覚えのない|せいきゅう; not もし|はらい): four kana or more
    rarely spell a reading by chance.
    No key is followed by です (はいそう|です is "yes, that's right")."""
    plain = key[1:].translate(_KANA_FOLD)
    if len(key) > 3:
        spots = [at for at in _places(joined, key[0]) if at not in inside]
    else:
        spots = sorted(starts)
    for start in spots:
        after = start + len(key)
        if not (joined.startswith(key[0], start) and folded.startswith(plain, start + 1)):
            continue
        if joined.startswith("です", after):
            continue
        if (len(key) > 3 or after in ends or after >= len(joined)
                or script(joined[after]) != HIRAGANA or joined[after] in JA_AFTER_SHORT
                or (start in strong and joined[after] == "か")):
            return True
    return False


def _mixed_reading_found(key: str, values: list[str], joined: str, folded: str,
                         starts: set[int], ends: set[int], strong: set[int],
                         inside: set[int]) -> bool:
    """Whether the query holds a kanji word a reading stands for typed partly in kana: its first
    kanji and the rest of the reading (返きん for へんきん: 返金), or the reading's beginning and
    its last kanji (りょう収書 for りょうしゅうしょ: 領収書). Each kanji reads as 1-3 kana, the
    kana part holds 2 or more, and the word begins a word of the query: a kanji head not after
    another kanji (not 心配そう for はいそう: 配送), a kana head where a word typed in Hiragana
    begins (`_kana_spots`); a kanji head not before a kana tail that ends as a verb or an
    adjective does (`JA_INFLECTED`: 返したい is not かえしたい half in kana)."""
    for word in values:
        size = len(word)
        if size < 2 or size > MIXED_MAX or not all(script(char) == HAN for char in word):
            continue
        for cut in range(1, size):
            for read in range(cut, min(3 * cut, len(key) - 1) + 1):   # kana of word[:cut]
                rest = len(key) - read
                if not size - cut <= rest <= 3 * (size - cut):
                    continue
                if rest >= 2 and not key.endswith(JA_INFLECTED):
                    head = word[:cut] + key[read:]
                    if any(at == 0 or at in ends or script(joined[at - 1]) != HAN
                           for at in _places(joined, head)):
                        return True
                if read >= 2 and any(at in starts for at in _places(joined, key[:read] + word[cut:])):
                    return True
    return False


MIXED_MAX = 4   # kanji in a word a reading may be typed half in kana for
# How a verb or an adjective ends (たい, ない, る, た, て, す: 返したい, 変える), never a kanji's
# reading: a reading ending so after its first kanji is that kanji's okurigana, not kana typed
# for the rest of the word (返したい is not 返品 half in kana).
JA_INFLECTED = ("たい", "ない", "る", "た", "て", "す", "だ", "ば")


def _places(text: str, part: str) -> list[int]:
    """Every position of `part` in `text`."""
    found, at = [], text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _kana_fold_table() -> dict[int, int]:
    """Each Hiragana with a voicing mark → without it (が → か, ぱ → は): a reading typed with a
    dropped dakuten (へんひん) still finds its key. Small kana stay small (っ is not つ: に持っ
    is not にもつ). One character for one, so positions hold."""
    table = {}
    for code in range(0x3041, 0x3097):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code):
            table[code] = ord(base)
    return table


_KANA_FOLD = _kana_fold_table()
_KANA_STRETCH = re.compile("[\u3041-\u309f][\u3041-\u309f\u30fc]*")


def query_clauses(text: str, lang: str, synonyms: dict[str, list[str]] | None = None
                  ) -> list[dict]:
    """The lunr clauses for a query, as plain dicts understood by lunr.js' `Query.clause`.

    Each word gives its exact term; a word of 3+ letters also matches as a prefix (partial words,
    typing in progress), and a word of 5+ letters also with one typo (edit distance 1); a word
    glued in camel case also gives its parts (`camel_parts`) the same way, in its unit. A CJK
    run gives its bigrams; a one-character CJK run matches as a prefix, so "옷" finds "옷장".
    Clauses are de-duplicated in order of first appearance; every clause is optional (OR).
    Each clause names its `unit`: the query word or bigram it comes from (a word's exact, prefix
    and typo clauses share one), which `query.unit_hits` counts; a grammar bigram
    (`is_grammar`) weighs GRAMMAR_BOOST and is marked `grammar`. The synonyms of a key found in
    the query (`synonym_texts`) follow, each list one unit marked `synonym`; its clauses name in
    `stands` the query units of the key's own words and bigrams, so that a document matching
    the synonym counts as matching the key, and one matching both counts the key once (a key
    hidden inside a bigram, 돈 in 돈을, has no unit to stand for: its list counts as one more
    hit, never as a required unit). At most MAX_CLAUSES of these; then up to MAX_CLAUSES
    phrase clauses, marked `word`, that count no unit: the query's word pairs (`word_pairs`,
    also with camel-case parts; PAIR_BOOST), then its whole CJK words (`query_words`,
    WORD_BOOST). They lift the articles having the query's words whole and its phrases above
    those sharing scattered bigrams or words. A clause that reads the query as mistyped (a
    Korean bigram's Shift-held twin, a word's one-syllable-wrong match) names in `unless` what
    was typed: the reader drops it when that is itself a term of the index
    (`query.needed_clauses`), so a word spelt right is read as written. A short Korean word
    (`short_hangul_words`) gives its bigram's unit one clause marked `slip`, which the reader
    otherwise replaces by the index terms one jamo away (`jamo_slips`). A kanji's prefix clause
    (a verb's stem, 届 of 届きますか, or a kanji typed alone) is marked `stem`: the reader
    expands it to the index's words beginning with the kanji, not to its word pairs
    (`query.needed_clauses`).
    """
    clauses: list[dict] = []
    seen: dict[tuple, dict] = {}
    touched: list[dict] = []
    units: list[int] = [0]
    words: list[str] = []

    def add(term: str, boost: float, wildcard: bool = False, edit: int = 0,
            grammar: bool = False, synonym: bool = False, unless: str = "",
            slip: bool = False, stem: bool = False) -> None:
        key = (term, wildcard, edit, slip)
        if not term:
            return
        if key in seen:
            if not unless:
                seen[key].pop("unless", None)   # also asked for on its own: always kept
            touched.append(seen[key])
            return
        clause: dict = {"term": term, "boost": boost, "usePipeline": False,
                        "wildcard": 2 if wildcard else 0, "unit": units[0]}
        seen[key] = clause
        touched.append(clause)
        if edit:
            clause["editDistance"] = edit
        if grammar:
            clause["grammar"] = True
        if synonym:
            clause["synonym"] = True
        if unless:
            clause["unless"] = unless
        if slip:
            clause["slip"] = True
        if stem:
            clause["stem"] = True
        clauses.append(clause)

    def next_unit() -> None:
        if clauses and clauses[-1]["unit"] == units[0]:
            units[0] += 1

    def add_word(word: str, synonym: bool, scale: float = 1) -> None:
        term = word_term(word, lang)
        if term is None:
            return
        add(term, scale, synonym=synonym)
        if len(word) >= PREFIX_MIN:
            add(word, PREFIX_BOOST * scale, wildcard=True, synonym=synonym)
        if len(word) >= FUZZY_MIN and not _ASCII_DIGITS.fullmatch(word):
            add(term, FUZZY_BOOST * scale, edit=1, synonym=synonym)

    def add_text(query: str, synonym: bool, scale: float = 1) -> None:
        for run in runs(query):
            if run.kind == CJK:
                if not synonym:
                    words.extend(query_words(run.text))
                if len(run.text) == 1:
                    grammar = is_grammar(run.text)
                    add(run.text, GRAMMAR_BOOST if grammar else 1, wildcard=not grammar,
                        grammar=grammar, synonym=synonym,
                        stem=not synonym and script(run.text) == HAN)
                    if not synonym:
                        next_unit()
                else:
                    short = set() if synonym else short_hangul_words(run.text)
                    shares = keyword_shares(run.text) if keywords and not synonym else {}
                    for gram in bigrams(run.text):
                        grammar = is_grammar(gram)
                        add(gram, GRAMMAR_BOOST if grammar else shares.get(gram, 1),
                            grammar=grammar, synonym=synonym)
                        plain = gram.translate(_UNSHIFT) if not grammar else gram
                        if gram in short and not grammar:
                            add(gram, SLIP_BOOST, unless=gram, slip=True)
                        elif plain != gram:
                            add(plain, UNSHIFT_BOOST, synonym=synonym, unless=gram)
                        if not synonym:
                            next_unit()
                    for stem_ in kanji_stems(run.text):
                        add(stem_, KANJI_BOOST, wildcard=True, synonym=synonym,
                            stem=not synonym)
                        if not synonym:
                            next_unit()
                katakana = kana_words(run.text)
                for word in katakana:
                    add(word, 1, synonym=synonym)
                    add(word, PREFIX_BOOST, wildcard=True, synonym=synonym)
                    if len(word) >= KANA_FUZZY_MIN:
                        add(word, FUZZY_BOOST, edit=1, synonym=synonym)
                if katakana and not synonym:
                    next_unit()
                continue
            add_word(run.text[:MAX_WORD], synonym, scale)
            for part in camel_parts(run.cased[:MAX_WORD]):
                add_word(part, synonym, CAMEL_BOOST * scale)
            if not synonym:
                next_unit()

    keywords = typed_as_keywords((text or "")[:1000], lang)
    add_text((text or "")[:1000], synonym=False)
    for key, group in synonym_texts(text, synonyms):
        key_terms = set(tokenize(key, lang, words=False)) | set(kana_words(key)[:1])
        stands = sorted({c["unit"] for c in clauses if c["term"] in key_terms
                         and not c.get("grammar") and not c.get("synonym")})
        next_unit()
        first = len(clauses)
        touched.clear()
        for other in group:
            add_text(other, synonym=True,
                     scale=TRANSLATION_BOOST if is_translation(key, other, lang) else 1)
        fresh = {id(clause) for clause in clauses[first:]}
        for clause in {id(clause): clause for clause in touched}.values():
            if stands and clause.get("synonym"):   # a synonym two keys share stands for both
                own = clause.get("stands") or ([] if id(clause) in fresh else [clause["unit"]])
                clause["stands"] = sorted(set(own) | set(stands))
        next_unit()
    clauses = clauses[:MAX_CLAUSES]
    typed = (text or "")[:1000]
    extra = {pair: PAIR_BOOST for pair in word_pairs(typed, lang) + word_pairs(typed, lang, True)
             if not grammar_pair(*pair.split(" ", 1))}
    for word in words:
        extra.setdefault(word, WORD_BOOST)
    terms = {c["term"] for c in clauses if not c["wildcard"] and not c.get("editDistance")}
    extra_terms = [term for term in extra if term not in terms][:MAX_CLAUSES]
    fuzzy = [{"term": word, "boost": FUZZY_BOOST, "usePipeline": False, "wildcard": 0,
              "unit": units[0], "word": True, "editDistance": 1, "unless": word}
             for word in dict.fromkeys(hangul_words(typed))][:MAX_FUZZY_WORDS]
    return clauses + [{"term": term, "boost": extra[term], "usePipeline": False, "wildcard": 0,
                       "unit": units[0], "word": True} for term in extra_terms] + fuzzy


def is_japanese(lang: str) -> bool:
    return base_language(lang) == "ja"


def typed_as_keywords(text: str, lang: str) -> bool:
    """A Japanese query typed as keywords: two CJK runs or more, a space between words (注文後
    配達時間 変更, particles dropped). Its words are the customer's own cut, which
    `keyword_shares` reads."""
    return (is_japanese(lang) and " " in normalize(text)
            and sum(1 for kind, _ in _spans(text) if kind == CJK) >= 2)


def keyword_shares(run: str) -> dict[str, float]:
    """The weight of each bigram of a keyword's Han or Katakana word of 3+ characters: the
    word's n-1 bigrams share one word's weight, 1/(n-1) each (配達時間 → 配達, 達時, 時間 at 1/3),
    so that a document matching one long compound of the query in its title does not outweigh
    one matching all of its keywords. Bigrams of shorter words, and across a script's edge,
    keep their weight."""
    shares: dict[str, float] = {}
    for kind, text in segments(run):
        if (kind == HAN or kind == KATAKANA) and len(text) >= WORD_MIN:
            for gram in bigrams(text):
                shares[gram] = 1 / (len(text) - 1)
    return shares


# A Japanese key's synonym in Latin letters (変更: change) is a translation: its words are in a
# Japanese index only where an article is shown untranslated, so their idf is high and, at full
# weight, one English word would rank that article above a Japanese one answering every word.
TRANSLATION_BOOST = 0.25


def is_translation(key: str, value: str, lang: str) -> bool:
    """Whether a synonym is a Japanese key's word in Latin letters (メールアドレス: email,
    変更: change), which `query_clauses` weighs TRANSLATION_BOOST: what finds an article shown
    in the default locale's language (a missing translation) from a query typed in Japanese."""
    return (is_japanese(lang) and _key_kind(key) in ("cjk", "kana")
            and not any(run.kind == CJK for run in runs(value)))


MAX_FUZZY_WORDS = 8
FUZZY_WORD_MAX = 10   # longer: Korean typed without spaces, no article word to be one slip from


def hangul_words(text: str) -> list[str]:
    """The stemmed Hangul words of 3-10 syllables typed in `text`: each also matches an
    article's word with one syllable wrong (요굼제 → 요금제, 회원기입 → 회원가입), a keyboard slip
    that breaks two of its bigrams; a word clause, so it only orders what the query's units
    found."""
    return [word for run in runs(text) if run.kind == CJK
            for kind, part in segments(run.text[:MAX_QUERY_RUN]) if kind == HANGUL
            for word in [korean_stem(part)] if WORD_MIN <= len(word) <= FUZZY_WORD_MAX]


def short_hangul_words(run: str) -> set[str]:
    """The stemmed Hangul words of SLIP_SYLLABLES syllables in a query run (탈톼 in 탈톼하고),
    and the first SLIP_SYLLABLES of each longer one (탈톼 in 탈톼하는법, typed without spaces):
    such a word is its own bigram, and one jamo typed on a neighbouring key breaks it whole, so
    its bigram's unit also tries the index terms one jamo away (a clause marked `slip`,
    expanded by `query.needed_clauses` over `jamo_slips` when the bigram is not an index
    term). Not an everyday adverb or pronoun of KO_EVERYDAY (이제, 자꾸): typed right."""
    return {word[:SLIP_SYLLABLES] for kind, part in segments(run[:MAX_QUERY_RUN])
            if kind == HANGUL for word in [korean_stem(part)] if len(word) >= SLIP_SYLLABLES
            and word[:SLIP_SYLLABLES] not in KO_EVERYDAY}


# Everyday two-syllable adverbs, pronouns and conjunctions, typed right though a help center's
# articles may lack them: no slip clause, so 이제 is not read as 이메(일), 자꾸 as 바꾸, 아예 as
# 아이(디), 내일 as 매일. Keep in sync with tokenize.js.
KO_EVERYDAY = frozenset("""
이제 방금 아까 벌써 이미 아직 지금 요즘 오늘 내일 어제 저번 이번 맨날 매번 자꾸 계속 다시 그냥
혹시 너무 정말 진짜 완전 아예 제발 겨우 빨리 얼른 먼저 나중 항상 원래 그거 이거 저거 여기 거기
저기 근데 그럼 그래 다들 같이 따로
""".split())


def grammar_pair(first: str, second: str) -> bool:
    """A word pair made with a Korean function word of KO_GRAMMAR (받을 수, 안 와요, 수 있나요):
    grammar, not a phrase of the article. A bound noun after a noun keeps its pair: in 이용자 수
    ("number of users") 수 is a noun, while after a future adnominal, which ends in ㄹ (받을 수,
    할 때), it makes the grammar of "can" and "when"."""
    if second in KO_BOUND and first not in KO_GRAMMAR and first and not _final_rieul(first[-1]):
        return False
    return first in KO_GRAMMAR or second in KO_GRAMMAR


KO_BOUND = frozenset("수것거때줄적")


def _final_rieul(syllable: str) -> bool:
    """A Hangul syllable ending in ㄹ (할, 받을, 쓸)."""
    code = ord(syllable) - 0xAC00
    return 0 <= code < 11172 and code % 28 == 8


MAX_CLAUSES = 40
WORD_BOOST = 1
PAIR_BOOST = 3
CAMEL_BOOST = 0.5


# -- lunr.js 2.3.9's Porter stemmer, ported ----------------------------------------------------

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize",
    "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful",
    "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "",
          "ness": ""}
_c = "[^aeiou]"
_v = "[aeiouy]"
_C = _c + "[^aeiouy]*"
_V = _v + "[aeiou]*"
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)
_S_V = re.compile("^(" + _C + ")?" + _v)
_RE_1A = re.compile(r"^(.+?)(ss|i)es$")
_RE2_1A = re.compile(r"^(.+?)([^s])s$")
_RE_1B = re.compile(r"^(.+?)eed$")
_RE2_1B = re.compile(r"^(.+?)(ed|ing)$")
_RE_1B_2 = re.compile(r".$")
_RE2_1B_2 = re.compile(r"(at|bl|iz)$")
_RE3_1B_2 = re.compile(r"([^aeiouylsz])\1$")
_RE4_1B_2 = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_RE_1C = re.compile(r"^(.+?[^aeiou])y$")
_RE_2 = re.compile("^(.+?)(" + "|".join(_STEP2) + ")$")
_RE_3 = re.compile("^(.+?)(" + "|".join(_STEP3) + ")$")
_RE_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous"
                   r"|ive|ize)$")
_RE2_4 = re.compile(r"^(.+?)(s|t)(ion)$")
_RE_5 = re.compile(r"^(.+?)e$")
_RE_5_1 = re.compile(r"ll$")
_RE3_5 = re.compile("^" + _C + _v + "[^aeiouwxy]$")


def _drop_last(word: str) -> str:
    return _RE_1B_2.sub("", word, count=1)


def stem(w: str) -> str:
    """lunr.js 2.3.9's `lunr.stemmer` on one lower-case word (JS regex semantics, no flags)."""
    if len(w) < 3 or "\n" in w:
        return w
    first = w[0]
    if first == "y":
        w = "Y" + w[1:]
    if _RE_1A.search(w):
        w = _RE_1A.sub(r"\1\2", w, count=1)
    elif _RE2_1A.search(w):
        w = _RE2_1A.sub(r"\1\2", w, count=1)
    m = _RE_1B.search(w)
    if m:
        if _MGR0.search(m.group(1)):
            w = _drop_last(w)
    else:
        m = _RE2_1B.search(w)
        if m:
            stem_ = m.group(1)
            if _S_V.search(stem_):
                w = stem_
                if _RE2_1B_2.search(w):
                    w = w + "e"
                elif _RE3_1B_2.search(w):
                    w = _drop_last(w)
                elif _RE4_1B_2.search(w):
                    w = w + "e"
    m = _RE_1C.search(w)
    if m:
        w = m.group(1) + "i"
    m = _RE_2.search(w)
    if m and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]
    m = _RE_3.search(w)
    if m and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]
    m = _RE_4.search(w)
    if m:
        if _MGR1.search(m.group(1)):
            w = m.group(1)
    else:
        m = _RE2_4.search(w)
        if m and _MGR1.search(m.group(1) + m.group(2)):
            w = m.group(1) + m.group(2)
    m = _RE_5.search(w)
    if m:
        s = m.group(1)
        if _MGR1.search(s) or (_MEQ1.search(s) and not _RE3_5.search(s)):
            w = s
    if _RE_5_1.search(w) and _MGR1.search(w):
        w = _drop_last(w)
    if first == "y":
        w = "y" + w[1:]
    return w

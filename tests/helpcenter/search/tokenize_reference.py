"""The index side's previous, character-by-character definitions: the reference the fast ones
(regular expressions over character classes, one pass per text, per-field postings) are checked
against. Copied from tokenize.py and index.py as they were before they were made fast; the
module docstring of tokenize.py states the rules both follow. A change of those rules (with
tokenize.js and the shared fixture) is made here too."""

from __future__ import annotations

import unicodedata

from helpcenter.search.index import FIELDS, SearchDocument
from helpcenter.search.tokenize import (
    _APOSTROPHES,
    CJK,
    HAN,
    HANGUL,
    HIRAGANA,
    KATAKANA,
    KO_SUFFIXES,
    MAX_WORD,
    OTHER,
    WORD,
    WORD_MIN,
    Run,
    bigrams,
    camel_parts,
    char_class,
    script,
    word_term,
)


def runs(text: str) -> list[Run]:
    cased_text = unicodedata.normalize("NFKC", text)
    text = cased_text.lower()
    if len(cased_text) != len(text):
        cased_text = text
    found: list[Run] = []
    current: list[str] = []
    cased: list[str] = []
    kind = OTHER
    length = len(text)
    for i, char in enumerate(text):
        cls = char_class(char)
        if (cls == OTHER and char in _APOSTROPHES and kind == WORD and i + 1 < length
                and char_class(text[i + 1]) == WORD):
            continue  # "don't" → "dont"
        if cls != kind:
            if current:
                found.append(Run(kind, "".join(current), "".join(cased)))
            current, cased = [], []
            kind = cls
        if cls != OTHER:
            current.append(char)
            cased.append(cased_text[i])
    if current and kind != OTHER:
        found.append(Run(kind, "".join(current), "".join(cased)))
    return found


def segments(run: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for char in run:
        kind = script(char)
        if found and found[-1][0] == kind:
            found[-1] = (kind, found[-1][1] + char)
        else:
            found.append((kind, char))
    return found


def korean_stem(word: str) -> str:
    for suffix in KO_SUFFIXES:
        if len(word) - len(suffix) >= 2 and word.endswith(suffix):
            return word[:-len(suffix)]
    return word


def cjk_words(run: str) -> list[str]:
    words = []
    for kind, text in segments(run):
        if kind == HIRAGANA or kind == OTHER:
            continue
        word = korean_stem(text) if kind == HANGUL else text
        if len(word) >= WORD_MIN:
            words.append(word[:MAX_WORD])
    return words


def phrase_keys(text: str, lang: str, camel: bool = False) -> list[str | None]:
    keys: list[str | None] = []
    for run in runs(text or ""):
        if run.kind == CJK:
            for kind, text in segments(run.text):
                if kind == HANGUL:
                    keys.append(korean_stem(text)[:MAX_WORD])
                elif kind == HAN or kind == KATAKANA:
                    keys.append(text[:MAX_WORD])
                elif kind == OTHER:
                    keys.append(None)
            continue
        word = run.text[:MAX_WORD]
        for part in (camel_parts(run.cased[:MAX_WORD]) if camel else []) or [word]:
            term = word_term(part, lang)
            if term is not None:
                keys.append(term)
    return keys


def word_pairs(text: str, lang: str, camel: bool = False) -> list[str]:
    keys = phrase_keys(text, lang, camel)
    return [f"{a} {b}" for a, b in zip(keys, keys[1:], strict=False) if a and b]


def tokenize(text: str, lang: str, words: bool = True) -> list[str]:
    terms: list[str] = []
    for run in runs(text or ""):
        if run.kind == CJK:
            terms.extend(bigrams(run.text))
            if words:
                terms.extend(cjk_words(run.text))
        else:
            term = word_term(run.text, lang)
            if term:
                terms.append(term)
    return terms


def field_terms(doc: SearchDocument, lang: str) -> dict[str, list[str]]:
    return {
        "title": tokenize(doc.title, lang) + word_pairs(doc.title, lang),
        "aliases": [term for alias in doc.aliases
                    for term in tokenize(alias, lang) + word_pairs(alias, lang)],
        "tags": [term for tag in doc.tags for term in tokenize(tag, lang)],
        "headings": tokenize(" \n ".join(doc.headings), lang)
        + [pair for heading in doc.headings for pair in word_pairs(heading, lang)],
        "description": tokenize(doc.description, lang),
        "body": tokenize(doc.body, lang, words=False),
    }


def compact_index(documents: list[SearchDocument], lang: str) -> dict:
    fields = list(FIELDS)
    postings: dict[str, dict[str, list[str]]] = {}
    lengths: dict[str, list[int]] = {name: [] for name in fields}
    last: dict[tuple[str, str], int] = {}
    for ref, doc in enumerate(documents):
        for name, terms in field_terms(doc, lang).items():
            lengths[name].append(len(terms))
            counts: dict[str, int] = {}
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
            for term, tf in counts.items():
                gap = base36(ref - last.get((name, term), -1) - 1)
                last[(name, term)] = ref
                postings.setdefault(term, {}).setdefault(name, []).append(
                    gap if tf == 1 else f"{gap}.{base36(tf)}")
    terms = sorted(postings)
    return {"k1": 1.2, "b": 0.75, "boosts": FIELDS, "terms": "\n".join(terms),
            "postings": {name: ";".join(",".join(postings[term].get(name, ()))
                                        for term in terms) for name in fields},
            "lengths": lengths}


def term_ranges(per_term: dict[str, dict[str, list[str]]], count: int,
                shard_bytes: int) -> list[tuple[int, int]]:
    ranges, start, size = [], 0, 0
    for i in range(count):
        size += sum(len(entries[i]) + 1 for fields in per_term.values()
                    for entries in fields.values())
        if size >= shard_bytes:
            ranges.append((start, i + 1))
            start, size = i + 1, 0
    if start < count:
        ranges.append((start, count))
    return ranges


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out

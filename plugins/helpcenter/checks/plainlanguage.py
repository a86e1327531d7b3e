"""Plain-language hints: very long sentences, long paragraphs and jargon, as warnings.

Customers read help articles on a phone, often frustrated, sometimes in their second language.
Lengths are counted in words for languages written with spaces between words, and in characters
(letters and digits, not spaces or punctuation) for Japanese, Chinese, Korean and similar, where
counting "words" means nothing or little. Limits per locale and the jargon lists are set in
`content/_check.yml` and `content/_jargon.yml` (see docs/check.md).
"""

from __future__ import annotations

import re

from helpcenter.checks.context import CheckContext
from helpcenter.checks.settings import LengthLimits
from helpcenter.checks.source import prose_blocks, scan
from helpcenter.content import Article
from helpcenter.problems import Problem
from helpcenter.sourcetext import inline_text

WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
LETTER = re.compile(r"[^\W_]")
# Sentence ends: '.', '!' or '?' (plus closing quotes or brackets) before a space and a capital,
# digit or opening quote; in character-counted languages any full stop before a space, or the
# ideographic full stop and full-width marks anywhere.
WORD_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]\u201d\u2019]*\s+(?=[\"'(\[\u201c\u2018]?[A-Z0-9])")
CHAR_SENTENCE_END = re.compile(r"(?<=[\u3002\uff01\uff1f])[\u300d\u300f\uff09)\"']*\s*"
                               r"|(?<=[.!?])[\"')\]\u201d\u2019]*\s+")
EXCERPT_LENGTH = 40
# Abbreviations that end with a full stop but not a sentence ("e.g. Settings").
ABBREVIATIONS = re.compile(r"(?:^|\s)(?:e\.g|i\.e|etc|vs|approx|incl|no|nr|mr|mrs|ms|dr|st|"
                           r"z\.b|d\.h|bzw|p\.ex)\.$", re.IGNORECASE)


def measure(text: str, unit: str) -> int:
    return len((WORD if unit == "words" else LETTER).findall(text))


def sentences(text: str, unit: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of a paragraph's plain text."""
    pattern = WORD_SENTENCE_END if unit == "words" else CHAR_SENTENCE_END
    result, start = [], 0
    for match in pattern.finditer(text):
        if ABBREVIATIONS.search(text[max(start, match.start() - 8):match.start()]):
            continue
        result.append((start, text[start:match.start()]))
        start = match.end()
    if start < len(text):
        result.append((start, text[start:]))
    return [(offset, s) for offset, s in result if s.strip()]


def excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH].rstrip() + "…"


def _jargon_patterns(terms: dict[str, str]) -> list[tuple[str, str, re.Pattern]]:
    patterns = []
    for term, instead in terms.items():
        escaped = re.escape(term)
        if re.fullmatch(r"[\w\s'\-.]+", term, re.ASCII):
            pattern = re.compile(rf"(?<![\w-]){escaped}(?![\w-])", re.IGNORECASE)
        else:  # scripts without spaces: a substring is the only sensible match
            pattern = re.compile(escaped, re.IGNORECASE)
        patterns.append((term, instead, pattern))
    return patterns


def check_article(article: Article, limits: LengthLimits, jargon: dict[str, str]
                  ) -> list[Problem]:
    """Plain-language warnings for one article."""
    problems = []
    unit = limits.unit
    patterns = _jargon_patterns(jargon)
    seen: set[tuple[int, str]] = set()

    def find_jargon(line: int, text: str) -> None:
        for term, instead, pattern in patterns:
            match = pattern.search(text)
            if match and (line, term) not in seen:
                seen.add((line, term))
                problems.append(Problem(article.source, line, "warning",
                                        f"'{match.group(0)}' is jargon",
                                        f"write '{instead}' instead", "plain-jargon"))

    for key in ("title", "description"):
        find_jargon(article.key_lines.get(key, 1), getattr(article, key))
    for block in prose_blocks(scan(article.body, article.body_line)):
        pieces, starts, offset = [], [], 0
        for line, raw in block:
            text = inline_text(raw)
            find_jargon(line, text)
            starts.append((offset, line))
            pieces.append(text)
            offset += len(text) + 1
        paragraph = " ".join(pieces)
        size = measure(paragraph, unit)
        if size > limits.paragraph:
            problems.append(Problem(
                article.source, block[0][0], "warning",
                f"long paragraph ({size} {unit}; aim for at most {limits.paragraph})",
                "split it into shorter paragraphs, or turn steps into a numbered list",
                "plain-paragraph-long"))
        for start, sentence in sentences(paragraph, unit):
            size = measure(sentence, unit)
            if size > limits.sentence:
                line = max((ln for off, ln in starts if off <= start), default=block[0][0])
                problems.append(Problem(
                    article.source, line, "warning",
                    f"long sentence ({size} {unit}; aim for at most {limits.sentence})",
                    f"split \"{excerpt(sentence)}\" into shorter sentences",
                    "plain-sentence-long"))
    return problems


def check_plain_language(ctx: CheckContext) -> list[Problem]:
    problems = []
    for code, per_locale in ctx.center.articles.items():
        limits = ctx.settings.limits_for(code)
        jargon = ctx.settings.jargon.get(code, {})
        for article in per_locale.values():
            problems.extend(check_article(article, limits, jargon))
    return problems

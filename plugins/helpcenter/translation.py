"""The translation marker: which version of the source text a translation was made from.

A translation's front matter records the *source marker* of the text it was translated from:

    translated_from: "3f2a9c1b7d4e"

The marker is the first 12 hex digits of the SHA-256 of the source article's *normalized* text
(`normalized_source`; the rule is in `helpcenter.sourcetext` and docs/check.md). When the
default-locale source changes in substance, its marker changes and every translation still
carrying the old one is outdated. `helpcenter new --translate-from` writes it, `helpcenter check`
compares it.
"""

from __future__ import annotations

import hashlib
import re

from helpcenter.content import Article
from helpcenter.sourcetext import normalize_text

MARKER_KEY = "translated_from"
MARKER_LENGTH = 12
MARKER = re.compile(r"^[0-9a-f]{12}$")


def normalized_source(article: Article) -> str:
    """The part of an article a translation has to follow, without cosmetic differences."""
    return "\n".join(normalize_text(part) for part in (article.title, article.description,
                                                         article.body))


def source_marker(article: Article) -> str:
    """The marker a translation of `article` records in `translated_from`."""
    return hashlib.sha256(normalized_source(article).encode("utf-8")).hexdigest()[:MARKER_LENGTH]

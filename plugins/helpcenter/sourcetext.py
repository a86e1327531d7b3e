"""Markdown source as text to compare, the way the translation marker and the checks read it.

`normalize_text` removes what does not change the meaning, so cosmetic edits do not flag every
translation as outdated:

- only the title, description and body count (tags, owner, reviewed, order do not);
- Unicode compatibility forms (NFKC), typographic quotes, dashes and ellipses are unified;
- whitespace, line wrapping, blank lines and indentation are ignored;
- Markdown formatting is ignored: emphasis, inline code marks, heading levels, list bullets and
  numbering, block quotes, table pipes, admonition and tab markers (their titles still count),
  attribute lists `{#id}`, HTML comments, link titles and the `#anchor` part of links;
- letter case is ignored.

Everything else is substance: words, numbers, punctuation inside sentences, link targets and image
paths and alternative texts. The rule is documented in docs/check.md.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache


def mask_comments(text: str) -> str:
    """Blank out HTML comments; an unclosed comment runs to the end, as in HTML (linear time)."""
    parts, position = [], 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            parts.append(text[position:])
            return "".join(parts)
        end = text.find("-->", start + 4)
        end = len(text) if end < 0 else end + 3
        parts.append(text[position:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        position = end



_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
                             "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-",
                             "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
                             "\u2026": "...", "\u00a0": " "})
_LINE_MARKUP = [
    re.compile(r"^(?:>\s?)+"),  # block quotes
    re.compile(r"^#{1,6}(?=\s|$)|\s#+\s*$"),  # heading hashes
    re.compile(r"^(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?"),  # list bullets, numbers, task boxes
    re.compile(r"^(?:!!!|\?\?\?\+?)\s*[\w-]+(?:[ \t]+(?!\")[\w-]+)*"),  # admonition type, classes
    re.compile(r"^===\+?"),  # content tabs
    re.compile(r"^\*\[[^\]]*\]:"),  # abbreviations
]
_RULE = re.compile(r"^(?:[=\-*_]\s*){3,}$|^[|:\- ]*-[|:\- ]*$")
_ATTR_LIST = re.compile(r"\{:?[^{}\n]{0,500}\}")
_LINK_TAIL = re.compile(r"\]\(\s*<?([^()\s<>#]{0,2000})(?:#[^()\s<>]{0,500})?>?"
                        r"(?:\s+(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?\s*\)")
_FORMATTING = re.compile(r"[*_~`|]+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?)\]}。、，．！？」』）])")


@lru_cache(maxsize=16384)
def normalize_text(text: str) -> str:
    """Text with every cosmetic difference removed (see the module docstring for the rule)."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    text = mask_comments(text)
    kept = []
    for line in text.split("\n"):
        line = line.strip()
        if not line or _RULE.match(line):
            continue
        for pattern in _LINE_MARKUP:
            line = pattern.sub("", line).strip()
        kept.append(line)
    text = " ".join(kept)
    text = _ATTR_LIST.sub(" ", text)
    text = _LINK_TAIL.sub(r"](\1)", text)
    text = _FORMATTING.sub("", text)
    text = re.sub(r"\s+", " ", text.casefold())
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text).strip()


_INLINE_LINK = re.compile(r"!?\[(?P<text>[^\[\]]{0,500})\]\([^()\n]{0,2000}\)")
_INLINE_REF = re.compile(r"!?\[([^\[\]]{0,500})\]\[[^\[\]]{0,200}\]")
_INLINE_ATTRS = re.compile(r"\{:?[^{}]{0,500}\}")
_INLINE_HTML = re.compile(r"<[^<>]{1,500}>")
_INLINE_EMPHASIS = re.compile(r"[*_~]{1,3}(?=\S)|(?<=\S)[*_~]{1,3}")
_INLINE_EMOJI = re.compile(r":[a-z0-9_+-]+:")
_INLINE_FOOTNOTE = re.compile(r"\[\^[^\]]{1,200}\]")


def inline_text(markdown: str) -> str:
    """Visible text of inline Markdown: link and image text kept, markup and attributes removed,
    footnote references dropped (the page shows them as a small number, not as words)."""
    text = _INLINE_FOOTNOTE.sub("", markdown)
    text = _INLINE_LINK.sub(lambda m: m.group("text"), text)
    text = _INLINE_REF.sub(r"\1", text)
    text = _INLINE_ATTRS.sub("", text)
    text = _INLINE_HTML.sub("", text)
    text = _INLINE_EMPHASIS.sub("", text)
    text = _INLINE_EMOJI.sub("", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()

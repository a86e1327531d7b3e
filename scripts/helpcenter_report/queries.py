"""Grouping zero-result searches so that one need shows up as one line.

Customers type the same need in many spellings: "Reset Password", "reset  password!",
"password reset", full-width "ｒｅｓｅｔ"; in Korean and Japanese with or without spaces
("비밀번호 변경" / "비밀번호변경"). The report groups them under one key and shows the most
frequent spelling.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field


def normalize(text: str) -> str:
    """NFKC, case-folded, punctuation and symbols turned into spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = [" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text]
    return " ".join("".join(kept).split())


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x1100 <= code <= 0x11FF or 0x3040 <= code <= 0x30FF or 0x3130 <= code <= 0x318F
            or 0x3400 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF)


def group_key(normalized: str) -> str:
    """Spelling-independent key: word order ignored; spaces ignored in CJK text."""
    if any(_is_cjk(ch) for ch in normalized):
        return normalized.replace(" ", "")
    return " ".join(sorted(set(normalized.split())))


@dataclass
class QueryGroup:
    """One need customers searched for without finding anything."""

    key: str
    count: int = 0
    spellings: Counter = field(default_factory=Counter)

    @property
    def query(self) -> str:
        """The most frequent normalized spelling (ties: alphabetical, for stable output)."""
        return min(self.spellings.items(), key=lambda item: (-item[1], item[0]))[0]

    def as_dict(self) -> dict:
        variants = sorted(self.spellings, key=lambda s: (-self.spellings[s], s))
        return {"query": self.query, "count": self.count, "variants": variants[:5],
                "spellings": len(self.spellings)}


def group_queries(counts: Counter | dict[str, int], limit: int = 15) -> list[QueryGroup]:
    """The `limit` largest groups of zero-result queries, largest first."""
    groups: dict[str, QueryGroup] = {}
    for text, n in counts.items():
        normalized = normalize(text or "")
        if not normalized:
            continue
        key = group_key(normalized)
        group = groups.setdefault(key, QueryGroup(key))
        group.count += n
        group.spellings[normalized] += n
    ranked = sorted(groups.values(), key=lambda g: (-g.count, g.query))
    return ranked[:limit]

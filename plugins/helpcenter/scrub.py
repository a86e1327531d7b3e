"""Free text without personal data: e-mail addresses, IP addresses, card and phone numbers.

The rules are documented in docs/events.md ("What is scrubbed") and implemented twice, here and
in overrides/assets/helpcenter/scrub.js for the browser; both pass the same corpus
(tests/helpcenter/scrub_corpus.py), so change them together.

Matching runs on a *folded* copy of the text: full-width ASCII (`０９０－１２３４`, `＠`, `．`) and
the ideographic space become their ASCII counterparts, one code point for one, so positions in
the copy are positions in the original and the patterns stay ASCII. Every pattern is linear:
e-mail addresses are found from each `@` outwards, not by a regex that retries from every
character, and number runs have no nested ambiguous repetition.
"""

from __future__ import annotations

import re
import unicodedata

EMAIL_PLACEHOLDER = "[email]"
PHONE_PLACEHOLDER = "[phone]"
CARD_PLACEHOLDER = "[card]"
IP_PLACEHOLDER = "[ip]"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                      r"\u2066-\u2069\ufeff]")


def clean_text(text: str) -> str:
    """NFC-normalize, drop control and bidi-override characters, trim; keep newlines and tabs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()


_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(text: str) -> str:
    """Full-width ASCII and the ideographic space as ASCII, one code point for one."""
    return text if text.isascii() else text.translate(_FOLD)


# -- e-mail addresses ----------------------------------------------------------------------------

_LOCAL_COMMON = set("0123456789.!#$%&'*+/=?^_`{|}~-")
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def _kind(ch: str) -> str | None:
    """The script a local-part character belongs to; digits and punctuation join any script."""
    if ch in _LOCAL_COMMON:
        return "common"
    code = ord(ch)
    if ("a" <= ch <= "z" or "A" <= ch <= "Z" or 0xC0 <= code <= 0x24F and code not in (0xD7, 0xF7)
            or 0x370 <= code <= 0x3FF or 0x400 <= code <= 0x4FF):
        return "latin"
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x30A0 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "katakana"
    if 0x3040 <= code <= 0x309F:
        return "hiragana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "han"
    return None


def _local_start(folded: str, at: int) -> int | None:
    """Where the local part before `folded[at] == "@"` starts: a quoted string, or the run of
    one script's letters (plus digits and `.` `_` `-` ...) that touches the `@`. The script may
    change once, across `.` `_` `-` (`김민수.kim`); hiragana joins only a hiragana run, so the
    particle in `連絡先は12345@...` stays outside."""
    if at > 0 and folded[at - 1] == '"':
        start = folded.rfind('"', max(0, at - 66), at - 1)
        if start >= 0 and at - 1 - start >= 1 and "\n" not in folded[start:at]:
            return start
        return None
    script = None
    switched = False
    start = at
    while start > 0:
        ch = folded[start - 1]
        kind = _kind(ch)
        if kind is None:
            break
        if kind != "common":
            if script is None:
                if kind == "hiragana" and start < at:
                    break
                script = kind
            elif kind != script:
                if switched or folded[start] not in "._-":
                    break
                script, switched = kind, True
        start -= 1
    return start if start < at else None


def _domain_end(folded: str, after: int) -> int | None:
    """End of a domain starting at `after`: two or more labels, the last of 2+ letters."""
    match = _DOMAIN.match(folded, after)
    if not match:
        return None
    labels = match.group(0).split(".")
    while len(labels) >= 2:
        if len(labels[-1]) >= 2 and labels[-1].isascii() and labels[-1].isalpha():
            return after + len(".".join(labels))
        labels.pop()
    return None


def _email_spans(folded: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    at = folded.find("@")
    while at >= 0:
        start = _local_start(folded, at)
        end = _domain_end(folded, at + 1) if start is not None else None
        if start is not None and end is not None and (not spans or start >= spans[-1][1]):
            spans.append((start, end, EMAIL_PLACEHOLDER))
        at = folded.find("@", at + 1)
    return spans


# -- IP addresses --------------------------------------------------------------------------------

_IPV4 = re.compile(r"(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9]|\.[0-9])")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}"
                   r"(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4})"
                   r"(?:%[0-9A-Za-z]{1,15})?(?![0-9A-Za-z:])")


def _is_ipv6(text: str) -> bool:
    """Eight groups, or fewer around exactly one `::` (an IPv4 tail counts as two), at least
    two of them present: `10:30:45` is a time, `2001:db8::1` an address."""
    address = text.split("%", 1)[0]
    groups = [g for g in address.split(":") if g]
    count = len(groups) + (1 if groups and "." in groups[-1] else 0)
    if not any(ch.isdigit() for ch in address):
        return False  # `dead::beef`, `a::b`: words, not addresses
    if address.count("::") > 1 or not groups or (len(groups) < 2
                                                  and not address.startswith("::")):
        return False
    if "::" in address:
        return count <= 7
    return count == 8 and ":::" not in address and not address.startswith(":") \
        and not address.endswith(":")


def _ip_spans(folded: str) -> list[tuple[int, int, str]]:
    spans = [(m.start(), m.end(), IP_PLACEHOLDER) for m in _IPV6.finditer(folded)
             if _is_ipv6(m.group(0))]
    spans += [(m.start(), m.end(), IP_PLACEHOLDER) for m in _IPV4.finditer(folded)
              if all(int(part) <= 255 for part in m.group(0).split("."))]
    return sorted(spans)  # an IPv4 tail inside an IPv6 address is skipped by _replace


# -- card and phone numbers ----------------------------------------------------------------------

_WS = "[ \t\n\u00a0\u2000-\u200a\u202f\u205f]"
_LOOSE = "[-./\u2010-\u2015\u2212\u30fc\uff70]"  # dashes, dots, slashes; may have spaces around
_TIGHT = "[,*_\u00b7\u30fb\uff65]"  # comma, asterisk, underscore, middle dots: no spaces
_PAREN = "[()]"
_SEP = rf"(?:{_TIGHT}|{_WS}{{0,2}}(?:{_LOOSE}|{_PAREN}){_WS}{{0,2}}|{_WS}{{1,2}})"
_NUMBER = re.compile(rf"(?<![A-Za-z0-9+])(?<![0-9][-.,/])\+?\(?[0-9](?:{_SEP}?[0-9])+\)?"
                     r"(?![A-Za-z0-9])")
# Spans kept as they are before numbers are looked for: dates, year ranges, grouped amounts.
_YEAR = "(?:19|20)[0-9]{2}"
_KEEP = re.compile(
    rf"(?<![0-9])(?<![0-9][-./])(?:"
    rf"{_YEAR} ?[-/.] ?[0-9]{{1,2}} ?[-/.] ?[0-9]{{1,2}}\.?"  # 2026-11-22, 2026. 11. 22.
    rf"|[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.]{_YEAR}"  # 22.11.2026, 11/22/2026
    rf"|{_YEAR} ?[-\u2013~\u301c] ?{_YEAR}"  # 2020-2026
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"  # 1,234,567.00
    r"|[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?"  # 1.234.567,00
    r")(?![0-9]|[-./,][0-9])")
_DECIMAL = re.compile(r"[0-9]+[.,][0-9]+")
_DOTTED = re.compile(r"[0-9]+(?:\.[0-9]+){2,}")


def _number_spans(folded: str) -> list[tuple[int, int, str]]:
    masked = _KEEP.sub(lambda m: "\x00" * len(m.group(0)), folded)  # kept spans break runs
    spans = []
    for match in _NUMBER.finditer(masked):
        placeholder = _classify(match.group(0))
        if placeholder:
            spans.append((match.start(), match.end(), placeholder))
    return spans


def _classify(run: str) -> str | None:
    digits = sum(ch.isdigit() for ch in run)
    if run.startswith("+"):
        return PHONE_PLACEHOLDER if 7 <= digits <= 15 else CARD_PLACEHOLDER if digits > 15 else None
    if digits >= 13:
        return CARD_PLACEHOLDER
    if digits < 7 or _DECIMAL.fullmatch(run) or _is_version(run):
        return None
    return PHONE_PLACEHOLDER


def _is_version(run: str) -> bool:
    """`10.0.19045`, `3.10.12`: dots only, and a later part of one digit or of five or more
    (phone numbers written with dots have parts of two to four digits)."""
    if not _DOTTED.fullmatch(run):
        return False
    parts = run.split(".")
    return any(len(p) == 1 for p in parts[1:]) or any(len(p) >= 5 for p in parts)


# -- putting it together -------------------------------------------------------------------------

_DIGIT = re.compile("[0-9]")


def _replace(text: str, folded: str, spans: list[tuple[int, int, str]]) -> tuple[str, str]:
    out, out_folded, last = [], [], 0
    for start, end, placeholder in spans:
        if start < last:
            continue
        out += [text[last:start], placeholder]
        out_folded += [folded[last:start], placeholder]
        last = end
    out.append(text[last:])
    out_folded.append(folded[last:])
    return "".join(out), "".join(out_folded)


def scrub(text: str) -> str:
    """Replace e-mail addresses, IP addresses, card-like and phone numbers with placeholders.

    Order matters: e-mail addresses first (they contain digits and dots), then IP addresses
    (dotted or with colons), then runs of digits: 13 or more digits are card-like, 7 to 12 (up
    to 15 after a `+`) a phone number. Dates, year ranges and grouped amounts are kept.
    """
    folded = fold(text)
    # IP addresses, cards and phones all hold an ASCII digit (after folding); most text has none.
    finders = (_email_spans, _ip_spans, _number_spans) if _DIGIT.search(folded) else (
        _email_spans,)
    for find in finders:
        if text:
            text, folded = _replace(text, folded, find(folded))
    return text

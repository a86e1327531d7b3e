"""Python-Markdown's inline step, trying a pattern only on text that holds what every match of it
starts with.

Python-Markdown tries each of its ~16 inline patterns (code, links, emphasis, emoji, ...) on every
piece of text of every page, one Python call per pattern and text even when the text holds
none of the pattern's characters: about a third of a page's Markdown time. Most patterns can
only match where a given text is (`[` for a link, `[^` for a footnote, `:` for an emoji, `*` or
`_` for emphasis); when the text has none of them, trying the pattern is a guaranteed miss, and
skipping it is the same as trying it. What a match starts with is read from each pattern's
regular expression; a pattern whose start cannot be read that way is always tried.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's op codes (stable since Python 3.11's rename)
from re import _parser as sre_parse

from markdown import Markdown, util
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.treeprocessors import InlineProcessor

_ZERO_WIDTH = {sre.ASSERT, sre.ASSERT_NOT, sre.AT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_MAX_CHARS = 64   # a set or range of more characters is not worth testing


class _Unknown(Exception):
    """The regular expression can start with characters this reader does not follow."""


def _first(tokens) -> tuple[set[str], bool]:
    """The texts a match of `tokens` can start with, and whether it can be empty."""
    chars: set[str] = set()
    tokens = list(tokens)
    for index, (op, av) in enumerate(tokens):
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:   # the whole run of literal characters: `[^`, `![`, two spaces
            run = ""
            for next_op, next_av in tokens[index:]:
                if next_op is not sre.LITERAL:
                    break
                run += chr(next_av)
            return chars | {run}, False
        if op is sre.IN:
            return chars | _set_chars(av), False
        if op is sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise _Unknown
            inner, empty = _first(av[3])
        elif op is sre.ATOMIC_GROUP:
            inner, empty = _first(av)
        elif op is sre.BRANCH:
            inner, empty = set(), False
            for branch in av[1]:
                one, one_empty = _first(branch)
                inner |= one
                empty = empty or one_empty
        elif op in _REPEATS:
            low, _, item = av
            inner, empty = _first(item)
            empty = empty or low == 0
        else:   # any character, a category, a back reference, ...
            raise _Unknown
        chars |= inner
        if not empty:
            return chars, False
    return chars, True


def _set_chars(items) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CHARS:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:   # a negated set, a category, a wide range
            raise _Unknown
    if len(chars) > _MAX_CHARS:
        raise _Unknown
    return chars


def first_texts(pattern: re.Pattern) -> frozenset[str] | None:
    """Texts one of which every match of `pattern` starts with, or None when it cannot be said
    (it may match the empty string, ignores case, or starts with any character)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        chars, empty = _first(sre_parse.parse(pattern.pattern, pattern.flags))
    except (_Unknown, re.error, TypeError):
        return None
    return None if empty or not chars else frozenset(chars)


def _trigger(pattern) -> tuple:
    """What `_handleInline` tests (one text, a search for any of several, or None: always try
    the pattern), and the texts themselves (None: any)."""
    texts = (first_texts(pattern.getCompiledRegExp())
             if isinstance(pattern, InlinePattern) else None)
    if texts is None:
        return None, None
    if len(texts) == 1:
        return next(iter(texts)), texts
    return _search_any(texts), texts


def _search_any(texts) -> object:
    """The search for any of `texts` (one C call instead of a test per text)."""
    return re.compile("|".join(re.escape(text) for text in sorted(texts))).search


class TriggeredInlineProcessor(InlineProcessor):
    """Python-Markdown's `InlineProcessor` (3.x) with its pattern loop skipping the patterns
    none of whose first texts is in the text; everything else is the original's."""

    def run(self, tree, ancestors=None):
        # Keyed by the pattern itself, not id(): an id can be reused by a later pattern.
        known = self.__dict__.setdefault("_triggers", {})
        patterns = tuple(self.inlinePatterns)
        for pattern in patterns:
            if pattern not in known:
                known[pattern] = _trigger(pattern)
        self._listed = [(pattern, known[pattern][0]) for pattern in patterns]
        anys = self.__dict__.setdefault("_any_triggers", {})
        if patterns not in anys:   # a search for any pattern's first text; None: one has none
            every = [known[pattern][1] for pattern in patterns]
            anys[patterns] = (None if any(texts is None for texts in every)
                              else _search_any(set().union(*every)))
        self._any_trigger = anys[patterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        if self._any_trigger is not None and self._any_trigger(data) is None:
            return data   # no pattern's first text is in it: every pattern would be skipped
        listed = self._listed
        apply = self._InlineProcessor__applyPattern
        start = 0
        while patternIndex < len(listed):
            pattern, texts = listed[patternIndex]
            if texts is not None and (texts not in data if type(texts) is str
                                      else texts(data) is None):
                patternIndex += 1   # a guaranteed miss: what trying it would return
                start = 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data

    def _InlineProcessor__processPlaceholders(self, data, parent, isText=True):  # noqa: N802, N803
        # Text without a placeholder (most text) is only appended to the element's text or
        # tail: what the original's loop does for it, without the loop.
        if data and type(data) is str and self._InlineProcessor__placeholder_prefix not in data:
            if isText:
                parent.text = parent.text + data if parent.text else data
            else:
                parent.tail = parent.tail + data if parent.tail else data
            return []
        return super()._InlineProcessor__processPlaceholders(data, parent, isText)


def skip_absent_patterns(converter: Markdown) -> None:
    """Make the converter's inline step a `TriggeredInlineProcessor` (when it is the stock one)."""
    inline = converter.treeprocessors["inline"] if "inline" in converter.treeprocessors else None
    if type(inline) is InlineProcessor:
        inline.__class__ = TriggeredInlineProcessor

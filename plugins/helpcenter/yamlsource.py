"""The one YAML reader for every file writers edit: front matter, content/_ui/*.yml, _check.yml,
content/contact.yml and content/_search/<locale>.yml.

Writers' YAML is data, not a program, so the reader is strict where PyYAML is generous:

- anchors and aliases (`&a`, `*a`) are refused before anything is built, so an alias bomb costs
  one pass over the text instead of gigabytes;
- a key given twice is an error naming both lines (PyYAML silently keeps the last one);
- plain scalars are **text** unless the caller asks for YAML's types: `tags: [no, on, 010]` are
  the words `no`, `on`, `010`, not False, True and 8 (YAML 1.1's surprises);
- `~`, `null` and an empty value are None; tags such as `!!python/object` are refused;
- every error is a `YAMLSourceError` with the 1-based line in the writer's file.

`compose` gives the node tree (each node keeps its line) for readers that check shapes
themselves; `load` gives plain Python values; `read_yaml_file` does both for a file on disk.
"""

from __future__ import annotations

from pathlib import Path

import yaml

MAX_DEPTH = 32

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster
_NULLS = {"", "~", "null", "Null", "NULL"}
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in (
    "str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "merge")}


class YAMLSourceError(ValueError):
    """One thing wrong in a YAML text, at a 1-based line of the writer's file."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        self.line, self.message, self.hint = line, message, hint
        super().__init__(f"line {line}: {message}")


class YAMLFileError(ValueError):
    """`YAMLSourceError` with its file: `path:line: message (hint)`, one sentence for users."""

    def __init__(self, path: Path | str, line: int | None, message: str, hint: str = "") -> None:
        self.path, self.line, self.message, self.hint = str(path), line, message, hint
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}" + (f" ({hint})" if hint else ""))


def error_at(exc: yaml.YAMLError, first_line: int = 1) -> tuple[int, str]:
    """(1-based line, short reason) of a PyYAML error in text that starts at `first_line`.

    PyYAML marks some errors where it noticed them (the start of the next token), which for an
    unclosed quote is lines below the quote; the context mark then points at the quote itself.
    """
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    reason = getattr(exc, "problem", None) or (str(exc).splitlines() or ["syntax error"])[0]
    if context is not None and "quoted scalar" in (getattr(exc, "context", "") or ""):
        mark = context
        reason = "a quote is opened here but never closed"
    line = mark.line + first_line if mark is not None else first_line
    return line, reason


def line_of(node: yaml.Node, first_line: int = 1) -> int:
    return node.start_mark.line + first_line


def compose(text: str, first_line: int = 1, what: str = "this file",
            max_depth: int = MAX_DEPTH) -> yaml.Node | None:
    """The node tree of one YAML document, checked: no anchors or aliases, no unknown tags, no
    key twice in a mapping, at most MAX_DEPTH levels deep. None for an empty document."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + first_line
        raise YAMLSourceError(line, "the file contains a NUL byte", "remove it; it is invisible "
                              "in most editors (try another editor or 'tr -d \\\\000')")
    if _may_hold_what_scan_finds(text, max_depth):
        _scan(text, first_line, what, max_depth)
    try:
        node = yaml.compose(text, Loader=_Parser)
    except yaml.YAMLError as exc:
        _scan(text, first_line, what, max_depth)   # its sentence for the error it finds first
        raise YAMLSourceError(*error_at(exc, first_line)) from None  # pragma: no cover
    if node is not None:
        _check_keys(node, first_line, what)
    return node


def _may_hold_what_scan_finds(text: str, max_depth: int) -> bool:
    """Whether `_scan` can find more than a syntax error (which compose meets too): an anchor,
    an alias or a tag each start with `&`, `*` or `!`, and each level of nesting needs one of
    `[ { : ? -` of its own. Most front matter has none of the first and a few of the second,
    so it is parsed once instead of twice."""
    return (any(mark in text for mark in "&*!")
            or sum(map(text.count, "[{:?-")) > max_depth)


def _scan(text: str, first_line: int, what: str, max_depth: int) -> None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Parser):
            line = event.start_mark.line + first_line
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YAMLSourceError(line, f"anchors and aliases (& and *) are not allowed in "
                                      f"{what}", "write each value out")
            tag = getattr(event, "tag", None)
            if tag and tag != "!" and tag not in _STANDARD_TAGS:
                shown = tag.replace("tag:yaml.org,2002:", "!!")[:60]
                raise YAMLSourceError(line, f"the tag '{shown}' is not allowed in {what}",
                                      "remove it; write plain values")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    raise YAMLSourceError(line, f"{what} is nested more than {max_depth} "
                                          "levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        line, reason = error_at(exc, first_line)
        if "nesting depth" in reason:  # libyaml's own limit, met while scanning ahead
            raise YAMLSourceError(line, f"{what} is nested more than {max_depth} levels "
                                  "deep") from None
        raise YAMLSourceError(line, f"not valid YAML: {reason}",
                              "check quotes and indentation; quote values that contain ': '"
                              ) from None


def _check_keys(root: yaml.Node, first_line: int, what: str) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YAMLSourceError(line_of(key_node, first_line), f"a key in {what} is a "
                                          "list or mapping; keys are plain words")
                key = str(key_node.value)
                if key in seen:
                    raise YAMLSourceError(line_of(key_node, first_line), f"'{key[:60]}' appears "
                                          f"twice (first on line {line_of(seen[key], first_line)})",
                                          "keep one of them")
                seen[key] = key_node
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def scalar_value(node: yaml.ScalarNode, typed: bool = False) -> object:
    """A scalar as text (quoted, or plain when not `typed`), None for `~`/null/empty, or with
    `typed` the YAML value (int, float, bool, date; an impossible date stays text)."""
    plain = not node.style  # None from PyYAML's composer, "" from libyaml's
    if plain and node.value in _NULLS:
        return None
    if not typed or not plain or node.tag == "tag:yaml.org,2002:str":
        return node.value
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        return node.value
    finally:
        loader.dispose()


def to_python(node: yaml.Node | None, typed: bool = False) -> object:
    """Plain values of a checked node tree: dicts with text keys, lists, and scalar_value."""
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): to_python(v, typed) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [to_python(item, typed) for item in node.value]
    return scalar_value(node, typed)


def load(text: str, first_line: int = 1, typed: bool = False,
         what: str = "this file") -> tuple[object, yaml.Node | None]:
    """(plain values, node tree) of a YAML text; YAMLSourceError naming the line at fault."""
    node = compose(text, first_line, what)
    return to_python(node, typed), node


def read_yaml_file(path: Path, typed: bool = False, shown_as: str | None = None,
                   what: str = "this file") -> tuple[object, yaml.Node | None]:
    """Read and check a YAML file writers edit; YAMLFileError(`shown_as:line: sentence`)."""
    shown = shown_as or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YAMLFileError(shown, None, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YAMLFileError(shown, line, "not UTF-8 text", "save the file as UTF-8") from None
    try:
        return load(text, typed=typed, what=what)
    except YAMLSourceError as exc:
        raise YAMLFileError(shown, exc.line, exc.message, exc.hint) from None



"""YAML that writers edit is parsed once when it cannot hold what the event scan looks for, with
the same tree or the same sentence as when it is scanned first."""

from __future__ import annotations

import random

import pytest

from helpcenter import yamlsource
from helpcenter.yamlsource import YAMLSourceError, compose, to_python


def outcome(text: str) -> tuple:
    """What compose gives: the values and every node's line, or the error's sentence."""
    try:
        node = compose(text, first_line=2, what="front matter", max_depth=6)
    except YAMLSourceError as exc:
        return "error", str(exc)
    if node is None:
        return "empty",
    lines, stack = [], [node]
    while stack:
        item = stack.pop()
        lines.append((item.tag, item.start_mark.line))
        value = item.value
        if isinstance(value, list):
            stack.extend(x for pair in value for x in (pair if isinstance(pair, tuple) else [pair]))
    return "tree", to_python(node, typed=True), lines


def scanned_first(text: str, monkeypatch) -> tuple:
    with monkeypatch.context() as patch:
        patch.setattr(yamlsource, "_may_hold_what_scan_finds", lambda text, depth: True)
        return outcome(text)


DOCUMENTS = [
    "title: Reset your password\ndescription: 'Quoted: with a colon'\ntags: [a, b]\n",
    "reviewed: 2026-01-31\norder: 3\nowner: ~\n",
    "a:\n  b:\n    c:\n      d:\n        e:\n          f:\n            g: deep\n",   # deeper than 6
    "- - - - - - - x\n",
    "[[[[[[[x]]]]]]]\n",
    "title: 'never closed\ndescription: x\n",
    "title: x\n  bad: indentation\n",
    "title: x\ntitle: twice\n",
    "base: &b {x: 1}\nother: *b\n",
    "tagged: !!python/name:os.system\n",
    "title: Q&A!\n",
    "? explicit key\n: value\n",
    "key: [unclosed\n",
    "\tkey: tab\n",
    "{a: 1, b: [2, 3], c: {d: 4}}\n",
    "",
    "# only a comment\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_same_tree_or_sentence_as_scanning_first(text, monkeypatch):
    assert outcome(text) == scanned_first(text, monkeypatch)


def test_random_texts_give_what_scanning_first_gives(monkeypatch):
    rng = random.Random(16)
    alphabet = ["a", "b", ":", " ", "  ", "\n", "- ", "[", "]", "{", "}", "'", '"', "#", "?",
                ",", "&x ", "*x", "!!str ", "\t", "1", "2026-01-01", "|", ">", "~"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        assert outcome(text) == scanned_first(text, monkeypatch), repr(text)


def test_plain_front_matter_is_parsed_once(monkeypatch):
    scans = []
    original = yamlsource._scan
    monkeypatch.setattr(yamlsource, "_scan", lambda *a: scans.append(a) or original(*a))
    compose("title: Reset your password\ndescription: Change it in Settings\n")
    assert scans == []
    compose("title: Q&A\n")
    assert len(scans) == 1
    with pytest.raises(YAMLSourceError, match="a quote is opened here but never closed|valid"):
        compose("title: 'open\n")

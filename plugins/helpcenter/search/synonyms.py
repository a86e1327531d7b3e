"""Per-locale synonyms: the words customers type → the words the articles use.

`content/_search/<locale>.yml` maps a word or phrase to one or more others:

    비번: 비밀번호
    sign in: [log in, sign-in]

They apply when searching, in both readers (`tokenize.query_clauses` and tokenize.js): a query
that contains a key (a whole word or phrase; for Korean and Japanese anywhere in the text) also
searches its synonyms, and a document matching a synonym counts as matching the key. The build
writes a locale's synonyms into its index file, so the browser needs no other download.
`helpcenter check` validates the files with file:line (`check_synonyms`).

Under the writers' file lies the product's base vocabulary (`vocabulary/<locale>.yml` beside this
module): everyday customer-support words (kill my subscription, 돈 내는 방법, 払い戻し) that no
help center should have to list again. A writer's entry replaces the base entry for the same key,
and `key: []` removes it; the search plugin's `base_vocabulary: false` leaves it out.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from helpcenter.problems import Problem
from helpcenter.search.tokenize import normalize
from helpcenter.yamlsource import YAMLSourceError, compose

SYNONYM_DIR = "_search"
BASE_DIR = Path(__file__).with_name("vocabulary")
MAX_ENTRIES = 2000
MAX_CHARS = 100
MAX_PER_KEY = 10


def synonyms_path(docs_dir: str | Path, locale: str) -> Path:
    return Path(docs_dir) / SYNONYM_DIR / f"{locale}.yml"


def read_synonyms(path: Path, shown: str) -> tuple[dict[str, list[str]], list[Problem]]:
    """(normalized key → synonyms, problems) of one file; a missing file is no synonyms."""
    if not path.is_file():
        return {}, []
    problems: list[Problem] = []

    def problem(line: int | None, message: str, hint: str = "") -> None:
        problems.append(Problem(shown, line, "error", message, hint, "search-synonyms"))

    try:
        root = compose(path.read_text(encoding="utf-8"), what="a synonym file")
    except UnicodeDecodeError:
        problem(None, "not UTF-8 text")
        return {}, problems
    except YAMLSourceError as exc:   # the one YAML reader: no aliases, no key twice, …
        problem(exc.line, exc.message, exc.hint)
        return {}, problems
    if root is None:
        return {}, problems
    if not isinstance(root, yaml.MappingNode):
        problem(root.start_mark.line + 1, "expected lines like 'word: [other word, …]'",
                "see docs/search.md, Synonyms")
        return {}, problems
    found: dict[str, list[str]] = {}   # [] for `key: []`: drop the base vocabulary's entry
    lines: dict[str, int] = {}
    for key_node, value_node in root.value[:MAX_ENTRIES + 1]:
        line = key_node.start_mark.line + 1
        if len(found) >= MAX_ENTRIES:
            problem(line, f"more than {MAX_ENTRIES} entries")
            break
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or not key.strip() or len(key) > MAX_CHARS:
            problem(line, f"a key must be a word or phrase of 1-{MAX_CHARS} characters")
            continue
        values = _values(value_node)
        if values is None:
            problem(value_node.start_mark.line + 1,
                    f"'{key}' must map to a word or a list of up to {MAX_PER_KEY} words of up "
                    f"to {MAX_CHARS} characters", f"e.g. {key}: [other word]")
            continue
        normalized = " ".join(normalize(key).split())
        if normalized in lines:
            problem(line, f"'{key}' is listed twice (first at line {lines[normalized]})")
            continue
        lines[normalized] = line
        kept = [v for v in dict.fromkeys(" ".join(normalize(v).split()) for v in values)
                if v and v != normalized]
        if kept or not values:
            found[normalized] = kept
    return found, problems


def _values(node: yaml.Node) -> list[str] | None:
    if isinstance(node, yaml.ScalarNode):   # plain values are text (2fa, 010, no)
        items = [node.value]
    elif isinstance(node, yaml.SequenceNode) and len(node.value) <= MAX_PER_KEY and all(
            isinstance(item, yaml.ScalarNode) for item in node.value):
        items = [item.value for item in node.value]
    else:
        return None
    if not all(0 < len(item.strip()) <= MAX_CHARS for item in items):
        return None
    return items


def base_vocabulary_path(locale: str) -> Path:
    return BASE_DIR / f"{locale}.yml"


class BaseVocabularyError(ValueError):
    """The product's own vocabulary file is broken: a packaging bug, never the writers'."""


def load_synonyms(docs_dir: str | Path, locale: str,
                  base: bool = True) -> dict[str, list[str]]:
    """A locale's synonyms for the index: the base vocabulary (unless `base` is off) with the
    writers' file over it (its problems are `check_synonyms`': `helpcenter check` and the
    build report them). A broken base vocabulary raises BaseVocabularyError rather than leaving a
    locale's search without its everyday words in silence."""
    merged: dict[str, list[str]] = {}
    if base:
        path = base_vocabulary_path(locale)
        merged, problems = read_synonyms(path, f"helpcenter/search/vocabulary/{path.name}")
        if problems:
            raise BaseVocabularyError(f"{problems[0]}; the base vocabulary ships with "
                                      "helpcenter: reinstall it, or report the problem")
    merged.update(read_synonyms(synonyms_path(docs_dir, locale), "")[0])
    return {key: values for key, values in merged.items() if values}


def check_synonyms(docs_dir: str | Path, locales: list[str], docs_shown: str) -> list[Problem]:
    """Every synonym file's problems, and files for locales the site does not have."""
    problems: list[Problem] = []
    folder = Path(docs_dir) / SYNONYM_DIR
    for locale in locales:
        path = synonyms_path(docs_dir, locale)
        problems += read_synonyms(path, f"{docs_shown}/{SYNONYM_DIR}/{locale}.yml")[1]
    if folder.is_dir():
        for path in sorted(folder.glob("*.yml")):
            if path.stem not in locales:
                problems.append(Problem(f"{docs_shown}/{SYNONYM_DIR}/{path.name}", None, "warning",
                                        f"no locale '{path.stem}' in this help center; the file "
                                        "is not used", "name it <locale>.yml",
                                        "search-synonyms"))
    return problems

"""Feedback events (schema v2): the one definition the collector validates against.

Browsers send small JSON events (docs/events.md). `FIELDS` and `TYPES` below are the contract;
`parse_body` turns raw request bytes into candidate events, `validate_event` checks one against
the contract (and the site's manifest) and returns what the store keeps, with free text passed
through `scrub`. docs/events.md is tested against these tables so the two cannot drift.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from helpcenter.scrub import (  # noqa: F401 - part of this module's interface
    CARD_PLACEHOLDER,
    EMAIL_PLACEHOLDER,
    IP_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    clean_text,
    scrub,
)

VERSION = 2
VERSIONS = (1, 2)  # v1 is v2 without `source`; browsers built before v2 keep working
MAX_BODY_BYTES = 16 * 1024
MAX_BATCH = 50
MAX_COMMENT = 1000
MAX_QUERY = 100
MAX_RESULTS = 100_000
MAX_DEPTH = 4  # {"events": [{...}]} is depth 3; one spare for a future envelope

REASONS = ("inaccurate", "unclear", "missing", "not_solved", "other")
VOTES = ("yes", "no")
# "partial": no article matched enough of the query's words, the box showed articles matching
# some of them (docs/search.md); the report lists it with the searches that found nothing
SEARCH_OUTCOMES = ("no_results", "no_click", "partial")
SOURCES = ("site", "assistant")  # who searched: the site's search box or `helpcenter mcp`

_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
_SESSION = re.compile(r"[A-Za-z0-9_-]{8,64}")
_LOCALE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_ARTICLE = re.compile(r"[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*){1,3}")
_CHANNEL = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_BUILD = re.compile(r"[A-Za-z0-9._:+-]{1,64}")
_URL_SPACE = re.compile(r"[\s\x00-\x1f]")  # str.isspace() is \s for str patterns
_TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?")


class EventError(ValueError):
    """One reason an event or body is refused: a stable `code` (counted) and a sentence."""

    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


# -- free text: cleaning and scrubbing live in helpcenter.scrub (shared with scrub.js) --------

# -- the contract ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One field of an event on the wire."""

    name: str
    kind: type | tuple[type, ...]
    required: bool
    meaning: str


FIELDS: tuple[Field, ...] = (
    Field("v", int, True, "schema version, `2` (`1` is still accepted: the same without "
          "`source`)"),
    Field("id", str, True, "idempotency key chosen by the browser, 16–64 characters of "
          "`[A-Za-z0-9_-]`; a replayed id is refused with 409 and stored once"),
    Field("type", str, True, "one of " + ", ".join("`vote` `reason` `comment` `effort` "
                                                   "`search` `contact_click`".split())),
    Field("session", str, True, "random per-tab id (not persistent), 8–64 characters of "
          "`[A-Za-z0-9_-]`; groups a vote with its reasons, comment and effort"),
    Field("locale", str, True, "a locale of the site's manifest, e.g. `ko`"),
    Field("article", (str, type(None)), False, "an article id from the manifest that exists "
          "in `locale`, e.g. `billing/refunds`; required for vote, reason, comment, effort"),
    Field("build", (str, type(None)), False, "the manifest `build_id` the page was built "
          "with, at most 64 characters of `[A-Za-z0-9._:+-]`"),
    Field("url", (str, type(None)), False, "the page path, at most 300 characters, starting "
          "with `/`; a query string or fragment is dropped before storage"),
    Field("ts", (str, type(None)), False, "client time, ISO 8601 (informative only, not "
          "stored; the collector's `received_at` is authoritative)"),
    Field("value", (str, int, type(None)), False, "by type, see below"),
    Field("text", (str, type(None)), False, "by type, see below; scrubbed before storage"),
    Field("results", (int, type(None)), False, f"`search` only: results shown, 0–{MAX_RESULTS}"),
    Field("source", (str, type(None)), False, "`search` only, v2: who searched, `\"site\"` "
          "(the search box) or `\"assistant\"` (`helpcenter mcp`); stored as `\"site\"` when "
          "absent"),
)
FIELD_NAMES = frozenset(f.name for f in FIELDS)
#: Each field with the exact Python types JSON gives it (json.loads makes no subclasses).
_FIELD_TYPES = tuple((f, frozenset(f.kind if isinstance(f.kind, tuple) else (f.kind,)))
                     for f in FIELDS)
_ABSENT = object()


@dataclass(frozen=True)
class EventType:
    """What one event type requires of `article`, `value`, `text` and `results`."""

    name: str
    article: str  # "required" | "optional"
    value: str  # documentation of value
    text: str  # documentation of text
    check_value: Callable[[object], object | None] | None
    text_limit: int = 0  # 0 = no text allowed
    text_required: bool = False
    results: bool = False


def _one_of(choices: tuple[str, ...]) -> Callable[[object], object | None]:
    return lambda v: v if isinstance(v, str) and v in choices else None


def _effort(value: object) -> object | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    return None


def _channel(value: object) -> object | None:
    return value if isinstance(value, str) and _CHANNEL.fullmatch(value) else None


def _quote(values: tuple[str, ...]) -> str:
    return ", ".join(f"`\"{v}\"`" for v in values)


TYPES: dict[str, EventType] = {t.name: t for t in (
    EventType("vote", "required", f"{_quote(VOTES)}; a changed vote is a new event, the latest "
              "per session and article counts", "—", _one_of(VOTES)),
    EventType("reason", "required", f"{_quote(REASONS)}; one event per chosen reason", "—",
              _one_of(REASONS)),
    EventType("comment", "required", "—", f"1–{MAX_COMMENT} characters", None,
              text_limit=MAX_COMMENT, text_required=True),
    EventType("effort", "required", "integer 1–5 (1 = very hard, 5 = very easy)", "—", _effort),
    EventType("search", "optional", f"{_quote(SEARCH_OUTCOMES)}",
              f"the normalized query, 1–{MAX_QUERY} characters", _one_of(SEARCH_OUTCOMES),
              text_limit=MAX_QUERY, text_required=True, results=True),
    EventType("contact_click", "optional", "channel id from `content/contact.yml`, 1–32 "
              "characters of `[a-z0-9_-]`, e.g. `\"kakaotalk\"`", "—", _channel),
)}


class Catalog:
    """What the manifest allows: locales and, per article id, the locales it exists in."""

    def __init__(self, locales: set[str], articles: dict[str, set[str]],
                 build_id: str | None = None) -> None:
        self.locales = locales
        self.articles = articles
        self.build_id = build_id

    @classmethod
    def from_manifest(cls, manifest) -> Catalog:
        """From a `helpcenter.manifest.Manifest` (or its data dict)."""
        data = getattr(manifest, "data", manifest)
        locales = {loc["code"] for loc in data["locales"]}
        articles = {aid: set(entry["locales"]) for aid, entry in data["articles"].items()}
        return cls(locales, articles, data.get("build_id"))


def _field_type_error(name: str, value: object, kind) -> EventError:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = " or ".join("null" if k is type(None) else {"str": "a string", "int": "an integer"}
                        .get(k.__name__, k.__name__) for k in kinds)
    shown = type(value).__name__ if value is not None else "null"
    shown = {"dict": "an object", "list": "an array", "bool": "a boolean", "float": "a number",
             "str": "a string", "int": "an integer"}.get(shown, shown)
    return EventError("bad_field", f"'{name}' must be {names}, not {shown}")


def validate_event(data: object, catalog: Catalog | None = None) -> dict:
    """The stored form of one wire event (column names), or EventError saying what is wrong.

    With a `catalog`, article ids and locales must exist in the site's manifest.
    """
    if not isinstance(data, dict):
        raise EventError("bad_shape", "an event must be a JSON object")
    unknown = sorted(set(data) - FIELD_NAMES)
    if unknown:
        raise EventError("unknown_field", f"unknown field '{unknown[0][:40]}'; schema v{VERSION} "
                         f"fields are {', '.join(f.name for f in FIELDS)}")
    for field, kinds in _FIELD_TYPES:
        value = data.get(field.name, _ABSENT)
        if value is _ABSENT:
            if field.required:
                raise EventError("missing_field", f"'{field.name}' is required")
        elif type(value) not in kinds:  # exact JSON types: a bool is not an integer here
            raise _field_type_error(field.name, value, field.kind)
    if data["v"] not in VERSIONS:
        raise EventError("bad_version", f"unsupported schema version {data['v']}; this collector "
                         f"speaks v{' and v'.join(str(v) for v in VERSIONS)}")
    for name in ("id", "session", "locale", "article", "build", "url", "ts", "text", "value"):
        value = data.get(name)
        if isinstance(value, str) and not _encodable(value):
            raise EventError("bad_text", f"'{name}' contains invalid Unicode (lone surrogates)")
    if not _ID.fullmatch(data["id"]):
        raise EventError("bad_id", "'id' must be 16–64 characters of A-Z a-z 0-9 _ -")
    if not _SESSION.fullmatch(data["session"]):
        raise EventError("bad_session", "'session' must be 8–64 characters of A-Z a-z 0-9 _ -")
    kind = TYPES.get(data["type"])
    if kind is None:
        raise EventError("unknown_type", f"unknown event type '{data['type'][:40]}'; known "
                         f"types are {', '.join(TYPES)}")
    locale = data["locale"]
    if not _LOCALE.fullmatch(locale) or (catalog is not None and locale not in catalog.locales):
        raise EventError("unknown_locale", f"unknown locale '{locale[:20]}'")
    article = data.get("article")
    if article is None:
        if kind.article == "required":
            raise EventError("missing_field", f"'article' is required for '{kind.name}' events")
    elif not _ARTICLE.fullmatch(article) or (
            catalog is not None and locale not in catalog.articles.get(article, ())):
        raise EventError("unknown_article", f"unknown article '{article[:80]}' in locale "
                         f"'{locale}'")
    build = data.get("build")
    if build is not None and not _BUILD.fullmatch(build):
        raise EventError("bad_build", "'build' must be at most 64 characters of "
                         "A-Z a-z 0-9 . _ : + -")
    url = data.get("url")
    if url is not None:
        if len(url) > 300 or not url.startswith("/") or url.startswith("//") or \
                _URL_SPACE.search(url):
            raise EventError("bad_url", "'url' must be a page path starting with one '/', at "
                             "most 300 characters, without spaces")
        url = url.split("#", 1)[0].split("?", 1)[0]
    ts = data.get("ts")
    if ts is not None and (len(ts) > 40 or not _TS.fullmatch(ts)):
        raise EventError("bad_ts", "'ts' must be an ISO 8601 time such as 2026-11-22T09:30:00Z")
    value = data.get("value")
    if kind.check_value is None:
        if value is not None:
            raise EventError("bad_value", f"'{kind.name}' events take no 'value'")
    elif kind.check_value(value) is None:
        raise EventError("bad_value", f"'value' {_short(value)} is not valid for "
                         f"'{kind.name}' events: {_plain(kind.value)}")
    text = data.get("text")
    if kind.text_limit == 0:
        if text is not None:
            raise EventError("bad_text", f"'{kind.name}' events take no 'text'")
    else:
        text = clean_text(text or "")
        if kind.text_required and not text:
            raise EventError("bad_text", f"'text' is required for '{kind.name}' events")
        if len(text) > kind.text_limit:
            raise EventError("text_too_long", f"'text' is {len(text)} characters; at most "
                             f"{kind.text_limit} for '{kind.name}' events")
        text = scrub(text)
    results = data.get("results")
    if results is not None and (not kind.results or not 0 <= results <= MAX_RESULTS):
        raise EventError("bad_results", f"'results' must be an integer 0–{MAX_RESULTS} and only "
                         "on 'search' events")
    source = data.get("source")
    if source is not None and (data["v"] < 2 or kind.name != "search" or source not in SOURCES):
        raise EventError("bad_source", f"'source' must be {' or '.join(SOURCES)}, only on "
                         "'search' events of schema v2")
    if kind.name == "search" and source is None:
        source = "site"
    return {"event_id": data["id"], "type": kind.name, "session": data["session"],
            "article": article, "locale": locale, "build": build, "url": url,
            "value": None if value is None else str(value), "text": text or None,
            "results": results, "source": source}


def _encodable(text: str) -> bool:
    if text.isascii():  # most fields: no surrogate possible, no encoding needed
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _short(value: object) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _plain(doc: str) -> str:
    return doc.replace("`", "")


# -- request bodies ----------------------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise EventError("bad_json", f"duplicate key '{key[:40]}' in the JSON body", 400)
        result[key] = value
    return result


def _reject_constant(name: str) -> None:
    raise EventError("bad_json", f"'{name}' is not valid JSON", 400)


_BRACKETS = re.compile(r"[\[\]{}]")
MAX_INT_DIGITS = 20  # a 64-bit integer has at most 19 digits and a sign


def nesting_depth(text: str) -> int:
    """Deepest bracket nesting outside strings, in time linear in the body (no backtracking).

    Escaped backslashes, then escaped quotes, are dropped; what is left splits on `"` into
    outside (even parts) and inside (odd parts) of strings. Exact for valid JSON; for invalid
    JSON it may be off, which the parser then refuses anyway.
    """
    outside = text.replace("\\\\", "").replace('\\"', "").split('"')[::2]
    depth = deepest = 0
    for ch in _BRACKETS.findall("".join(outside)):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _parse_int(digits: str) -> int:
    """JSON integers, bounded: Python refuses to convert more than 4,300 digits (ValueError)."""
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise EventError("bad_json", f"a number in the body has more than {MAX_INT_DIGITS} "
                         "digits", 400)
    return int(digits)


def parse_body(body: bytes) -> tuple[list[object], bool]:
    """Candidate events from a request body and whether it was a batch; EventError(400/413)."""
    if len(body) > MAX_BODY_BYTES:
        raise EventError("too_large", f"the body is larger than {MAX_BODY_BYTES // 1024} KB; "
                         f"send at most {MAX_BATCH} events per request", 413)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise EventError("bad_encoding", "the body is not valid UTF-8", 400) from None
    if nesting_depth(text) > MAX_DEPTH:
        raise EventError("too_deep", f"the JSON is nested deeper than {MAX_DEPTH} levels", 400)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant,
                          parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise EventError("bad_json", f"the body is not valid JSON ({exc.msg} at line "
                         f"{exc.lineno} column {exc.colno})", 400) from None
    except RecursionError:  # invalid JSON that nesting_depth under-counted
        raise EventError("too_deep", "the JSON is nested too deeply", 400) from None
    if isinstance(data, dict) and "events" in data:
        if set(data) != {"events"}:
            raise EventError("bad_shape", "a batch is {\"events\": [...]} with no other keys", 400)
        events = data["events"]
        if not isinstance(events, list) or not events:
            raise EventError("bad_shape", "'events' must be a non-empty array", 400)
        if len(events) > MAX_BATCH:
            raise EventError("batch_too_large", f"a batch holds at most {MAX_BATCH} events, "
                             f"not {len(events)}", 413)
        return events, True
    if isinstance(data, dict):
        return [data], False
    raise EventError("bad_shape", "the body must be one event object or {\"events\": [...]}", 400)


# -- documentation -----------------------------------------------------------------------------


def _type_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "string", int: "integer", type(None): "null"}
    return " or ".join(names[k] for k in kinds)


def field_table() -> str:
    """The wire-format field table of docs/events.md, generated so the docs cannot drift."""
    lines = ["| field | type | required | limits / meaning |", "|---|---|---|---|"]
    for field in FIELDS:
        lines.append(f"| `{field.name}` | {_type_name(field.kind)} | "
                     f"{'yes' if field.required else 'no'} | {field.meaning} |")
    return "\n".join(lines)


def type_table() -> str:
    """The per-type table of docs/events.md (article, value, text per event type)."""
    lines = ["| type | `article` | `value` | `text` |", "|---|---|---|---|"]
    for kind in TYPES.values():
        lines.append(f"| `{kind.name}` | {kind.article} | {kind.value} | {kind.text} |")
    return "\n".join(lines)

"""Where events come from: the collector's SQLite store, or exported JSON Lines / CSV files.

Both end up as an SQLite table `events` with the stored columns (docs/events.md), so one set of
queries (`aggregate`) serves both. Files are loaded into a temporary database; a line that is not
an event at all (bad JSON, wrong CSV shape, oversized) goes to the quarantine file with its line
number, and rows that are events but break the contract are caught later by `PROBLEM_SQL`, the
same rule for files and stores.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from helpcenter.events import REASONS, SEARCH_OUTCOMES, TYPES, VOTES
from helpcenter.store import COLUMNS, StoreError, is_postgres_url, iso_utc, parse_db_url
from helpcenter.store import open_store as open_event_store

EVENT_TYPES = tuple(TYPES)
ARTICLE_TYPES = tuple(name for name, kind in TYPES.items() if kind.article == "required")
TEXT_TYPES = tuple(name for name, kind in TYPES.items() if kind.text_required)
MAX_ID = 200
MAX_LINE_BYTES = 64 * 1024
MAX_RESULTS = 999_999_999  # a search's result count: nine digits, as in CSV files
QUARANTINED_CHARS = 500  # each quarantined value (and raw line) is cut to this many characters
BOM = b"\xef\xbb\xbf"
BATCH = 20_000
REQUIRED = ("event_id", "type", "received_at", "session", "locale")
CANONICAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_VALUE_RULES = {
    "vote": (VOTES, "vote value is not yes or no"),
    "reason": (REASONS, "unknown reason"),
    "effort": (("1", "2", "3", "4", "5"), "effort is not 1 to 5"),
    "search": (SEARCH_OUTCOMES, "unknown search outcome"),
}


BLOB_PROBLEM = "binary data (BLOB) where text is expected"
UTF8_PROBLEM = "text that is not valid UTF-8"
#: Columns a row of the store may hold (all of them checked for UTF-8 on the slow path).
STORED_COLUMNS = ("type", "received_at", "session", "article", "locale", "build", "url", "value",
                  "text", "results", "source")


def is_blob(column: str) -> str:
    """SQL true for a BLOB: every BLOB sorts at or above the empty one, all text and numbers
    below it (a comparison costs far less per row than typeof())."""
    return f"{column} >= x''"


def _rules_for(name: str) -> list[tuple[str, str]]:
    """(SQL condition, problem) pairs for rows of one event type, in the order checked."""
    kind = TYPES[name]
    rules = []
    if kind.text_required or kind.text_limit:
        rules.append((is_blob("text"), BLOB_PROBLEM))
    if name == "contact_click":
        rules.append((is_blob("value"), BLOB_PROBLEM))
    if kind.article == "required":
        rules.append(("coalesce(article, '') = ''", "no article"))
    rules.append((f"length(article) > {MAX_ID}", "article id too long"))
    if name in _VALUE_RULES:
        allowed, problem = _VALUE_RULES[name]
        rules.append((f"coalesce(value, '') NOT IN {_in(allowed)}", problem))
    elif name == "contact_click":
        rules.append(("coalesce(value, '') = '' OR length(value) > 64", "no contact channel"))
    if kind.text_required:
        rules.append(("coalesce(text, '') = ''", "no text"))
    if kind.text_limit:
        rules.append((f"length(text) > {kind.text_limit}",
                      f"text longer than {kind.text_limit} characters"))
    if kind.results:
        rules.append(("results IS NOT NULL AND typeof(results) != 'integer'",
                      "results is not a whole number"))
    return rules


TIME_PATTERN = "'[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'"
TIME_PROBLEM = "received_at is not a UTC time like 2026-11-22T10:00:00.000Z"
#: True for a row whose time is not in the store's format (see TIME_PATTERN).
UNREADABLE_TIME = (f"(coalesce(received_at, '') NOT GLOB {TIME_PATTERN} "
                   f"OR {is_blob('received_at')})")


def _problem_sql(check_time: bool = True, check_utf8: bool = False) -> str:
    """One CASE: common checks, then only the checks of the row's own type (cheap per row).

    `check_utf8` adds a check by the `utf8_ok` function (`register_utf8_check`), for the rare
    store whose text is not UTF-8; it costs a Python call per row, so it is off by default.
    """
    # The columns every pass reads; a type's own text or value is checked with its type, a
    # BLOB type is an unknown type, and a BLOB `results` is not a whole number.
    blob = " OR ".join(is_blob(column) for column in ("session", "article", "locale"))
    lines = ["CASE", f"  WHEN {blob} THEN '{BLOB_PROBLEM}'"]
    if check_utf8:
        columns = ", ".join(f"CASE WHEN typeof({column}) = 'text' THEN CAST({column} AS BLOB) END"
                            for column in STORED_COLUMNS)  # BLOBs have their own rules
        lines.append(f"  WHEN NOT utf8_ok({columns}) THEN '{UTF8_PROBLEM}'")
    if check_time:
        lines.append(f"  WHEN {UNREADABLE_TIME} THEN '{TIME_PROBLEM}'")
    lines += ["  WHEN coalesce(session, '') = '' THEN 'no session'",
              "  WHEN instr(locale, char(31)) OR instr(article, char(31))"
              " THEN 'control character in article or locale'",
             "  WHEN coalesce(locale, '') = '' OR length(locale) > 35 THEN 'no usable locale'"]
    for name in EVENT_TYPES:
        inner = " ".join(f"WHEN {cond} THEN '{problem}'" for cond, problem in _rules_for(name))
        lines.append(f"  WHEN type = '{name}' THEN CASE {inner} END")
    lines += ["  ELSE 'unknown event type'", "END"]
    return "\n".join(lines)


#: Why a stored row cannot be used, or NULL when it can. One definition for stores and files.
PROBLEM_SQL = _problem_sql()
#: The same without the time check, for passes made after an index scan found every time good.
ROW_PROBLEM_SQL = _problem_sql(check_time=False)


def problem_sql(check_time: bool = True, check_utf8: bool = False) -> str:
    """PROBLEM_SQL or one of its variants (see `_problem_sql`)."""
    if not check_utf8:
        return PROBLEM_SQL if check_time else ROW_PROBLEM_SQL
    return _problem_sql(check_time, check_utf8)


def _utf8_ok(*values: bytes | None) -> bool:
    try:
        for value in values:
            if value is not None:
                value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def lossy_text(data: bytes) -> str:
    """Text from the database whatever its bytes: invalid UTF-8 becomes U+FFFD."""
    return data.decode("utf-8", "replace")


def register_utf8_check(connection: sqlite3.Connection) -> None:
    """Let `connection` read text that is not UTF-8 and check it with `utf8_ok` (slow path)."""
    connection.create_function("utf8_ok", -1, _utf8_ok, deterministic=True)
    connection.text_factory = lossy_text


def is_decode_error(exc: BaseException) -> bool:
    """Whether SQLite handed Python text it could not decode (a store with non-UTF-8 text)."""
    return isinstance(exc, sqlite3.OperationalError) and "decode" in str(exc)


class SourceError(ValueError):
    """The store or an event file cannot be read at all; the message names it."""


class Quarantine:
    """Rows that could not be used: counted by problem and written to a JSON Lines file.

    The file is only created when there is something to put in it, so a clean run leaves no
    stale quarantine behind (an old one in the same folder is removed).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.problems: Counter[str] = Counter()
        self._file: io.TextIOWrapper | None = None
        if path is not None and path.exists():
            path.unlink()

    @property
    def count(self) -> int:
        return sum(self.problems.values())

    def add(self, where: str, problem: str, row: dict | None = None,
            raw: str | None = None) -> None:
        self.problems[problem] += 1
        if self.path is None:
            return
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # A lone surrogate is written as its JSON escape (\ud800), not refused.
            self._file = self.path.open("w", encoding="utf-8", errors="backslashreplace")
        record: dict = {"where": bounded(where), "problem": bounded(problem)}
        if row is not None:
            record["row"] = {name: bounded(value) for name, value in row.items()}
        if raw is not None:
            record["raw"] = bounded(raw)
        self._file.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")

    def reset(self) -> None:
        """Forget the rows listed so far (when the rows are checked again from the start)."""
        self.close()
        self.problems.clear()
        if self.path is not None and self.path.exists():
            self.path.unlink()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def bounded(value: object) -> object:
    """A value as the quarantine file keeps it: text cut to QUARANTINED_CHARS, BLOBs described."""
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<binary data, {len(value):,} bytes>"
    if isinstance(value, str) and len(value) > QUARANTINED_CHARS:
        return value[:QUARANTINED_CHARS] + f"… (cut; {len(value):,} characters)"
    return value


@dataclass
class EventSource:
    """An open `events` table plus what was learned while opening it."""

    connection: sqlite3.Connection
    kind: str  # "store" or "files"
    description: str
    path: Path | None = None
    duplicates: int = 0
    lines: int = 0
    engine: str = "sqlite"  # or "postgresql": `connection` is then a psycopg connection
    _cleanup: list[Callable[[], None]] = field(default_factory=list)

    def where(self, seq: int, src: int | None = None, line: int | None = None) -> str:
        """Where a row came from, for the quarantine file."""
        if self.kind == "store":
            return f"{self.description} seq {seq}"
        names = self.description.split("\n")
        name = names[src] if src is not None and 0 <= src < len(names) else "?"
        return f"{name}:{line}"

    def close(self) -> None:
        self.connection.close()
        for step in self._cleanup:
            step()


def open_store(url: str | os.PathLike) -> EventSource:
    """Open the collector's store read-only (the collector may keep writing meanwhile).

    A PostgreSQL store is read in place: its passes run in the database (postgres_aggregate).
    """
    if is_postgres_url(url):
        from helpcenter_report.postgres_aggregate import open_postgres

        return open_postgres(str(url))
    try:
        open_event_store(url, readonly=True).close()  # refuses unknown versions with a sentence
        path = parse_db_url(url)
        connection = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True,
                                     check_same_thread=False)
        connection.execute("PRAGMA busy_timeout = 30000")
        connection.execute("SELECT 1 FROM events LIMIT 1").fetchall()
    except StoreError as exc:
        raise SourceError(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise SourceError(f"{url}: not a readable event store ({exc})") from None
    return EventSource(connection, "store", str(path), path=path)


def _temporary_database() -> tuple[sqlite3.Connection, Path, Callable[[], None]]:
    folder = tempfile.TemporaryDirectory(prefix="helpcenter-report-")
    path = Path(folder.name) / "events.sqlite3"
    connection = sqlite3.connect(path, check_same_thread=False)
    connection.executescript("""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY, event_id TEXT UNIQUE ON CONFLICT IGNORE, type TEXT,
            received_at TEXT, session TEXT, article TEXT, locale TEXT, build TEXT, url TEXT,
            value TEXT, text TEXT, results INTEGER, source TEXT, src INTEGER, line INTEGER);
    """)
    return connection, path, folder.cleanup


def canonical_time(value: str) -> str:
    """`received_at` in the store's format; other ISO 8601 spellings are converted to UTC.

    A time without offset is taken as UTC (exports of the store are UTC). Unparseable text is
    returned unchanged and quarantined by PROBLEM_SQL with a clear reason.
    """
    if CANONICAL_TIME.match(value):
        return value
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return iso_utc(moment)


def _cell(value: object, column: str) -> object:
    """One column of a file row as it would be stored; ValueError explains a wrong type."""
    if value is None:
        return None
    if column == "results":
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError("results must be a whole number")
        if isinstance(value, str):
            if value.strip() == "":
                return None
            if not re.fullmatch(r"\s*\d{1,9}\s*", value):
                raise ValueError("results must be a whole number")
            return int(value)
        if not 0 <= value <= MAX_RESULTS:
            raise ValueError(f"results is not a whole number from 0 to {MAX_RESULTS:,}")
        return value
    if column == "value" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"{column} must be text")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{column} holds a lone surrogate (not Unicode text)") from None
    if column == "received_at":
        return canonical_time(value)
    return value


def _row(record: dict) -> tuple:
    """Stored columns (without seq) from a JSON object or CSV row; ValueError if unusable."""
    if "event_id" not in record and "id" in record:
        record = {**record, "event_id": record["id"]}
    missing = [name for name in REQUIRED if record.get(name) in (None, "")]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    values = []
    for column in COLUMNS[1:]:
        value = record.get(column)
        if value == "" and column not in REQUIRED:
            value = None
        values.append(_cell(value, column))
    return tuple(values)


def _lines(handle: io.BufferedReader) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) with oversized lines replaced by None instead of being read whole."""
    number = 0
    while True:
        chunk = handle.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            while chunk and not chunk.endswith(b"\n"):  # skip the rest of the line
                chunk = handle.readline(MAX_LINE_BYTES)
            yield number, None
            continue
        yield number, chunk


def _jsonl_rows(handle, name: str, quarantine: Quarantine) -> Iterator[tuple[int, tuple]]:
    for number, chunk in _lines(handle):
        where = f"{name}:{number}"
        if chunk is None:
            quarantine.add(where, f"line longer than {MAX_LINE_BYTES // 1024} KB")
            continue
        if chunk.startswith(BOM):  # a byte-order mark (first line, or files joined with cat)
            chunk = chunk[len(BOM):]
        if not chunk.strip():
            continue
        try:
            text = chunk.decode("utf-8")
            record = json.loads(text)
        except UnicodeDecodeError:
            quarantine.add(where, "not UTF-8", raw=chunk.decode("utf-8", "replace"))
            continue
        except (json.JSONDecodeError, RecursionError):
            quarantine.add(where, "not valid JSON", raw=text)
            continue
        except ValueError:  # e.g. an integer over Python's 4,300-digit limit
            quarantine.add(where, "a number too long to read", raw=text)
            continue
        if not isinstance(record, dict):
            quarantine.add(where, "not a JSON object", raw=text)
            continue
        try:
            yield number, _row(record)
        except ValueError as exc:
            quarantine.add(where, str(exc), raw=text)


def _csv_rows(handle, name: str, quarantine: Quarantine) -> Iterator[tuple[int, tuple]]:
    decoded: list[int] = []  # line numbers of the physical lines handed to csv

    def text_lines() -> Iterator[str]:
        for number, chunk in _lines(handle):
            if chunk is None:
                quarantine.add(f"{name}:{number}", f"line longer than {MAX_LINE_BYTES // 1024} KB")
                continue
            try:
                line = chunk.decode("utf-8")
            except UnicodeDecodeError:
                quarantine.add(f"{name}:{number}", "not UTF-8",
                               raw=chunk.decode("utf-8", "replace"))
                continue
            decoded.append(number)
            yield line.replace("\0", "")

    csv.field_size_limit(MAX_LINE_BYTES)
    reader = csv.reader(text_lines())
    try:
        header: list[str] = []
        while not any(cell.strip() for cell in header):  # skip blank lines before the header
            header = [cell.strip().lstrip("\ufeff") for cell in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        raise SourceError(f"{name}:1: not a CSV header ({exc})") from None
    if "event_id" not in header and "id" in header:
        header = ["event_id" if cell == "id" else cell for cell in header]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise SourceError(f"{name}:1: the CSV header lacks {', '.join(missing)}; export the "
                          f"store's columns ({', '.join(COLUMNS)})")
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            quarantine.add(f"{name}:{decoded[-1] if decoded else '?'}", f"bad CSV ({exc})")
            continue
        number = decoded[-1] if decoded else 0
        if not cells or all(not cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            quarantine.add(f"{name}:{number}",
                           f"{len(cells)} cells where the header has {len(header)}",
                           raw=",".join(cells))
            continue
        try:
            yield number, _row(dict(zip(header, cells, strict=True)))
        except ValueError as exc:
            quarantine.add(f"{name}:{number}", str(exc), raw=",".join(cells))


def file_format(path: Path) -> str:
    """'jsonl' or 'csv', from the extension or else from the first character."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    with path.open("rb") as handle:
        start = handle.read(256).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if start.startswith(b"{") else "csv"


#: How files that are not exported events begin, and what to do instead.
NOT_AN_EXPORT = (
    (b"\x1f\x8b", "is gzip-compressed; decompress it first (gunzip)"),
    (b"PK\x03\x04", "is a zip archive; unzip it first"),
    (b"SQLite format 3\x00", "is an SQLite database, not an export; read it with --db sqlite:///{path}"),
    (b"\xff\xfe", "is UTF-16 text; export the events as UTF-8"),
    (b"\xfe\xff", "is UTF-16 text; export the events as UTF-8"),
)


def check_event_file(path: Path) -> None:
    """Refuse, with a sentence, a path that cannot hold exported events at all."""
    if path.is_dir():
        raise SourceError(f"--events {path}: is a folder; name the exported file")
    if not path.is_file():
        raise SourceError(f"--events {path}: no such file")
    try:
        with path.open("rb") as handle:
            start = handle.read(16)
    except OSError as exc:
        raise SourceError(f"--events {path}: cannot read ({exc.strerror or exc})") from None
    for magic, problem in NOT_AN_EXPORT:
        if start.startswith(magic):
            raise SourceError(f"--events {path}: {problem.format(path=path)}")


def load_files(paths: list[Path], quarantine: Quarantine,
               advance: Callable[[int], None] | None = None) -> EventSource:
    """Load exported event files into a temporary store; unusable lines go to `quarantine`."""
    for path in paths:
        check_event_file(path)
    connection, database, cleanup = _temporary_database()
    insert = ("INSERT INTO events (event_id, type, received_at, session, article, locale, build,"
              " url, value, text, results, source, src, line) VALUES "
              "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    total = kept = 0

    def reject(row: tuple, problem: str) -> None:
        nonlocal total
        total -= 1  # not a duplicate: counted as malformed instead
        values = dict(zip(COLUMNS[1:], row[:-2], strict=True))
        quarantine.add(f"{paths[row[-2]]}:{row[-1]}", problem, row=values)

    try:
        for index, path in enumerate(paths):
            reader = _jsonl_rows if file_format(path) == "jsonl" else _csv_rows
            with path.open("rb") as handle:
                batch: list[tuple] = []
                position = 0
                for number, row in reader(handle, str(path), quarantine):
                    batch.append((*row, index, number))
                    if len(batch) >= BATCH:
                        kept += _flush(connection, insert, batch, reject)
                        total += len(batch)
                        batch = []
                        if advance:
                            now = handle.tell()
                            advance(now - position)
                            position = now
                kept += _flush(connection, insert, batch, reject)
                total += len(batch)
                if advance:
                    advance(max(0, path.stat().st_size - position))
    except OSError as exc:
        connection.close()
        cleanup()
        raise SourceError(f"--events: cannot read ({exc.strerror or exc})") from None
    except BaseException:
        connection.close()
        cleanup()
        raise
    source = EventSource(connection, "files", "\n".join(str(p) for p in paths), path=database,
                         duplicates=total - kept, lines=total)
    source._cleanup.append(cleanup)
    return source


def _flush(connection: sqlite3.Connection, sql: str, batch: list[tuple],
           reject: Callable[[tuple, str], None]) -> int:
    """Insert a batch; if one row cannot be stored, insert the batch row by row and hand the
    rows that fail to `reject(row, problem)`, so one odd value never costs the others."""
    if not batch:
        return 0
    before = connection.total_changes
    try:
        with connection:
            connection.executemany(sql, batch)
    except (OverflowError, UnicodeEncodeError, sqlite3.InterfaceError, sqlite3.IntegrityError):
        before = connection.total_changes  # it counts the rows rolled back too
        with connection:
            for row in batch:
                try:
                    connection.execute(sql, row)
                except (OverflowError, UnicodeEncodeError, sqlite3.InterfaceError,
                        sqlite3.IntegrityError) as exc:
                    reject(row, f"cannot be stored ({type(exc).__name__})")
    return connection.total_changes - before

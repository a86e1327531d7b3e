"""Count everything the report needs with a few GROUP BY queries inside SQLite.

Python never sees individual events (except comments and the rows it quarantines): SQLite scans
the typed columns and hands back a few thousand grouped rows. That is what keeps ten million
events within seconds and a flat memory profile (bench/report_bench.py, docs/benchmarks.md).

Periods: 0 is the previous period, 1 the current one. Votes follow the contract: the latest vote
per session, article and locale counts (a changed vote replaces the earlier one).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from helpcenter_report.period import Period
from helpcenter_report.sources import CANONICAL_TIME, PROBLEM_SQL, EventSource, Quarantine

COMMENTS_PER_ARTICLE = 5
#: Memory for SQLite's sorter per connection (KiB); two connections sort at once.
SORT_CACHE_KB = 256 * 1024
UNREADABLE_TIME = ("coalesce(received_at, '') NOT GLOB "
                   "'[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'")
#: Above this share of the table inside the window, a full scan beats the received_at index.
SCAN_SHARE = 0.3


@dataclass(frozen=True)
class Comment:
    at: str
    locale: str
    text: str


@dataclass
class Tallies:
    """Grouped counts for the previous (0) and current (1) period."""

    #: (period, article, locale) -> [yes, no] latest votes
    votes: dict[tuple[int, str, str], list[int]] = field(default_factory=dict)
    #: (week index, article) -> [yes, no]
    weekly: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    #: (period, article, locale) -> [sessions that voted or clicked contact, of them contacted]
    engaged: dict[tuple[int, str, str], list[int]] = field(default_factory=dict)
    #: (article, locale, reason) -> count, current period
    reasons: Counter = field(default_factory=Counter)
    #: (period, article, locale) -> [count, sum of effort scores]
    effort: dict[tuple[int, str, str], list[int]] = field(default_factory=dict)
    #: (period, article) -> comments
    comment_counts: Counter = field(default_factory=Counter)
    #: article -> newest comments of the current period
    comments: dict[str, list[Comment]] = field(default_factory=dict)
    #: (period, locale) -> [searches, zero-result searches]
    searches: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    #: (locale, query text) -> zero-result searches, current period
    zero_queries: Counter = field(default_factory=Counter)
    #: (period, channel) -> contact clicks (with or without an article)
    contact_clicks: Counter = field(default_factory=Counter)
    #: (period, article) -> {type: count}; (period, article) -> last received_at
    article_types: dict[tuple[int, str], Counter] = field(default_factory=dict)
    article_last: dict[tuple[int, str], str] = field(default_factory=dict)
    #: usable events per period
    events: list[int] = field(default_factory=lambda: [0, 0])
    #: locales seen per period
    locales: set[str] = field(default_factory=set)


def week_case(column: str, boundaries: list[str]) -> str:
    """SQL giving the index of the week containing `column` (boundaries are week starts)."""
    if not boundaries:
        return "0"
    for key in boundaries:
        if not CANONICAL_TIME.match(key):  # literals below must be our own timestamps
            raise ValueError(key)
    whens = " ".join(f"WHEN {column} < '{key}' THEN {i}" for i, key in enumerate(boundaries))
    return f"CASE {whens} ELSE {len(boundaries)} END"


class Aggregator:
    """Runs the report's queries against one EventSource for one period and the one before.

    Two heavy queries each sort about half of the rows (votes by visit; everything else by
    article and value); they run at the same time on two connections, since SQLite releases
    the GIL while it works. Rows that break the contract are counted on the way (PROBLEM_SQL)
    and only listed, in a third pass, when there are any.
    """

    def __init__(self, source: EventSource, period: Period, week_starts: list[str]) -> None:
        self.source = source
        self.db: sqlite3.Connection = source.connection
        self.current = period
        self.previous = period.previous()
        self.low = self.previous.start_key
        self.cur = period.start_key
        self.high = period.end_key
        # week_starts[0] opens bucket 0; later starts are boundaries between buckets.
        self.week_starts = week_starts
        self.in_window = self._window_predicate()
        self.problems: Counter = Counter()

    def _window_predicate(self) -> str:
        use_index = True
        try:
            total = self.db.execute("SELECT max(seq) FROM events").fetchone()[0] or 0
            inside = self.count_window()
            use_index = total == 0 or inside / total < SCAN_SHARE
        except sqlite3.DatabaseError:
            pass
        column = "received_at" if use_index else "+received_at"  # '+' turns the index off
        return f"{column} >= :low AND {column} < :high"

    def count_window(self) -> int:
        return self.db.execute(
            "SELECT count(*) FROM events WHERE received_at >= ? AND received_at < ?",
            (self.low, self.high)).fetchone()[0]

    @property
    def params(self) -> dict:
        return {"low": self.low, "cur": self.cur, "high": self.high}

    def _connection(self) -> sqlite3.Connection:
        connection = self.source.connect()
        # Room for SQLite's sorter to stay in memory (per connection; the budget is ~1 GB).
        connection.execute(f"PRAGMA cache_size = -{SORT_CACHE_KB}")
        return connection

    def run(self, tallies: Tallies, quarantine: Quarantine,
            step: Callable[[str], None] | None = None) -> Tallies:
        """Fill `tallies`; call `step(label)` after each query (the progress bar)."""
        votes_db, events_db = self._connection(), self._connection()

        def other_queries() -> None:
            self.count_unreadable_times(events_db)
            self.count_events(tallies, events_db)
            self.read_comments(tallies, events_db)
            self.read_searches(tallies, events_db)

        if votes_db is events_db:  # a source that cannot be opened twice: one after the other
            self.count_votes(tallies, votes_db)
            other_queries()
        else:
            with ThreadPoolExecutor(max_workers=2) as pool:
                votes = pool.submit(self.count_votes, tallies, votes_db)
                others = pool.submit(other_queries)
                others.result()
                if step:
                    step("counting events")
                votes.result()
        if step:
            step("deduplicating votes")
        if self.problems:
            self.quarantine(quarantine)
        if step:
            step("checking rows")
        return tallies

    def quarantine(self, quarantine: Quarantine) -> None:
        """List the rows that break the contract: in the window, or with an unreadable time."""
        sql = f"""
            SELECT seq, {', '.join(self._columns())}, problem FROM (
              SELECT *, {PROBLEM_SQL} AS problem FROM events
              WHERE ({self.in_window}) OR {UNREADABLE_TIME})
            WHERE problem IS NOT NULL ORDER BY seq"""
        names = ["seq", *self._columns()]
        for row in self.db.execute(sql, self.params):
            record = dict(zip(names, row[:-1], strict=True))
            src, line = record.pop("src", None), record.pop("line", None)
            quarantine.add(self.source.where(record["seq"], src, line), row[-1], row=record)

    def count_unreadable_times(self, db: sqlite3.Connection | None = None) -> None:
        """Rows outside the window whose time cannot be read (so no window would ever hold
        them); the store's received_at index makes this an index-only scan."""
        n = (db or self.db).execute(
            f"SELECT count(*) FROM events WHERE {UNREADABLE_TIME} "
            "AND NOT (received_at >= :low AND received_at < :high)", self.params).fetchone()[0]
        if n:
            self.problems["received_at is not a UTC time like 2026-11-22T10:00:00.000Z"] += n

    def _columns(self) -> list[str]:
        names = [r[1] for r in self.db.execute("PRAGMA table_info(events)")]
        return [n for n in names if n != "seq"]

    def count_events(self, t: Tallies, db: sqlite3.Connection | None = None) -> None:
        """Every event but votes, grouped by period, type, article, locale and value."""
        sql = f"""
            SELECT received_at >= :cur, type, article, locale,
                   CASE WHEN type = 'comment' THEN NULL ELSE value END, problem,
                   count(*), max(received_at),
                   sum(type = 'search' AND (value = 'no_results' OR results = 0))
            FROM (SELECT *, {PROBLEM_SQL} AS problem FROM events
                  WHERE {self.in_window} AND coalesce(type, '') != 'vote')
            GROUP BY 1, 2, 3, 4, 5, 6"""
        for p, kind, article, locale, value, problem, n, last, zero in (db or self.db).execute(
                sql, self.params):
            if problem is not None:
                self.problems[problem] += n
                continue
            t.events[p] += n
            t.locales.add(locale)
            if article:
                self._seen(t, p, article, kind, n, last)
            if kind == "reason" and p == 1:
                t.reasons[(article, locale, value)] += n
            elif kind == "effort":
                cell = t.effort.setdefault((p, article, locale), [0, 0])
                cell[0] += n
                cell[1] += n * int(value)
            elif kind == "comment":
                t.comment_counts[(p, article)] += n
            elif kind == "search":
                cell = t.searches.setdefault((p, locale), [0, 0])
                cell[0] += n
                cell[1] += zero or 0
            elif kind == "contact_click":
                t.contact_clicks[(p, value)] += n

    @staticmethod
    def _seen(t: Tallies, p: int, article: str, kind: str, n: int, last: str) -> None:
        types = t.article_types.setdefault((p, article), Counter())
        types[kind] += n
        if last > t.article_last.get((p, article), ""):
            t.article_last[(p, article)] = last

    def count_votes(self, t: Tallies, db: sqlite3.Connection | None = None) -> None:
        """Latest vote per visit (session), article and locale, and whether that visit clicked
        a contact channel on the article. Malformed votes are counted, not used."""
        sql = f"""
            SELECT article, locale, problem, last_at >= :cur,
                   {week_case('last_at', self.week_starts[1:])},
                   vote_key % 2, contacted, count(*), sum(votes)
            FROM (
              SELECT article, locale, problem, max(received_at) AS last_at,
                     max(CASE WHEN type = 'vote' THEN seq * 2 + (value = 'yes') END) AS vote_key,
                     max(type = 'contact_click') AS contacted, sum(type = 'vote') AS votes
              FROM (SELECT session, article, locale, type, value, seq, received_at,
                           CASE WHEN type = 'vote' THEN {PROBLEM_SQL} END AS problem
                    FROM events
                    WHERE {self.in_window} AND (type = 'vote' OR (type = 'contact_click'
                          AND article IS NOT NULL AND ({PROBLEM_SQL}) IS NULL)))
              GROUP BY session, article, locale, problem)
            GROUP BY 1, 2, 3, 4, 5, 6, 7"""
        problems: Counter = Counter()
        for article, locale, problem, p, week, yes, contacted, n, votes in (db or self.db).execute(
                sql, self.params):
            if problem is not None:
                problems[problem] += votes
                continue
            t.events[p] += votes
            t.locales.add(locale)
            if votes:
                self._seen(t, p, article, "vote", votes, "")
            engaged = t.engaged.setdefault((p, article, locale), [0, 0])
            engaged[0] += n
            engaged[1] += n if contacted else 0
            if yes is None:
                continue
            column = 0 if yes else 1
            t.votes.setdefault((p, article, locale), [0, 0])[column] += n
            t.weekly.setdefault((week, article), [0, 0])[column] += n
        self.problems.update(problems)

    def read_comments(self, t: Tallies, db: sqlite3.Connection | None = None) -> None:
        sql = f"""
            SELECT article, received_at, locale, text FROM (
              SELECT article, received_at, locale, text, row_number() OVER (
                PARTITION BY article ORDER BY received_at DESC, seq DESC) AS n
              FROM events WHERE type = 'comment' AND {self.in_window} AND received_at >= :cur
                AND ({PROBLEM_SQL}) IS NULL)
            WHERE n <= {COMMENTS_PER_ARTICLE} ORDER BY article, n"""
        grouped: dict[str, list[Comment]] = defaultdict(list)
        for article, at, locale, text in (db or self.db).execute(sql, self.params):
            grouped[article].append(Comment(at, locale, text))
        t.comments = dict(grouped)

    def read_searches(self, t: Tallies, db: sqlite3.Connection | None = None) -> None:
        sql = f"""
            SELECT locale, text, count(*) FROM events
            WHERE type = 'search' AND {self.in_window} AND received_at >= :cur
              AND (value = 'no_results' OR results = 0) AND ({PROBLEM_SQL}) IS NULL
            GROUP BY 1, 2"""
        for locale, text, n in (db or self.db).execute(sql, self.params):
            t.zero_queries[(locale, text)] += n

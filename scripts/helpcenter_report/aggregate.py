"""Count everything the report needs in two streaming passes over the events table.

SQLite scans the typed columns and evaluates the row checks; Python counts with hash tables
(`collections.Counter`, a dict keyed by visit), which on 10 M rows is about twice as fast as
SQLite's sort-based GROUP BY and needs no temporary files. The vote pass, the heavier one, runs
in a second process when the window is large, so both cores work (bench/report_bench.py,
docs/benchmarks.md).

Periods: 0 is the previous period, 1 the current one. Votes follow the contract: the latest vote
per session, article and locale counts (a changed vote replaces the earlier one). Visits are
keyed by a 64-bit hash of session, article and locale; two different visits sharing a hash (odds
about 1 in a million per ten million events) would merge into one.
"""

from __future__ import annotations

import datetime as dt
import heapq
import multiprocessing
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from helpcenter_report.period import Period
from helpcenter_report.sources import (
    CANONICAL_TIME,
    TIME_PROBLEM,
    UNREADABLE_TIME,
    EventSource,
    Quarantine,
    is_decode_error,
    lossy_text,
    problem_sql,
    register_utf8_check,
)

COMMENTS_PER_ARTICLE = 5
#: Above this share of the table inside the window, a full scan beats the received_at index.
SCAN_SHARE = 0.3
#: Below this many rows in the window a second process costs more than it saves.
PARALLEL_ROWS = 300_000
BUCKET_BITS = 12  # week bucket (week * 2 + period) < 4096: 2047 weeks, far beyond --since's limit


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
    #: (period, locale) -> [searches, zero-result searches], from the site's search box
    searches: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    #: (locale, query text) -> zero-result searches on the site, current period
    zero_queries: Counter = field(default_factory=Counter)
    #: the same two for searches assistants made through `helpcenter mcp` (source "assistant")
    assistant_searches: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    assistant_zero_queries: Counter = field(default_factory=Counter)
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
    """SQL giving the index of the week containing `column` (boundaries are week starts).

    A binary search written as nested CASEs: about log2(weeks) comparisons per row, so a
    ten-year report costs hardly more per row than a monthly one.
    """
    for key in boundaries:
        if not CANONICAL_TIME.match(key):  # literals below must be our own timestamps
            raise ValueError(key)

    def search(first: int, last: int) -> str:  # index in first..last, boundaries[first:last]
        if first == last:
            return str(first)
        middle = (first + last + 1) // 2
        return (f"CASE WHEN {column} < '{boundaries[middle - 1]}' THEN {search(first, middle - 1)}"
                f" ELSE {search(middle, last)} END")

    return search(0, len(boundaries))


def vote_pass(path: str | None, sql: str, params: dict,
              connection: sqlite3.Connection | None = None) -> tuple[dict, Counter, Counter]:
    """Latest vote per visit, and whether the visit clicked contact on the article.

    Rows arrive in arrival order (seq), so the last vote seen for a visit is its latest. The state
    of a visit is one integer: (article/locale code, latest week bucket, contacted, voted, yes).
    Returns ({code: (article, locale)}, Counter of states, Counter of vote problems) — small
    enough to send back from another process.
    """
    db = connection or sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    codes: dict[str, int] = {}
    visits: dict[int, int] = {}
    problems: Counter = Counter()
    get = visits.get
    shift = BUCKET_BITS + 3
    low = (1 << shift) - 1  # bucket << 3 | flags
    try:
        # bf = week bucket << 3 | flags (4 contact clicked, 2 voted, 1 yes)
        for key, pair, bf, problem in db.execute(sql, params):
            if problem is not None:
                if bf & 2:  # contact clicks are counted by the other pass
                    problems[problem] += 1
                continue
            h = hash(key)
            old = get(h)
            if old is None:
                code = codes.get(pair)
                if code is None:
                    code = codes[pair] = len(codes)
                visits[h] = (code << shift) | bf
                continue
            bucket = max(bf, old & low) >> 3
            flags = (old & 4) | (bf & 7) if bf & 2 else (old & 7) | 4
            visits[h] = (old >> shift << shift) | (bucket << 3) | flags
    finally:
        if connection is None:
            db.close()
    states = Counter(visits.values())
    del visits
    pairs = {code: tuple(pair.split("\x1f", 1)) for pair, code in codes.items()}
    return pairs, states, problems


class Aggregator:
    """Runs the report's passes against one EventSource for one period and the one before.

    Pass 1 (votes and contact clicks, by visit) and pass 2 (every other event, by article,
    locale and value) each read the table once; PROBLEM_SQL is evaluated on the way, so malformed
    rows are counted and skipped in the same pass, and listed for the quarantine file only when
    there are any.
    """

    def __init__(self, source: EventSource, period: Period, week_starts: list[str],
                 known_articles: set[str] | frozenset[str] = frozenset()) -> None:
        self.source = source
        self.known_articles = known_articles
        self.db: sqlite3.Connection = source.connection
        self.current = period
        self.previous = period.previous()
        self.low = self.previous.start_key
        self.cur = period.start_key
        self.high = period.end_key
        # week_starts[0] opens bucket 0; later starts are boundaries between buckets.
        self.week_starts = week_starts
        self.inside = 0
        self.outside = 1
        self.in_window = self._window_predicate()
        self.problems: Counter = Counter()
        #: Check every row's text for UTF-8 (slow; only once a store turned out to need it).
        self.check_utf8 = False
        self.row_problem = self.problem_sql

    @property
    def problem_sql(self) -> str:
        """Why a row is unusable (SQL), every check included."""
        return problem_sql(check_utf8=self.check_utf8)

    def check_times(self) -> None:
        """Count rows whose time is unreadable, in one scan of the received_at index (or the
        table): outside the window they are only counted here; when there are none inside, the
        passes can skip the per-row time check."""
        inside, outside = self.unreadable_times()
        if outside:
            self.problems[TIME_PROBLEM] += outside
        self.row_problem = self.row_problem_sql(check_time=bool(inside))

    def unreadable_times(self) -> tuple[int, int]:
        """How many rows have an unreadable time, inside and outside the window."""
        counts = dict(self.db.execute(
            f"SELECT received_at >= :low AND received_at < :high, count(*) FROM events "
            f"WHERE {UNREADABLE_TIME} GROUP BY 1", self.params).fetchall())
        return sum(n for w, n in counts.items() if w), sum(n for w, n in counts.items() if not w)

    def row_problem_sql(self, check_time: bool) -> str:
        """Why a row is unusable (SQL), with the per-row time check only when it is needed."""
        return problem_sql(check_time=check_time, check_utf8=self.check_utf8)

    def _window_predicate(self) -> str:
        use_index = True
        self.last_seq = self.db.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
        try:
            total = self.db.execute("SELECT count(*) FROM events").fetchone()[0]
            self.inside = self.count_window()
            self.outside = total - self.inside
            use_index = total == 0 or self.inside / total < SCAN_SHARE
        except sqlite3.DatabaseError:
            pass
        column = "received_at" if use_index else "+received_at"  # '+' turns the index off
        # Rows the collector adds while the report runs are left out, so that the passes (one
        # of them in another process, with its own snapshot) all count the same rows.
        return f"{column} >= :low AND {column} < :high AND seq <= :last"

    def count_window(self) -> int:
        return self.db.execute(
            "SELECT count(*) FROM events WHERE received_at >= ? AND received_at < ?",
            (self.low, self.high)).fetchone()[0]

    @property
    def params(self) -> dict:
        return {"low": self.low, "cur": self.cur, "high": self.high, "last": self.last_seq}

    def run(self, tallies: Tallies, quarantine: Quarantine,
            step: Callable[[str], None] | None = None) -> Tallies:
        """Fill `tallies`; call `step(label)` after each stage (the progress bar).

        A store whose text is not all UTF-8 (BLOBs cast to text, another program's writes) makes
        SQLite hand Python undecodable text: then everything is counted again from scratch, with
        every row's text checked, so those rows are quarantined instead of ending the report.
        """
        try:
            return self._run(tallies, quarantine, step)
        except sqlite3.OperationalError as exc:
            if self.check_utf8 or not is_decode_error(exc):
                raise
        self.check_utf8 = True
        register_utf8_check(self.db)
        self.problems = Counter()
        quarantine.reset()
        return self._run(Tallies(), quarantine, step)

    def _run(self, tallies: Tallies, quarantine: Quarantine,
             step: Callable[[str], None] | None) -> Tallies:
        self.check_times()
        sql = self.vote_sql()
        path = str(self.source.path.resolve()) if self.source.path else None
        result = None
        counted = False

        def other_events() -> None:
            nonlocal counted
            self.count_events(tallies)
            counted = True
            if step:
                step("counted events")

        if path and self.inside >= PARALLEL_ROWS and not self.check_utf8:
            try:
                context = multiprocessing.get_context("spawn")
                with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                    votes = pool.submit(vote_pass, path, sql, self.params)
                    other_events()
                    result = votes.result()
            except (BrokenProcessPool, OSError):
                pass  # no second process here (e.g. a __main__ that cannot be re-imported)
        if not counted:
            other_events()
        if result is None:
            result = vote_pass(None, sql, self.params, connection=self.db)
        self.add_votes(tallies, *result)
        if step:
            step("counted votes")
        self.finish(tallies, quarantine)
        if step:
            step("checked rows")
        return tallies

    def finish(self, tallies: Tallies, quarantine: Quarantine) -> None:
        """After the counts: when articles the manifest does not know were last seen, and the
        rows that could not be counted set aside. The same for every store."""
        unknown = sorted({a for (_, a) in tallies.article_types} - set(self.known_articles))
        self.last_seen(tallies, unknown)
        if self.problems:
            self.quarantine(quarantine)

    def vote_sql(self) -> str:
        bucket = (f"({week_case('received_at', self.week_starts[1:])}) * 2 "
                  "+ (received_at >= :cur)")
        return f"""
            SELECT session || char(31) || article || char(31) || locale,
                   article || char(31) || locale,
                   ({bucket}) * 8 + CASE WHEN type = 'vote' THEN 2 + (value = 'yes') ELSE 4 END,
                   {self.row_problem}
            FROM events
            WHERE {self.in_window} AND (type = 'vote'
                  OR (type = 'contact_click' AND article IS NOT NULL))
            ORDER BY seq"""

    def add_votes(self, t: Tallies, pairs: dict, states: Counter, problems: Counter) -> None:
        self.problems.update(problems)
        mask = (1 << BUCKET_BITS) - 1
        for state, n in states.items():
            code, bucket, flags = state >> (BUCKET_BITS + 3), (state >> 3) & mask, state & 7
            article, locale = pairs[code]
            p, week = bucket & 1, bucket >> 1
            t.locales.add(locale)
            engaged = t.engaged.setdefault((p, article, locale), [0, 0])
            engaged[0] += n
            engaged[1] += n if flags & 4 else 0
            if flags & 2:  # a vote (counted once per visit, as the contract says)
                t.events[p] += n
                t.article_types.setdefault((p, article), Counter())["vote"] += n
                column = 0 if flags & 1 else 1
                t.votes.setdefault((p, article, locale), [0, 0])[column] += n
                t.weekly.setdefault((week, article), [0, 0])[column] += n

    def quarantine(self, quarantine: Quarantine) -> None:
        """List rows that break the contract: in the window, or with an unreadable time."""
        columns = ", ".join(self._columns())
        sqls = [f"""SELECT seq, {columns}, problem FROM (
                      SELECT *, {self.problem_sql} AS problem FROM events WHERE {self.in_window})
                    WHERE problem IS NOT NULL ORDER BY seq"""]
        if self.outside:  # rows outside the window are only looked at for their time
            sqls.append(f"""SELECT seq, {columns}, '{TIME_PROBLEM}' FROM events
                            WHERE {UNREADABLE_TIME}
                            AND NOT (received_at >= :low AND received_at < :high)
                            ORDER BY seq""")
        names = ["seq", *self._columns()]
        factory, self.db.text_factory = self.db.text_factory, lossy_text  # rows with odd text
        try:
            for sql in sqls:
                for row in self.db.execute(sql, self.params):
                    record = dict(zip(names, row[:-1], strict=True))
                    src, line = record.pop("src", None), record.pop("line", None)
                    problem = " ".join(row[-1].split())
                    quarantine.add(self.source.where(record["seq"], src, line), problem,
                                   row=record)
        finally:
            self.db.text_factory = factory

    def rejections(self) -> dict[str, int]:
        """Events the collector refused in the period (counted per UTC day, never stored),
        by reason; empty for exported files, which carry no such counts."""
        # Counts are kept per UTC day: take the UTC days the period touches.
        last_day = (self.current.end - dt.timedelta(milliseconds=1)).date().isoformat()
        factory, self.db.text_factory = self.db.text_factory, lossy_text
        try:
            rows = self.db.execute(
                "SELECT reason, sum(count) FROM rejections WHERE day >= ? AND day <= ? "
                "AND typeof(reason) = 'text' GROUP BY reason ORDER BY 2 DESC, 1",
                (self.cur[:10], last_day)).fetchall()
        except sqlite3.DatabaseError:  # no such table (files, or an older store)
            return {}
        finally:
            self.db.text_factory = factory
        return {reason[:100]: int(n) for reason, n in rows if isinstance(n, int) and n > 0}

    def _columns(self) -> list[str]:
        names = [r[1] for r in self.db.execute("PRAGMA table_info(events)")]
        return [n for n in names if n != "seq"]

    def count_events(self, t: Tallies) -> None:
        """Every event but votes, counted by period, type, article, locale, value and, for
        zero-result searches, the query; the newest comments of each article on the way."""
        sql = f"""
            SELECT received_at >= :cur, type, article, locale,
                   CASE WHEN type = 'comment' THEN NULL ELSE value END,
                   CASE WHEN type = 'search' AND (value IN ('no_results', 'partial') OR results = 0)
                        THEN text END,
                   CASE WHEN type = 'comment' AND received_at >= :cur THEN received_at END,
                   CASE WHEN type = 'comment' AND received_at >= :cur THEN seq END,
                   CASE WHEN type = 'search' AND source = 'assistant' THEN 1 ELSE 0 END,
                   {self.row_problem}
            FROM events WHERE {self.in_window} AND coalesce(type, '') != 'vote'"""
        self.tally_events(t, Counter(self.db.execute(sql, self.params)))

    def tally_events(self, t: Tallies, groups: Counter) -> None:
        """Add grouped events ((p, type, article, locale, value, query, at, seq, assistant,
        problem) -> n) to `t`; `at` and `seq` mark the current period's comments, for the newest
        ones; `assistant` is 1 for searches made through `helpcenter mcp`."""
        newest: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for (p, kind, article, locale, value, query, at, seq, assistant, problem), n in \
                groups.items():
            if problem is not None:
                self.problems[problem] += n
                continue
            t.events[p] += n
            t.locales.add(locale)
            if article:
                types = t.article_types.setdefault((p, article), Counter())
                types[kind] += n
            if kind == "reason" and p == 1:
                t.reasons[(article, locale, value)] += n
            elif kind == "effort":
                cell = t.effort.setdefault((p, article, locale), [0, 0])
                cell[0] += n
                cell[1] += n * int(value)
            elif kind == "comment":
                t.comment_counts[(p, article)] += n
                if seq is not None:
                    newest[article].append((at, seq))
            elif kind == "search":
                searches, zero = ((t.assistant_searches, t.assistant_zero_queries) if assistant
                                  else (t.searches, t.zero_queries))
                cell = searches.setdefault((p, locale), [0, 0])
                cell[0] += n
                if query is not None:
                    cell[1] += n
                    if p == 1:
                        zero[(locale, query)] += n
            elif kind == "contact_click":
                t.contact_clicks[(p, value)] += n
        self.read_comments(t, {article: heapq.nlargest(COMMENTS_PER_ARTICLE, marks)
                               for article, marks in newest.items()})

    def last_seen(self, t: Tallies, articles: list[str]) -> None:
        """When each of `articles` (ids missing from the manifest) last had an event."""
        if not articles:
            return
        marks = ", ".join("?" for _ in articles)
        sql = (f"SELECT article, received_at >= ?, max(received_at) FROM events "
               f"WHERE article IN ({marks}) AND received_at >= ? AND received_at < ? "
               f"AND ({self.problem_sql}) IS NULL GROUP BY 1, 2")
        for article, p, last in self.db.execute(sql, [self.cur, *articles, self.low, self.high]):
            t.article_last[(p, article)] = last

    def read_comments(self, t: Tallies, newest: dict[str, list[tuple[str, int]]]) -> None:
        """The text of the chosen comments, newest first, fetched by seq."""
        wanted = [seq for marks in newest.values() for _, seq in marks]
        rows: dict[int, tuple] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for seq, at, locale, text in self.db.execute(
                    f"SELECT seq, received_at, locale, text FROM events WHERE seq IN ({marks})",
                    chunk):
                rows[seq] = (at, locale, text)
        t.comments = {article: [Comment(*rows[seq]) for _, seq in marks if seq in rows]
                      for article, marks in sorted(newest.items())}

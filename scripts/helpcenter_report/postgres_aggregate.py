"""The report's passes run inside PostgreSQL: grouped counts come back, rows stay in the database.

Why: streaming 10 M rows out of a server costs more than letting it group them (it can use
both cores and its own hash tables). The answers are the same as the SQLite passes in
`aggregate` (tests/report/test_postgres.py compares report.json). The row checks are
`PROBLEM_SQL` translated to PostgreSQL, the latest vote per visit is chosen with
`max(seq * 2 + yes)`, and the newest comments with a window function.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from helpcenter.store import COLUMNS
from helpcenter.store.postgres import UNREADABLE_TIME as PG_UNREADABLE_TIME  # its partial index
from helpcenter.store.postgres import redact
from helpcenter_report.aggregate import (
    BUCKET_BITS,
    COMMENTS_PER_ARTICLE,
    Aggregator,
    Comment,
    Tallies,
    week_case,
)
from helpcenter_report.sources import (
    TIME_PATTERN,
    TIME_PROBLEM,
    EventSource,
    Quarantine,
    SourceError,
    problem_sql,
)

#: TIME_PATTERN (a GLOB) as a PostgreSQL regular expression: the same rows match.
TIME_REGEX = "'^" + TIME_PATTERN.strip("'").replace(
    "[0-9][0-9][0-9][0-9]", "[0-9]{4}").replace("*", ".*") + "$'"


def to_postgres(condition: str) -> str:
    """An SQLite row check (sources.PROBLEM_SQL and friends) in PostgreSQL's dialect.

    PostgreSQL's columns are typed: no BLOB hides in a text column, no text in `results`, and
    the server keeps every text valid UTF-8, so those checks are false there.
    """
    sql = condition.replace(f"NOT GLOB {TIME_PATTERN}", f"!~ {TIME_REGEX}")
    sql = re.sub(r"\b\w+ >= x''", "false", sql)
    sql = re.sub(r"instr\((\w+), char\(31\)\)", r"(strpos(\1, chr(31)) > 0)", sql)
    # `results` is an INTEGER column in PostgreSQL: never anything else.
    sql = sql.replace("results IS NOT NULL AND typeof(results) != 'integer'", "false")
    if re.search(r"GLOB|typeof|char\(|x''|utf8_ok", sql):  # a new SQLite-only check
        raise ValueError("a row check has no PostgreSQL translation yet")
    return sql


PG_PROBLEM_SQL = to_postgres(problem_sql())
PG_ROW_PROBLEM_SQL = to_postgres(problem_sql(check_time=False))
IN_WINDOW = "received_at >= %(low)s AND received_at < %(high)s"
WINDOW = f"{IN_WINDOW} AND seq <= %(last)s"


class PostgresAggregator(Aggregator):
    """`Aggregator` whose passes are GROUP BY queries in PostgreSQL (`source.connection` is a
    psycopg connection in one REPEATABLE READ transaction: every pass sees the same rows)."""

    def __init__(self, *args, **kwargs) -> None:
        import psycopg

        try:
            super().__init__(*args, **kwargs)
        except psycopg.Error as exc:
            raise self._unreadable(exc) from None

    def _unreadable(self, exc: BaseException) -> SourceError:
        """A database error as the one sentence the command line shows."""
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return SourceError(f"{self.source.description}: cannot read the events ({reason}); "
                           "check --db and that this role may SELECT from events and rejections")

    @property
    def problem_sql(self) -> str:
        return PG_PROBLEM_SQL

    def _window_predicate(self) -> str:
        """The rows whose time is unreadable, read from their own partial index (store
        migration 4), never by testing every row; nothing else needs a count of the table."""
        self.last_seq = self._one("SELECT coalesce(max(seq), 0) FROM events")
        window = {"low": self.low, "high": self.high}
        bad = dict(self.from_unreadable_time_index(
            f"SELECT {IN_WINDOW}, count(*) FROM events WHERE {PG_UNREADABLE_TIME} GROUP BY 1",
            window))
        self.unreadable = (bad.get(True, 0), bad.get(False, 0))
        return WINDOW

    def from_unreadable_time_index(self, sql: str, params: dict) -> list[tuple]:
        """Rows of a query on PG_UNREADABLE_TIME, read through the store's partial index. The
        planner guesses that a regex fails on most rows and would scan the table; the index
        (normally empty) answers it in a millisecond, so the scan is switched off for it."""
        self.db.execute("SET LOCAL enable_seqscan = off")
        rows = self.db.execute(sql, params).fetchall()   # on an error the transaction is
        self.db.execute("SET LOCAL enable_seqscan = on")  # lost anyway: keep its own message
        return rows

    def _one(self, sql: str, params: dict | None = None):
        return self.db.execute(sql, params or {}).fetchone()[0]

    @property
    def params(self) -> dict:
        return {"low": self.low, "cur": self.cur, "high": self.high,
                "last": getattr(self, "last_seq", 0)}

    def unreadable_times(self) -> tuple[int, int]:
        return self.unreadable  # counted by the census in _window_predicate

    def row_problem_sql(self, check_time: bool) -> str:
        return PG_PROBLEM_SQL if check_time else PG_ROW_PROBLEM_SQL

    def run(self, tallies: Tallies, quarantine: Quarantine,
            step: Callable[[str], None] | None = None) -> Tallies:
        import psycopg

        try:
            self.check_times()
            self.count_events(tallies)
            if step:
                step("counted events")
            self.count_votes(tallies)
            if step:
                step("counted votes")
            self.finish(tallies, quarantine)
        except psycopg.Error as exc:
            raise self._unreadable(exc) from None
        if step:
            step("checked rows")
        return tallies

    def count_votes(self, t: Tallies) -> None:
        """Latest vote per visit (session, article, locale), and whether it clicked contact."""
        bucket = (f"({week_case('received_at', self.week_starts[1:])}) * 2 "
                  "+ (received_at >= %(cur)s)::int")
        sql = f"""
            SELECT article, locale, bucket,
                   (CASE WHEN contacted THEN 4 ELSE 0 END)
                   + (CASE WHEN last_vote IS NULL THEN 0 ELSE 2 + last_vote %% 2 END), count(*)
            FROM (SELECT article, locale, max({bucket}) AS bucket,
                         bool_or(type = 'contact_click') AS contacted,
                         max(seq * 2 + (value = 'yes')::int) FILTER (WHERE type = 'vote')
                             AS last_vote
                  FROM events
                  WHERE {self.in_window} AND (type = 'vote'
                        OR (type = 'contact_click' AND article IS NOT NULL))
                        AND ({self.row_problem}) IS NULL
                  GROUP BY session, article, locale) AS visits
            GROUP BY 1, 2, 3, 4"""
        pairs: dict[int, tuple[str, str]] = {}
        codes: dict[tuple[str, str], int] = {}
        states: Counter = Counter()
        shift = BUCKET_BITS + 3  # the state layout add_votes reads
        for article, locale, week_bucket, flags, n in self.db.execute(sql, self.params):
            code = codes.setdefault((article, locale), len(codes))
            pairs[code] = (article, locale)
            states[(code << shift) | (week_bucket << 3) | flags] += n
        self.add_votes(t, pairs, states, Counter())

    def count_events(self, t: Tallies) -> None:
        """Every event but votes counted by group; vote rows only for their problems."""
        sql = f"""
            SELECT (received_at >= %(cur)s)::int, type, article, locale,
                   CASE WHEN type = 'comment' THEN NULL ELSE value END,
                   CASE WHEN type = 'search' AND (value IN ('no_results', 'partial') OR results = 0)
                        THEN text END,
                   CASE WHEN type = 'search' AND source = 'assistant' THEN 1 ELSE 0 END,
                   problem, count(*)
            FROM (SELECT *, {self.row_problem} AS problem FROM events
                  WHERE {self.in_window}) AS rows
            WHERE type <> 'vote' OR problem IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"""
        groups = Counter({(p, kind, article, locale, value, query, None, None, assistant,
                           problem): n
                          for p, kind, article, locale, value, query, assistant, problem, n
                          in self.db.execute(sql, self.params)})
        self.tally_events(t, groups)  # the newest comments: one query, below
        self.read_newest_comments(t)

    def read_newest_comments(self, t: Tallies) -> None:
        sql = f"""
            SELECT article, received_at, locale, text FROM (
                SELECT article, received_at, locale, text, row_number() OVER (
                    PARTITION BY article ORDER BY received_at DESC, seq DESC) AS n
                FROM events
                WHERE {self.in_window} AND type = 'comment' AND received_at >= %(cur)s
                      AND ({self.row_problem}) IS NULL) AS newest
            WHERE n <= {COMMENTS_PER_ARTICLE}
            ORDER BY article, received_at DESC, n"""
        comments: dict[str, list[Comment]] = {}
        for article, at, locale, text in self.db.execute(sql, self.params):
            comments.setdefault(article, []).append(Comment(at, locale, text))
        t.comments = comments

    def last_seen(self, t: Tallies, articles: list[str]) -> None:
        if not articles:
            return
        sql = (f"SELECT article, (received_at >= %(cur)s)::int, max(received_at) FROM events "
               f"WHERE article = ANY(%(articles)s) AND received_at >= %(low)s "
               f"AND received_at < %(high)s AND ({PG_PROBLEM_SQL}) IS NULL GROUP BY 1, 2")
        for article, p, last in self.db.execute(sql, {**self.params, "articles": articles}):
            t.article_last[(p, article)] = last

    def quarantine(self, quarantine: Quarantine) -> None:
        columns = ", ".join(COLUMNS[1:])
        params = {**self.params, "time_problem": TIME_PROBLEM}
        rows = self.db.execute(f"""SELECT seq, {columns}, problem FROM (
                      SELECT *, {self.problem_sql} AS problem FROM events WHERE {self.in_window})
                    AS rows WHERE problem IS NOT NULL ORDER BY seq""", params).fetchall()
        if self.unreadable[1]:  # rows outside the window are only looked at for their time
            rows += self.from_unreadable_time_index(
                f"""SELECT seq, {columns}, %(time_problem)s FROM events
                    WHERE {PG_UNREADABLE_TIME} AND NOT ({IN_WINDOW}) ORDER BY seq""", params)
        for row in rows:
            record = dict(zip(COLUMNS, row[:-1], strict=True))
            problem = " ".join(row[-1].split())
            quarantine.add(self.source.where(record["seq"]), problem, row=record)

    def rejections(self) -> dict[str, int]:
        import datetime as dt

        import psycopg

        last_day = (self.current.end - dt.timedelta(milliseconds=1)).date().isoformat()
        try:
            rows = self.db.execute(
                "SELECT reason, sum(count) FROM rejections WHERE day >= %s AND day <= %s "
                "GROUP BY reason ORDER BY 2 DESC, 1", (self.cur[:10], last_day)).fetchall()
        except psycopg.Error as exc:
            raise self._unreadable(exc) from None
        return {str(reason)[:100]: int(n) for reason, n in rows if n and n > 0}


def open_postgres(url: str) -> EventSource:
    """The store at `url`, read-only, in one REPEATABLE READ transaction (one snapshot for
    every pass, while the collectors keep writing)."""
    import psycopg

    from helpcenter.store import StoreError
    from helpcenter.store.postgres import PostgresEventStore

    try:
        PostgresEventStore.open(url, readonly=True, max_connections=1).close()  # the version
        connection = psycopg.connect(url, options="-c default_transaction_read_only=on",
                                     application_name="helpcenter-report", connect_timeout=5)
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    except StoreError as exc:
        raise SourceError(str(exc)) from None
    except psycopg.Error as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise SourceError(f"{redact(url)}: cannot read the events ({reason})") from None
    return EventSource(connection, "store", redact(url), engine="postgresql")

"""Fixtures for the report: a small hand-made manifest and a builder of real event stores.

`hand_events` is the fixture whose numbers the tests check by hand (see test_numbers.py for the
arithmetic). Everything is real: SQLite files written through the collector's EventStore.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from helpcenter.manifest import Manifest
from helpcenter.store import open_store
from tests.conftest import helpcenter

PERIOD = ("2026-11-01", "2026-11-30")  # 30 days; previous period 2026-10-02 … 2026-10-31


def make_manifest(**overrides) -> dict:
    def loc(url: str, title: str, fallback: bool = False, reviewed: str | None = None) -> dict:
        return {"url": url, "title": title, "description": "", "fallback": fallback,
                "source": "content/en" + url.replace("/ko/", "/").replace("/ja/", "/")[:-1]
                + ".md", "reviewed": reviewed}

    data = {
        "schema": "helpcenter.manifest", "version": 1, "build_id": "20261101T000000Z-abc",
        "built_at": "2026-11-01T00:00:00Z", "site_url": "", "default_locale": "en",
        "locales": [{"code": "en", "name": "English", "default": True, "url": "/"},
                    {"code": "ko", "name": "한국어", "default": False, "url": "/ko/"},
                    {"code": "ja", "name": "日本語", "default": False, "url": "/ja/"}],
        "categories": {
            "billing": {"order": 1, "locales": {"en": {"url": "/billing/", "title": "Billing",
                                                       "description": "", "fallback": False}}},
            "orders": {"order": 2, "locales": {"en": {"url": "/orders/", "title": "Orders",
                                                      "description": "", "fallback": False}}},
        },
        "articles": {
            "billing/refunds": {
                "category": "billing", "owner": "payments-team", "reviewed": "2026-01-10",
                "tags": [], "locales": {
                    "en": loc("/billing/refunds/", "Get a refund", reviewed="2026-01-10"),
                    "ko": loc("/ko/billing/refunds/", "환불 받기", reviewed="2025-12-01"),
                    "ja": loc("/ja/billing/refunds/", "Get a refund", True, "2026-01-10")}},
            "billing/invoices": {
                "category": "billing", "owner": "payments-team", "reviewed": "2026-11-01",
                "tags": [], "locales": {
                    "en": loc("/billing/invoices/", "Download an invoice", reviewed="2026-11-01"),
                    "ko": loc("/ko/billing/invoices/", "영수증 받기", reviewed="2026-11-01")}},
            "orders/track": {
                "category": "orders", "owner": "fulfilment-team", "reviewed": None,
                "tags": [], "locales": {
                    "en": loc("/orders/track/", "Track your order"),
                    "ko": loc("/ko/orders/track/", "배송 조회"),
                    "ja": loc("/ja/orders/track/", "配送状況の確認")}},
            "orders/quiet": {
                "category": "orders", "owner": "fulfilment-team", "reviewed": "2026-10-01",
                "tags": [], "locales": {"en": loc("/orders/quiet/", "A rarely read article")}},
        },
    }
    data.update(overrides)
    return data


@pytest.fixture
def manifest() -> Manifest:
    return Manifest(make_manifest())


@pytest.fixture
def site_dir(tmp_path) -> Path:
    """A site folder holding the hand-made manifest (for the command line)."""
    site = tmp_path / "site"
    (site / "helpcenter").mkdir(parents=True)
    (site / "helpcenter" / "manifest.json").write_text(json.dumps(make_manifest()),
                                                       encoding="utf-8")
    return site


class Events:
    """Builds stored rows tersely: `ev.vote("billing/refunds", "no", at="2026-11-03")`."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self._ids = itertools.count(1)
        self._sessions = itertools.count(1)

    def session(self) -> str:
        return f"session{next(self._sessions):06d}"

    def add(self, kind: str, *, at: str, session: str | None = None, locale: str = "en",
            article: str | None = None, value: str | None = None, text: str | None = None,
            results: int | None = None, **raw) -> str:
        session = session or self.session()
        when = at if "T" in at else f"{at}T12:00:00.000Z"
        row = {"event_id": f"event-{next(self._ids):012d}", "type": kind, "received_at": when,
               "session": session, "article": article, "locale": locale, "build": "b1",
               "url": None, "value": value, "text": text, "results": results}
        row.update(raw)
        self.rows.append(row)
        return session

    def votes(self, article: str, locale: str, yes: int, no: int, at: str) -> list[str]:
        sessions = []
        for value, n in (("yes", yes), ("no", no)):
            for _ in range(n):
                sessions.append(self.add("vote", at=at, locale=locale, article=article,
                                         value=value))
        return sessions

    def write(self, path: Path) -> str:
        url = f"sqlite:///{path}"
        with open_store(url) as store:
            store.insert_many(self.rows)
        return url


def hand_events() -> Events:
    """The events behind the hand-computed expectations in test_numbers.py."""
    ev = Events()
    cur, prev = "2026-11-03", "2026-10-12"
    # billing/refunds: en 10 yes + 10 no, ko 20 no -> 40 votes, 30 no.
    ev.votes("billing/refunds", "en", 10, 10, cur)
    ko_no = ev.votes("billing/refunds", "ko", 0, 20, "2026-11-10")
    for session in ko_no[:6]:  # 6 voters clicked a contact channel on the article
        ev.add("contact_click", at="2026-11-10", session=session, locale="ko",
               article="billing/refunds", value="kakaotalk")
    for _ in range(2):  # 2 more visits clicked contact without voting
        ev.add("contact_click", at="2026-11-10", locale="ko", article="billing/refunds",
               value="kakaotalk")
    for score in ("1", "2", "2", "3"):
        ev.add("effort", at=cur, article="billing/refunds", value=score)
    for locale, reason, n in (("ko", "unclear", 4), ("en", "unclear", 1), ("en", "missing", 3),
                              ("en", "inaccurate", 1)):
        for _ in range(n):
            ev.add("reason", at=cur, locale=locale, article="billing/refunds", value=reason)
    comments = ["first", "second", "third", "<script>window.__pwned = 1</script>",
                '<img src=x onerror="window.__pwned = 1">', "=HYPERLINK(\"x\")",
                "@support please call me at [phone]"]
    for day, text in enumerate(comments, start=11):
        ev.add("comment", at=f"2026-11-{day}", locale="en", article="billing/refunds", text=text)
    # billing/invoices: en 45 yes + 15 no, ko 25 yes + 15 no -> 100 votes, 30 no.
    ev.votes("billing/invoices", "en", 45, 15, "2026-11-17")
    invoice_ko = ev.votes("billing/invoices", "ko", 25, 15, "2026-11-17")
    for session in invoice_ko[:10]:
        ev.add("contact_click", at="2026-11-17", session=session, locale="ko",
               article="billing/invoices", value="kakaotalk")
    for score in ("4", "5"):
        ev.add("effort", at="2026-11-17", article="billing/invoices", value=score)
    # orders/track: 10 yes + 10 no, one of the yes voters first said no (only the last counts).
    changed = ev.add("vote", at="2026-11-24T11:00:00.000Z", article="orders/track", value="no")
    ev.add("vote", at="2026-11-24T11:05:00.000Z", session=changed, article="orders/track",
           value="yes")
    ev.votes("orders/track", "en", 9, 10, "2026-11-24")
    # orders/quiet: 5 no, below the minimum sample.
    ev.votes("orders/quiet", "en", 0, 5, "2026-11-05")
    # An article that was deleted: 1 yes, 2 no, 1 comment.
    ev.votes("billing/old-policy", "en", 1, 2, "2026-11-06")
    ev.add("comment", at="2026-11-06", article="billing/old-policy", text="where did it go?")
    # Searches: en 6 + 2 zero-result and 4 no-click; ko 3 zero-result.
    for text, n in (("Gift wrap", 3), ("gift  wrap!", 2), ("wrap gift", 1), ("price match", 2)):
        for _ in range(n):
            ev.add("search", at=cur, value="no_results", text=text, results=0)
    for _ in range(4):
        ev.add("search", at=cur, value="no_click", text="refund", results=3)
    for text, n in (("선물 포장", 2), ("선물포장", 1)):
        for _ in range(n):
            ev.add("search", at=cur, locale="ko", value="no_results", text=text, results=0)
    for _ in range(3):  # contact page clicks, no article
        ev.add("contact_click", at=cur, value="email")
    # Previous period: refunds 10 yes + 10 no, invoices 40 yes + 10 no; 10 searches, 2 zero.
    ev.votes("billing/refunds", "en", 10, 10, prev)
    ev.votes("billing/invoices", "en", 40, 10, prev)
    for outcome, n in (("no_results", 2), ("no_click", 8)):
        for _ in range(n):
            ev.add("search", at=prev, value=outcome, text="invoice",
                   results=0 if outcome == "no_results" else 1)
    # Outside both periods: ignored.
    ev.votes("billing/refunds", "en", 0, 50, "2026-09-01")
    return ev


@pytest.fixture
def hand_store(tmp_path) -> str:
    return hand_events().write(tmp_path / "events.sqlite3")


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="session")
def demo_report_dir(demo_site, tmp_path_factory) -> Path:
    """The report over 20 000 demo events for the real demo content, made with the real CLI."""
    folder = tmp_path_factory.mktemp("demo-report")
    db = f"sqlite:///{folder / 'events.sqlite3'}"
    made = helpcenter("demo-events", "--count", "20000", "--seed", "7", "--db", db,
                      "--site-dir", str(demo_site))
    assert made.returncode == 0, made.stderr
    assert "Stored 20000 demo events" in made.stdout
    again = helpcenter("demo-events", "--count", "20000", "--seed", "7", "--db", db,
                       "--site-dir", str(demo_site))
    assert "Stored 0 demo events" in again.stdout  # same seed: nothing stored twice
    result = helpcenter("report", "--db", db, "--site-dir", str(demo_site),
                        "--out", str(folder / "out"))
    assert result.returncode == 0, result.stderr
    return folder / "out"


@pytest.fixture(scope="session")
def demo_report(demo_report_dir) -> dict:
    return json.loads((demo_report_dir / "report.json").read_text(encoding="utf-8"))

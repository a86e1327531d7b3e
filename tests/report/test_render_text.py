"""report.md pasted into a GitHub or GitLab issue: customer text links, pings and references
nothing, yet reads the same (the only change is an invisible zero-width space)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpcenter.manifest import Manifest
from helpcenter_report.period import parse_period
from helpcenter_report.render_text import md
from helpcenter_report.report import generate_report
from tests.report.conftest import PERIOD, Events, make_manifest

ZWSP = "\u200b"

# (what a customer wrote, a pattern a tracker would turn into a link or reference)
LIVE = [
    ("see https://evil.example/pay", r"https://"),
    ("HTTP://EVIL.EXAMPLE", r"(?i)http://"),
    ("ftp://files.example/x", r"ftp://"),
    ("go to www.evil.example now", r"www\."),
    ("same as GH-123", r"(?i)\bGH-\d"),
    ("see !123 please", r"!\d"),
    ("the $4 fee and $x$ math", r"(?<!\\)\$"),
    ("milestone %12", r"%\d"),
    ("epic &7", r"&\d"),
    ("label ~5", r"~\d"),
    ("@support help", r"@\w"),
    ("issue #12", r"#\d"),
    ("mail me at user@example.com", r"@\w"),
    ("broken since a1b2c3d", r"\b[0-9a-f]{7,}\b"),
    ("commit 4f9c2e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e", r"[0-9a-f]{7,}"),
    ("<b>bold</b> and <script>x</script>", r"<[a-z/]"),
    ("[click](https://evil.example)", r"(?<!\\)\]\("),
    ("**shout** _lean_ `code`", r"(?<!\\)[*_`]"),
    ("a | b breaks tables", r"(?<!\\)\|"),
]


@pytest.mark.parametrize("text, live", LIVE, ids=[case[0] for case in LIVE])
def test_customer_text_links_and_references_nothing_in_markdown(text, live):
    shown = md(text)
    assert not re.search(live, shown), shown
    # Read without the invisible spaces and the escapes, it is what the customer wrote.
    visible = shown.replace(ZWSP, "").replace("&lt;", "<").replace("&gt;", ">")
    assert re.sub(r"\\(.)", r"\1", visible).replace("&amp;", "&") == text


@pytest.mark.parametrize("text", ["order 1234567", "defaced", "2026-11-03", "version 1.2.3",
                                  "3 items", "배송 조회 12345678"])
def test_numbers_and_words_stay_exactly_as_they_are(text):
    """Order numbers and hex-looking words are not hashes: copied from the issue, they work."""
    assert md(text) == text


def test_report_md_neutralises_a_hostile_comment(tmp_path):
    ev = Events()
    ev.votes("billing/refunds", "en", 0, 25, "2026-11-03")
    comment = ("see https://evil.example and www.evil.example, GH-1 !2 $3 "
               "fixed in 0a1b2c3d @team #4")
    ev.add("comment", at="2026-11-04", article="billing/refunds", text=comment)
    url = ev.write(tmp_path / "events.sqlite3")
    generate_report(manifest=Manifest(make_manifest()), period=parse_period(*PERIOD, "UTC"),
                    out_dir=tmp_path / "out", db_url=url,
                    generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    [line] = [one for one in markdown.splitlines() if "evil" in one]
    for live in (r"https://", r"www\.", r"GH-\d", r"!\d", r"(?<!\\)\$\d", r"0a1b2c3d", r"@t",
                 r"#\d"):
        assert not re.search(live, line), (live, line)

"""Closing the loop: what assistants searched in vain reaches the collector and the report,
apart from the site's own zero-result searches."""

from __future__ import annotations

import datetime as dt
import json
import secrets

import anyio
import httpx

from helpcenter import clock
from helpcenter.store import open_store
from helpcenter_collector.app import create_app
from helpcenter_collector.ratelimit import RateLimiter
from helpcenter_collector.run import ThreadedServer
from tests.conftest import helpcenter
from tests.mcp.conftest import run, stdio_session

NOW = "2026-11-24T03:00:00Z"
NONSENSE = {"ko": "쀍쀎쀏 zzqxvw", "ja": "ゐゑヹヺ zzqxvw"}  # words no article has
PARTIAL = "환불 쀍쀎쀏 뷁뷂퓛 쉛쉜쒉"   # one word of many found: only partial matches


def stored(db):
    with open_store(db, readonly=True) as store:
        return list(store.iter_rows())


def test_zero_result_queries_are_sent_as_assistant_searches_and_reported_apart(demo_site,
                                                                                tmp_path):
    db = tmp_path / "events.sqlite3"
    store = open_store(db)
    app = create_app(store, demo_site, limiter=RateLimiter(per_minute=0))
    partial_results: list[int] = []
    with clock.pin(dt.datetime(2026, 11, 24, 3, tzinfo=dt.UTC)), ThreadedServer(app) as server:
        # One zero-result search from the site's search box (schema v1, no source).
        site_event = {"v": 1, "id": secrets.token_urlsafe(16), "type": "search",
                      "session": "tab-session-1", "locale": "ko", "value": "no_results",
                      "text": "선물 포장 취소", "results": 0}
        assert httpx.post(f"{server.url}/api/events", json=site_event).status_code in (200, 202)

        async def body(session):
            for locale, query in NONSENSE.items():
                result = await session.call_tool("search_articles",
                                                  {"query": query, "locale": locale})
                assert result.structured_content["results"] == []
            found = await session.call_tool("search_articles",
                                            {"query": "비밀번호", "locale": "ko"})
            assert found.structured_content["results"]          # found: nothing is sent
            assert found.structured_content["partial"] is False
            assert "note" not in found.structured_content
            some = await session.call_tool("search_articles", {"query": PARTIAL, "locale": "ko"})
            assert some.structured_content["partial"] is True
            assert "only some of them" in some.structured_content["note"]
            partial_results.append(len(some.structured_content["results"]))
            with anyio.fail_after(20):
                while len(stored(db)) < 4:    # the server sends on a thread of its own
                    await anyio.sleep(0.05)

        run(lambda: stdio_session("--site-dir", str(demo_site), "--collector", server.url,
                                  now=NOW), body)
    store.close()
    rows = stored(db)
    assistant = sorted((r["locale"], r["text"]) for r in rows if r["source"] == "assistant")
    assert assistant == sorted([*NONSENSE.items(), ("ko", PARTIAL)])
    assert [r["text"] for r in rows if r["source"] == "site"] == ["선물 포장 취소"]
    assert all((r["value"], r["results"]) == (("partial", partial_results[0])
                                              if r["text"] == PARTIAL else ("no_results", 0))
               for r in rows)
    assert partial_results[0] >= 1

    out = tmp_path / "report"
    result = helpcenter("report", "--db", f"sqlite:///{db}", "--site-dir", str(demo_site),
                        "--since", "2026-11-01", "--until", "2026-11-30", "--out", str(out),
                        "--min-votes", "1", env={"HELPCENTER_NOW": NOW})
    assert result.returncode == 0, result.stderr
    gaps = json.loads((out / "report.json").read_text(encoding="utf-8"))["content_gaps"]
    by_source = {(g["source"], g["locale"]): [q["query"] for q in g["groups"]] for g in gaps}
    assert by_source[("site", "ko")] == ["선물 포장 취소"]
    assert sorted(by_source[("assistant", "ko")]) == sorted([NONSENSE["ko"], PARTIAL])
    assert by_source[("assistant", "ja")] == [NONSENSE["ja"]]
    assert ("site", "ja") not in by_source
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Asked by assistants" in page and NONSENSE["ja"] in page
    assert page.index("선물 포장 취소") < page.index("Asked by assistants") < page.index(NONSENSE["ko"])
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "### Asked by assistants" in markdown and NONSENSE["ko"] in markdown

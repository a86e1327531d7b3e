"""`helpcenter mcp` over the demo: every tool, both transports, hostile input, --url."""

from __future__ import annotations

import json

import httpx
import pytest
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from helpcenter.search.query import search
from tests.conftest import helpcenter
from tests.mcp.conftest import http_server, http_session, run, stdio_session

SITE_URL = "https://help.lumora.example/"
TOOLS = {"search_articles", "get_article", "list_categories", "contact_options"}


def test_stdio_round_trip_every_tool_on_the_demo(demo_site):
    async def body(session):
        tools = (await session.list_tools()).tools
        ko = await session.call_tool("search_articles",
                                     {"query": "비밀번호를잊어버렸어요", "locale": "ko", "limit": 3})
        ja = await session.call_tool("search_articles", {"query": "返品したい", "locale": "ja"})
        fallback = await session.call_tool("get_article",
                                           {"id": "account/change-email", "locale": "ja"})
        own = await session.call_tool("get_article",
                                      {"id": "account/reset-password", "locale": "ko"})
        categories = await session.call_tool("list_categories", {"locale": "ko"})
        contact = await session.call_tool("contact_options", {"locale": "ja"})
        return tools, ko, ja, fallback, own, categories, contact

    tools, ko, ja, fallback, own, categories, contact = run(
        lambda: stdio_session("--site-dir", str(demo_site)), body)
    assert {t.name for t in tools} == TOOLS
    assert all(t.annotations.read_only_hint for t in tools)

    # Exactly the site's ranking: the library call behind `helpcenter search`.
    for result, query, locale, limit in ((ko, "비밀번호를잊어버렸어요", "ko", 3),
                                         (ja, "返品したい", "ja", 5)):
        expected = search(demo_site, locale, query, limit=limit)
        got = result.structured_content["results"]
        assert [(r["id"], r["score"]) for r in got] == [(r.id, r.score) for r in expected]
        assert got and all(r["url"].startswith(f"{SITE_URL}{locale}/") for r in got)
    assert ko.structured_content["results"][0]["id"] == "account/reset-password"

    article = fallback.structured_content
    assert article["fallback"] is True and article["language"] == "en"
    assert article["url"] == f"{SITE_URL}ja/account/change-email/"
    copy = (demo_site / "ja/account/change-email/index.md").read_text(encoding="utf-8")
    assert article["markdown"] == copy
    assert own.structured_content["fallback"] is False
    assert "## " in own.structured_content["markdown"] and "비밀번호" in own.structured_content["markdown"]

    listed = categories.structured_content["categories"]
    assert [c["id"] for c in listed][:2] == ["account", "orders"]
    assert all(a["url"].startswith(f"{SITE_URL}ko/") for c in listed for a in c["articles"])
    assert sum(len(c["articles"]) for c in listed) == 26

    options = contact.structured_content
    assert options["contact_page"] == f"{SITE_URL}ja/contact/"
    line = options["channels"][0]
    assert line["id"] == "line" and line["link"].startswith("https://line.me/")
    assert line["open_now"] is True and line["closes_at"] == "2026-11-24T19:00:00+09:00"


def test_contact_options_say_when_a_closed_channel_opens(demo_site):
    async def body(session):
        return (await session.call_tool("contact_options",
                                        {"locale": "en", "region": "jp"})).structured_content

    options = run(lambda: stdio_session("--site-dir", str(demo_site),
                                        now="2026-11-24T12:00:00Z"), body)  # 21:00 in Tokyo
    line = next(c for c in options["channels"] if c["id"] == "line")
    assert line["open_now"] is False and line["status"] == "closed"
    assert line["opens_at"] == "2026-11-25T10:00:00+09:00"
    assert line["label"] == "LINE"


def test_llms_txt_files_are_resources(demo_site):
    async def body(session):
        listed = (await session.list_resources()).resources
        text = (await session.read_resource(f"{SITE_URL}ko/llms.txt")).contents[0].text
        return listed, text

    listed, text = run(lambda: stdio_session("--site-dir", str(demo_site)), body)
    assert {str(r.uri) for r in listed} == {f"{SITE_URL}{p}{name}" for p in ("", "ko/", "ja/")
                                            for name in ("llms.txt", "llms-full.txt")}
    assert text == (demo_site / "ko/llms.txt").read_text(encoding="utf-8")


HOSTILE = [
    ("search_articles", {"query": "x" * 100_000, "locale": "en"}, "at most 1000"),
    ("search_articles", {"query": "   ", "locale": "en"}, "query is empty"),
    ("search_articles", {"query": "refund", "locale": "xx"}, "unknown locale"),
    ("search_articles", {"query": "refund", "locale": "en", "limit": 10_000}, "limit"),
    ("get_article", {"id": "../../helpcenter/manifest", "locale": "en"}, "not an article id"),
    ("get_article", {"id": "/etc/passwd", "locale": "en"}, "not an article id"),
    ("get_article", {"id": "account/../../../etc", "locale": "en"}, "not an article id"),
    ("get_article", {"id": "account\\reset-password", "locale": "en"}, "not an article id"),
    ("get_article", {"id": "account/no-such-article", "locale": "ko"}, "no article"),
    ("get_article", {"id": "account/reset-password", "locale": "../en"}, "unknown locale"),
    ("list_categories", {"locale": "en\n"}, "unknown locale"),
    ("contact_options", {"locale": "ko", "region": "../../etc"}, "unknown region"),
]


def test_hostile_input_gets_protocol_errors_and_the_session_survives(demo_site):
    async def body(session):
        errors = []
        for tool, arguments, _ in HOSTILE:
            try:
                await session.call_tool(tool, arguments)
                errors.append(None)
            except MCPError as exc:
                errors.append(exc)
        wrong_type = await session.call_tool("search_articles",
                                             {"query": "refund", "locale": "en", "limit": "many"})
        still = await session.call_tool("search_articles", {"query": "refund", "locale": "en"})
        return errors, wrong_type, still

    errors, wrong_type, still = run(lambda: stdio_session("--site-dir", str(demo_site)), body)
    for (tool, _, expected), error in zip(HOSTILE, errors, strict=True):
        assert error is not None, tool
        assert error.code == INVALID_PARAMS and expected in error.message, (tool, error.message)
        assert "Traceback" not in error.message and "/tmp" not in error.message
    assert wrong_type.is_error and "limit" in wrong_type.content[0].text
    assert "Traceback" not in wrong_type.content[0].text
    assert still.structured_content["results"]


def test_http_round_trip_and_the_collectors_origin_rules(demo_site):
    with http_server("--site-dir", str(demo_site), "--allow-origin", "https://chat.example") as url:
        async def body(session):
            return (await session.call_tool("search_articles",
                                            {"query": "配送状況", "locale": "ja", "limit": 2}))
        result = run(lambda: http_session(url), body)
        assert result.structured_content["results"][0]["url"].startswith(f"{SITE_URL}ja/")

        init = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
        headers = {"Content-Type": "application/json",
                   "Accept": "application/json, text/event-stream"}
        refused = httpx.post(url, json=init, headers={**headers, "Origin": "https://evil.example"})
        assert refused.status_code == 403 and "--allow-origin" in refused.text
        host = url.split("/")[2]
        for origin in ("https://chat.example", f"http://{host}"):
            allowed = httpx.post(url, json=init, headers={**headers, "Origin": origin})
            assert allowed.status_code != 403, origin


def test_answers_from_a_deployed_site_with_url(demo_site, site_server):
    async def body(session):
        found = await session.call_tool("search_articles", {"query": "환불", "locale": "ko"})
        article = await session.call_tool("get_article",
                                          {"id": "returns/refund-timing", "locale": "ko"})
        contact = await session.call_tool("contact_options", {"locale": "ko"})
        return found, article, contact

    found, article, contact = run(lambda: stdio_session("--url", site_server + "/"), body)
    expected = search(demo_site, "ko", "환불", limit=5)
    assert [r["id"] for r in found.structured_content["results"]] == [r.id for r in expected]
    assert article.structured_content["markdown"] == (
        demo_site / "ko/returns/refund-timing/index.md").read_text(encoding="utf-8")
    assert article.structured_content["url"] == f"{SITE_URL}ko/returns/refund-timing/"
    assert contact.structured_content["channels"][0]["id"] == "kakaotalk"


@pytest.mark.parametrize("args, message", [
    (["--site-dir", "/nonexistent/site"], "manifest"),
    (["--url", "ftp://help.example.com/"], "--url"),
    (["--site-dir", "site", "--url", "https://help.example.com/"], "not both"),
    (["--collector", "mailto:x"], "--collector"),
])
def test_bad_options_are_one_sentence(demo_site, args, message):
    if "--collector" in args:
        args = ["--site-dir", str(demo_site), *args]
    result = helpcenter("mcp", *args)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert json.dumps(result.stdout) == '""'   # stdout is the protocol channel: nothing there


def test_a_deployed_split_index_answers_like_one_file(demo_site, split_site_server):
    """A large site's split index over --url (its shards fetched as queries need them): the
    same results, scores and descriptions as the one-file site."""
    queries = [("비밀번호", "ko"), ("refund card", "en"), ("パスワードを忘れた", "ja")]

    async def body(session):
        return [await session.call_tool("search_articles", {"query": q, "locale": loc})
                for q, loc in queries]

    answers = run(lambda: stdio_session("--url", split_site_server + "/"), body)
    for (query, locale), found in zip(queries, answers, strict=True):
        expected = search(demo_site, locale, query, limit=5)
        got = found.structured_content["results"]
        assert [(r["id"], r["score"], r["description"]) for r in got] == [
            (r.id, r.score, r.description) for r in expected], query

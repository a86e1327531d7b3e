"""Search in a real Chromium: lazy per-locale index, results UI, keyboard, no-results state,
`search` events, and the same ranking as `helpcenter search` (CLI ↔ browser parity)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from helpcenter.search.query import load_locale_index, run_query
from tests.conftest import wait_for_js
from tests.helpcenter.search.test_partial import PARTIAL_QUERIES

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
SEARCH_TESTS = HERE.parent / "helpcenter" / "search"
QUALITY = yaml.safe_load((SEARCH_TESTS / "quality.yml").read_text(encoding="utf-8"))
FIXTURE = json.loads((SEARCH_TESTS / "tokenize_fixture.json").read_text(encoding="utf-8"))
EXTRA_QUERIES = ["password", "refund card", "order", "pas", "결제", "배송", "옷", "返金", "ア",
                 "iPhone 결제", "Lumora Plus", "LM-12345678", "zzzz", "paypay", "line",
                 # whole words, word pairs, camel-case parts, one-kanji stems
                 "비밀번호를잊어버렸어요", "비밀번호 재설정하기", "LumoraPlus 해지", "PayPayで払えますか",
                 "いつ届きますか", "reset password link", "gift card balance",
                 # synonyms standing for their key, function words, Japanese word edges
                 "택배가 안 왔어요", "반품 안 되는 상품", "money back parcel", "料金はいくら", "お金",
                 "how much is the shipping cost", "サブスクをやめる",
                 # kana typed unconverted: Katakana words, readings, a reading inside a word
                 "ぱすわーど", "ちゅうもん きゃんせる", "へんきん", "かいやくしたい", "送料はそんなに",
                 "ぱすわーどをわすれた", "はすわど", "へんぎん",
                 # Korean modality as grammar, a syllable slip
                 "할부 가능한가요", "요굼제 변경", "오늘 시키면 내일 받을 수 있나요", "결졔 쳬험",
                 "이용자 수 답장이 안 와요",
                 # a short Korean word one jamo wrong (the readers expand it over the term list)
                 "탈톼", "반퓸 신청", "교황 신청", "환볼 언제돼요", "고기", "가방", "탈톼 방법",
                 # readings after 々 and a kanji word, half in kana; Katakana after a particle
                 "月々いくらかかる", "会員やめたい", "みにおぼえのないせいきゅう", "返きん", "りょう収書",
                 "注文をきゃんせる"]


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    yield context
    context.close()


def capture_events(page) -> list[dict]:
    """Fulfil the collector endpoint in the page and return the events it would have received."""
    events: list[dict] = []

    def handle(route):
        body = json.loads(route.request.post_data or "{}")
        batch = body.get("events", [body])
        events.extend(batch)
        route.fulfill(status=200, content_type="application/json",
                      body=json.dumps({"accepted": [e.get("id") for e in batch],
                                       "ids": [e.get("id") for e in batch], "stored": len(batch)}))

    page.route("**/api/events", handle)
    return events


def wait_until(page, condition, timeout: float = 10.0) -> None:
    """Poll a Python-side condition (e.g. events captured by a route) until it holds.

    Playwright's sync API runs route handlers only inside its own calls, so each round makes
    one (an evaluate), never a bare sleep that would leave the request unanswered."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s")
        page.evaluate("0")
        time.sleep(0.05)


def index_requests(page) -> list[str]:
    seen: list[str] = []

    def note(request) -> None:
        if "/helpcenter/search/" in request.url and request.url.endswith(".json"):
            seen.append(request.url)

    page.on("request", note)
    return seen


def test_index_is_fetched_lazily_and_only_for_the_page_s_locale(desktop, site_server):
    page = desktop.new_page()
    seen = index_requests(page)
    page.goto(site_server + "/ja/orders/track-order/")
    page.wait_for_load_state("networkidle")
    assert seen == []                                  # nothing on page load
    with page.expect_request(lambda r: "/helpcenter/search/" in r.url and r.url.endswith(".json")):
        page.get_by_role("combobox", name="記事を検索").focus()
    page.wait_for_load_state("networkidle")            # and nothing else follows
    assert [u.rsplit("/", 1)[-1] for u in seen] == ["ja.json"]


def test_home_box_shows_highlighted_results_from_its_own_locale(desktop, site_server):
    page = desktop.new_page()
    page.goto(site_server + "/ko/")
    box = page.get_by_role("combobox", name="고객센터 검색")
    box.fill("비밀번호를잊어버렸어요")
    first = page.locator(".hc-search-form .hc-search-result").first
    first.wait_for()
    assert first.locator(".hc-search-result__title").inner_text() == "비밀번호 재설정하기"
    assert first.locator(".hc-search-result__category").inner_text() == "계정 및 보안"
    first.locator(".hc-search-result__snippet mark").first.wait_for()   # snippets follow
    assert "비밀번호" in first.locator(".hc-search-result__snippet mark").first.inner_text()
    hrefs = page.locator(".hc-search-form .hc-search-result").evaluate_all(
        "options => options.map(o => o.getAttribute('data-href'))")
    assert hrefs and all("/ko/" in h for h in hrefs)
    assert page.get_by_role("status").filter(has_text="검색 결과").count() == 1


def test_a_query_typed_in_hiragana_highlights_its_katakana_word(desktop, site_server):
    # ぱすわーど is searched as パスワード: the snippet marks the word the article has
    page = desktop.new_page()
    page.goto(site_server + "/ja/")
    page.get_by_role("combobox", name="ヘルプセンターを検索").fill("ぱすわーど")
    first = page.locator(".hc-search-form .hc-search-result").first
    first.wait_for()
    first.locator(".hc-search-result__snippet mark").first.wait_for()
    marks = first.locator(".hc-search-result__snippet mark").all_inner_texts()
    assert "パスワード" in marks, marks


def test_keyboard_chooses_and_opens_a_result(desktop, site_server):
    page = desktop.new_page()
    page.goto(site_server + "/")
    box = page.get_by_role("combobox", name="Search the help center")
    box.focus()
    page.keyboard.type("order")       # five results
    page.locator(".hc-search-form .hc-search-result").first.wait_for()
    wait_for_js(page, "(window.HelpCenterSearch.answers || []).some(a => a[0] === 'order')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator(".hc-search-form .hc-search-result").nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    target = second.get_attribute("data-href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    page.go_back()
    box = page.get_by_role("combobox", name="Search the help center")
    box.fill("refund")
    page.locator(".hc-search-form .hc-search-result").first.wait_for()
    page.keyboard.press("Escape")
    assert page.locator(".hc-search-form .hc-search-panel").is_hidden()


def test_combobox_shows_the_count_it_lists_and_more_on_request(desktop, site_server, demo_site):
    """WAI-ARIA combobox: role, aria-expanded, aria-controls; options hold no link or button;
    the status counts what is listed; "Show more results" lengthens the list."""
    total = len(run_query(load_locale_index(demo_site, "en"), "days"))   # most articles say it
    assert total > 16
    page = desktop.new_page()
    page.goto(site_server + "/")
    box = page.get_by_role("combobox", name="Search the help center")
    assert box.get_attribute("aria-expanded") == "false"
    box.fill("days")
    options = page.locator(".hc-search-form [role=option]")
    options.first.wait_for()
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox" and box.get_attribute("aria-expanded") == "true"
    assert options.count() == 8
    status = page.locator(".hc-search-form .hc-search-status")
    assert status.inner_text() == "8 results"
    assert page.locator(".hc-search-form [role=option] a, .hc-search-form [role=option] button"
                        ).count() == 0
    more = page.get_by_role("button", name="Show more results")
    more.click()
    wait_for_js(page, "() => document.querySelectorAll('.hc-search-form [role=option]').length"
                      " === 16")
    assert status.inner_text() == "16 results"
    assert box.evaluate("el => document.activeElement === el")      # focus stays in the box
    page.keyboard.press("ArrowDown")
    first = options.first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.fill("refund")
    page.locator(".hc-search-form [role=option]").first.click()     # an option opens on click
    page.wait_for_url("**/returns/**")


def test_header_box_on_a_phone_opens_from_the_icon(phone, site_server):
    page = phone.new_page()
    page.goto(site_server + "/ja/billing/payment-methods/")
    page.get_by_role("button", name="検索").click()
    box = page.get_by_role("combobox", name="記事を検索")
    assert box.is_visible()
    box.fill("返金はいつ")
    result = page.locator(".hc-hsearch .hc-search-result").first
    result.wait_for()
    bounds = result.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("broken, home, box, message", [
    ("helpcenter/search/ja.json", "/ja/", "ヘルプセンターを検索", "ただいま検索をご利用いただけません。"),
    ("assets/helpcenter/search/worker.js", "/ko/", "고객센터 검색", "검색을 사용할 수 없습니다"),
])
def test_an_unreachable_index_or_worker_says_so_and_offers_contact(desktop, site_server, broken,
                                                                    home, box, message):
    """A failed index fetch or worker.onerror: never "Loading…" forever, but the localized
    message and the locale's contact link."""
    page = desktop.new_page()
    page.route("**/" + broken, lambda route: route.fulfill(status=503))
    page.goto(site_server + home)
    page.get_by_role("combobox", name=box).fill("返金 환불")
    status = page.locator(".hc-search-form .hc-search-status")
    status.filter(has_text=message).wait_for()
    assert status.get_by_role("link").get_attribute("href").endswith(home + "contact/")


def test_pending_callbacks_and_the_answers_hook_stay_bounded(desktop, site_server):
    page = desktop.new_page()
    page.goto(site_server + "/")
    box = page.get_by_role("combobox", name="Search the help center")
    for n in range(40):
        box.fill(f"password {n}")
    page.locator(".hc-search-form .hc-search-result").first.wait_for()
    wait_for_js(page, "() => window.HelpCenterSearch.pending() <= 1")
    assert page.evaluate("window.HelpCenterSearch.answers.length") <= 20


def test_header_results_reflow_at_320_px(browser, site_server):
    """WCAG reflow with the search open: 320 px wide (a 640 px phone at 200 % zoom)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(site_server + "/ko/orders/track-order/")
        page.get_by_role("button", name="검색").click()
        page.get_by_role("combobox", name="도움말 검색").fill("배송조회")
        page.locator(".hc-hsearch .hc-search-result__snippet mark").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        box = page.locator(".hc-hsearch .hc-search-panel").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        page.keyboard.press("Escape")                # closes the results
        page.keyboard.press("Escape")                # clears the query
        page.keyboard.press("Escape")                # closes the field, focus back on the icon
        assert page.get_by_role("button", name="검색").evaluate("b => b === document.activeElement")
    finally:
        context.close()


def test_no_results_is_localized_offers_contact_and_sends_one_scrubbed_event(desktop,
                                                                             site_server):
    page = desktop.new_page()
    events = capture_events(page)
    page.clock.install(time="2026-11-22T09:00:00Z")   # the settle timer runs on Playwright's clock
    page.goto(site_server + "/ko/")
    box = page.get_by_role("combobox", name="고객센터 검색")
    box.fill("qqqzzz  QX@qqzz.qq 0777 7777 7777")
    empty = page.locator(".hc-search-form .hc-search-empty")
    empty.wait_for()
    assert "검색 결과가 없습니다" in empty.inner_text()
    contact = empty.get_by_role("link", name="고객센터 문의하기")
    assert contact.get_attribute("href").endswith("/ko/contact/")
    page.clock.fast_forward(2000)                      # past the 1.5 s settle window
    wait_until(page, lambda: any(e["type"] == "search" for e in events))
    assert page.evaluate("window.HelpCenterEvents.whenIdle()") is True
    searches = [e for e in events if e["type"] == "search"]
    assert len(searches) == 1, events
    event = searches[0]
    assert event["value"] == "no_results" and event["results"] == 0 and event["locale"] == "ko"
    assert event["text"] == "qqqzzz [email] [phone]"
    assert len(event["text"]) <= 100


def test_search_without_a_click_is_reported_when_the_visitor_leaves_the_box(desktop,
                                                                            site_server):
    page = desktop.new_page()
    events = capture_events(page)
    page.clock.install(time="2026-11-22T09:00:00Z")
    page.goto(site_server + "/")
    box = page.get_by_role("combobox", name="Search the help center")
    box.fill("delivery")                              # seen, then refined: not reported
    page.locator(".hc-search-form .hc-search-result").first.wait_for()
    page.clock.fast_forward(1800)
    box.fill("  Delivery   TIMES ")
    wait_for_js(page, "(window.HelpCenterSearch.answers || []).some(a => a[0] === '  Delivery   TIMES ')")
    page.clock.fast_forward(1800)
    page.locator("h1").first.click()                 # focus leaves the search
    wait_until(page, lambda: any(e["type"] == "search" for e in events))
    assert page.evaluate("window.HelpCenterEvents.whenIdle()") is True
    searches = [e for e in events if e["type"] == "search"]
    assert [(e["value"], e["text"]) for e in searches] == [("no_click", "delivery times")]
    assert searches[0]["results"] >= 1


def test_no_search_events_under_do_not_track(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'doNotTrack', "
                            "{get: () => '1'})")
    try:
        page = context.new_page()
        events = capture_events(page)
        page.clock.install(time="2026-11-22T09:00:00Z")
        page.goto(site_server + "/")
        box = page.get_by_role("combobox", name="Search the help center")
        box.fill("qqqzzz xyzzy")
        page.locator(".hc-search-form .hc-search-empty").wait_for()
        page.clock.fast_forward(2000)
        page.locator("h1").first.click()
        # anything sent would still be in flight or captured: wait for it, then expect none
        assert page.evaluate("window.HelpCenterEvents.whenIdle()") is True
        assert [e for e in events if e["type"] == "search"] == []
    finally:
        context.close()


def test_results_are_escaped_not_interpreted(desktop, site_server):
    page = desktop.new_page()
    page.goto(site_server + "/")
    box = page.get_by_role("combobox", name="Search the help center")
    box.fill('<img src=qqq onerror="zzzqq">')
    empty = page.locator(".hc-search-form .hc-search-empty")
    empty.wait_for()
    assert '<img src=qqq onerror="zzzqq">' in empty.inner_text()
    assert page.locator(".hc-search-form img").count() == 0


def browser_rankings(page, locale: str,
                     queries: list[str]) -> list[tuple[list[tuple[str, float]], bool]]:
    """Run queries through the site's own worker (worker.js + lunr.js + tokenize.js): per
    query its ranking and whether the answer was partial."""
    return page.evaluate(
        """async ([locale, queries]) => {
            const cfg = JSON.parse(document.getElementById('hc-search-config').textContent);
            const worker = new Worker(new URL(cfg.worker, location.href));
            const ask = (msg) => new Promise((resolve) => {
                worker.onmessage = (e) => {
                    if (e.data.type === 'results' && e.data.id === msg.id) resolve(e.data);
                };
                worker.postMessage(msg);
            });
            worker.postMessage({type: 'init', url: new URL(cfg.index, location.href).href,
                                lang: locale});
            const out = [];
            for (let i = 0; i < queries.length; i++) {
                const msg = await ask({type: 'query', id: i + 1, q: queries[i], limit: 50});
                out.push([msg.results.map(r => [r.id, r.score]), msg.partial]);
            }
            worker.terminate();
            return out;
        }""", [locale, queries])


def assert_ranked_as_by_the_cli(page, locale: str, queries: list[str], site: Path) -> None:
    """The page's worker ranks `queries` as `helpcenter search` does over `site`'s index."""
    in_browser = browser_rankings(page, locale, queries)
    loaded = load_locale_index(site, locale)
    for query, (browser_ranked, partial) in zip(queries, in_browser, strict=True):
        ranking = run_query(loaded, query)
        assert partial is ranking.partial, query
        cli_ranked = [(loaded.docs[ref][0], round(score, 6)) for ref, score in ranking[:50]]
        assert [r[0] for r in browser_ranked] == [r[0] for r in cli_ranked], query
        assert [r[1] for r in browser_ranked] == pytest.approx([r[1] for r in cli_ranked],
                                                               abs=2e-6), query


@pytest.mark.parametrize("locale,home", [("en", "/"), ("ko", "/ko/"), ("ja", "/ja/")])
def test_cli_and_browser_rank_identically(desktop, site_server, demo_site, locale, home):
    queries = [case["q"] for case in QUALITY[locale]] + EXTRA_QUERIES + PARTIAL_QUERIES[locale]
    assert len(queries) >= 30
    page = desktop.new_page()
    page.goto(site_server + home)
    assert_ranked_as_by_the_cli(page, locale, queries, demo_site)


def test_javascript_tokenizer_matches_the_shared_fixture_in_chromium(desktop, site_server):
    page = desktop.new_page()
    page.goto(site_server + "/")
    page.add_script_tag(url=site_server + "/assets/helpcenter/vendor/lunr-2.3.9/lunr.min.js")
    page.add_script_tag(url=site_server + "/assets/helpcenter/search/tokenize.js")
    result = page.evaluate(
        """(fx) => {
            const T = window.HelpCenterTokenize, bad = [];
            for (const c of fx.tokenize) {
                const got = T.tokenize(c.text, c.lang);
                if (JSON.stringify(got) !== JSON.stringify(c.terms)) bad.push(['tokenize', c.text, got]);
            }
            for (const c of fx.queries) {
                const got = T.queryClauses(c.text, c.lang, c.synonyms);
                if (JSON.stringify(got) !== JSON.stringify(c.clauses)) bad.push(['query', c.text, got]);
            }
            for (const [w, s] of Object.entries(fx.stems)) {
                if (T.stem(w) !== s) bad.push(['stem', w, T.stem(w)]);
            }
            for (const [w, s] of Object.entries(fx.slips)) {
                const got = T.jamoSlips(w);
                if (JSON.stringify(got) !== JSON.stringify(s)) bad.push(['slips', w, got]);
            }
            return bad;
        }""", FIXTURE)
    assert result == []


@pytest.mark.parametrize("locale,home", [("en", "/"), ("ko", "/ko/"), ("ja", "/ja/")])
def test_a_split_index_ranks_in_chromium_as_the_single_file(desktop, split_site_server, demo_site,
                                                             locale, home):
    """A large site's layout (term shards fetched per query, titles from the text shards): the
    worker ranks exactly as `helpcenter search` over the one-file index of the same content."""
    queries = [case["q"] for case in QUALITY[locale]] + EXTRA_QUERIES + PARTIAL_QUERIES[locale]
    page = desktop.new_page()
    page.goto(split_site_server + home)
    assert_ranked_as_by_the_cli(page, locale, queries, demo_site)


def test_a_split_index_fetches_a_few_shards_and_recovers_from_a_failed_one(desktop,
                                                                          split_site_server,
                                                                          split_demo_site):
    """The first search fetches the entry, a few term shards and its results' text shards; a
    shard that does not arrive (offline for a moment) fails that query with the localized
    message, and the next query fetches it again and shows results."""
    page = desktop.new_page()
    seen = index_requests(page)
    refused: list[str] = []

    def once(route):
        if not refused:
            refused.append(route.request.url)
            route.fulfill(status=503)
        else:
            route.continue_()

    page.route("**/helpcenter/search/ko/terms/*.json", once)
    page.goto(split_site_server + "/ko/orders/track-order/")
    box = page.get_by_role("combobox", name="도움말 검색")
    box.fill("비밀번호")
    status = page.locator(".hc-hsearch .hc-search-status")
    status.filter(has_text="지금은 검색을 사용할 수 없습니다.").wait_for()
    box.fill("비밀번호 재설정")
    page.locator(".hc-hsearch .hc-search-result").first.wait_for()
    assert "비밀번호" in page.locator(".hc-hsearch .hc-search-result").first.inner_text()
    assert refused[0] in seen[1:] and seen.count(refused[0]) == 2   # fetched again
    shards = len(list((split_demo_site / "helpcenter/search/ko/terms").iterdir()))
    terms = {u for u in seen if "/terms/" in u}
    assert seen[0].endswith("/helpcenter/search/ko.json")
    assert 1 <= len(terms) <= 8 < shards

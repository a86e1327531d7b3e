"""WCAG 2.2 A/AA with axe-core (npm, pinned in package-lock.json, installed by scripts/test.sh):
zero violations on every page type and state a customer reaches, in every locale, light and
dark, on a phone and a desktop. One browser; one page per scheme and width, reused."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.test_search import capture_events
from tests.conftest import REPO, wait_for_js
from tests.helpcenter.search.test_partial import PARTIAL_QUERIES

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Heading order is a best practice in axe, not a WCAG rule, but a screen reader's outline needs it.
EXTRA_RULES = ["heading-order"]
NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)   # a Tuesday, channels open in Seoul/Tokyo
QUERY = {"en": "refund", "ko": "환불", "ja": "返金"}
PREFIX = {"en": "", "ko": "/ko", "ja": "/ja"}
ARTICLE = "/returns/refund-timing/"

RUN = """async ([tags, extra]) => {
  const only = ['violations'];
  const tagged = await axe.run(document,
    {runOnly: {type: 'tag', values: tags}, resultTypes: only});
  const more = await axe.run(document, {runOnly: {type: 'rule', values: extra}, resultTypes: only});
  return [...tagged.violations, ...more.violations].map((v) =>
    `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}"""


def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (scripts/test.sh does) to install axe-core")
    return AXE.read_text(encoding="utf-8")


def open_search(page, locale: str) -> None:
    toggle = page.locator(".hc-hsearch__toggle")
    if toggle.is_visible():
        toggle.click()
    page.locator(".hc-hsearch__input").fill(QUERY[locale])
    page.locator(".hc-hsearch .hc-search-result").first.wait_for()


def states(page, base: str, locale: str):
    """Yield (name, url) after putting the page in each state a customer sees."""
    root = base + PREFIX[locale]
    page.goto(root + "/")
    yield "home"
    page.goto(root + "/returns/")
    yield "category"
    page.goto(root + ARTICLE)
    page.locator("[data-hc-vote=no]").click()
    page.locator("[data-hc-reasons] input").first.wait_for()
    yield "feedback open"
    page.locator("[data-hc-reasons] input").first.check()
    page.locator(".hc-feedback__send").click()
    wait_for_js(page, "document.querySelector('[data-hc-thanks] [data-hc-status]').textContent")
    yield "feedback sent"
    open_search(page, locale)
    yield "search"
    page.locator(".hc-hsearch__input").fill(PARTIAL_QUERIES[locale][0])
    page.locator(".hc-hsearch .hc-search-panel--partial .hc-search-result").first.wait_for()
    yield "search, partial matches"
    page.goto(root + "/contact/")
    page.locator("[data-hc-status]:not([hidden])").first.wait_for()
    yield "contact"
    page.goto(root + "/404.html")
    yield "404"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_anywhere(browser, site_server, scheme, width):
    source = axe_source()
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                  reduced_motion="reduce", locale="en-US")
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    capture_events(page)
    found = {}
    try:
        for locale in QUERY:
            for state in states(page, site_server, locale):
                if not page.evaluate("typeof window.axe === 'object'"):
                    page.evaluate(source)
                violations = page.evaluate(RUN, [TAGS, EXTRA_RULES])
                if violations:
                    found[f"{locale} {state} {page.url}"] = violations
    finally:
        context.close()
    assert found == {}


FOCUSED = """() => {
  const el = document.activeElement;
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map((v) => {
      v = Number(v) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let behind = el.parentElement;
  while (behind && (getComputedStyle(behind).backgroundColor.match(/[\\d.]+/g) || [0, 0, 0, 0])
                      .length === 4 && Number(getComputedStyle(behind).backgroundColor
                      .match(/[\\d.]+/g)[3]) === 0) behind = behind.parentElement;
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const back = behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)';
  const [a, b] = [luminance(style.outlineColor), luminance(back)];
  const box = el.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  return {
    what: el.outerHTML.slice(0, 80),
    ring, contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
    inClosedDrawer: !!el.closest('.md-sidebar--primary')
      && getComputedStyle(el.closest('.md-sidebar--primary')).position === 'fixed'
      && !document.getElementById('__drawer').checked,
    underHeader: !el.closest('.md-header') && getComputedStyle(el).position !== 'fixed'
      && box.top < header.bottom - 1 && box.bottom > 0,
  };
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_keyboard_focus_is_visible_unobscured_and_never_in_the_closed_drawer(browser, site_server,
                                                                            width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="ko-KR",
                                  reduced_motion="reduce")
    page = context.new_page()
    problems, seen = [], 0
    for path in ["/ko/returns/refund-timing/", "/ko/contact/", "/ko/"]:
        page.goto(site_server + path)
        page.locator(".hc-hsearch__toggle").wait_for(state="attached")
        for _ in range(25):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUSED)
            if state["what"].startswith("<body"):
                continue
            seen += 1
            if not state["ring"] or state["contrast"] < 3 or state["inClosedDrawer"] \
                    or state["underHeader"]:
                problems.append((path, state))
    context.close()
    assert seen >= 50
    assert problems == []


@pytest.mark.parametrize("path", ["/", "/ko/returns/", "/ja/returns/refund-timing/",
                                  "/ko/contact/", "/404.html", "/ja/404.html"])
def test_every_page_starts_with_a_skip_link_to_its_content(browser, site_server, path):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(site_server + path)
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.classList.contains('hc-skip'),"
                         " document.activeElement.innerText,"
                         " document.activeElement.getBoundingClientRect().top >= 0]")
    assert skip[0] and skip[1].strip() and skip[2]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hc-main"
    page.keyboard.press("Tab")     # the next stop is inside the content, not the header
    assert page.evaluate("!!document.activeElement.closest('#hc-main')")
    context.close()


def test_feedback_confirmation_is_not_hidden_under_the_sticky_header(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 700}, reduced_motion="reduce")
    page = context.new_page()
    capture_events(page)
    page.goto(site_server + "/ko" + ARTICLE)
    page.locator("[data-hc-vote=no]").click()
    send = page.locator(".hc-feedback__send")
    # the button low on the screen: the form above it folds away and the message moves up
    send.evaluate("b => window.scrollBy(0, b.getBoundingClientRect().bottom - innerHeight + 20)")
    send.click()
    wait_for_js(page, "document.querySelector('[data-hc-thanks] [data-hc-status]').textContent")
    header = page.locator(".md-header").bounding_box()
    for part in ("[data-hc-thanks] [data-hc-status]", "[data-hc-thanks] [data-hc-contact] a"):
        box = page.locator(part).bounding_box()
        assert box["y"] >= header["y"] + header["height"], part
        assert box["y"] + box["height"] <= 700, part
    context.close()


HIDDEN_FOCUS = """() => {
  const el = document.activeElement;
  return !!el && el !== document.body && !el.checkVisibility({visibilityProperty: true});
}"""


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_phone_menu_button_opens_the_drawer_from_the_keyboard(browser, site_server, locale):
    """At phone width Tab reaches the menu button, Enter opens the drawer and moves focus into
    it, Escape closes it and brings focus back; focus never sits in hidden content."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(site_server + PREFIX[locale] + ARTICLE)
    for _ in range(4):
        page.keyboard.press("Tab")
        assert not page.evaluate(HIDDEN_FOCUS)
        if page.evaluate("document.activeElement.classList.contains('hc-menu')"):
            break
    menu = page.locator(".hc-menu")
    assert page.evaluate("document.activeElement.classList.contains('hc-menu')")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-label") == {"en": "Menu", "ko": "메뉴"}[locale]
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.evaluate("!!document.activeElement.closest('#hc-drawer')")
    page.locator("#hc-drawer .md-nav__link").first.wait_for(state="visible")
    for key in ["Shift+Tab", "Tab", "Tab", "Tab"]:   # the drawer's links: visible, with a ring
        page.keyboard.press(key)
        assert page.evaluate("!!document.activeElement.closest('#hc-drawer')")
        assert not page.evaluate(HIDDEN_FOCUS)
        state = page.evaluate(FOCUSED)
        assert state["ring"] and state["contrast"] >= 3, state
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.classList.contains('hc-menu')")
    assert menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Space")    # a button: Space works too
    assert page.evaluate("document.getElementById('__drawer').checked")
    context.close()


def test_menu_button_is_a_label_without_scripts_and_hidden_on_a_desktop(browser, site_server):
    """Without JavaScript Material's label still opens the drawer with a tap; on a wide screen
    the sidebar is always there and neither control shows."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + ARTICLE)
    assert not page.locator(".hc-menu").is_visible()
    page.locator(".hc-menu-label").click()
    assert page.locator("#__drawer").is_checked()
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_server + ARTICLE)
    assert not page.locator(".hc-menu").is_visible()
    assert not page.locator(".hc-menu-label").is_visible()
    context.close()


def test_a_saved_colour_scheme_is_applied_by_the_start_script_before_materials_bundle(
        browser, site_server):
    """start.js (Material's base.js + palette.js) applies the scheme a reader chose, before any
    later script runs: with Material's bundle blocked the page is still dark."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(site_server + "/ko/")
    page.evaluate("""localStorage.setItem('/.__palette', JSON.stringify({index: 1, color: {
      media: '(prefers-color-scheme: dark)', scheme: 'slate', primary: 'custom',
      accent: 'custom'}}))""")
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
    page.goto(site_server + "/ko/returns/refund-timing/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    context.close()

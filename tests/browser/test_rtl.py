"""A right-to-left locale mirrors: a fixture help center with Arabic (`ar`) next to English, built
and shown in Chromium. The language menu opens inside the screen, the breadcrumb, feedback
widget and contact cards run from the right, and English fallback text keeps dir="ltr"."""

from __future__ import annotations

import pytest

from tests.conftest import copy_project, helpcenter, serve_directory

pytestmark = pytest.mark.browser

ARTICLE = """---
title: {title}
description: {description}
reviewed: 2026-10-01
---

{body}

## {heading}

1. {step}
"""


RTL_LANGUAGE = """        - locale: ar
          name: العربية
          build: true
          site_name: مركز مساعدة لومورا
"""
CONTACT = """regions:
  world:
    name: {en: Worldwide, ar: العالم}
    locales: [en, ar]
    channels: [chat, email]
channels:
  chat:
    type: chat
    label: {en: Live chat, ar: محادثة مباشرة}
    url: https://lumora.example/help/chat
    hours:
      timezone: Asia/Dubai
      daily: 09:00-18:00
  email:
    type: email
    label: {en: E-mail, ar: البريد الإلكتروني}
    email: support@lumora.example
"""


@pytest.fixture(scope="module")
def rtl_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("rtl") / "project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("        - locale: ko"), config.index("  - helpcenter-content:")
    config = config[:start] + RTL_LANGUAGE + config[end:]       # en and ar only
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "content" / "contact.yml").write_text(CONTACT, encoding="utf-8")
    (root / "content" / "_ui" / "ar.yml").write_text(
        "nav.home: الصفحة الرئيسية\nbreadcrumb.label: أنت هنا\n"
        "feedback.question: هل كانت هذه المقالة مفيدة؟\nfeedback.yes: نعم\nfeedback.no: لا\n"
        "article.fallback_notice: هذه المقالة غير متوفرة بلغتك بعد.\n", encoding="utf-8")
    pages = {
        "en/index.md": "---\ntitle: Help\ndescription: Help.\nfeatured: [returns/refunds]\n---\n",
        "ar/index.md": "---\ntitle: مساعدة\ndescription: مساعدة.\n---\n",
        "en/returns/index.md": "---\ntitle: Returns\ndescription: Returns and refunds.\n"
                               "icon: material/undo\norder: 1\n---\n",
        "ar/returns/index.md": "---\ntitle: الإرجاع\ndescription: الإرجاع والاسترداد.\n"
                               "icon: material/undo\norder: 1\n---\n",
        "en/returns/refunds.md": ARTICLE.format(
            title="Get a refund", description="When your refund arrives.",
            body="Refunds take 3 to 5 days.", heading="Steps", step="Open your order."),
        "ar/returns/refunds.md": ARTICLE.format(
            title="استرداد المبلغ", description="متى يصل المبلغ المسترد.",
            body="يستغرق الاسترداد من 3 إلى 5 أيام.", heading="الخطوات", step="افتح طلبك."),
        "en/returns/labels.md": ARTICLE.format(
            title="Print a return label", description="Print the label for your parcel.",
            body="Open the order and print the label.", heading="Steps", step="Print it."),
    }
    for relative, text in pages.items():
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    site = root / "site"
    result = helpcenter("build", "--site-dir", str(site), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve_directory(site)
    yield url
    server.shutdown()


@pytest.fixture
def rtl_page(browser):
    context = browser.new_context(viewport={"width": 412, "height": 840}, locale="ar",
                                  reduced_motion="reduce")
    yield context.new_page()
    context.close()


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_language_menu_opens_inside_the_screen(rtl_page, rtl_site):
    page = rtl_page
    page.goto(rtl_site + "/ar/returns/refunds/")
    assert page.evaluate("document.body.dir") == "rtl"
    page.locator(".hc-lang__button").click()
    menu = box(page, ".hc-lang__list")
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 412
    assert page.evaluate("document.documentElement.scrollWidth") <= 412


def test_breadcrumb_feedback_and_contact_cards_run_from_the_right(rtl_page, rtl_site):
    page = rtl_page
    page.goto(rtl_site + "/ar/returns/refunds/")
    crumbs = page.locator(".hc-breadcrumb li")
    home, topic = crumbs.nth(0).bounding_box(), crumbs.nth(1).bounding_box()
    assert home["x"] > topic["x"]                                   # home on the right
    page.locator("[data-hc-feedback]").wait_for()
    yes, no = box(page, "[data-hc-vote=yes]"), box(page, "[data-hc-vote=no]")
    assert yes["x"] > no["x"]                                       # first button on the right
    card = box(page, ".hc-still .hc-channel")
    title = box(page, ".hc-still .hc-channel__title")
    action = box(page, ".hc-still .hc-channel__action")
    right = card["x"] + card["width"]
    assert right - (title["x"] + title["width"]) < 30              # text starts at the right
    assert right - (action["x"] + action["width"]) < 30            # and so does its button
    assert action["x"] - card["x"] > 30
    page.goto(rtl_site + "/ar/contact/")
    first = box(page, ".hc-channels .hc-channel__action")
    card = box(page, ".hc-channels .hc-channel")
    assert (card["x"] + card["width"]) - (first["x"] + first["width"]) < 30
    assert page.evaluate("document.documentElement.scrollWidth") <= 412


def test_english_fallback_text_inside_the_arabic_page_is_left_to_right(rtl_page, rtl_site):
    page = rtl_page
    page.goto(rtl_site + "/ar/returns/labels/")
    assert page.locator("[data-hc-fallback]").is_visible()
    for selector in ("h1", ".hc-article__body", ".md-header__topic .md-ellipsis"):
        element = page.locator(selector).last
        assert element.get_attribute("lang") == "en", selector
        assert element.evaluate("e => getComputedStyle(e).direction") == "ltr", selector
    page.goto(rtl_site + "/ar/returns/")
    fallback_item = page.locator(".hc-article-list__item[lang=en]")
    assert fallback_item.get_attribute("dir") == "ltr"

"""helpcenter-contact in real builds: a page per locale, and bad contact data stops the build
with the same file:line sentence that `helpcenter check` prints."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import helpcenter
from tests.helpcenter.conftest import Tree

CONTACT = """regions:
  us:
    locales: [en]
    channels: [chat, email]
  kr:
    locales: [ko]
    channels: [kakaotalk]
channels:
  chat:
    type: chat
    label: {en: Live chat}
    url: https://example.com/chat
    hours:
      timezone: America/New_York
      mon-fri: 09:00-18:00
  email:
    type: email
    label: {en: E-mail}
    email: help@example.com
  kakaotalk:
    type: kakaotalk
    label: {ko: 카카오톡}
    url: https://pf.kakao.com/_x/chat
    hours: {timezone: Asia/Seoul, daily: 09:00-22:00}
"""


@pytest.fixture
def tree(project_tree) -> Tree:
    return Tree(project_tree).minimal()


def test_a_bad_time_zone_fails_the_build_and_check_with_the_same_sentence(tree, tmp_path):
    tree.write("contact.yml", CONTACT.replace("America/New_York", "America/NewYork"))
    expected = ("content/contact.yml:14: error: unknown time zone 'America/NewYork' "
                "(did you mean 'America/New_York'?)")
    build = helpcenter("build", "--site-dir", str(tmp_path / "site"), cwd=tree.root)
    assert build.returncode != 0
    assert expected in build.stderr + build.stdout
    assert "1 error(s) in content/contact.yml; fix the lines named above" in build.stderr
    assert "Traceback" not in build.stderr
    check = helpcenter("check", cwd=tree.root)
    assert check.returncode != 0
    assert expected in check.stdout + check.stderr


def test_a_missing_contact_file_is_one_clear_error(tree, tmp_path):
    (tree.root / "content" / "contact.yml").unlink(missing_ok=True)
    (tree.root / "content" / "contact.yml").unlink(missing_ok=True)
    build = helpcenter("build", "--site-dir", str(tmp_path / "site"), cwd=tree.root)
    assert build.returncode != 0
    assert ("content/contact.yml: error: the contact file does not exist (create it (see the "
            "demo's content/contact.yml) or remove the helpcenter-contact plugin from mkdocs.yml)"
            ) in build.stderr
    assert "Traceback" not in build.stderr


def test_each_locale_gets_its_contact_page_with_its_own_channels(tree, tmp_path):
    tree.write("contact.yml", CONTACT)
    site = tmp_path / "site"
    build = helpcenter("build", "--site-dir", str(site), cwd=tree.root)
    assert build.returncode == 0, build.stderr
    en = (site / "contact" / "index.html").read_text(encoding="utf-8")
    ko = (site / "ko" / "contact" / "index.html").read_text(encoding="utf-8")
    ja = (site / "ja" / "contact" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-hc-channel-card="([^"]+)"', en) == ["chat", "email"]
    assert re.findall(r'data-hc-channel-card="([^"]+)"', ko) == ["kakaotalk"]
    assert re.findall(r'data-hc-channel-card="([^"]+)"', ja) == []
    assert 'hreflang="en"' in ja and 'hreflang="ko"' in ja  # other regions' pages
    # the article block uses the same data
    article = (site / "billing" / "refunds" / "index.html").read_text(encoding="utf-8")
    assert 'data-hc-contact="article"' in article
    assert "subject=Question%20about%3A%20Get%20a%20refund" in article
    # the contact page is not an article: the manifest does not list it
    manifest = json.loads((site / "helpcenter" / "manifest.json").read_text(encoding="utf-8"))
    assert not any("contact" in article_id for article_id in manifest["articles"])


def test_a_page_at_the_contact_path_is_refused(tree, tmp_path):
    tree.write("contact.yml", CONTACT)
    tree.category("en", "contact", "Contact")
    build = helpcenter("build", "--site-dir", str(tmp_path / "site"), cwd=tree.root)
    assert build.returncode != 0
    assert "helpcenter-contact generates it" in build.stderr + build.stdout


def test_the_demo_contact_page_has_a_language_switcher_to_each_contact_page(built_site):
    html = (built_site / "ko" / "contact" / "index.html").read_text(encoding="utf-8")
    menu = html[html.index('class="hc-lang__list"'):]
    menu = menu[:menu.index("</ul>")]
    links = {lang: href for href, lang in re.findall(r'href="([^"]+)" hreflang="([a-z]+)"', menu)}
    assert links == {"en": "../../contact/", "ko": "./", "ja": "../../ja/contact/"}
    assert "<title>고객센터 문의 - 루모라 고객센터</title>" in html
    # everything from the data file is escaped in attributes and text
    assert "<script>alert" not in html


def test_text_from_the_data_file_is_escaped_everywhere(tree, tmp_path):
    hostile = "<img src=x onerror=alert(1)> 'quoted'"
    text = CONTACT.replace("label: {en: Live chat}", f'label: {{en: "{hostile}"}}')
    text = text.replace("label: {en: E-mail}", 'label: {en: E-mail}\n    description: '
                        '{en: "</li></ul><script>alert(2)</script>"}')
    tree.write("contact.yml", text)
    site = tmp_path / "site"
    build = helpcenter("build", "--site-dir", str(site), cwd=tree.root)
    assert build.returncode == 0, build.stderr
    for page in (site / "contact" / "index.html", site / "billing" / "refunds" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<script>alert(2)" not in html
    html = (site / "contact" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt; &#39;quoted&#39;" in html
    assert "&lt;/li&gt;&lt;/ul&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html

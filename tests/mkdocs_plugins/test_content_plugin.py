"""The demo help center as built by every engine (`built_site`: helpcenter build, mkdocs build,
properdocs build): locales, switcher, fallback, anchors, manifest, page size."""

import json
import re

from helpcenter.manifest import load_manifest, validate_manifest
from tests.conftest import helpcenter
from tests.helpcenter.conftest import Tree

JA_MISSING = ["account/change-email", "returns/exchange-an-item"]


def build_with_refunds(project_tree, tmp_path, refunds_markdown):
    """Build the minimal tree with `en/billing/refunds.md` as given; answer the site folder."""
    Tree(project_tree).minimal().write("en/billing/refunds.md", refunds_markdown)
    site = tmp_path / "site"
    result = helpcenter("build", "--site-dir", str(site), "-f", str(project_tree / "mkdocs.yml"),
                        cwd=project_tree)
    assert result.returncode == 0, result.stderr
    return site


def page(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_demo_builds_every_locale(built_site):
    for locale, prefix in (("en", ""), ("ko", "ko/"), ("ja", "ja/")):
        html = page(built_site, prefix)
        assert f'<html lang="{locale}"' in html
        assert html.count('class="hc-card"') >= 6
        assert "data-hc-search-input" in html
    assert "비밀번호" in page(built_site, "ko/account/reset-password")
    assert "パスワード" in page(built_site, "ja/account/reset-password")
    assert load_manifest(built_site).locales == ["en", "ko", "ja"]
    assert (built_site / "ja/account/change-email/index.html").exists()  # a fallback page
    for prefix in ("", "ko/", "ja/"):
        assert (built_site / prefix / "contact/index.html").exists()


def switcher_links(html):
    menu = html[html.index('class="hc-lang__list"'):]
    menu = menu[:menu.index("</ul>")]
    return dict(re.findall(r'href="([^"]+)" hreflang="([a-z]+)"', menu))


def test_language_switcher_points_to_the_same_article(built_site):
    links = switcher_links(page(built_site, "ko/billing/payment-methods"))
    assert {v: k for k, v in links.items()} == {
        "en": "../../../billing/payment-methods/",
        "ko": "./",
        "ja": "../../../ja/billing/payment-methods/",
    }
    fallback_links = switcher_links(page(built_site, "account/change-email"))
    assert "../../ja/account/change-email/" in fallback_links


def test_fallback_articles_in_japanese_are_marked(built_site):
    for article_id in JA_MISSING:
        html = page(built_site, f"ja/{article_id}")
        assert "data-hc-fallback" in html
        assert "この記事はまだ日本語に翻訳されていない" in html
        assert re.search(r'<h1 lang="en" dir="ltr">', html)
        assert '<div class="hc-article__body" lang="en" dir="ltr">' in html
    own = page(built_site, "ja/account/reset-password")
    assert "data-hc-fallback" not in own
    assert '<div class="hc-article__body">' in own and "<h1>" in own
    # a related article that only exists in English is marked as such in the list
    assert re.search(r'<li class="hc-article-list__item" lang="en" dir="ltr">\s*<a [^>]*change-email',
                     own)


def test_article_page_has_breadcrumb_review_date_related_and_slot(built_site):
    html = page(built_site, "ko/account/reset-password")
    crumb = html[html.index('class="hc-breadcrumb"'):]
    crumb = crumb[:crumb.index("</nav>")]
    assert "고객센터 홈" in crumb and "../../" in crumb
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">최종 검토일 \d{4}년 \d{1,2}월 \d{1,2}일</time>',
                     html)
    assert 'id="hc-related-title"' in html and "관련 도움말" in html
    assert 'data-hc-slot="after-article"' in html


def test_korean_and_japanese_headings_get_unicode_anchors(built_site):
    for path in ("ko/account/reset-password", "ja/orders/delivery-times"):
        ids = re.findall(r'<h2 id="([^"]+)"', page(built_site, path))
        assert ids, path
        assert all(not re.fullmatch(r"_\d*", i) for i in ids), ids
        assert any(re.search(r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff]", i) for i in ids), ids


def test_category_page_lists_its_articles_with_descriptions(built_site):
    html = page(built_site, "returns")
    items = re.findall(r'class="hc-article-list__link" href="([^"]+)"', html)
    assert len(items) == 4 and "../returns/refund-timing/" not in items
    assert html.count('class="hc-article-list__text"') == 4


def test_manifest_lists_every_article_with_fallbacks(built_site):
    manifest = load_manifest(built_site)
    assert manifest.locales == ["en", "ko", "ja"] and manifest.default_locale == "en"
    assert len(manifest.articles) == 26
    entry = manifest.articles["account/reset-password"]
    assert entry["owner"] and entry["category"] == "account"
    assert entry["locales"]["ko"]["url"] == "/ko/account/reset-password/"
    assert entry["locales"]["ko"]["fallback"] is False
    for article_id in JA_MISSING:
        ja = manifest.articles[article_id]["locales"]["ja"]
        assert ja["fallback"] is True and ja["source"].startswith("content/en/")
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{10}", manifest.build_id)
    raw = json.loads((built_site / "helpcenter/manifest.json").read_text())
    assert validate_manifest(raw) == []


def test_article_html_does_not_grow_with_the_number_of_articles(project_tree, tmp_path):
    """The nav shows topics, not every article: 12 vs 240 articles give the same page size."""
    sizes = []
    for count in (12, 240):
        tree = Tree(project_tree)
        tree.home("en")
        for c in range(4):
            tree.category("en", f"cat{c}", f"Category {c}", order=c)
        for i in range(count):
            tree.article("en", f"cat{i % 4}/article-{i:03d}", f"Article {i:03d}", f"t{i % 7}")
        site = tmp_path / f"site{count}"
        result = helpcenter("build", "--site-dir", str(site), "-f",
                            str(project_tree / "mkdocs.yml"), cwd=project_tree)
        assert result.returncode == 0, result.stderr
        sizes.append(len((site / "cat1/article-001/index.html").read_bytes()))
    assert abs(sizes[1] - sizes[0]) < 600, sizes


def test_manifest_documentation_names_every_field(demo_site):
    """docs/manifest.md cannot drift: every field the build writes is documented."""
    from tests.conftest import REPO

    doc = (REPO / "docs/manifest.md").read_text()
    raw = json.loads((demo_site / "helpcenter/manifest.json").read_text())
    article = next(iter(raw["articles"].values()))
    fields = set(raw) | set(article) | set(next(iter(article["locales"].values())))
    missing = sorted(f for f in fields if f"`{f}`" not in doc and f'"{f}"' not in doc)
    assert missing == []


def test_titles_and_descriptions_are_escaped(project_tree, tmp_path):
    site = build_with_refunds(project_tree, tmp_path,
                              '---\ntitle: "Refunds <img src=x onerror=alert(1)>"\n'
                              'description: "Fees & <script>alert(2)</script>"\n---\n\nText\n')
    for path in ("billing/refunds", "billing", ""):
        html = page(site, path)
        assert "<img src=x" not in html and "<script>alert(2)" not in html, path
    article = page(site, "billing/refunds")
    assert "<h1>Refunds &lt;img src=x onerror=alert(1)&gt;</h1>" in article
    assert "Fees &amp; &lt;script&gt;alert(2)&lt;/script&gt;" in page(site, "billing")


def test_every_stylesheet_is_one_render_blocking_file_and_the_head_has_no_script(demo_site):
    html = page(demo_site, "ko/returns/refund-timing")
    head = html.split("</head>", 1)[0]
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert [s.rsplit("/", 1)[-1] for s in sheets] == ["bundle.css"]
    bundle = (demo_site / "assets/helpcenter/bundle.css").read_text(encoding="utf-8")
    material = [next((demo_site / "assets/stylesheets").glob(f"{name}.*.min.css"))
                .read_text(encoding="utf-8") for name in ("main", "palette")]
    own = [(demo_site / "assets/helpcenter" / part).read_text(encoding="utf-8")
           for part in ("helpcenter.css", "feedback.css", "search/search.css", "contact.css")]
    positions = [bundle.index(part) for part in [*material, *own]]   # each whole, in order:
    assert positions == sorted(positions)      # Material's first, so ours override it
    assert re.findall(r"<script\b(?![^>]*type=\"application/(?:ld\+)?json)[^>]*>", head) == []


def test_materials_start_up_scripts_are_one_file_before_the_page_is_painted(demo_site):
    html = page(demo_site, "ko/returns/refund-timing")
    header = html.split('<header class="md-header', 1)[1].split("</header>", 1)[0]
    start = re.findall(r'<script src="([^"]+/start\.js)" data-scope="([^"]+)"></script>', header)
    assert start == [("../../../assets/helpcenter/start.js", "../../..")]
    vendor = demo_site / "assets/helpcenter/vendor/mkdocs-material-9.8.1"
    script = (demo_site / "assets/helpcenter/start.js").read_text(encoding="utf-8")
    base, palette = ((vendor / name).read_text(encoding="utf-8").strip()
                     for name in ("base.js", "palette.js"))
    assert script == f"{base};\n{palette}\n"     # __md_get defined before the palette uses it
    assert "base.js" not in html and "/palette.js" not in html


def test_parts_rendered_once_per_folder_depth_keep_each_pages_relative_urls(built_site):
    """Material's configuration script, scripts and footer are rendered once per locale and
    folder depth (`hc_once`): every page still points at the theme's files from where it is."""
    import json
    import re

    pages = {"": "index.html", "../": "account/index.html", "../../": "account/reset-password/index.html",
             "../../../": "ko/account/reset-password/index.html"}
    for prefix, page in pages.items():
        html = (built_site / page).read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                      html, re.S).group(1))
        assert config["base"] == (prefix.rstrip("/") or "."), page
        assert config["search"].startswith(f"{prefix}assets/javascripts/workers/"), page
        bundle = re.search(r'<script src="([^"]*assets/javascripts/bundle[^"]*)"', html).group(1)
        assert bundle.startswith(f"{prefix}assets/") and (built_site / page).parent.joinpath(
            bundle).resolve().is_file(), page
        assert html.count('<footer class="md-footer">') == 1, page
    def translations(page: str) -> dict:
        html = (built_site / page).read_text(encoding="utf-8")
        found = re.search(r'id="__config" type="application/json">(.*?)<', html, re.S).group(1)
        return json.loads(found)["translations"]

    # each locale's own translations in the script, though both pages sit at depth ../../
    assert translations("ko/account/index.html") != translations("account/reset-password/index.html")


def test_header_feedback_and_contact_cards_rendered_once_keep_each_articles_own_parts(built_site):
    """The header's logo, menu and colour toggles, the feedback form and the contact cards are
    rendered once per locale (and depth) by `hc_once`: each article keeps its own id, links,
    relative URLs and language."""
    import re
    from urllib.parse import unquote

    def parts(path: str) -> dict:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        home = re.search(r'<a href="([^"]*)" title="[^"]*" class="md-header__button md-logo"',
                         html).group(1)
        logo = re.search(r'<img src="([^"]*logo[^"]*)"', html).group(1)
        here = (built_site / path)
        return {
            "home": (here / home / "index.html").resolve(),
            "logo": (here / logo).resolve(),
            "toggles": re.findall(r'aria-label="([^"]*)"\s*type="radio"', html),
            "article": re.findall(r'<section class="hc-feedback"[^>]*data-article="([^"]*)"', html),
            "contact": re.findall(r'data-hc-contact hidden>[^<]*<a href="[^"]*\?article=([^"]*)"',
                                  html),
            "mail": [unquote(m) for m in re.findall(r'href="mailto:[^"?]*\?subject=([^"&]*)', html)],
        }

    first, second = parts("ko/account/change-email"), parts("ko/billing/unexpected-charge")
    english = parts("account/change-email")
    assert first["home"] == second["home"] == (built_site / "ko/index.html").resolve()
    assert english["home"] == (built_site / "index.html").resolve()
    assert first["logo"].is_file() and english["logo"] == first["logo"]
    assert first["toggles"] == second["toggles"] and first["toggles"] != english["toggles"]
    for got, article in ((first, "account/change-email"), (second, "billing/unexpected-charge"),
                         (english, "account/change-email")):
        assert got["article"] == [article] and got["contact"] == [article]
    # the e-mail card's subject names each article (its link is per article, the card is not)
    assert first["mail"] and first["mail"] != second["mail"]
    category = parts("ko/account")                       # one folder up: its own home link
    assert category["home"] == first["home"] and category["article"] == []


def test_materials_content_tabs_script_is_only_on_pages_with_content_tabs(project_tree, tmp_path):
    site = build_with_refunds(project_tree, tmp_path,
                              '---\ntitle: "Refunds"\ndescription: "How"\n---\n\n'
                              '=== "Card"\n\n    By card.\n\n=== "Bank"\n\n    By transfer.\n')
    script = "assets/helpcenter/vendor/mkdocs-material-9.8.1/content.js"
    tabs = page(site, "billing/refunds")
    assert 'class="tabbed-set' in tabs and f'{script}" data-tabs-link></script>' in tabs
    assert script not in page(site, "billing") and script not in page(site, "")


def test_a_projects_own_stylesheet_comes_after_the_bundle_of_materials(project_tree, tmp_path):
    """bundle.css starts with Material's stylesheets: a project's own must follow it to win ties."""
    (project_tree / "overrides/stylesheets").mkdir()
    (project_tree / "overrides/stylesheets/extra.css").write_text(".md-typeset{color:red}\n",
                                                                  encoding="utf-8")
    config = project_tree / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "extra_css:\n", "extra_css:\n  - stylesheets/extra.css\n", 1), encoding="utf-8")
    site = build_with_refunds(project_tree, tmp_path,
                              '---\ntitle: "Refunds"\ndescription: "How"\n---\n\nText\n')
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page(site, "billing/refunds"))
    assert [s.rsplit("/", 2)[-1] for s in sheets] == ["bundle.css", "extra.css"]

"""The preview rebuilds only what a save changes, and says why a rebuild failed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpcenter.project import load_project
from helpcenter_collector.preview import PreviewBuilder
from helpcenter_collector.site import Reloader, SiteFolder

ARTICLE = "account/reset-password"


@pytest.fixture
def project(demo_project) -> Path:
    return demo_project


@pytest.fixture
def builder(project):
    builder = PreviewBuilder(load_project(project / "mkdocs.yml"), reloader=Reloader(),
                             echo=lambda line: None)
    assert builder.build(), builder.error
    builder.site = SiteFolder(builder.current)
    yield builder
    builder.stop()


def pages(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_a_saved_article_rebuilds_its_page_category_and_lists_not_the_site(project, builder):
    site = builder.current
    before = pages(site)
    source = project / "content" / "en" / f"{ARTICLE}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("title: ", "title: Zebra ", 1),
                      encoding="utf-8")
    assert builder.rebuild({source}), builder.error
    assert builder.reloader.build == 2   # the first build, then this one
    after = pages(site)
    rewritten = {name for name in after if after[name] != before[name]}
    showing = {name for name in after if "Zebra" in (site / name).read_text(encoding="utf-8")}
    # every page that shows the new title was rewritten: the article, its category, the home page
    # that features it and articles listing it as related
    assert showing <= rewritten
    assert {f"{ARTICLE}/index.html", "account/index.html", "index.html"} <= showing
    assert any(name.startswith("account/") and name.count("/") == 2 and name != f"{ARTICLE}/index.html"
               for name in showing)
    # ...and only those pages, not the site (the Korean translation shows its own title)
    assert len(rewritten) < len(after) / 4
    assert "Zebra" not in (site / "ko" / ARTICLE / "index.html").read_text(encoding="utf-8")
    # the locale's search index and the manifest follow
    assert "Zebra" in (site / "helpcenter/search/en.json").read_text(encoding="utf-8")
    assert "Zebra" in (site / "helpcenter/manifest.json").read_text(encoding="utf-8")


def test_an_english_save_updates_the_fallback_page_of_another_locale(project, builder):
    source = project / "content" / "en" / "account" / "create-account.md"
    fallback = [p for p in ("ko", "ja")
                if not (project / "content" / p / "account" / "create-account.md").exists()]
    source.write_text(source.read_text(encoding="utf-8") + "\n\nFallback marker 5150.\n",
                      encoding="utf-8")
    assert builder.rebuild({source}), builder.error
    for code in fallback:
        page = builder.current / code / "account" / "create-account" / "index.html"
        assert "Fallback marker 5150" in page.read_text(encoding="utf-8"), code


def test_a_broken_save_keeps_the_pages_and_names_file_and_line(project, builder):
    site = builder.current
    page = site / ARTICLE / "index.html"
    before = page.read_text(encoding="utf-8")
    source = project / "content" / "en" / f"{ARTICLE}.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("title: ", "title: [unclosed ", 1), encoding="utf-8")
    assert not builder.rebuild({source})
    assert re.match(rf"content/en/{ARTICLE}\.md:\d+: error: front matter is not valid YAML",
                    builder.error), builder.error
    assert builder.reloader.error == builder.error and builder.reloader.build == 1
    assert page.read_text(encoding="utf-8") == before
    source.write_text(good, encoding="utf-8")
    assert builder.rebuild({source})
    assert builder.error is None and builder.reloader.error is None


def test_a_new_file_or_template_change_rebuilds_everything_into_the_other_folder(project, builder):
    first = builder.current
    new = project / "content" / "en" / "account" / "brand-new.md"
    new.write_text("---\ntitle: Brand new\ndescription: A new article.\n---\n\nText.\n",
                   encoding="utf-8")
    assert builder.rebuild({new}), builder.error
    assert builder.current != first
    assert (builder.current / "account" / "brand-new" / "index.html").exists()

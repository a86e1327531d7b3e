"""The `helpcenter-content` plugin: pages as home › category › article.

It validates the content (errors stop the build with file:line messages), picks the template for
each page, gives templates a `hc` context (categories, breadcrumb, related articles, fallback
state, interface strings) and writes the manifest. The logic lives in `helpcenter.content` and
`helpcenter.manifest`; this class only wires MkDocs events to it.

The other help center plugins read the help center (`center`) and the build id (`build_id`) from
this object and the page's `hc` context, not from files: its `on_pre_build` and `on_page_context`
run first whatever the order in mkdocs.yml (`event_priority`).
"""

from __future__ import annotations

import re

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.pages import Page

from helpcenter.content import HelpCenter, load_help_center
from helpcenter.locales import UIStrings, format_date, page_url
from helpcenter.manifest import build_id, build_manifest, build_time, write_manifest
from helpcenter.mkdocs_plugins.content.config import ContentConfig
from helpcenter.mkdocs_plugins.glue import (
    current_locale,
    is_top_level_build,
    project_from_config,
    ui_strings,
    writes_site_files,
)
from helpcenter.problems import errors

log = get_plugin_logger(__name__)

TEMPLATES = {"home": "home.html", "category": "category.html", "article": "article.html"}
PERMALINK_TITLE = re.compile(r'(<a class="headerlink" href="[^"]*" title=")([^"]*)(")')


def page_kind(norm_src_uri: str) -> tuple[str, str | None]:
    """('home'|'category'|'article'|'other', id) from a path below the locale folder."""
    parts = norm_src_uri.removesuffix(".md").split("/")
    if parts == ["index"]:
        return "home", None
    if len(parts) == 2 and parts[1] == "index":
        return "category", parts[0]
    if len(parts) == 2:
        return "article", "/".join(parts)
    return "other", None


class ContentPlugin(BasePlugin[ContentConfig]):
    """Validates content, chooses page templates and writes site/helpcenter/manifest.json."""

    def __init__(self) -> None:
        self.center: HelpCenter | None = None
        self.strings: dict[str, UIStrings] = {}
        self.built_at = build_time()
        self.build_id = ""
        self.project = None

    @event_priority(50)  # first: the other plugins' events read center and build_id from here
    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled or not is_top_level_build(config):
            return
        project = project_from_config(config)
        center, problems = load_help_center(project)
        for problem in problems:
            (log.error if problem.level == "error" else log.warning)(str(problem))
        if errors(problems):
            raise PluginError(f"{len(errors(problems))} content error(s); fix the files named above")
        self.center = center
        self.project = project
        self.strings = ui_strings(project)
        self.built_at = build_time()
        self.build_id = build_id(center, self.built_at)

    def refresh_build_id(self) -> None:
        """After the preview reloaded an article: a new build, as the collector should see it."""
        assert self.center is not None
        self.built_at = build_time()
        self.build_id = build_id(self.center, self.built_at)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files) -> str:
        if not self.config.enabled or self.center is None:
            return markdown
        kind, _ = page_kind(getattr(page.file, "norm_src_uri", page.file.src_uri))
        if kind in TEMPLATES and "template" not in page.meta:
            page.meta["template"] = TEMPLATES[kind]
        # Material prints these without escaping (<title>, header, meta description).
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files) -> str:
        """Heading anchors are titled in the page's language (the toc extension's is English)."""
        if not self.config.enabled or self.center is None:
            return html
        title = escape(self.strings[current_locale(config)]["article.permalink"])
        return PERMALINK_TITLE.sub(lambda m: f"{m.group(1)}{title}{m.group(3)}", html)

    @event_priority(50)  # first: helpcenter-contact builds its block from context["hc"]
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        if not self.config.enabled or self.center is None:
            return context
        context["hc"] = self.page_context(page, current_locale(config))
        return context

    def on_template_context(self, context: dict, template_name: str, config: MkDocsConfig) -> dict:
        """The 404 page is one file for every locale: give it each locale's words and links."""
        if self.config.enabled and self.center is not None and template_name == "404.html":
            context["hc_not_found"] = [
                {"code": loc.code, "default": loc.default, "url": page_url(loc),
                 "contact_url": page_url(loc, self.config.contact_page),
                 "title": self.strings[loc.code]["notfound.title"],
                 "text": self.strings[loc.code]["notfound.text"],
                 "home": self.strings[loc.code]["notfound.home"],
                 "contact": self.strings[loc.code]["home.contact_link"]}
                for loc in self.center.locales]
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.center is None or not is_top_level_build(config):
            return
        if self.config.write_manifest and writes_site_files():
            manifest = build_manifest(self.center, self.built_at, site_url=config.site_url or "")
            write_manifest(config.site_dir, manifest)
            log.info(f"Manifest: {len(manifest['articles'])} articles, build {manifest['build_id']}")

    # -- template context --------------------------------------------------------------------

    def page_context(self, page: Page, locale: str) -> dict:
        center = self.center
        assert center is not None
        strings = self.strings[locale]
        kind, item_id = page_kind(getattr(page.file, "norm_src_uri", page.file.src_uri))
        loc = center.locale(locale)
        default = center.default_locale
        hc: dict = {
            "kind": kind,
            "locale": locale,
            "default_locale": default,
            "t": strings,
            "home_url": page_url(loc),
            "contact_url": page_url(loc, self.config.contact_page),
            "categories": [self.category_dict(v) for v in center.categories_for(locale)],
            "current_category": None,
            "locales": [{"code": other.code, "name": other.name, "url": page_url(other),
                         "message": self.strings[other.code]["suggest.message"],
                         "switch": self.strings[other.code]["suggest.switch"],
                         "dismiss": self.strings[other.code]["suggest.dismiss"]}
                        for other in center.locales],
        }
        if kind == "home":
            hc["featured"] = [self.article_dict(v) for v in center.featured(locale)]
        elif kind == "category" and item_id:
            view = center.resolve_category(locale, item_id)
            hc["current_category"] = self.category_dict(view) if view else None
            hc["articles"] = [self.article_dict(v) for v in center.articles_in(locale, item_id)]
        elif kind == "article" and item_id:
            view = center.resolve_article(locale, item_id)
            if view is not None:
                hc["article"] = self.article_dict(view, with_dates=True)
                category = center.resolve_category(locale, view.article.category)
                hc["current_category"] = self.category_dict(category) if category else None
                hc["related"] = [self.article_dict(v) for v in
                                 center.related(locale, item_id, self.config.related_articles)]
        return hc

    @staticmethod
    def category_dict(view) -> dict:
        category = view.category
        return {"id": category.id, "title": category.title, "description": category.description,
                "icon": category.icon, "url": view.url, "count": view.article_count,
                "fallback": view.fallback, "lang": category.locale}

    def article_dict(self, view, with_dates: bool = False) -> dict:
        article = view.article
        data = {"id": article.id, "title": article.title, "description": article.description,
                "url": view.url, "fallback": view.fallback, "lang": article.locale,
                "category": article.category, "tags": article.tags}
        if with_dates:
            data["reviewed"] = article.reviewed.isoformat() if article.reviewed else None
            data["reviewed_label"] = (
                self.strings[view.locale].format(
                    "article.last_reviewed", date=format_date(article.reviewed, view.locale))
                if article.reviewed else "")
        return data

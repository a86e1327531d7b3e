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
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.pages import Page

from helpcenter.content import HelpCenter
from helpcenter.locales import UIStrings, format_date, page_url, text_direction
from helpcenter.manifest import build_id, build_manifest, build_time, write_manifest
from helpcenter.mkdocs_plugins import read_ahead
from helpcenter.mkdocs_plugins.content.config import ContentConfig
from helpcenter.mkdocs_plugins.glue import (
    LocaleProcess,
    current_locale,
    is_top_level_build,
    project_from_config,
    ui_strings,
    writes_site_files,
)
from helpcenter.problems import errors
from helpcenter.seo import CONTACT_DATA, FindabilityModel, SiteFacts

log = get_plugin_logger(__name__)

TEMPLATES = {"home": "home.html", "category": "category.html", "article": "article.html"}
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
# Every stylesheet a page needs is served as one file, Material's first (main, then the palette's)
# and then the help center's own (each plugin adds its own): one render-blocking request instead
# of six. main.html leaves Material's own <link>s out when the bundle is there.
OWN_CSS = "assets/helpcenter/"
CSS_BUNDLE = "assets/helpcenter/bundle.css"
THEME_CSS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
# Material's two start-up scripts (vendored as files for the strict CSP) as one file in the header:
# no script in the head, one parser-blocking request instead of two.
START_JS = "assets/helpcenter/start.js"
START_PARTS = ("assets/helpcenter/vendor/mkdocs-material-9.8.1/base.js",
               "assets/helpcenter/vendor/mkdocs-material-9.8.1/palette.js")
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


def theme_stylesheets(site: Path, palette: bool) -> list[Path]:
    """Material's stylesheets as copied into the site (their names carry a content hash)."""
    patterns = THEME_CSS if palette else THEME_CSS[:1]
    return [theme_file(site, pattern) for pattern in patterns]


def theme_file(site: Path, pattern: str) -> Path:
    """The one file of the theme matching `pattern`, or an error naming what to update: main.html
    and the header leave Material's own tags out, so a silently missing part breaks every page."""
    found = sorted(site.glob(pattern))
    if not found:
        raise PluginError(f"Material's {pattern} was not copied into the site; update THEME_CSS "
                          "and START_PARTS in the content plugin for this mkdocs-material version")
    return found[0]


class RenderedOnce:
    """`{% call hc_once(key, ...) %}...{% endcall %}`: the body is rendered the first time its key
    is seen and reused after that.

    Material's base template renders, on every page, parts that are the same on every page of
    a locale at one folder depth (its configuration script with translations, stylesheets,
    scripts, footer): main.html keys them by locale and base URL so that a build renders them
    once per depth instead of once per article."""

    def __init__(self) -> None:
        self.rendered: dict[tuple, str] = {}

    def __call__(self, *key: object, caller) -> str:
        if key not in self.rendered:
            self.rendered[key] = caller()
        return self.rendered[key]


class ContentPlugin(BasePlugin[ContentConfig]):
    """Validates content, chooses page templates and writes site/helpcenter/manifest.json."""

    def __init__(self) -> None:
        self.center: HelpCenter | None = None
        self.strings: dict[str, UIStrings] = {}
        self.built_at = build_time()
        self.build_id = ""
        self.project = None
        self.root_not_found: str | None = None
        self.findability: FindabilityModel | None = None
        self.bundled: list[str] = []
        self.not_found_rendered = False
        self.env = None
        self.nav_files = None

    @event_priority(-90)   # after the other help center plugins have added their stylesheets
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        own = [css for css in config.extra_css if str(css).startswith(OWN_CSS) and css != CSS_BUNDLE]
        if self.config.enabled and (own or self.bundled):   # (again in each locale's build)
            self.bundled = list(dict.fromkeys([*self.bundled, *own]))
            # first: it starts with Material's stylesheets, which a project's own must follow
            config.extra_css = [CSS_BUNDLE] + [css for css in config.extra_css
                                               if css not in own and css != CSS_BUNDLE]
        return config

    @event_priority(50)  # first: the other plugins' events read center and build_id from here
    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled or not is_top_level_build(config):
            return
        self.root_not_found = None
        self.not_found_rendered = False
        project = project_from_config(config)
        center, problems = read_ahead.content(project)   # read by the parent for every locale
        for problem in problems:
            (log.error if problem.level == "error" else log.warning)(str(problem))
        if errors(problems):
            raise PluginError(f"{len(errors(problems))} content error(s); fix the files named above")
        self.center = center
        self.project = project
        self.strings = ui_strings(project)
        self.built_at = build_time()
        self.build_id = build_id(center, self.built_at)
        self.findability = FindabilityModel(center, self.site_facts(config, project))

    def site_facts(self, config: MkDocsConfig, project) -> SiteFacts:
        i18n = config.plugins.get("i18n")
        names = {lang.locale: lang.site_name or config.site_name
                 for lang in getattr(getattr(i18n, "config", None), "languages", []) or []}
        site_url = (config.site_url or "").strip()
        changed = read_ahead.changes(project)
        contact = (project.docs_dir / "contact.yml").resolve()
        if contact.is_relative_to(project.root):
            changed[CONTACT_DATA] = changed.get(contact.relative_to(project.root).as_posix())
        return SiteFacts(
            site_url=site_url.rstrip("/") + "/" if site_url else "",
            site_names={loc.code: names.get(loc.code) or config.site_name
                        for loc in project.locales},
            contact_page=self.config.contact_page.strip("/"),
            publisher={k: v for k, v in dict(self.config.publisher).items() if v},
            changed={k: v for k, v in changed.items() if v is not None})

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
        """The 404 page is rendered once per locale build: give it that locale's `hc` context."""
        if self.config.enabled and self.center is not None and template_name == NOT_FOUND:
            context["hc"] = self.locale_context(current_locale(config), "not_found")
        return context

    @event_priority(-50)   # after the other plugins' changes (search adds its data block)
    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Every locale build writes the site's root 404.html. The default locale's (built first)
        stays there; every other locale's is written to <locale>/404.html instead."""
        if not self.config.enabled or self.center is None:
            return output
        if template_name == SITEMAP and self.findability is not None:
            # Every locale build renders sitemap.xml at the root: one, from the content model.
            robots = Path(config.site_dir) / "robots.txt"
            robots.write_text(self.findability.robots(), encoding="utf-8")
            # A per-locale process renders its own part (the parent merges them).
            return self.findability.sitemap(LocaleProcess.locale)
        if template_name != NOT_FOUND:
            return output
        locale = self.center.locale(current_locale(config))
        self.not_found_rendered = True
        if locale.default or self.root_not_found is None:
            self.root_not_found = output
        if locale.default:
            return output
        target = Path(config.site_dir) / locale.url_prefix / NOT_FOUND
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        return self.root_not_found

    def on_nav(self, nav, config: MkDocsConfig, files):
        self.nav_files = (nav, files)
        return nav

    def on_env(self, env, config: MkDocsConfig, files):
        self.env = env
        env.globals["hc_once"] = RenderedOnce()   # a new one per build (and per locale)
        return env

    def render_not_found(self, config: MkDocsConfig) -> None:
        """A per-locale process that does not write the site-wide files renders no static
        template: render this locale's 404 page here (on_post_template writes it)."""
        if self.not_found_rendered or self.env is None or self.nav_files is None:
            return
        if NOT_FOUND not in config.theme.static_templates:
            return
        from mkdocs.commands import build as engine

        nav, files = self.nav_files
        engine._build_template(NOT_FOUND, self.env.get_template(NOT_FOUND), files, config, nav)

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.config.enabled and self.center is not None:
            self.render_not_found(config)
        # Every build that writes the site's shared files (a locale process that does not copies
        # no theme assets, so its folder may not even exist yet): the copied stylesheets, in the
        # order they were listed.
        if self.bundled and writes_site_files() and (Path(config.site_dir) / CSS_BUNDLE).parent.is_dir():
            site = Path(config.site_dir)
            sheets = [*theme_stylesheets(site, palette=bool(config.theme.get("palette"))),
                      *(site / css for css in self.bundled)]
            (site / CSS_BUNDLE).write_text("\n".join(
                sheet.read_text(encoding="utf-8") for sheet in sheets if sheet.is_file()),
                encoding="utf-8")
            (site / START_JS).write_text(";\n".join(
                theme_file(site, part).read_text(encoding="utf-8").strip() for part in START_PARTS)
                + "\n", encoding="utf-8")
        if not self.config.enabled or self.center is None or not is_top_level_build(config):
            return
        if self.config.write_manifest and writes_site_files():
            manifest = build_manifest(self.center, self.built_at, site_url=config.site_url or "")
            write_manifest(config.site_dir, manifest)
            log.info(f"Manifest: {len(manifest['articles'])} articles, build {manifest['build_id']}")

    # -- template context --------------------------------------------------------------------

    def page_context(self, page: Page, locale: str) -> dict:
        kind, item_id = page_kind(getattr(page.file, "norm_src_uri", page.file.src_uri))
        center = self.center
        assert center is not None
        hc = self.locale_context(locale, kind)
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
        hc["seo"] = self.head(hc, page, item_id)
        return hc

    def head(self, hc: dict, page: Page, item_id: str | None) -> dict | None:
        """Canonical, robots, Open Graph and JSON-LD of the page (helpcenter.seo)."""
        if self.findability is None:
            return None
        t, kind = hc["t"], hc["kind"]
        meta = page.meta or {}
        title, description = str(meta.get("title") or page.title or ""), str(
            meta.get("description") or "")
        crumbs = [(t["nav.home"], hc["home_url"])]
        source = getattr(page.file, "norm_src_uri", page.file.src_uri).removesuffix(".md")
        if source.removesuffix("/index") == self.config.contact_page.strip("/"):
            kind, item_id = "contact", None
            title, description = t["contact.title"], t["contact.intro"]
            crumbs.append((title, hc["contact_url"]))
        if hc.get("current_category"):
            category = hc["current_category"]
            crumbs.append((category["title"], category["url"]))
            if kind == "category":
                title, description = category["title"], category["description"]
        if hc.get("article"):
            article = hc["article"]
            title, description = article["title"], article["description"]
            crumbs.append((title, article["url"]))
        if kind == "home":
            title = self.findability.facts.site_names.get(hc["locale"], title)
        return self.findability.head(kind, hc["locale"], item_id, title, description, crumbs)

    def locale_context(self, locale: str, kind: str) -> dict:
        """What every page of a locale shows: its strings, home, contact page, topics, locales."""
        center = self.center
        assert center is not None
        strings = self.strings[locale]
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
        return hc

    @staticmethod
    def category_dict(view) -> dict:
        category = view.category
        return {"id": category.id, "title": category.title, "description": category.description,
                "icon": category.icon, "url": view.url, "count": view.article_count,
                "fallback": view.fallback, "lang": category.locale,
                "dir": text_direction(category.locale)}

    def article_dict(self, view, with_dates: bool = False) -> dict:
        article = view.article
        data = {"id": article.id, "title": article.title, "description": article.description,
                "url": view.url, "fallback": view.fallback, "lang": article.locale,
                "dir": text_direction(article.locale),
                "category": article.category, "tags": article.tags}
        if with_dates:
            data["reviewed"] = article.reviewed.isoformat() if article.reviewed else None
            data["reviewed_label"] = (
                self.strings[view.locale].format(
                    "article.last_reviewed", date=format_date(article.reviewed, view.locale))
                if article.reviewed else "")
        return data

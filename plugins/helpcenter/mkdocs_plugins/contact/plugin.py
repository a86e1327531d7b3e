"""The `helpcenter-contact` plugin: a contact page per locale and "Still need help?" on articles.

It validates `content/contact.yml` once per build (errors stop the build with file:line
messages), adds one generated page per locale at the content plugin's `contact_page` path
(`/contact/`, `/ko/contact/`, ...) rendered with `overrides/contact.html`, and gives templates an
`hc_contact` context: the channel cards of the page's locale, and on articles the first few with
links that carry the article's context. Once per build it writes the data itself as
`helpcenter/contact.json` (`helpcenter.contact.snapshot`), for `helpcenter mcp`. The logic lives
in `helpcenter.contact`.
"""

from __future__ import annotations

import datetime as dt
import json

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from helpcenter import clock
from helpcenter.contact import ContactBook, load_contact_file
from helpcenter.contact.links import ArticleContext
from helpcenter.contact.present import contact_cards, with_article
from helpcenter.contact.snapshot import write_snapshot
from helpcenter.locales import UIStrings, page_url
from helpcenter.mkdocs_plugins.contact.config import ContactConfig
from helpcenter.mkdocs_plugins.glue import (
    current_locale,
    is_top_level_build,
    project_from_config,
    ui_strings,
)
from helpcenter.problems import errors

log = get_plugin_logger(__name__)

TEMPLATE = "contact.html"
SCRIPT = "assets/helpcenter/contact.js"
STYLESHEET = "assets/helpcenter/contact.css"
CONTENT_PLUGIN = "helpcenter-content"
STATUS_PREFIX = "contact.status."


class ContactPlugin(BasePlugin[ContactConfig]):
    """Contact page per locale and the article block, generated from the contact data."""

    def __init__(self) -> None:
        self.book: ContactBook | None = None
        self.strings: dict[str, UIStrings] = {}
        self.locales: list = []
        self.default_locale = "en"
        self.page_path = "contact"
        self.today = clock.today()
        self.block_cards: dict[str, list[dict]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        content = config.plugins.get(CONTENT_PLUGIN)
        if content is None:
            raise PluginError("mkdocs.yml: helpcenter-contact needs the helpcenter-content plugin "
                              "too")
        self.page_path = str(content.config.contact_page).strip("/") or "contact"
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled or not is_top_level_build(config):
            return
        project = project_from_config(config)
        path = project.docs_dir / self.config.data_file
        try:
            shown = path.relative_to(project.root).as_posix()
        except ValueError:
            shown = str(path)
        book, problems = load_contact_file(path, project.locale_codes, shown)
        for problem in problems:
            (log.error if problem.level == "error" else log.warning)(str(problem))
        if errors(problems) or book is None:
            raise PluginError(f"{len(errors(problems))} error(s) in {shown}; fix the lines named "
                              "above")
        self.book = book
        self.block_cards: dict[str, list[dict]] = {}
        self.locales = project.locales
        self.default_locale = project.default_locale.code
        self.today = clock.today() - dt.timedelta(days=2)  # any visitor's today is after this
        self.strings = ui_strings(project)

    # -- the generated page, one per locale build -------------------------------------------

    def page_file(self, config: MkDocsConfig, code: str) -> File:
        locale = next(loc for loc in self.locales if loc.code == code)
        meta = {"title": self.strings[code]["contact.title"],
                "description": self.strings[code]["contact.intro"], "template": TEMPLATE}
        source = f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n"
        file = File.generated(config, f"{code}/{self.page_path}.md", content=source)
        file.dest_uri = f"{page_url(locale, self.page_path)}index.html"
        file.url = page_url(locale, self.page_path)
        file.locale = code
        file.localization = code
        file.locale_alternate_of = code
        file.norm_src_uri = f"{self.page_path}.md"
        file.alternates = {}
        return file

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has sorted the locale's files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.book is None:
            return files
        code = current_locale(config)
        page = self.page_file(config, code)
        if files.get_file_from_path(page.src_uri) is not None or any(
                f.dest_uri == page.dest_uri for f in files):
            raise PluginError(f"{page.dest_uri} already exists in the content; helpcenter-contact "
                              f"generates it: remove that page or change 'contact_page'")
        page.alternates = {loc.code: (page if loc.code == code else self.page_file(config, loc.code))
                           for loc in self.locales}
        files.append(page)
        return files

    # -- template context --------------------------------------------------------------------

    def is_contact_page(self, page: Page) -> bool:
        return bool(getattr(page.file, "generated_by", None)) and \
            getattr(page.file, "norm_src_uri", "") == f"{self.page_path}.md"

    def article_cards(self, code: str, strings: UIStrings, article: ArticleContext) -> list[dict]:
        """The block's cards: computed once per locale, only the links vary by article."""
        assert self.book is not None
        limit = self.config.article_channels
        if code not in self.block_cards:
            self.block_cards[code] = contact_cards(self.book, code, self.default_locale, strings,
                                                   None, self.today, limit=limit)
        channels = self.book.channels_for(code)[:limit]
        return [with_article(card, channel, strings, article)
                for card, channel in zip(self.block_cards[code], channels, strict=True)]

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        if not self.config.enabled or self.book is None:
            return context
        code = current_locale(config)
        strings = self.strings[code]
        hc = context.get("hc") or {}
        data = {
            "locale": code,
            "contact_url": page_url(next(x for x in self.locales if x.code == code),
                                    self.page_path),
            "strings_json": json.dumps({**strings.as_dict(STATUS_PREFIX),
                                        "clock": strings.get("contact.clock", "24h")},
                                       ensure_ascii=False),
            "script": SCRIPT,
        }
        if self.is_contact_page(page):
            data["kind"] = "page"
            data["cards"] = contact_cards(self.book, code, self.default_locale, strings,
                                          today=self.today)
            data["regions"] = self.other_regions(code)
            context["hc_contact"] = data
        elif hc.get("kind") == "article" and hc.get("article") and self.config.article_channels:
            article = hc["article"]
            base = (config.site_url or "/").rstrip("/") + "/"
            article_context = ArticleContext(article["id"], article["title"],
                                             base + article["url"].lstrip("/"), code)
            data["kind"] = "article"
            data["article"] = article["id"]
            data["cards"] = self.article_cards(code, strings, article_context)
            context["hc_contact"] = data
        return context

    def other_regions(self, code: str) -> list[dict]:
        """Links to the contact pages of regions shown in other locales, named in their language."""
        assert self.book is not None
        out = []
        for region in self.book.regions.values():
            if code in region.locales or not region.locales:
                continue
            target = next(loc for loc in self.locales if loc.code == region.locales[0])
            out.append({"name": region.name(target.code, self.default_locale),
                        "language": target.name, "lang": target.code,
                        "url": page_url(target, self.page_path)})
        return out

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.config.enabled and self.book is not None and is_top_level_build(config):
            pages = {loc.code: "/" + page_url(loc, self.page_path) for loc in self.locales}
            write_snapshot(config.site_dir, self.book, pages)

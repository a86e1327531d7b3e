"""The `helpcenter-assistants` plugin: the site as assistants read it.

Beside every article page it writes the page's Markdown copy (`index.md`, made from the rendered
HTML by `helpcenter.assistants`) and announces it with `<link rel="alternate"
type="text/markdown">` inside `<noscript>` (see ALTERNATE); at the end of each locale's build it
writes that locale's `llms.txt` and `llms-full.txt`. Each locale build is self-contained (the
copies it needs are the pages it just rendered), so it works however mkdocs-static-i18n
schedules the locales.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.pages import Page

from helpcenter.assistants.copies import COPY_NAME, ArticleCopy, article_copy
from helpcenter.assistants.llms_txt import LLMS_FULL_TXT, LLMS_TXT, llms_full_txt, llms_txt
from helpcenter.locales import UIStrings
from helpcenter.mkdocs_plugins.assistants.config import AssistantsConfig
from helpcenter.mkdocs_plugins.content.plugin import page_kind
from helpcenter.mkdocs_plugins.glue import current_locale, project_from_config, ui_strings

log = get_plugin_logger(__name__)

CONTENT_PLUGIN = "helpcenter-content"
# Inside <noscript>: assistants and crawlers read HTML without running scripts, and parse it as
# an ordinary <link> in the head; a browser (scripting on) sees only text there, so Material's
# bundle, which fetches sitemap.xml beside every link[rel=alternate] (its language-alternate
# lookup), never asks for <article>/sitemap.xml (a 404 on every article). docs/assistants.md.
ALTERNATE = '<noscript><link rel="alternate" type="text/markdown" href="{href}"></noscript>'


class AssistantsPlugin(BasePlugin[AssistantsConfig]):
    """Markdown copies of articles, llms.txt and llms-full.txt per locale."""

    def __init__(self) -> None:
        self.copies: dict[str, dict[str, ArticleCopy]] = {}
        self.strings: dict[str, UIStrings] = {}
        # Locale builds nest (static-i18n builds the others from the first one's post_build):
        # the locale whose post_build runs is the one whose pre_build ran last and is not done.
        self.building: list[str] = []

    def center(self, config: MkDocsConfig):
        return getattr(config.plugins.get(CONTENT_PLUGIN), "center", None)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self.building.append(current_locale(config))
        self.copies[self.building[-1]] = {}
        if not self.strings:
            self.strings = ui_strings(project_from_config(config))

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files) -> str:
        center = self.center(config)
        if not self.config.enabled or not self.config.markdown_copies or center is None:
            return html
        kind, article_id = page_kind(getattr(page.file, "norm_src_uri", page.file.src_uri))
        locale = current_locale(config)
        view = center.resolve_article(locale, article_id) if kind == "article" else None
        if view is None:
            return html
        copy = article_copy(view, config.site_url or "", html)
        self.copies.setdefault(locale, {})[view.article.id] = copy
        target = Path(page.file.abs_dest_path).with_name(COPY_NAME)
        if target.name == Path(page.file.abs_dest_path).name:  # use_directory_urls: false
            target = Path(page.file.abs_dest_path).with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(copy.document(), encoding="utf-8")
        page.meta["hc_markdown_copy"] = target.name
        return html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        name = page.meta.get("hc_markdown_copy")
        if not self.config.enabled or not name or "</head>" not in output:
            return output
        head, _, tail = output.partition("</head>")
        return f"{head}{ALTERNATE.format(href=name)}\n</head>{tail}"

    @event_priority(-110)  # after mkdocs-static-i18n's own post_build (-100)
    def on_post_build(self, config: MkDocsConfig) -> None:
        center = self.center(config)
        if not self.config.enabled or not self.building:
            return
        locale = self.building.pop()
        if not self.config.llms_txt or center is None:
            return
        copies = self.copies.get(locale, {})
        if not copies:
            return
        strings = self.strings[locale]
        loc = center.locale(locale)
        root = Path(config.site_dir) / loc.url_prefix
        content = config.plugins.get(CONTENT_PLUGIN)
        contact = str(getattr(getattr(content, "config", None), "contact_page", "") or "")
        if "helpcenter-contact" not in config.plugins:
            contact = ""
        site_url = config.site_url or ""
        (root / LLMS_TXT).write_text(llms_txt(center, locale, site_url, strings, contact),
                                     encoding="utf-8")
        (root / LLMS_FULL_TXT).write_text(llms_full_txt(center, locale, copies, strings),
                                          encoding="utf-8")
        log.info(f"{loc.url_prefix}{LLMS_TXT}: {len(copies)} articles")

"""The `helpcenter-search` plugin: per-locale search indexes and the search box on every page.

Once per build it writes `site/helpcenter/search/<locale>.json` for every locale (see
`helpcenter.search.index`); on every page it loads the search script and hands it, in a JSON
data block (not an executed script, so a strict CSP holds), the page's locale, where that locale's
index and the worker are, the contact page and the interface strings. Material's own `search`
plugin must stay disabled: it would build one index for all locales in the browser.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from helpcenter.mkdocs_plugins.content.plugin import page_kind
from helpcenter.mkdocs_plugins.glue import (
    built_locales,
    current_locale,
    is_top_level_build,
    project_from_config,
    ui_strings,
)
from helpcenter.mkdocs_plugins.search.config import SearchConfig
from helpcenter.pagetext import PageText, page_text
from helpcenter.search.index import SEARCH_DIR, write_search_indexes
from helpcenter.search.synonyms import BaseVocabularyError, check_synonyms, load_synonyms

log = get_plugin_logger(__name__)

SCRIPT = "assets/helpcenter/search/search.js"
SCRUB_SCRIPT = "assets/helpcenter/scrub.js"
STYLESHEET = "assets/helpcenter/search/search.css"
WORKER = "assets/helpcenter/search/worker.js"
STRING_PREFIX = "search."


class SearchPlugin(BasePlugin[SearchConfig]):
    """Writes one lunr index per locale and wires the search box into every page."""

    def __init__(self) -> None:
        self.strings: dict[str, dict[str, str]] = {}
        # locale → article id → the text of the article body as rendered: search indexes what
        # the customer sees (admonition titles, tables, tabs, footnotes), not the Markdown
        # source. Read as each page is rendered, from the page's tree (`htmltree.read_html`),
        # which the Markdown copy of helpcenter-assistants reads next: one parse for both.
        self.pages: dict[str, dict[str, PageText]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        if "search" in config.plugins or "material/search" in config.plugins:
            raise PluginError("mkdocs.yml: remove the 'search' plugin; helpcenter-search replaces "
                              "it with one index per locale")
        for script in (SCRUB_SCRIPT, SCRIPT):  # scrub.js: the query normaliser's scrubber
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled or not is_top_level_build(config):
            return
        project = project_from_config(config)
        self.strings = {code: strings.as_dict(STRING_PREFIX)
                        for code, strings in ui_strings(project).items()}
        self.pages = {}

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files) -> str:
        if self.config.enabled:
            kind, article_id = page_kind(getattr(page.file, "norm_src_uri", page.file.src_uri))
            if kind == "article" and article_id:
                self.pages.setdefault(current_locale(config), {})[article_id] = page_text(html)
        return html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if not self.config.enabled or "</body>" not in output:
            return output
        locale = current_locale(config)
        return self._with_data(output, self.page_data(page, config, locale))

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page is shown at any address: its search box gets the site's absolute root."""
        if not self.config.enabled or template_name != "404.html" or "</body>" not in output:
            return output
        root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        return self._with_data(output, self.data_from(root, config, current_locale(config)))

    @staticmethod
    def _with_data(output: str, data: dict) -> str:
        block = ('<script type="application/json" id="hc-search-config">'
                 + json.dumps(data, ensure_ascii=False).replace("</", "<\\/") + "</script>")
        head, _, tail = output.rpartition("</body>")
        return f"{head}{block}</body>{tail}"

    def page_data(self, page: Page, config: MkDocsConfig, locale: str) -> dict:
        """Everything search.js needs, with URLs relative to the page (the site may live anywhere)."""
        return self.data_from(self._root_from(page, config, locale), config, locale)

    def data_from(self, root: str, config: MkDocsConfig, locale: str) -> dict:
        contact = self._contact_page(config)
        prefix = "" if locale == self._default_locale(config) else f"{locale}/"
        return {
            "locale": locale,
            "root": root,
            "index": f"{root}{SEARCH_DIR}/{locale}.json",
            "worker": f"{root}{WORKER}",
            "home": f"{root}{prefix}",
            "contact": f"{root}{prefix}{contact.strip('/')}/" if contact else "",
            "events": bool(self.config.events),
            "strings": self.strings.get(locale, {}),
        }

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled or not is_top_level_build(config):
            return
        content = config.plugins.get("helpcenter-content")
        center = getattr(content, "center", None)
        if center is None:
            log.warning("helpcenter-search needs helpcenter-content in mkdocs.yml; "
                        "no search index was written")
            return
        locales = [loc.code for loc in built_locales(project_from_config(config))]
        sizes = write_search_indexes(center, config.site_dir, build_id=content.build_id,
                                     snippet_chars=self.config.snippet_chars, pages=self.pages,
                                     locales=locales, synonyms=self._synonyms(config, locales),
                                     split_above=self.config.split_above_kb * 1024)
        log.info("Search indexes: " + ", ".join(f"{k} {v // 1024} KB" for k, v in sizes.items()))

    # -- helpers -----------------------------------------------------------------------------

    def _synonyms(self, config: MkDocsConfig, locales: list[str]) -> dict[str, dict]:
        """Each locale's synonyms; a writer's entry with a problem is left out with a warning
        (`--strict` fails), a broken base vocabulary stops the build."""
        for problem in check_synonyms(config.docs_dir, locales, Path(config.docs_dir).name):
            log.warning(f"{problem} (search leaves it out until it is fixed)")
        try:
            return {code: load_synonyms(config.docs_dir, code, self.config.base_vocabulary)
                    for code in locales}
        except BaseVocabularyError as exc:
            raise PluginError(str(exc)) from exc

    @staticmethod
    def _default_locale(config: MkDocsConfig) -> str:
        plugin = config.plugins.get("i18n")
        return getattr(plugin, "default_language", "") or "en"

    @staticmethod
    def _contact_page(config: MkDocsConfig) -> str:
        content = config.plugins.get("helpcenter-content")
        options = getattr(content, "config", None)
        return str(getattr(options, "contact_page", "contact") or "")

    def _root_from(self, page: Page, config: MkDocsConfig, locale: str) -> str:
        """Relative URL from this page to the site root ('../../'), whatever the locale build."""
        url = page.url or ""
        relative = get_relative_url(".", url) if url else "."
        relative = "" if relative == "." else relative.rstrip("/") + "/"
        prefix = "" if locale == self._default_locale(config) else f"{locale}/"
        if prefix and not url.startswith(prefix):
            relative += "../"  # nested locale build: page URLs are relative to site/<locale>/
        return relative


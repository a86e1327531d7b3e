"""One locale of the site built by the engine in this process, kept warm to rebuild single pages.

mkdocs-static-i18n builds the locales one after another in one process. `helpcenter build` instead
runs one process per locale (`site_build.py`), each building its locale as a top-level build with
the same `mkdocs.yml`: pages, the locale's search index and its static files. The default locale's
process also writes what the site has once (theme assets, 404 page, manifest, event
configuration); the sitemap is rendered by every process for its own pages and merged by the
parent, so it lists every locale as the one-process build does.

The steps below are MkDocs' own `build()` (mkdocs/commands/build.py, 1.6), taken apart so that a
process can skip the shared outputs and, for the preview, keep files, navigation and pages to
re-render only the pages a save changes (`rebuild`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from mkdocs.commands import build as engine
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from mkdocs.structure import pages as engine_pages
from mkdocs.structure.files import Files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from helpcenter.content import reload_article
from helpcenter.mkdocs_plugins.content.plugin import page_kind
from helpcenter.mkdocs_plugins.glue import LocaleProcess, i18n_plugin
from helpcenter.mkdocs_plugins.markdown_absent import skip_absent_work
from helpcenter.mkdocs_plugins.markdown_blocks import guard_block_tests
from helpcenter.mkdocs_plugins.markdown_highlight import reuse_highlight_setup
from helpcenter.mkdocs_plugins.markdown_inline import skip_absent_patterns
from helpcenter.mkdocs_plugins.markdown_lookups import keep_lookups
from helpcenter.mkdocs_plugins.template_cache import use_template_cache
from helpcenter.mkdocs_plugins.template_lookups import read_dict_items_directly

SITEMAP = "sitemap.xml"
CONTENT_PLUGIN = "helpcenter-content"

log = logging.getLogger("mkdocs.helpcenter.build")


class Messages(logging.Handler):
    """Collects the engine's warnings and errors of one build step: the parent shows them once
    (every locale's process reads the same content, so they would repeat), and the preview
    shows them in the browser."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<7} -  {record.getMessage()}")


@dataclass
class LocaleResult:
    """What one build step of one locale did: sent from the locale's process to the parent."""

    locale: str
    ok: bool
    messages: list[str] = field(default_factory=list)
    sitemap: str = ""
    pages: int = 0
    seconds: float = 0.0
    needs_full_build: bool = False
    peak_kb: int = 0
    cpu_seconds: float = 0.0   # the process's CPU time so far (user + system)


class LocaleBuild:
    """The engine's state for one locale: configuration, files, navigation, pages."""

    def __init__(self, config_file: Path, locale: str, site_dir: Path, *, site_files: bool,
                 strict: bool = False, plugin_options: dict[str, dict] | None = None) -> None:
        self.config_file = Path(config_file)
        self.locale = locale
        self.site_dir = Path(site_dir)
        self.site_files = site_files
        self.strict = strict
        self.plugin_options = plugin_options or {}
        self.config: MkDocsConfig | None = None
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env = None
        self.pages: dict[str, Page] = {}   # by source path relative to docs_dir
        self._unfinished = False

    # -- the full build -----------------------------------------------------------------------

    def _load(self) -> MkDocsConfig:
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir),
                             strict=self.strict)
        for name, options in self.plugin_options.items():
            plugin = config.plugins.get(name)
            if plugin is not None:
                plugin.config.update(options)
        i18n = i18n_plugin(config)
        # Build this locale alone, as the top-level build: static-i18n must not go on to the
        # others from its post_build (it skips them while `building`).
        i18n.current_language = self.locale
        i18n.building = True
        LocaleProcess.locale = self.locale
        LocaleProcess.site_files = self.site_files
        return config

    def build(self) -> LocaleResult:
        """Build the locale's pages into site_dir (which the caller has emptied)."""
        result = self._step(self._build)
        if result.ok:
            result.sitemap = self.sitemap()
        return result

    def _build(self) -> int:
        config = self._load()
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        reuse_one_markdown_converter(config)
        files = self._own_files(engine.get_files(config), config)
        env = config.theme.get_env()
        if self.site_files:   # the theme's assets are the site's, written by one process
            files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages():
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            engine._populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        use_template_cache(env, Path(config.config_file_path).parent)   # kept between builds
        read_dict_items_directly(env)
        prefix = "" if self.site_files else f"{self.locale}/"
        for file in files:
            if (not file.is_documentation_page() and file.inclusion.is_included()
                    and file.dest_uri.startswith(prefix)):
                file.copy_file()
        if self.site_files:
            for template in config.theme.static_templates:
                if template != SITEMAP:
                    engine._build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                engine._build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages()
        for file in doc_files:
            engine._build_page(file.page, config, doc_files, nav, env)
        for file in doc_files:
            file.page.validate_anchor_links(files=files,
                                            log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.pages = {file.src_uri: file.page for file in doc_files}
        return len(doc_files)

    def _own_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The files this locale's build can use: its own and the default locale's (fallbacks).

        Other locales' pages are only read by static-i18n to find alternates, and a missing
        alternate falls back to the default locale's file at the same URL."""
        i18n = i18n_plugin(config)
        others = tuple(f"{lang.locale}/" for lang in i18n.config.languages
                       if lang.locale not in (self.locale, i18n.default_language))
        return Files([file for file in files if not file.src_uri.startswith(others)])

    def sitemap(self) -> str:
        """This locale's sitemap, rendered with the theme's template (merged by the parent)."""
        if self.config is None or SITEMAP not in self.config.theme.static_templates:
            return ""
        template = self.env.get_template(SITEMAP)
        return engine._build_template(SITEMAP, template, self.files, self.config, self.nav)

    # -- the preview: only what a save changes ------------------------------------------------

    def rebuild(self, changed: Iterable[Path]) -> LocaleResult:
        """Re-render the pages that show the changed articles; other changes need a full build."""
        return self._step(lambda: self._rebuild([Path(p) for p in changed]))

    def _rebuild(self, changed: list[Path]) -> int:
        config = self.config
        if config is None:
            raise _NeedsFullBuild
        docs = Path(config.docs_dir).resolve()
        content = config.plugins.get(CONTENT_PLUGIN)
        center = getattr(content, "center", None)
        sources = []
        for path in changed:
            try:
                relative = path.resolve().relative_to(docs).as_posix()
            except ValueError:
                raise _NeedsFullBuild from None   # overrides, mkdocs.yml
            parts = relative.split("/")
            article = len(parts) == 3 and parts[2] != "index.md" and parts[2].endswith(".md")
            if not article or center is None or not path.is_file():
                raise _NeedsFullBuild   # a new, deleted or non-article file
            if parts[1] + "/" + parts[2].removesuffix(".md") not in center.articles.get(parts[0], {}):
                raise _NeedsFullBuild
            sources.append((parts[0], f"{parts[1]}/{parts[2].removesuffix('.md')}", path))
        # Another locale's article changes none of this locale's pages (only the default
        # locale's articles are shown here as fallbacks); the model still takes it in, for the
        # manifest and the build id.
        shown_here = any(code in (self.locale, center.default_locale) for code, _, _ in sources)
        before = self._shown_related(center) if shown_here else {}
        problems = []
        for code, article_id, path in sources:
            problems += reload_article(center, content.project, code, article_id, path)
        for problem in problems:
            (log.error if problem.level == "error" else log.warning)(str(problem))
        if any(problem.level == "error" for problem in problems):
            raise PluginError(f"{sum(p.level == 'error' for p in problems)} content error(s); "
                              "fix the files named above")
        content.refresh_build_id()
        if not shown_here:
            self._unfinished = self.site_files   # the manifest
            return 0
        after = self._shown_related(center)
        ids = {article_id for _, article_id, _ in sources}
        stale = self._stale_pages(center, ids, before, after)
        for page in stale:
            engine._populate_page(page, config, self.files)
        doc_files = self.files.documentation_pages()
        for page in stale:
            engine._build_page(page, config, doc_files, self.nav, self.env)
        self._unfinished = True
        return len(stale)

    def finish(self) -> LocaleResult:
        """After a rebuild: the build's last step (search index, manifest), once the pages are
        out, so the browser is not kept waiting for the index."""
        def post_build() -> int:
            if self._unfinished and self.config is not None:
                self.config.plugins.on_post_build(config=self.config)
                self._unfinished = False
            return 0
        return self._step(post_build)

    def _shown_related(self, center) -> dict[str, list[tuple]]:
        """The related lists as the locale's article pages show them (id, title, description)."""
        shown = {}
        for view in center.articles_for(self.locale):
            related = center.related(self.locale, view.article.id,
                                     self.config.plugins[CONTENT_PLUGIN].config.related_articles)
            shown[view.article.id] = [(v.article.id, v.article.title, v.article.description)
                                      for v in related]
        return shown

    def _stale_pages(self, center, ids: set[str], before: dict, after: dict) -> list[Page]:
        """The changed articles' pages in this locale, their categories, the home page if it
        features them, and every article whose related list changed."""
        stale_ids = {aid for aid in ids if center.resolve_article(self.locale, aid) is not None}
        stale_ids |= {aid for aid, shown in after.items() if before.get(aid) != shown}
        home = center.homes.get(self.locale) or center.homes.get(center.default_locale)
        featured = bool(home and ids & set(home.featured))
        categories = {aid.split("/")[0] for aid in ids}
        stale = []
        for page in self.pages.values():
            kind, item_id = page_kind(getattr(page.file, "norm_src_uri", page.file.src_uri))
            if (kind == "article" and item_id in stale_ids
                    or kind == "category" and item_id in categories
                    or kind == "home" and featured):
                stale.append(page)
        return stale

    # -- shared --------------------------------------------------------------------------------

    def _step(self, action) -> LocaleResult:
        messages = Messages()
        engine_log = logging.getLogger("mkdocs")
        engine_log.addHandler(messages)
        started = time.monotonic()
        result = LocaleResult(self.locale, ok=False)
        try:
            result.pages = action()
            result.ok = not (self.strict and messages.lines)
            if not result.ok:
                log.error(f"Aborted with {len(messages.lines)} warning(s) in strict mode")
        except _NeedsFullBuild:
            result.needs_full_build = True
        except (Abort, BuildError, ConfigurationError, PluginError) as exc:
            if str(exc) and not any(str(exc) in line for line in messages.lines):
                log.error(str(exc))
        except Exception as exc:  # a page or template the engine could not render
            if not messages.lines:
                log.error(f"{type(exc).__name__}: {exc}")
        finally:
            engine_log.removeHandler(messages)
        result.messages = messages.lines
        result.seconds = time.monotonic() - started
        return result

    def close(self) -> None:
        if self.config is not None:
            self.config.plugins.on_shutdown()


def reuse_one_markdown_converter(config: MkDocsConfig) -> None:
    """Render every page of this process with one Markdown converter, reset between pages.

    MkDocs makes a new `markdown.Markdown` per page: every extension is set up again and
    pymdownx deep-copies its configuration, about a tenth of a page's time. A locale process
    builds one site with one configuration, so it replaces `Page.render` with the same steps
    (mkdocs/structure/pages.py, 1.6) around a converter made once; `reset()` clears what the
    extensions keep between documents (footnotes, tab counters, the table of contents). Its
    inline step skips the patterns a text cannot match (`markdown_inline.py`) and its per-block
    look-ups are made once per page (`markdown_lookups.py`); its block parser asks a processor about
    a block only when the block holds what the processor looks for (`markdown_blocks.py`), the
    table of contents looks for its marker only where it can be (`markdown_toc.py`), and code
    highlighting is set up once per style and language (`markdown_highlight.py`).
    """
    converter = markdown.Markdown(extensions=config["markdown_extensions"],
                                  extension_configs=config["mdx_configs"] or {})
    skip_absent_patterns(converter)
    keep_lookups(converter)
    guard_block_tests(converter)
    skip_absent_work(converter)
    reuse_highlight_setup()

    def render(page: Page, config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        converter.reset()
        raw_html = engine_pages._RawHTMLPreprocessor()
        raw_html._register(converter)
        anchors = engine_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(converter)
        relative_paths = engine_pages._RelativePathTreeprocessor(page.file, files, config)
        relative_paths._register(converter)
        title = engine_pages._ExtractTitleTreeprocessor()
        title._register(converter)
        page.content = converter.convert(page.markdown)
        page.toc = get_toc(getattr(converter, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if engine_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_paths.links_to_anchors

    Page.render = render


class _NeedsFullBuild(Exception):
    """The change is not one a single-page rebuild can follow (new file, template, config)."""

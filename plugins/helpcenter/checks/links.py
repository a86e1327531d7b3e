"""Broken internal links and anchors, missing images and images without alternative text.

Links are checked per locale, the way each locale's site will show them: a Korean page that links
to `../billing/refunds.md` works if Korean has that article or can fall back to the default
locale's; it is broken if the article exists only in Japanese. An English page that falls back
into the Korean site is checked again there, because its `#anchor` may point at a heading that the
Korean translation of the target names differently.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from helpcenter.checks.context import CheckContext
from helpcenter.checks.source import Link, MarkdownSource, scan
from helpcenter.content import INDEX
from helpcenter.problems import Level, Problem

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
ALT_EXAMPLE = "![The Security page with Change password selected]"


@dataclass(frozen=True)
class Page:
    """A Markdown page of one locale (home, category or article), as the checks read it."""

    rel: str  # path below the locale folder: 'index.md', 'billing/index.md', 'billing/refunds.md'
    locale: str  # the locale whose folder the file is in
    path: str  # shown path, relative to the project root
    body: str
    body_line: int

    @property
    def label(self) -> str:
        return self.rel.removesuffix(".md").removesuffix("/index").removesuffix("index") or "home"

    def source(self) -> MarkdownSource:
        return scan(self.body, self.body_line)


def collect_pages(ctx: CheckContext) -> dict[str, dict[str, Page]]:
    """Every locale's own pages by their path below the locale folder."""
    pages: dict[str, dict[str, Page]] = {code: {} for code in ctx.project.locale_codes}
    center = ctx.center
    for code in ctx.project.locale_codes:
        for article in center.articles.get(code, {}).values():
            rel = f"{article.id}.md"
            pages[code][rel] = Page(rel, code, article.source, article.body, article.body_line)
        index_files = [(f"{cid}/{INDEX}", cat.source)
                       for cid, cat in center.categories.get(code, {}).items()]
        if code in center.homes:
            index_files.append((INDEX, center.homes[code].source))
        for rel, shown in index_files:
            fm = ctx.front_matter(shown)
            if fm is not None:
                pages[code][rel] = Page(rel, code, shown, fm.body, fm.body_line)
    return pages


class LinkChecker:
    def __init__(self, ctx: CheckContext):
        self.ctx = ctx
        self.pages = collect_pages(ctx)
        self.default = ctx.center.default_locale
        self.exists_cache: dict[Path, bool] = {}
        self.by_folder: dict[str, set[str]] | None = None
        self.by_name: dict[str, set[str]] = {}
        self.suggestions: dict[str, list[str]] = {}

    # -- resolution -----------------------------------------------------------------------

    def shown_in(self, locale: str, rel: str) -> Page | None:
        """The page a locale's site shows at `rel`: its own, else the default locale's."""
        return self.pages[locale].get(rel) or self.pages[self.default].get(rel)

    def suggest(self, rel: str) -> list[str]:
        """The closest existing page: compared only with pages in the same folder or with the
        same file name, so a tree of thousands of pages is not compared link by link."""
        if self.by_folder is None:
            self.by_folder, self.by_name = {}, {}
            for rels in self.pages.values():
                for known in rels:
                    folder, name = posixpath.split(known)
                    self.by_folder.setdefault(folder, set()).add(known)
                    self.by_name.setdefault(name, set()).add(known)
        if rel not in self.suggestions:
            folder, name = posixpath.split(rel)
            same_name = sorted(self.by_name.get(name, set()) - {rel}) if name != "index.md" \
                else []
            if same_name:  # the right file in another folder
                self.suggestions[rel] = difflib.get_close_matches(rel, same_name, n=1, cutoff=0)
            else:  # a misspelt name in this folder: compare names, not the shared folder
                names = {posixpath.basename(k): k for k in sorted(self.by_folder.get(folder, ()))}
                close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.75)
                self.suggestions[rel] = [names[c] for c in close]
        return self.suggestions[rel]

    def page_for_url(self, url_path: str, locale: str) -> str | None:
        """The page (path below the locale folder) that a site URL path such as
        '/ko/billing/refunds/' shows, if any."""
        parts = [p for p in url_path.strip("/").split("/") if p]
        if parts and parts[0] in self.ctx.project.locale_codes:
            parts = parts[1:]
        candidate = "/".join(parts).removesuffix(".html").removesuffix("/index")
        for rel in (f"{candidate}.md", f"{candidate}/{INDEX}" if candidate else INDEX):
            if self.shown_in(locale, rel):
                return rel
        return None

    def owners_of(self, rel: str) -> list[str]:
        return [code for code in self.ctx.project.locale_codes if rel in self.pages[code]]

    def file_exists(self, path: Path) -> bool:
        if path not in self.exists_cache:
            try:
                self.exists_cache[path] = path.is_file()
            except (OSError, ValueError):  # a name too long for the file system, a NUL byte
                self.exists_cache[path] = False
        return self.exists_cache[path]

    def relative(self, from_rel: str, to_rel: str) -> str:
        return posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")

    # -- checks ---------------------------------------------------------------------------

    def run(self) -> list[Problem]:
        problems: list[Problem] = []
        for locale in self.ctx.project.locale_codes:
            own = self.pages[locale]
            for page in own.values():
                problems.extend(self.check_page(page, locale))
            if locale == self.default:
                continue
            for rel, page in self.pages[self.default].items():
                if rel not in own:
                    problems.extend(self.check_fallback_page(page, locale))
        return problems

    def problem(self, page: Page, link: Link, level: Level, message: str, hint: str,
                code: str) -> Problem:
        return Problem(page.path, link.line, level, message, hint, code)

    def check_page(self, page: Page, locale: str) -> list[Problem]:
        problems: list[Problem] = []
        source = page.source()
        for link in source.links:
            if link.image:
                problems.extend(self.check_image(page, link, locale))
            else:
                problem = self.check_link(page, link, locale, source)
                if problem:
                    problems.append(problem)
        return problems

    def check_fallback_page(self, page: Page, locale: str) -> list[Problem]:
        """A default-locale page shown in `locale`: only anchors into translated pages can break
        here without already being broken (and reported) in the default locale."""
        problems = []
        for link in page.source().links:
            target, _, fragment = link.target.partition("#")
            if link.image or not fragment or not target or SCHEME.match(target):
                continue
            rel = self.resolve_rel(page, unquote(target.split("?")[0]))
            if rel is None or rel not in self.pages[locale]:
                continue
            translated = self.pages[locale][rel]
            default_target = self.pages[self.default].get(rel)
            fragment = unquote(fragment)
            if (fragment not in translated.source().anchors and default_target is not None
                    and fragment in default_target.source().anchors):
                problems.append(self.problem(
                    page, link, "warning",
                    f"in {locale}, where this page falls back to {self.default}, the anchor "
                    f"'#{fragment}' of link '{link.target}' does not exist: the {locale} "
                    f"translation of {translated.label} has no heading with that id",
                    f"give the heading the same explicit id in every locale, e.g. "
                    f"'## Heading {{#{fragment}}}'", "anchor-broken-in-locale"))
        return problems

    def resolve_rel(self, page: Page, path: str) -> str | None:
        """`path` relative to `page`, as a path below the locale folder; None if it leaves it."""
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
        if joined.startswith("../") or joined == "..":
            return None
        return joined

    def check_link(self, page: Page, link: Link, locale: str,
                   source: MarkdownSource) -> Problem | None:
        target = link.target.strip()
        if not target:
            return self.problem(page, link, "error", f"link '[{link.text}]()' has no target",
                                "put the path of a .md file between the parentheses",
                                "link-empty")
        if SCHEME.match(target) or target.startswith("//"):
            return None  # external: http(s), mailto, tel
        path, _, fragment = target.partition("#")
        path = unquote(path.split("?")[0])
        fragment = unquote(fragment)
        if not path:
            if fragment and fragment not in source.anchors:
                return self.anchor_problem(page, link, fragment, page, "this page")
            return None
        if path.startswith("/"):
            hint = ("link to the article's .md file relative to this file, e.g. "
                    "'../billing/refunds.md'")
            guess = self.page_for_url(path, locale)
            if guess:
                hint = f"link to '{self.relative(page.rel, guess)}' instead"
            return self.problem(page, link, "warning",
                                f"link '{target}' is an absolute URL path, which breaks in other "
                                "locales and on other hosts", hint, "link-absolute")
        rel = self.resolve_rel(page, path)
        if rel is None:
            escaped = posixpath.normpath(posixpath.join(page.locale, posixpath.dirname(page.rel),
                                                        path))
            other = escaped.split("/")[0]
            inner = escaped.split("/", 1)[1] if "/" in escaped else ""
            if other in self.ctx.project.locale_codes and inner:
                return self.problem(page, link, "warning",
                                    f"link '{target}' points into the {other} folder",
                                    f"link to '{self.relative(page.rel, inner)}' instead; each "
                                    "locale shows its own version or falls back by itself",
                                    "link-other-locale-folder")
            if escaped.startswith("..") or not self.file_exists(self.ctx.project.docs_dir
                                                                 / escaped):
                return self.problem(page, link, "error",
                                    f"broken link '{target}': the file does not exist",
                                    "check the path", "link-broken")
            return None
        if rel.endswith(".md"):
            return self.check_page_link(page, link, locale, rel, fragment)
        if posixpath.splitext(rel)[1] and not rel.endswith("/"):
            if self.asset_exists(page, rel, locale):
                return None
            return self.problem(page, link, "error",
                                f"broken link '{target}': the file does not exist",
                                "add the file next to the article or fix the path", "link-broken")
        candidate = rel.rstrip("/")
        for guess in (f"{candidate}.md", f"{candidate}/{INDEX}" if candidate != "." else INDEX):
            if self.shown_in(locale, guess):
                suggestion = self.relative(page.rel, guess)
                if fragment:
                    suggestion += f"#{fragment}"
                return self.problem(page, link, "warning",
                                    f"link '{target}' is a page URL, not the page's Markdown file",
                                    f"link to '{suggestion}' so the build can check and rewrite "
                                    "it", "link-not-markdown")
        return self.problem(page, link, "error",
                            f"broken link '{target}': there is no such page",
                            "link to an article's .md file, e.g. '../billing/refunds.md'",
                            "link-broken")

    def check_page_link(self, page: Page, link: Link, locale: str, rel: str,
                        fragment: str) -> Problem | None:
        target = link.target
        shown = self.shown_in(locale, rel)
        if shown is None:
            owners = self.owners_of(rel)
            label = rel.removesuffix(".md").removesuffix("/index")
            if owners:
                where = " and ".join(owners)
                default_file = (f"{self.ctx.docs_shown}/{self.default}/{rel}")
                return self.problem(page, link, "error",
                                    f"broken link '{target}' in {locale}: {label} exists only "
                                    f"in {where}",
                                    f"add {default_file} so every locale can fall back to it, or "
                                    "remove the link", "link-only-in-other-locale")
            close = self.suggest(rel)
            kind = "category" if rel.endswith(f"/{INDEX}") else "article"
            hint = (f"did you mean '{self.relative(page.rel, close[0])}'?" if close
                    else "a category is a folder with an index.md; check the folder name"
                    if kind == "category" else "check the file name and folder")
            return self.problem(page, link, "error",
                                f"broken link '{target}': there is no {kind} {label}", hint,
                                "link-broken")
        if fragment and fragment not in shown.source().anchors:
            where = shown.label if shown.locale == locale else (
                f"{shown.label} (shown from {shown.locale})")
            return self.anchor_problem(page, link, fragment, shown, where)
        return None

    def anchor_problem(self, page: Page, link: Link, fragment: str, target: Page,
                       where: str) -> Problem:
        anchors = [a for a in target.source().anchors if not a.startswith(("fn:", "fnref:"))]
        close = difflib.get_close_matches(fragment, anchors, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean '#{close[0]}'?"
        elif anchors:
            listed = ", ".join(f"#{a}" for a in anchors[:6])
            hint = f"its headings: {listed}" + (", ..." if len(anchors) > 6 else "")
        else:
            hint = "it has no headings; link to the page without '#...'"
        return self.problem(page, link, "error",
                            f"broken anchor '#{fragment}' in link '{link.target}': {where} has no "
                            "heading with that id", hint, "anchor-broken")

    def asset_exists(self, page: Page, rel: str, locale: str) -> bool:
        docs = self.ctx.project.docs_dir
        return (self.file_exists(docs / page.locale / rel)
                or self.file_exists(docs / self.default / rel))

    def check_image(self, page: Page, link: Link, locale: str) -> list[Problem]:
        problems = []
        target = link.target.strip()
        shown_target = target or "(empty)"
        if not link.text.strip() and not link.decorative:
            example = f'<img src="{target}" alt="...">' if link.html else (
                f"{ALT_EXAMPLE}({target})")
            problems.append(self.problem(page, link, "error",
                                         f"image '{shown_target}' has no alternative text",
                                         f"describe what it shows for people who cannot see it: "
                                         f"{example}", "image-alt-missing"))
        if not target:
            problems.append(self.problem(page, link, "error", "image has no file path",
                                         "put the image's path between the parentheses",
                                         "image-missing"))
            return problems
        if SCHEME.match(target) or target.startswith("//"):
            problems.append(self.problem(page, link, "warning",
                                         f"image '{target}' is loaded from another site",
                                         "add the image to the content folder; the help center "
                                         "makes no third-party requests", "image-external"))
            return problems
        path = unquote(target.split("#")[0].split("?")[0])
        if path.startswith("/"):
            exists = self.file_exists(self.ctx.project.docs_dir / path.lstrip("/"))
        else:
            rel = self.resolve_rel(page, path)
            if rel is None:
                escaped = posixpath.normpath(posixpath.join(page.locale,
                                                            posixpath.dirname(page.rel), path))
                exists = not escaped.startswith("..") and self.file_exists(
                    self.ctx.project.docs_dir / escaped)
            else:
                exists = self.asset_exists(page, rel, locale)
        if not exists:
            problems.append(self.problem(page, link, "error",
                                         f"image '{target}' does not exist",
                                         "add the file, or fix the path: it is relative to this "
                                         "file", "image-missing"))
        return problems


def check_links(ctx: CheckContext) -> list[Problem]:
    """Every link and image of every page, in every locale it is shown in."""
    return LinkChecker(ctx).run()

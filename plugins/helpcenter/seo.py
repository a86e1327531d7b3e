"""What search engines and chat previews read: the sitemap, robots.txt, JSON-LD and the page's
canonical address, all computed from the content model (no MkDocs here).

Indexing rule: a page is indexed in a locale only when it is written in that locale. A fallback
(an article or topic shown in the default locale's words inside another locale) names the
default locale's page as canonical, says `noindex` and is left out of the sitemap and of the
hreflang alternates (docs/seo.md says why).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from helpcenter.content import HelpCenter
from helpcenter.locales import page_url

SCHEMA = "https://schema.org"
CONTACT_DATA = "@contact"   # key of the contact data file's last change in SiteFacts.changed
# Open Graph wants language_TERRITORY; the territory a locale's customers most likely read in.
OG_LOCALES = {"en": "en_US", "ko": "ko_KR", "ja": "ja_JP", "zh": "zh_CN", "ar": "ar_AR",
              "de": "de_DE", "fr": "fr_FR", "es": "es_ES", "pt": "pt_BR", "it": "it_IT"}


def og_locale(code: str) -> str:
    code = code.replace("-", "_")
    return code if "_" in code else OG_LOCALES.get(code, code)


def last_changes(root: Path, folder: Path) -> dict[str, dt.date]:
    """Date of the last commit touching each file below `folder`, keyed by path relative to
    `root` (one `git log`); empty when git or the repository is not there."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--relative",
             "--", str(folder)], capture_output=True, text=True, timeout=120, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in out.splitlines():
        if line.startswith("\0"):
            try:
                current = dt.date.fromisoformat(line[1:].strip())
            except ValueError:
                current = None
        elif line.strip() and current is not None:
            dates.setdefault(line.strip(), current)
    return dates


@dataclass
class SiteFacts:
    """The configuration the search-engine outputs need."""

    site_url: str                       # absolute, ends with "/" ("" when not configured)
    site_names: dict[str, str]          # per locale
    contact_page: str = "contact"
    publisher: dict = field(default_factory=dict)   # name, url, logo (absolute or site path)
    changed: dict[str, dt.date] = field(default_factory=dict)   # source path -> last commit

    def absolute(self, site_path: str) -> str:
        return self.site_url + site_path if self.site_url else "/" + site_path


class FindabilityModel:
    """Per-page facts for search engines, from the help center and the site's facts."""

    def __init__(self, center: HelpCenter, facts: SiteFacts):
        self.center, self.facts = center, facts

    # -- dates ------------------------------------------------------------------------------

    def article_modified(self, locale: str, article_id: str) -> dt.date | None:
        """The later of the article's last change in git and its review date."""
        view = self.center.resolve_article(locale, article_id)
        if view is None:
            return None
        dates = [d for d in (self.facts.changed.get(view.article.source), view.article.reviewed)
                 if d is not None]
        return max(dates) if dates else None

    def category_modified(self, locale: str, category_id: str) -> dt.date | None:
        view = self.center.resolve_category(locale, category_id)
        dates = [self.article_modified(locale, v.article.id)
                 for v in self.center.articles_in(locale, category_id)]
        if view is not None:
            dates.append(self.facts.changed.get(view.category.source))
        dates = [d for d in dates if d is not None]
        return max(dates) if dates else None

    def home_modified(self, locale: str) -> dt.date | None:
        dates = [self.category_modified(locale, v.category.id)
                 for v in self.center.categories_for(locale)]
        home = self.center.homes.get(locale)
        if home is not None:
            dates.append(self.facts.changed.get(home.source))
        dates = [d for d in dates if d is not None]
        return max(dates) if dates else None

    # -- pages ------------------------------------------------------------------------------

    def pages(self) -> list[dict]:
        """Every indexable page once per locale it is written in: {id, kind, locale, path,
        lastmod}. `id` is the page's identity across locales (its alternates share it)."""
        rows = []
        for loc in self.center.locales:
            code = loc.code
            rows.append({"id": "", "kind": "home", "locale": code, "path": page_url(loc),
                         "lastmod": self.home_modified(code)})
            for view in self.center.categories_for(code):
                if not view.fallback:
                    rows.append({"id": view.category.id, "kind": "category", "locale": code,
                                 "path": view.url,
                                 "lastmod": self.category_modified(code, view.category.id)})
            for view in self.center.articles_for(code):
                if not view.fallback:
                    rows.append({"id": view.article.id, "kind": "article", "locale": code,
                                 "path": view.url,
                                 "lastmod": self.article_modified(code, view.article.id)})
            if self.facts.contact_page:
                rows.append({"id": "@contact", "kind": "contact", "locale": code,
                             "path": page_url(loc, self.facts.contact_page),
                             "lastmod": self.facts.changed.get(CONTACT_DATA)})
        return rows

    def sitemap(self, only: str | None = None) -> str:
        """sitemap.xml with hreflang alternates (written locales only) and x-default; `only`:
        just that locale's pages (a per-locale build, whose sitemaps are merged)."""
        rows = self.pages()
        by_id: dict[str, dict[str, str]] = {}
        for row in rows:
            by_id.setdefault(row["id"], {})[row["locale"]] = self.facts.absolute(row["path"])
        rows = [row for row in rows if only is None or row["locale"] == only]
        default = self.center.default_locale
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
        for row in rows:
            out.append("  <url>")
            out.append(f"    <loc>{escape(self.facts.absolute(row['path']))}</loc>")
            if row["lastmod"]:
                out.append(f"    <lastmod>{row['lastmod'].isoformat()}</lastmod>")
            alternates = by_id[row["id"]]
            if len(alternates) > 1:
                for code, href in alternates.items():
                    out.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(code)} '
                               f'href={quoteattr(href)}/>')
                if default in alternates:
                    out.append('    <xhtml:link rel="alternate" hreflang="x-default" '
                               f'href={quoteattr(alternates[default])}/>')
            out.append("  </url>")
        out.append("</urlset>")
        return "\n".join(out) + "\n"

    def robots(self) -> str:
        lines = ["User-agent: *", "Allow: /"]
        if self.facts.site_url:
            lines.append(f"Sitemap: {self.facts.site_url}sitemap.xml")
        return "\n".join(lines) + "\n"

    # -- one page's head --------------------------------------------------------------------

    def head(self, kind: str, locale: str, item_id: str | None, title: str, description: str,
             crumbs: list[tuple[str, str]]) -> dict:
        """Canonical URL, robots rule, Open Graph values and JSON-LD blocks of one page.
        `crumbs`: (name, site path) from the home page down to this page."""
        loc = self.center.locale(locale)
        default = self.center.locale(self.center.default_locale)
        path = crumbs[-1][1] if crumbs else page_url(loc)
        fallback, modified = False, None
        if kind == "article" and item_id:
            view = self.center.resolve_article(locale, item_id)
            fallback = bool(view and view.fallback)
            modified = self.article_modified(locale, item_id)
        elif kind == "category" and item_id:
            view = self.center.resolve_category(locale, item_id)
            fallback = bool(view and view.fallback)
        own_url = self.facts.absolute(path)
        canonical = (self.facts.absolute(page_url(default, item_id or "")) if fallback
                     else own_url)
        site_name = self.facts.site_names.get(locale, "")
        blocks = []
        if kind == "home":
            blocks.append(self.website(locale, site_name, description, own_url))
        elif crumbs:
            blocks.append({"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": [
                {"@type": "ListItem", "position": i, "name": name,
                 "item": self.facts.absolute(crumb_path)}
                for i, (name, crumb_path) in enumerate(crumbs, start=1)]})
        if kind == "article":
            article = {"@context": SCHEMA, "@type": "Article", "headline": title,
                       "description": description,
                       "inLanguage": self.center.default_locale if fallback else locale,
                       "mainEntityOfPage": canonical, "url": canonical}
            if modified:
                article["dateModified"] = modified.isoformat()
            if self.facts.publisher.get("name"):
                article["publisher"] = self.organization()
            blocks.append(article)
        alternates = [og_locale(other.code) for other in self.center.locales
                      if other.code != locale and self._written_in(kind, item_id, other.code)]
        return {"canonical": canonical, "noindex": fallback,
                "og": {"type": "article" if kind == "article" else "website", "title": title,
                       "description": description, "url": canonical, "site_name": site_name,
                       "locale": og_locale(locale), "locale_alternates": alternates},
                "jsonld": [to_json_ld(block) for block in blocks]}

    def _written_in(self, kind: str, item_id: str | None, locale: str) -> bool:
        if kind == "article" and item_id:
            view = self.center.resolve_article(locale, item_id)
            return bool(view and not view.fallback)
        if kind == "category" and item_id:
            view = self.center.resolve_category(locale, item_id)
            return bool(view and not view.fallback)
        return True

    def organization(self) -> dict:
        publisher = self.facts.publisher
        org = {"@type": "Organization", "name": publisher["name"]}
        if publisher.get("url"):
            org["url"] = publisher["url"]
        if publisher.get("logo"):
            logo = str(publisher["logo"])
            org["logo"] = {"@type": "ImageObject", "url": logo if "://" in logo
                           else self.facts.absolute(logo.lstrip("/"))}
        return org

    def website(self, locale: str, name: str, description: str, url: str) -> dict:
        site = {"@context": SCHEMA, "@type": "WebSite", "name": name, "url": url,
                "inLanguage": locale, "description": description,
                "potentialAction": {"@type": "SearchAction",
                                    "target": {"@type": "EntryPoint",
                                               "urlTemplate": url + "?q={search_term_string}"},
                                    "query-input": "required name=search_term_string"}}
        if self.facts.publisher.get("name"):
            site["publisher"] = self.organization()
        return site


def to_json_ld(block: dict) -> str:
    """JSON for a <script type="application/ld+json"> block: '<' escaped so no text can end it."""
    return json.dumps(block, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")

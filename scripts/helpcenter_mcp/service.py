"""What the MCP tools answer, in plain Python: search, articles, categories, contact options.

Every answer carries canonical URLs (the manifest's `site_url`, or the deployed site's address)
so an assistant can cite the page. Inputs are checked before anything is read: an unknown
locale, article or region, a path-like id or an oversized query is an `InputError` with one
sentence, which the server turns into a protocol error.

What the build published is read once and kept (the manifest, the contact snapshot, each
locale's loaded search index) until the site changes: a rebuilt folder is seen on the next call
(its manifest's stamp), a redeployed site within `REFRESH_SECONDS` (its manifest's build id) or
as soon as the old index asks for a shard the new build renamed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from helpcenter import clock
from helpcenter.assistants.copies import COPY_NAME, parse_front_matter
from helpcenter.assistants.llms_txt import LLMS_FULL_TXT, LLMS_TXT
from helpcenter.contact.hours import status_at
from helpcenter.contact.links import plain_href
from helpcenter.contact.model import ContactChannel
from helpcenter.contact.snapshot import CONTACT_PATH, SnapshotError, book_from_json
from helpcenter.manifest import MANIFEST_PATH, ManifestError, validate_manifest
from helpcenter.search.query import MAX_QUERY, LocaleIndex, SearchError, load_locale_index, ranked_results
from helpcenter_mcp.site import BuiltSite, DeployedSite, SiteError

MAX_LIMIT = 50
REFRESH_SECONDS = 60.0
ARTICLE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*){1,3}")
REGION_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


class InputError(ValueError):
    """The caller asked for something that does not exist or is not allowed."""


@dataclass
class Published:
    """The files of one build, read once."""

    manifest: dict
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")


PARTIAL_NOTE = ("No article matches all the words of this query; these results match only "
                "some of them. Check that one answers the question before citing it, or offer "
                "contact_options.")


class HelpCenterService:
    """The four tools and the llms.txt resources over one site."""

    def __init__(self, site: BuiltSite | DeployedSite,
                 on_no_results: Callable[[str, str, str, int], None] | None = None,
                 refresh_seconds: float = REFRESH_SECONDS) -> None:
        self.site = site
        self.on_no_results = on_no_results
        self.refresh_seconds = refresh_seconds
        self._published: Published | None = None
        self._contact = None
        self._indexes: dict[str, LocaleIndex] = {}
        self._stamp: object = None
        self._checked_at = clock.now()

    # -- what the build published -----------------------------------------------------------

    def _forget_if_changed(self, now_please: bool = False) -> bool:
        """Drop what was read once the site was rebuilt or redeployed, so that answers come from
        one build (a loaded index's shards must be its own build's); True when it did. A deployed
        site is looked at again every `refresh_seconds`, or at once with `now_please`."""
        if self._published is None:
            return False
        stamp = self.site.stamp(MANIFEST_PATH)
        if stamp is not None:
            changed = stamp != self._stamp
        else:
            now = clock.now()
            if not now_please and \
                    abs((now - self._checked_at).total_seconds()) < self.refresh_seconds:
                return False
            self._checked_at = now
            try:
                build = json.loads(self.site.read_text(MANIFEST_PATH)).get("build_id")
            except (SiteError, ValueError, AttributeError):
                return False  # unreachable for now: keep answering from what was read
            changed = build != self._published.manifest.get("build_id")
        if changed:
            self._published, self._contact, self._indexes = None, None, {}
            self.site.forget()
        return changed

    @property
    def published(self) -> Published:
        if self._published is None:
            self._stamp = self.site.stamp(MANIFEST_PATH)
            self._checked_at = clock.now()
            try:
                data = json.loads(self.site.read_text(MANIFEST_PATH))
            except ValueError as exc:
                raise ManifestError(f"{self.site.label}: {MANIFEST_PATH} is not valid JSON "
                                    f"({exc}); rebuild the site") from None
            problems = validate_manifest(data, f"{self.site.label} {MANIFEST_PATH}")
            if problems:
                raise ManifestError(problems[0])
            base = str(data.get("site_url") or self.site.base_url or "/")
            self._published = Published(data, base.rstrip("/") + "/")
        return self._published

    @property
    def locales(self) -> list[str]:
        return [loc["code"] for loc in self.published.manifest["locales"]]

    def locale_prefix(self, locale: str) -> str:
        entry = next(loc for loc in self.published.manifest["locales"] if loc["code"] == locale)
        return str(entry["url"]).lstrip("/")

    def check_locale(self, locale: object) -> str:
        """The first step of every tool: the site looked at once for this call (not at every
        use of `published`), then `locale` checked against it."""
        self._forget_if_changed()
        if not isinstance(locale, str) or locale not in self.locales:
            shown = str(locale)[:20]
            raise InputError(f"unknown locale {shown!r}; this help center has "
                             f"{', '.join(self.locales)}")
        return locale

    # -- tools -----------------------------------------------------------------------------

    def search_articles(self, query: str, locale: str, limit: int = 5) -> dict:
        """The site's ranking (the code path of `helpcenter search`), with canonical URLs."""
        locale = self.check_locale(locale)
        if not isinstance(query, str) or not query.strip():
            raise InputError("query is empty; give the words a customer would search for")
        if len(query) > MAX_QUERY:
            raise InputError(f"query is {len(query)} characters; at most {MAX_QUERY}")
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
            raise InputError(f"limit must be an integer from 1 to {MAX_LIMIT}")
        try:
            try:
                results = ranked_results(self._index(locale), query, limit=limit)
            except (SearchError, SiteError):
                # A redeploy renamed the shards this build's index asks for: look now, not
                # within a minute, and answer from the new build.
                if not self._forget_if_changed(now_please=True):
                    raise
                results = ranked_results(self._index(locale), query, limit=limit)
        except SearchError as exc:
            raise SiteError(str(exc)) from None
        articles = self.published.manifest["articles"]
        found = []
        for r in results:
            localized = articles.get(r.id, {}).get("locales", {}).get(locale, {})
            found.append({"rank": r.rank, "id": r.id, "title": r.title, "category": r.category,
                          "description": r.description or localized.get("description", ""),
                          "url": self.published.url(r.url), "fallback": r.fallback,
                          "score": r.score})
        partial = bool(results) and results[0].partial
        if (partial or not found) and self.on_no_results is not None:
            # searched in vain: nothing, or only articles matching some of the words
            self.on_no_results(query, locale, self.published.manifest.get("build_id", ""),
                               len(found) if partial else 0)
        answer = {"query": query, "locale": locale, "partial": partial, "results": found}
        if partial:
            answer["note"] = PARTIAL_NOTE
        return answer

    def _index(self, locale: str) -> LocaleIndex:
        if locale not in self._indexes:
            self._indexes[locale] = load_locale_index(self.site.search_dir(locale), locale)
        return self._indexes[locale]

    def get_article(self, article_id: str, locale: str) -> dict:
        """The article's Markdown copy with its canonical URL and fallback flag."""
        locale = self.check_locale(locale)
        if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
            raise InputError(f"{str(article_id)[:80]!r} is not an article id; ids look like "
                             "'account/reset-password' (see list_categories or search_articles)")
        entry = self.published.manifest["articles"].get(article_id)
        localized = (entry or {}).get("locales", {}).get(locale)
        if localized is None:
            raise InputError(f"no article {article_id!r} in locale {locale!r}")
        path = str(localized["url"]).lstrip("/") + COPY_NAME
        markdown = self.site.read_text(path)
        fields = parse_front_matter(markdown)
        return {"id": article_id, "locale": locale, "title": localized.get("title", ""),
                "url": self.published.url(localized["url"]),
                "markdown_url": self.published.url(path),
                "fallback": bool(localized.get("fallback")),
                "language": fields.get("language", locale),
                "reviewed": localized.get("reviewed"), "markdown": markdown}

    def list_categories(self, locale: str) -> dict:
        """The locale's categories in site order, each with its articles."""
        locale = self.check_locale(locale)
        manifest = self.published.manifest
        by_category: dict[str, list[dict]] = {}
        for article_id, entry in manifest["articles"].items():
            localized = entry["locales"].get(locale)
            if localized is None:
                continue
            by_category.setdefault(entry.get("category", ""), []).append(
                {"id": article_id, "title": localized.get("title", ""),
                 "description": localized.get("description", ""),
                 "url": self.published.url(localized["url"]),
                 "fallback": bool(localized.get("fallback"))})
        categories = []
        for category_id, entry in manifest["categories"].items():
            localized = entry["locales"].get(locale)
            if localized is None or not by_category.get(category_id):
                continue
            categories.append({"id": category_id, "title": localized.get("title", ""),
                               "description": localized.get("description", ""),
                               "url": self.published.url(localized["url"]),
                               "articles": by_category[category_id]})
        return {"locale": locale, "categories": categories}

    def contact_options(self, locale: str, region: str | None = None) -> dict:
        """The channels in the region's order, open now or when they open, in their own zone."""
        locale = self.check_locale(locale)
        book, pages = self.contact_book()
        if region is None or region == "":
            channels = book.channels_for(locale)
        else:
            if not isinstance(region, str) or not REGION_ID.fullmatch(region) or \
                    region not in book.regions:
                raise InputError(f"unknown region {str(region)[:32]!r}; regions are "
                                 f"{', '.join(book.regions)}")
            channels = [book.channels[c] for c in book.regions[region].channels
                        if c in book.channels]
        default = self.published.manifest["default_locale"]
        # Another region's channels may be written only in that region's language.
        spoken = book.regions[region].locales[0] if region and book.regions[region].locales \
            else default
        now = clock.now()
        options = []
        for channel in channels:
            def text(get, channel=channel):
                return get(channel, locale, default) or get(channel, spoken, default)

            option = {"id": channel.id, "type": channel.type,
                      "label": text(ContactChannel.label),
                      "description": text(ContactChannel.description),
                      "response_time": text(ContactChannel.response_time),
                      "languages": channel.languages, "automated": channel.automated,
                      "link": plain_href(channel)}
            option.update(opening(channel.hours, now, locale, default))
            options.append(option)
        page = pages.get(locale)
        return {"locale": locale, "region": region or None, "now": now.isoformat(),
                "contact_page": self.published.url(page) if page else None, "channels": options}

    def contact_book(self):
        if self._contact is None:
            try:
                data = json.loads(self.site.read_text(CONTACT_PATH))
                self._contact = (book_from_json(data), dict(data.get("pages") or {}))
            except (ValueError, SnapshotError) as exc:
                raise SiteError(f"{self.site.label} {CONTACT_PATH}: {exc}") from None
        return self._contact

    # -- resources -------------------------------------------------------------------------

    def llms_files(self) -> list[tuple[str, str, str]]:
        """(canonical URL, site path, locale) of every llms.txt and llms-full.txt."""
        files = []
        for locale in self.locales:
            for name in (LLMS_TXT, LLMS_FULL_TXT):
                path = self.locale_prefix(locale) + name
                files.append((self.published.url(path), path, locale))
        return files


def opening(hours, now, locale: str, default_locale: str) -> dict:
    """'open now' / 'opens at' for one channel at `now`, in the channel's own time zone."""
    if hours is None:
        return {"open_now": None, "status": "no_hours", "timezone": None, "closes_at": None,
                "opens_at": None, "holiday": None}
    status = status_at(hours, now)
    zone = ZoneInfo(hours.timezone)

    def local(moment):
        return moment.astimezone(zone).isoformat() if moment else None

    return {"open_now": status.state in ("open", "always"), "status": status.state,
            "timezone": hours.timezone, "closes_at": local(status.closes),
            "opens_at": local(status.opens),
            "holiday": status.holiday.name(locale, default_locale) if status.holiday else None}

"""The site manifest: the contract between the build and everything downstream.

Every build writes `site/helpcenter/manifest.json`; the collector validates events against it and
the report joins feedback with it. The schema is documented in docs/manifest.md and checked here
from one definition (`validate_manifest`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from helpcenter import clock
from helpcenter.content import HelpCenter
from helpcenter.locales import page_url

MANIFEST_PATH = "helpcenter/manifest.json"
SCHEMA = "helpcenter.manifest"
VERSION = 1
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


class ManifestError(ValueError):
    """The manifest is missing or malformed; the message names the file and what to do."""


def build_time() -> dt.datetime:
    """The build's moment in UTC from the project's clock (SOURCE_DATE_EPOCH for reproducible builds)."""
    return clock.now().astimezone(dt.UTC).replace(microsecond=0)


def build_id(center: HelpCenter, built_at: dt.datetime) -> str:
    """The build's identity: its time and a digest of the content (every locale's process of a
    parallel build computes the same one)."""
    return f"{built_at.strftime('%Y%m%dT%H%M%SZ')}-{content_digest(center)}"


def content_digest(center: HelpCenter) -> str:
    """A short hash of every article's source text, so two builds of the same content match."""
    digest = hashlib.sha256()
    for code in sorted(center.articles):
        for article_id in sorted(center.articles[code]):
            article = center.articles[code][article_id]
            digest.update(f"{code}\0{article_id}\0{article.title}\0{article.body}\0".encode())
    return digest.hexdigest()[:10]


def build_manifest(center: HelpCenter, built_at: dt.datetime | None = None,
                   site_url: str = "") -> dict:
    """The manifest dictionary for `center` (see docs/manifest.md)."""
    built_at = built_at or build_time()
    default = center.default_locale
    articles = {}
    for article_id in center.article_ids():
        canonical = center.canonical(article_id)
        assert canonical is not None
        per_locale = {}
        for loc in center.locales:
            view = center.resolve_article(loc.code, article_id)
            if view is None:
                continue
            per_locale[loc.code] = {
                "url": "/" + view.url,
                "title": view.article.title,
                "description": view.article.description,
                "fallback": view.fallback,
                "source": view.article.source,
                "reviewed": view.article.reviewed.isoformat() if view.article.reviewed else None,
            }
        articles[article_id] = {
            "category": canonical.category,
            "owner": canonical.owner,
            "reviewed": canonical.reviewed.isoformat() if canonical.reviewed else None,
            "tags": canonical.tags,
            "locales": per_locale,
        }
    categories = {}
    for category_id in center.category_ids():
        per_locale = {}
        order = None
        for loc in center.locales:
            view = center.resolve_category(loc.code, category_id)
            if view is None:
                continue
            order = view.category.order if order is None else order
            per_locale[loc.code] = {"url": "/" + view.url, "title": view.category.title,
                                    "description": view.category.description,
                                    "fallback": view.fallback}
        own = center.categories[default].get(category_id)
        categories[category_id] = {
            "order": order,
            "review_interval_days": own.review_interval_days if own else None,
            "locales": per_locale,
        }
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "build_id": build_id(center, built_at),
        "built_at": built_at.isoformat().replace("+00:00", "Z"),
        "site_url": site_url,
        "default_locale": default,
        "locales": [{"code": loc.code, "name": loc.name, "default": loc.default,
                     "url": "/" + page_url(loc)} for loc in center.locales],
        "categories": categories,
        "articles": articles,
    }


def write_manifest(site_dir: Path, manifest: dict) -> Path:
    """Write the manifest atomically (a reader never sees half a file)."""
    path = Path(site_dir) / MANIFEST_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def validate_manifest(data: object, where: str = "manifest") -> list[str]:
    """Every way `data` breaks the schema, as sentences; empty when it is valid."""
    if not isinstance(data, dict):
        return [f"{where}: expected a JSON object"]
    found = []
    if data.get("schema") != SCHEMA:
        found.append(f"{where}: 'schema' must be '{SCHEMA}'")
    if data.get("version") != VERSION:
        found.append(f"{where}: unsupported version {data.get('version')!r} (expected {VERSION})")
    for key, kind in (("build_id", str), ("built_at", str), ("default_locale", str),
                      ("locales", list), ("articles", dict), ("categories", dict)):
        if not isinstance(data.get(key), kind):
            found.append(f"{where}: '{key}' must be a {kind.__name__}")
    if found:
        return found
    codes = {loc.get("code") for loc in data["locales"] if isinstance(loc, dict)}
    if data["default_locale"] not in codes:
        found.append(f"{where}: default_locale '{data['default_locale']}' is not in locales")
    for article_id, entry in data["articles"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("locales"), dict):
            found.append(f"{where}: article '{article_id}' needs a 'locales' object")
            continue
        for code, localized in entry["locales"].items():
            if code not in codes:
                found.append(f"{where}: article '{article_id}' has unknown locale '{code}'")
            elif not isinstance(localized, dict) or not isinstance(localized.get("url"), str):
                found.append(f"{where}: article '{article_id}' in '{code}' needs a 'url'")
    return found


@dataclass(frozen=True)
class Manifest:
    """A loaded, validated manifest with the look-ups its readers need."""

    data: dict
    path: Path | None = None

    @property
    def build_id(self) -> str:
        return self.data["build_id"]

    @property
    def default_locale(self) -> str:
        return self.data["default_locale"]

    @property
    def locales(self) -> list[str]:
        return [loc["code"] for loc in self.data["locales"]]

    @property
    def articles(self) -> dict[str, dict]:
        return self.data["articles"]

    def has_article(self, article_id: str, locale: str | None = None) -> bool:
        entry = self.articles.get(article_id)
        if entry is None:
            return False
        return locale is None or locale in entry["locales"]

    def article_title(self, article_id: str, locale: str | None = None) -> str:
        entry = self.articles.get(article_id)
        if entry is None:
            return article_id
        localized = entry["locales"].get(locale or self.default_locale) or next(
            iter(entry["locales"].values()), {})
        return localized.get("title", article_id)


def load_manifest(site_dir: str | Path) -> Manifest:
    """Load `<site_dir>/helpcenter/manifest.json`; raise ManifestError with a clear sentence."""
    path = Path(site_dir) / MANIFEST_PATH
    if not path.is_file():
        raise ManifestError(f"{path}: no manifest; run 'helpcenter build' first or pass "
                            "--site-dir with a built site")
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise ManifestError(f"{path}: larger than {MAX_MANIFEST_BYTES // 2**20} MB; not a manifest")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path}: not valid JSON ({exc}); rebuild the site") from None
    found = validate_manifest(data, str(path))
    if found:
        raise ManifestError(found[0])
    return Manifest(data, path)

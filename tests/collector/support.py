"""Helpers shared by the collector tests: a tiny real manifest, events, stored rows."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from helpcenter.store import open_store

BUILD_ID = "20261122T000000Z-0123456789"


def small_manifest() -> dict:
    """Two articles; `billing/refunds` exists in en and ko only."""
    def loc(code: str, path: str) -> dict:
        return {"url": path, "title": "T", "description": "D", "fallback": False,
                "source": "content/x.md", "reviewed": None}
    return {
        "schema": "helpcenter.manifest", "version": 1, "build_id": BUILD_ID,
        "built_at": "2026-11-22T00:00:00Z", "site_url": "", "default_locale": "en",
        "locales": [{"code": "en", "name": "English", "default": True, "url": "/"},
                    {"code": "ko", "name": "한국어", "default": False, "url": "/ko/"},
                    {"code": "ja", "name": "日本語", "default": False, "url": "/ja/"}],
        "categories": {},
        "articles": {
            "billing/refunds": {"category": "billing", "owner": "payments", "reviewed": None,
                                "tags": [], "locales": {"en": loc("en", "/billing/refunds/"),
                                                        "ko": loc("ko", "/ko/billing/refunds/")}},
            "account/reset-password": {
                "category": "account", "owner": None, "reviewed": None, "tags": [],
                "locales": {c: loc(c, f"/{c}/account/reset-password/") for c in ("en", "ko", "ja")}},
        },
    }


def make_event(**fields) -> dict:
    """A valid vote; override or add fields with keyword arguments (None removes a field)."""
    event = {"v": 1, "id": secrets.token_urlsafe(16), "type": "vote", "session": "tab-session-1",
             "locale": "en", "article": "billing/refunds", "build": BUILD_ID,
             "url": "/billing/refunds/", "value": "no"}
    event.update(fields)
    return {k: v for k, v in event.items() if v is not None}


def stored_rows(path: Path) -> list[dict]:
    with open_store(path, readonly=True) as store:
        return list(store.iter_rows())


def dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()

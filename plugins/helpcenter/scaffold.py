"""`helpcenter new`: a new article with front matter that passes validation on the first build."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from pathlib import Path

import yaml

from helpcenter import clock, placeholders
from helpcenter.content import SLUG
from helpcenter.project import Project, ProjectError
from helpcenter.translation import MARKER_KEY, source_marker


class ScaffoldError(ValueError):
    """The article cannot be created; the message says why and what to do."""


def slugify(title: str) -> str:
    """'Change your e-mail!' -> 'change-your-e-mail'; non-Latin titles give ''."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")


def article_text(title: str, owner: str | None, today: dt.date, extra: dict | None = None) -> str:
    meta = {"title": title, "description": placeholders.DESCRIPTION,
            "tags": [], "owner": owner or placeholders.OWNER, "reviewed": today}
    meta.update(extra or {})
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{placeholders.BODY}"


def scaffold_article(project: Project, title: str, locale: str, category: str,
                     slug: str | None = None, owner: str | None = None,
                     today: dt.date | None = None, extra_meta: dict | None = None) -> Path:
    """Create `content/<locale>/<category>/<slug>.md`; refuse to overwrite or guess."""
    title = " ".join(title.split())  # one line, however it was typed
    if not title:
        raise ScaffoldError("the title is empty; pass the article's title in quotes")
    try:
        project.locale(locale)
    except ProjectError as exc:
        raise ScaffoldError(f"--locale: {exc}") from None
    default_dir = project.docs_dir / project.default_locale.code
    categories = sorted(p.name for p in default_dir.iterdir()
                        if p.is_dir() and (p / "index.md").exists()) if default_dir.is_dir() else []
    if category not in categories:
        raise ScaffoldError(f"--category: unknown category '{category}'; "
                            f"choose one of {', '.join(categories) or '(none yet)'}")
    slug = slug or slugify(title)
    if not slug:
        raise ScaffoldError("cannot make a file name from this title; pass --slug, e.g. "
                            "--slug reset-password")
    if not SLUG.match(slug):
        raise ScaffoldError(f"--slug: '{slug}' must be lowercase letters, digits and hyphens")
    path = project.docs_dir / locale / category / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(project.root)} already exists; "
                            "edit it or choose another --slug")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = article_text(title, owner, today or clock.today(), extra_meta)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path.relative_to(project.root)


def scaffold_translation(project: Project, title: str, source_id: str, locale: str,
                         owner: str | None = None, today: dt.date | None = None) -> Path:
    """Create the `locale` translation of article `source_id`, carrying the source marker.

    The new file starts with the source's text to translate in place, its category and file name
    (an article's identity is the same in every locale) and `translated_from: <marker>`, so that
    `helpcenter check` reports it as outdated as soon as the source changes in substance, and as
    untranslated while the text is still the original.
    """
    from helpcenter.content import load_help_center

    title = " ".join(title.split())  # a title is one line, whatever the shell passed
    if not title:
        raise ScaffoldError("the title is empty; pass the translated title in quotes")
    try:
        project.locale(locale)
    except ProjectError as exc:
        raise ScaffoldError(f"--locale: {exc}") from None
    source_id = source_id.strip().strip("/").removesuffix(".md")
    center, _ = load_help_center(project)
    source = center.canonical(source_id)
    if source is None:
        close = difflib.get_close_matches(source_id, center.article_ids(), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else " (use an id like 'billing/refunds')"
        raise ScaffoldError(f"--translate-from: there is no article '{source_id}'{hint}")
    if source.locale == locale:
        raise ScaffoldError(f"--locale: '{source_id}' is written in {locale} already; choose the "
                            "locale to translate it into")
    category, slug = source_id.split("/")
    path = project.docs_dir / locale / category / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(project.root)} already exists; update it, then "
                            f"run 'helpcenter check --mark-translated "
                            f"{path.relative_to(project.root)}'")
    meta = {"title": title, "description": source.description, "tags": source.tags,
            "owner": owner or source.owner or placeholders.OWNER, "reviewed": today or clock.today(),
            MARKER_KEY: source_marker(source)}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    body = source.body if source.body.startswith("\n") else "\n" + source.body
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(f"---\n{front}---\n{body.rstrip()}\n")
    return path.relative_to(project.root)

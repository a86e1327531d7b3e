"""The Markdown copy of an article: what an assistant reads and cites instead of the HTML page.

Each article page `…/ko/account/reset-password/` gets `…/ko/account/reset-password/index.md`:
a front matter block with the title, description, canonical URL, locale, the language the text
is really in (the default locale's for an untranslated article, with `fallback: true`) and the
last review date, then the page's heading and its body as plain Markdown (see `html_markdown`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from helpcenter.assistants.html_markdown import html_to_markdown
from helpcenter.content import ArticleView

COPY_NAME = "index.md"


def absolute_url(site_url: str, path: str) -> str:
    """`path` (site-relative, as page_url gives it) below the site's address."""
    base = (site_url or "/").rstrip("/") + "/"
    return base + path.lstrip("/")


def copy_url(page_url: str) -> str:
    """The Markdown copy's address beside the page `page_url` (a directory URL)."""
    return page_url if page_url.endswith(COPY_NAME) else page_url.rstrip("/") + "/" + COPY_NAME


@dataclass(frozen=True)
class ArticleCopy:
    """One article as shown in one locale, in Markdown."""

    id: str
    locale: str
    language: str
    category: str
    title: str
    description: str
    url: str
    reviewed: dt.date | None
    fallback: bool
    body: str

    @property
    def markdown_url(self) -> str:
        return copy_url(self.url)

    def front_matter(self) -> str:
        fields = {"title": self.title, "description": self.description, "url": self.url,
                  "markdown": self.markdown_url, "id": self.id, "category": self.category,
                  "locale": self.locale, "language": self.language}
        lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
        lines.append(f"fallback: {'true' if self.fallback else 'false'}")
        lines.append(f"reviewed: {self.reviewed.isoformat() if self.reviewed else 'null'}")
        return "---\n" + "\n".join(lines) + "\n---\n"

    def document(self) -> str:
        """The whole `index.md`: front matter, the page's title as `#` heading, the body."""
        return f"{self.front_matter()}\n# {self.title}\n\n{self.body}\n"

    def section(self, fallback_note: str = "") -> str:
        """This article as one part of `llms-full.txt`: heading, source line, body."""
        meta = [f"Source: {self.url}"]
        if self.reviewed:
            meta.append(f"Reviewed: {self.reviewed.isoformat()}")
        if self.fallback and fallback_note:
            meta.append(fallback_note)
        return f"# {self.title}\n\n" + "  \n".join(meta) + f"\n\n{self.body}\n"


def article_copy(view: ArticleView, site_url: str, body_html: str) -> ArticleCopy:
    """The copy of `view` from its rendered body HTML; links become absolute."""
    article = view.article
    url = absolute_url(site_url, view.url)
    return ArticleCopy(id=article.id, locale=view.locale, language=article.locale,
                       category=article.category, title=article.title,
                       description=article.description, url=url, reviewed=article.reviewed,
                       fallback=view.fallback, body=html_to_markdown(body_html, url))


def parse_front_matter(text: str) -> dict[str, object]:
    """The fields of a copy's front matter (as written by `ArticleCopy.front_matter`)."""
    if not text.startswith("---\n"):
        return {}
    head, _, _ = text[4:].partition("\n---\n")
    fields: dict[str, object] = {}
    for line in head.split("\n"):
        key, sep, value = line.partition(": ")
        if not sep:
            continue
        try:
            fields[key] = json.loads(value)
        except ValueError:
            fields[key] = value
    return fields

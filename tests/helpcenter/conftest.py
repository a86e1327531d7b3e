"""Fixture trees for the content model: small, real folders written per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.project import load_project

CATEGORY = """---
title: {title}
description: Everything about {title}.
icon: material/folder
order: {order}
---
"""

ARTICLE = """---
title: {title}
description: How to {title}.
tags: [{tags}]
owner: team-a
reviewed: 2026-10-01
---

Body of {title}.

## Steps

1. Do it.
"""

HOME = """---
title: Help
description: The help center.
featured: [{featured}]
---
"""


class Tree:
    """Writes files below the project's content folder and loads the project."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, relative: str, text: str) -> Path:
        path = self.root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def category(self, locale: str, category: str, title: str | None = None, order: int = 1):
        return self.write(f"{locale}/{category}/index.md",
                          CATEGORY.format(title=title or category.title(), order=order))

    def article(self, locale: str, article_id: str, title: str | None = None, tags: str = "a"):
        return self.write(f"{locale}/{article_id}.md",
                          ARTICLE.format(title=title or article_id.split("/")[-1], tags=tags))

    def home(self, locale: str, featured: str = ""):
        return self.write(f"{locale}/index.md", HOME.format(featured=featured))

    def minimal(self) -> Tree:
        """Home + one category + two articles in en, one translated to ko."""
        self.home("en", "billing/refunds")
        self.category("en", "billing", "Billing")
        self.article("en", "billing/refunds", "Get a refund", "refund, money")
        self.article("en", "billing/invoices", "Download an invoice", "invoice, money")
        self.home("ko")
        self.category("ko", "billing", "결제")
        self.article("ko", "billing/refunds", "환불 받기", "환불")
        return self

    def project(self):
        return load_project(self.root / "mkdocs.yml")


@pytest.fixture
def tree(project_tree) -> Tree:
    return Tree(project_tree)

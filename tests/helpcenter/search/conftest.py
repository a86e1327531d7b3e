"""Search fixtures: the demo content's search indexes, written without a full MkDocs build."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.content import load_help_center
from helpcenter.project import load_project
from helpcenter.search.index import write_search_indexes
from helpcenter.search.synonyms import load_synonyms

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def demo_center():
    center, problems = load_help_center(load_project(REPO / "mkdocs.yml"))
    return center


@pytest.fixture(scope="session")
def search_site(tmp_path_factory, demo_center) -> Path:
    """A site folder holding only helpcenter/search/<locale>.json for the demo content."""
    site = tmp_path_factory.mktemp("search-site")
    write_search_indexes(demo_center, site, build_id="test",
                         synonyms={loc: load_synonyms(REPO / "content", loc)
                                   for loc in ("en", "ko", "ja")})
    return site

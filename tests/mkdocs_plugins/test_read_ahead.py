"""The content model is read once per build, by the process the locale processes fork from."""

from __future__ import annotations

from mkdocs.config import load_config

from helpcenter.content import load_help_center
from helpcenter.mkdocs_plugins import read_ahead
from helpcenter.mkdocs_plugins.glue import project_from_config
from helpcenter.project import load_project
from helpcenter.seo import last_changes
from tests.conftest import REPO


def test_a_locale_process_takes_the_parents_reading_once():
    project = load_project(REPO / "mkdocs.yml")
    read_ahead.ahead(project)
    try:
        reads = []
        center, problems = read_ahead.take(project, "content", lambda: reads.append(1))
        assert reads == []                       # taken, not read again
        assert "account/reset-password" in center.articles["ko"]
        assert problems == load_help_center(project)[1]
        again = read_ahead.take(project, "content", lambda: "read now")
        assert again == "read now"               # once: a later reading is fresh
        assert read_ahead.changes(project) == last_changes(project.root, project.docs_dir)
    finally:
        read_ahead.forget()


def test_the_parents_project_and_mkdocs_view_of_it_share_the_reading():
    """The parent knows the project from mkdocs.yml; the plugins from MkDocs' configuration.
    If the two views differed, every locale process would read the content again."""
    parent = load_project(REPO / "mkdocs.yml")
    plugins_view = project_from_config(load_config(str(REPO / "mkdocs.yml")))
    read_ahead.ahead(parent)
    try:
        assert read_ahead.take(plugins_view, "content", lambda: None) is not None
    finally:
        read_ahead.forget()


def test_forgotten_or_another_projects_reading_is_never_taken(tmp_path):
    project = load_project(REPO / "mkdocs.yml")
    read_ahead.ahead(project)
    read_ahead.forget()
    assert read_ahead.take(project, "content", lambda: "fresh") == "fresh"
    read_ahead.ahead(project)
    try:
        other = project.__class__(**{**project.__dict__, "docs_dir": tmp_path})
        assert read_ahead.take(other, "content", lambda: "fresh") == "fresh"
    finally:
        read_ahead.forget()

"""index.html from the templates: every user-written value is text, never markup.

The page is parsed back with the standard library's HTML parser: the hostile strings put into
every field a customer, writer or operator controls must come back as text, and the only
elements and attributes must be the report's own.
"""

from __future__ import annotations

import ast
import datetime as dt
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpcenter.manifest import Manifest
from helpcenter.store import open_store
from helpcenter_report.period import parse_period
from helpcenter_report.queries import normalize
from helpcenter_report.render_html import SECTIONS
from helpcenter_report.report import generate_report
from tests.report.conftest import PERIOD, Events, make_manifest

PACKAGE = Path(__file__).resolve().parents[2] / "scripts" / "helpcenter_report"
TEMPLATES = PACKAGE / "templates"

ATTACK = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
SHORT = "<b onmouseover=alert(3)>x"  # fits a locale (35) or a channel (64)

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "script", "body", "header", "footer", "main", "nav",
    "section", "article", "div", "p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "a", "br", "code",
    "span", "strong", "blockquote", "details", "summary", "table", "caption", "thead", "tbody",
    "tr", "th", "td", "figure", "figcaption", "svg", "desc", "line", "text", "polyline", "circle",
}


class Page(HTMLParser):
    """Elements, attributes and the text of a page, as a browser's tokenizer would see them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def hostile_events() -> Events:
    ev = Events()
    ev.votes("billing/refunds", "en", 5, 25, "2026-11-03")
    ev.votes("billing/refunds", SHORT, 0, 3, "2026-11-03")  # a locale nobody publishes
    ev.add("comment", at="2026-11-04", article="billing/refunds", text=ATTACK)
    ev.add("contact_click", at="2026-11-04", article="billing/refunds", value=SHORT)
    for _ in range(2):
        ev.add("search", at="2026-11-04", value="no_results", text=ATTACK, results=0)
    ev.add("search", at="2026-11-04", value="no_results", text=ATTACK.upper(), results=0)
    ev.votes("gone/" + ATTACK, "en", 1, 1, "2026-11-05")  # an article missing from the manifest
    ev.add("comment", at="2026-11-05", article="gone/" + ATTACK, text=ATTACK)
    return ev


@pytest.fixture
def hostile_page(tmp_path) -> tuple[Page, str]:
    url = hostile_events().write(tmp_path / "events.sqlite3")
    with open_store(url) as store:
        store.count_rejections({ATTACK: 2}, day="2026-11-06")
    data = make_manifest()
    refunds = data["articles"]["billing/refunds"]
    refunds["owner"] = ATTACK
    refunds["locales"]["en"]["title"] = ATTACK
    data["categories"]["billing"]["locales"]["en"]["title"] = ATTACK
    out = tmp_path / "out"
    generate_report(manifest=Manifest(data), period=parse_period(*PERIOD, "UTC"), out_dir=out,
                    db_url=url, generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    text = (out / "index.html").read_text(encoding="utf-8")
    return Page(text), text


def test_hostile_text_in_every_field_is_shown_as_text(hostile_page):
    page, source = hostile_page
    text = "".join(page.text)
    # Title, owner, category, comment, query, unknown article id, rejection reason: all visible.
    assert text.count(ATTACK) >= 8, text.count(ATTACK)
    assert SHORT in text  # the locale and the contact channel
    assert normalize(ATTACK) in text  # queries are shown as grouped, normalized spellings
    assert "<script>alert" not in source and "<img" not in source and "<b onmouseover" not in source


def test_the_page_holds_only_the_reports_own_elements_and_attributes(hostile_page):
    page, _ = hostile_page
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{"src": "sortable.js", "defer": None}]
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:")


def test_the_table_of_contents_and_the_sections_come_from_one_list(hostile_page):
    page, _ = hostile_page
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"
             and attrs.get("href", "").startswith("#") and not attrs["href"].startswith("#a-")]
    assert links == [f"#{section.key}" for section in SECTIONS]
    ids = [attrs["id"] for tag, attrs in page.tags if tag == "section"]
    assert ids == [section.key for section in SECTIONS]


def test_no_template_or_module_marks_data_as_safe():
    """Autoescaping only protects what is not marked safe: nothing in the templates is, and the
    one Markup in the package wraps the report's own stylesheet."""
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert templates
    for path in templates:
        source = path.read_text(encoding="utf-8")
        for marker in ("|safe", "| safe", "autoescape false", "Markup", "markup"):
            assert marker not in source, f"{path.name}: {marker}"
    wrapped = []
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Markup":
                wrapped.append((path.name, ast.unparse(node.args[0])))
    assert wrapped == [("render_html.py", "CSS")]


def test_python_writes_no_markup_for_the_page():
    """Markup lives in the templates: render_html.py builds numbers and geometry, not tags."""
    source = (PACKAGE / "render_html.py").read_text(encoding="utf-8")
    for tag in ("<td", "<tr", "<span", "<a ", "<svg", "<li", "<p>"):
        assert tag not in source, tag


def test_templates_are_package_data_for_a_normal_install():
    """pyproject's package-data patterns (globbed by setuptools from the package folder) take
    every template and asset, so `pip install .` without -e renders the same page."""
    config = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["helpcenter_report"]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern) if path.is_file()}
    needed = {path for folder in ("templates", "assets") for path in (PACKAGE / folder).rglob("*")
              if path.is_file()}
    assert needed and needed <= shipped, sorted(str(p) for p in needed - shipped)
    assert any("jinja2" in dependency.lower() for dependency in config["project"]["dependencies"])

"""The content model: locales › categories › articles, read from `content/<locale>/...`.

An article's identity is its path below the locale folder (`billing/refunds`), the same in every
locale; feedback, search and reports are keyed on it. Everything here is plain Python so that the
build, `helpcenter check` and the report share one reading of the content.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from helpcenter import placeholders
from helpcenter.frontmatter import FrontMatter, FrontMatterError, parse_front_matter
from helpcenter.locales import Locale, page_url
from helpcenter.problems import Problem
from helpcenter.project import Project

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOCALE_LIKE = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z]{2,4})?$")
INDEX = "index.md"

ARTICLE_KEYS = {"title", "description", "tags", "aliases", "owner", "reviewed", "order",
                "translated_from", "hide", "template", "search"}
MAX_ALIASES = 30      # other names for an article, searched like its title
MAX_ALIAS_CHARS = 100
CATEGORY_KEYS = {"title", "description", "icon", "order", "review_interval_days", "hide"}
HOME_KEYS = {"title", "description", "featured", "hide"}
DEFAULT_ORDER = 1000


@dataclass
class Category:
    """A folder of articles, with its localized title and description."""

    id: str
    locale: str
    title: str
    description: str
    source: str
    icon: str = "material/folder-outline"
    order: int = DEFAULT_ORDER
    review_interval_days: int | None = None


@dataclass
class Article:
    """One Markdown article in one locale."""

    id: str
    locale: str
    category: str
    title: str
    description: str
    source: str
    tags: list[str] = field(default_factory=list)
    owner: str | None = None
    reviewed: dt.date | None = None
    order: int = DEFAULT_ORDER
    translated_from: str | None = None
    body: str = ""
    aliases: list[str] = field(default_factory=list)
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.id.rsplit("/", 1)[-1]


@dataclass
class HomePage:
    """The home page of one locale: its title, description and featured article ids."""

    locale: str
    title: str
    description: str
    source: str
    featured: list[str] = field(default_factory=list)
    featured_line: int | None = None


@dataclass(frozen=True)
class ArticleView:
    """An article as shown in a locale: its own text, or the default locale's as a fallback."""

    article: Article
    locale: str
    fallback: bool
    url: str


@dataclass(frozen=True)
class CategoryView:
    category: Category
    locale: str
    fallback: bool
    url: str
    article_count: int


@dataclass
class HelpCenter:
    """Every locale's categories, articles and home page, with fallback resolution."""

    locales: list[Locale]
    articles: dict[str, dict[str, Article]]
    categories: dict[str, dict[str, Category]]
    homes: dict[str, HomePage]

    @property
    def default_locale(self) -> str:
        return next(loc.code for loc in self.locales if loc.default)

    def locale(self, code: str) -> Locale:
        return next(loc for loc in self.locales if loc.code == code)

    def __post_init__(self) -> None:
        # The model is read once and then only queried (every page asks for the topic list and
        # related articles), so per-locale answers are computed once: page cost stays flat.
        self._cache: dict[tuple, object] = {}

    def _cached(self, key: tuple, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def article_ids(self) -> list[str]:
        def compute():
            ids = {aid for per_locale in self.articles.values() for aid in per_locale}
            return sorted(ids, key=lambda aid: (self.category_order(aid.split("/")[0]), aid))
        return self._cached(("article_ids",), compute)

    def category_ids(self) -> list[str]:
        def compute():
            ids = {cid for per_locale in self.categories.values() for cid in per_locale}
            return sorted(ids, key=lambda cid: (self.category_order(cid), cid))
        return self._cached(("category_ids",), compute)

    def category_order(self, category_id: str) -> int:
        category = self.categories[self.default_locale].get(category_id)
        return category.order if category else DEFAULT_ORDER

    def canonical(self, article_id: str) -> Article | None:
        """The article's source of truth: the default locale's, else the first locale that has it."""
        for code in [self.default_locale, *[loc.code for loc in self.locales]]:
            if article_id in self.articles.get(code, {}):
                return self.articles[code][article_id]
        return None

    def resolve_article(self, locale: str, article_id: str) -> ArticleView | None:
        own = self.articles.get(locale, {}).get(article_id)
        if own is not None:
            return ArticleView(own, locale, False, page_url(self.locale(locale), article_id))
        fallback = self.articles.get(self.default_locale, {}).get(article_id)
        if fallback is not None:
            return ArticleView(fallback, locale, True, page_url(self.locale(locale), article_id))
        return None

    def resolve_category(self, locale: str, category_id: str) -> CategoryView | None:
        own = self.categories.get(locale, {}).get(category_id)
        chosen = own or self.categories.get(self.default_locale, {}).get(category_id)
        if chosen is None:
            return None
        count = len(self.articles_in(locale, category_id))
        return CategoryView(chosen, locale, own is None, page_url(self.locale(locale), category_id),
                            count)

    def categories_for(self, locale: str) -> list[CategoryView]:
        def compute():
            views = [self.resolve_category(locale, cid) for cid in self.category_ids()]
            return [v for v in views if v is not None and v.article_count]
        return self._cached(("categories_for", locale), compute)

    def articles_for(self, locale: str) -> list[ArticleView]:
        def compute():
            views = [self.resolve_article(locale, aid) for aid in self.article_ids()]
            return [v for v in views if v is not None]
        return self._cached(("articles_for", locale), compute)

    def articles_in(self, locale: str, category_id: str) -> list[ArticleView]:
        def compute():
            by_category: dict[str, list[ArticleView]] = {}
            for view in self.articles_for(locale):
                by_category.setdefault(view.article.category, []).append(view)
            for views in by_category.values():
                views.sort(key=lambda v: (v.article.order, v.article.title.casefold()))
            return by_category
        return self._cached(("articles_in", locale), compute).get(category_id, [])

    def related(self, locale: str, article_id: str, limit: int = 5) -> list[ArticleView]:
        """Articles sharing tags (2 points each) or the category (1 point), best first.

        Ties go to the article listed first (order, then title). Every page asks, so the work
        per call must not grow with the locale's article count: tags and categories are bit
        sets over the locale's articles in listing order, and a score level is a few big-integer
        operations (C loops over n/64 words) instead of a Python loop over every candidate.
        """
        current = self.resolve_article(locale, article_id)
        if current is None:
            return []
        ranked, position, tag_bits, category_bits = self._cached(
            ("related", locale), lambda: self._related_sets(locale))
        others = ~(1 << position[article_id])
        # exactly[k]: articles sharing exactly k of the current article's tags.
        exactly = [others & ((1 << len(ranked)) - 1)]
        for tag in sorted(set(current.article.tags)):
            bits = tag_bits.get(tag, 0)
            exactly = [(exactly[k] & ~bits if k < len(exactly) else 0)
                       | (exactly[k - 1] & bits if k else 0) for k in range(len(exactly) + 1)]
        same_category = category_bits.get(current.article.category, 0)
        found: list[ArticleView] = []
        for shared in range(len(exactly) - 1, -1, -1):
            levels = [exactly[shared] & same_category]
            if shared:
                levels.append(exactly[shared] & ~same_category)
            for bits in levels:
                while bits and len(found) < limit:
                    lowest = bits & -bits
                    found.append(ranked[lowest.bit_length() - 1])
                    bits ^= lowest
        return found

    def _related_sets(self, locale: str) -> tuple[list[ArticleView], dict[str, int],
                                                  dict[str, int], dict[str, int]]:
        ranked = sorted(self.articles_for(locale),
                        key=lambda v: (v.article.order, v.article.title.casefold(), v.article.id))
        position = {view.article.id: n for n, view in enumerate(ranked)}
        tag_bits: dict[str, int] = {}
        category_bits: dict[str, int] = {}
        for n, view in enumerate(ranked):
            for tag in set(view.article.tags):
                tag_bits[tag] = tag_bits.get(tag, 0) | (1 << n)
            category = view.article.category
            category_bits[category] = category_bits.get(category, 0) | (1 << n)
        return ranked, position, tag_bits, category_bits

    def featured(self, locale: str) -> list[ArticleView]:
        home = self.homes.get(locale) or self.homes.get(self.default_locale)
        ids = home.featured if home else []
        views = [self.resolve_article(locale, aid) for aid in ids]
        return [v for v in views if v is not None]


class _Reader:
    """Collects problems while reading one file's front matter."""

    def __init__(self, path: str, fm: FrontMatter, problems: list[Problem]):
        self.path, self.fm, self.problems = path, fm, problems

    def problem(self, key: str | None, level: str, message: str, hint: str = "",
                code: str = "") -> None:
        line = self.fm.line_of(key) if key else 1
        self.problems.append(Problem(self.path, line, level, message, hint, code))  # type: ignore[arg-type]

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in self.fm.meta:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(
                    sorted(allowed - {"hide", "template", "search"}))
                self.problem(key, "warning", f"unknown front matter key '{key}'", hint,
                             "frontmatter-unknown-key")

    def text(self, key: str, required: bool = True) -> str:
        value = self.fm.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(None if key not in self.fm.meta else key, "error",
                             f"'{key}' is required", f"add a line '{key}: ...' to the front matter",
                             "frontmatter-required")
            return ""
        if not isinstance(value, str):
            self.problem(key, "error", f"'{key}' must be text, got {value!r}",
                         "put the value in quotes", "frontmatter-type")
            return str(value)
        return value.strip()

    def integer(self, key: str, default: int | None) -> int | None:
        value = self.fm.meta.get(key, default)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,9}", value.strip()):
            return int(value)  # front matter values are text (helpcenter.yamlsource)
        self.problem(key, "error", f"'{key}' must be a whole number, got {value!r}", "",
                     "frontmatter-type")
        return default

    def date(self, key: str) -> dt.date | None:
        value = self.fm.meta.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(key, "error", f"'{key}' must be a date like 2026-11-01, got '{value}'", "",
                     "frontmatter-date")
        return None

    def string_list(self, key: str) -> list[str]:
        value = self.fm.meta.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.problem(key, "error", f"'{key}' must be a list like [password, sign-in], "
                         f"got {value!r}", "", "frontmatter-type")
            return []
        return [str(v).strip() for v in value if str(v).strip()]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_markdown(path: Path, shown_as: str, problems: list[Problem]) -> FrontMatter | None:
    """Read a Markdown file's front matter; record a problem and return None when unreadable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown_as, None, "error", f"cannot be read: {exc.strerror}", "",
                                "file-unreadable"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problems.append(Problem(shown_as, line, "error", "not UTF-8 text",
                                "save the file as UTF-8", "file-encoding"))
        return None
    try:
        return parse_front_matter(text, shown_as)
    except FrontMatterError as exc:
        problems.append(exc.problem)
        return None


def _aliases(reader: _Reader) -> list[str]:
    """`aliases:` other names customers use for the article (비번, "can't log in"): search
    weighs them like the title, so each must be a short name, not a sentence."""
    aliases = reader.string_list("aliases")
    if len(aliases) > MAX_ALIASES:
        reader.problem("aliases", "error", f"'aliases' has {len(aliases)} names; at most "
                       f"{MAX_ALIASES}", "keep the names customers really use", "aliases-too-many")
        return aliases[:MAX_ALIASES]
    kept = []
    for alias in aliases:
        if len(alias) > MAX_ALIAS_CHARS:
            reader.problem("aliases", "error", f"alias '{alias[:40]}…' is longer than "
                           f"{MAX_ALIAS_CHARS} characters", "an alias is a name, not a sentence",
                           "alias-too-long")
        elif alias.casefold() not in {k.casefold() for k in kept}:
            kept.append(alias)
    return kept


def _read_article(reader: _Reader, article_id: str, locale: str) -> Article:
    fm = reader.fm
    if not fm.end_line:
        reader.problem(None, "error", "article has no front matter",
                       "start the file with '---', 'title: ...', 'description: ...', '---'",
                       "frontmatter-missing")
    reader.unknown_keys(ARTICLE_KEYS)
    article = Article(
        id=article_id,
        locale=locale,
        category=article_id.split("/")[0],
        title=reader.text("title"),
        description=reader.text("description"),
        source=reader.path,
        tags=reader.string_list("tags"),
        aliases=_aliases(reader),
        owner=reader.text("owner", required=False) or None,
        reviewed=reader.date("reviewed"),
        order=reader.integer("order", DEFAULT_ORDER) or DEFAULT_ORDER,
        translated_from=reader.text("translated_from", required=False) or None,
        body=fm.body,
        body_line=fm.body_line,
        key_lines=fm.key_lines,
    )
    if fm.end_line and not fm.body.strip():
        reader.problem(None, "warning", "article has no text below the front matter", "",
                       "article-empty")
    _placeholder_problems(reader)
    return article


def _placeholder_problems(reader: _Reader) -> None:
    """`helpcenter new`'s placeholders left in: warnings, so --strict keeps them from customers."""
    for key in ("title", "description", "owner"):
        value = reader.fm.meta.get(key)
        if isinstance(value, str) and placeholders.is_placeholder(value):
            reader.problem(key, "warning", f"'{key}' still holds the placeholder "
                           f"'{value[:40]}'", f"write the article's real {key}",
                           "placeholder-left")
    for line, text in placeholders.body_placeholders(reader.fm.body, reader.fm.body_line):
        reader.problems.append(Problem(reader.path, line, "warning", "placeholder text from "
                                       f"'helpcenter new' is still here: '{text}'",
                                       "replace it with the article's own text",
                                       "placeholder-left"))


def _read_category(reader: _Reader, category_id: str, locale: str) -> Category:
    reader.unknown_keys(CATEGORY_KEYS)
    icon = reader.text("icon", required=False)
    return Category(
        id=category_id,
        locale=locale,
        title=reader.text("title"),
        description=reader.text("description"),
        source=reader.path,
        icon=icon or "material/folder-outline",
        order=reader.integer("order", DEFAULT_ORDER) or DEFAULT_ORDER,
        review_interval_days=reader.integer("review_interval_days", None),
    )


def _read_home(reader: _Reader, locale: str) -> HomePage:
    reader.unknown_keys(HOME_KEYS)
    return HomePage(locale=locale, title=reader.text("title"),
                    description=reader.text("description"), source=reader.path,
                    featured=reader.string_list("featured"),
                    featured_line=reader.fm.key_lines.get("featured"))


def load_help_center(project: Project) -> tuple[HelpCenter, list[Problem]]:
    """Read every locale's content; return the model and every problem found (never raises)."""
    problems: list[Problem] = []
    docs = project.docs_dir
    codes = set(project.locale_codes)
    articles: dict[str, dict[str, Article]] = {c: {} for c in project.locale_codes}
    categories: dict[str, dict[str, Category]] = {c: {} for c in project.locale_codes}
    homes: dict[str, HomePage] = {}
    if not docs.is_dir():
        problems.append(Problem(_relative(docs, project.root), None, "error",
                                "the content folder does not exist",
                                "set docs_dir in mkdocs.yml", "content-missing"))
        return HelpCenter(project.locales, articles, categories, homes), problems

    for entry in sorted(docs.iterdir()):
        if entry.is_dir() and entry.name not in codes and LOCALE_LIKE.match(entry.name):
            problems.append(Problem(
                _relative(entry, project.root), None, "warning",
                f"folder '{entry.name}' looks like a locale but is not configured",
                "add it to the i18n plugin's languages in mkdocs.yml", "locale-unknown"))

    for code in project.locale_codes:
        base = docs / code
        if not base.is_dir():
            continue
        shown_base = _relative(base, project.root)
        for path, parts in _markdown_files(base, project.root, problems):
            shown = f"{shown_base}/{'/'.join(parts)}"
            if any(part.startswith((".", "_")) for part in parts):
                continue
            if len(parts) == 1 and parts[0] != INDEX:
                problems.append(Problem(shown, None, "error",
                                        "articles belong in a category folder",
                                        f"move it to {code}/<category>/{parts[0]}",
                                        "article-placement"))
                continue
            if len(parts) > 2:
                problems.append(Problem(shown, None, "error",
                                        "articles are one folder deep: <locale>/<category>/<article>.md",
                                        "move it up into its category folder",
                                        "article-placement"))
                continue
            names = [p.removesuffix(".md") for p in parts]
            bad = [n for n in names if n != "index" and not SLUG.match(n)]
            if bad:
                problems.append(Problem(shown, None, "error",
                                        f"'{bad[0]}' is not a valid name for a URL",
                                        "use lowercase letters, digits and hyphens, like "
                                        "'reset-password'", "article-name"))
                continue
            fm = read_markdown(path, shown, problems)
            if fm is None:
                continue
            reader = _Reader(shown, fm, problems)
            if parts == (INDEX,):
                homes[code] = _read_home(reader, code)
            elif parts[-1] == INDEX:
                categories[code][names[0]] = _read_category(reader, names[0], code)
            else:
                article_id = f"{names[0]}/{names[1]}"
                articles[code][article_id] = _read_article(reader, article_id, code)

    center = HelpCenter(project.locales, articles, categories, homes)
    problems.extend(_cross_checks(center, project))
    return center, problems


def reload_article(center: HelpCenter, project: Project, locale: str, article_id: str,
                   path: Path) -> list[Problem]:
    """Read one changed article again into `center` (the preview's rebuild after a save).

    The model keeps the previous text when the file now has errors; the problems say why.
    """
    problems: list[Problem] = []
    fm = read_markdown(path, _relative(path, project.root), problems)
    if fm is None:
        return problems
    article = _read_article(_Reader(_relative(path, project.root), fm, problems), article_id, locale)
    if not any(problem.level == "error" for problem in problems):
        center.articles[locale][article_id] = article
        center._cache.clear()
    return problems


def _markdown_files(base: Path, root: Path, problems: list[Problem]) -> list[tuple[Path, tuple]]:
    """The Markdown files below `base` with their path parts below it, in path order, without
    following symbolic links to folders: a link to a folder would build its pages twice, and a
    link that loops would never end (MkDocs follows them both). Each such link is one error
    naming it. Folders are read as `os.walk` reads them (top down, each in the order the file
    system lists it), with what `os.scandir` already knows of each entry instead of asking the
    file system again for every file (a parent's serial part of every build)."""
    found: list[tuple[Path, tuple]] = []

    def walk(folder: str, parts: tuple) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            return   # as os.walk: a folder that cannot be listed is passed over
        here = Path(folder)
        for entry in sorted(entries, key=lambda e: e.name):
            if not entry.is_symlink():
                continue
            path = here / entry.name
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(Problem(_relative(path, root), None, "error", "is a symbolic "
                                        "link that loops or points to nothing",
                                        "remove it or point it at a real file", "content-symlink"))
                continue
            if target.is_dir():
                problems.append(Problem(_relative(path, root), None, "error", "is a symbolic "
                                        "link to a folder, so its pages would be built twice",
                                        "copy or move the folder here instead", "content-symlink"))
        folders = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    folders.append(entry)
            elif entry.name.endswith(".md") and (not entry.is_symlink()
                                                 or os.path.exists(entry.path)):
                found.append((here / entry.name, (*parts, entry.name)))
        for entry in folders:
            walk(entry.path, (*parts, entry.name))

    walk(str(base), ())
    found.sort(key=lambda item: item[1])
    return found


def _cross_checks(center: HelpCenter, project: Project) -> list[Problem]:
    """Problems that need the whole tree: categories without index, featured ids that don't exist."""
    problems = []
    default = center.default_locale
    for code, per_locale in center.articles.items():
        for article in per_locale.values():
            if (article.category not in center.categories[default]
                    and article.category not in center.categories[code]):
                folder = f"{_relative(project.docs_dir, project.root)}/{default}/{article.category}"
                problems.append(Problem(
                    article.source, None, "error",
                    f"category '{article.category}' has no {INDEX}",
                    f"create {folder}/{INDEX} with title, description, icon and order",
                    "category-missing"))
    known = set(center.article_ids())
    for home in center.homes.values():
        for article_id in home.featured:
            if article_id not in known:
                close = difflib.get_close_matches(article_id, sorted(known), n=1)
                problems.append(Problem(
                    home.source, home.featured_line, "error",
                    f"featured article '{article_id}' does not exist",
                    f"did you mean '{close[0]}'?" if close else "use an id like 'billing/refunds'",
                    "featured-unknown"))
    if default not in center.homes:
        problems.append(Problem(
            f"{_relative(project.docs_dir, project.root)}/{default}/{INDEX}", None, "error",
            "the default locale has no home page", "create it with a title and description",
            "home-missing"))
    return problems

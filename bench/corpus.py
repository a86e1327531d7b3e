"""Generate a large help center for benchmarks: N articles per locale in en, ko and ja.

Text is recombined from the demo articles of each locale, so tokenization and page sizes are
realistic. The same tree is written with two configurations:
- `mkdocs.yml`: this project (copied mkdocs.yml, overrides and content data files);
- `mkdocs-plain.yml`: plain mkdocs-material + mkdocs-static-i18n with Material's search and the
  default navigation, the baseline every benchmark compares against.

    python -m bench.corpus OUT_DIR --articles 1000
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

from helpcenter.content import load_help_center
from helpcenter.project import load_project

REPO = Path(__file__).resolve().parent.parent
LOCALES = ("en", "ko", "ja")
CATEGORIES_PER_CORPUS = 12

PLAIN_CONFIG = {
    "site_name": "Plain baseline",
    "docs_dir": "content",
    "site_dir": "site-plain",
    "exclude_docs": "_*/\n_*.yml\ncontact.yml\n",
    "theme": {"name": "material", "language": "en"},
    "markdown_extensions": ["admonition", "tables", "attr_list", "toc"],
    "plugins": [
        "search",
        {"i18n": {"docs_structure": "folder", "fallback_to_default": True,
                  "languages": [{"locale": "en", "name": "English", "default": True},
                                {"locale": "ko", "name": "한국어"},
                                {"locale": "ja", "name": "日本語"}]}},
    ],
}


def demo_paragraphs() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Paragraphs and titles of the demo content, per locale."""
    center, _ = load_help_center(load_project(REPO / "mkdocs.yml"))
    paragraphs, titles = {}, {}
    for locale in LOCALES:
        articles = center.articles[locale].values()
        paragraphs[locale] = [p.strip() for a in articles for p in a.body.split("\n\n")
                              if p.strip() and not p.lstrip().startswith(("!!!", "|", "    "))]
        titles[locale] = [a.title for a in articles]
    return paragraphs, titles


def write_article(path: Path, title: str, description: str, paragraphs: list[str],
                  rng: random.Random) -> None:
    headings = rng.sample([p for p in paragraphs if p.startswith("## ")] or ["## Steps"], k=2)
    body = [p for p in paragraphs if not p.startswith("#")]
    chunks = rng.sample(body, k=min(8, len(body)))
    text = "\n\n".join([chunks[0], chunks[1], headings[0], *chunks[2:5], headings[1], *chunks[5:]])
    meta = {"title": title, "description": description, "tags": [], "owner": "bench-team",
            "reviewed": "2026-10-01"}
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
                    + "---\n\n" + text + "\n", encoding="utf-8")


def generate(out: Path, articles_per_locale: int, seed: int = 7) -> Path:
    """Write the corpus into `out` (replacing it) and return it."""
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", out / "overrides")
    for entry in (REPO / "content").iterdir():  # data files and interface strings
        if entry.name not in LOCALES:
            copy = shutil.copytree if entry.is_dir() else shutil.copy
            copy(entry, out / "content" / entry.name)
    (out / "mkdocs-plain.yml").write_text(yaml.safe_dump(PLAIN_CONFIG, allow_unicode=True),
                                          encoding="utf-8")
    paragraphs, titles = demo_paragraphs()
    rng = random.Random(seed)
    for locale in LOCALES:
        base = out / "content" / locale
        base.mkdir()
        (base / "index.md").write_text(f"---\ntitle: Help {locale}\ndescription: Home\n"
                                       "featured: []\n---\n", encoding="utf-8")
        for c in range(CATEGORIES_PER_CORPUS):
            folder = base / f"topic-{c:02d}"
            folder.mkdir()
            (folder / "index.md").write_text(
                f"---\ntitle: Topic {c} {locale}\ndescription: Articles about topic {c}.\n"
                f"icon: material/folder-outline\norder: {c}\n---\n", encoding="utf-8")
        for i in range(articles_per_locale):
            title = f"{rng.choice(titles[locale])} {i}"
            path = base / f"topic-{i % CATEGORIES_PER_CORPUS:02d}" / f"article-{i:05d}.md"
            write_article(path, title, rng.choice(paragraphs[locale])[:150], paragraphs[locale], rng)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000, help="articles per locale")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} articles × {len(LOCALES)} locales to {args.out}")


if __name__ == "__main__":
    main()

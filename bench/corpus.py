"""Generate a large help center (N articles per locale, en/ko/ja) for the search benchmark.

Articles are recombined from the demo content's own sentences, headings, titles and tags of the
same locale, so text, scripts and sentence lengths are real. Each article also mentions a made-up
product name of its own (an English-like word, a Hangul word, a Katakana word), so that the
vocabulary keeps growing with the corpus the way a real catalogue's does.

    python bench/corpus.py OUT_DIR --articles 1000
writes OUT_DIR/content/..., OUT_DIR/mkdocs.yml and OUT_DIR/mkdocs-material.yml.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("en", "ko", "ja")
CATEGORIES = ("account", "orders", "returns", "billing", "subscriptions", "support")
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")

EN_SYLLABLES = ["ka", "lo", "mi", "ne", "ra", "so", "tu", "vi", "zen", "mar", "tel", "dor", "lin",
                "pex", "qua", "bri", "sto", "fen", "gal", "hux"]
KO_SYLLABLES = list("가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주")
JA_SYLLABLES = list("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ")


def _split(markdown: str) -> tuple[dict, str]:
    _, front, body = markdown.split("---", 2)
    return yaml.safe_load(front), body


def _material(locale: str) -> dict:
    """Sentences, headings, titles, descriptions and tags of one locale's demo articles."""
    pool: dict = {"sentences": [], "headings": [], "titles": [], "descriptions": [], "tags": []}
    for path in sorted((ROOT / "content" / locale).glob("*/*.md")):
        if path.name == "index.md":
            continue
        meta, body = _split(path.read_text(encoding="utf-8"))
        pool["titles"].append(meta["title"])
        pool["descriptions"].append(meta["description"])
        pool["tags"].extend(meta.get("tags") or [])
        for line in body.splitlines():
            line = line.strip()
            if line.startswith("## "):
                pool["headings"].append(line[3:])
            elif line and not line.startswith(("|", "!!!", "#", "-", "```")):
                line = re.sub(r"^\d+\.\s+", "", line)
                line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
                pool["sentences"].extend(s for s in SENTENCE_END.split(line) if len(s) > 8)
    return pool


def _product(locale: str, rng: random.Random) -> str:
    if locale == "en":
        return "".join(rng.choice(EN_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    letters = KO_SYLLABLES if locale == "ko" else JA_SYLLABLES
    return "".join(rng.choice(letters) for _ in range(rng.randint(3, 4)))


def _article(locale: str, pool: dict, rng: random.Random) -> tuple[dict, str]:
    product = _product(locale, rng)
    joiner = " " if locale != "ja" else ""
    title = f"{rng.choice(pool['titles'])}{joiner}({product})"
    sections = []
    for _ in range(rng.randint(2, 4)):
        sentences = rng.sample(pool["sentences"], k=min(len(pool["sentences"]), rng.randint(3, 6)))
        sentences[rng.randrange(len(sentences))] += f"{joiner}{product}"
        sections.append(f"## {rng.choice(pool['headings'])}\n\n" + joiner.join(sentences))
    # A real sentence of the locale (not one of 26 descriptions), so descriptions are as varied
    # and as hard to compress as a real catalogue's.
    description = f"{rng.choice(pool['sentences'])}{joiner}{product}"[:160]
    meta = {"title": title, "description": description,
            "tags": rng.sample(pool["tags"], k=min(4, len(pool["tags"]))) + [product.lower()]}
    return meta, rng.choice(pool["sentences"]) + "\n\n" + "\n\n".join(sections) + "\n"


def generate(out: Path, articles: int, seed: int = 7) -> Path:
    """Write the corpus and both sites' mkdocs.yml into `out`; return `out`."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    shutil.copytree(ROOT / "content" / "_ui", content / "_ui")
    for extra in ("contact.yml",):
        if (ROOT / "content" / extra).exists():
            shutil.copy(ROOT / "content" / extra, content / extra)
    for locale in LOCALES:
        pool = _material(locale)
        (content / locale).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "content" / locale / "index.md", content / locale / "index.md")
        for category in CATEGORIES:
            folder = content / locale / category
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / "content" / locale / category / "index.md", folder / "index.md")
        for n in range(articles):
            meta, body = _article(locale, pool, rng)
            category = CATEGORIES[n % len(CATEGORIES)]
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
            path = content / locale / category / f"article-{n:05d}.md"
            path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
        # The demo's featured articles and contact page must exist for our build to pass.
        for path in (ROOT / "content" / locale).glob("*/*.md"):
            target = content / locale / path.relative_to(ROOT / "content" / locale)
            if not target.exists():
                shutil.copy(path, target)
    write_configs(out)
    return out


def write_configs(out: Path) -> None:
    """Our mkdocs.yml (theme overrides from this repository) and plain Material's, in `out`."""
    ours = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    ours = ours.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    ours = re.sub(r"(?m)^docs_dir: .*$", "docs_dir: content", ours)
    (out / "mkdocs.yml").write_text(ours, encoding="utf-8")
    material = {
        "site_name": "Lumora Help Center (plain Material)",
        "docs_dir": "content",
        "use_directory_urls": True,
        "exclude_docs": "_*/\n_*.yml\ncontact.yml\n",
        "theme": {"name": "material", "language": "en", "font": False},
        "plugins": [
            "search",
            {"i18n": {"docs_structure": "folder", "fallback_to_default": True,
                      "reconfigure_material": True, "reconfigure_search": True,
                      "languages": [
                          {"locale": "en", "name": "English", "default": True, "build": True},
                          {"locale": "ko", "name": "한국어", "build": True},
                          {"locale": "ja", "name": "日本語", "build": True}]}},
        ],
    }
    (out / "mkdocs-material.yml").write_text(
        yaml.safe_dump(material, allow_unicode=True, sort_keys=False), encoding="utf-8")


def timed_build(root: Path, config: str, site: str) -> float:
    """Build `root` with `mkdocs build -f config -d site` in a subprocess; the wall time in s."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site],
                   cwd=root, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} articles per locale into {args.out}")


if __name__ == "__main__":
    main()

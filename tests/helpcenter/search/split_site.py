"""Test helpers: a site's one-file search indexes re-written split, and queries to compare."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpcenter.search import split
from helpcenter.search.index import SEARCH_DIR
from helpcenter.search.query import load_locale_index

LOCALES = ("en", "ko", "ja")


def write_split_copy(site: Path, out: Path, shard_bytes: int) -> Path:
    """`out`/helpcenter/search/ holding the same indexes as `site`'s one-file ones, split into
    shards of about `shard_bytes`: the very payload the single file holds, not a rebuild."""
    source, target = Path(site) / SEARCH_DIR, Path(out) / SEARCH_DIR
    target.mkdir(parents=True, exist_ok=True)
    for locale in LOCALES:
        payload = json.loads((source / f"{locale}.json").read_text(encoding="utf-8"))
        assert "split" not in payload, "the source must hold one file per locale"
        count = -(-len(payload["docs"]) // payload["text"]["shard"])
        texts = [json.loads((source / locale / f"{n}.json").read_text(encoding="utf-8"))
                 for n in range(count)]
        entry, files = split.split_files(payload, texts, shard_bytes)
        folder = target / locale
        if folder.exists():
            shutil.rmtree(folder)
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        (target / f"{locale}.json").write_text(split.dumps(entry), encoding="utf-8")
    return Path(out)


def comparison_queries(site: Path, locale: str, quality: list[dict]) -> list[str]:
    """Many queries of every kind the readers treat differently: the quality set (questions,
    typos, no spaces), every title, word prefixes (lunr wildcards), one-letter typos of
    longer words (edit distance 1, which may reach terms in any shard), single CJK
    characters (prefix clauses), synonyms' keys and index terms from across the term list."""
    loaded = load_locale_index(site, locale)
    titles = [doc[1] for doc in loaded.docs]
    terms = sorted(loaded.index.token_set.to_list())
    queries = [case["q"] for case in quality] + titles
    words = sorted({w for title in titles for w in title.split() if len(w) >= 5})
    queries += [w[:3] for w in words[::3]]
    queries += [w[1] + w[0] + w[2:] for w in words[::4]]          # a transposition at the start
    queries += ["x" + w[1:] for w in words[::5]]                  # another first letter
    queries += sorted({ch for title in titles for ch in title if ord(ch) > 0x3000})[::4]
    queries += list(loaded.synonyms)
    queries += terms[:: max(1, len(terms) // 60)]
    return list(dict.fromkeys(q for q in queries if q.strip()))

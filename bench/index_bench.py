"""CPU of one locale process's search index and Markdown copies, phase by phase.

    python -m bench.index_bench --corpus /path/to/querypie-docs      # a real corpus
    python -m bench.index_bench --articles 1000                       # bench/corpus.py's

For each locale a fresh process builds the locale as `helpcenter build`'s locale process does
(`LocaleBuild`), keeping the rendered article bodies, then runs again, alone and timed
(`time.process_time`, the tokenizer's memos emptied as in a build, the heap collected before
each phase), what its search and assistants plugins run: each page's text and Markdown copy,
page after page (`pagetext.page_text` then `html_to_markdown`: one parse of the page for both
with `helpcenter.htmltree`, its HTML read twice in older code), writing the locale's index
files (tokenizing, postings, the split decision, the shards: the rest of `on_post_build`), and
of those computing the index (`compact_index`) alone. The locale build's own CPU time is
printed beside them, so each phase reads as a share of it. CPU time, not wall time: the figures are meant to
be compared between two versions of the code on a machine that others share (run the old one
with `PYTHONPATH=old-checkout/plugins`).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.build_bench import real_corpus
from bench.corpus import LOCALES, generate


def measure(config: Path, locale: str, site: Path) -> dict:
    """The phases of one locale, in this process (run it in a fresh one)."""
    from helpcenter.assistants.html_markdown import html_to_markdown
    from helpcenter.mkdocs_plugins.content.plugin import page_kind
    from helpcenter.mkdocs_plugins.locale_build import LocaleBuild
    from helpcenter.search import tokenize
    from helpcenter.search.index import compact_index, search_documents, write_locale_index
    from helpcenter.search.synonyms import load_synonyms

    started = time.process_time()
    build = LocaleBuild(config, locale, site / "built", site_files=False)
    if not build.build().ok:
        raise SystemExit(f"{locale}: the build failed")
    figures = {"locale build": time.process_time() - started}
    center = build.config.plugins["helpcenter-content"].center
    pages = {article: page.content for page in build.pages.values()
             for kind, article in [page_kind(getattr(page.file, "norm_src_uri", page.file.src_uri))]
             if kind == "article" and article}
    synonyms = load_synonyms(build.config.docs_dir, locale)
    def cold() -> None:   # the tokenizer's memos start empty in a locale process
        for cached in ("word_term", "korean_stem", "char_class"):
            getattr(getattr(tokenize, cached), "cache_clear", lambda: None)()

    def timed(name: str, work):
        cold()
        gc.collect()   # each phase starts from a collected heap, not another phase's garbage
        start = time.process_time()
        result = work()
        figures[name] = time.process_time() - start
        return result

    from helpcenter import pagetext
    base = "https://help.example/a/b/"

    # Each page's text and its Markdown copy, page after page as the plugins make them: with
    # helpcenter.htmltree both read one parse of the page; older code (run through
    # PYTHONPATH, whose pagetext scans the HTML itself) reads the page's HTML twice.
    if not hasattr(pagetext, "read_html"):
        def read_pages():
            documents = search_documents(center, locale, pages)
            for html in pages.values():
                html_to_markdown(html, base)
            return documents
    else:
        def read_pages():
            texts = {}
            for article, html in pages.items():
                texts[article] = pagetext.page_text(html)
                html_to_markdown(html, base)
            return search_documents(center, locale, texts)

    documents = timed("page text + copies", read_pages)
    timed("index + files", lambda: write_locale_index(site / "index", locale, documents,
                                                      "bench", synonyms=synonyms))
    timed("of which the index", lambda: compact_index(documents, locale))
    figures["articles"] = len(pages)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a real corpus folder (content/<locale>/...)")
    parser.add_argument("--articles", type=int, default=0,
                        help="a generated corpus of this many articles per locale instead")
    parser.add_argument("--locale", action="append", help="only these locales (repeatable)")
    parser.add_argument("--one", nargs=3, metavar=("CONFIG", "LOCALE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        config, locale, folder = args.one
        print(json.dumps(measure(Path(config), locale, Path(folder))))
        return
    if not args.corpus and not args.articles:
        parser.error("give --corpus PATH or --articles N")
    load = os.getloadavg()
    import helpcenter

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {load[0]:.1f} at start; code: "
          f"{Path(helpcenter.__file__).parent}")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        root = (real_corpus(args.corpus, Path(tmp) / "real") if args.corpus
                else generate(Path(tmp) / "generated", args.articles))
        for locale in args.locale or LOCALES:
            done = subprocess.run([sys.executable, "-m", "bench.index_bench", "--one",
                                   str(root / "mkdocs.yml"), locale, str(Path(tmp) / locale)],
                                  capture_output=True, text=True, env=env,
                                  cwd=Path(__file__).resolve().parents[1])
            if done.returncode:
                raise SystemExit(done.stderr[-3000:])
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            build = figures.pop("locale build")
            articles = figures.pop("articles")
            print(f"{locale}: {articles} articles, locale build {build:.2f} s CPU; " + ", ".join(
                f"{name} {seconds:.3f} s ({seconds / build:.1%})"
                for name, seconds in figures.items()))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""Search quality: this project vs Pagefind 1.5 vs plain mkdocs-material, on the same pages.

    python -m bench.search_eval [--corpus /path/to/querypie-docs] [--known 150] [--keep DIR]
                                [--systems ours,pagefind,material] [--heldout] [--queries PATH]

`--systems ours` is the quick mode for tuning: only our build, no browser (seconds, not minutes);
the table for docs/benchmarks.md comes from a run of all three.

Two query sets, each typed into all three systems in the same run:
- labelled: bench/search_queries.yml (the dev set, looked at while tuning), queries for the demo
  articles written as customers type them (questions, paraphrases, colloquial words, typos, Korean
  without spaces, Japanese without particles), per locale and kind; with --heldout also the
  three held-out sets, each its own table from the same build: bench/search_heldout.yml
  (held-out 1, spent: evaluated once in session 3, tuned on since), bench/search_heldout2.yml
  (held-out 2, spent: evaluated once in session 4, tuned on in session 5) and
  bench/search_heldout3.yml (held-out 3, spent: evaluated once in session 5, tuned on in
  session 6) and bench/search_heldout4.yml (held-out 4, written blind in session 6, never tuned
  on: the fair figure); --queries PATH (repeatable) evaluates other files of that schema instead;
  --chatty adds each set again with a fixed chatty sentence after every query ("i tried
  everything since yesterday…", CHATTER), as customers on a phone write;
- known-item (with --corpus): titles and section headings of a real help corpus in the help
  center's content layout (e.g. querypie-docs, CC BY 4.0; its path is an argument, nothing of it
  is copied into the project), as written and, for Korean, typed without spaces; a query
  succeeds when an article with that title or heading is found. --known caps the headings per
  locale (a fixed sample) so that a run stays in minutes.

Systems, each over its own build of the same content:
- ours: `helpcenter.search.query.run_query` over the built index (the browser ranks
  identically: tests/browser/test_search.py checks it);
- Pagefind (PyPI `pagefind[bin]`): indexes our built pages, the article only
  (`--root-selector .hc-article`), queried through its own pagefind.js in Chromium;
- Material: plain mkdocs-material + mkdocs-static-i18n with Material's search plugin, queried
  through its search box in Chromium (its worker, its ranking; results of the page's locale).
Per system, locale and kind: success at 1 and 5, MRR, the median number of results and the
number of queries with no result. Prints one Markdown table (paste it into docs/benchmarks.md).
Ours counts what the search box lists, partial matches included (shown when no article matches
enough of the query, docs/search.md); the column "ours strict" is the same answers with the
partial ones counted as no result: the ranking before partial matches, from the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

from bench.corpus import timed_build, write_configs
from bench.search_bench import serve

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCALES = ("en", "ko", "ja")
SYSTEMS = ("ours", "pagefind", "material")
STRICT = "ours strict"   # our answers without the partial matches (the rule before them)
HEADING = re.compile(r"^#{2,3}\s+(.+?)\s*(?:\{[^}]*\})?\s*$", re.M)


# -- the sites ------------------------------------------------------------------------------------

def make_project(out: Path, corpus: Path | None) -> Path:
    """A project folder holding the demo content, or the corpus's articles with the demo's data
    files, and both sites' mkdocs.yml (bench/corpus.py)."""
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    if corpus is None:
        shutil.copytree(ROOT / "content", content)
    else:
        content.mkdir(parents=True)
        for entry in (ROOT / "content").iterdir():
            if entry.name.startswith("_") or entry.suffix == ".yml":
                (shutil.copytree if entry.is_dir() else shutil.copy)(entry, content / entry.name)
        for locale in LOCALES:
            shutil.copytree(corpus / "content" / locale, content / locale)
            home = content / locale / "index.md"
            if not home.exists():
                home.write_text("---\ntitle: Help\ndescription: Help center.\n---\n",
                                encoding="utf-8")
    write_configs(out)
    return out


def build_sites(project: Path, systems: tuple[str, ...] = SYSTEMS) -> dict[str, float]:
    """Our site (then Pagefind over it) and plain Material's, as far as `systems` need them;
    build seconds of each."""
    times = {"ours": timed_build(project, "mkdocs.yml", "site-ours")}
    if "material" in systems:
        times["material"] = timed_build(project, "mkdocs-material.yml", "site-material")
    if "pagefind" in systems:
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(project / "site-ours"),
                        "--root-selector", ".hc-article", "--silent"], check=True)
    return times


# -- the queries ----------------------------------------------------------------------------------

DEV_SET = ROOT / "bench" / "search_queries.yml"
HELDOUT_SET = ROOT / "bench" / "search_heldout.yml"
HELDOUT2_SET = ROOT / "bench" / "search_heldout2.yml"
HELDOUT3_SET = ROOT / "bench" / "search_heldout3.yml"
HELDOUT4_SET = ROOT / "bench" / "search_heldout4.yml"
HELDOUT_SETS = (HELDOUT_SET, HELDOUT2_SET, HELDOUT3_SET, HELDOUT4_SET)
KINDS = ("question", "paraphrase", "colloquial", "typo", "nospace", "noparticle", "keyword")
ARTICLE = re.compile(r"[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*")


class QueryFileError(ValueError):
    """A labelled query file that does not follow the schema; the message names file:line."""


def labelled_queries(path: Path = DEV_SET) -> list[dict]:
    """The labelled queries of one file (`{q, kind, expect}` entries under en/ko/ja), checked
    entry by entry so that a mistake stops the run before any build, naming file and line."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        raise QueryFileError(f"{path}: cannot be read ({error}).") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise QueryFileError(f"{where}: not valid YAML ({getattr(error, 'problem', error)}).") \
            from None

    def fail(node: yaml.Node, problem: str) -> QueryFileError:
        return QueryFileError(f"{path}:{node.start_mark.line + 1}: {problem}.")

    if not isinstance(root, yaml.MappingNode):
        raise QueryFileError(f"{path}: expected a mapping of locales ({', '.join(LOCALES)}) "
                             "to lists of queries.")
    queries = []
    for key, cases in root.value:
        if key.value not in LOCALES:
            raise fail(key, f"unknown locale {key.value!r}; expected one of {', '.join(LOCALES)}")
        if not isinstance(cases, yaml.SequenceNode):
            raise fail(cases, f"{key.value} must be a list of {{q, kind, expect}} entries")
        for case in cases.value:
            fields = ({k.value: v for k, v in case.value}
                      if isinstance(case, yaml.MappingNode) else {})
            q, kind, expect = (fields.get(name) for name in ("q", "kind", "expect"))
            if set(fields) != {"q", "kind", "expect"}:
                raise fail(case, "an entry needs exactly q, kind and expect")
            if not isinstance(q, yaml.ScalarNode) or not q.value.strip():
                raise fail(case, "q must be a non-empty string")
            if not isinstance(kind, yaml.ScalarNode) or kind.value not in KINDS:
                raise fail(kind, f"kind must be one of {', '.join(KINDS)}")
            if (not isinstance(expect, yaml.SequenceNode) or not expect.value
                    or not all(isinstance(a, yaml.ScalarNode) and ARTICLE.fullmatch(a.value)
                               for a in expect.value)):
                raise fail(expect, "expect must be a non-empty list of category/article ids")
            queries.append({"locale": key.value, "q": q.value, "kind": kind.value,
                            "expect": [a.value for a in expect.value]})
    if not queries:
        raise QueryFileError(f"{path}: holds no queries.")
    return queries


#: What a frustrated customer adds to the question (--chatty): context and feelings, no topic.
CHATTER = {"en": "i tried everything since yesterday and nothing works please help me",
           "ko": "어제부터 계속 해봤는데 안 돼서 너무 답답해요 도와주세요",
           "ja": "昨日からずっと試しているのにうまくいかなくて本当に困っています"}


def chatty(queries: list[dict]) -> list[dict]:
    """The same queries, each followed by its locale's CHATTER sentence: long sentences whose
    topic words are a small share of the units (what partial matches are for)."""
    return [{**q, "q": f"{q['q']} {CHATTER.get(q['locale'], CHATTER['en'])}"}
            for q in queries]


def known_item_queries(corpus: Path, per_locale: int, seed: int = 11) -> list[dict]:
    """Titles and headings of the corpus's articles; Korean ones also without spaces."""
    rng = random.Random(seed)
    queries = []
    for locale in LOCALES:
        titles: dict[str, set[str]] = defaultdict(set)
        headings: dict[str, set[str]] = defaultdict(set)
        for path in sorted((corpus / "content" / locale).glob("*/*.md")):
            if path.name == "index.md":
                continue
            article = f"{path.parent.name}/{path.stem}"
            text = path.read_text(encoding="utf-8")
            title = re.search(r"(?m)^title:\s*['\"]?(.+?)['\"]?\s*$", text)
            if title:
                titles[title.group(1).strip()].add(article)
            for heading in HEADING.findall(text.split("\n---", 2)[-1]):
                heading = re.sub(r"[*_`]", "", heading).strip()
                if len(heading) >= 4:
                    headings[heading].add(article)
        picked = sorted(headings)
        rng.shuffle(picked)
        kinds = [("title", t, titles[t]) for t in sorted(titles)]
        kinds += [("heading", h, headings[h]) for h in picked[:per_locale]]
        for kind, text, expect in kinds:
            queries.append({"locale": locale, "q": text, "kind": kind, "expect": sorted(expect)})
            if locale == "ko" and " " in text:
                queries.append({"locale": locale, "q": text.replace(" ", ""),
                                "kind": f"{kind} without spaces", "expect": sorted(expect)})
    return queries


# -- asking each system ---------------------------------------------------------------------------

def article_id(url: str, locale: str) -> str:
    """`ko/billing/refunds/` (any prefix, fragment or index.html) → `billing/refunds`."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url).split("#")[0].split("?")[0]
    path = path.replace("index.html", "").strip("/")
    parts = path.split("/")
    if parts and parts[0] == locale and locale != "en":
        parts = parts[1:]
    return "/".join(parts)


def ask_ours(site: Path, queries: list[dict]) -> tuple[list[tuple[list[str], int]], list[bool]]:
    """What the search box lists for each query (partial matches included: they are shown),
    and whether each answer was partial (no article matched enough of the query)."""
    from helpcenter.search.query import load_locale_index, run_query

    loaded = {locale: load_locale_index(site, locale) for locale in LOCALES}
    answers, partial = [], []
    for query in queries:
        index = loaded[query["locale"]]
        ranked = run_query(index, query["q"])
        answers.append(([index.docs[ref][0] for ref, _ in ranked[:10]], len(ranked)))
        partial.append(ranked.partial)
    return answers, partial


def strict_only(answers: list[tuple[list[str], int]],
                partial: list[bool]) -> list[tuple[list[str], int]]:
    """Our answers as the strict rule alone gives them (before partial matches): a partial
    answer is no result."""
    return [([], 0) if cut else answer for answer, cut in zip(answers, partial, strict=True)]


# Run in a page without our Content-Security-Policy (Pagefind needs WebAssembly); Pagefind picks
# the index of <html lang>, so the page's lang is set to the locale first.
PAGEFIND = """async ([lang, queries]) => {
  document.documentElement.lang = lang;
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const out = [];
  for (const q of queries) {
    const search = await pagefind.search(q);
    const top = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
    out.push([top.map(d => d.url), search.results.length]);
  }
  return out;
}"""

# Material's own search box (it listens to key events): after clearing it (q null) wait for its
# placeholder; after typing, wait until the list has results or says "no matching documents"
# (both strings from the page's __config).
MATERIAL = """async ([q]) => {
  const sleep = (ms) => new Promise(r => setTimeout(r, ms));
  const t = JSON.parse(document.getElementById('__config').textContent).translations;
  const meta = () => (document.querySelector('.md-search-result__meta') || {}).textContent || '';
  const items = () => document.querySelectorAll('.md-search-result__item').length;
  const until = async (test) => {
    const started = performance.now();
    while (performance.now() - started < 8000) { if (test()) return true; await sleep(15); }
    return false;
  };
  if (q === null) {
    return await until(() => meta().trim() === t['search.result.placeholder'].trim() && items() === 0);
  }
  await until(() => meta().trim() !== t['search.result.placeholder'].trim() &&
                    (items() > 0 || meta().trim() === t['search.result.none'].trim()));
  const links = [...document.querySelectorAll('.md-search-result__item > .md-search-result__link')]
    .map(a => a.href);
  const count = items() ? parseInt((meta().match(/\\d[\\d,]*/) || [String(links.length)])[0]
    .replace(/,/g, ''), 10) : 0;
  return [links, count];
}"""


def ask_browser(system: str, site: Path, queries: list[dict],
                browser) -> list[tuple[list[str], int]]:
    server, base = serve(site)
    answers: list[tuple[list[str], int]] = [([], 0)] * len(queries)
    try:
        for locale in LOCALES:
            picked = [i for i, q in enumerate(queries) if q["locale"] == locale]
            if not picked:
                continue
            context = browser.new_context()
            page = context.new_page()
            prefix = "" if locale == "en" else f"{locale}/"
            if system == "pagefind":
                page.goto(f"{base}/pagefind/pagefind-entry.json", wait_until="load")
                found = page.evaluate(PAGEFIND, [locale, [queries[i]["q"] for i in picked]])
                for i, (urls, count) in zip(picked, found, strict=True):
                    answers[i] = ([article_id(u, locale) for u in urls], count)
            else:
                page.goto(f"{base}/{prefix}", wait_until="load")
                page.click("label.md-search__icon, .md-search__input", timeout=5000)
                box = "input.md-search__input"
                for i in picked:
                    page.fill(box, "")
                    page.press(box, "End")
                    page.evaluate(MATERIAL, [None])
                    page.fill(box, queries[i]["q"])
                    page.press(box, "End")
                    urls, count = page.evaluate(MATERIAL, [queries[i]["q"]])
                    own = [article_id(u, locale) for u in urls
                           if (locale == "en" and not re.search(r"//[^/]+/(ko|ja)/", u))
                           or f"/{locale}/" in u]
                    answers[i] = (list(dict.fromkeys(own)), count)
            context.close()
    finally:
        server.shutdown()
    return answers


# -- scoring --------------------------------------------------------------------------------------

def score(queries: list[dict], answers: list[tuple[list[str], int]]) -> dict:
    rows: dict[tuple[str, str], list] = defaultdict(list)
    for query, (ids, count) in zip(queries, answers, strict=True):
        rank = next((n for n, found in enumerate(ids, start=1) if found in query["expect"]), None)
        for key in ((query["locale"], query["kind"]), (query["locale"], "all")):
            rows[key].append((rank, count))
    table = {}
    for key, found in rows.items():
        n = len(found)
        table[key] = {"n": n, "s1": sum(r == 1 for r, _ in found) / n,
                      "s5": sum(bool(r and r <= 5) for r, _ in found) / n,
                      "mrr": sum(1 / r for r, _ in found if r) / n,
                      "median": statistics.median(c for _, c in found),
                      "zero": sum(c == 0 for _, c in found)}
    return table


def report(name: str, queries: list[dict], results: dict[str, dict]) -> None:
    print(f"\n### {name} ({len(queries)} queries)\n")
    print("| locale | kind | n | " + " | ".join(
        f"{s} s@1 / s@5 / MRR / median / zero" for s in results) + " |")
    print("|---|---|---|" + "---|" * len(results))
    for key in sorted(next(iter(results.values())), key=lambda k: (LOCALES.index(k[0]), k[1])):
        cells = [f"{r[key]['s1']:.2f} / {r[key]['s5']:.2f} / {r[key]['mrr']:.2f} / "
                 f"{r[key]['median']:g} / {r[key]['zero']}" for r in results.values()]
        print(f"| {key[0]} | {key[1]} | {next(iter(results.values()))[key]['n']} | "
              + " | ".join(cells) + " |")


def run(name: str, project: Path, queries: list[dict], browser,
        systems: tuple[str, ...] = SYSTEMS, more: tuple[tuple[str, list[dict]], ...] = ()) -> None:
    """Build once, then ask every system each query set (`name`'s, then `more`'s): one table
    per set."""
    times = build_sites(project, systems)
    print(f"{name}: built " + ", ".join(f"{k} in {v:.1f} s" for k, v in times.items()),
          file=sys.stderr)
    for title, asked in ((name, queries), *more):
        ours, partial = ask_ours(project / "site-ours", asked)
        answers = {"ours": ours, STRICT: strict_only(ours, partial)}
        for system in ("pagefind", "material"):
            if system in systems:
                site = project / ("site-ours" if system == "pagefind" else "site-material")
                answers[system] = ask_browser(system, site, asked, browser)
        report(title, asked, {system: score(asked, answers[system])
                              for system in (*SYSTEMS, STRICT) if system in answers})


def set_name(path: Path) -> str:
    """How a table names its query file: dev set, a held-out set, or the path given."""
    named = {DEV_SET.resolve(): "dev set, bench/search_queries.yml",
             HELDOUT_SET.resolve(): "held-out 1, spent: evaluated 2026-12-01 session 3, tuned on "
                                    "since, bench/search_heldout.yml",
             HELDOUT2_SET.resolve(): "held-out 2, spent: evaluated 2026-12-01 session 4, tuned "
                                     "on in session 5, bench/search_heldout2.yml",
             HELDOUT3_SET.resolve(): "held-out 3, spent: evaluated 2026-12-01 session 5, tuned "
                                     "on in session 6, bench/search_heldout3.yml",
             HELDOUT4_SET.resolve(): "held-out 4, blind, bench/search_heldout4.yml"}
    return named.get(path.resolve(), str(path))


def query_files(queries: list[Path] | None, heldout: bool) -> list[Path]:
    """The labelled files a run asks, in table order: those given (default the dev set), then
    with `heldout` the held-out sets, oldest (spent) first."""
    return [*(queries or [DEV_SET]), *(HELDOUT_SETS if heldout else ())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None,
                        help="A help corpus in the content layout (e.g. querypie-docs).")
    parser.add_argument("--known", type=int, default=150,
                        help="Headings sampled per locale for known-item queries.")
    parser.add_argument("--keep", type=Path, default=None, help="Keep projects and sites here.")
    parser.add_argument("--no-demo", action="store_true", help="Only the corpus's queries.")
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help="Comma-separated, from ours,pagefind,material (ours is always run).")
    parser.add_argument("--queries", type=Path, action="append", default=None, metavar="PATH",
                        help="A labelled query file (repeatable); default: the dev set, "
                             "bench/search_queries.yml.")
    parser.add_argument("--chatty", action="store_true",
                        help="Also each labelled set with a fixed chatty sentence after every "
                             "query (CHATTER), as its own table.")
    parser.add_argument("--heldout", action="store_true",
                        help="Also the held-out sets: bench/search_heldout.yml and "
                             "search_heldout2.yml (held-out 1 and 2, spent) and "
                             "search_heldout3.yml (held-out 3, spent) and "
                             "search_heldout4.yml (held-out 4, blind).")
    args = parser.parse_args()
    systems = tuple(s for s in SYSTEMS if s in args.systems.split(",") or s == "ours")
    unknown = set(args.systems.split(",")) - set(SYSTEMS)
    if unknown:
        parser.error(f"--systems: unknown {', '.join(sorted(unknown))}; "
                     f"choose from {', '.join(SYSTEMS)}")
    files = query_files(args.queries, args.heldout)
    try:
        sets = tuple((f"Labelled queries, demo articles ({set_name(path)})", labelled_queries(path))
                     for path in files) if not args.no_demo else ()
    except QueryFileError as error:
        parser.exit(2, f"search_eval: {error}\n")
    if args.chatty:
        sets += tuple((f"{name}, chatty: each query + a fixed sentence", chatty(queries))
                      for name, queries in sets)
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-eval-"))
    with contextlib.ExitStack() as stack:
        browser = None
        if systems != ("ours",):
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS,
                                                 headless=True)
            stack.callback(browser.close)
        if sets:
            (name, queries), *more = sets
            run(name, make_project(work / "demo", None), queries, browser, systems, tuple(more))
        if args.corpus:
            run(f"Known-item queries, {args.corpus.name}", make_project(work / "corpus",
                                                                        args.corpus),
                known_item_queries(args.corpus, args.known), browser, systems)
    print(json.dumps({"work": str(work)}), file=sys.stderr)


if __name__ == "__main__":
    main()

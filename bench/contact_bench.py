"""Contact channels: cost of validation, of the hours logic (Python and Chromium) and of the
plugin in a build.

    python -m bench.contact_bench [--builds 3]

Prints: time to validate content/contact.yml; Python status_at per call; contact.js status()
per call in Chromium (skipped when /usr/bin/chromium is missing); demo build time with
helpcenter-contact on and off (best of N runs each) and the bytes the "Still need help?" block
adds to an article page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from helpcenter.contact import compile_hours, load_contact_file, status_at  # noqa: E402

LOCALES = ["en", "ko", "ja"]
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")


def bench_validation(rounds: int = 200) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        load_contact_file(REPO / "content" / "contact.yml", LOCALES)
    return (time.perf_counter() - start) / rounds * 1000


def bench_python_status(calls: int = 20000) -> float:
    book, _ = load_contact_file(REPO / "content" / "contact.yml", LOCALES)
    hours = [c.hours for c in book.channels.values() if c.hours is not None]
    base = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    start = time.perf_counter()
    for i in range(calls):
        status_at(hours[i % len(hours)], base + dt.timedelta(minutes=37 * i))
    return (time.perf_counter() - start) / calls * 1e6


def bench_js_status(calls: int = 20000) -> float | None:
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    book, _ = load_contact_file(REPO / "content" / "contact.yml", LOCALES)
    hours = [compile_hours(c.hours, "en") for c in book.channels.values() if c.hours is not None]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content("<!doctype html><title>bench</title>")
        page.add_script_tag(path=str(REPO / "overrides/assets/helpcenter/contact.js"))
        micros = page.evaluate("""([hours, calls]) => {
            const base = Date.parse('2026-11-22T00:00:00Z');
            const t0 = performance.now();
            for (let i = 0; i < calls; i++)
                window.HelpCenterContact.status(hours[i % hours.length], base + 37 * 60000 * i);
            return (performance.now() - t0) * 1000 / calls;
        }""", [hours, calls])
        browser.close()
    return micros


def timed_build(root: Path, config: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                    str(site)], cwd=root, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def bench_build(runs: int) -> tuple[float, float, int]:
    """(seconds with the plugin, seconds without, bytes of the article block)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "overrides", root / "overrides")
        text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "on.yml").write_text(text, encoding="utf-8")
        off = text.replace("  - helpcenter-contact:", "  - helpcenter-contact:\n      enabled: false")
        assert off != text, "mkdocs.yml no longer lists helpcenter-contact with options"
        (root / "off.yml").write_text(off, encoding="utf-8")
        on_s = min(timed_build(root, root / "on.yml", root / "site-on") for _ in range(runs))
        off_s = min(timed_build(root, root / "off.yml", root / "site-off") for _ in range(runs))
        html = (root / "site-on" / "account" / "reset-password" / "index.html").read_text("utf-8")
        block = re.search(r'<section class="hc-contact hc-still".*?</section>', html, re.S)
        return on_s, off_s, len(block.group(0).encode("utf-8")) if block else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=3, help="runs per build variant (best kept)")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"validate content/contact.yml:     {bench_validation():8.2f} ms")
    print(f"Python status_at per call:        {bench_python_status():8.1f} µs")
    js = bench_js_status()
    print("contact.js status() per call:     " + (f"{js:8.1f} µs" if js is not None else
                                                  "skipped (no Chromium)"))
    on_s, off_s, block = bench_build(args.builds)
    print(f"demo build, contact plugin on:    {on_s:8.2f} s")
    print(f"demo build, contact plugin off:   {off_s:8.2f} s   (ratio off/on {off_s / on_s:.2f})")
    print(f"'Still need help?' block HTML:    {block / 1024:8.1f} KB per article page")


if __name__ == "__main__":
    main()

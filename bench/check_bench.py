"""How long `helpcenter check` takes: the demo content and generated trees of N articles/locale.

    python -m bench.check_bench --articles 100 300 1000 [--baseline 100 300]

Prints, per corpus: the in-process time of `run_checks` (best of 3, caches cleared: what a
pre-commit hook pays beyond Python start-up), the wall time of the real command in a subprocess
(start-up included), and for the `--baseline` sizes the time of a plain mkdocs-material +
mkdocs-static-i18n build (`mkdocs build` being the other way a writer finds broken links), as a
ratio from one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import generate
from helpcenter.checks import run_checks
from helpcenter.checks.source import scan
from helpcenter.project import load_project
from helpcenter.sourcetext import normalize_text

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def in_process(root: Path, repeat: int = 3) -> tuple[float, int, int]:
    project = load_project(root / "mkdocs.yml")
    best, report = float("inf"), None
    for _ in range(repeat):
        scan.cache_clear()  # cold caches: each run pays what a fresh process pays
        normalize_text.cache_clear()
        started = time.perf_counter()
        report = run_checks(project, today=dt.date(2026, 11, 22))
        best = min(best, time.perf_counter() - started)
    assert report is not None
    return best, report.articles, len(report.problems)


def command(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "helpcenter.cli", "check", "--format", "json"],
                   cwd=root, env=ENV, capture_output=True, check=False)
    return time.perf_counter() - started


def plain_build(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-material.yml",
                    "-d", "site-plain"], cwd=root, env=ENV, capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--baseline", type=int, nargs="*", default=[100, 300],
                        help="sizes for which to time the plain build as well")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"{'corpus':>22} {'files':>6} {'problems':>8} {'check s':>8} {'command s':>9} "
          f"{'plain build s':>13} {'build/check':>11}")

    def row(name: str, root: Path, baseline: bool) -> None:
        seconds, files, problems = in_process(root)
        wall = command(root)
        build = plain_build(root) if baseline else None
        extra = f"{build:>13.1f} {build / wall:>11.0f}" if build else f"{'':>13} {'':>11}"
        print(f"{name:>22} {files:>6} {problems:>8} {seconds:>8.2f} {wall:>9.2f} {extra}")

    row("demo", REPO, baseline=False)
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.articles:
            root = generate(Path(tmp) / f"corpus-{count}", count)
            row(f"{count} articles/locale", root, count in args.baseline)


if __name__ == "__main__":
    main()

"""Build time and article-page HTML size: this project vs plain mkdocs-material + static-i18n.

    python -m bench.build_bench --articles 300 1000

Both builds run in the same process run, on the same generated corpus (bench/corpus.py); the
figures are printed as a table and as ratios (plain / ours).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import tempfile
from pathlib import Path

from bench.corpus import generate, timed_build

ARTICLE = "orders/article-00001/index.html"  # article 1 lands in the second category


def cpu_seconds() -> float:
    """CPU time used so far by finished child processes (the builds): steadier than wall time
    on a machine shared with other work."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def without_plugin(root: Path, plugin: str) -> str:
    """A copy of the corpus's mkdocs.yml with `plugin` switched off (`enabled: false`)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text, found = re.subn(rf"(?m)^  - {re.escape(plugin)}\b.*$",
                          f"  - {plugin}:\n      enabled: false", text)
    if not found:
        raise SystemExit(f"--without {plugin}: not a plugin line of mkdocs.yml")
    name = f"mkdocs-without-{plugin}.yml"
    (root / name).write_text(text, encoding="utf-8")
    return name



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--without", metavar="PLUGIN", default=None,
                        help="Also build with this plugin switched off and print what it costs "
                             "(e.g. helpcenter-assistants; only plugins listed without options).")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"{'articles/locale':>15} {'ours s':>8} {'plain s':>8} {'ratio':>6} "
          f"{'ours KB':>8} {'plain KB':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.articles:
            root = generate(Path(tmp) / f"corpus-{count}", count)
            cpu = cpu_seconds()
            ours = timed_build(root, "mkdocs.yml", "site-ours")
            ours_cpu = cpu_seconds() - cpu
            plain = timed_build(root, "mkdocs-material.yml", "site-plain")
            ours_kb = (root / "site-ours" / "ko" / ARTICLE).stat().st_size / 1024
            plain_kb = (root / "site-plain" / "ko" / ARTICLE).stat().st_size / 1024
            print(f"{count:>15} {ours:>8.1f} {plain:>8.1f} {plain / ours:>6.1f} "
                  f"{ours_kb:>8.1f} {plain_kb:>9.1f} {plain_kb / ours_kb:>6.1f}")
            if args.without:
                cpu = cpu_seconds()
                off = timed_build(root, without_plugin(root, args.without), "site-off")
                off_cpu = cpu_seconds() - cpu
                print(f"{'':>15} without {args.without}: {off:.1f} s wall, {off_cpu:.1f} s CPU; "
                      f"with it {ours:.1f} s wall, {ours_cpu:.1f} s CPU: it adds "
                      f"{ours - off:+.1f} s wall ({(ours - off) / off:+.1%}), "
                      f"{ours_cpu - off_cpu:+.1f} s CPU ({(ours_cpu - off_cpu) / off_cpu:+.1%})")


if __name__ == "__main__":
    main()

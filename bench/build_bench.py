"""Site build at scale: this project vs plain mkdocs-material + static-i18n, and the preview.

    python -m bench.build_bench --articles 1000 5000 10000 --limit 900
    python -m bench.build_bench --articles 1000 --preview        # + save → browser latency
    python -m bench.build_bench --articles 1000 10000 --plain-max 1000   # growth in one run
    python -m bench.build_bench --articles --corpus /path/to/querypie-docs   # a real corpus only
    python -m bench.build_bench --articles 1000 --without helpcenter-assistants  # a plugin's cost

For each size a corpus is generated (bench/corpus.py: N articles per locale × en, ko, ja) and
built by `helpcenter build` and by plain Material (`mkdocs build` with Material's search and
navigation), each in its own process, in the same run. Plain Material is stopped at `--limit`
seconds and not tried at larger sizes after that. Figures: wall and CPU time (CPU is steadier on a
shared machine), peak memory (the build's
whole process tree, sampled from /proc every 0.1 s), one Korean article page's HTML, the search
index bytes per locale (raw and gzip), and with `--preview` the time from saving an article to
the open page in Chromium showing the change (`helpcenter serve`'s builder, median of 5 saves).
`--corpus` builds a real corpus in the help center's content layout (its path is an argument;
nothing of it is copied into the project), twice: first with no compiled templates (the first
build on a machine), then as every later build runs. A run keeps its compiled templates in its
own temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import LOCALES, ROOT, generate, write_configs

ARTICLE = "orders/article-00001/index.html"  # article 1 lands in the second category
CHROMIUM = os.environ.get("HELPCENTER_CHROMIUM", "/usr/bin/chromium")
SAMPLE_SECONDS = 0.1


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in KB."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines()
                              if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measured_run(command: list[str], cwd: Path, limit: float) -> dict:
    """Run `command`; wall seconds, peak memory of its process tree, and whether it finished."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss_kb(process.pid))
        if time.perf_counter() - started > limit:
            os.killpg(process.pid, 9)
            process.wait()
            return {"seconds": limit, "cpu_s": None, "peak_mb": peak / 1024, "finished": False}
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-3000:]}")
    # the child's CPU time includes the processes it waited for (our locale processes)
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": peak / 1024,
            "finished": True}


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


def index_bytes(site: Path) -> dict[str, dict[str, int]]:
    """Per locale: our index file raw/gzip and everything under helpcenter/search/<locale>*."""
    out = {}
    search = site / "helpcenter" / "search"
    for locale in LOCALES:
        main = search / f"{locale}.json"
        if not main.is_file():
            continue
        data = main.read_bytes()
        extra = sum(p.stat().st_size for p in search.glob(f"{locale}/**/*") if p.is_file())
        out[locale] = {"raw": len(data), "gzip": len(gzip.compress(data, 6)),
                       "all_files": len(data) + extra}
    plain = site / "search" / "search_index.json"
    if plain.is_file():
        data = plain.read_bytes()
        out["all"] = {"raw": len(data), "gzip": len(gzip.compress(data, 6)), "all_files": len(data)}
    return out


def ours_build(root: Path, config: str = "mkdocs.yml", site: str = "site-ours") -> dict:
    return measured_run([sys.executable, "-m", "helpcenter.cli", "build", "-f", config,
                         "-d", site], root, limit=24 * 3600)


def build_both(root: Path, limit: float, plain: bool, page: str, cold: bool = False) -> dict:
    row: dict = {}
    if cold:   # templates compiled by this build: what the first build on a machine takes
        row["cold"] = ours_build(root, site="site-cold")
    ours = ours_build(root)
    row["ours"] = {**ours, "page_kb": _size_kb(root / "site-ours" / "ko" / page),
                   "index": index_bytes(root / "site-ours")}
    if plain:
        other = measured_run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                              "mkdocs-material.yml", "-d", "site-plain"], root, limit=limit)
        row["plain"] = {**other, "page_kb": _size_kb(root / "site-plain" / "ko" / page),
                        "index": index_bytes(root / "site-plain")}
    return row


def _size_kb(path: Path) -> float | None:
    return path.stat().st_size / 1024 if path.is_file() else None


def preview_latency(root: Path, article: str, saves: int = 5) -> dict:
    """Save an article `saves` times with the preview running; seconds until Chromium shows it."""
    from playwright.sync_api import sync_playwright

    from helpcenter.project import load_project
    from helpcenter.store import open_store
    from helpcenter.trash import wait_for_deletions
    from helpcenter_collector.preview import PreviewBuilder
    from helpcenter_collector.run import ThreadedServer
    from helpcenter_collector.site import Reloader, SiteFolder, create_site_app

    reloader = Reloader()
    os.sync()   # the builds before wrote ~1 GB (plain's pages): not flushed during this one
    builder = PreviewBuilder(load_project(root / "mkdocs.yml"), reloader=reloader,
                             echo=lambda line: None)
    started = time.perf_counter()
    assert builder.build(), builder.error
    first_build = time.perf_counter() - started
    first_cpu = builder.last_cpu_seconds
    # `helpcenter serve` started again: the previous preview's folder is in the way
    builder.workers.close()
    os.sync()
    builder = PreviewBuilder(load_project(root / "mkdocs.yml"), reloader=reloader,
                             echo=lambda line: None)
    started = time.perf_counter()
    assert builder.build(), builder.error
    restart = time.perf_counter() - started
    wait_for_deletions()
    builder.site = SiteFolder(builder.current)
    store = open_store(root / "events.sqlite3")
    server = ThreadedServer(create_site_app(builder.site, store, reloader)).start()
    builder.start()
    source = root / "content" / "ko" / f"{article}.md"
    original = source.read_text(encoding="utf-8")
    latencies, rebuilds = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"{server.url}/ko/{article}/")
            for n in range(saves):
                marker = f"Preview marker {n}"
                saved = time.perf_counter()
                source.write_text(original.replace("title: ", f"title: {marker} ", 1),
                                  encoding="utf-8")
                while True:
                    try:
                        if marker in (page.evaluate(
                                "document.querySelector('article h1')?.textContent") or ""):
                            break
                    except Exception:   # the page is reloading
                        pass
                    if time.perf_counter() - saved > 60:
                        raise SystemExit("the preview did not show the change within 60 s")
                    time.sleep(0.01)
                latencies.append(time.perf_counter() - saved)
                rebuilds.append(builder.last_seconds)
                while not builder.idle or builder.unfinished:   # index and manifest done
                    time.sleep(0.05)
            browser.close()
    finally:
        source.write_text(original, encoding="utf-8")
        builder.stop()
        server.stop()
        store.close()
    return {"first_build_s": first_build, "first_build_cpu_s": first_cpu,
            "restart_build_s": restart, "save_to_page_s": statistics.median(latencies),
            "save_to_page_max_s": max(latencies), "rebuild_s": statistics.median(rebuilds)}


def real_corpus(corpus: Path, out: Path) -> Path:
    """A project from a corpus in the content layout, with the demo's interface strings and data."""
    content = out / "content"
    content.mkdir(parents=True)
    for entry in (ROOT / "content").iterdir():
        if entry.name.startswith("_") and entry.is_dir():
            shutil.copytree(entry, content / entry.name)
        elif entry.is_file():
            shutil.copy(entry, content / entry.name)
    for locale in LOCALES:
        shutil.copytree(corpus / "content" / locale, content / locale)
    write_configs(out)
    return out


def _print_row(label: str, row: dict) -> None:
    ours, plain = row["ours"], row.get("plain")
    index = ", ".join(f"{k} {v['raw'] // 1024}/{v['gzip'] // 1024} KB"
                      for k, v in ours["index"].items())
    line = (f"{label:>16}  ours {ours['seconds']:7.1f} s ({ours['cpu_s']:.1f} s CPU) "
            f"{ours['peak_mb']:7.0f} MB "
            f"page {ours['page_kb'] or 0:5.1f} KB")
    if plain:
        done = "" if plain["finished"] else " (stopped at the limit)"
        ratio = plain["seconds"] / ours["seconds"]
        cpu = f" ({plain['cpu_s']:.1f} s CPU)" if plain["cpu_s"] else ""
        line += (f" | plain {plain['seconds']:7.1f} s{cpu}{done} {plain['peak_mb']:6.0f} MB page "
                 f"{plain['page_kb'] or 0:6.1f} KB | plain/ours {'≥ ' if not plain['finished'] else ''}"
                 f"{ratio:.1f}×")
    print(line)
    if "cold" in row:
        cold = row["cold"]
        ratio = (f", plain/ours {plain['seconds'] / cold['seconds']:.1f}×"
                 if plain and plain["finished"] else "")
        print(f"{'':>16}  first build with no compiled templates: {cold['seconds']:.1f} s "
              f"({cold['cpu_s']:.1f} s CPU){ratio}")
    print(f"{'':>16}  index raw/gzip: {index}")
    if "without" in row:
        name, off = row["without"]
        print(f"{'':>16}  without {name}: {off['seconds']:.1f} s wall, {off['cpu_s']:.1f} s CPU; "
              f"it adds {ours['seconds'] - off['seconds']:+.1f} s wall, "
              f"{ours['cpu_s'] - off['cpu_s']:+.1f} s CPU "
              f"({(ours['cpu_s'] - off['cpu_s']) / off['cpu_s']:+.1%})")
    if "preview" in row:
        p = row["preview"]
        print(f"{'':>16}  preview: save → page {p['save_to_page_s']:.2f} s (max "
              f"{p['save_to_page_max_s']:.2f}), rebuild {p['rebuild_s']:.2f} s, first build "
              f"{p['first_build_s']:.1f} s ({p['first_build_cpu_s']:.0f} s CPU), again over "
              f"the previous preview's folder {p['restart_build_s']:.1f} s")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="*", default=[1000, 5000, 10000])
    parser.add_argument("--limit", type=float, default=900,
                        help="stop plain Material after this many seconds (and skip it after)")
    parser.add_argument("--preview", action="store_true", help="measure preview latency at 1,000")
    parser.add_argument("--no-plain", action="store_true", help="build ours only")
    parser.add_argument("--plain-max", type=int, default=None, metavar="N",
                        help="build plain Material only at sizes up to N articles per locale")
    parser.add_argument("--corpus", type=Path, help="a real corpus folder (content/<locale>/...)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--without", metavar="PLUGIN", default=None,
                        help="Also build with this plugin switched off and print what it costs "
                             "(e.g. helpcenter-assistants; only plugins listed without options).")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {load[0]:.1f} at start")
    results: dict = {}
    plain = not args.no_plain
    with tempfile.TemporaryDirectory() as tmp:
        # Our build keeps compiled templates between builds (template_cache.py): the run has
        # its own cache folder, so its first build is a first build on a new machine.
        os.environ["HELPCENTER_CACHE_DIR"] = str(Path(tmp) / "cache")
        if args.corpus:
            root = real_corpus(args.corpus, Path(tmp) / "real")
            page = next(p.relative_to(root / "content" / "ko").with_suffix("").as_posix()
                        for p in sorted((root / "content" / "ko").glob("*/*.md"))
                        if p.name != "index.md") + "/index.html"
            results["corpus"] = build_both(root, args.limit, True, page, cold=True)
            _print_row("real corpus", results["corpus"])
            shutil.rmtree(root, ignore_errors=True)
        for count in args.articles:
            root = generate(Path(tmp) / f"corpus-{count}", count)
            row = build_both(root, args.limit,
                             plain and (args.plain_max is None or count <= args.plain_max), ARTICLE)
            plain = plain and row.get("plain", {"finished": True})["finished"]
            if args.without:
                row["without"] = (args.without, ours_build(
                    root, without_plugin(root, args.without), "site-off"))
            if args.preview and count <= 1000:
                row["preview"] = preview_latency(root, ARTICLE.removesuffix("/index.html"))
            results[str(count)] = row
            _print_row(f"{count} / locale", row)
            shutil.rmtree(root, ignore_errors=True)
    sizes = sorted(int(k) for k in results if k.isdigit())
    for size in sizes[1:]:
        big, small = results[str(size)]["ours"], results[str(sizes[0])]["ours"]
        print(f"ours {size:,} / {sizes[0]:,}: {big['seconds'] / small['seconds']:.1f}× wall, "
              f"{big['cpu_s'] / small['cpu_s']:.1f}× CPU")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

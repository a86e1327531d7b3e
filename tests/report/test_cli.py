"""`helpcenter report` and `helpcenter demo-events` from the command line."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from helpcenter.cli import main


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # no mkdocs.yml here: defaults are relative to this folder
    return CliRunner()


def test_report_writes_all_files_to_the_default_folder(runner, tmp_path, hand_store, site_dir):
    result = runner.invoke(main, ["report", "--db", hand_store, "--site-dir", str(site_dir),
                                  "--since", "2026-11-01", "--until", "2026-11-30"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "reports" / "2026-11-01_2026-11-30"
    assert sorted(p.name for p in out.iterdir()) == [
        "articles.csv", "index.html", "report.json", "report.md", "sortable.js"]
    assert "3 ranked articles, 1 translation gaps" in result.output
    report = json.loads((out / "report.json").read_text())
    assert report["fix_first"][0] == "billing/refunds"
    # Links point from the report folder to the built page.
    refunds = next(a for a in report["articles"] if a["id"] == "billing/refunds")
    assert refunds["link"] == "../../site/billing/refunds/index.html"


def test_report_reads_exported_files(runner, tmp_path, site_dir):
    from tests.report.conftest import hand_events

    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in hand_events().rows) + "\n{broken\n")
    result = runner.invoke(main, ["report", "--events", str(path), "--site-dir", str(site_dir),
                                  "--since", "2026-11-01", "--until", "2026-11-30",
                                  "--out", "nov"])
    assert result.exit_code == 0, result.output
    assert "1 malformed rows skipped" in result.output
    assert (tmp_path / "nov" / "quarantine.jsonl").is_file()


@pytest.mark.parametrize("args, words", [
    (["--db", "sqlite:///a.sqlite3", "--events", "x.jsonl"], "--db and --events exclude"),
    (["--since", "last week"], "--since 'last week': expected a date"),
    (["--tz", "Nowhere/City"], "--tz 'Nowhere/City': unknown time zone"),
    (["--db", "mysql://x/y"], "unsupported store 'mysql'"),
    (["--db", "sqlite:///missing.sqlite3"], "no event store here"),
    (["--site-dir", "no-site"], "no manifest; run 'helpcenter build' first"),
])
def test_user_mistakes_are_one_sentence_without_traceback(runner, site_dir, args, words):
    if "--site-dir" not in args:
        args = [*args, "--site-dir", str(site_dir)]
    result = runner.invoke(main, ["report", *args])
    assert result.exit_code == 1, result.output
    assert words in result.output
    assert "Traceback" not in result.output


def test_out_folder_that_cannot_be_written(runner, tmp_path, hand_store, site_dir):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(main, ["report", "--db", hand_store, "--site-dir", str(site_dir),
                                  "--out", str(blocker / "sub")])
    assert result.exit_code == 1 and "cannot write there" in result.output


def test_help_explains_with_an_example(runner):
    for command in ("report", "demo-events"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


def test_demo_events_refuses_silly_counts(runner, site_dir):
    result = runner.invoke(main, ["demo-events", "--count", "0", "--site-dir", str(site_dir)])
    assert result.exit_code == 1 and "--count 0" in result.output


def test_demo_events_tell_the_intended_story(demo_report):
    assert demo_report["input"]["malformed"] == 0
    top = demo_report["fix_first"][:4]
    assert {"billing/unexpected-charge", "returns/refund-timing"} <= set(top)
    gaps = [(g["id"], g["locale"]) for g in demo_report["translation_gaps"]]
    assert ("orders/delivery-times", "ja") in gaps
    locales = {entry["locale"] for entry in demo_report["content_gaps"] if entry["groups"]}
    assert locales == {"en", "ko", "ja"}
    assert {row["id"] for row in demo_report["unknown_articles"]} == {
        "billing/old-refund-policy", "orders/shipping-rates"}
    comments = [c for a in demo_report["articles"] for c in a["comments"]]
    assert {c["locale"] for c in comments} == {"en", "ko", "ja"}
    texts = " ".join(c["text"] for c in comments)
    assert "@example.com" not in texts  # scrubbed the way the collector scrubs
    assert demo_report["summary"]["contact_rate"]["value"] > 0
    assert {c["channel"] for c in demo_report["contact_channels"]} >= {"kakaotalk", "line"}


def test_demo_cancel_subscription_improves_over_the_weeks(demo_report):
    subscriptions = next(c for c in demo_report["trends"]["categories"]
                         if c["id"] == "subscriptions")
    rates = [p["helpful_rate"] for p in subscriptions["points"] if p["votes"] >= 20]
    assert rates[-1] > rates[0]


def test_docs_describe_every_report_option():
    """docs/report.md cannot drift from the command: every option is in its table."""
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "report.md").read_text()
    command = main.get_command(None, "report")
    options = [opt for param in command.params for opt in param.opts
               if opt.startswith("--") and opt not in ("--help", "--config-file")]
    assert options  # --db, --events, --site-dir, --since, --until, --tz, --out, --min-votes
    missing = [opt for opt in options if f"`{opt}" not in docs]
    assert not missing, f"undocumented in docs/report.md: {missing}"


def test_defaults_come_from_the_project_folder(project_tree, monkeypatch):
    """Without options: the store `serve` writes, site/ from mkdocs.yml, reports/<period>/."""
    from tests.report.conftest import hand_events, make_manifest

    hand_events().write(project_tree / ".helpcenter" / "events.sqlite3")
    manifest = project_tree / "site" / "helpcenter" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps(make_manifest()), encoding="utf-8")
    monkeypatch.chdir(project_tree)
    result = CliRunner().invoke(main, ["report", "--since", "2026-11-01", "--until",
                                       "2026-11-30"])
    assert result.exit_code == 0, result.output
    report = json.loads((project_tree / "reports" / "2026-11-01_2026-11-30" / "report.json")
                        .read_text())
    assert report["summary"]["votes"]["value"] == 168
    assert report["method"]["review_interval_days"] == 180


def test_review_interval_comes_from_content_check_yml(project_tree, monkeypatch):
    from tests.report.conftest import hand_events, make_manifest

    (project_tree / "content" / "_check.yml").write_text("review_interval_days: 400\n")
    hand_events().write(project_tree / ".helpcenter" / "events.sqlite3")
    manifest = project_tree / "site" / "helpcenter" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps(make_manifest()), encoding="utf-8")
    monkeypatch.chdir(project_tree)
    result = CliRunner().invoke(main, ["report", "--since", "2026-11-01", "--until",
                                       "2026-11-30", "--out", "out"])
    assert result.exit_code == 0, result.output
    report = json.loads((project_tree / "out" / "report.json").read_text())
    refunds = next(a for a in report["articles"] if a["id"] == "billing/refunds")
    assert (refunds["review_due"], refunds["review_overdue"]) == ("2027-02-14", False)


def test_docs_name_every_top_level_key_of_report_json(demo_report):
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "report.md").read_text()
    missing = [key for key in demo_report if f"`{key}`" not in docs]
    assert not missing, f"report.json keys missing from docs/report.md: {missing}"


def test_outside_a_project_the_report_says_so(runner, tmp_path, hand_store):
    """No mkdocs.yml here: that is the mistake, not a missing build."""
    for command in (["report", "--db", hand_store], ["demo-events", "--count", "5"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1, result.output
        assert f"{tmp_path / 'mkdocs.yml'}: not found, so this is not a help center folder" \
            in result.output
        assert "--site-dir" in result.output and "helpcenter build" not in result.output


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes(b""), "an empty file, not an event store"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE notes (x)").connection.close(),
     "an SQLite database without event tables, not an event store"),
], ids=["empty file", "another program's database"])
def test_a_db_that_is_no_event_store_is_named_in_one_sentence(runner, tmp_path, site_dir, make,
                                                              words):
    path = tmp_path / "events.sqlite3"
    make(path)
    before = path.read_bytes()
    result = runner.invoke(main, ["report", "--db", f"sqlite:///{path}", "--site-dir",
                                  str(site_dir)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {path}: {words}; pass the --db that 'helpcenter " \
        "serve' or 'helpcenter collect' writes"
    assert path.read_bytes() == before  # the report never writes to a store


def test_searches_found_in_vain_say_how_to_fix_them(demo_report_dir, demo_report):
    """Each zero-result search leads the writer to aliases (or the synonym file)."""
    assert any(entry["groups"] for entry in demo_report["content_gaps"])
    markdown = (demo_report_dir / "report.md").read_text(encoding="utf-8")
    page = (demo_report_dir / "index.html").read_text(encoding="utf-8")
    gaps = markdown.split("## Content gaps", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in gaps.splitlines() if line.startswith("| ") and "---" not in line
            and not line.startswith("| Search |")]
    assert rows and all("alias of the article that answers it (`aliases:`)" in r for r in rows)
    assert "content/_search/&lt;locale&gt;.yml" in page
    assert page.count("add it as an alias of the article that answers it") == len(rows)

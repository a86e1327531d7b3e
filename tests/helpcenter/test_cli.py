"""`helpcenter build` and `helpcenter new` as a writer uses them: clear sentences, no tracebacks."""

import yaml

from helpcenter.content import load_help_center
from tests.conftest import helpcenter


def run(tree, *args):
    return helpcenter(*args, "-f", str(tree.root / "mkdocs.yml"), cwd=tree.root)


def test_build_with_a_bad_date_fails_naming_file_and_line(tree, tmp_path):
    tree.minimal()
    tree.write("ko/billing/refunds.md", "---\ntitle: 환불\nreviewed: 11/01\ndescription: d\n---\nx\n")
    result = run(tree, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert ("content/ko/billing/refunds.md:3: error: 'reviewed' must be a date like 2026-11-01, "
            "got '11/01'") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_build_without_mkdocs_yml_is_one_sentence(tmp_path):
    result = helpcenter("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == ("Error: mkdocs.yml: no such file; run the command from the "
                                     "help center's folder or pass --config-file")


def test_new_scaffolds_an_article_that_validates(tree):
    tree.minimal()
    result = run(tree, "new", "Change your delivery address", "--locale", "en",
                 "--category", "billing")
    assert result.returncode == 0, result.stderr
    path = tree.root / "content/en/billing/change-your-delivery-address.md"
    assert result.stdout.strip() == "Created content/en/billing/change-your-delivery-address.md"
    meta = yaml.safe_load(path.read_text().split("---")[1])
    assert meta["title"] == "Change your delivery address"
    assert {"description", "owner", "reviewed", "tags"} <= set(meta)
    center, problems = load_help_center(tree.project())
    assert not [p for p in problems if p.level == "error"]  # valid: it builds and previews
    assert "billing/change-your-delivery-address" in center.article_ids()
    # ...but every placeholder is a warning at its line, so --strict keeps it from customers
    assert [(p.line, p.code) for p in problems] == [
        (3, "placeholder-left"), (5, "placeholder-left"), (9, "placeholder-left"),
        (13, "placeholder-left"), (14, "placeholder-left"), (17, "placeholder-left")]
    strict = run(tree, "check", "--strict")
    assert strict.returncode == 1 and "placeholder" in strict.stdout + strict.stderr


def test_new_refuses_to_overwrite(tree):
    tree.minimal()
    before = (tree.root / "content/en/billing/refunds.md").read_text()
    result = run(tree, "new", "Refunds", "--locale", "en", "--category", "billing")
    assert result.returncode == 1
    assert "content/en/billing/refunds.md already exists" in result.stderr
    assert (tree.root / "content/en/billing/refunds.md").read_text() == before


def test_new_rejects_unknown_locale_and_category(tree):
    tree.minimal()
    result = run(tree, "new", "Hello", "--locale", "fr", "--category", "billing")
    assert result.returncode == 1
    assert "--locale: unknown locale 'fr': this help center has en, ko, ja" in result.stderr
    result = run(tree, "new", "Hello", "--locale", "en", "--category", "shipping")
    assert "--category: unknown category 'shipping'; choose one of billing" in result.stderr


def test_new_with_a_non_latin_title_asks_for_a_slug(tree):
    tree.minimal()
    result = run(tree, "new", "배송지 변경", "--locale", "ko", "--category", "billing")
    assert result.returncode == 1
    assert "pass --slug" in result.stderr
    result = run(tree, "new", "배송지 변경", "--locale", "ko", "--category", "billing",
                 "--slug", "change-address")
    assert result.returncode == 0
    text = (tree.root / "content/ko/billing/change-address.md").read_text()
    assert "title: 배송지 변경" in text


def test_new_rejects_path_tricks_in_slug(tree):
    tree.minimal()
    result = run(tree, "new", "x", "--locale", "en", "--category", "billing", "--slug", "../../x")
    assert result.returncode == 1
    assert "must be lowercase letters, digits and hyphens" in result.stderr
    assert not (tree.root / "x.md").exists()


def test_every_command_has_help_with_an_example():
    for command in ("build", "serve", "new"):
        result = helpcenter(command, "--help")
        assert result.returncode == 0
        assert "Example" in result.stdout, command


def test_build_shows_plugin_warnings_but_not_chatter(tree, tmp_path):
    tree.minimal()
    config = tree.root / "mkdocs.yml"
    text = config.read_text()
    assert "endpoint: /api/events" in text
    config.write_text(text.replace("endpoint: /api/events", 'endpoint: ""'))
    result = run(tree, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "no 'endpoint' is set for helpcenter-feedback" in result.stderr
    assert "INFO" not in result.stderr
    strict = run(tree, "build", "--strict", "--site-dir", str(tmp_path / "strict"))
    assert strict.returncode == 1


def test_build_with_broken_interface_strings_names_file_and_line(tree, tmp_path):
    tree.minimal()
    (tree.root / "content/_ui/ko.yml").write_text("home.search_title: [unclosed\n", encoding="utf-8")
    result = run(tree, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "content/_ui/ko.yml:2: interface strings are not valid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_content_error_is_reported_once_not_once_per_locale(tree, tmp_path):
    """Every locale is built by its own process; each reads the content, one message shows."""
    tree.minimal()
    tree.write("ko/billing/refunds.md", "---\ntitle: 환불\nreviewed: 11/01\ndescription: d\n---\nx\n")
    result = run(tree, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert result.stderr.count("content/ko/billing/refunds.md:3: error:") == 1, result.stderr


def test_the_program_ends_without_clean_up_only_after_a_build(tree, tmp_path):
    """`helpcenter build` ends without Python's clean-up (its output and exit status kept);
    another command ends as usual, with the clean-up an app may rely on."""
    import subprocess
    import sys

    tree.minimal()
    program = ("import atexit, sys; atexit.register(print, 'cleaned up'); "
               "sys.argv[0] = 'helpcenter'; from helpcenter.cli import run; run()")

    def program_run(*args):
        return subprocess.run([sys.executable, "-c", program, *args], cwd=tree.root, text=True,
                              capture_output=True, timeout=600)

    built = program_run("build", "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built 3 locales into ") and "cleaned up" not in built.stdout
    assert (tmp_path / "site" / "sitemap.xml").is_file()
    tree.write("ko/billing/refunds.md", "---\ntitle: 환불\nreviewed: 11/01\ndescription: d\n---\nx\n")
    failed = program_run("build", "--site-dir", str(tmp_path / "failed"))
    assert failed.returncode == 1
    assert "content/ko/billing/refunds.md:3: error:" in failed.stderr
    assert "cleaned up" not in failed.stdout
    other = program_run("--version")
    assert other.returncode == 0 and other.stdout.endswith("cleaned up\n")

"""The helpcenter-feedback plugin: widget on articles only, config script with the build id,
no endpoint = no widget + a build warning, a bad endpoint = one clear error."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest

from helpcenter.mkdocs_plugins.feedback.config import FeedbackConfig
from helpcenter.mkdocs_plugins.feedback.plugin import config_script
from tests.conftest import helpcenter

REPO = Path(__file__).resolve().parents[2]


def test_demo_articles_have_the_widget_and_other_pages_do_not(built_site):
    article = (built_site / "ko/account/reset-password/index.html").read_text(encoding="utf-8")
    assert 'data-hc-feedback hidden' in article and 'data-article="account/reset-password"' in article
    assert "이 도움말이 도움이 되었나요?" in article
    assert 'name="effort"' in article  # effort_question: true in the demo
    assert "assets/helpcenter/feedback.js" in article
    for page in ("index.html", "ko/index.html", "billing/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert "data-hc-feedback" not in html, page
        assert "assets/helpcenter/events.js" in html, page  # the queue is flushed everywhere
    assert not re.search(r"<script>[^<]*HelpCenter", article)  # no inline scripts of ours


def test_config_script_carries_endpoint_and_the_manifests_build(built_site):
    script = (built_site / "assets/helpcenter/events-config.js").read_text(encoding="utf-8")
    build = json.loads((built_site / "helpcenter/manifest.json").read_text())["build_id"]
    data = json.loads(script.split("=", 1)[1].strip().rstrip(";"))
    assert data == {"endpoint": "/api/events", "build": build, "queueLimit": 100}


def endpoint_errors(endpoint) -> list[str]:
    config = FeedbackConfig()
    config.load_dict({"endpoint": endpoint})
    errors, _ = config.validate()
    return [f"{key}: {error}" for key, error in errors]


@pytest.mark.parametrize("endpoint", ["/api/events", "https://feedback.example.com/api/events",
                                      "http://127.0.0.1:8001/api/events"])
def test_good_endpoints(endpoint):
    assert endpoint_errors(endpoint) == []


@pytest.mark.parametrize("endpoint", ["api/events", "//evil.example/api", "javascript:alert(1)",
                                      "ftp://x.example/", "/api/events\"><script>", "http://[::1",
                                      "https:///no-host"])
def test_bad_endpoints_name_the_option(endpoint):
    assert endpoint_errors(endpoint) == [
        f"endpoint: {endpoint!r} must be a URL such as https://feedback.example.com/api/events or "
        "a path on this site such as /api/events"]


def test_config_script_is_json_data_only():
    script = config_script("/api/</script>", None, 5)  # an external file: nothing to break out of
    assert script.count("\n") == 2 and "window.HelpCenterEventsConfig = {" in script
    assert json.loads(script.split("=", 1)[1].strip().rstrip(";"))["endpoint"] == "/api/</script>"


def build_copy(tmp_path: Path, edit) -> tuple[Path, str]:
    """Build a copy of the demo with mkdocs.yml edited; returns (site dir, warnings logged)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "overrides", root / "overrides")
    config_text = edit((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    site = root / "site"
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                records.append(record.getMessage())

    handler = Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        build(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return site, "\n".join(records)


def test_no_endpoint_hides_the_widget_and_warns(tmp_path):
    site, warnings = build_copy(tmp_path, lambda text: re.sub(r"\n +endpoint: [^\n]*", "", text))
    assert "no 'endpoint' is set for helpcenter-feedback" in warnings
    assert warnings.count("no 'endpoint'") == 1  # once, not once per locale
    article = (site / "account/reset-password/index.html").read_text(encoding="utf-8")
    assert "data-hc-feedback" not in article
    assert "events.js" not in article
    assert not (site / "assets/helpcenter/events-config.js").exists()


def test_a_bad_endpoint_in_mkdocs_yml_stops_the_build_naming_plugin_and_option(project_tree, tmp_path):
    config = project_tree / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^      endpoint: [^\n]*$", "      endpoint: api/events", text),
                      encoding="utf-8")
    result = helpcenter("build", "--site-dir", str(tmp_path / "site"), "-f", str(config),
                        cwd=project_tree)
    assert result.returncode == 1
    assert ("Plugin 'helpcenter-feedback' option 'endpoint': 'api/events' must be a URL such as "
            "https://feedback.example.com/api/events") in result.stderr
    assert "Traceback" not in result.stderr

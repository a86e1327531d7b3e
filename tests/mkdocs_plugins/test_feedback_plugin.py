"""The helpcenter-feedback plugin: widget on articles only, config script with the build id,
no endpoint = no widget + a build warning, a bad endpoint = one clear error."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from helpcenter.mkdocs_plugins.feedback.plugin import check_endpoint, config_script

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


@pytest.mark.parametrize("endpoint", ["/api/events", "https://feedback.example.com/api/events",
                                      "http://127.0.0.1:8001/api/events"])
def test_good_endpoints(endpoint):
    assert check_endpoint(endpoint) == endpoint


@pytest.mark.parametrize("endpoint", ["api/events", "//evil.example/api", "javascript:alert(1)",
                                      "ftp://x.example/", "/api/events\"><script>"])
def test_bad_endpoints_name_the_option(endpoint):
    with pytest.raises(PluginError, match="helpcenter-feedback 'endpoint'"):
        check_endpoint(endpoint)


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

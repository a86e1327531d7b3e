"""The `helpcenter-search` plugin in a real build: Material's search stays off, pages carry the
search data block and no index is fetched by any page's HTML."""

from __future__ import annotations

import json
import re

from tests.conftest import helpcenter


def test_material_search_plugin_is_refused_with_one_sentence(project_tree, tmp_path):
    config = project_tree / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("plugins:\n", "plugins:\n  - search\n", 1), encoding="utf-8")
    result = helpcenter("build", "--site-dir", str(tmp_path / "site"), "-f", str(config),
                        cwd=project_tree)
    assert result.returncode == 1
    assert "remove the 'search' plugin; helpcenter-search replaces it" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_snippet_option_is_one_sentence(project_tree, tmp_path):
    config = project_tree / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  - helpcenter-search\b.*$",
                  "  - helpcenter-search:\n      snippet_chars: -5", text)
    config.write_text(text, encoding="utf-8")
    result = helpcenter("build", "--site-dir", str(tmp_path / "site"), "-f", str(config),
                        cwd=project_tree)
    assert result.returncode == 1
    assert "helpcenter-search 'snippet_chars' must be 0-20000" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_page_has_the_search_data_and_no_index_link(demo_site):
    page = (demo_site / "ja" / "billing" / "payment-methods" / "index.html").read_text("utf-8")
    block = re.search(r'<script type="application/json" id="hc-search-config">(.*?)</script>',
                      page, re.S)
    data = json.loads(block.group(1))
    assert data["locale"] == "ja"
    assert data["index"] == "../../../helpcenter/search/ja.json"
    assert data["contact"] == "../../../ja/contact/"
    assert data["strings"]["search.no_results"].startswith("「{query}」")
    assert "ja.json" not in page.replace(block.group(0), "")      # nothing fetches it on load
    assert (demo_site / "helpcenter" / "search" / "ja.json").is_file()
    assert not (demo_site / "search" / "search_index.json").exists()

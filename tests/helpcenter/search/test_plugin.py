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
    assert ("Plugin 'helpcenter-search' option 'snippet_chars': must be a whole number from 0 to "
            "20000, got -5") in result.stderr
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


SHOWN = """---
title: Pay for your order
description: Cards and wallets we accept.
tags: [payment]
owner: team-a
reviewed: 2026-10-01
---

Lumora takes cards[^cards] and wallets.

## Pay with a card { #pay-card .wide }

!!! warning "Check the expiry date"
    Expired cards are declined.

| Plan | Price |
|---|---|
| Plus | 5 &euro; |

=== "iPhone"
    Open **Wallet**.

=== "Android"
    Open Google Wallet.

[^cards]: Visa and Mastercard.
"""


def test_search_indexes_the_page_as_built_not_the_markdown(project_tree, tmp_path):
    """An admonition, a table, a tabbed block, an attribute list and a footnote appear in the
    snippet text and the headings as the page shows them (the build's HTML is indexed)."""
    from helpcenter.search.index import index_path
    from helpcenter.search.query import load_locale_index, run_query
    from tests.helpcenter.conftest import Tree

    tree = Tree(project_tree).minimal()
    tree.write("en/billing/pay.md", SHOWN)
    site = tmp_path / "site"
    result = helpcenter("build", "--site-dir", str(site), "-f", str(project_tree / "mkdocs.yml"),
                        cwd=project_tree)
    assert result.returncode == 0, result.stderr
    for locale in ("en", "ko"):                          # ko shows the English page (fallback)
        loaded = load_locale_index(site, locale)
        ref = next(i for i, doc in enumerate(loaded.docs) if doc[0] == "billing/pay")
        shard = json.loads((index_path(site, locale).with_suffix("") / "0.json").read_text())
        text = shard[ref][1]
        assert text == ("Lumora takes cards and wallets. Check the expiry date Expired cards are "
                        "declined. Plan · Price Plus · 5 € iPhone Android Open Wallet. Open "
                        "Google Wallet. Visa and Mastercard."), locale
        for query in ("expiry", "mastercard", "android", "pay with a card"):
            assert run_query(loaded, query)[0][0] == ref, (locale, query)
        inverted = loaded.index.inverted_index
        assert str(ref) in inverted["card"]["headings"]     # the heading as shown: "Pay with a card"
        assert "wide" not in inverted and "pay-card" not in inverted   # attributes are not text


def test_the_base_vocabulary_is_in_the_index_unless_switched_off(project_tree, tmp_path):
    """The shipped vocabulary lies under the writers' file in every locale's index; the
    plugin's `base_vocabulary: false` leaves only the writers' entries."""
    from helpcenter.search.index import index_path
    from helpcenter.search.synonyms import base_vocabulary_path, read_synonyms
    from tests.helpcenter.conftest import Tree

    Tree(project_tree).minimal()
    (project_tree / "content" / "_search").mkdir(exist_ok=True)
    (project_tree / "content" / "_search" / "en.yml").write_text("zorp: parcel\n",
                                                                 encoding="utf-8")
    config = project_tree / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    shipped = read_synonyms(base_vocabulary_path("en"), "")[0]
    assert shipped and "zorp" not in shipped
    for switch, expected in (("true", {**shipped, "zorp": ["parcel"]}),
                             ("false", {"zorp": ["parcel"]})):
        text = re.sub(r"(?m)^  - helpcenter-search\b.*$",
                      f"  - helpcenter-search:\n      base_vocabulary: {switch}", original)
        config.write_text(text, encoding="utf-8")
        site = tmp_path / switch
        result = helpcenter("build", "--site-dir", str(site), "-f", str(config), cwd=project_tree)
        assert result.returncode == 0, result.stderr
        data = json.loads(index_path(site, "en").read_text(encoding="utf-8"))
        assert data["synonyms"] == expected, switch

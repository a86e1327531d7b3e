"""The plugins share the help center and the build id through objects, not through files and
their order in mkdocs.yml: listed backwards, on every engine, the demo builds the same site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from helpcenter.manifest import load_manifest
from tests.conftest import ENGINES, REPO, engine_build


def split_plugins(text: str) -> tuple[str, dict[str, str]]:
    """(mkdocs.yml up to our plugins, {name: its block} in the listed order); ours are the last
    entries of the file."""
    start = text.index("  - helpcenter-content")
    blocks = {name: block for block, name in
              re.findall(r"(?ms)^(  - (helpcenter-[a-z]+)\b.*?)(?=^  - |\Z)", text[start:])}
    assert {"helpcenter-content", "helpcenter-feedback", "helpcenter-search",
            "helpcenter-contact"} <= set(blocks), blocks.keys()
    assert "".join(blocks.values()) == text[start:], "only helpcenter-* plugins after content"
    return text[:start], blocks


def reversed_config(root: Path) -> Path:
    """A copy of the demo whose mkdocs.yml lists the help center plugins in reverse order."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "overrides", root / "overrides")
    head, blocks = split_plugins((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config = root / "mkdocs.yml"
    order = list(reversed(blocks))
    config.write_text(head + "".join(blocks[name].rstrip("\n") + "\n" for name in order),
                      encoding="utf-8")
    listed = re.findall(r"(?m)^  - (helpcenter-[a-z]+)", config.read_text(encoding="utf-8"))
    assert listed == order
    return config


def build_ids(site: Path) -> dict[str, str]:
    """The build id as every consumer was given it: manifest, event config, search indexes."""
    script = (site / "assets/helpcenter/events-config.js").read_text(encoding="utf-8")
    ids = {"manifest": load_manifest(site).build_id,
           "events": json.loads(script.split("=", 1)[1].strip().rstrip(";"))["build"]}
    for locale in ("en", "ko", "ja"):
        index = json.loads((site / f"helpcenter/search/{locale}.json").read_text(encoding="utf-8"))
        ids[f"search {locale}"] = index["build"]
    return ids


BUILD_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{10}")
DATE_MODIFIED = re.compile(r'"dateModified":"[0-9-]+"')
ASSET = re.compile(r'^\s*<(?:link rel="stylesheet"|script src=)[^\n]*$', re.M)


def normalized_page(path: Path) -> str:
    """A page without what differs between two builds of the same content: the build id, and the
    order of the plugins' stylesheets and scripts (each plugin adds its own; none depends on
    another's being first), and the JSON-LD dateModified, which comes from git history (the
    copy is not in git)."""
    text = BUILD_ID.sub("BUILD", path.read_text(encoding="utf-8"))
    text = DATE_MODIFIED.sub('"dateModified":"DATE"', text)
    assets = sorted(ASSET.findall(text))
    return ASSET.sub("", text) + "\n".join(assets)


@pytest.mark.parametrize("built_site", ENGINES, indirect=True)
def test_plugins_listed_backwards_build_the_same_site(tmp_path, built_site, request):
    engine = request.node.callspec.params["built_site"]
    config = reversed_config(tmp_path / "project")
    site = tmp_path / "site"
    result = engine_build(engine, site, config)
    assert result.returncode == 0, result.stdout + result.stderr
    ids = build_ids(site)
    assert BUILD_ID.fullmatch(ids["manifest"])
    assert set(ids.values()) == {ids["manifest"]}, ids
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    assert pages == sorted(p.relative_to(site) for p in site.rglob("*.html"))
    for page in pages:
        assert normalized_page(site / page) == normalized_page(built_site / page), page
    article = (site / "ko/account/reset-password/index.html").read_text(encoding="utf-8")
    assert "data-hc-feedback" in article and 'data-hc-contact="article"' in article


def test_every_engine_gives_every_consumer_the_manifests_build_id(built_site):
    ids = build_ids(built_site)
    assert set(ids.values()) == {ids["manifest"]}, ids

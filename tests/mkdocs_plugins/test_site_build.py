"""`helpcenter build` (one process per locale) builds the site `mkdocs build` builds."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys

from helpcenter.manifest import load_manifest
from helpcenter.mkdocs_plugins.site_build import merge_sitemaps
from tests.conftest import REPO, helpcenter

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def files_below(site):
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_parallel_build_writes_the_same_site_as_mkdocs(tmp_path):
    ours, plain = tmp_path / "ours", tmp_path / "plain"
    (ours / "old-topic" / "gone").mkdir(parents=True)   # a previous build's page: removed
    (ours / "old-topic" / "gone" / "index.html").write_text("stale", encoding="utf-8")
    (ours / ".git").mkdir()                             # a deployment checkout: kept, as MkDocs does
    (ours / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    result = helpcenter("build", "--site-dir", str(ours), env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert (ours / ".git" / "HEAD").is_file()
    (ours / ".git" / "HEAD").unlink()
    (ours / ".git").rmdir()
    engine = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(plain)],
                            cwd=REPO, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **EPOCH})
    assert engine.returncode == 0, engine.stderr
    ours_files, plain_files = files_below(ours), files_below(plain)
    assert sorted(ours_files) == sorted(plain_files)
    # the root 404 page is the default locale's in both (helpcenter-content keeps it so under
    # static-i18n, whose every locale build writes it); only the gzip's timestamp differs.
    assert '<html lang="en"' in (ours / "404.html").read_text(encoding="utf-8")
    differing = [name for name, path in ours_files.items()
                 if path.read_bytes() != plain_files[name].read_bytes()]
    assert sorted(differing) == ["sitemap.xml.gz"]
    sitemap = (ours / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress((ours / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    for url in ("/account/reset-password/", "/ko/account/reset-password/",
                "/ja/account/reset-password/"):
        assert sitemap.count(f"<loc>https://help.lumora.example{url}</loc>") == 1, url
    assert load_manifest(ours).locales == ["en", "ko", "ja"]


def test_sitemaps_merge_into_one_urlset():
    head = '<?xml version="1.0"?>\n<urlset xmlns="x">'
    parts = [f"{head}\n  <url><loc>/a/</loc></url>\n</urlset>\n",
             f"{head}\n  <url><loc>/ko/a/</loc></url>\n</urlset>\n", "not a sitemap"]
    merged = merge_sitemaps(parts)
    assert merged == (f"{head}\n  <url><loc>/a/</loc></url>\n  <url><loc>/ko/a/</loc></url>\n"
                      "</urlset>\n")
    assert merge_sitemaps(["nothing"]) == ""

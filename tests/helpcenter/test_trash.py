"""Emptying an output folder at once: old entries out of the way now, deleted in the background."""

import os
from pathlib import Path

from helpcenter.trash import empty_folder, wait_for_deletions


def _site(folder: Path, pages: int = 50) -> None:
    for n in range(pages):
        page = folder / "ko" / f"article-{n}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<h1>{n}</h1>", encoding="utf-8")
    (folder / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")


def test_folder_is_empty_at_once_and_the_old_files_are_deleted_aside(tmp_path):
    site, bin_ = tmp_path / "site", tmp_path / ".helpcenter" / "trash"
    _site(site)
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    empty_folder(site, bin_)
    assert sorted(p.name for p in site.iterdir()) == [".git"]     # a deployment's .git stays
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8").startswith("ref:")
    wait_for_deletions(timeout=60)
    assert not any(bin_.iterdir()), "the old site was not deleted"


def test_what_an_interrupted_build_left_in_the_trash_is_deleted_too(tmp_path):
    site, bin_ = tmp_path / "site", tmp_path / ".helpcenter" / "trash"
    _site(bin_ / "left-by-a-killed-build", pages=3)
    hour_ago = (bin_ / "left-by-a-killed-build").stat().st_mtime - 3600
    os.utime(bin_ / "left-by-a-killed-build", (hour_ago, hour_ago))
    _site(site, pages=3)
    empty_folder(site, bin_)
    wait_for_deletions(timeout=60)
    assert list(site.iterdir()) == [] and not any(bin_.iterdir())


def test_another_builds_fresh_trash_is_left_to_it(tmp_path):
    """A build running beside this one (`helpcenter build` while `serve` runs) may be moving its
    old site into its own trash folder right now: only folders older than LEFTOVER_AGE count
    as left behind."""
    site, bin_ = tmp_path / "site", tmp_path / ".helpcenter" / "trash"
    _site(bin_ / "being-filled-by-another-build", pages=3)
    _site(site, pages=3)
    empty_folder(site, bin_)
    wait_for_deletions(timeout=60)
    assert [p.name for p in bin_.iterdir()] == ["being-filled-by-another-build"]
    assert list(site.iterdir()) == []


def test_where_nothing_can_be_renamed_the_folder_is_emptied_in_place(tmp_path):
    site = tmp_path / "site"
    _site(site, pages=3)
    not_a_folder = tmp_path / "trash-is-a-file"
    not_a_folder.write_text("", encoding="utf-8")
    empty_folder(site, not_a_folder)          # mkdir fails: delete here, as MkDocs does
    assert list(site.iterdir()) == []
    assert not_a_folder.is_file()


def test_a_missing_or_empty_folder_is_made_and_nothing_is_started(tmp_path):
    site = tmp_path / "new" / "site"
    empty_folder(site, tmp_path / "trash")
    assert site.is_dir() and list(site.iterdir()) == []
    assert not (tmp_path / "trash").exists()

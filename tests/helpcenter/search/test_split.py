"""The split index (split.py, split_reader.py, split-index.js): the same ranking as one file,
only the shards a query needs, clear errors when a shard is missing or damaged."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from helpcenter.search import split
from helpcenter.search.files import SearchError, SiteFolder
from helpcenter.search.index import SEARCH_DIR, write_search_indexes
from helpcenter.search.query import load_locale_index, run_query, search
from tests.conftest import helpcenter
from tests.helpcenter.search.split_site import LOCALES, comparison_queries, write_split_copy
from tests.helpcenter.search.test_partial import PARTIAL_QUERIES

HERE = Path(__file__).resolve().parent
QUALITY = yaml.safe_load((HERE / "quality.yml").read_text(encoding="utf-8"))
SHARD_BYTES = 300   # the demo's 26 articles in 35-250 shards per locale
# One-jamo slips of words the articles use (답변, 탈퇴, 재설정, 환불): first, so that no earlier
# query has fetched the shard of the term a slip stands for (worker.js expands slips, then fetches).
SLIP_QUERIES = {"en": [], "ko": ["담변", "탈톼", "비밀번호 재설졍", "환뷸"], "ja": []}


@pytest.fixture(scope="session")
def split_site(tmp_path_factory, search_site) -> Path:
    """The demo's one-file indexes (search_site) written split into small shards."""
    return write_split_copy(search_site, tmp_path_factory.mktemp("split-site"), SHARD_BYTES)


class Recording(SiteFolder):
    """A site folder that notes which search files were read."""

    def __init__(self, site_dir: Path) -> None:
        super().__init__(site_dir)
        self.names: list[str] = []

    def read(self, name: str) -> str:
        self.names.append(name)
        return super().read(name)


@pytest.mark.parametrize("locale", LOCALES)
def test_split_index_ranks_exactly_like_the_single_file(search_site, split_site, locale):
    one, parts = load_locale_index(search_site, locale), load_locale_index(split_site, locale)
    entry = json.loads((split_site / SEARCH_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    assert len(entry["split"]["files"]) >= 30           # small shards: every query spans several
    queries = comparison_queries(search_site, locale, QUALITY[locale])
    assert len(queries) >= 150
    found = 0
    for query in queries:
        expected = run_query(one, query)
        assert run_query(parts, query) == expected, query   # same documents, same float scores
        found += bool(expected)
    assert found >= 0.8 * len(queries)                   # the comparison is over real results
    assert len(parts.index.read_shards) >= len(entry["split"]["files"]) // 2


def test_bm25_statistics_stay_global(search_site, split_site):
    """Document count and field lengths live in the entry for every document; a shard holds
    postings only, so a term's weight cannot depend on the shard it lands in."""
    single = json.loads((search_site / SEARCH_DIR / "ja.json").read_text(encoding="utf-8"))
    entry = json.loads((split_site / SEARCH_DIR / "ja.json").read_text(encoding="utf-8"))
    assert entry["count"] == len(single["docs"])
    assert entry["index"]["lengths"] == single["index"]["lengths"]
    assert entry["index"]["terms"] == single["index"]["terms"]
    assert "postings" not in entry["index"] and "docs" not in entry
    folder = split_site / SEARCH_DIR / "ja" / split.TERMS_DIR
    joined: dict[str, list[str]] = {name: [] for name in single["index"]["postings"]}
    covered = 0
    for start, name in zip(entry["split"]["from"], entry["split"]["files"], strict=True):
        shard = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        assert set(shard) == {"from", "terms", "postings"}
        assert shard["from"] == start == covered           # consecutive ranges, none left out
        covered += shard["terms"]
        for field, postings in shard["postings"].items():
            joined[field].append(postings)
    assert covered == len(single["index"]["terms"].split("\n"))
    # every term's postings, whole, in exactly one shard: together they are the single file's
    assert {field: ";".join(parts) for field, parts in joined.items()} == single["index"]["postings"]
    # A rare term and a common one, each alone in its shard's company, score as in one file.
    one, parts = load_locale_index(search_site, "ja"), load_locale_index(split_site, "ja")
    for query in ("パスワード", "注文", "返金"):
        assert run_query(parts, query) == run_query(one, query) != []


def test_search_results_with_descriptions_are_the_same(search_site, split_site):
    for locale, query in (("en", "refund card"), ("ko", "비밀번호를잊어버렸어요"),
                          ("ja", "パスワードを忘れた")):
        expected = search(search_site, locale, query, limit=20)
        assert search(split_site, locale, query, limit=20) == expected
        assert expected and all(r.description for r in expected)


def test_a_query_reads_only_the_shards_it_needs(split_site):
    files = Recording(split_site)
    results = search(files, "ko", "비밀번호", limit=3)
    assert results[0].id == "account/reset-password"
    entry = json.loads((split_site / SEARCH_DIR / "ko.json").read_text(encoding="utf-8"))
    terms = [n for n in files.names if f"/{split.TERMS_DIR}/" in n]
    texts = [n for n in files.names if n not in terms and n != "ko.json"]
    assert files.names[0] == "ko.json"
    assert 1 <= len(terms) <= 4 < len(entry["split"]["files"])   # 비밀 밀번 번호, maybe a neighbour
    assert 1 <= len(set(texts)) <= 3                             # the three results' text shards


def test_small_sites_keep_one_file_and_large_ones_split(demo_center, tmp_path):
    sizes = write_search_indexes(demo_center, tmp_path, build_id="t")
    for locale in LOCALES:
        data = json.loads((tmp_path / SEARCH_DIR / f"{locale}.json").read_text(encoding="utf-8"))
        assert "split" not in data and len(data["docs"]) == 26   # 26 articles: one request
        assert sizes[locale] < split.SPLIT_ABOVE * 3
    big = random.Random(0).randbytes(200_000)   # does not compress
    assert split.should_split(big, 64 * 1024) and not split.should_split(b"{}", 64 * 1024)
    assert split.should_split(b"{}", 0)
    assert not split.should_split(b"x" * 100_000, 64 * 1024)   # compresses well below the limit


def test_shards_are_named_by_their_content(demo_center, tmp_path):
    write_search_indexes(demo_center, tmp_path / "a", build_id="t", split_above=0)
    write_search_indexes(demo_center, tmp_path / "b", build_id="t", split_above=0)
    names = {site: sorted(p.name for p in (tmp_path / site / SEARCH_DIR / "en"
                                           / split.TERMS_DIR).iterdir()) for site in "ab"}
    assert names["a"] == names["b"] and names["a"]      # a rebuild keeps unchanged shards' URLs
    for path in (tmp_path / "a" / SEARCH_DIR / "en" / split.TERMS_DIR).iterdir():
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:12] == path.stem


def test_a_missing_or_damaged_shard_is_one_sentence(split_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(split_site, site)
    folder = site / SEARCH_DIR / "en"
    files = Recording(site)     # which shard holds "password": the one a query reads
    search(files, "en", "password", limit=1)
    needed = next(n for n in files.names if f"/{split.TERMS_DIR}/" in n)
    original = (site / SEARCH_DIR / needed).read_text(encoding="utf-8")
    (site / SEARCH_DIR / needed).unlink()
    with pytest.raises(SearchError, match=r"terms/[0-9a-f]{12}\.json: missing; rebuild the site"):
        search(site, "en", "password")
    for damaged in ("{not json", json.dumps({"from": 0}), original.replace(";", ",;", 1),
                    json.dumps({**json.loads(original), "from": 10**6})):
        (site / SEARCH_DIR / needed).write_text(damaged, encoding="utf-8")
        with pytest.raises(SearchError, match="not a valid search index; rebuild the site"):
            search(site, "en", "password")
    (site / SEARCH_DIR / needed).write_text(original, encoding="utf-8")
    assert search(site, "en", "password")
    for text_shard in folder.glob("*.json"):
        text_shard.write_text("[[1, 2]]", encoding="utf-8")
    with pytest.raises(SearchError, match=r"en/\d+\.json: not a valid search index"):
        search(site, "en", "password")
    entry = json.loads((site / SEARCH_DIR / "en.json").read_text(encoding="utf-8"))
    for table in ({"from": [5], "files": ["x"]}, {"from": [0, 0], "files": ["x", "y"]},
                  {"from": [0], "files": []}, "nonsense"):
        (site / SEARCH_DIR / "en.json").write_text(json.dumps({**entry, "split": table}),
                                                   encoding="utf-8")
        with pytest.raises(SearchError, match="en.json: not a valid search index"):
            search(site, "en", "password")


def test_the_cli_prints_the_same_over_a_split_index(search_site, split_site):
    def run(site: Path) -> dict:
        result = helpcenter("search", "비밀번호 변경", "--locale", "ko", "--json", "--limit", "5",
                            "--site-dir", str(site))
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    assert run(split_site) == run(search_site)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_browser_code_ranks_a_split_index_like_the_single_file(search_site, split_site,
                                                                   tmp_path, locale):
    """split-index.js + lazy-index.js in node, over the split files, against query.py over the
    single file."""
    queries = (SLIP_QUERIES[locale] + comparison_queries(search_site, locale, QUALITY[locale])
               + PARTIAL_QUERIES[locale])
    (tmp_path / "q.json").write_text(json.dumps(queries), encoding="utf-8")
    out = subprocess.run(["node", str(HERE / "rank_split_js.js"), str(split_site / SEARCH_DIR),
                          locale, str(tmp_path / "q.json")],
                         capture_output=True, text=True, check=True)
    one = load_locale_index(search_site, locale)
    rows = json.loads(out.stdout)
    entry = json.loads((split_site / SEARCH_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    assert 1 <= rows[0]["shards"] < len(entry["split"]["files"]) // 4   # the first query: a few
    for row in rows:
        python = run_query(one, row["q"])
        assert [ref for ref, _ in row["ranked"]] == [ref for ref, _ in python], row["q"]
        assert [s for _, s in row["ranked"]] == pytest.approx([s for _, s in python], abs=1e-9)
        assert row["partial"] is python.partial, row["q"]
    for row in rows[:len(SLIP_QUERIES[locale])]:
        assert row["ranked"], row["q"]                # a slip finds its word's article

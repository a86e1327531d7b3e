"""Run a query against a built locale index exactly as the browser does.

Same file (`site/helpcenter/search/<locale>.json`), same clauses (`tokenize.query_clauses`, the
port of tokenize.js) and the same scoring: lunr.py's `Index.query` is a line-by-line port of
lunr.js 2.3.9's. The order is made deterministic the same way in both places: by score rounded
to 1e-6 (so that the last bit of a floating-point sum cannot flip two equal articles), then by
the article's position in the site.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Clause, Query
from lunr.token_set import TokenSet
from lunr.vector import Vector

from helpcenter.search.files import SearchError, SearchFiles, SiteFolder, read_file, search_files
from helpcenter.search.index import FORMAT_VERSION
from helpcenter.search.split_reader import SplitDocs, SplitIndex
from helpcenter.search.tokenize import MAX_SLIP_TERMS, jamo_slips, query_clauses

MAX_QUERY = 1000


@dataclass(frozen=True)
class SearchResult:
    """One ranked article."""

    rank: int
    id: str
    title: str
    category: str
    url: str
    description: str
    score: float
    fallback: bool
    partial: bool = False   # no article matched enough of the query; this one matches some of it

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class LocaleIndex:
    """A loaded search file: display data plus the lunr index."""

    locale: str
    lang: str
    docs: Sequence[list]
    index: Index
    shard: int = 0
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    files: SearchFiles | None = None
    texts: dict[int, list] = field(default_factory=dict)   # text shards read so far, by number


def load_locale_index(site_dir: str | Path | SearchFiles, locale: str) -> LocaleIndex:
    """The locale's index from a site folder (or any `SearchFiles`): one file, or the entry of
    a split index (`split.py`) whose shards are read as queries need them."""
    files = search_files(site_dir)
    name = f"{locale}.json"
    if isinstance(files, SiteFolder) and not (files.root / name).is_file():
        built = files.locales()
        if built:  # the site is built, just not in this locale
            raise SearchError(f"--locale {locale}: this help center has "
                              f"{', '.join(built)}; choose one of them")
        raise SearchError(f"{files.where(name)}: no search index for locale '{locale}'; build "
                          "the site first (helpcenter build) or pass --site-dir")
    text = read_file(files, name)
    try:
        data = json.loads(text)
        if data.get("version") != FORMAT_VERSION:
            raise SearchError(f"{files.where(name)}: search index format "
                              f"{data.get('version')!r} is not {FORMAT_VERSION}; rebuild the site")
        shard = int((data.get("text") or {}).get("shard") or 0)
        if "split" in data:
            index: Index = SplitIndex(data, files, locale, expand_index)
            docs: Sequence[list] = SplitDocs(files, locale, index.count, shard)
        else:
            index, docs = expand_index(data["index"], len(data["docs"])), data["docs"]
        synonyms = {str(k): [str(v) for v in values]
                    for k, values in (data.get("synonyms") or {}).items()}
        return LocaleIndex(locale, data.get("lang", locale), docs, index, shard, synonyms, files)
    except SearchError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, OverflowError):
        raise SearchError(f"{files.where(name)}: not a valid search index; rebuild the "
                          "site") from None


def idf(documents_with_term: int, document_count: int) -> float:
    """lunr's inverse document frequency (lunr.idf)."""
    x = (document_count - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(x))


def weight(term_idf: float, tf: int, length: int, average: float, boost: float, k1: float,
           b: float) -> float:
    """lunr's BM25 field weight (lunr.Builder#createFieldVectors), rounded to 1e-3 the same way
    in worker.js: floor(x * 1000 + 0.5) / 1000."""
    score = term_idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average)) + tf)
    score = score * boost
    return math.floor(score * 1000 + 0.5) / 1000


def average_length(lengths: list[int]) -> float:
    """A field's average length over the documents that have it (= lazy-index.js).

    lunr averages over every document; for a field most articles leave empty (aliases, tags)
    that makes the few filled ones look enormously long, and BM25 then all but ignores them:
    an alias would weigh a tenth of a title word instead of the same."""
    filled = [n for n in lengths if n > 0]
    return sum(filled) / len(filled) if filled else 1.0


def _postings(text: str) -> list[tuple[int, int]]:
    found, ref = [], -1
    for entry in text.split(",") if text else []:
        gap, _, tf = entry.partition(".")
        ref += int(gap, 36) + 1
        found.append((ref, int(tf, 36) if tf else 1))
    return found


def expand_index(compact: dict, document_count: int, token_set: TokenSet | None = None) -> Index:
    """A lunr.py Index from the compact form written by `index.compact_index` (see there);
    `token_set` is the terms' set when the caller already built it (a split index)."""
    terms = compact["terms"].split("\n") if compact["terms"] else []
    boosts = compact["boosts"]
    fields = list(boosts)
    k1, b = float(compact["k1"]), float(compact["b"])
    per_field = {f: (compact["postings"][f].split(";") if terms else []) for f in fields}
    for f in fields:
        if len(per_field[f]) != len(terms) or len(compact["lengths"][f]) != document_count:
            raise ValueError(f"field {f} does not match the term or document count")
    decoded = {f: [_postings(text) for text in per_field[f]] for f in fields}
    average = {f: average_length(compact["lengths"][f]) for f in fields}
    inverted: dict = {}
    elements: dict[str, list] = {f"{f}/{ref}": [] for f in fields for ref in range(document_count)}
    for i, term in enumerate(terms):
        term_idf = idf(sum(len(decoded[f][i]) for f in fields), document_count)
        posting: dict = {"_index": i}
        for f in fields:
            posting[f] = {}
            for ref, tf in decoded[f][i]:
                posting[f][str(ref)] = {}
                elements[f"{f}/{ref}"].extend(
                    (i, weight(term_idf, tf, compact["lengths"][f][ref], average[f], boosts[f],
                               k1, b)))
        inverted[term] = posting
    vectors = {ref: Vector(values) for ref, values in elements.items()}
    return Index(inverted_index=inverted, field_vectors=vectors,
                 token_set=token_set or TokenSet.from_list(terms), fields=fields,
                 pipeline=Pipeline())


def rank_key(score: float, ref: int) -> tuple[int, int]:
    """Sort key shared with worker.js: higher score first (to 1e-6), then site order."""
    return (-math.floor(score * 1e6 + 0.5), ref)


# -- precision: how much of the query a document must match (= lazy-index.js) ---------------

def required_units(meaningful: int) -> int:
    """Query words and bigrams (grammar bigrams not counted) a document must match.

    One or two: one (a typo or a word the article does not use should not empty the list);
    then a growing share, so a long question or a Korean sentence typed without spaces does
    not list every article sharing one bigram with it."""
    if meaningful <= FREE_UNITS:
        return 1 if meaningful else 0
    return math.ceil(meaningful * MIN_SHARE)


FREE_UNITS = 3
MIN_SHARE = 0.2     # with the coverage factor and the floor, 0.3 emptied Korean questions (0 results)
RELATIVE_FLOOR = 0.07   # results scoring under 7 % of the best are noise (bench/search_eval.py:
#                         querypie median 22-38 → 4-9 at the same s@5)
PARTIAL_LIMIT = 5   # a partial answer lists at most this many: one shared word of a long
#                     sentence must not list every article (docs/search.md, "Partial matches")


class Ranking(list):
    """[(document position, score)] best first. `partial` is True when no document matched
    enough of the query (`required_units`) and these are the documents matching at least one
    of its meaningful units instead: the search box says so, and the search counts as in vain."""

    partial: bool = False


def within_one_edit(a: str, b: str) -> bool:
    """lunr's edit distance 1: one insertion, deletion, substitution or transposition."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def clause_matches(clause: dict, term: str) -> bool:
    """Whether lunr expanded `clause` to the index term `term`."""
    if clause["wildcard"]:
        return term.startswith(clause["term"])
    if clause.get("editDistance"):
        return within_one_edit(term, clause["term"])
    return term == clause["term"]


def unit_hits(clauses: list[dict], matched_terms: list[str]) -> tuple[int, int]:
    """(query units a document matches, meaningful units of the query): grammar bigrams are
    not counted, nor whole-word clauses; a synonym's clause counts as the key's units it
    `stands` for, or as its own unit (see `tokenize.query_clauses`)."""
    meaningful = {c["unit"] for c in clauses if not c.get("grammar") and not c.get("synonym")
                  and not c.get("word")}
    hit: set[int] = set()
    for c in clauses:
        if not c.get("grammar") and not c.get("word") and any(
                clause_matches(c, term) for term in matched_terms):
            hit.update(c.get("stands") or [c["unit"]])
    return min(len(hit), len(meaningful)), len(meaningful)


def covered_score(score: float, hits: int, total: int) -> float:
    """lunr's score times the share of the query the document matches, raised to
    COVERAGE_POWER (by repeated multiplication, so that worker.js gets the same bits): an
    article matching every word of the query ranks above one matching a few of them often."""
    share = hits / total
    for _ in range(COVERAGE_POWER):
        score = score * share
    return score


COVERAGE_POWER = 2


def needed_clauses(clauses: list[dict], index: Index) -> list[dict]:
    """The clauses without those for a slip the query did not make: a clause marked `unless`
    (a Korean bigram's Shift-held twin, a word's one-syllable-wrong match) is dropped when its
    typed bigram or word is itself a term of the index (쓰는 is spelt right, not 스는 mistyped);
    a kanji's prefix clause (`stem`) becomes its `stem_words`, exact.
    Same as lazy-index.js' runQuery."""
    terms = getattr(index, "position", None) or index.inverted_index
    needed = []
    for clause in clauses:
        if clause.get("unless") and clause["unless"] in terms:
            continue
        if clause.get("slip"):   # a short Korean word one jamo wrong: the terms it may be
            plain = {k: v for k, v in clause.items() if k not in ("slip", "unless")}
            found = [term for term in jamo_slips(clause["term"]) if term in terms]
            needed.extend({**plain, "term": term, "slipped": True}
                          for term in found[:MAX_SLIP_TERMS])
            continue
        if clause.get("stem"):   # a kanji's words, not its word pairs (届 破損, 返品 商品)
            plain = {k: v for k, v in clause.items() if k != "stem"}
            needed.extend({**plain, "term": term, "wildcard": 0} for term in stem_words(
                index, clause["term"]))
            continue
        needed.append(clause)
    return needed


def stem_words(index: Index, kanji: str) -> list[str]:
    """The index's terms beginning with `kanji` that are words, not word pairs, sorted (=
    lazy-index.js' stemWords): what a kanji's prefix clause (`tokenize.query_clauses`, marked
    `stem`) asks for. Through its word pairs the kanji matched phrases of other words: 返 of
    送り返したい matched 返品 商品 (返品できない商品, a title) as it matched 返品."""
    found = index.token_set.intersect(TokenSet.from_string(kanji + "*")).to_list()
    return sorted(term for term in found if " " not in term)


def run_query(loaded: LocaleIndex, text: str) -> Ranking:
    """[(document position, score)] best first, for a query as typed (= lazy-index.js'
    runQuery): the documents matching enough of the query; when there are none, those matching
    some of its meaningful units, at most PARTIAL_LIMIT, marked `partial`."""
    clauses = needed_clauses(query_clauses((text or "")[:MAX_QUERY], loaded.lang,
                                           loaded.synonyms), loaded.index)
    if not clauses:
        return Ranking()
    query = Query(loaded.index.fields)
    for spec in clauses:
        query.clause(Clause(term=spec["term"], boost=spec["boost"], use_pipeline=False,
                            wildcard=spec["wildcard"], edit_distance=spec.get("editDistance", 0)))
    typed = [c for c in clauses if not c.get("slipped")]
    enough, some = [], []
    for m in loaded.index.query(query):
        matched = list(m["match_data"].metadata)
        hits, total = unit_hits(clauses, matched)
        if total and hits:
            scored = (int(m["ref"]), covered_score(m["score"], hits, total))
            # a slip read into the query (고기 as 고가) adds to what the typed words match but
            # never makes a result alone: matching nothing else, a document is a partial match
            alone = len(typed) < len(clauses) and not unit_hits(typed, matched)[0]
            (enough if hits >= required_units(total) and not alone else some).append(scored)
    ranking = Ranking(best_first(enough or some))
    if not enough and ranking:
        ranking.partial = True
        del ranking[PARTIAL_LIMIT:]
    return ranking


def best_first(scored: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Ordered by `rank_key`, without what scores under RELATIVE_FLOOR of the best."""
    ranked = sorted(scored, key=lambda item: rank_key(item[1], item[0]))
    if ranked:
        floor = ranked[0][1] * RELATIVE_FLOOR
        ranked = [item for item in ranked if item[1] >= floor]
    return ranked


def search(site_dir: str | Path | SearchFiles, locale: str, text: str,
           limit: int = 10) -> list[SearchResult]:
    """The ranked articles for `text` in `locale`, as the site's search box shows them."""
    return ranked_results(load_locale_index(site_dir, locale), text, limit)


def ranked_results(loaded: LocaleIndex, text: str, limit: int = 10) -> list[SearchResult]:
    """`search` over an index already loaded (a long-running reader keeps it between queries)."""
    results = []
    ranking = run_query(loaded, text)
    for rank, (ref, score) in enumerate(ranking[:max(0, limit)], start=1):
        doc = loaded.docs[ref]
        results.append(SearchResult(rank=rank, id=doc[0], title=doc[1], category=doc[2],
                                    url=doc[3], description=_description(loaded, ref),
                                    score=round(score, 6), fallback=bool(doc[4]),
                                    partial=ranking.partial))
    return results


def _description(loaded: LocaleIndex, ref: int) -> str:
    """An article's description from its text shard ('' when the shard is missing); a shard is
    read once for the loaded index, whatever the number of queries."""
    if isinstance(loaded.docs, SplitDocs):       # its text shards are read and cached already
        return str(loaded.docs.entry(ref)[0] or "")
    if not loaded.shard or loaded.files is None:
        return ""
    number = ref // loaded.shard
    if number not in loaded.texts:
        try:
            loaded.texts[number] = json.loads(loaded.files.read(f"{loaded.locale}/{number}.json"))
        except (OSError, ValueError):
            return ""   # not kept: a deployed site's blip must not blank it for good
    entries = loaded.texts[number]
    entry = entries[ref % loaded.shard] if ref % loaded.shard < len(entries) else None
    return str(entry[0]) if isinstance(entry, list) and entry else ""

"""Reading a split index (`split.py`) so that it ranks exactly as the single file would.

`SplitIndex` is a lunr.py Index that, before each query, expands the query's clauses over the
full term list (as lunr does), reads the term shards holding the expanded terms, and ranks with
the index `build` makes of the entry plus those postings (`query.expand_index`): same term
positions, same document count and field lengths, the same postings for every term the query
touches, hence the same scores as over one file. `SplitDocs` reads a result's display data from
its snippet-text shard. Nothing else is read.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Sequence

from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.token_set import TokenSet

from helpcenter.search.files import SearchError, SearchFiles, read_file
from helpcenter.search.split import PER_TERM, TERMS_DIR

READ_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError, OverflowError)


def _invalid(files: SearchFiles, name: str) -> SearchError:
    return SearchError(f"{files.where(name)}: not a valid search index; rebuild the site")


class SplitIndex(Index):
    """The lunr index of a split locale, reading term shards as queries need them."""

    def __init__(self, entry: dict, files: SearchFiles, locale: str,
                 build: Callable[[dict, int], Index]) -> None:
        index = entry["index"]
        self.compact = {key: value for key, value in index.items()}
        self.terms = index["terms"].split("\n") if index["terms"] else []
        self.count = int(entry["count"])
        self.starts = [int(n) for n in entry["split"]["from"]]
        self.names = [str(n) for n in entry["split"]["files"]]
        if (len(self.starts) != len(self.names) or (self.terms and self.starts[:1] != [0])
                or self.starts != sorted(set(self.starts))
                or any(not 0 <= n < len(self.terms) for n in self.starts)):
            raise ValueError("the shard table does not match the terms")
        for name in index["boosts"]:
            if len(index["lengths"][name]) != self.count:
                raise ValueError(f"field {name} does not match the document count")
        self.position = {term: i for i, term in enumerate(self.terms)}
        self.files, self.locale, self.build = files, locale, build
        # key → field → one entry per term ('' until its shard is read)
        self.per_term = {key: {name: [""] * len(self.terms) for name in index["boosts"]}
                         for key in PER_TERM}
        self.read_shards: set[int] = set()
        self.built: Index | None = None
        super().__init__(inverted_index={}, field_vectors={},
                         token_set=TokenSet.from_list(self.terms), fields=list(index["boosts"]),
                         pipeline=Pipeline())

    def shards_for(self, query: Query) -> set[int]:
        """The shards holding every term lunr will expand the query's clauses to."""
        found = set()
        for clause in query.clauses:
            for term in self.token_set.intersect(TokenSet.from_clause(clause)).to_list():
                found.add(bisect.bisect_right(self.starts, self.position[term]) - 1)
        return found

    def _read_shard(self, number: int) -> None:
        name = f"{self.locale}/{TERMS_DIR}/{self.names[number]}.json"
        start = self.starts[number]
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.terms)
        try:
            shard = json.loads(read_file(self.files, name))
            if shard["from"] != start or shard["terms"] != end - start:
                raise ValueError("the shard is not the one the entry lists")
            for key, fields in self.per_term.items():
                for field, entries in fields.items():
                    part = shard[key][field].split(";")
                    if len(part) != end - start:
                        raise ValueError(f"field {field} does not match the shard's terms")
                    entries[start:end] = part
        except SearchError:
            raise
        except READ_ERRORS:
            raise _invalid(self.files, name) from None
        self.read_shards.add(number)
        self.built = None

    def query(self, query: Query | None = None, callback=None) -> list:
        if query is None:
            query = self.create_query()
        if callback is not None:
            callback(query)
        for number in sorted(self.shards_for(query) - self.read_shards):
            self._read_shard(number)
        if self.built is None:
            compact = dict(self.compact)
            for key, fields in self.per_term.items():
                compact[key] = {field: ";".join(entries) for field, entries in fields.items()}
            try:
                self.built = self.build(compact, self.count, self.token_set)
            except READ_ERRORS:
                raise _invalid(self.files, f"{self.locale}/{TERMS_DIR}/") from None
        return self.built.query(query)


class SplitDocs(Sequence):
    """[id, title, category, url, fallback] per document, read from the snippet-text shards."""

    def __init__(self, files: SearchFiles, locale: str, count: int, per_file: int) -> None:
        if per_file <= 0:
            raise ValueError("a split index needs its snippet-text shards")
        self.files, self.locale, self.count, self.per_file = files, locale, count, per_file
        self.shards: dict[int, list] = {}

    def __len__(self) -> int:
        return self.count

    def entry(self, ref: int) -> list:
        """[description, text, id, title, category, url, fallback] of document `ref`."""
        if not 0 <= ref < self.count:
            raise IndexError(ref)
        number = ref // self.per_file
        name = f"{self.locale}/{number}.json"
        if number not in self.shards:
            text = read_file(self.files, name)
            try:
                self.shards[number] = json.loads(text)
            except ValueError:
                raise _invalid(self.files, name) from None
        try:
            found = self.shards[number][ref % self.per_file]
            if not isinstance(found, list) or len(found) != 7:
                raise ValueError(found)
        except READ_ERRORS:
            raise _invalid(self.files, name) from None
        return found

    def __getitem__(self, ref):  # type: ignore[override]
        return self.entry(ref)[2:]

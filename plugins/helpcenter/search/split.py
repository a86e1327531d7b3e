"""A large locale's search index, split by term range so that a first search stays small.

A single index file grows with the site (1.6 MB gzipped for 5,000 Japanese articles) and the
browser fetches it whole before the first result. Above `SPLIT_ABOVE` bytes gzipped the index is
written in Pagefind's manner instead: the sorted terms are cut into consecutive ranges of about
`SHARD_BYTES` of postings, each range a file named by a hash of its content (so a browser may
keep it across builds while it is unchanged), and an *entry* file holds what every query needs:

- the full sorted term list: lunr expands prefix and one-typo clauses over every term, and a typo
  may change a term's first letter (Pagefind, which keeps only each range's first and last word,
  has no typo matching to serve); 94 KB gzipped for 10,000 Japanese articles (28,283 terms,
  words and word pairs included);
- the statistics BM25 needs and that must stay global, or a term's weight would depend on which
  shard it sits in: the document count and every document's field lengths (their averages are
  computed from them by both readers, exactly as from a single file);
- where each range starts (term position) and its file.

A term's document count (idf) comes from its own postings, which live whole in one shard. Term
positions stay global, so the readers' vectors are the same as over the single file and both
rank identically to it (tests/helpcenter/search/test_split.py compares them over many queries).
The documents' display data (id, title, category, URL, fallback flag) moves out of the entry
into the snippet-text shards the results need anyway: `[description, text, id, title,
category, url, fallback]` per article (the first two as in a single-file site's shards).

Below the threshold one file stays: it is fetched in one request, and the split would save less
than a round trip costs (docs/search.md gives the figures).
"""

from __future__ import annotations

import hashlib
import json
import zlib

SPLIT_ABOVE = 64 * 1024      # bytes of the single file, gzipped, above which it is split
SHARD_BYTES = 24 * 1024      # bytes of postings per term shard (a shard holds whole terms)
TERMS_DIR = "terms"          # in the locale's folder, beside the snippet-text shards
PER_TERM = ("postings",)     # keys of the compact index holding one ';'-separated entry per term


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def should_split(single_file: bytes, split_above: int = SPLIT_ABOVE) -> bool:
    """Whether a locale whose single index file would be `single_file` is written split."""
    return len(single_file) > split_above and (
        split_above <= 0 or gzip_size_above(single_file, split_above))


def gzip_size_above(data: bytes, limit: int, level: int = 6, chunk: int = 64 * 1024) -> bool:
    """Whether `len(gzip.compress(data, level))` > `limit`, compressing only as far as needed:
    deflate's output only grows, so once what it wrote of a large file passes the limit the
    rest need not be compressed (a locale's single file is megabytes)."""
    deflate = zlib.compressobj(level, zlib.DEFLATED, 31)   # 31: with gzip's header and trailer
    size = 0
    for start in range(0, len(data), chunk):
        size += len(deflate.compress(data[start:start + chunk]))
        if size > limit:
            return True
    return size + len(deflate.flush()) > limit


def term_ranges(per_term: dict[str, dict[str, list[str]]], count: int,
                shard_bytes: int = SHARD_BYTES) -> list[tuple[int, int]]:
    """[start, end) term positions of each shard: a shard closes once its postings reach
    `shard_bytes` (Pagefind's chunking, measured in our encoding's bytes)."""
    columns = [map(len, entries[:count]) for fields in per_term.values()
               for entries in fields.values()]
    sizes = [sum(row) + len(row) for row in zip(*columns, strict=True)] if columns else [0] * count
    ranges, start, size = [], 0, 0
    for i, term_size in enumerate(sizes):
        size += term_size
        if size >= shard_bytes:
            ranges.append((start, i + 1))
            start, size = i + 1, 0
    if start < count:
        ranges.append((start, count))
    return ranges


def split_files(payload: dict, texts: list[list[list[str]]],
                shard_bytes: int = SHARD_BYTES) -> tuple[dict, dict[str, str]]:
    """The entry and the locale folder's files (relative name → JSON text) for `payload` (the
    single file's content, `index._payload`) and its snippet-text shards `texts`; term shards
    of about `shard_bytes` of postings."""
    index = payload["index"]
    terms = index["terms"].split("\n") if index["terms"] else []
    per_term = {key: {name: (joined.split(";") if terms else [])
                      for name, joined in index[key].items()} for key in PER_TERM}
    files: dict[str, str] = {}
    starts, names = [], []
    for start, end in term_ranges(per_term, len(terms), shard_bytes):
        shard = {"from": start, "terms": end - start}
        for key, fields in per_term.items():
            shard[key] = {name: ";".join(entries[start:end]) for name, entries in fields.items()}
        text = dumps(shard)
        name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        files[f"{TERMS_DIR}/{name}.json"] = text
        starts.append(start)
        names.append(name)
    docs, per_file = payload["docs"], payload["text"]["shard"]
    for number, shard in enumerate(texts):
        files[f"{number}.json"] = dumps([entry + docs[number * per_file + k][:5]
                                         for k, entry in enumerate(shard)])
    entry = {key: value for key, value in payload.items() if key != "docs"}
    entry["count"] = len(docs)
    entry["index"] = {key: value for key, value in index.items() if key not in PER_TERM}
    entry["split"] = {"from": starts, "files": names}
    return entry, files

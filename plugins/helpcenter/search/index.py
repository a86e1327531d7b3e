"""One search index per locale, computed here and loaded by lunr.js 2.3.9 in the browser.

Each locale gets `site/helpcenter/search/<locale>.json`: the documents to display (id, title,
category, URL, fallback flag) and the index over pre-tokenized fields (see `tokenize.py`) in the
compact form of `compact_index` (lunr's terms, postings and field lengths); plus
`site/helpcenter/search/<locale>/<n>.json` with descriptions and text for snippets
(`text_shards`). The browser downloads only its own locale's index and never tokenizes articles.
Articles missing in a locale are indexed with the default locale's text under the locale's own
URL, exactly as they are shown there. The format is described in docs/search.md.
"""

from __future__ import annotations

import gzip
import shutil
from collections import Counter, defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import repeat
from operator import add, sub
from pathlib import Path

from helpcenter import clock
from helpcenter.content import ArticleView, HelpCenter
from helpcenter.pagetext import PageText, markdown_page_text, page_text
from helpcenter.search import split
from helpcenter.search.tokenize import body_counts, terms_and_pairs, tokenize

FORMAT_VERSION = 2
K1 = 1.2     # lunr's BM25 defaults, written into the file so both readers use the same numbers
B = 0.75
SEARCH_DIR = "helpcenter/search"

# Field name → lunr boost. A word in the title says far more about an article than one in the body.
FIELDS: dict[str, float] = {
    "title": 10,
    "aliases": 10,     # other names customers use for the article (front matter), like the title
    "tags": 6,
    "headings": 4,
    "description": 3,
    "body": 1,
}
SNIPPET_CHARS = 400
TEXT_SHARD = 10   # documents per snippet-text file; the worker fetches only the shards it shows


@dataclass(frozen=True)
class SearchDocument:
    """What is indexed and shown for one article in one locale."""

    id: str
    title: str
    category: str
    url: str
    description: str
    headings: list[str]
    tags: list[str]
    body: str
    fallback: bool
    lang: str
    aliases: list[str] = field(default_factory=list)


# -- building ----------------------------------------------------------------------------------

def search_documents(center: HelpCenter, locale: str,
                     pages: Mapping[str, str | PageText] | None = None) -> list[SearchDocument]:
    """Every article shown in `locale` (its own or the fallback), in the site's order.

    `pages` maps an article id to the HTML body the build rendered for it in this locale (what
    the customer sees), or to that body's text already read (`pagetext.page_text`: the build
    reads it from the tree the Markdown copy is written from); an article not in it is
    rendered from its Markdown the same way (`helpcenter.pagetext.render_markdown`), for
    indexing outside a build."""
    documents = []
    for view in center.articles_for(locale):
        documents.append(_document(center, locale, view, (pages or {}).get(view.article.id)))
    return documents


def _document(center: HelpCenter, locale: str, view: ArticleView,
              page: str | PageText | None) -> SearchDocument:
    article = view.article
    category = center.resolve_category(locale, article.category)
    shown = (markdown_page_text(article.body) if page is None
             else page if isinstance(page, PageText) else page_text(page))
    headings, body = shown.headings, shown.text
    return SearchDocument(
        id=article.id, title=article.title,
        category=category.category.title if category else article.category,
        url=view.url, description=article.description, headings=headings, tags=article.tags,
        body=body, fallback=view.fallback, lang=article.locale, aliases=article.aliases)


def field_terms(doc: SearchDocument, lang: str, body: bool = True) -> dict[str, list[str]]:
    """Each field's index terms, in order, with repetitions (a term's count is its frequency).

    Titles, aliases and headings also hold their word pairs (`tokenize.word_pairs`: "db
    connection"), the cheapest way to rank a query's phrase first. The body has no whole CJK
    words (`tokenize(..., words=False)`), only its bigrams: on
    bench/search_eval.py they lifted nothing there (the words that name an article are in its
    title, headings and description) and cost 4 % of the first download for 1,000 Japanese
    articles, whose budget is 400 KB. With `body` false the body's list is left empty
    (`field_counts` counts the body without listing it)."""
    title, title_pairs = terms_and_pairs(doc.title, lang)
    aliases: list[str] = []
    for alias in doc.aliases:
        terms, pairs = terms_and_pairs(alias, lang)
        aliases += terms + pairs
    # Each heading alone gives the same terms as the headings joined (" \n " between them
    # separates runs and normalizes apart), and its own word pairs.
    headings: list[str] = []
    heading_pairs: list[str] = []
    for heading in doc.headings:
        terms, pairs = terms_and_pairs(heading, lang)
        headings += terms
        heading_pairs += pairs
    return {
        "title": title + title_pairs,
        "aliases": aliases,
        "tags": [term for tag in doc.tags for term in tokenize(tag, lang)],
        "headings": headings + heading_pairs,
        "description": tokenize(doc.description, lang),
        "body": tokenize(doc.body, lang, words=False) if body else [],
    }


def field_counts(doc: SearchDocument, lang: str) -> dict[str, Counter[str]]:
    """Each field's terms counted: `Counter` of `field_terms`, the body counted by
    `tokenize.body_counts` (the same counts, without listing the body's terms)."""
    terms = field_terms(doc, lang, body=False)
    return {name: body_counts(doc.body, lang) if name == "body" else Counter(terms[name])
            for name in terms}


def _base36(number: int) -> str:
    if number < SMALL:
        return _BASE36[number]
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
        if not number:
            return out


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# 0 to 36² - 1 written out once: most gaps and term frequencies are below that.
_BASE36 = [high + low for high in ("", *_DIGITS[1:]) for low in _DIGITS]
SMALL = len(_BASE36)


def compact_index(documents: list[SearchDocument], lang: str) -> dict:
    """The index both readers load, computed directly from the tokenized fields.

    What lunr's builder would compute and nothing else: the sorted terms; per field, each term's
    postings as base-36 document gaps with the term frequency after a '.' when it is not 1; and
    each field's length per document. (lunr's own JSON repeats every field name for every term
    and stores every weight as a float: 2 MB gzipped for 1,000 Japanese articles.) query.py and
    lazy-index.js recompute lunr's BM25 weights from these with the same arithmetic (`weight`),
    so the CLI and the browser score identically; a test checks this equals what lunr.py's
    Builder makes of the same terms. One pass, no lunr objects: a third of the build's time went
    to lunr.py's Builder and re-deriving its output.
    """
    fields = list(FIELDS)
    # per field: term → its postings so far, and term → the last document holding it
    postings: dict[str, defaultdict[str, list[str]]] = {name: defaultdict(list) for name in fields}
    last: dict[str, dict[str, int]] = {name: {} for name in fields}
    lengths: dict[str, list[int]] = {name: [] for name in fields}
    gaps = _BASE36 + [_base36(gap) for gap in range(SMALL, len(documents))]
    frequencies = ["", ""]   # tf → what follows the gap: "" for 1, ".<tf in base 36>" above
    for ref, doc in enumerate(documents):
        for name, counts in field_counts(doc, lang).items():
            lengths[name].append(counts.total())
            if not counts:
                continue
            # One posting per term of the document, written by maps (no Python loop per
            # posting): the gap since the term's last document, its frequency when not 1.
            terms = list(counts)
            seen = last[name]
            previous = list(map(seen.get, terms, repeat(-1)))
            seen.update(zip(terms, repeat(ref)))
            most = max(counts.values())
            if most >= len(frequencies):
                frequencies += [f".{_base36(tf)}" for tf in range(len(frequencies), most + 1)]
            written = map(add, map(gaps.__getitem__, map(sub, repeat(ref - 1), previous)),
                          map(frequencies.__getitem__, counts.values()))
            deque(map(list.append, map(postings[name].__getitem__, terms), written), maxlen=0)
    terms = sorted(set().union(*postings.values()))
    position = dict(zip(terms, range(len(terms)), strict=True))
    return {"k1": K1, "b": B, "boosts": FIELDS, "terms": "\n".join(terms),
            "postings": {name: ";".join(_in_order(found, position))
                         for name, found in postings.items()},
            "lengths": lengths}


def _in_order(found: Mapping[str, list[str]], position: dict[str, int]) -> list[str]:
    """One field's postings, each term's joined, in the order of the sorted terms (`position`:
    term → its place), "" for a term the field lacks: written where each term stands, since
    most fields hold few of the terms."""
    entries = [""] * len(position)
    deque(map(entries.__setitem__, map(position.__getitem__, found.keys()),
              map(",".join, found.values())), maxlen=0)
    return entries


def search_payload(center: HelpCenter, locale: str, build_id: str = "",
                   snippet_chars: int = SNIPPET_CHARS) -> dict:
    """The whole per-locale search file: display data for each document plus the lunr index.

    Documents are lists [id, title, category, url, fallback] so that a 5,000-article index
    does not repeat key names 5,000 times. Descriptions and article text, used for snippets,
    are not in it: see `text_shards`.
    """
    documents = search_documents(center, locale)
    return _payload(documents, locale, build_id, snippet_chars)


def _payload(documents: list[SearchDocument], locale: str, build_id: str,
             snippet_chars: int, synonyms: Mapping[str, list[str]] | None = None) -> dict:
    return {
        "version": FORMAT_VERSION,
        "locale": locale,
        "lang": locale,
        "build": build_id,
        "fields": list(FIELDS),
        "docs": [[d.id, d.title, d.category, d.url, 1 if d.fallback else 0] for d in documents],
        "text": {"shard": TEXT_SHARD, "chars": snippet_chars},
        "index": compact_index(documents, locale),
        "synonyms": dict(synonyms or {}),
    }


def text_shards(documents: list[SearchDocument], snippet_chars: int) -> list[list[list[str]]]:
    """[description, first `snippet_chars` characters of the text] per article, TEXT_SHARD
    articles a file.

    Snippets are what make a result recognizable, but every article's would double the first
    download (descriptions alone are a third of it for 1,000 Japanese articles); the worker
    shows results with their titles and categories at once, then fetches the few shards of the
    results it shows and fills in the snippets.
    """
    texts = [[d.description, d.body[:snippet_chars]] for d in documents]
    return [texts[i:i + TEXT_SHARD] for i in range(0, len(texts), TEXT_SHARD)]


def index_path(site_dir: str | Path, locale: str) -> Path:
    return Path(site_dir) / SEARCH_DIR / f"{locale}.json"


def write_locale_index(site_dir: str | Path, locale: str, documents: list[SearchDocument],
                       build_id: str, snippet_chars: int = SNIPPET_CHARS,
                       synonyms: Mapping[str, list[str]] | None = None,
                       split_above: int = split.SPLIT_ABOVE) -> int:
    """Write one locale's search file and its shards; return the file's size in bytes.

    One file with snippet-text shards beside it, or, when that file would be larger than
    `split_above` bytes gzipped, an entry file with term-range shards (`split`).
    The unit of work for a build that indexes locales separately (in parallel, or only the
    locale a preview changed): `search_documents(center, locale, pages)` then this."""
    payload = _payload(documents, locale, build_id, snippet_chars, synonyms)
    texts = text_shards(documents, snippet_chars)
    data = split.dumps(payload).encode("utf-8")
    if split.should_split(data, split_above):
        entry, files = split.split_files(payload, texts)
        data = split.dumps(entry).encode("utf-8")
    else:
        files = {f"{number}.json": split.dumps(shard) for number, shard in enumerate(texts)}
    path = index_path(site_dir, locale)
    folder = path.with_suffix("")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
    path.write_bytes(data)
    return len(data)


def write_search_indexes(center: HelpCenter, site_dir: str | Path, build_id: str = "",
                         snippet_chars: int = SNIPPET_CHARS,
                         pages: Mapping[str, Mapping[str, str | PageText]] | None = None,
                         locales: list[str] | None = None,
                         synonyms: Mapping[str, Mapping[str, list[str]]] | None = None,
                         split_above: int = split.SPLIT_ABOVE) -> dict[str, int]:
    """Write every locale's search file (or those of `locales`); return their sizes in bytes.

    `pages[locale][article id]` is the HTML the build rendered (see `search_documents`);
    `synonyms[locale]` the locale's synonyms (`synonyms.load_synonyms`), applied at query time."""
    if not build_id:
        build_id = clock.now().strftime("%Y%m%dT%H%M%SZ")
    return {loc.code: write_locale_index(site_dir, loc.code,
                                         search_documents(center, loc.code,
                                                          (pages or {}).get(loc.code)),
                                         build_id, snippet_chars, (synonyms or {}).get(loc.code),
                                         split_above)
            for loc in center.locales if locales is None or loc.code in locales}


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))

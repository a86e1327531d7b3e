from mkdocs.config import base
from mkdocs.config import config_options as c

from helpcenter.mkdocs_plugins.options import WholeNumber


class SearchConfig(base.Config):
    """Options of the `helpcenter-search` plugin."""

    enabled = c.Type(bool, default=True)
    # Characters of each article's plain text kept for result snippets (0: description only).
    snippet_chars = WholeNumber(0, 20000, default=400)
    # A locale's index is split into term-range shards when one file would exceed this many KB
    # gzipped (0: always split); below it one request is faster (docs/search.md).
    split_above_kb = WholeNumber(0, 1_000_000, default=64)
    # Search with the product's base vocabulary of everyday support words under the writers'
    # content/_search/<locale>.yml (helpcenter/search/vocabulary/, docs/search.md, Synonyms).
    base_vocabulary = c.Type(bool, default=True)
    # Send `search` events (zero results, no click) through window.HelpCenterEvents.
    events = c.Type(bool, default=True)

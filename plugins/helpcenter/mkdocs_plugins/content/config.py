from mkdocs.config import base
from mkdocs.config import config_options as c

from helpcenter.mkdocs_plugins.options import WholeNumber


class PublisherConfig(base.Config):
    """Who publishes the help center, for the JSON-LD `publisher` of articles and home pages."""

    name = c.Type(str, default="")
    url = c.Type(str, default="")
    logo = c.Type(str, default="")   # absolute URL or a path on the site


class ContentConfig(base.Config):
    """Options of the `helpcenter-content` plugin."""

    enabled = c.Type(bool, default=True)
    # How many related articles an article page lists (shared tags first, then its category).
    related_articles = WholeNumber(0, 50, default=5)
    # Path below each locale's home of the page the "contact us" entry points link to.
    contact_page = c.Type(str, default="contact")
    # Write site/helpcenter/manifest.json (docs/manifest.md), which the collector and report read.
    write_manifest = c.Type(bool, default=True)
    # The organisation named as publisher in structured data (unset name: no publisher).
    publisher = c.SubConfig(PublisherConfig)

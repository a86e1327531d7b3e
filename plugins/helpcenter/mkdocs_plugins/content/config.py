from mkdocs.config import base
from mkdocs.config import config_options as c


class ContentConfig(base.Config):
    """Options of the `helpcenter-content` plugin."""

    enabled = c.Type(bool, default=True)
    related_articles = c.Type(int, default=5)
    # Path below each locale's home of the page the "contact us" entry points link to.
    contact_page = c.Type(str, default="support")
    write_manifest = c.Type(bool, default=True)

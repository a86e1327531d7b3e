from mkdocs.config import base
from mkdocs.config import config_options as c

from helpcenter.mkdocs_plugins.options import WholeNumber


class ContactConfig(base.Config):
    """Options of the `helpcenter-contact` plugin."""

    enabled = c.Type(bool, default=True)
    # The channel data, below docs_dir (keep it in exclude_docs so it is not copied to the site).
    data_file = c.Type(str, default="contact.yml")
    # How many of the locale's first channels the "Still need help?" block under articles shows.
    article_channels = WholeNumber(0, 10, default=3)

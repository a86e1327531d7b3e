from mkdocs.config import base
from mkdocs.config import config_options as c


class AssistantsConfig(base.Config):
    """Options of the `helpcenter-assistants` plugin."""

    enabled = c.Type(bool, default=True)
    # A Markdown copy (index.md) beside every article page, announced by <link rel="alternate">.
    markdown_copies = c.Type(bool, default=True)
    # llms.txt and llms-full.txt at the root of every locale (needs markdown_copies).
    llms_txt = c.Type(bool, default=True)

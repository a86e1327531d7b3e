from mkdocs.config import base
from mkdocs.config import config_options as c

from helpcenter.mkdocs_plugins.options import SiteEndpoint, WholeNumber


class FeedbackConfig(base.Config):
    """Options of the `helpcenter-feedback` plugin."""

    enabled = c.Type(bool, default=True)
    # Where browsers POST events: a collector's /api/events, absolute (https://...) or a path on
    # the site's own origin (/api/events). Unset: the widget is hidden and the build warns.
    endpoint = c.Optional(SiteEndpoint())
    # Ask "How easy was it to get what you needed?" (1-5, customer effort) after a vote.
    effort_question = c.Type(bool, default=False)
    # Events kept in the browser while the endpoint is unreachable (oldest dropped beyond this).
    queue_limit = WholeNumber(1, 1000, default=100)

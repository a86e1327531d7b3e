"""The `helpcenter-feedback` plugin: puts the feedback widget on every article page.

It hands the templates an `hc_feedback` context (read by
overrides/partials/helpcenter/feedback.html), loads the event sender (events.js) on every page
and, once per build, writes assets/helpcenter/events-config.js with the endpoint and the
build id (read from the helpcenter-content plugin object). Without an endpoint the widget is not
rendered and the build warns.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.pages import Page

from helpcenter.mkdocs_plugins.feedback.config import FeedbackConfig
from helpcenter.mkdocs_plugins.glue import is_top_level_build, writes_site_files

log = get_plugin_logger(__name__)

CONFIG_SCRIPT = "assets/helpcenter/events-config.js"
EVENTS_SCRIPT = "assets/helpcenter/events.js"
STYLESHEET = "assets/helpcenter/feedback.css"


def config_script(endpoint: str, build: str | None, queue_limit: int) -> str:
    """events-config.js: plain data for events.js (an external file, so a strict CSP works)."""
    data = {"endpoint": endpoint, "build": build, "queueLimit": queue_limit}
    return ("/* Written by the helpcenter-feedback plugin at build time. */\n"
            f"window.HelpCenterEventsConfig = {json.dumps(data)};\n")


class FeedbackPlugin(BasePlugin[FeedbackConfig]):
    """Feedback widget on article pages; event sender and its configuration on every page."""

    def __init__(self) -> None:
        self.endpoint: str | None = None
        self.warned = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.endpoint = None
        if not self.config.enabled:
            return config
        if not self.config.endpoint:
            if not self.warned:
                log.warning("no 'endpoint' is set for helpcenter-feedback in mkdocs.yml, so the "
                            "feedback widget is hidden; set e.g. 'endpoint: /api/events'")
                self.warned = True
            return config
        self.endpoint = self.config.endpoint  # a SiteEndpoint: checked when mkdocs.yml is read
        for script in (CONFIG_SCRIPT, EVENTS_SCRIPT):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        if self.endpoint:
            context["hc_feedback"] = {"endpoint": self.endpoint,
                                      "effort": bool(self.config.effort_question)}
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.endpoint or not is_top_level_build(config) or not writes_site_files():
            return
        site_dir = Path(config.site_dir)
        content = config.plugins.get("helpcenter-content")
        build = getattr(content, "build_id", None) or None
        target = site_dir / CONFIG_SCRIPT
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(config_script(self.endpoint, build, self.config.queue_limit),
                          encoding="utf-8")

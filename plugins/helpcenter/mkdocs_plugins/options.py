"""Typed config options the help center plugins share, beyond MkDocs' own `config_options`.

A bad value is refused by MkDocs while it reads mkdocs.yml, with the plugin's and the option's
name ("Plugin 'helpcenter-search' option 'snippet_chars': must be a whole number from 0 to 20000,
got -5"), so no plugin checks ranges by hand in `on_config`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


class WholeNumber(c.Type):
    """An int between `minimum` and `maximum` inclusive (a YAML `true` is not a number)."""

    def __init__(self, minimum: int, maximum: int, default: int) -> None:
        super().__init__(int, default=default)
        self.minimum, self.maximum = minimum, maximum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not (
                self.minimum <= value <= self.maximum):
            raise ValidationError(f"must be a whole number from {self.minimum} to {self.maximum}, "
                                  f"got {value!r}")
        return value


class SiteEndpoint(c.Type):
    """Where browsers send to: an http(s) URL with a host, or a path on the site's own origin
    (`/api/events`); nothing a page could break out of (quotes, angle brackets, spaces)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        endpoint = str(super().run_validation(value)).strip()
        if not endpoint:
            return ""  # as good as unset: no widget, and the plugin says so
        try:
            parts = urlsplit(endpoint)
        except ValueError:
            parts = urlsplit("")
        absolute = parts.scheme in ("http", "https") and bool(parts.netloc)
        relative = not parts.scheme and not parts.netloc and endpoint.startswith("/")
        if not (absolute or relative) or any(ch.isspace() or ch in "\"'<>" for ch in endpoint):
            raise ValidationError(f"{endpoint!r} must be a URL such as "
                                  "https://feedback.example.com/api/events or a path on this site "
                                  "such as /api/events")
        return endpoint

"""What every locale process of a build would do the first time, done once before they fork.

The engine fills some caches on first use, and each locale process used to fill its own:
MkDocs' first `load_config` indexes the ~12,000 icons Material ships for the emoji extension
(kept for the process) and imports the slug function, about 0.05 s; and Pygments compiles a
lexer's rules the first time it highlights that language, about 0.06 s for the dozen languages
of a documentation site's code blocks. `helpcenter build` does both once in the process the
locale processes are forked from, which inherit the filled caches: they still load their own
configuration and make their own lexers, so nothing they build changes. Whatever fails here is
left to the locale processes, which report it as their build's error.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config import load_config

from helpcenter.content import HelpCenter
from helpcenter.mkdocs_plugins.markdown_highlight import get_lexer_by_name
from helpcenter.project import Project

# The language named after a code fence's backticks or tildes (superfences' own rule is wider;
# a name missed here is only compiled later, by the process that meets it).
_FENCE_LANGUAGE = re.compile(r"(?m)^[ \t]*(?:`{3,}|~{3,})[ \t]*\.?([A-Za-z0-9_+#.-]+)")


def warm_engine(project: Project, center: HelpCenter | None) -> None:
    """Fill the engine's first-use caches here, before forking (see above)."""
    engine_log = logging.getLogger("mkdocs")   # silent here: the processes say it all
    level = engine_log.level
    engine_log.setLevel(logging.CRITICAL + 1)
    try:
        load_config(config_file=str(Path(project.config_file)))
    except Exception:  # noqa: BLE001 - a locale process reports it, with its file and line
        pass
    finally:
        engine_log.setLevel(level)
    for language in sorted(code_languages(center)):
        try:
            get_lexer_by_name(language, stripnl=False)
        except Exception:  # noqa: BLE001, S112 - not a language Pygments knows: nothing to compile
            continue


def code_languages(center: HelpCenter | None) -> set[str]:
    """The languages the content's code fences name, lowercased."""
    if center is None:
        return set()
    return {match.lower() for articles in center.articles.values()
            for article in articles.values()
            for match in _FENCE_LANGUAGE.findall(article.body)}

"""Code highlighting set up once per style and language, not once per code block.

pymdownx (superfences) highlights every fenced block with Pygments and sets both tools up anew
for each block: a new HTML formatter computes the style's whole stylesheet (a CSS rule for each
of ~90 token types, the same for every block in that style), and the lexer is found by scanning
Pygments' list of ~600 lexers for the block's language name (and, for a name it does not know,
every installed plug-in). A locale process highlights hundreds of blocks in one style and a few
languages, so it computes each stylesheet once (each formatter gets its own copy) and remembers
which lexer class a name stands for (each block still gets a new lexer with its options). About a
third of highlighting's time; the HTML is the same.
"""

from __future__ import annotations

from pygments import lexers
from pygments.formatters.html import HtmlFormatter
from pygments.util import ClassNotFound

_stylesheets: dict[tuple, tuple[dict, dict]] = {}
_lexer_classes: dict[str, type | None] = {}
_original = {"stylesheet": HtmlFormatter._create_stylesheet}


def _create_stylesheet(self) -> None:
    """HtmlFormatter._create_stylesheet, computed once per formatter class, style and prefix
    (all it reads: `_get_css_class` is the class's, `style` and `classprefix` the options')."""
    key = (type(self), self.style, self.classprefix)
    if key not in _stylesheets:
        _original["stylesheet"](self)
        _stylesheets[key] = (self.ttype2class, self.class2style)
    ttype2class, class2style = _stylesheets[key]
    self.ttype2class, self.class2style = dict(ttype2class), dict(class2style)


def get_lexer_by_name(alias: str, **options):
    """pygments.lexers.get_lexer_by_name with the class each name stands for remembered."""
    if not alias:
        raise ClassNotFound(f"no lexer for alias {alias!r} found")
    key = alias.lower()
    if key not in _lexer_classes:
        try:
            _lexer_classes[key] = lexers.find_lexer_class_by_name(alias)
        except ClassNotFound:
            _lexer_classes[key] = None
    cls = _lexer_classes[key]
    if cls is None:
        raise ClassNotFound(f"no lexer for alias {alias!r} found")
    return cls(**options)


def reuse_highlight_setup() -> None:
    """Use the remembered stylesheets and lexer classes in this process (a locale process)."""
    from pymdownx import highlight

    HtmlFormatter._create_stylesheet = _create_stylesheet
    if hasattr(highlight, "get_lexer_by_name"):
        highlight.get_lexer_by_name = get_lexer_by_name

"""Help center: a multilingual self-service help center generated from Markdown in git.

The modules directly in this package are plain Python (no MkDocs import) so the product logic can
move to another site engine; `helpcenter.mkdocs_plugins` holds the thin MkDocs adapters.
"""

__version__ = "0.1.0"

"""The `helpcenter-feedback` MkDocs plugin: the "Was this article helpful?" widget."""

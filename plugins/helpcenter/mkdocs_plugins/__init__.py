"""Thin MkDocs adapters over the help center library: one plugin per concern."""

"""lunr.py's own Builder over the same terms: the reference the direct index is checked against."""

from __future__ import annotations

from lunr.builder import Builder

from helpcenter.search.index import FIELDS, SearchDocument, field_terms


def lunr_builder(documents: list[SearchDocument], lang: str) -> Builder:
    builder = Builder()
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for ref, doc in enumerate(documents):
        builder.add({"ref": str(ref), **field_terms(doc, lang)})
    return builder


def build_index(documents: list[SearchDocument], lang: str) -> dict:
    """lunr.py's full serialized index (for lunr.Index.load in node)."""
    return lunr_builder(documents, lang).build().serialize()

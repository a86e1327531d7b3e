"""lunr.py's own Builder over the same terms: the reference the direct index is checked against."""

from __future__ import annotations

from lunr.builder import Builder

from helpcenter.search.index import FIELDS, SearchDocument, field_terms
from helpcenter.search.query import average_length


class FilledFieldBuilder(Builder):
    """lunr.py's Builder, averaging a field's length over the documents that have it (as both
    readers do: query.average_length)."""

    def _calculate_average_field_lengths(self):
        super()._calculate_average_field_lengths()
        for name in self._fields:
            self.average_field_length[name] = average_length(
                [n for ref, n in self.field_lengths.items() if ref.startswith(f"{name}/")])


def lunr_builder(documents: list[SearchDocument], lang: str) -> Builder:
    builder = FilledFieldBuilder()
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for ref, doc in enumerate(documents):
        builder.add({"ref": str(ref), **field_terms(doc, lang)})
    return builder


def build_index(documents: list[SearchDocument], lang: str) -> dict:
    """lunr.py's full serialized index (for lunr.Index.load in node)."""
    return lunr_builder(documents, lang).build().serialize()

"""Two look-ups Python-Markdown repeats for every block of every page, made once per page.

Its block parser lists the block processors in priority order again for each block it parses
(the registry sorts and copies itself on every iteration), and `is_block_level` scans a list of
about sixty tag names for each element the prettifier and attr_list look at. A locale process
converts hundreds of pages with one converter whose processors and block-level tags do not
change while it converts (no extension of ours changes them after set-up): the order is kept
until a processor is registered or removed, and the tags are read into a set at each `reset()`.
About 7 % of a page's Markdown time on the real corpus; the HTML is the same.
"""

from __future__ import annotations

from markdown import Markdown, util


class _ListedRegistry(util.Registry):
    """A registry that keeps its sorted list until it is changed."""

    _listed: list | None = None

    def __iter__(self):
        return iter(self.listed())

    def listed(self) -> list:
        """The items in priority order: the same list object until the registry changes."""
        if not self._is_sorted or self._listed is None:
            self._sort()
            self._listed = [self._data[name] for name, _ in self._priority]
        return self._listed

    # register() needs nothing here: Registry.register marks the order unsorted itself.
    def deregister(self, name: str, strict: bool = True) -> None:
        self._listed = None   # deregister leaves the order marked sorted
        super().deregister(name, strict)


def keep_lookups(converter: Markdown) -> None:
    """Give `converter` the block processors' order and the block-level tags, kept per page."""
    registry = converter.parser.blockprocessors
    if type(registry) is util.Registry:
        registry.__class__ = _ListedRegistry
    tags = {"set": frozenset(converter.block_level_elements)}

    def is_block_level(tag) -> bool:
        if isinstance(tag, str):
            return tag.lower().rstrip("/") in tags["set"]
        return False   # some ElementTree tags are not strings (Markdown's own rule)

    reset = converter.reset

    def reset_and_read_tags() -> Markdown:
        tags["set"] = frozenset(converter.block_level_elements)
        return reset()

    converter.is_block_level = is_block_level
    converter.reset = reset_and_read_tags

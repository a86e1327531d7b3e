"""Copying one event store into another (`helpcenter store copy`), e.g. SQLite to PostgreSQL.

Idempotent by construction: rows are inserted by event id with "already stored: skip", and
rejection counters are raised to at least the source's count, so running the copy twice, or
after a copy that was interrupted, changes nothing that is already there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from helpcenter.store import StoreError, open_store

BATCH = 10_000


@dataclass(frozen=True)
class CopyResult:
    """What one copy did: events read from the source, of them new in the target."""

    read: int
    copied: int
    source: str
    target: str

    @property
    def already_there(self) -> int:
        return self.read - self.copied


def copy_store(source_url: str | os.PathLike, target_url: str | os.PathLike,
               advance: Callable[[int], None] | None = None) -> CopyResult:
    """Copy every event and rejection counter from `source_url` into `target_url` (created
    and migrated when needed). The source is only read."""
    if str(source_url).strip() == str(target_url).strip():
        raise StoreError(f"--from and --to both name {source_url}; copy into another store")
    read = copied = 0
    with open_store(source_url, readonly=True) as source, open_store(target_url) as target:
        batch: list[dict] = []
        for row in source.iter_rows():
            batch.append(row)
            if len(batch) >= BATCH:
                copied += target.insert_many(batch)
                read += len(batch)
                if advance:
                    advance(len(batch))
                batch = []
        copied += target.insert_many(batch)
        read += len(batch)
        if advance:
            advance(len(batch))
        target.keep_rejection_counts(source.rejection_counts())
        return CopyResult(read, copied, source.location, target.location)

"""What the store hands back: plain dataclasses, detached from any database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One import of one list: the files read, their hash, and what the parse counted.

    `file_hash` identifies the imported content (see `proscribe.store.hashing`);
    `published` is the list's own date when the file states it; `imported_at`
    is in UTC.
    """

    id: int
    source: str
    format: str
    files: list[str]
    file_hash: str
    published: str | None
    imported_at: datetime
    entity_count: int
    counts: dict[str, int] = field(default_factory=dict)
    issue_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "format": self.format,
            "files": list(self.files),
            "file_hash": self.file_hash,
            "published": self.published,
            "imported_at": self.imported_at.isoformat(),
            "entity_count": self.entity_count,
            "counts": dict(self.counts),
            "issue_count": self.issue_count,
        }


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The snapshot an import produced, or the existing one when the content was already stored.

    `new_versions` is how many entity versions the import had to store: on a
    routine list update, only the entities that changed.
    """

    snapshot: Snapshot
    created: bool
    new_versions: int = 0


@dataclass(frozen=True, slots=True)
class EntityVersionRef:
    """One snapshot that contained an entity, and which version of it."""

    snapshot: Snapshot
    content_hash: str

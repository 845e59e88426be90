"""Conversions between table rows and the store's dataclasses, shared by reads and imports."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, select

from proscribe.model import Entity, Provenance, entity_from_dict
from proscribe.store.models import Snapshot
from proscribe.store.schema import snapshots


def utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything the store writes is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def snapshot_from_row(row: Row[Any]) -> Snapshot:
    m = row._mapping
    return Snapshot(
        id=m["id"],
        source=m["source"],
        format=m["format"],
        files=json.loads(m["files"]),
        file_hash=m["file_hash"],
        published=m["published"],
        imported_at=utc(m["imported_at"]),
        entity_count=m["entity_count"],
        counts=json.loads(m["counts"]),
        issue_count=m["issue_count"],
    )


def load_snapshot(conn: Connection, snapshot_id: int) -> Snapshot | None:
    row = conn.execute(select(snapshots).where(snapshots.c.id == snapshot_id)).first()
    return snapshot_from_row(row) if row is not None else None


def latest_with_hash(
    conn: Connection, source: str, file_hash: str, before: int | None = None
) -> Snapshot | None:
    """The latest snapshot of `source` if it holds exactly this content, else None.

    `before` excludes the snapshot being written. Only the latest counts: a list that reverts to an earlier release must
    become current again, so an older snapshot with the same hash is not a
    reason to skip the import.
    """
    stmt = select(snapshots).where(snapshots.c.source == source)
    if before is not None:
        stmt = stmt.where(snapshots.c.id < before)
    row = conn.execute(stmt.order_by(snapshots.c.id.desc()).limit(1)).first()
    if row is None or row._mapping["file_hash"] != file_hash:
        return None
    return snapshot_from_row(row)


def provenance_json(entity: Entity) -> str | None:
    p = entity.provenance
    if p is None:
        return None
    return json.dumps(
        {"source": p.source, "file": p.file, "record_id": p.record_id, "line": p.line},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def entity_from_stored(data: str, provenance: str | None) -> Entity:
    """Rebuild an entity from its stored version and the snapshot's provenance for it."""
    entity = entity_from_dict(json.loads(data))
    if provenance is not None:
        entity.provenance = Provenance(**json.loads(provenance))
    return entity

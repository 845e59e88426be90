"""Import one parsed list as one snapshot: all of it, or nothing.

The whole import — snapshot row, entity versions, memberships, issues — is
one database transaction, and the parse streams inside it. Whatever stops it
(a ListError half-way through the file, a duplicate id, a database error,
Ctrl-C) rolls the transaction back, so screening never sees half a list and a
retry starts from the same state.

Storage is content-addressed: each entity's canonical JSON (without
provenance, whose line numbers move between releases) is hashed, and only
versions whose hash the store has never seen are written. A weekly update
that changes 300 of 15,000 entities adds 300 versions and 15,000 small
membership rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Insert, insert, select, text, update

from proscribe.model import Entity
from proscribe.model.codec import canonical_json, entity_to_dict
from proscribe.sources.base import ParseReport
from proscribe.sources.errors import ListError
from proscribe.store.engine import WRITE_OPTION
from proscribe.store.errors import StoreError
from proscribe.store.hashing import content_fingerprint
from proscribe.store.models import ImportResult
from proscribe.store.rows import latest_with_hash, load_snapshot, provenance_json
from proscribe.store.schema import entity_versions, snapshot_entities, snapshot_issues, snapshots

BATCH_SIZE = 1000
# Column sizes of proscribe.store.schema, checked up front so PostgreSQL never
# fails an import half-way with a bare "value too long" error.
MAX_SOURCE = 100
MAX_SOURCE_ID = 250


def import_stream(
    engine: Engine,
    *,
    source: str,
    format: str,
    files: list[str],
    file_hash: str | None,
    entities: Iterable[Entity],
    report: ParseReport,
) -> ImportResult:
    """Store `entities` as a new snapshot of `source`, unless it is what the source holds now.

    When the latest snapshot of the source has the same content, nothing is
    stored and that snapshot is returned. With `file_hash` the check happens
    before anything is read, so an unchanged download costs one query.
    Without it (entities that come from no file) the content fingerprint is
    only known at the end; an identical latest snapshot then makes this
    import roll back and return it.
    """
    if not source or len(source) > MAX_SOURCE:
        raise StoreError(f"source key {source!r} must have 1 to {MAX_SOURCE} characters")
    if file_hash is not None:
        with engine.connect() as conn:
            existing = latest_with_hash(conn, source, file_hash)
        if existing is not None:
            return ImportResult(existing, created=False)

    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
        with conn.begin() as trans:
            _lock_source(conn, source)
            if file_hash is not None:
                # A concurrent import of the same file may have committed meanwhile.
                existing = latest_with_hash(conn, source, file_hash)
                if existing is not None:
                    return ImportResult(existing, created=False)
            snapshot_id = _insert_snapshot(conn, source, format, files, file_hash or "")
            writer = _BatchWriter(
                conn, snapshot_id, source, default_file=files[0] if files else source
            )
            for entity in entities:
                writer.add(entity)
            writer.flush()

            fingerprint = file_hash or content_fingerprint(writer.hashes)
            if file_hash is None:
                existing = latest_with_hash(conn, source, fingerprint, before=snapshot_id)
                if existing is not None:
                    trans.rollback()
                    return ImportResult(existing, created=False)
            _finish_snapshot(conn, snapshot_id, fingerprint, writer.count, report)
            snapshot = load_snapshot(conn, snapshot_id)
        assert snapshot is not None
        return ImportResult(snapshot, created=True, new_versions=writer.new_versions)


def _lock_source(conn: Connection, source: str) -> None:
    """Serialise imports of one source on PostgreSQL (SQLite's BEGIN IMMEDIATE already does)."""
    if conn.dialect.name != "postgresql":
        return
    key = int.from_bytes(
        hashlib.sha256(f"proscribe.import:{source}".encode()).digest()[:8], "big", signed=True
    )
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _insert_snapshot(
    conn: Connection, source: str, format: str, files: list[str], file_hash: str
) -> int:
    result = conn.execute(
        insert(snapshots)
        .values(
            source=source,
            format=format,
            files=json.dumps(files, ensure_ascii=False),
            file_hash=file_hash,
            published=None,
            imported_at=datetime.now(UTC),
            entity_count=0,
            counts="{}",
            issue_count=0,
        )
        .returning(snapshots.c.id)
    )
    return int(result.scalar_one())


def _finish_snapshot(
    conn: Connection, snapshot_id: int, file_hash: str, count: int, report: ParseReport
) -> None:
    """Record what only the finished parse knows: the list's date, tallies and issues."""
    conn.execute(
        update(snapshots)
        .where(snapshots.c.id == snapshot_id)
        .values(
            file_hash=file_hash,
            published=report.published,
            entity_count=count,
            counts=json.dumps(dict(sorted(report.counts.items()))),
            issue_count=len(report.issues),
        )
    )
    rows = [
        {
            "snapshot_id": snapshot_id,
            "file": i.file,
            "line": i.line,
            "record": i.record,
            "message": i.message,
        }
        for i in report.issues
    ]
    for start in range(0, len(rows), BATCH_SIZE):
        conn.execute(insert(snapshot_issues), rows[start : start + BATCH_SIZE])


class _BatchWriter:
    """Buffers entities and writes them with executemany, skipping versions already stored."""

    def __init__(self, conn: Connection, snapshot_id: int, source: str, default_file: str) -> None:
        self.conn = conn
        self.snapshot_id = snapshot_id
        self.source = source
        self.default_file = default_file
        self.count = 0
        self.new_versions = 0
        self.hashes: list[str] = []
        self._seen: dict[str, int | None] = {}
        self._versions: dict[str, dict[str, Any]] = {}
        self._members: list[dict[str, Any]] = []
        self._insert_version = _insert_ignoring_duplicates(conn)

    def add(self, entity: Entity) -> None:
        self._check(entity)
        data = canonical_json(entity_to_dict(entity, provenance=False))
        digest = hashlib.sha256(data.encode()).hexdigest()
        entity_id = entity.id
        self._versions[digest] = {
            "content_hash": digest,
            "entity_id": entity_id,
            "schema": entity.schema,
            "caption": entity.caption,
            "data": data,
        }
        self._members.append(
            {
                "snapshot_id": self.snapshot_id,
                "entity_id": entity_id,
                "position": self.count,
                "source_id": entity.source_id,
                "content_hash": digest,
                "provenance": provenance_json(entity),
            }
        )
        self.hashes.append(digest)
        self.count += 1
        if len(self._members) >= BATCH_SIZE:
            self.flush()

    def _check(self, entity: Entity) -> None:
        line = entity.provenance.line if entity.provenance else None
        file = entity.provenance.file if entity.provenance else self.default_file
        if entity.source != self.source:
            raise ListError(
                file,
                f"entity {entity.source_id!r} belongs to source {entity.source!r}, "
                f"but this import is for source {self.source!r}",
                line=line,
            )
        if not entity.source_id:
            raise ListError(file, "entity without a source id", line=line)
        if len(entity.source_id) > MAX_SOURCE_ID:
            raise ListError(
                file,
                f"entity id {entity.source_id[:40]!r}… is longer than {MAX_SOURCE_ID} characters",
                line=line,
            )
        if entity.source_id in self._seen:
            first = self._seen[entity.source_id]
            where = f" at line {first}" if first is not None else ""
            raise ListError(
                file,
                f"duplicate entity id {entity.source_id!r}: already listed{where}; "
                "one list file must not list the same id twice",
                line=line,
            )
        self._seen[entity.source_id] = line

    def flush(self) -> None:
        if self._versions:
            candidates = list(self._versions)
            stored = set(
                self.conn.scalars(
                    select(entity_versions.c.content_hash).where(
                        entity_versions.c.content_hash.in_(candidates)
                    )
                )
            )
            fresh = [row for digest, row in self._versions.items() if digest not in stored]
            if fresh:
                self.conn.execute(self._insert_version, fresh)
                self.new_versions += len(fresh)
            self._versions.clear()
        if self._members:
            self.conn.execute(insert(snapshot_entities), self._members)
            self._members.clear()


def _insert_ignoring_duplicates(conn: Connection) -> Insert:
    """An insert that tolerates a version another import stored a moment ago."""
    name = conn.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(entity_versions).on_conflict_do_nothing(index_elements=["content_hash"])
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(entity_versions).on_conflict_do_nothing(
            index_elements=["content_hash"]
        )
    return insert(entity_versions)

"""The store's tables as SQLAlchemy Core objects, for queries and for checking migrations.

Alembic migrations (proscribe/store/migrations/versions) create these tables;
this module only describes them so queries are typed and a test can verify
that the migrations and this description agree. JSON values are stored as
text so SQLite and PostgreSQL hold byte-identical documents and the content
hash of an entity version is reproducible from its stored `data`.

Layout: a *snapshot* is one import of one list file set. Its entities are
rows of `snapshot_entities` that point at content-addressed rows of
`entity_versions`, so an unchanged entity costs one small row per snapshot
and an entity's content is stored once however many snapshots contain it.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

# Deterministic constraint names, so migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# Columns holding JSON documents are plain text (see the module docstring).
JSONText = Text

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), nullable=False),
    Column("format", String(100), nullable=False),
    Column("files", JSONText, nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("published", String(10), nullable=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("entity_count", Integer, nullable=False),
    Column("counts", JSONText, nullable=False),
    Column("issue_count", Integer, nullable=False),
    Index("ix_snapshots_source_id", "source", "id"),
    Index("ix_snapshots_source_file_hash", "source", "file_hash"),
)

snapshot_issues = Table(
    "snapshot_issues",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "snapshot_id",
        Integer,
        ForeignKey("snapshots.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("file", Text, nullable=False),
    Column("line", Integer, nullable=True),
    Column("record", Text, nullable=True),
    Column("message", Text, nullable=False),
)

entity_versions = Table(
    "entity_versions",
    metadata,
    Column("content_hash", String(64), primary_key=True),
    Column("entity_id", String(300), nullable=False, index=True),
    Column("schema", String(40), nullable=False),
    Column("caption", Text, nullable=False),
    Column("data", JSONText, nullable=False),
)

snapshot_entities = Table(
    "snapshot_entities",
    metadata,
    Column(
        "snapshot_id",
        Integer,
        ForeignKey("snapshots.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("entity_id", String(300), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("source_id", String(250), nullable=False),
    Column(
        "content_hash",
        String(64),
        ForeignKey("entity_versions.content_hash"),
        nullable=False,
        index=True,
    ),
    Column("provenance", JSONText, nullable=True),
    # entity_history(): every snapshot that contained an entity.
    Index("ix_snapshot_entities_entity_id", "entity_id", "snapshot_id"),
    # entities(): a snapshot's entities in file order.
    Index("ix_snapshot_entities_snapshot_position", "snapshot_id", "position"),
)

"""Snapshots of lists, content-addressed entity versions, parse issues.

Written out in full rather than derived from proscribe.store.schema so the
migration keeps creating exactly this layout after the schema module moves on.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("format", sa.String(100), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("published", sa.String(10), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity_count", sa.Integer(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("issue_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_snapshots"),
    )
    op.create_index("ix_snapshots_source_id", "snapshots", ["source", "id"])
    op.create_index("ix_snapshots_source_file_hash", "snapshots", ["source", "file_hash"])

    op.create_table(
        "snapshot_issues",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("record", sa.Text(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_snapshot_issues"),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshots.id"],
            name="fk_snapshot_issues_snapshot_id_snapshots",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_snapshot_issues_snapshot_id", "snapshot_issues", ["snapshot_id"])

    op.create_table(
        "entity_versions",
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(300), nullable=False),
        sa.Column("schema", sa.String(40), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("content_hash", name="pk_entity_versions"),
    )
    op.create_index("ix_entity_versions_entity_id", "entity_versions", ["entity_id"])

    op.create_table(
        "snapshot_entities",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(250), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("snapshot_id", "entity_id", name="pk_snapshot_entities"),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshots.id"],
            name="fk_snapshot_entities_snapshot_id_snapshots",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["content_hash"],
            ["entity_versions.content_hash"],
            name="fk_snapshot_entities_content_hash_entity_versions",
        ),
    )
    op.create_index("ix_snapshot_entities_content_hash", "snapshot_entities", ["content_hash"])
    op.create_index(
        "ix_snapshot_entities_entity_id", "snapshot_entities", ["entity_id", "snapshot_id"]
    )
    op.create_index(
        "ix_snapshot_entities_snapshot_position", "snapshot_entities", ["snapshot_id", "position"]
    )


def downgrade() -> None:
    op.drop_table("snapshot_entities")
    op.drop_table("entity_versions")
    op.drop_table("snapshot_issues")
    op.drop_table("snapshots")

"""Case management: monitored customers, alerts, good-guy list, monitoring runs, audit trail.

Written out in full (as 0001 is) so the migration keeps creating exactly
this layout after proscribe.cases.tables moves on. The audit head row is
created here, so the first appenders on a fresh database never race to
create it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-02-01
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The hash the first audit record chains from.
GENESIS = "0" * 64


def _tz() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("schema", sa.String(40), nullable=True),
        sa.Column("birth_date", sa.String(32), nullable=True),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("id_number", sa.Text(), nullable=True),
        sa.Column("gender", sa.String(10), nullable=True),
        sa.Column("extra", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("material_hash", sa.String(64), nullable=False),
        sa.Column("evidence", sa.Integer(), nullable=False),
        sa.Column("name_forms", sa.Text(), nullable=False),
        sa.Column("forms_version", sa.String(24), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("updated_at", _tz(), nullable=False),
        sa.Column("removed_at", _tz(), nullable=True),
        sa.Column("screened_hash", sa.String(64), nullable=True),
        sa.Column("screened_at", _tz(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
        sa.UniqueConstraint("customer_id", name="uq_customers_customer_id"),
    )
    op.create_index("ix_customers_active", "customers", ["active"])

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject_type", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=True),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("subject_material", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(300), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("source_id", sa.String(250), nullable=False),
        sa.Column("schema", sa.String(40), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("entity_material", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("obligations", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("decision", sa.String(20), nullable=True),
        sa.Column("proposed_decision", sa.String(20), nullable=True),
        sa.Column("proposed_by", sa.String(200), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("approved_by", sa.String(200), nullable=True),
        sa.Column("assignee", sa.String(200), nullable=True),
        sa.Column("resolution", sa.String(40), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("updated_at", _tz(), nullable=False),
        sa.Column("closed_at", _tz(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
    )
    op.create_index("ix_alerts_state", "alerts", ["state"])
    op.create_index("ix_alerts_subject_entity", "alerts", ["subject_id", "entity_id"])
    op.create_index("ix_alerts_entity_id", "alerts", ["entity_id"])

    op.create_table(
        "alert_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("at", _tz(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alert_events"),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name="fk_alert_events_alert_id_alerts"
        ),
    )
    op.create_index("ix_alert_events_alert_id", "alert_events", ["alert_id"])

    op.create_table(
        "good_guys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("entity_id", sa.String(300), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("subject_material", sa.String(64), nullable=False),
        sa.Column("subject_facts", sa.Text(), nullable=False),
        sa.Column("entity_material", sa.String(64), nullable=False),
        sa.Column("entity_facts", sa.Text(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("approved_by", sa.String(200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("lifted_at", _tz(), nullable=True),
        sa.Column("lifted_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_good_guys"),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name="fk_good_guys_alert_id_alerts"),
    )
    op.create_index("ix_good_guys_subject_entity", "good_guys", ["subject_id", "entity_id"])

    op.create_table(
        "suppressions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("good_guy_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("entity_id", sa.String(300), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("at", _tz(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_suppressions"),
        sa.ForeignKeyConstraint(
            ["good_guy_id"], ["good_guys.id"], name="fk_suppressions_good_guy_id_good_guys"
        ),
    )
    op.create_index("ix_suppressions_good_guy_id", "suppressions", ["good_guy_id"])

    op.create_table(
        "monitor_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", _tz(), nullable=False),
        sa.Column("finished_at", _tz(), nullable=True),
        sa.Column("snapshots", sa.Text(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_monitor_runs"),
    )

    op.create_table(
        "monitor_state",
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", _tz(), nullable=False),
        sa.PrimaryKeyConstraint("source", name="pk_monitor_state"),
    )

    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", _tz(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(300), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_object", "audit_log", ["object_type", "object_id"])
    op.create_index("ix_audit_log_at", "audit_log", ["at"])

    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("base_seq", sa.Integer(), nullable=False),
        sa.Column("base_prev", sa.String(64), nullable=False),
        sa.Column("updated_at", _tz(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
    )
    op.bulk_insert(
        head,
        [
            {
                "id": 1,
                "seq": 0,
                "hash": GENESIS,
                "base_seq": 1,
                "base_prev": GENESIS,
                "updated_at": datetime.now(UTC),
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("audit_head")
    op.drop_table("audit_log")
    op.drop_table("monitor_state")
    op.drop_table("monitor_runs")
    op.drop_table("suppressions")
    op.drop_table("good_guys")
    op.drop_table("alert_events")
    op.drop_table("alerts")
    op.drop_table("customers")

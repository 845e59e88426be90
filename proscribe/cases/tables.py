"""The case-management tables, declared on the store's shared metadata.

They live in the store's database (SQLite or PostgreSQL) beside the list
snapshots, so an alert can point at the exact snapshot and entity version it
was raised on, and one transaction can change an alert and append its audit
record. Migration 0003 creates exactly these tables; a store test compares
the two.

JSON documents are text, as in the store. Time columns are UTC.

- `customers`: the monitored set, keyed by the customer's own id. A removed
  customer keeps its row (inactive) so its alerts and audit records still
  resolve. `name_forms` holds the customer's name prepared for matching
  (see `proscribe.cases.namekeys`), computed once at import.
- `alerts` and `alert_events`: one alert per (subject, list entity) hit, and
  everything that happened to it. `version` is the optimistic lock.
- `good_guys`: cleared (subject, entity) pairs with the fingerprints of what
  was cleared; `suppressions`: every hit a good-guy entry held back.
- `monitor_runs`, `monitor_state`: what each monitoring run did, and the
  snapshot of each source the monitored set was last screened against.
- `audit_log`, `audit_head`: the hash-chained, append-only record, and its
  head (last sequence number and hash, first retained record) that makes a
  deleted last record detectable.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from proscribe.store.schema import metadata

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(200), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("schema", String(40), nullable=True),
    Column("birth_date", String(32), nullable=True),
    Column("country", String(2), nullable=True),
    Column("id_number", Text, nullable=True),
    Column("gender", String(10), nullable=True),
    Column("extra", Text, nullable=True),
    Column("content_hash", String(64), nullable=False),
    Column("material_hash", String(64), nullable=False),
    # Which secondary facts the customer has (bit flags, see namekeys.EVIDENCE_*).
    Column("evidence", Integer, nullable=False),
    Column("name_forms", Text, nullable=False),
    Column("forms_version", String(24), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("removed_at", DateTime(timezone=True), nullable=True),
    # content_hash as of the customer's last full screening (None: never screened).
    Column("screened_hash", String(64), nullable=True),
    Column("screened_at", DateTime(timezone=True), nullable=True),
    Index("ix_customers_active", "active"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # Who was screened: a monitored customer's id, or the id a one-off query carried.
    Column("subject_type", String(20), nullable=False),
    Column("subject_id", String(200), nullable=True),
    Column("query", Text, nullable=False),
    Column("subject_material", String(64), nullable=False),
    Column("entity_id", String(300), nullable=False),
    Column("source", String(100), nullable=False),
    Column("source_id", String(250), nullable=False),
    Column("schema", String(40), nullable=False),
    Column("caption", Text, nullable=False),
    Column("snapshot_id", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("entity_material", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("threshold", Float, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("obligations", Text, nullable=True),
    Column("origin", String(20), nullable=False),
    Column("run_id", Integer, nullable=True),
    Column("state", String(20), nullable=False),
    Column("decision", String(20), nullable=True),
    Column("proposed_decision", String(20), nullable=True),
    Column("proposed_by", String(200), nullable=True),
    Column("decided_by", String(200), nullable=True),
    Column("approved_by", String(200), nullable=True),
    Column("assignee", String(200), nullable=True),
    Column("resolution", String(40), nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Index("ix_alerts_state", "state"),
    Index("ix_alerts_subject_entity", "subject_id", "entity_id"),
    Index("ix_alerts_entity_id", "entity_id"),
)

alert_events = Table(
    "alert_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("content", Text, nullable=False),
)

good_guys = Table(
    "good_guys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", String(200), nullable=False),
    Column("entity_id", String(300), nullable=False),
    Column("alert_id", Integer, ForeignKey("alerts.id"), nullable=False),
    # What was cleared: fingerprints and the facts behind them (JSON), to say later what changed.
    Column("subject_material", String(64), nullable=False),
    Column("subject_facts", Text, nullable=False),
    Column("entity_material", String(64), nullable=False),
    Column("entity_facts", Text, nullable=False),
    Column("snapshot_id", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("approved_by", String(200), nullable=True),
    Column("active", Boolean, nullable=False),
    Column("lifted_at", DateTime(timezone=True), nullable=True),
    Column("lifted_reason", Text, nullable=True),
    Index("ix_good_guys_subject_entity", "subject_id", "entity_id"),
)

suppressions = Table(
    "suppressions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("good_guy_id", Integer, ForeignKey("good_guys.id"), nullable=False, index=True),
    Column("subject_id", String(200), nullable=False),
    Column("entity_id", String(300), nullable=False),
    Column("snapshot_id", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("origin", String(20), nullable=False),
    Column("run_id", Integer, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

monitor_runs = Table(
    "monitor_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("snapshots", Text, nullable=False),
    Column("counts", Text, nullable=False),
    Column("message", Text, nullable=True),
)

monitor_state = Table(
    "monitor_state",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("snapshot_id", Integer, nullable=False),
    Column("run_id", Integer, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    # Assigned by the appender (head + 1), never by the database: gaps mean deletions.
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(60), nullable=False),
    Column("object_type", String(40), nullable=False),
    Column("object_id", String(300), nullable=True),
    Column("content", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_log_object", "object_type", "object_id"),
    Index("ix_audit_log_at", "at"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    # The first record kept after retention purges, and the hash it chains from.
    Column("base_seq", Integer, nullable=False),
    Column("base_prev", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

"""From screening hits to alerts: one alert per (subject, list entity) pair, never a duplicate.

Every hit at or above the alert threshold, from any screening (monitoring,
a batch, one API call), goes through `raise_alerts`:

1. an active good-guy entry for the pair with unchanged material facts
   suppresses it (stored and counted); changed facts lift the entry;
2. a pair that already has a standing alert (open, in review, pending,
   or decided as a true match or escalation) gets no second one; the
   standing alert is annotated when the list entry or the customer data
   changed since it was raised;
3. otherwise a new alert is stored with the query, the entity, the score
   and explanation, the snapshot and entity version it was raised on, and
   the obligations (`proscribe.measures`) from the configured perspective.

Everything is written in the caller's transaction with its audit records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, text

from proscribe.cases import audit
from proscribe.cases.alerts import active_alert_rows, add_event, annotate
from proscribe.cases.fingerprints import Facts, entity_facts, material_hash, query_facts
from proscribe.cases.goodguys import active_good_guy, lift, suppress, what_changed
from proscribe.cases.model import query_to_dict
from proscribe.cases.settings import CaseSettings
from proscribe.cases.tables import alerts
from proscribe.match.query import Query
from proscribe.measures import assess, assessment_to_dict, perspective
from proscribe.model import entity_from_dict
from proscribe.model.codec import canonical_json
from proscribe.screen.engine import ScreenResult
from proscribe.store.engine import WRITE_OPTION
from proscribe.store.schema import entity_versions, snapshot_entities, snapshots

_BATCH = 500
# pg_advisory_xact_lock key for raising alerts (any fixed 64-bit number).
_PG_ALERT_LOCK = 0x70726F73_616C7274  # "prosalrt"


@dataclass(frozen=True, slots=True)
class EntityVersion:
    """An entity as the latest snapshot of its source holds it."""

    entity_id: str
    snapshot_id: int
    content_hash: str
    data: dict[str, Any]

    @property
    def facts(self) -> Facts:
        return entity_facts(self.data)


def current_versions(conn: Connection, entity_ids: Iterable[str]) -> dict[str, EntityVersion]:
    """The version of each entity in the latest snapshot of its source (absent: delisted)."""
    latest = [
        int(r[0])
        for r in conn.execute(select(func.max(snapshots.c.id)).group_by(snapshots.c.source))
    ]
    wanted = sorted(set(entity_ids))
    out: dict[str, EntityVersion] = {}
    for i in range(0, len(wanted), _BATCH):
        chunk = wanted[i : i + _BATCH]
        rows = conn.execute(
            select(
                snapshot_entities.c.entity_id,
                snapshot_entities.c.snapshot_id,
                snapshot_entities.c.content_hash,
                entity_versions.c.data,
            )
            .join(
                entity_versions, entity_versions.c.content_hash == snapshot_entities.c.content_hash
            )
            .where(
                snapshot_entities.c.snapshot_id.in_(latest),
                snapshot_entities.c.entity_id.in_(chunk),
            )
        )
        for entity_id, snapshot_id, content_hash, data in rows:
            out[entity_id] = EntityVersion(
                entity_id, int(snapshot_id), content_hash, json.loads(data)
            )
    return out


def obligations(version: EntityVersion, settings: CaseSettings) -> dict[str, Any] | None:
    """What a hit on this entity obliges the screening party to do, from the configured perspective."""
    if not settings.jurisdiction:
        return None
    try:
        view = perspective(settings.jurisdiction, settings.activity)
    except ValueError as exc:
        # A misconfigured perspective must not lose the alert; it is shown on the alert instead.
        return {"error": str(exc)}
    return assessment_to_dict(assess(entity_from_dict(version.data), view))


def lock_alerts(conn: Connection) -> None:
    """Serialise alert raising across processes, so two screenings never both create one pair's alert.

    SQLite writers are serialised already (BEGIN IMMEDIATE); PostgreSQL
    takes a transaction-scoped advisory lock.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_ALERT_LOCK})


@dataclass(frozen=True, slots=True)
class NewHit:
    """One hit to turn into an alert."""

    subject_type: str  # "customer" or "query"
    subject_id: str | None
    query: Query
    result: ScreenResult
    version: EntityVersion

    @property
    def subject_facts(self) -> Facts:
        return query_facts(self.query)


@dataclass(slots=True)
class RaiseOutcome:
    created: list[int] = field(default_factory=list)
    touched: list[int] = field(default_factory=list)  # standing alerts annotated
    suppressed: int = 0
    lifted: int = 0
    annotated: int = 0
    existing: int = 0

    def merge(self, other: RaiseOutcome) -> None:
        self.created.extend(other.created)
        self.touched.extend(other.touched)
        self.suppressed += other.suppressed
        self.lifted += other.lifted
        self.annotated += other.annotated
        self.existing += other.existing

    def to_dict(self) -> dict[str, Any]:
        return {
            "alerts": len(self.created),
            "alert_ids": list(self.created),
            "suppressed": self.suppressed,
            "lifted": self.lifted,
            "annotated": self.annotated,
            "existing": self.existing,
        }


def raise_alerts(
    conn: Connection,
    hits: Sequence[NewHit],
    actor: str,
    origin: str,
    settings: CaseSettings,
    run_id: int | None = None,
    notes: dict[tuple[str | None, str], dict[str, Any]] | None = None,
) -> RaiseOutcome:
    """Store the hits as alerts (see the module docstring), in the caller's write transaction.

    `notes` may carry, per (subject id, entity id), what changed in the list
    entry, for the annotation of a standing alert.
    """
    outcome = RaiseOutcome()
    lock_alerts(conn)
    now = datetime.now(UTC)
    for hit in hits:
        res = hit.result
        subject_facts = hit.subject_facts
        subject_material = material_hash(subject_facts)
        entity_now = hit.version.facts
        entity_material = material_hash(entity_now)
        previous_gg: int | None = None
        change_note: list[str] = []
        if hit.subject_id is not None:
            gg = active_good_guy(conn, hit.subject_id, res.entity_id)
            if gg is not None:
                changes = what_changed(gg, subject_facts, entity_now)
                if not changes:
                    suppress(
                        conn,
                        gg,
                        actor,
                        hit.version.snapshot_id,
                        hit.version.content_hash,
                        res.score,
                        origin,
                        run_id,
                    )
                    outcome.suppressed += 1
                    continue
                lift(conn, gg, actor, changes, hit.version.snapshot_id, hit.version.content_hash)
                outcome.lifted += 1
                previous_gg = int(gg.alert_id)
                change_note = changes
        standing = (
            active_alert_rows(conn, hit.subject_id, res.entity_id)
            if hit.subject_id is not None
            else []
        )
        if standing:
            row = standing[0]
            if (
                row.content_hash != hit.version.content_hash
                or row.subject_material != subject_material
            ):
                details: dict[str, Any] = {
                    "note": "seen again with changed data",
                    "snapshot_id": hit.version.snapshot_id,
                    "content_hash": hit.version.content_hash,
                    "score": round(res.score, 4),
                    "origin": origin,
                }
                if notes and (hit.subject_id, res.entity_id) in notes:
                    details["list_changes"] = notes[(hit.subject_id, res.entity_id)]
                if row.subject_material != subject_material:
                    details["customer_changed"] = True
                annotate(conn, row, actor, details)
                outcome.annotated += 1
                outcome.touched.append(int(row.id))
            else:
                outcome.existing += 1
            continue
        values = {
            "subject_type": hit.subject_type,
            "subject_id": hit.subject_id,
            "query": canonical_json(query_to_dict(hit.query)),
            "subject_material": subject_material,
            "entity_id": res.entity_id,
            "source": res.source,
            "source_id": res.source_id,
            "schema": res.schema,
            "caption": res.name,
            "snapshot_id": hit.version.snapshot_id,
            "content_hash": hit.version.content_hash,
            "entity_material": entity_material,
            "score": float(res.score),
            "threshold": settings.threshold,
            "explanation": canonical_json(res.explanation),
            "summary": res.summary,
            "obligations": canonical_json(obligations(hit.version, settings)),
            "origin": origin,
            "run_id": run_id,
            "state": "open",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        key = conn.execute(insert(alerts).values(**values)).inserted_primary_key
        assert key is not None
        alert_id = int(key[0])
        created: dict[str, Any] = {
            "subject_type": hit.subject_type,
            "subject_id": hit.subject_id,
            "query": query_to_dict(hit.query),
            "entity_id": res.entity_id,
            "snapshot_id": hit.version.snapshot_id,
            "content_hash": hit.version.content_hash,
            "score": round(res.score, 4),
            "threshold": settings.threshold,
            "origin": origin,
            "run_id": run_id,
        }
        if previous_gg is not None:
            created["reopens_alert"] = previous_gg
            created["changed"] = change_note
        add_event(conn, alert_id, actor, "created", created)
        outcome.created.append(alert_id)
    return outcome


def record_screening(
    engine: Engine,
    query: Query,
    results: Sequence[ScreenResult],
    actor: str,
    origin: str = "api",
    subject_id: str | None = None,
    settings: CaseSettings | None = None,
) -> RaiseOutcome:
    """For the API and the CLI: turn one screening's hits into alerts, and audit the request if asked.

    `subject_id` (e.g. the customer id the caller screened) lets the
    good-guy list recognise the pair next time; without it each hit is an
    alert of its own. With `PROSCRIBE_AUDIT_SCREENING` on, the request and
    its results are recorded whether or not anything hit.
    """
    settings = settings or CaseSettings.from_env()
    hits = [r for r in results if r.score >= settings.threshold]
    if not hits and not settings.audit_screening:
        return RaiseOutcome()
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        versions = current_versions(conn, [r.entity_id for r in hits])
        new = [
            NewHit(
                "customer" if subject_id else "query", subject_id, query, r, versions[r.entity_id]
            )
            for r in hits
            if r.entity_id in versions
        ]
        outcome = raise_alerts(conn, new, actor, origin, settings)
        if settings.audit_screening:
            audit.append(
                conn,
                actor,
                "screening.request",
                "screening",
                subject_id,
                {
                    "origin": origin,
                    "query": query_to_dict(query),
                    "results": [
                        {
                            "entity_id": r.entity_id,
                            "score": round(r.score, 4),
                            "match": r.score >= settings.threshold,
                        }
                        for r in results
                    ],
                    "alerts": outcome.created,
                    "suppressed": outcome.suppressed,
                },
            )
    return outcome


def record_batch(
    engine: Engine,
    screenings: Iterable[tuple[Query, Sequence[ScreenResult]]],
    actor: str,
    origin: str = "batch",
    settings: CaseSettings | None = None,
    batch: int = _BATCH,
) -> RaiseOutcome:
    """For `proscribe screen` and batch endpoints: alerts for every row's hits, a few hundred rows per transaction.

    Each query's own `id` (the batch file's id column) is the subject id, so
    the good-guy list recognises a customer screened again in a later batch.
    """
    settings = settings or CaseSettings.from_env()
    outcome = RaiseOutcome()
    pending: list[tuple[Query, list[ScreenResult]]] = []

    def flush() -> None:
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            versions = current_versions(conn, [r.entity_id for _q, rs in pending for r in rs])
            new = [
                NewHit("customer" if q.id else "query", q.id or None, q, r, versions[r.entity_id])
                for q, rs in pending
                for r in rs
                if r.entity_id in versions
            ]
            outcome.merge(raise_alerts(conn, new, actor, origin, settings))
        pending.clear()

    for query, results in screenings:
        hits = [r for r in results if r.score >= settings.threshold]
        if hits:
            pending.append((query, hits))
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return outcome

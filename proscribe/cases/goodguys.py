"""The good-guy list: cleared (subject, list entity) pairs, and the hits they hold back.

A confirmed false positive records the pair with the material facts both
sides had when it was cleared (see `fingerprints`). Later screenings check
every hit against it:

- same pair, same material facts on both sides: the hit is suppressed, and
  the suppression is stored (`suppressions`) and counted in the run, so a
  reviewer can always see what was held back and why;
- same pair, and the customer's or the list entry's name, birth date or
  identifiers changed: the entry is lifted (kept, with the time and the
  fields that changed) and the hit becomes a new alert.

All checks read stored data only: the facts of the list entry as it was
cleared come from the alert's entity version, the current ones from the
version in the snapshot being screened.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.engine import Row

from proscribe.cases import audit
from proscribe.cases.audit import utc
from proscribe.cases.fingerprints import Facts, changed_fields, entity_facts_json, query_facts
from proscribe.cases.model import query_from_dict
from proscribe.cases.tables import good_guys, suppressions
from proscribe.model.codec import canonical_json
from proscribe.store.schema import entity_versions


@dataclass(frozen=True, slots=True)
class GoodGuy:
    id: int
    subject_id: str
    entity_id: str
    alert_id: int
    decided_by: str
    approved_by: str | None
    created_at: datetime
    active: bool
    lifted_at: datetime | None
    lifted_reason: str | None
    subject_facts: Facts
    entity_facts: Facts

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subject_id": self.subject_id,
            "entity_id": self.entity_id,
            "alert_id": self.alert_id,
            "decided_by": self.decided_by,
            "approved_by": self.approved_by,
            "created_at": self.created_at.isoformat(),
            "active": self.active,
            "lifted_at": self.lifted_at.isoformat() if self.lifted_at else None,
            "lifted_reason": self.lifted_reason,
            "subject_facts": self.subject_facts,
            "entity_facts": self.entity_facts,
        }


def _from_row(row: Any) -> GoodGuy:
    return GoodGuy(
        id=int(row.id),
        subject_id=row.subject_id,
        entity_id=row.entity_id,
        alert_id=int(row.alert_id),
        decided_by=row.decided_by,
        approved_by=row.approved_by,
        created_at=utc(row.created_at),
        active=bool(row.active),
        lifted_at=utc(row.lifted_at) if row.lifted_at else None,
        lifted_reason=row.lifted_reason,
        subject_facts=json.loads(row.subject_facts),
        entity_facts=json.loads(row.entity_facts),
    )


def entity_version_facts(conn: Connection, content_hash: str) -> Facts:
    data = conn.scalar(
        select(entity_versions.c.data).where(entity_versions.c.content_hash == content_hash)
    )
    if data is None:
        raise LookupError(f"entity version {content_hash} is not in the store")
    return entity_facts_json(data)


def add_good_guy(
    conn: Connection, alert: Row[Any], decided_by: str, approved_by: str | None, actor: str
) -> int:
    """Record a cleared pair from its (locked) alert row, in the caller's transaction."""
    if alert.subject_id is None:
        # A one-off query without an id cannot be recognised later: nothing to suppress.
        return 0
    subject = query_facts(query_from_dict(json.loads(alert.query)))
    entity = entity_version_facts(conn, alert.content_hash)
    now = datetime.now(UTC)
    # One active entry per pair: a newer decision replaces an older one.
    conn.execute(
        update(good_guys)
        .where(
            good_guys.c.subject_id == alert.subject_id,
            good_guys.c.entity_id == alert.entity_id,
            good_guys.c.active.is_(True),
        )
        .values(
            active=False,
            lifted_at=now,
            lifted_reason=f"replaced by the decision on alert {alert.id}",
        )
    )
    gid = conn.execute(
        insert(good_guys).values(
            subject_id=alert.subject_id,
            entity_id=alert.entity_id,
            alert_id=alert.id,
            subject_material=alert.subject_material,
            subject_facts=canonical_json(subject),
            entity_material=alert.entity_material,
            entity_facts=canonical_json(entity),
            snapshot_id=alert.snapshot_id,
            content_hash=alert.content_hash,
            created_at=now,
            decided_by=decided_by,
            approved_by=approved_by,
            active=True,
        )
    ).inserted_primary_key
    assert gid is not None
    audit.append(
        conn,
        actor,
        "goodguy.created",
        "good_guy",
        gid[0],
        {
            "subject_id": alert.subject_id,
            "entity_id": alert.entity_id,
            "alert_id": alert.id,
            "decided_by": decided_by,
            "approved_by": approved_by,
            "snapshot_id": alert.snapshot_id,
            "content_hash": alert.content_hash,
            "subject_facts": subject,
            "entity_facts": entity,
        },
    )
    return int(gid[0])


def active_good_guy(conn: Connection, subject_id: str, entity_id: str) -> Row[Any] | None:
    return conn.execute(
        select(good_guys)
        .where(
            good_guys.c.subject_id == subject_id,
            good_guys.c.entity_id == entity_id,
            good_guys.c.active.is_(True),
        )
        .order_by(good_guys.c.id.desc())
        .limit(1)
    ).first()


def what_changed(gg: Row[Any], subject: Facts, entity: Facts) -> list[str]:
    """`customer names`, `list entry birth_dates`, ...: the material fields that differ from the cleared ones."""
    out = [f"customer {f}" for f in changed_fields(json.loads(gg.subject_facts), subject)]
    out.extend(f"list entry {f}" for f in changed_fields(json.loads(gg.entity_facts), entity))
    return out


def lift(
    conn: Connection,
    gg: Row[Any],
    actor: str,
    changes: list[str],
    snapshot_id: int,
    content_hash: str,
) -> None:
    reason = "changed: " + ", ".join(changes)
    conn.execute(
        update(good_guys)
        .where(good_guys.c.id == gg.id)
        .values(active=False, lifted_at=datetime.now(UTC), lifted_reason=reason)
    )
    audit.append(
        conn,
        actor,
        "goodguy.lifted",
        "good_guy",
        gg.id,
        {
            "subject_id": gg.subject_id,
            "entity_id": gg.entity_id,
            "reason": reason,
            "snapshot_id": snapshot_id,
            "content_hash": content_hash,
        },
    )


def suppress(
    conn: Connection,
    gg: Row[Any],
    actor: str,
    snapshot_id: int,
    content_hash: str,
    score: float,
    origin: str,
    run_id: int | None,
) -> None:
    conn.execute(
        insert(suppressions).values(
            good_guy_id=gg.id,
            subject_id=gg.subject_id,
            entity_id=gg.entity_id,
            snapshot_id=snapshot_id,
            content_hash=content_hash,
            score=score,
            origin=origin,
            run_id=run_id,
            at=datetime.now(UTC),
        )
    )
    audit.append(
        conn,
        actor,
        "goodguy.suppressed",
        "good_guy",
        gg.id,
        {
            "subject_id": gg.subject_id,
            "entity_id": gg.entity_id,
            "snapshot_id": snapshot_id,
            "content_hash": content_hash,
            "score": round(score, 4),
            "origin": origin,
            "run_id": run_id,
        },
    )


def good_guy_for_alert(conn: Connection, alert_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(good_guys).where(good_guys.c.alert_id == alert_id).order_by(good_guys.c.id.desc())
    ).first()
    return _from_row(row).to_dict() if row is not None else None


def list_good_guys(
    engine: Engine,
    include_lifted: bool = False,
    subject_id: str | None = None,
    entity_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[GoodGuy]:
    stmt = select(good_guys).order_by(good_guys.c.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    if not include_lifted:
        stmt = stmt.where(good_guys.c.active.is_(True))
    if subject_id is not None:
        stmt = stmt.where(good_guys.c.subject_id == subject_id)
    if entity_id is not None:
        stmt = stmt.where(good_guys.c.entity_id == entity_id)
    with engine.connect() as conn:
        return [_from_row(r) for r in conn.execute(stmt)]


@dataclass(frozen=True, slots=True)
class Suppression:
    id: int
    good_guy_id: int
    subject_id: str
    entity_id: str
    snapshot_id: int
    score: float
    origin: str
    run_id: int | None
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "good_guy_id": self.good_guy_id,
            "subject_id": self.subject_id,
            "entity_id": self.entity_id,
            "snapshot_id": self.snapshot_id,
            "score": round(self.score, 4),
            "origin": self.origin,
            "run_id": self.run_id,
            "at": self.at.isoformat(),
        }


def list_suppressions(
    engine: Engine,
    run_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
    subject_id: str | None = None,
    entity_id: str | None = None,
) -> list[Suppression]:
    """Hits the good-guy list held back, newest first."""
    stmt = select(suppressions).order_by(suppressions.c.id.desc()).limit(limit).offset(offset)
    if run_id is not None:
        stmt = stmt.where(suppressions.c.run_id == run_id)
    if subject_id is not None:
        stmt = stmt.where(suppressions.c.subject_id == subject_id)
    if entity_id is not None:
        stmt = stmt.where(suppressions.c.entity_id == entity_id)
    with engine.connect() as conn:
        return [
            Suppression(
                int(r.id),
                int(r.good_guy_id),
                r.subject_id,
                r.entity_id,
                int(r.snapshot_id),
                float(r.score),
                r.origin,
                r.run_id,
                utc(r.at),
            )
            for r in conn.execute(stmt)
        ]

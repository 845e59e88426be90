"""Alerts and their events as plain dataclasses, detached from the database.

States and decisions:

    open ──assign/comment──► in_review ──decide──► decided ──close──► closed
      │                          │                   ▲
      └──────────decide──────────┴──► pending_approval ┘  (four-eyes: a second reviewer confirms)

Decisions are `true_match`, `false_positive` and `escalated`. An escalated
alert is decided for now (handed up) and can still receive a final decision.
A true match, and clearing an alert that scored at or above the four-eyes
level, wait in `pending_approval` until a different reviewer confirms.
Alerts can also be closed by the system (the list entry was removed),
recorded as `resolution`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from proscribe.cases.audit import utc
from proscribe.match.query import Query
from proscribe.model import PartialDate

State = Literal["open", "in_review", "pending_approval", "decided", "closed"]
Decision = Literal["true_match", "false_positive", "escalated"]
STATES: tuple[State, ...] = ("open", "in_review", "pending_approval", "decided", "closed")
DECISIONS: tuple[Decision, ...] = ("true_match", "false_positive", "escalated")
# States in which an alert still asks for work.
ACTIVE_STATES: tuple[State, ...] = ("open", "in_review", "pending_approval")


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    subject_type: str
    subject_id: str | None
    query: dict[str, Any]
    entity_id: str
    source: str
    source_id: str
    schema: str
    caption: str
    snapshot_id: int
    content_hash: str
    score: float
    threshold: float
    summary: str
    origin: str
    state: State
    version: int
    created_at: datetime
    updated_at: datetime
    explanation: dict[str, Any] = field(default_factory=dict)
    obligations: dict[str, Any] | None = None
    run_id: int | None = None
    decision: Decision | None = None
    proposed_decision: Decision | None = None
    proposed_by: str | None = None
    decided_by: str | None = None
    approved_by: str | None = None
    assignee: str | None = None
    resolution: str | None = None
    closed_at: datetime | None = None

    def to_dict(self, full: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "state": self.state,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "query": self.query,
            "entity_id": self.entity_id,
            "source": self.source,
            "source_id": self.source_id,
            "schema": self.schema,
            "caption": self.caption,
            "snapshot_id": self.snapshot_id,
            "content_hash": self.content_hash,
            "score": round(self.score, 4),
            "threshold": self.threshold,
            "summary": self.summary,
            "origin": self.origin,
            "run_id": self.run_id,
            "decision": self.decision,
            "proposed_decision": self.proposed_decision,
            "proposed_by": self.proposed_by,
            "decided_by": self.decided_by,
            "approved_by": self.approved_by,
            "assignee": self.assignee,
            "resolution": self.resolution,
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
        }
        if full:
            out["explanation"] = self.explanation
            out["obligations"] = self.obligations
        return out


@dataclass(frozen=True, slots=True)
class AlertEvent:
    id: int
    alert_id: int
    at: datetime
    actor: str
    kind: str
    content: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "alert_id": self.alert_id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "kind": self.kind,
            "content": self.content,
        }


@dataclass(frozen=True, slots=True)
class AlertDetail:
    """An alert with its history and the good-guy entry it produced, if any."""

    alert: Alert
    events: list[AlertEvent]
    good_guy: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "alert": self.alert.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "good_guy": self.good_guy,
        }


def _json(text: str | None) -> Any:
    return json.loads(text) if text else None


def alert_from_row(row: Any) -> Alert:
    return Alert(
        id=int(row.id),
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        query=_json(row.query) or {},
        entity_id=row.entity_id,
        source=row.source,
        source_id=row.source_id,
        schema=row.schema,
        caption=row.caption,
        snapshot_id=int(row.snapshot_id),
        content_hash=row.content_hash,
        score=float(row.score),
        threshold=float(row.threshold),
        summary=row.summary,
        origin=row.origin,
        state=row.state,
        version=int(row.version),
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
        explanation=_json(row.explanation) or {},
        obligations=_json(row.obligations),
        run_id=row.run_id,
        decision=row.decision,
        proposed_decision=row.proposed_decision,
        proposed_by=row.proposed_by,
        decided_by=row.decided_by,
        approved_by=row.approved_by,
        assignee=row.assignee,
        resolution=row.resolution,
        closed_at=utc(row.closed_at) if row.closed_at else None,
    )


def event_from_row(row: Any) -> AlertEvent:
    return AlertEvent(
        int(row.id), int(row.alert_id), utc(row.at), row.actor, row.kind, _json(row.content) or {}
    )


def query_to_dict(query: Query) -> dict[str, Any]:
    """A query as an alert stores it: what was screened, exactly."""
    dob = query.birth_date
    return {
        "id": query.id,
        "name": query.name,
        "schema": query.schema,
        "birth_date": {"value": dob.value, "end": dob.end, "circa": dob.circa}
        if dob is not None
        else None,
        "country": query.country,
        "identifiers": list(query.identifiers),
        "gender": query.gender,
    }


def query_from_dict(data: dict[str, Any]) -> Query:
    dob = data.get("birth_date")
    return Query(
        name=data.get("name", ""),
        schema=data.get("schema"),
        birth_date=PartialDate(dob["value"], dob.get("end"), bool(dob.get("circa")))
        if dob
        else None,
        country=data.get("country"),
        identifiers=tuple(data.get("identifiers") or ()),
        gender=data.get("gender"),
        id=data.get("id"),
    )

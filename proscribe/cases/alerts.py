"""Working an alert: list, show, assign, comment, decide (four-eyes), close.

Every change is one transaction that locks the alert row (`SELECT ... FOR
UPDATE` on PostgreSQL; SQLite serialises writers), checks the version the
caller read when it gives one, applies the change, bumps the version,
writes an alert event and appends the audit record. Two reviewers deciding
the same alert at the same moment are therefore serialised: the second one
sees the first one's decision (and is refused, or, when it passed the
version it read, gets a version conflict), never a silent overwrite.

The rules live here, not in an interface: a true-match decision, and the
clearing of an alert that scored at or above `four_eyes_score`, only takes
effect when a second reviewer, different from the one who proposed it,
confirms it. A confirmed false positive puts the (subject, entity) pair on
the good-guy list (see `goodguys`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, func, insert, select, update
from sqlalchemy.engine import Row

from proscribe.cases import audit
from proscribe.cases.errors import (
    AlertNotFoundError,
    AlertStateError,
    FourEyesError,
    VersionConflictError,
)
from proscribe.cases.goodguys import add_good_guy, good_guy_for_alert
from proscribe.cases.model import (
    ACTIVE_STATES,
    DECISIONS,
    STATES,
    Alert,
    AlertDetail,
    alert_from_row,
    event_from_row,
)
from proscribe.cases.settings import CaseSettings
from proscribe.cases.tables import alert_events, alerts
from proscribe.model.codec import canonical_json
from proscribe.store.engine import WRITE_OPTION
from proscribe.store.errors import InvalidRequestError

MAX_TEXT = 10_000


def _write(engine: Engine) -> Connection:
    return engine.connect().execution_options(**{WRITE_OPTION: True})


def _lock(conn: Connection, alert_id: int, expected_version: int | None) -> Row[Any]:
    row = conn.execute(select(alerts).where(alerts.c.id == alert_id).with_for_update()).first()
    if row is None:
        raise AlertNotFoundError(f"no alert {alert_id}")
    if expected_version is not None and int(row.version) != expected_version:
        raise VersionConflictError(
            f"alert {alert_id} changed since you read it (version {expected_version}, now {row.version}, "
            f"state {row.state}): read it again before acting"
        )
    return row


def _apply(conn: Connection, row: Row[Any], values: dict[str, Any]) -> None:
    """Update the locked row, guarded by its version so no concurrent change is overwritten."""
    now = datetime.now(UTC)
    done = conn.execute(
        update(alerts)
        .where(alerts.c.id == row.id, alerts.c.version == row.version)
        .values(**values, version=int(row.version) + 1, updated_at=now)
    ).rowcount
    if done != 1:
        raise VersionConflictError(
            f"alert {row.id} was changed by someone else at the same time: read it again"
        )


def add_event(
    conn: Connection, alert_id: int, actor: str, kind: str, content: dict[str, Any]
) -> None:
    """One line of the alert's history, and its audit record, in the caller's transaction."""
    conn.execute(
        insert(alert_events).values(
            alert_id=alert_id,
            at=datetime.now(UTC),
            actor=actor,
            kind=kind,
            content=canonical_json(content),
        )
    )
    audit.append(conn, actor, f"alert.{kind}", "alert", alert_id, content)


def _text(value: str, what: str) -> str:
    clean = value.strip()
    if not clean:
        raise InvalidRequestError(f"a {what} needs some text: say why")
    if len(clean) > MAX_TEXT:
        raise InvalidRequestError(f"a {what} is limited to {MAX_TEXT} characters")
    return clean


def _actor(actor: str) -> str:
    clean = " ".join(actor.split())
    if not clean or len(clean) > 200:
        raise InvalidRequestError("every action needs an actor name of 1 to 200 characters")
    return clean


def _reload(conn: Connection, alert_id: int) -> Alert:
    return alert_from_row(conn.execute(select(alerts).where(alerts.c.id == alert_id)).one())


# --- reading -------------------------------------------------------------------


def _filtered(
    stmt: Select[Any],
    state: str | None,
    assignee: str | None,
    subject_id: str | None,
    entity_id: str | None,
    decision: str | None,
    source: str | None,
) -> Select[Any]:
    if state is not None and state not in STATES:
        raise InvalidRequestError(f"state {state!r} is not one of {', '.join(STATES)}")
    if decision is not None and decision not in DECISIONS:
        raise InvalidRequestError(f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
    for column, value in (
        (alerts.c.state, state),
        (alerts.c.assignee, assignee),
        (alerts.c.subject_id, subject_id),
        (alerts.c.entity_id, entity_id),
        (alerts.c.decision, decision),
        (alerts.c.source, source),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


def list_alerts(
    engine: Engine,
    state: str | None = None,
    assignee: str | None = None,
    subject_id: str | None = None,
    entity_id: str | None = None,
    decision: str | None = None,
    limit: int = 100,
    offset: int = 0,
    source: str | None = None,
) -> list[Alert]:
    """Alerts, newest first, filtered by any of state, assignee, subject, entity, decision, source."""
    stmt = _filtered(
        select(alerts).order_by(alerts.c.id.desc()).limit(limit).offset(offset),
        state,
        assignee,
        subject_id,
        entity_id,
        decision,
        source,
    )
    with engine.connect() as conn:
        return [alert_from_row(r) for r in conn.execute(stmt)]


def count_alerts(
    engine: Engine,
    state: str | None = None,
    assignee: str | None = None,
    subject_id: str | None = None,
    entity_id: str | None = None,
    decision: str | None = None,
    source: str | None = None,
) -> int:
    """How many alerts `list_alerts` pages through with the same filters (the API's `total`)."""
    stmt = _filtered(
        select(func.count()).select_from(alerts),
        state,
        assignee,
        subject_id,
        entity_id,
        decision,
        source,
    )
    with engine.connect() as conn:
        return int(conn.scalar(stmt) or 0)


def get_alert(engine: Engine, alert_id: int) -> AlertDetail:
    with engine.connect() as conn:
        row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
        if row is None:
            raise AlertNotFoundError(f"no alert {alert_id}")
        events = [
            event_from_row(r)
            for r in conn.execute(
                select(alert_events)
                .where(alert_events.c.alert_id == alert_id)
                .order_by(alert_events.c.id)
            )
        ]
        gg = good_guy_for_alert(conn, alert_id)
    return AlertDetail(alert_from_row(row), events, gg)


# --- acting --------------------------------------------------------------------


def assign(
    engine: Engine, alert_id: int, assignee: str, actor: str, expected_version: int | None = None
) -> Alert:
    """Give the alert to a reviewer; an open alert goes into review."""
    actor = _actor(actor)
    who = _actor(assignee)
    with _write(engine) as conn, conn.begin():
        row = _lock(conn, alert_id, expected_version)
        if row.state == "closed":
            raise AlertStateError(f"alert {alert_id} is closed")
        state = "in_review" if row.state == "open" else row.state
        _apply(conn, row, {"assignee": who, "state": state})
        add_event(
            conn,
            alert_id,
            actor,
            "assigned",
            {"assignee": who, "previous": row.assignee, "state": state},
        )
        return _reload(conn, alert_id)


def comment(engine: Engine, alert_id: int, text: str, actor: str) -> Alert:
    """Add a note; an open alert goes into review (someone is working on it)."""
    actor = _actor(actor)
    body = _text(text, "comment")
    with _write(engine) as conn, conn.begin():
        row = _lock(conn, alert_id, None)
        state = "in_review" if row.state == "open" else row.state
        _apply(conn, row, {"state": state})
        add_event(conn, alert_id, actor, "comment", {"text": body, "state": state})
        return _reload(conn, alert_id)


def needs_four_eyes(decision: str, score: float, settings: CaseSettings) -> bool:
    return decision == "true_match" or (
        decision == "false_positive" and score >= settings.four_eyes_score
    )


def decide(
    engine: Engine,
    alert_id: int,
    decision: str,
    actor: str,
    reason: str,
    settings: CaseSettings | None = None,
    expected_version: int | None = None,
) -> Alert:
    """Record a decision, or confirm (or overrule) a pending one.

    - A decision that needs four eyes becomes a proposal (`pending_approval`).
    - The same decision from a *different* reviewer confirms it; from the
      proposer it is refused (FourEyesError).
    - A different decision on a pending alert replaces the proposal and
      needs its own confirmation (unless it is an escalation).
    - An escalated alert can still be decided; decided and closed ones cannot.
    """
    settings = settings or CaseSettings.from_env()
    actor = _actor(actor)
    why = _text(reason, "decision")
    if decision not in DECISIONS:
        raise InvalidRequestError(f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
    with _write(engine) as conn, conn.begin():
        row = _lock(conn, alert_id, expected_version)
        if row.state == "closed":
            raise AlertStateError(f"alert {alert_id} is closed")
        if row.state == "decided" and row.decision != "escalated":
            raise AlertStateError(
                f"alert {alert_id} is already decided ({row.decision} by {row.decided_by})"
            )
        score = float(row.score)
        if row.state == "pending_approval":
            if decision == row.proposed_decision:
                if actor == row.proposed_by:
                    raise FourEyesError(
                        f"alert {alert_id}: {decision} was proposed by {actor}; a second reviewer, "
                        "not the proposer, must confirm it"
                    )
                _final(conn, row, decision, row.proposed_by, actor, why)
                return _reload(conn, alert_id)
            add_event(
                conn,
                alert_id,
                actor,
                "overruled",
                {
                    "proposed": row.proposed_decision,
                    "proposed_by": row.proposed_by,
                    "decision": decision,
                    "reason": why,
                },
            )
        # Overruling a proposal is a disagreement: the new view needs its own second reviewer too.
        overruling = row.state == "pending_approval"
        if decision != "escalated" and (overruling or needs_four_eyes(decision, score, settings)):
            _apply(
                conn,
                row,
                {"state": "pending_approval", "proposed_decision": decision, "proposed_by": actor},
            )
            add_event(
                conn,
                alert_id,
                actor,
                "proposed",
                {
                    "decision": decision,
                    "reason": why,
                    "score": score,
                    "four_eyes_score": settings.four_eyes_score,
                },
            )
            return _reload(conn, alert_id)
        _final(conn, row, decision, actor, None, why)
        return _reload(conn, alert_id)


def _final(
    conn: Connection,
    row: Row[Any],
    decision: str,
    decided_by: str,
    approved_by: str | None,
    why: str,
) -> None:
    _apply(
        conn,
        row,
        {
            "state": "decided",
            "decision": decision,
            "decided_by": decided_by,
            "approved_by": approved_by,
            "proposed_decision": None,
            "proposed_by": None,
        },
    )
    actor = approved_by or decided_by
    add_event(
        conn,
        int(row.id),
        actor,
        "decided",
        {"decision": decision, "decided_by": decided_by, "approved_by": approved_by, "reason": why},
    )
    if decision == "false_positive":
        add_good_guy(conn, row, decided_by, approved_by, actor)


def close(
    engine: Engine, alert_id: int, actor: str, reason: str, expected_version: int | None = None
) -> Alert:
    """Close a decided alert (work finished: reported, blocked, or cleared)."""
    actor = _actor(actor)
    why = _text(reason, "closing note")
    with _write(engine) as conn, conn.begin():
        row = _lock(conn, alert_id, expected_version)
        if row.state != "decided" or row.decision == "escalated":
            raise AlertStateError(
                f"alert {alert_id} is {row.state}{' (escalated)' if row.decision == 'escalated' else ''}: "
                "only an alert with a final decision can be closed"
            )
        _apply(
            conn,
            row,
            {"state": "closed", "resolution": row.decision, "closed_at": datetime.now(UTC)},
        )
        add_event(conn, alert_id, actor, "closed", {"reason": why, "resolution": row.decision})
        return _reload(conn, alert_id)


def system_close(
    conn: Connection, row: Row[Any], actor: str, resolution: str, details: dict[str, Any]
) -> None:
    """Close an alert for a reason outside review (the list entry was removed), in the caller's transaction."""
    _apply(conn, row, {"state": "closed", "resolution": resolution, "closed_at": datetime.now(UTC)})
    add_event(conn, int(row.id), actor, "closed", {"resolution": resolution, **details})


def annotate(conn: Connection, row: Row[Any], actor: str, details: dict[str, Any]) -> None:
    """Add a system note (the list entry changed, the customer left) without changing the state."""
    _apply(conn, row, {})
    add_event(conn, int(row.id), actor, "annotated", details)


def active_alert_rows(conn: Connection, subject_id: str | None, entity_id: str) -> list[Row[Any]]:
    """The pair's alerts that still stand: active, or decided as a true match or escalation."""
    rows = conn.execute(
        select(alerts)
        .where(alerts.c.subject_id == subject_id, alerts.c.entity_id == entity_id)
        .order_by(alerts.c.id.desc())
    ).all()
    return [
        r
        for r in rows
        if r.state in ACTIVE_STATES or (r.state == "decided" and r.decision != "false_positive")
    ]


def query_json(row: Row[Any]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(row.query)
    return data

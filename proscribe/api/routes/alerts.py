"""Alert work over HTTP (role reviewer): list, show, assign, comment, decide, close.

The same operations as `proscribe alerts ...`, through the same service, so
the four-eyes rule, the states and the audit trail are those of the CLI.
The acting reviewer is the API key (see `casework.actor`): one key per
person makes the four-eyes rule mean two people.

Acting on what one read: every action takes the `expected_version` of the
alert the reviewer looked at, and is refused with 409 if someone acted in
between, instead of silently deciding an alert that is no longer the one
on the screen.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from proscribe.api.auth import Principal
from proscribe.api.case_models import (
    MAX_ID,
    AlertDetailResponse,
    AlertOut,
    AlertsResponse,
    AssignRequest,
    CloseRequest,
    CommentRequest,
    DecideRequest,
    DecisionName,
    StateName,
)
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.routes.casework import CASE_ERRORS, actor, case_settings, service_errors
from proscribe.cases import alerts as service

router = APIRouter(tags=["Alerts"])

AlertId = Annotated[int, Path(ge=1, le=MAX_ID, description="The alert's id")]


def with_good_guy_flag(good_guy: dict[str, Any] | None) -> dict[str, Any] | None:
    """A good-guy entry as the API shows it: `lifted` says in one word whether it still suppresses."""
    if good_guy is None:
        return None
    return {**good_guy, "lifted": not good_guy["active"]}


@router.get(
    "/alerts",
    response_model=AlertsResponse,
    summary="Alerts, newest first, filtered",
    responses=CASE_ERRORS,
)
def list_alerts(
    state: StateName | None = Query(None),
    assignee: str | None = Query(None, max_length=200),
    customer: str | None = Query(
        None, max_length=200, description="The customer's (subject's) own id"
    ),
    entity: str | None = Query(None, max_length=200, description="A list entity, e.g. ofac:52965"),
    source: str | None = Query(None, max_length=100, description="A list source, e.g. ofac"),
    decision: DecisionName | None = Query(None),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    _principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    """The explanation and obligations are left out here; `GET /alerts/{id}` has them."""
    engine = ctx.store.engine
    with service_errors():
        found = service.list_alerts(
            engine, state, assignee, customer, entity, decision, limit, offset, source
        )
        total = service.count_alerts(engine, state, assignee, customer, entity, decision, source)
    return {
        "alerts": [a.to_dict(full=False) for a in found],
        "total": total,
        "limit": limit,
        "offset": offset,
    }


@router.get(
    "/alerts/{alert_id}",
    response_model=AlertDetailResponse,
    summary="One alert: what was screened, what it matched and why, obligations, history",
    responses=CASE_ERRORS,
)
def show_alert(
    alert_id: AlertId,
    _principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    """With every event (assignments, comments, proposals, decisions, annotations) and the
    good-guy entry a false-positive decision produced, lifted or not."""
    with service_errors():
        detail = service.get_alert(ctx.store.engine, alert_id).to_dict()
    detail["good_guy"] = with_good_guy_flag(detail["good_guy"])
    return detail


@router.post(
    "/alerts/{alert_id}/assign",
    response_model=AlertOut,
    summary="Give an alert to a reviewer (an open alert goes into review)",
    responses=CASE_ERRORS,
)
def assign_alert(
    body: AssignRequest,
    alert_id: AlertId,
    principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    with service_errors():
        alert = service.assign(
            ctx.store.engine,
            alert_id,
            body.assignee,
            actor(principal),
            expected_version=body.expected_version,
        )
    return alert.to_dict()


@router.post(
    "/alerts/{alert_id}/comment",
    response_model=AlertOut,
    summary="Add a note to an alert's history",
    responses=CASE_ERRORS,
)
def comment_alert(
    body: CommentRequest,
    alert_id: AlertId,
    principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    with service_errors():
        alert = service.comment(ctx.store.engine, alert_id, body.text, actor(principal))
    return alert.to_dict()


@router.post(
    "/alerts/{alert_id}/decide",
    response_model=AlertOut,
    summary="Decide an alert, or confirm a colleague's pending decision (four eyes)",
    responses=CASE_ERRORS,
)
def decide_alert(
    body: DecideRequest,
    alert_id: AlertId,
    principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    """A true match, and clearing an alert scored at or above the four-eyes level, come back
    `pending_approval`: the same decision from another key confirms it; the proposer's own
    key is refused with 409."""
    settings = case_settings()
    with service_errors():
        alert = service.decide(
            ctx.store.engine,
            alert_id,
            body.decision,
            actor(principal),
            body.reason,
            settings,
            expected_version=body.expected_version,
        )
    return alert.to_dict()


@router.post(
    "/alerts/{alert_id}/close",
    response_model=AlertOut,
    summary="Close an alert with a final decision",
    responses=CASE_ERRORS,
)
def close_alert(
    body: CloseRequest,
    alert_id: AlertId,
    principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    with service_errors():
        alert = service.close(
            ctx.store.engine,
            alert_id,
            actor(principal),
            body.reason,
            expected_version=body.expected_version,
        )
    return alert.to_dict()

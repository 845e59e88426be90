"""The good-guy list and the hits it held back, over HTTP (role reviewer).

Lifted entries are listed by default, flagged `lifted`: a reviewer (or an
examiner) asking why a pair alerts again should see the entry that used to
clear it and what changed. Suppressions are listed so that no held-back hit
is invisible.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from proscribe.api.auth import Principal
from proscribe.api.case_models import MAX_ID, GoodGuysResponse, SuppressionsResponse
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.routes.alerts import with_good_guy_flag
from proscribe.api.routes.casework import CASE_ERRORS
from proscribe.cases.goodguys import list_good_guys, list_suppressions

router = APIRouter(tags=["Alerts"])


@router.get(
    "/goodguys",
    response_model=GoodGuysResponse,
    summary="Cleared (customer, list entity) pairs, lifted ones flagged",
    responses=CASE_ERRORS,
)
def good_guys(
    include_lifted: bool = Query(True, description="false: only entries that still suppress"),
    customer: str | None = Query(None, max_length=200),
    entity: str | None = Query(None, max_length=200),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    _principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    found = list_good_guys(ctx.store.engine, include_lifted, customer, entity, limit, offset)
    return {
        "good_guys": [with_good_guy_flag(g.to_dict()) for g in found],
        "limit": limit,
        "offset": offset,
    }


@router.get(
    "/suppressions",
    response_model=SuppressionsResponse,
    summary="Hits the good-guy list held back, newest first",
    responses=CASE_ERRORS,
)
def suppressions(
    customer: str | None = Query(None, max_length=200),
    entity: str | None = Query(None, max_length=200),
    run_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only this monitoring run's"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    _principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    found = list_suppressions(ctx.store.engine, run_id, limit, offset, customer, entity)
    return {"suppressions": [s.to_dict() for s in found], "limit": limit, "offset": offset}

"""Monitoring over HTTP: start a run (role admin), see recent runs (role reviewer).

A run is an operations job, not review work: it holds a server thread and a
core for seconds (a list delta) to minutes (thousands of new customers
screened in full), which every screening request on that worker waits
behind. So starting one takes an admin key, the one a scheduler holds;
reviewers see what runs did. Runs also start by themselves after every
`proscribe lists update`.

Within one server process one run goes at a time (the delta matcher keeps
its job in module state for forked workers, so two in one process would
collide); a second request gets 409. Runs from different processes or
machines are safe together: alert raising is serialised in the database
and a repeated hit finds its alert standing.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query

from proscribe.api.auth import Principal
from proscribe.api.case_models import MonitorRunResponse, MonitorRunsResponse
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.engine import store_state
from proscribe.api.routes.casework import CASE_ERRORS, actor, case_settings
from proscribe.cases.monitor import monitor_runs_list, run_monitoring

router = APIRouter(tags=["Monitoring"])

_RUNNING = threading.Lock()


@router.post(
    "/monitor/run",
    response_model=MonitorRunResponse,
    summary="Re-screen the monitored customers against what changed (admin)",
    responses=CASE_ERRORS,
)
def run(
    principal: Principal = Depends(requires("admin")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    """New and changed customers are screened in full; everyone else against the entities added
    or changed since their last screening. Alerts on removed entries are closed or annotated.
    Answers when the run is done, with its counts."""
    settings = case_settings()
    if not _RUNNING.acquire(blocking=False):
        raise HTTPException(409, "a monitoring run is already going on in this server process")
    try:
        store = ctx.store
        engine = ctx.holder.current
        # The served index covers the lists the run screens against when it was built from the
        # store's latest snapshots: reuse it rather than open (or build) another.
        index = engine.index if engine is not None and engine.state == store_state(store) else None
        report = run_monitoring(store, actor(principal), settings, workers=1, index=index)
    finally:
        _RUNNING.release()
    return report.to_dict()


@router.get(
    "/monitor/runs",
    response_model=MonitorRunsResponse,
    summary="Recent monitoring runs and what they did",
    responses=CASE_ERRORS,
)
def runs(
    limit: int = Query(20, ge=1, le=1000),
    _principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    return {"runs": monitor_runs_list(ctx.store, limit)}

"""Liveness, readiness and metrics."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from proscribe.api import metrics
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.models import ErrorResponse, ReadyResponse, StatusResponse

router = APIRouter()


@router.get("/healthz", response_model=StatusResponse, tags=["System"], summary="The process is up")
async def healthz() -> StatusResponse:
    """Liveness: answers as long as the process serves HTTP. Needs no key.

    Health endpoints run on the event loop, not in the thread pool that
    screening requests queue for, so probes answer at once under load."""
    return StatusResponse(status="ok")


@router.get(
    "/readyz",
    response_model=ReadyResponse,
    tags=["System"],
    summary="The screening index is loaded",
    responses={
        503: {"model": ReadyResponse, "description": "Still loading, or no lists in the store"}
    },
)
async def readyz(ctx: AppContext = Depends(get_context)) -> JSONResponse:
    """Readiness: 200 once an index with at least one list is serving, else 503 with the reason. Needs no key."""
    engine = ctx.holder.current
    if engine is None or not engine.entities:
        detail = ctx.holder.last_error or (
            "the screening index is still loading" if engine is None else "the store holds no lists"
        )
        body = ReadyResponse(status="unavailable", detail=detail)
        return JSONResponse(body.model_dump(), status_code=503)
    body = ReadyResponse(
        status="ok", index_version=engine.version, entities=len(engine), datasets=engine.sources
    )
    return JSONResponse(body.model_dump())


@router.get(
    "/metrics",
    tags=["System"],
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {}}, "description": "Prometheus text format"},
        401: {"model": ErrorResponse},
        403: {"model": ErrorResponse},
    },
    dependencies=[Depends(requires("admin"))],
)
def prometheus_metrics() -> Response:
    """Request counts and latencies per route, screening volume, auth failures, index reloads (admin)."""
    data, content_type = metrics.exposition()
    return Response(content=data, media_type=content_type)

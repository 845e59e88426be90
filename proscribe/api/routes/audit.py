"""The audit trail over HTTP (role admin): verify the hash chain, export records for a regulator.

Admin only: the trail holds every decision with its reasons and, when
screening audit is on, the content of screening requests, and its export
is evidence handed to examiners, not a reviewer's working view (reviewers
see each alert's own history in `GET /alerts/{id}`).

An export is written to a private temporary file (mode 600) and streamed
from there, so a trail of millions of records does not sit in memory; the
file is deleted once sent.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from proscribe.api.auth import Principal
from proscribe.api.case_models import AuditVerifyResponse
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.routes.casework import CASE_ERRORS
from proscribe.cases import audit

router = APIRouter(tags=["Audit"])

MEDIA_TYPES = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
}


@router.get(
    "/audit/verify",
    response_model=AuditVerifyResponse,
    summary="Check the whole hash chain of the audit trail (admin)",
    responses=CASE_ERRORS,
)
def verify(
    _principal: Principal = Depends(requires("admin")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, object]:
    """200 either way: `ok` says whether the chain is intact, `problems` name every record that
    was edited, deleted or inserted behind proscribe's back."""
    return audit.verify(ctx.store.engine).to_dict()


def _moment(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise HTTPException(
            400, f"{name}={value!r} is not a date or time: write YYYY-MM-DD or an ISO time"
        ) from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


@router.get(
    "/audit/export",
    summary="Audit records with their hashes, for a regulator or an archive (admin)",
    response_class=FileResponse,
    responses={
        **CASE_ERRORS,
        200: {
            "description": "json: an object with the verification result and the records; "
            "jsonl: one record a line; csv: one record a row",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        },
    },
)
def export(
    fmt: Literal["json", "jsonl", "csv"] = Query("json", alias="format"),
    since: str | None = Query(
        None, max_length=40, description="From this date or time (UTC unless it says otherwise)"
    ),
    until: str | None = Query(None, max_length=40, description="Before this date or time"),
    _principal: Principal = Depends(requires("admin")),
    ctx: AppContext = Depends(get_context),
) -> FileResponse:
    start, end = _moment(since, "since"), _moment(until, "until")
    fd, path = tempfile.mkstemp(prefix="proscribe-audit-", suffix=f".{fmt}")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = audit.export(ctx.store.engine, out, fmt, start, end)
    except BaseException:
        _remove(path)
        raise
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[fmt],
        filename=f"proscribe-audit-{stamp}.{fmt}",
        headers={"x-audit-records": str(count)},
        background=BackgroundTask(_remove, path),
    )

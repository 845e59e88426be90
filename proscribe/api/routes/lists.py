"""The lists the server holds, what changed in them, and reloading the index after an update (admin)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from proscribe.api import metrics
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.models import ChangesResponse, ListsResponse, ReloadResponse
from proscribe.api.routes.yente import ERRORS
from proscribe.store import InvalidRequestError, NotFoundError, Snapshot
from proscribe.store.diff import diff_snapshots

router = APIRouter(dependencies=[Depends(requires("admin"))])


@router.get(
    "/lists",
    response_model=ListsResponse,
    tags=["Lists"],
    summary="Sources and their snapshots",
    responses=ERRORS,
)
def lists(ctx: AppContext = Depends(get_context)) -> dict[str, Any]:
    """Every source with its snapshots (oldest first), the latest one, and the one being served."""
    engine = ctx.holder.current
    by_source: dict[str, list[Snapshot]] = {}
    for snap in ctx.store.snapshots():
        by_source.setdefault(snap.source, []).append(snap)
    sources = []
    for source, snaps in sorted(by_source.items()):
        serving = engine.snapshots.get(source) if engine is not None else None
        sources.append(
            {
                "source": source,
                "latest": snaps[-1].to_dict(),
                "serving": serving.id if serving is not None else None,
                "snapshots": [s.to_dict() for s in snaps],
            }
        )
    index: dict[str, Any] = {"reloads": ctx.holder.reloads, "last_error": ctx.holder.last_error}
    if engine is not None:
        index.update(
            {
                "version": engine.version,
                "entities": len(engine),
                "built_at": engine.built_at.isoformat(),
                "build_seconds": round(engine.build_seconds, 3),
            }
        )
    return {"sources": sources, "index": index}


def _snapshot_as_of(ctx: AppContext, source: str, since: str) -> tuple[int | None, str]:
    """The snapshot to diff from: `since` is a snapshot id, or a date/time (the list as it stood then)."""
    text = since.strip()
    if text.isdigit():
        return int(text), text
    try:
        moment = datetime.fromisoformat(text) if "T" in text or " " in text else None
        if moment is None:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=UTC)
    except ValueError as exc:
        raise HTTPException(
            400, f"since={since!r} is neither a snapshot id nor a date (YYYY-MM-DD)"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    before = [s for s in ctx.store.snapshots(source) if _aware(s.imported_at) <= moment]
    # Nothing imported by then: every current entity counts as added.
    return (before[-1].id if before else None), moment.isoformat()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@router.get(
    "/lists/{source}/changes",
    response_model=ChangesResponse,
    tags=["Lists"],
    summary="Entities added, removed and changed in a list",
    responses=ERRORS,
)
def changes(
    source: str = Path(..., max_length=100),
    since: str | None = Query(
        None,
        max_length=40,
        description="A snapshot id, or a date/time: changes from the list as it stood then. "
        "Default: the latest import against the one before it.",
    ),
    to: int | None = Query(
        None, ge=1, description="Snapshot to compare with (default: the latest)"
    ),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    """Field-level changes of one source between two snapshots, as `proscribe lists diff` shows them."""
    store = ctx.store
    if store.latest(source) is None:
        raise HTTPException(404, f"no list {source!r} in the store")
    label: str | None = None
    try:
        if since is None:
            data = store.diff(source, to_id=to).to_dict()
        else:
            from_id, label = _snapshot_as_of(ctx, source, since)
            if from_id is None:
                # Nothing was imported by then: every entity of the target snapshot is new.
                target = store.snapshot(to) if to is not None else store.latest(source)
                if target is None or target.source != source:
                    raise NotFoundError(f"no snapshot {to} of source {source!r}")
                with store.engine.connect() as conn:
                    data = diff_snapshots(conn, None, target).to_dict()
            else:
                data = store.diff(source, from_id=from_id, to_id=to).to_dict()
    except NotFoundError as exc:
        raise HTTPException(404, str(exc)) from exc
    except InvalidRequestError as exc:
        raise HTTPException(400, str(exc)) from exc
    data["since"] = label
    return data


@router.post(
    "/lists/reload",
    response_model=ReloadResponse,
    tags=["Lists"],
    summary="Rebuild the index now",
    responses=ERRORS,
)
async def reload(
    force: bool = Query(False, description="Rebuild even if no list changed"),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    """Rebuild the screening index from the store's latest snapshots and swap it in; requests
    in flight finish on the old index. Without `force`, nothing happens if no list changed."""
    outcome = await asyncio.to_thread(ctx.holder.reload, force)
    metrics.RELOADS.labels(
        "failed" if outcome.error else ("changed" if outcome.changed else "unchanged")
    ).inc()
    engine = ctx.holder.current
    if engine is not None:
        metrics.ENTITIES.set(len(engine))
        metrics.BUILD_SECONDS.set(engine.build_seconds)
    return {
        "changed": outcome.changed,
        "version": outcome.version,
        "seconds": round(outcome.seconds, 3),
        "error": outcome.error,
    }

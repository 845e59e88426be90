"""The FastAPI application: routes, guards, and the engine's life cycle.

At startup the index is loaded in the background, so /healthz answers at
once and /readyz says 503 until screening can start. A watcher then checks
the store every `reload_interval` seconds and swaps in a new index when a
list was updated (see `holder`); POST /lists/reload does it on demand.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from proscribe.api import metrics
from proscribe.api.audit import AuditLog
from proscribe.api.auth import KeyVerifier
from proscribe.api.context import AppContext
from proscribe.api.holder import EngineHolder
from proscribe.api.middleware import RequestGuard
from proscribe.api.ratelimit import RateLimiter
from proscribe.api.routes import (
    alerts,
    audit,
    customers,
    goodguys,
    keys,
    lists,
    monitor,
    screen,
    system,
    yente,
)
from proscribe.api.settings import ApiSettings
from proscribe.store import Store

log = logging.getLogger("proscribe.api")

DESCRIPTION = """\
Sanctions screening over HTTP. `/match/{dataset}`, `/search/{dataset}` and `/entities/{id}` speak
yente's API (existing yente and OpenSanctions clients work unchanged); `/screen` is proscribe's
own format with explanations and the measures a match obliges; `/lists` shows the lists, their
snapshots and what changed.

Every endpoint except /healthz and /readyz needs an API key (`Authorization: ApiKey <key>` or
`X-API-Key: <key>`). Roles: screener (match, search, entities, screen), reviewer (alerts, customers, good-guy list), admin (lists, monitoring, audit,
keys, metrics).
"""


def _version() -> str:
    try:
        return version("proscribe")
    except PackageNotFoundError:
        return "0+unknown"


def _publish(holder: EngineHolder) -> None:
    engine = holder.current
    if engine is not None:
        metrics.ENTITIES.set(len(engine))
        metrics.BUILD_SECONDS.set(engine.build_seconds)


async def _load(holder: EngineHolder, force: bool) -> None:
    outcome = await asyncio.to_thread(holder.reload, force)
    metrics.RELOADS.labels(
        "failed" if outcome.error else ("changed" if outcome.changed else "unchanged")
    ).inc()
    _publish(holder)


async def _watch(holder: EngineHolder, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await _load(holder, force=False)
        except Exception:  # the watcher must outlive a bad moment of the database
            log.exception("checking the store for list updates failed")


def create_app(
    settings: ApiSettings | None = None,
    *,
    store: Store | None = None,
    holder: EngineHolder | None = None,
) -> FastAPI:
    """The application. Tests pass a store and a holder with a ready engine; `serve` passes settings."""
    settings = settings or ApiSettings()
    own_store = store is None
    the_store = store if store is not None else Store.open(settings.db_url)
    the_holder = holder or EngineHolder(the_store, use_cache=settings.index_cache)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, settings.threads)
        tasks: list[asyncio.Task[None]] = []
        if the_holder.current is None:
            tasks.append(asyncio.create_task(_load(the_holder, force=True)))
        else:
            _publish(the_holder)
        if settings.reload_interval > 0:
            tasks.append(asyncio.create_task(_watch(the_holder, settings.reload_interval)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            if own_store:
                the_store.close()

    app = FastAPI(
        title="proscribe",
        version=_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.ctx = AppContext(
        settings=settings,
        store=the_store,
        holder=the_holder,
        verifier=KeyVerifier(the_store.engine, settings.key_cache_seconds),
        limiter=RateLimiter(settings.rate_limit, settings.rate_burst),
        audit=AuditLog(settings.audit_log) if settings.audit_log else None,
    )
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes)

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, exc: Exception) -> JSONResponse:
        # Logged without the request: its content may be personal data.
        log.error("internal error: %s: %s", type(exc).__name__, exc, exc_info=exc)
        return JSONResponse(
            {"detail": "internal error; the server log has the details"}, status_code=500
        )

    for module in (
        system,
        yente,
        screen,
        lists,
        keys,
        alerts,
        goodguys,
        customers,
        monitor,
        audit,
    ):
        app.include_router(module.router)
    return app

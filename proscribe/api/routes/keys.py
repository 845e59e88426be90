"""API keys over HTTP (admin): the same operations as `proscribe keys`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path

from proscribe.api.auth import Principal
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.models import KeyCreate, KeyCreated, KeyOut, KeysResponse
from proscribe.api.routes.yente import ERRORS
from proscribe.cases import audit
from proscribe.store import InvalidRequestError, NotFoundError
from proscribe.store.keys import create_key, list_keys, revoke_key

# Each route takes the admin principal itself (a router-level dependency would charge twice).
router = APIRouter()


@router.get(
    "/keys",
    response_model=KeysResponse,
    tags=["Keys"],
    summary="Every API key (without secrets)",
    responses=ERRORS,
)
def keys(
    ctx: AppContext = Depends(get_context), _principal: Principal = Depends(requires("admin"))
) -> dict[str, Any]:
    return {"keys": [k.to_dict() for k in list_keys(ctx.store.engine)]}


@router.post(
    "/keys",
    response_model=KeyCreated,
    status_code=201,
    tags=["Keys"],
    summary="Create a key",
    responses=ERRORS,
)
def create(
    body: KeyCreate,
    ctx: AppContext = Depends(get_context),
    principal: Principal = Depends(requires("admin")),
) -> dict[str, Any]:
    """The response holds the full key once; only its hash is stored."""
    try:
        created = create_key(ctx.store.engine, body.name, body.role, body.rate_limit)
    except InvalidRequestError as exc:
        raise HTTPException(400, str(exc)) from exc
    key = created.key
    audit.record_key_change(
        ctx.store.engine,
        principal.key_id,
        key.key_id,
        "created",
        {"name": key.name, "role": key.role, "rate_limit": key.rate_limit, "via": "api"},
    )
    return {"key": created.key.to_dict(), "token": created.token}


@router.delete(
    "/keys/{key_id}", response_model=KeyOut, tags=["Keys"], summary="Revoke a key", responses=ERRORS
)
def revoke(
    key_id: str = Path(..., max_length=40),
    ctx: AppContext = Depends(get_context),
    principal: Principal = Depends(requires("admin")),
) -> dict[str, Any]:
    """Revoked at once on this worker; other workers stop accepting it within `key_cache_seconds`."""
    try:
        revoked = revoke_key(ctx.store.engine, key_id)
    except NotFoundError as exc:
        raise HTTPException(404, str(exc)) from exc
    ctx.verifier.forget(key_id)
    audit.record_key_change(
        ctx.store.engine, principal.key_id, revoked.key_id, "revoked", {"via": "api"}
    )
    return revoked.to_dict()

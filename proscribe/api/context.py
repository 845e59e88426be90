"""What every endpoint reaches through the app: settings, store, engine, keys, limits, audit.

`requires(role)` is the dependency that guards an endpoint: it
authenticates the key, checks its role, charges the rate limit, and
records the key id for the access log (the id only, never the secret).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader

from proscribe.api import metrics
from proscribe.api.audit import AuditLog
from proscribe.api.auth import AuthError, KeyVerifier, Principal, authorize
from proscribe.api.holder import EngineHolder
from proscribe.api.ratelimit import RateLimiter
from proscribe.api.settings import ApiSettings
from proscribe.store import Store
from proscribe.store.keys import Role

# Declared so the OpenAPI schema shows how to authenticate; `Authorization: ApiKey <key>` works too.
API_KEY_HEADER = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="A proscribe API key (psk_...). `Authorization: ApiKey <key>` is accepted as well.",
)


@dataclass(slots=True)
class AppContext:
    settings: ApiSettings
    store: Store
    holder: EngineHolder
    verifier: KeyVerifier
    limiter: RateLimiter
    audit: AuditLog | None

    def throttle(self, principal: Principal, cost: int = 1) -> None:
        """Charge the key's bucket; 429 with Retry-After when it is empty."""
        rate = principal.key.rate_limit
        wait = self.limiter.acquire(
            principal.key_id, cost, float(rate) if rate is not None else None
        )
        if wait > 0:
            metrics.RATE_LIMITED.inc()
            retry = max(1, int(wait + 0.999))
            raise HTTPException(
                429,
                f"rate limit of API key {principal.key_id} exceeded; retry in {retry} s",
                headers={"Retry-After": str(retry)},
            )


async def get_context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


def requires(role: Role) -> Callable[..., Principal]:
    """Dependency: an authenticated key of at least `role`, charged one request."""

    def dependency(
        request: Request,
        _declared: str | None = Security(API_KEY_HEADER),
        ctx: AppContext = Depends(get_context),
    ) -> Principal:
        try:
            principal = ctx.verifier.authenticate(request)
            request.state.key_id = principal.key_id
            authorize(principal, role)
        except AuthError as exc:
            metrics.AUTH_FAILURES.labels(str(exc.status_code)).inc()
            raise
        ctx.throttle(principal)
        return principal

    return dependency

"""API keys on every request: who is calling (401 when we cannot tell) and may they (403).

The key travels in a header, never in the URL (URLs end up in proxy logs):
`Authorization: ApiKey <key>` (what yente and OpenSanctions clients send),
`Authorization: Bearer <key>`, or `X-API-Key: <key>`.

Roles are ordered: a reviewer may do what a screener may, an admin
everything. 401 means the caller is not authenticated (no key, a malformed
or unknown key, a revoked key) and says which; 403 means the key is good
but its role is not enough, and names the role needed.

Verified keys are remembered for `key_cache_seconds`, so a busy screening
client costs no database round trip per request; a revocation therefore
takes effect within that many seconds on every worker (immediately on the
worker that served the revocation).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from fastapi import HTTPException, Request
from sqlalchemy import Engine

from proscribe.store.keys import ROLES, ApiKey, Role, parse_token, verify_token

ROLE_RANK: dict[str, int] = {role: rank for rank, role in enumerate(ROLES)}
CHALLENGE = {"WWW-Authenticate": 'ApiKey realm="proscribe"'}
_CACHE_ENTRIES = 10_000


class AuthError(HTTPException):
    """401 or 403 with a message that tells the caller what to fix."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller of one request."""

    key: ApiKey

    @property
    def key_id(self) -> str:
        return self.key.key_id

    @property
    def role(self) -> Role:
        return self.key.role


def token_from_headers(request: Request) -> str | None:
    """The key text from the Authorization or X-API-Key header, or None when neither carries one."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() in ("apikey", "bearer", "token") and value.strip():
            return value.strip()
        raise AuthError(
            401,
            "unsupported Authorization header: send 'Authorization: ApiKey <key>' or 'X-API-Key: <key>'",
            headers=CHALLENGE,
        )
    key = request.headers.get("x-api-key")
    return key.strip() if key and key.strip() else None


class KeyVerifier:
    """Checks key texts against the store, remembering good answers for a few seconds."""

    def __init__(self, engine: Engine, cache_seconds: float) -> None:
        self._engine = engine
        self._ttl = cache_seconds
        self._cache: OrderedDict[str, tuple[float, ApiKey]] = OrderedDict()
        self._lock = threading.Lock()

    def forget(self, key_id: str | None = None) -> None:
        """Drop cached verifications (of one key, or all): called when a key is revoked here."""
        with self._lock:
            if key_id is None:
                self._cache.clear()
            else:
                for digest in [d for d, (_, k) in self._cache.items() if k.key_id == key_id]:
                    del self._cache[digest]

    def verify(self, token: str) -> ApiKey | None:
        digest = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
        now = time.monotonic()
        if self._ttl > 0:
            with self._lock:
                cached = self._cache.get(digest)
                if cached is not None and cached[0] > now:
                    self._cache.move_to_end(digest)
                    return cached[1]
        key = verify_token(self._engine, token)
        if key is not None and self._ttl > 0:
            with self._lock:
                self._cache[digest] = (now + self._ttl, key)
                while len(self._cache) > _CACHE_ENTRIES:
                    self._cache.popitem(last=False)
        return key

    def authenticate(self, request: Request) -> Principal:
        token = token_from_headers(request)
        if token is None:
            raise AuthError(
                401,
                "missing API key: send it as 'Authorization: ApiKey <key>' or 'X-API-Key: <key>' "
                "(create one with `proscribe keys create`)",
                headers=CHALLENGE,
            )
        if parse_token(token) is None:
            raise AuthError(
                401,
                "malformed API key: proscribe keys look like psk_<id>_<secret>",
                headers=CHALLENGE,
            )
        key = self.verify(token)
        if key is None:
            raise AuthError(
                401, "invalid API key: no such key, or the secret is wrong", headers=CHALLENGE
            )
        if not key.active:
            revoked = key.revoked_at.isoformat() if key.revoked_at else "earlier"
            raise AuthError(401, f"API key {key.key_id} was revoked ({revoked})", headers=CHALLENGE)
        return Principal(key)


def authorize(principal: Principal, role: Role) -> None:
    """403 unless the caller's role reaches `role`."""
    if ROLE_RANK[principal.role] < ROLE_RANK[role]:
        allowed = [r for r in ROLES if ROLE_RANK[r] >= ROLE_RANK[role]]
        raise AuthError(
            403,
            f"API key {principal.key_id} has role {principal.role}; this endpoint needs "
            + " or ".join(allowed),
        )

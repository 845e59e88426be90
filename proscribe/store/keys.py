"""API keys: who may call the HTTP API, in which role, kept in the store's database.

A key is shown once, at creation: `psk_<key id>_<secret>`. The database
keeps the key id (public, so a log line or an audit record can name the key
without revealing it), the role, and a SHA-256 of the secret. The secret is
32 random bytes, so a plain hash is enough: there is nothing to brute-force
that a slow password hash would protect. Verification compares digests in
constant time. Revoking keeps the row (for the audit trail) and stamps
`revoked_at`; a revoked key never authenticates again.

Functions take the Store's engine, so keys live wherever the lists live
(SQLite file or PostgreSQL) and every API worker sees the same keys.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, cast

from sqlalchemy import Column, DateTime, Engine, Integer, String, Table, insert, select, update
from sqlalchemy.engine import Row

from proscribe.store.engine import WRITE_OPTION
from proscribe.store.errors import InvalidRequestError, NotFoundError
from proscribe.store.schema import metadata

Role = Literal["screener", "reviewer", "admin"]
ROLES: tuple[Role, ...] = ("screener", "reviewer", "admin")

KEY_PREFIX = "psk"
_KEY_RE = re.compile(r"^psk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$")

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(12), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    # Requests per second this key may make; None means the server's default.
    Column("rate_limit", Integer(), nullable=True),
)


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored key, without its secret."""

    key_id: str
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None = None
    rate_limit: int | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, object]:
        return {
            "key_id": self.key_id,
            "name": self.name,
            "role": self.role,
            "created_at": self.created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "rate_limit": self.rate_limit,
            "active": self.active,
        }


@dataclass(frozen=True, slots=True)
class CreatedKey:
    """A new key: the only moment its full text exists outside the caller's hands."""

    key: ApiKey
    token: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_token(token: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed key text, else None."""
    found = _KEY_RE.match(token.strip())
    return (found.group(1), found.group(2)) if found else None


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes even for timezone-aware columns; they were written in UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _from_row(row: Row[Any]) -> ApiKey:
    created = _aware(row.created_at)
    assert created is not None
    return ApiKey(
        key_id=row.key_id,
        name=row.name,
        role=cast(Role, row.role),
        created_at=created,
        revoked_at=_aware(row.revoked_at),
        rate_limit=row.rate_limit,
    )


def create_key(engine: Engine, name: str, role: str, rate_limit: int | None = None) -> CreatedKey:
    """Store a new key and return it with its full text (never retrievable again)."""
    if role not in ROLES:
        raise InvalidRequestError(f"role {role!r} is not one of {', '.join(ROLES)}")
    clean = " ".join(name.split())
    if not clean or len(clean) > 200:
        raise InvalidRequestError("a key needs a name of 1 to 200 characters (who or what uses it)")
    if rate_limit is not None and rate_limit <= 0:
        raise InvalidRequestError(
            f"rate limit {rate_limit} must be a positive number of requests per second"
        )
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    created = datetime.now(UTC)
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        conn.execute(
            insert(api_keys).values(
                key_id=key_id,
                name=clean,
                role=role,
                secret_hash=hash_secret(secret),
                created_at=created,
                revoked_at=None,
                rate_limit=rate_limit,
            )
        )
    key = ApiKey(key_id, clean, cast(Role, role), created, None, rate_limit)
    return CreatedKey(key, f"{KEY_PREFIX}_{key_id}_{secret}")


def list_keys(engine: Engine, include_revoked: bool = True) -> list[ApiKey]:
    """Every key, oldest first."""
    stmt = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.key_id)
    if not include_revoked:
        stmt = stmt.where(api_keys.c.revoked_at.is_(None))
    with engine.connect() as conn:
        return [_from_row(row) for row in conn.execute(stmt)]


def get_key(engine: Engine, key_id: str) -> ApiKey | None:
    with engine.connect() as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
    return _from_row(row) if row is not None else None


def revoke_key(engine: Engine, key_id: str) -> ApiKey:
    """Revoke a key for good; revoking an already revoked key keeps its first revocation time."""
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        row = conn.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
        if row is None:
            raise NotFoundError(f"no API key {key_id!r}")
        if row.revoked_at is None:
            conn.execute(
                update(api_keys)
                .where(api_keys.c.key_id == key_id)
                .values(revoked_at=datetime.now(UTC))
            )
        row = conn.execute(select(api_keys).where(api_keys.c.key_id == key_id)).one()
    return _from_row(row)


def verify_token(engine: Engine, token: str) -> ApiKey | None:
    """The key this text proves possession of, revoked or not (see `.active`); None when
    the text is malformed, names no key, or has the wrong secret."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    key_id, secret = parsed
    with engine.connect() as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
    if row is None or not hmac.compare_digest(row.secret_hash, hash_secret(secret)):
        return None
    return _from_row(row)

"""The API server's settings: flags of `proscribe serve`, else `PROSCRIBE_API_*` variables.

Uvicorn starts each worker by importing `proscribe.api.asgi:app`, so a
worker cannot receive Python objects from the command that launched it;
everything a worker needs travels as environment variables, which
`ApiSettings.to_env()` writes and `ApiSettings.from_env()` reads.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

ENV_PREFIX = "PROSCRIBE_API_"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """What a deployment may tune. Defaults are safe for a single bank-internal host."""

    db_url: str | None = None
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = 1
    # Largest request body accepted, in bytes (413 above it).
    max_body_bytes: int = 1_048_576
    # Most queries in one /match or /screen batch (yente's default is 100 too).
    max_batch: int = 100
    # Most results per query a caller may ask for.
    max_limit: int = 100
    # Requests per second per key (token bucket), unless the key sets its own; 0 disables.
    rate_limit: float = 50.0
    # Bucket size: how many requests a key may make at once after being idle.
    rate_burst: int = 100
    # How long a verified key is trusted before the database is asked again;
    # a revoked key stops working within this many seconds on every worker.
    key_cache_seconds: float = 5.0
    # How often the store is checked for new list snapshots (0: never; reload by POST /lists/reload).
    reload_interval: float = 60.0
    # JSON-lines file that records every screening request *with its content*; off by default.
    audit_log: Path | None = None
    # Keep saved indexes under $PROSCRIBE_HOME/index so restarts and other workers reuse them.
    index_cache: bool = True
    # Jurisdiction for measures on /entities and /screen when the request names none (ISO alpha-2 or EU).
    default_jurisdiction: str | None = None
    # Requests screened at once per worker. Screening is CPU-bound Python: more threads than this
    # only contend for the GIL (and starve uvicorn's worker health check), so the rest wait in line.
    threads: int = 4
    # One line per request (route, status, time, key id; never the content).
    access_log: bool = True
    log_level: str = "info"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ApiSettings:
        """Settings from `PROSCRIBE_API_*` (and `PROSCRIBE_DB_URL` for the store)."""
        env = dict(os.environ if environ is None else environ)
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if f.name == "db_url" and raw is None:
                raw = env.get("PROSCRIBE_DB_URL")
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, raw)
        return cls(**values)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The variables that make `from_env` return these settings (unset fields omitted)."""
        out: dict[str, str] = {}
        for name, value in asdict(self).items():
            if value is None:
                continue
            if isinstance(value, bool):
                out[ENV_PREFIX + name.upper()] = "1" if value else "0"
            else:
                out[ENV_PREFIX + name.upper()] = str(value)
        return out


_INTS = {"port", "workers", "max_body_bytes", "max_batch", "max_limit", "rate_burst", "threads"}
_FLOATS = {"rate_limit", "key_cache_seconds", "reload_interval"}
_BOOLS = {"index_cache", "access_log"}


def _convert(name: str, raw: str) -> object:
    try:
        if name in _INTS:
            return int(raw)
        if name in _FLOATS:
            return float(raw)
    except ValueError as exc:
        raise ValueError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a number") from exc
    if name in _BOOLS:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if name == "audit_log":
        return Path(raw)
    return raw

"""Engines configured for how the store uses each backend.

SQLite needs the most care: the stdlib driver's legacy transaction handling
does not BEGIN before SELECT or DDL, which would make an import's existence
check and its inserts separate transactions and migrations non-atomic. We
take over BEGIN ourselves (the recipe in SQLAlchemy's SQLite docs), and
writers start with BEGIN IMMEDIATE so two concurrent imports queue on the
write lock instead of failing half-way with SQLITE_BUSY. WAL lets screening
read while an import writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from proscribe.config import database_url

# Execution option marking a connection that will write: SQLite begins it IMMEDIATE.
WRITE_OPTION = "proscribe_write"

# An import holds the SQLite write lock while it parses (seconds); waiters must outlast it.
SQLITE_BUSY_TIMEOUT_S = 60.0


def normalise_url(url: str | URL) -> URL:
    """Use psycopg 3 for plain `postgresql://` URLs: it is the PostgreSQL driver we ship."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or (url.query.get("mode") == "memory")


def create_store_engine(url: str | URL | None = None) -> Engine:
    """An engine for `url` (default: `proscribe.config.database_url()`)."""
    parsed = normalise_url(url if url is not None else database_url())
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    return create_engine(parsed)


def _sqlite_engine(url: URL) -> Engine:
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S}}
    memory = _is_memory(url)
    if memory:
        # One shared connection, or every checkout would see its own empty database.
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    elif url.database:
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Stop the driver from issuing its own BEGIN; `_on_begin` does it for every transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
            if not memory:
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine

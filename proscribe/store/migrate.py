"""Bring a database to the newest schema, programmatically, every time the store opens.

Deployments never run a separate migration step: `Store.open()` calls
`upgrade()`. It first compares the database's revision with the newest
migration and returns at once when they match, so opening stays cheap; only
an outdated database takes the write lock (and on PostgreSQL an advisory
lock, so two processes starting together do not both create tables).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, text

from proscribe.store.engine import WRITE_OPTION
from proscribe.store.errors import StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# pg_advisory_xact_lock key for schema migrations (any fixed 64-bit number).
_PG_MIGRATION_LOCK = 0x70726F73_63726962  # "proscrib"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StoreError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Migrate to the newest revision; refuse a database written by newer code."""
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = head_revision()
    with engine.connect() as conn:
        current = current_revision(conn)
    if current == head:
        return
    if current is not None and _unknown(script, current):
        raise StoreError(
            f"the database {engine.url.render_as_string(hide_password=True)} is at schema "
            f"revision {current}, which this version of proscribe does not know (newest: {head}); "
            "upgrade proscribe or use another database"
        )
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        # Another process may have migrated while we waited for the lock.
        if current_revision(conn) != head:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


def _unknown(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is None
    except CommandError:
        return True

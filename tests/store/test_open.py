"""Opening a store: engine settings per backend, and migrations run on open."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import proscribe.cases.tables
import proscribe.store.keys  # noqa: F401  (its table joins the shared metadata)
from proscribe.store import Store, StoreError
from proscribe.store.engine import normalise_url
from proscribe.store.migrate import current_revision, head_revision
from proscribe.store.schema import metadata
from tests.store.conftest import TABLES


def test_open_migrates_to_head(store: Store) -> None:
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        names = set(inspect(conn).get_table_names())
    assert set(TABLES) <= names


def test_migrations_create_exactly_the_declared_schema(store: Store) -> None:
    """The hand-written migration and proscribe.store.schema must agree, or queries and DDL drift."""
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, metadata) == []


def test_reopening_is_a_noop(store_url: str) -> None:
    with Store.open(store_url) as first:
        result = first.import_entities("s", "f", [], [])
        assert result.created
    with Store.open(store_url) as second:
        assert [s.id for s in second.snapshots()] == [result.snapshot.id]


def test_database_from_newer_code_is_refused(store_url: str) -> None:
    with Store.open(store_url) as s, s.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match=r"revision 9999.*does not know"):
        Store.open(store_url)


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'p.sqlite'}") as s:
        assert (tmp_path / "nested" / "dir" / "p.sqlite").exists()
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one()) >= 30000


def test_open_uses_environment_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROSCRIBE_DB_URL", raising=False)
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path))
    with Store.open() as s:
        assert s.url == f"sqlite:///{tmp_path.resolve() / 'proscribe.sqlite'}"
    assert (tmp_path / "proscribe.sqlite").exists()


def test_in_memory_sqlite_works() -> None:
    with Store.open("sqlite://") as s:
        assert s.import_entities("s", "f", [], []).created
        assert s.sources() == ["s"]


def test_plain_postgresql_urls_use_psycopg3() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"

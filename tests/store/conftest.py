"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL tests use one throwaway database per test session (per xdist
worker), dropped at the end; each store inside it gets its own schema via
`search_path`, so stores never see each other's tables.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import text

from proscribe.store import Store

PG_HOST = os.environ.get("PROSCRIBE_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PROSCRIBE_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("PROSCRIBE_TEST_PG_USER", "postgres")

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

_schema_numbers = itertools.count(1)


def _admin_connect() -> psycopg.Connection:
    return psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user=PG_USER,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    )


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh database for this test session; its name is returned."""
    try:
        admin = _admin_connect()
    except psycopg.OperationalError as exc:
        # The machines this project runs on start PostgreSQL before any session or CI run:
        # an unreachable server is a failure to see, not a test to skip.
        pytest.fail(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT} as {PG_USER}: {exc}")
    name = f"proscribe_test_{os.getpid()}_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with _admin_connect() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _pg_url(database: str, schema: str) -> str:
    return f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}?options=-csearch_path%3D{schema}"


def make_store_url(backend: str, folder: Path, request: pytest.FixtureRequest) -> str:
    """A URL for an empty store on `backend`; PostgreSQL gets a new schema in the session database."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'store.sqlite'}"
    database = request.getfixturevalue("pg_database")
    schema = f"s{os.getpid()}_{next(_schema_numbers)}"
    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=database, autocommit=True
    ) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    return _pg_url(database, schema)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return make_store_url(backend, tmp_path, request)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


TABLES = ("snapshots", "snapshot_issues", "entity_versions", "snapshot_entities")


def table_counts(store: Store) -> dict[str, int]:
    """Rows per store table: what atomicity and idempotence tests compare."""
    with store.engine.connect() as conn:
        return {
            t: int(conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()) for t in TABLES
        }

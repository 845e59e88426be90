"""Alembic environment: runs on the connection the store hands over, or on the configured URL.

`proscribe.store.migrate.upgrade` passes its open connection in
`config.attributes["connection"]` so migrations run inside the caller's
transaction. A developer running the `alembic` command (with
proscribe/store/alembic.ini) gets `sqlalchemy.url` from the ini, else
`$PROSCRIBE_DB_URL`, else the default SQLite file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from proscribe.store.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_from_url() -> None:
    from proscribe.store.engine import create_store_engine

    url = context.config.get_main_option("sqlalchemy.url")
    engine = create_store_engine(url or None)
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit(
        "proscribe migrations need a database connection (offline SQL generation is not supported)"
    )

_given = context.config.attributes.get("connection")
if _given is not None:
    _run(_given)
else:
    _run_from_url()

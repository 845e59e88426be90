"""Alembic migrations of the store; run by `proscribe.store.migrate`, not imported."""

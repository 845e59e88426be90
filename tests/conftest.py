"""Shared fixtures: where the real lists live, and a fresh store per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("PROSCRIBE_SHARED_DATA", REPO.parent / "shared" / "data"))
LISTS = SHARED_DATA / "lists"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only real data beside the checkout (../shared/data); CI has it too."""
    if not (SHARED_DATA / "MANIFEST.md").exists():
        pytest.fail(
            f"real data not found at {SHARED_DATA}: tests need ../shared/data beside the checkout"
        )
    return SHARED_DATA


@pytest.fixture(scope="session")
def lists_dir(shared_data: Path) -> Path:
    return shared_data / "lists"


@pytest.fixture(autouse=True)
def _cli_state_is_per_test() -> object:
    """`proscribe --db URL` sets process-wide state (STATE.db_url and $PROSCRIBE_DB_URL).

    In-process CLI tests would leak it into later tests on the same worker;
    restore both after every test.
    """
    from proscribe.cli.state import STATE

    saved_url = STATE.db_url
    saved_env = os.environ.get("PROSCRIBE_DB_URL")
    yield
    STATE.db_url = saved_url
    if saved_env is None:
        os.environ.pop("PROSCRIBE_DB_URL", None)
    else:
        os.environ["PROSCRIBE_DB_URL"] = saved_env

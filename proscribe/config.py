"""Where proscribe keeps its state, chosen by environment so deployments need no config file.

Operators point a whole installation somewhere else with two variables:
`PROSCRIBE_HOME` (the data folder) and `PROSCRIBE_DB_URL` (any SQLAlchemy URL,
e.g. a shared PostgreSQL server). Nothing else is read at import time, so tests
can set the variables per test.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "PROSCRIBE_HOME"
DB_URL_ENV = "PROSCRIBE_DB_URL"
DEFAULT_HOME = Path("~/.local/share/proscribe")
DB_FILENAME = "proscribe.sqlite"


def home_dir() -> Path:
    """The data folder, created on first use so a fresh machine just works."""
    raw = os.environ.get(HOME_ENV, "").strip()
    path = Path(raw).expanduser() if raw else DEFAULT_HOME.expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def database_url() -> str:
    """The store's database: `$PROSCRIBE_DB_URL`, else a SQLite file in the home folder."""
    raw = os.environ.get(DB_URL_ENV, "").strip()
    if raw:
        return raw
    return f"sqlite:///{home_dir() / DB_FILENAME}"

"""What the CLI's global options set, read by every command."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console


@dataclass
class CLIState:
    db_url: str | None = None


STATE = CLIState()
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def open_store():  # type: ignore[no-untyped-def]
    """The store named by --db / $PROSCRIBE_DB_URL, else the embedded SQLite default."""
    from proscribe.store import Store

    return Store.open(STATE.db_url)

"""The `proscribe` command: one Typer app, one sub-app per area."""

from __future__ import annotations

import typer

from proscribe.cli import lists as lists_cli
from proscribe.cli.state import STATE

app = typer.Typer(
    name="proscribe",
    help="Sanctions and watchlist screening: official lists in, explained hits out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main(
    db: str | None = typer.Option(
        None, "--db", envvar="PROSCRIBE_DB_URL", help="Database URL (default: SQLite under $PROSCRIBE_HOME)."
    ),
) -> None:
    STATE.db_url = db


app.add_typer(lists_cli.app, name="lists", help="Import, inspect, diff, export and update lists.")


if __name__ == "__main__":
    app()

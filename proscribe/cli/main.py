"""The `proscribe` command: one Typer app, one sub-app per area."""

from __future__ import annotations

import os

import typer

from proscribe.cli import api_cli, batch_cli, cases_cli
from proscribe.cli import demo as demo_cli
from proscribe.cli import lists as lists_cli
from proscribe.cli import screening as screening_cli
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
        None,
        "--db",
        envvar="PROSCRIBE_DB_URL",
        help="Database URL (default: SQLite under $PROSCRIBE_HOME).",
    ),
) -> None:
    STATE.db_url = db
    if db:
        # Code below the CLI (the Python API's store screener) reads the URL from the environment.
        os.environ["PROSCRIBE_DB_URL"] = db


app.add_typer(lists_cli.app, name="lists", help="Import, inspect, diff, export and update lists.")
screening_cli.register(app)
batch_cli.register(app)
demo_cli.register(app)
api_cli.register(app)
cases_cli.register(app)


if __name__ == "__main__":
    app()

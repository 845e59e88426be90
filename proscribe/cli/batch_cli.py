"""`proscribe screen`: the batch contract from the command line (a file of queries in, results out)."""

from __future__ import annotations

from pathlib import Path

import typer

from proscribe.cli.consequences import ObligationAnnotator
from proscribe.cli.screening import _check_threshold, _fail, _load
from proscribe.cli.state import err_console
from proscribe.match.score import DEFAULT_THRESHOLD
from proscribe.screen.batch import BatchError, screen_file
from proscribe.screen.engine import DEFAULT_LIMIT, Screener


def screen(
    args: list[Path] = typer.Argument(
        ..., help="QUERIES.csv (then, after --lists, more list files)."
    ),
    lists: list[Path] = typer.Option(
        [], "--lists", help="List files to screen against (default: the store)."
    ),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the results."),
    fmt: str = typer.Option("jsonl", "--format", help="Output format: jsonl."),
    threshold: float = typer.Option(
        DEFAULT_THRESHOLD, "--threshold", "-t", help="Alert at or above this score."
    ),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", "-k", help="Results per query."),
    workers: int = typer.Option(1, "--workers", "-j", help="Worker processes."),
    explain: bool = typer.Option(True, "--explain/--no-explain", help="Include explanations."),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Rebuild the index instead of opening the saved one."
    ),
    as_: str | None = typer.Option(
        None,
        "--as",
        help="Attach to each alert what it obliges a party in this jurisdiction to do.",
    ),
    activity: str = typer.Option(
        "general", "--activity", help="With --as: payment, onboarding, entry or general."
    ),
    on: str | None = typer.Option(
        None, "--on", help="With --as: the date obligations are judged on (default: today)."
    ),
) -> None:
    """Screen every row of a queries CSV (id,name[,schema,birth_date,country,id_number]) into JSON lines."""
    _check_threshold(threshold)
    if fmt != "jsonl":
        raise _fail(f"--format {fmt!r} is not supported; use jsonl")
    queries, extra = args[0], args[1:]
    if extra and not lists:
        raise _fail(f"unexpected arguments {' '.join(map(str, extra))!r}")
    if not queries.is_file():
        raise _fail(f"{queries}: no such file")
    annotate = None
    if as_:
        try:
            annotate = ObligationAnnotator([*lists, *extra], as_, activity, on)
        except ValueError as exc:
            raise _fail(str(exc)) from exc
    loaded = _load([*lists, *extra], no_cache)
    screener = Screener(loaded.index, threshold=threshold)
    try:
        summary = screen_file(
            queries,
            screener,
            output,
            threshold=threshold,
            limit=limit,
            explain=explain,
            workers=workers,
            index_path=loaded.path,
            annotate=annotate,
        )
    except BatchError as exc:
        raise _fail(str(exc)) from exc
    for message in summary.messages[:10]:
        err_console.print(f"[yellow]skipped[/yellow] {message}")
    err_console.print(
        f"{summary.rows} queries, {summary.alerts} with alerts, {summary.errors} errors, "
        f"{summary.seconds:.1f}s ({summary.rows_per_second:.0f} rows/s) -> {output}"
    )


def register(app: typer.Typer) -> None:
    """Add `screen` to the main app."""
    app.command("screen")(screen)

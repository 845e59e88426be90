"""`proscribe screen`: the batch contract from the command line (a file of queries in, results out).

Streaming, resumable, parallel: see `proscribe.screen.batch`. This module adds
what belongs to later stages than screening: obligations of each alert
(`--as`), and, when the store's lists are screened, the alerts recorded for
review (`proscribe.cases`), one transaction per chunk.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from sqlalchemy.exc import SQLAlchemyError

from proscribe.cli.consequences import ObligationAnnotator
from proscribe.cli.screening import _check_threshold, _fail, _load
from proscribe.cli.state import err_console, open_store
from proscribe.match.query import Query, QueryError
from proscribe.match.score import DEFAULT_THRESHOLD
from proscribe.screen.batch import (
    BatchError,
    BatchOptions,
    BatchSummary,
    RowOutcome,
    screen_path,
)
from proscribe.screen.engine import DEFAULT_LIMIT, Screener, ScreenResult
from proscribe.screen.lists import LoadedLists, index_dir
from proscribe.screen.progress import make_progress
from proscribe.screen.readers import INPUT_FORMATS, InputError, InputRow, detect_input_format
from proscribe.screen.rows import query_from_row
from proscribe.screen.writers import OUTPUT_FORMATS, PART_ROWS

SHOWN_ERRORS = 10


class AlertRecorder:
    """Records each chunk's hits as alerts (store screening only: alerts need the snapshot they hit).

    Workers send back encoded output and each row's best score, not
    `ScreenResult`s, and only a few rows of a batch have hits; so the rows
    whose best score reaches the alert threshold are screened again here,
    with the same index and options, and their results go to `record_batch`
    with the row's id as the subject.
    """

    def __init__(
        self, engine: Any, screener: Screener, limit: int, threshold: float, actor: str
    ) -> None:
        from proscribe.cases.raising import RaiseOutcome
        from proscribe.cases.settings import CaseSettings

        self.engine = engine
        self.screener = screener
        self.limit = limit
        self.threshold = threshold
        self.actor = actor
        self.settings = CaseSettings.from_env()
        self.outcome = RaiseOutcome()

    def __call__(self, items: list[InputRow], outcomes: list[RowOutcome]) -> None:
        from proscribe.cases.raising import record_batch

        cutoff = self.settings.threshold - 1e-4  # records carry scores rounded to 4 places
        hits: list[tuple[Query, list[ScreenResult]]] = []
        for item, outcome in zip(items, outcomes, strict=True):
            if outcome.error is not None or outcome.top < cutoff:
                continue
            try:
                query = query_from_row(item.row)
            except QueryError:
                continue
            hits.append((query, self.screener.screen(query, self.limit, self.threshold)))
        if not hits:
            return
        try:
            raised = record_batch(
                self.engine, hits, self.actor, origin="batch", settings=self.settings
            )
        except SQLAlchemyError as exc:
            # The chunk is written but not committed: a resumed run screens and records it again.
            raise BatchError(
                f"recording alerts failed ({exc.__class__.__name__}: {exc}); what was committed "
                "is kept, run the same command with --resume once the store is back"
            ) from exc
        self.outcome.merge(raised)


def _print_summary(summary: BatchSummary, output: Path, recorder: AlertRecorder | None) -> None:
    for message in summary.messages[:SHOWN_ERRORS]:
        err_console.print(f"[yellow]skipped[/yellow] {escape(message)}")
    if summary.errors > SHOWN_ERRORS:
        err_console.print(f"... and {summary.errors - SHOWN_ERRORS} more rows with errors")
    for warning in summary.warnings:
        err_console.print(f"[yellow]warning[/yellow] {escape(warning)}")
    resumed = f", {summary.resumed_from} of them before the resume" if summary.resumed_from else ""
    err_console.print(
        f"{summary.rows} queries{resumed}, {summary.alerts} with alerts, {summary.errors} errors, "
        f"{summary.seconds:.1f}s ({summary.rows_per_second:.0f} rows/s) -> {escape(str(output))}"
    )
    if recorder is not None:
        o = recorder.outcome
        err_console.print(
            f"alerts recorded for review: {len(o.created)} new, {o.existing + o.annotated} "
            f"already open, {o.suppressed} suppressed by the good-guy list"
        )


def _write_summary(
    path: Path,
    summary: BatchSummary,
    queries: Path,
    output: Path,
    fmt: str,
    engine: str,
    recorder: AlertRecorder | None,
) -> None:
    data: dict[str, Any] = {
        "input": str(queries),
        "output": str(output),
        "format": fmt,
        "engine": engine,
        **summary.to_dict(),
        "recorded": recorder.outcome.to_dict() if recorder is not None else None,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{path}: cannot write the summary: {exc}") from exc


def _spark(
    queries: Path,
    output: Path,
    loaded: LoadedLists,
    input_format: str,
    fmt: str,
    threshold: float,
    limit: int,
    explain: bool,
) -> BatchSummary:
    index_path = loaded.path
    if index_path is None:  # --no-cache: Spark ships the index to executors as a file
        index_path = index_dir() / "spark-batch.idx"
        loaded.index.save(index_path)
    from proscribe.spark.batch import screen_path_spark
    from proscribe.spark.session import SparkUnavailable

    try:
        # The Spark summary is a BatchSummary (with its messages and warnings), kept whole.
        return screen_path_spark(
            queries,
            output,
            index_path,
            input_format=input_format,
            output_format=fmt,
            threshold=threshold,
            limit=limit,
            explain=explain,
            master=None,
        )
    except (BatchError, SparkUnavailable) as exc:
        raise _fail(str(exc)) from exc


def screen(
    args: list[Path] = typer.Argument(
        ..., help="QUERIES file: CSV, JSONL or Parquet (then, after --lists, more list files)."
    ),
    lists: list[Path] = typer.Option(
        [], "--lists", help="List files to screen against (default: the store)."
    ),
    output: Path = typer.Option(
        ..., "--output", "-o", help="Where to write the results (Parquet: a folder)."
    ),
    fmt: str = typer.Option("jsonl", "--format", help="Output format: jsonl, csv or parquet."),
    input_format: str | None = typer.Option(
        None, "--input-format", help="csv, jsonl or parquet (default: from the file name)."
    ),
    threshold: float = typer.Option(
        DEFAULT_THRESHOLD, "--threshold", "-t", help="Alert at or above this score."
    ),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", "-k", help="Results per query."),
    workers: int = typer.Option(
        1, "--workers", "-j", help="Worker processes (0: one per CPU core)."
    ),
    explain: bool = typer.Option(True, "--explain/--no-explain", help="Include explanations."),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Rebuild the index instead of opening the saved one."
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Continue an interrupted run from its checkpoint."
    ),
    overwrite: bool = typer.Option(
        False, "--overwrite", help="Start again, discarding an interrupted run's checkpoint."
    ),
    part_rows: int = typer.Option(
        PART_ROWS,
        "--part-rows",
        help="Parquet output: queries per part file (each part is a checkpoint).",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No progress bar and no summary on stderr."
    ),
    summary_file: Path | None = typer.Option(
        None, "--summary", help="Also write the summary as JSON to this file."
    ),
    engine: str = typer.Option("local", "--engine", help="local, or spark (needs pyspark)."),
    no_record: bool = typer.Option(
        False,
        "--no-record",
        help="Screening the store: do not record the hits as alerts for review.",
    ),
    as_user: str | None = typer.Option(
        None, "--as-user", help="Who records the alerts (default: $PROSCRIBE_USER or the OS user)."
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
    """Screen every row of a queries file (id,name[,schema,birth_date,country,id_number,gender]).

    Without --lists, the store's lists are screened and the hits recorded as
    alerts for review (unless --no-record).
    """
    _check_threshold(threshold)
    if fmt not in OUTPUT_FORMATS:
        raise _fail(f"--format {fmt!r} is not supported; use {', '.join(OUTPUT_FORMATS)}")
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise _fail(f"--input-format {input_format!r} is not one of {', '.join(INPUT_FORMATS)}")
    if engine not in ("local", "spark"):
        raise _fail(f"--engine {engine!r} is not one of local, spark")
    if workers < 0:
        raise _fail(f"--workers {workers}: use 0 (one per core) or more")
    if limit < 1:
        raise _fail(f"--limit {limit}: use 1 or more")
    if part_rows < 1:
        raise _fail(f"--part-rows {part_rows}: use 1 or more")
    if resume and overwrite:
        raise _fail("--resume and --overwrite exclude each other")
    queries, extra = args[0], args[1:]
    if extra and not lists:
        raise _fail(f"unexpected arguments {' '.join(map(str, extra))!r}")
    if not queries.is_file():
        raise _fail(f"{queries}: no such file")
    lists = [*lists, *extra]
    if engine == "spark":
        if importlib.util.find_spec("pyspark") is None:
            raise _fail(
                "--engine spark needs pyspark, which is not installed "
                "(pip install pyspark, or the project's spark extra); or use --engine local"
            )
        if resume:
            raise _fail("--resume works with --engine local (Spark retries failed tasks itself)")
        if as_:
            raise _fail("--as works with --engine local only")
        if not lists and not no_record:
            raise _fail(
                "--engine spark does not record alerts for review: add --no-record, "
                "or use --engine local"
            )
    annotate = None
    if as_:
        try:
            annotate = ObligationAnnotator(lists, as_, activity, on)
        except ValueError as exc:
            raise _fail(str(exc)) from exc
    loaded = _load(lists, no_cache)
    screener = Screener(loaded.index, threshold=threshold)
    recorder: AlertRecorder | None = None
    if engine == "spark":
        try:
            in_fmt = detect_input_format(queries, input_format)
        except InputError as exc:
            raise _fail(str(exc)) from exc
        summary = _spark(queries, output, loaded, in_fmt, fmt, threshold, limit, explain)
    else:
        store = None
        if not lists and not no_record:
            from proscribe.cases.settings import SettingsError, default_actor

            store = open_store()
            try:
                recorder = AlertRecorder(
                    store.engine, screener, limit, threshold, as_user or default_actor()
                )
            except SettingsError as exc:
                store.close()
                raise _fail(str(exc)) from exc
        options = BatchOptions(
            threshold=threshold,
            limit=limit,
            explain=explain,
            input_format=input_format,
            output_format=fmt,
            workers=workers,
            resume=resume,
            overwrite=overwrite,
            part_rows=part_rows,
            obligations=f"{as_}/{activity}/{on or 'today'}" if as_ else None,
        )
        try:
            summary = screen_path(
                queries,
                output,
                screener,
                options,
                index_path=loaded.path,
                annotate=annotate,
                after_chunk=recorder,
                progress=make_progress(err_console, quiet),
            )
        except BatchError as exc:
            raise _fail(str(exc)) from exc
        except KeyboardInterrupt:
            err_console.print(
                "[yellow]interrupted[/yellow]: what was committed is kept; "
                "run the same command with --resume to continue"
            )
            raise typer.Exit(130) from None
        finally:
            if store is not None:
                store.close()
    if not quiet:
        _print_summary(summary, output, recorder)
    if summary_file is not None:
        _write_summary(summary_file, summary, queries, output, fmt, engine, recorder)


def register(app: typer.Typer) -> None:
    """Add `screen` to the main app."""
    app.command("screen")(screen)

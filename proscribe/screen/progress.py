"""A progress bar for long batches: how far through the file, rows per second, time left.

The total is what is cheap to know before reading: the file size for CSV
and JSON lines (progress counts bytes of committed rows), the row count from
the metadata for Parquet. The bar goes to stderr and only to a terminal, so
piped or logged runs get the one-line summary and nothing else.
"""

from __future__ import annotations

from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class ProgressSink(Protocol):
    def start(self, total: int | None, done: int, rows: int) -> None: ...
    def update(self, done: int, rows: int) -> None: ...
    def stop(self) -> None: ...


class NoProgress:
    """For runs that show nothing (no terminal, --quiet, tests)."""

    def start(self, total: int | None, done: int, rows: int) -> None:
        return None

    def update(self, done: int, rows: int) -> None:
        return None

    def stop(self) -> None:
        return None


class _RowsColumn(ProgressColumn):
    """Rows screened and rows per second in this session (the bar itself may count bytes)."""

    def render(self, task: Task) -> Text:
        rows = int(task.fields.get("rows", 0))
        session = rows - int(task.fields.get("rows_at_start", 0))
        elapsed = task.elapsed or 0.0
        rate = session / elapsed if elapsed > 0 else 0.0
        return Text(f"{rows:,} rows  {rate:,.0f} rows/s", style="progress.data.speed")


class RichProgress:
    """A Rich bar on the given (stderr) console."""

    def __init__(self, console: Console, description: str = "screening") -> None:
        self._progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            _RowsColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._description = description
        self._task: TaskID | None = None

    def start(self, total: int | None, done: int, rows: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task(
            self._description, total=total, completed=done, rows=rows, rows_at_start=rows
        )

    def update(self, done: int, rows: int) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=done, rows=rows)

    def stop(self) -> None:
        if self._task is not None:
            self._progress.stop()
            self._task = None


def make_progress(console: Console, quiet: bool) -> ProgressSink:
    """A bar when the console is a terminal and not --quiet, else nothing."""
    if quiet or not console.is_terminal:
        return NoProgress()
    return RichProgress(console)

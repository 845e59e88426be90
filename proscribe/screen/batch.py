"""The batch: a file of queries in (CSV, JSON lines or Parquet), results out, streaming, resumable.

    QUERIES.csv: id,name[,schema][,birth_date][,country][,id_number][,gender][,...]
    OUT.jsonl:   {"id": ..., "matches": [{"entity_id", "source", "source_id", "name",
                  "score", "match", "explanation"}, ...]}   (best first)

Columns beyond the known ones pass through to the output untouched and never
reach the matcher. A row that cannot be read or understood (no name, a birth
date that is not a date, broken CSV quoting, a line that is not JSON) gets an
output record with an "error" naming its line (row, for Parquet) and no
matches, so one bad row never loses the rest of a batch.

Memory does not depend on the input's size: rows are read in chunks, at
most `2 x workers` chunks are in flight, and results are written in input
order as soon as they are in. Worker processes open the same saved index
file (a memory map, shared by the OS). After each commit of the output a
checkpoint records how far the run got (`checkpoint.py`), so a killed run
continues with `resume=True` without losing or repeating a row.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proscribe.index.candidates import CandidateIndex
from proscribe.match.query import QueryError, normalise_schema
from proscribe.match.score import DEFAULT_THRESHOLD, compare_names
from proscribe.screen import checkpoint as ckpt
from proscribe.screen.engine import DEFAULT_LIMIT, Screener
from proscribe.screen.progress import NoProgress, ProgressSink
from proscribe.screen.readers import (
    InputError,
    InputRow,
    Position,
    QueryReader,
    detect_input_format,
    open_reader,
)
from proscribe.screen.rows import error_record, screen_rows
from proscribe.screen.writers import (
    OUTPUT_FORMATS,
    PART_ROWS,
    Encoder,
    OutputError,
    open_writer,
)

PAIR_FIELDS = ("pair_id", "schema", "name1", "name2")
CHUNK = 128
MESSAGES_KEPT = 20  # first error messages kept for the summary


class BatchError(ValueError):
    """A batch input that cannot be processed at all (missing file, missing columns, a checkpoint mismatch)."""


@dataclass(slots=True)
class BatchSummary:
    rows: int = 0
    errors: int = 0
    alerts: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)
    resumed_from: int = 0  # rows already done by the interrupted run(s) this run continued
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def count(self, record: dict[str, Any], source: Path) -> None:
        """Count one output record."""
        self.count_outcome(_outcome(record), source)

    def count_outcome(self, outcome: RowOutcome, source: Path) -> None:
        self.rows += 1
        if outcome.error is not None:
            self.errors += 1
            if len(self.messages) < MESSAGES_KEPT:
                self.messages.append(f"{source}: {outcome.error}")
        self.alerts += outcome.alert

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "alerts": self.alerts,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows_per_second, 1),
            "resumed_from": self.resumed_from,
            "first_errors": list(self.messages),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BatchSummary:
        return cls(
            rows=int(data.get("rows", 0)),
            errors=int(data.get("errors", 0)),
            alerts=int(data.get("alerts", 0)),
            seconds=float(data.get("seconds", 0.0)),
            messages=list(data.get("first_errors", [])),
            resumed_from=int(data.get("resumed_from", 0)),
            warnings=list(data.get("warnings", [])),
        )


@dataclass(slots=True)
class BatchOptions:
    """How to screen a file; all but workers, chunk, part size, resume and overwrite shape the output."""

    threshold: float | None = None
    limit: int = DEFAULT_LIMIT
    explain: bool = True
    input_format: str | None = None  # None: from the file name or content
    output_format: str = "jsonl"
    workers: int = 1
    resume: bool = False
    overwrite: bool = False
    chunk: int = CHUNK
    part_rows: int = PART_ROWS  # Parquet output: queries per part file (the commit unit)
    obligations: str | None = None  # what --as annotates, for the checkpoint's options


# A hook run on each chunk, in input order, before it is committed: the rows and their outcomes.
ChunkHook = Callable[[list[InputRow], list["RowOutcome"]], None]


def _open_csv(path: Path) -> Any:
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise BatchError(f"{path}: cannot open: {exc}") from exc


def _check_columns(path: Path, header: list[str] | None, required: tuple[str, ...]) -> None:
    if not header:
        raise BatchError(f"{path}: empty file (expected a header with {', '.join(required)})")
    missing = [c for c in required if c not in header]
    if missing:
        raise BatchError(
            f"{path}: line 1: missing column(s) {', '.join(missing)}; found {', '.join(header)}"
        )


def read_queries(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for every readable query row of a CSV; checks the header first."""
    if not path.is_file():
        raise BatchError(f"{path}: cannot open: no such file")
    try:
        reader = open_reader(path, "csv")
    except InputError as exc:
        raise BatchError(str(exc)) from exc
    with reader:
        for item in reader:
            if item.error is None:
                yield item.number, item.row


# --- screening one chunk (in this process or a worker) ---------------------------------------


def screen_items(
    screener: Screener,
    items: list[InputRow],
    threshold: float | None,
    limit: int,
    explain: bool,
    where: str,
) -> list[dict[str, Any]]:
    """One record per item, in order: read errors as error records, the rest through `screen_rows`.

    A row that makes the matcher itself fail becomes an error record too,
    rather than ending a batch of millions.
    """
    good = [(it.number, it.row) for it in items if it.error is None]
    try:
        screened = screen_rows(screener, good, threshold, limit, explain, where=where)
    except Exception:
        screened = []
        for number, row in good:
            try:
                screened.extend(
                    screen_rows(screener, [(number, row)], threshold, limit, explain, where=where)
                )
            except Exception as exc:
                screened.append(
                    error_record(row, f"{where} {number}: cannot screen this row: {exc!r}")
                )
    out: list[dict[str, Any]] = []
    it = iter(screened)
    for item in items:
        if item.error is not None:
            out.append(error_record(item.row, f"{where} {item.number}: {item.error}"))
        else:
            out.append(next(it))
    return out


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What the run needs to know of one row's record once it is encoded: its error, its alert."""

    error: str | None
    alert: bool  # a match at or above the threshold of the run
    top: float  # the best score (0 without matches): who to record alerts for


@dataclass(slots=True)
class ChunkResult:
    """A screened chunk: per-row outcomes, and the records or (when nothing in this process
    changes them) the records already encoded for the writer."""

    outcomes: list[RowOutcome]
    records: list[dict[str, Any]] | None
    encoded: Any = None


def _outcome(record: dict[str, Any]) -> RowOutcome:
    matches = record.get("matches") or ()
    return RowOutcome(
        record.get("error"),
        any(m.get("match") for m in matches),
        max((float(m.get("score") or 0.0) for m in matches), default=0.0),
    )


def screen_chunk(
    screener: Screener,
    items: list[InputRow],
    args: tuple[float | None, int, bool, str],
    encoder: Encoder | None,
) -> ChunkResult:
    """Screen a chunk; encode it for the writer here unless the main process still edits records."""
    records = screen_items(screener, items, *args)
    outcomes = [_outcome(r) for r in records]
    if encoder is None:
        return ChunkResult(outcomes, records)
    return ChunkResult(outcomes, None, encoder.encode(records))


# Worker-process state: one screener per process, over the shared saved index.
_WORKER: Screener | None = None


def _init_worker(index_path: str, threshold: float, candidates: int) -> None:
    global _WORKER
    _WORKER = Screener(
        CandidateIndex.open(Path(index_path)), threshold=threshold, candidates=candidates
    )


def _work(
    items: list[InputRow], args: tuple[float | None, int, bool, str], encoder: Encoder | None
) -> ChunkResult:
    assert _WORKER is not None
    return screen_chunk(_WORKER, items, args, encoder)


def _ping() -> int:
    return os.getpid()


@dataclass(slots=True)
class _Chunk:
    items: list[InputRow]
    end: Position  # the reader's position after the chunk's last row
    progress: int  # the reader's progress figure there (bytes or rows)


def _chunks(reader: QueryReader, size: int) -> Iterator[_Chunk]:
    items: list[InputRow] = []
    for item in reader:
        items.append(item)
        if len(items) >= size:
            yield _Chunk(items, reader.position, reader.progress)
            items = []
    if items:
        yield _Chunk(items, reader.position, reader.progress)


class _Screening:
    """Screens chunks in this process, or in worker processes with at most 2 x workers chunks in flight.

    Workers are started on entering (before any progress-bar thread runs,
    since they are forked) and stopped on leaving, pending work cancelled.
    """

    def __init__(
        self,
        screener: Screener,
        options: BatchOptions,
        where: str,
        index_path: Path | None,
        encoder: Encoder | None,
    ) -> None:
        self.screener = screener
        self.workers = options.workers if options.workers > 0 else (os.cpu_count() or 1)
        self.args = (options.threshold, options.limit, options.explain, where)
        self.index_path = index_path
        self.encoder = encoder
        self._pool: ProcessPoolExecutor | None = None
        self._tmpdir: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> _Screening:
        if self.workers <= 1:
            return self
        index_path = self.index_path
        if index_path is None:  # an index built in memory (--no-cache): workers need it as a file
            self._tmpdir = tempfile.TemporaryDirectory(prefix="proscribe-batch-")
            index_path = Path(self._tmpdir.name) / "index.idx"
            self.screener.index.save(index_path)
        import multiprocessing

        ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        self._pool = ProcessPoolExecutor(
            self.workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(str(index_path), self.screener.threshold, self.screener.candidates),
        )
        self._pool.submit(_ping).result()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._tmpdir is not None:
            self._tmpdir.cleanup()

    def results(self, chunks: Iterator[_Chunk]) -> Iterator[tuple[_Chunk, ChunkResult]]:
        """(chunk, result) in input order."""
        if self._pool is None:
            for chunk in chunks:
                yield chunk, screen_chunk(self.screener, chunk.items, self.args, self.encoder)
            return
        pending: deque[tuple[_Chunk, Future[ChunkResult]]] = deque()
        for chunk in chunks:
            pending.append((chunk, self._pool.submit(_work, chunk.items, self.args, self.encoder)))
            if len(pending) >= 2 * self.workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


# --- the run ---------------------------------------------------------------------------------


def index_identity(screener: Screener, index_path: Path | None) -> str:
    """What identifies the index in a checkpoint: its file name carries its content fingerprint."""
    if index_path is not None:
        return index_path.name
    meta = json.dumps(screener.index.meta, sort_keys=True, default=str)
    return "meta:" + hashlib.sha256(meta.encode()).hexdigest()[:24]


def _output_options(
    options: BatchOptions, input_format: str, screener: Screener, index_path: Path | None
) -> dict[str, Any]:
    return {
        "threshold": screener.threshold if options.threshold is None else options.threshold,
        "limit": options.limit,
        "explain": options.explain,
        "input_format": input_format,
        "output_format": options.output_format,
        "index": index_identity(screener, index_path),
        "obligations": options.obligations,
    }


def _prepare(
    queries: Path, output: Path, options: BatchOptions, fmt: str, wanted: dict[str, Any]
) -> ckpt.Checkpoint | None:
    """The checkpoint to resume from, or None to start afresh; refuses what would mix two runs."""
    path = ckpt.checkpoint_path(output)
    if path.exists():
        if options.resume:
            found = ckpt.load(path)
            ckpt.verify(path, found, ckpt.input_identity(queries, fmt), wanted)
            return found
        if not options.overwrite:
            raise BatchError(
                f"{output}: an interrupted run left {path.name}; "
                "use --resume to continue it or --overwrite to start again"
            )
        path.unlink()
        return None
    if options.resume and output.exists() and not options.overwrite:
        raise BatchError(
            f"{output}: nothing to resume (no {path.name}): the run that wrote it finished. "
            "Use --overwrite to screen again"
        )
    return None


def screen_path(
    queries: Path,
    output: Path,
    screener: Screener,
    options: BatchOptions | None = None,
    index_path: Path | None = None,
    annotate: Callable[[list[dict[str, Any]]], None] | None = None,
    after_chunk: ChunkHook | None = None,
    progress: ProgressSink | None = None,
) -> BatchSummary:
    """Screen every row of `queries` into `output`, streaming, in input order; see the module docstring.

    `annotate` may add to each chunk's records before they are written (the
    CLI attaches obligations); `after_chunk` sees each chunk after it is
    written and before it is committed (the CLI records alerts there).
    """
    options = options or BatchOptions()
    progress = progress or NoProgress()
    if options.output_format not in OUTPUT_FORMATS:
        raise BatchError(
            f"output format {options.output_format!r} is not one of {', '.join(OUTPUT_FORMATS)}"
        )
    if options.chunk < 1 or options.part_rows < 1 or options.workers < 0:
        raise BatchError("chunk size and part size must be positive, workers 0 or more")
    try:
        in_fmt = detect_input_format(queries, options.input_format)
        if not queries.is_file():
            raise InputError(f"{queries}: no such file")
        if output.resolve() == queries.resolve():
            raise InputError(f"{output}: the output would overwrite the queries; choose another")
        wanted = _output_options(options, in_fmt, screener, index_path)
        resumed = _prepare(queries, output, options, in_fmt, wanted)
        start = Position.from_dict(resumed.position) if resumed else None
        reader = open_reader(queries, in_fmt, start)
    except (InputError, ckpt.CheckpointError) as exc:
        raise BatchError(str(exc)) from exc
    with reader:
        summary = BatchSummary.from_dict(resumed.summary) if resumed else BatchSummary()
        if resumed:
            summary.resumed_from = summary.rows
        base_seconds = summary.seconds
        began = time.perf_counter()
        try:
            writer = open_writer(
                output,
                options.output_format,
                resumed.output if resumed else None,
                reader.passthrough,
                obligations=options.obligations is not None,
                part_rows=options.part_rows,
            )
        except OutputError as exc:
            raise BatchError(str(exc)) from exc
        check = ckpt.Checkpoint(input=ckpt.input_identity(queries, in_fmt), options=wanted)
        flat = options.output_format != "jsonl"
        known = set(reader.columns)
        stray = 0

        def commit(position: Position, state: dict[str, Any]) -> None:
            summary.seconds = base_seconds + time.perf_counter() - began
            check.position = position.to_dict()
            check.output = state
            check.summary = summary.to_dict()
            ckpt.save(ckpt.checkpoint_path(output), check)

        try:
            commit(reader.position, writer.commit())
            encoder = writer.encoder if annotate is None else None
            with _Screening(screener, options, reader.where, index_path, encoder) as screening:
                progress.start(reader.total, reader.progress, summary.rows)
                for chunk, result in screening.results(_chunks(reader, options.chunk)):
                    if result.records is not None:
                        if annotate is not None:
                            annotate(result.records)
                        writer.write(result.records)
                    else:
                        writer.write_encoded(result.encoded, len(result.outcomes))
                    for item, outcome in zip(chunk.items, result.outcomes, strict=True):
                        summary.count_outcome(outcome, queries)
                        if flat and not known.issuperset(item.row):
                            stray += 1
                    if after_chunk is not None:
                        after_chunk(chunk.items, result.outcomes)
                    if writer.commit_due():
                        commit(chunk.end, writer.commit())
                    progress.update(chunk.progress, summary.rows)
            if stray:
                summary.warnings.append(
                    f"{stray} row(s) had keys that the first row did not; the {options.output_format} "
                    "output has the first row's columns only"
                )
            # A kill between here and the unlink below resumes from the last commit: still exact.
            writer.close()
        except BaseException:
            writer.abandon()
            raise
        finally:
            progress.stop()
    ckpt.checkpoint_path(output).unlink(missing_ok=True)
    summary.seconds = base_seconds + time.perf_counter() - began
    return summary


def screen_file(
    queries: Path,
    screener: Screener,
    output: Path,
    threshold: float | None = None,
    limit: int = DEFAULT_LIMIT,
    explain: bool = True,
    workers: int = 1,
    index_path: Path | None = None,
    annotate: Callable[[list[dict[str, Any]]], None] | None = None,
) -> BatchSummary:
    """The batch contract from Python: JSON lines out, `output` replaced, no resume."""
    options = BatchOptions(
        threshold=threshold, limit=limit, explain=explain, workers=workers, overwrite=True
    )
    return screen_path(queries, output, screener, options, index_path, annotate)


def compare_pairs(pairs: Path, output: Path, threshold: float = DEFAULT_THRESHOLD) -> BatchSummary:
    """Score every name pair of `pairs` (pair_id,schema,name1,name2) into `output` as JSON lines."""
    summary = BatchSummary()
    start = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    with _open_csv(pairs) as fh, open(output, "w", encoding="utf-8") as out:
        reader = csv.DictReader(fh)
        _check_columns(pairs, list(reader.fieldnames or []), ("pair_id", "name1", "name2"))
        for row in reader:
            summary.rows += 1
            record: dict[str, Any] = {"pair_id": row.get("pair_id", "")}
            try:
                schema = normalise_schema(row.get("schema") or None)
            except QueryError as exc:
                summary.errors += 1
                record.update(
                    {"score": 0.0, "match": False, "error": f"line {reader.line_num}: {exc}"}
                )
                summary.messages.append(f"{pairs}: line {reader.line_num}: {exc}")
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                continue
            result = compare_names(row.get("name1") or "", row.get("name2") or "", schema)
            record["score"] = round(result.score, 4)
            record["match"] = result.score >= threshold
            summary.alerts += record["match"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    summary.seconds = time.perf_counter() - start
    return summary

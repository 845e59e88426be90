"""The batch contract: a CSV of queries in, one JSON line of results per query out.

    QUERIES.csv: id,name[,schema][,birth_date][,country][,id_number][,gender][,...]
    OUT.jsonl:   {"id": ..., "matches": [{"entity_id", "source", "source_id", "name",
                  "score", "match", "explanation"}, ...]}   (best first)

Columns beyond the known ones pass through to the output line untouched and
never reach the matcher. A row that cannot be understood (no name, a birth
date that is not a date) gets an output line with an "error" and no
matches, so one bad row never loses the rest of a batch; the summary counts
such rows. The pairs contract (`compare_pairs`) works the same way.

Rows are screened in parallel worker processes when asked: each worker
opens the same saved index file (a memory map, shared by the OS).
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from proscribe.index.candidates import CandidateIndex
from proscribe.match.query import QueryError, normalise_schema
from proscribe.match.score import DEFAULT_THRESHOLD, compare_names
from proscribe.screen.engine import DEFAULT_LIMIT, Screener
from proscribe.screen.rows import screen_rows

PAIR_FIELDS = ("pair_id", "schema", "name1", "name2")
CHUNK = 64


class BatchError(ValueError):
    """A batch input that cannot be processed at all (missing file, missing columns)."""


@dataclass(slots=True)
class BatchSummary:
    rows: int = 0
    errors: int = 0
    alerts: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def _open_csv(path: Path) -> IO[str]:
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
    """(line number, row) for every query row; checks the header first."""
    with _open_csv(path) as fh:
        reader = csv.DictReader(fh)
        _check_columns(path, list(reader.fieldnames or []), ("id", "name"))
        for row in reader:
            yield reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}


# Worker-process state: one screener per process, over the shared saved index.
_WORKER: Screener | None = None


def _init_worker(index_path: str, threshold: float, candidates: int) -> None:
    global _WORKER
    _WORKER = Screener(
        CandidateIndex.open(Path(index_path)), threshold=threshold, candidates=candidates
    )


def _work(
    args: tuple[list[tuple[int, dict[str, str]]], float | None, int, bool],
) -> list[dict[str, Any]]:
    assert _WORKER is not None
    rows, threshold, limit, explain = args
    return screen_rows(_WORKER, rows, threshold, limit, explain)


def _chunks(
    rows: Iterator[tuple[int, dict[str, str]]], size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    chunk: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
    """Screen every row of `queries` and write one JSON line per row to `output`, in input order.

    `annotate`, when given, may add to each chunk of records before they are
    written (the CLI uses it to attach the obligations of each alert, which
    belong to a later stage than screening).
    """
    summary = BatchSummary()
    start = time.perf_counter()
    rows = read_queries(queries)
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8") as out:

        def emit(records: list[dict[str, Any]]) -> None:
            if annotate is not None:
                annotate(records)
            for rec in records:
                summary.rows += 1
                if "error" in rec:
                    summary.errors += 1
                    summary.messages.append(f"{queries}: {rec['error']}")
                summary.alerts += any(m["match"] for m in rec["matches"])
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")

        if workers > 1 and index_path is not None:
            ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
            with ctx.Pool(
                workers,
                initializer=_init_worker,
                initargs=(str(index_path), screener.threshold, screener.candidates),
            ) as pool:
                jobs = ((chunk, threshold, limit, explain) for chunk in _chunks(rows, CHUNK))
                for records in pool.imap(_work, jobs):
                    emit(records)
        else:
            for chunk in _chunks(rows, CHUNK):
                emit(screen_rows(screener, chunk, threshold, limit, explain))
    summary.seconds = time.perf_counter() - start
    return summary


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

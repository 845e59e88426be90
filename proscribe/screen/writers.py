"""Results out: JSON lines (the batch contract), or flat CSV / Parquet, written so a killed run can resume.

JSON lines: one line per query, `{"id", <pass-through>..., "matches": [...]}`
(plus `"error"` for a row that could not be screened), exactly the batch
contract.

CSV and Parquet are flat tables, one row per (query, match):

    id, <pass-through columns>, rank, entity_id, source, source_id, schema, name,
    score, match, programmes, explanation, [obligations], error

`rank` counts from 1 (best first); `programmes` is `;`-joined; `explanation`
(and `obligations`, with `--as`) is the JSON object of the JSON-lines output
as a string. A query with no match gets one row with the match columns empty,
and a row that could not be screened one row with `error` set, so every
query appears at least once.

Each writer can `commit()`: make everything written so far durable and
return the state a resumed run restores. JSON lines and CSV are appended to
one file and committed by byte offset (a resumed run truncates to it).
Parquet cannot be appended to or truncated, so `--output OUT.parquet` is a
directory of part files (`part-00000.parquet`, ...; any Parquet reader
takes the directory as one table): the open part is written under a hidden
name and renamed when it is committed, and a resumed run deletes anything
after the last committed part.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

OUTPUT_FORMATS = ("jsonl", "csv", "parquet")
MATCH_COLUMNS = (
    "rank",
    "entity_id",
    "source",
    "source_id",
    "schema",
    "name",
    "score",
    "match",
    "programmes",
    "explanation",
)
# How often a file output is committed (fsync + checkpoint), at most; a crash
# redoes at most this much work. $PROSCRIBE_BATCH_COMMIT_SECONDS overrides it.
COMMIT_SECONDS = 1.0
# A Parquet part is committed (closed and renamed) after this many queries.
PART_ROWS = 50_000
# Rows of flat output buffered before they go to the Parquet file as one row group.
ROW_GROUP_ROWS = 8192
_PART = re.compile(r"^part-(\d{5,})\.parquet$")


class OutputError(ValueError):
    """An output that cannot be written or resumed as asked."""


def flat_columns(passthrough: list[str], obligations: bool = False) -> list[str]:
    """The columns of the CSV and Parquet outputs, in order."""
    columns = ["id", *passthrough, *MATCH_COLUMNS]
    if obligations:
        columns.append("obligations")
    columns.append("error")
    return columns


def check_flat_columns(passthrough: list[str], obligations: bool = False) -> None:
    """Refuse pass-through columns whose names the flat outputs use for results."""
    taken = {*MATCH_COLUMNS, "error", *(("obligations",) if obligations else ())}
    clash = [c for c in passthrough if c in taken]
    if clash:
        raise OutputError(
            f"input column(s) {', '.join(clash)} would clash with the result columns of the "
            "flat (csv/parquet) output; rename them or use --format jsonl"
        )


def flatten_record(
    record: dict[str, Any], passthrough: list[str], obligations: bool = False
) -> list[dict[str, Any]]:
    """One output record (a JSON line) as flat rows: one per match, or one with no match."""
    base: dict[str, Any] = {"id": record.get("id", "")}
    for key in passthrough:
        base[key] = record.get(key, "")
    empty = dict.fromkeys(MATCH_COLUMNS)
    rows = []
    error = record.get("error")
    for rank, m in enumerate(record.get("matches") or [], start=1):
        row = dict(base)
        row.update(
            rank=rank,
            entity_id=m.get("entity_id"),
            source=m.get("source"),
            source_id=m.get("source_id"),
            schema=m.get("schema"),
            name=m.get("name"),
            score=m.get("score"),
            match=m.get("match"),
            programmes=";".join(m.get("programmes") or ()),
            explanation=_json(m.get("explanation")),
        )
        if obligations:
            row["obligations"] = _json(m.get("obligations"))
        row["error"] = error
        rows.append(row)
    if not rows:
        row = {**base, **empty}
        if obligations:
            row["obligations"] = None
        row["error"] = error
        rows.append(row)
    return rows


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def commit_seconds() -> float:
    raw = os.environ.get("PROSCRIBE_BATCH_COMMIT_SECONDS", "").strip()
    try:
        return max(0.0, float(raw)) if raw else COMMIT_SECONDS
    except ValueError as exc:
        raise OutputError(f"$PROSCRIBE_BATCH_COMMIT_SECONDS={raw!r} is not a number") from exc


@dataclass(frozen=True, slots=True)
class Encoder:
    """Turns a chunk of records into what the writer appends: bytes, or an Arrow table.

    Small and picklable, so worker processes can encode their own chunks:
    serialising a chunk costs about as much as pickling it back, and the
    main process would otherwise do it for every worker.
    """

    format: str
    passthrough: tuple[str, ...] = ()
    obligations: bool = False

    @property
    def columns(self) -> list[str]:
        return flat_columns(list(self.passthrough), self.obligations)

    def schema(self) -> Any:
        import pyarrow as pa

        types = {"rank": pa.int32(), "score": pa.float64(), "match": pa.bool_()}
        return pa.schema([(c, types.get(c, pa.string())) for c in self.columns])

    def flat(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        passthrough = list(self.passthrough)
        return [row for r in records for row in flatten_record(r, passthrough, self.obligations)]

    def encode(self, records: list[dict[str, Any]]) -> Any:
        if self.format == "jsonl":
            return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
        if self.format == "csv":
            columns = self.columns
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            for row in self.flat(records):
                writer.writerow([_cell(row.get(c)) for c in columns])
            return buf.getvalue().encode("utf-8")
        import pyarrow as pa

        return pa.Table.from_pylist(self.flat(records), schema=self.schema())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class ResultWriter(ABC):
    """Common shape: write chunks (records, or encoded by `encoder`), commit now and then, close."""

    def __init__(self, path: Path, encoder: Encoder) -> None:
        self.path = path
        self.encoder = encoder
        self._every = commit_seconds()
        self._last_commit = time.monotonic()
        self._queries = 0  # queries written since the last commit

    def write(self, records: list[dict[str, Any]]) -> None:
        self.write_encoded(self.encoder.encode(records), len(records))

    @abstractmethod
    def write_encoded(self, data: Any, queries: int) -> None:
        """Append what `encoder.encode` made of `queries` records."""

    def commit_due(self) -> bool:
        """Whether to commit after the chunk just written (a commit is a checkpoint)."""
        return time.monotonic() - self._last_commit >= self._every

    @abstractmethod
    def commit(self) -> dict[str, Any]:
        """Make what was written durable; returns the checkpoint's output state."""

    @abstractmethod
    def close(self) -> dict[str, Any]:
        """Commit everything and release the file; the output is complete."""

    @abstractmethod
    def abandon(self) -> None:
        """Release the files after a failure, leaving what was committed for a resume."""


class FileWriter(ResultWriter):
    """JSON lines or CSV: one file, appended to and committed by byte offset."""

    def __init__(self, path: Path, encoder: Encoder, resume: dict[str, Any] | None) -> None:
        super().__init__(path, encoder)
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume is None:
            self._fh: IO[bytes] = open(path, "wb")  # noqa: SIM115 (closed by close/abandon)
            if encoder.format == "csv":
                buf = io.StringIO()
                csv.writer(buf, lineterminator="\n").writerow(encoder.columns)
                self._fh.write(buf.getvalue().encode("utf-8"))
        else:
            offset = int(resume["offset"])
            try:
                size = path.stat().st_size
            except OSError as exc:
                raise OutputError(f"{path}: cannot resume: {exc}") from exc
            if size < offset:
                raise OutputError(
                    f"{path}: cannot resume: the file has {size} bytes but {offset} were "
                    "committed; it was changed since. Use --overwrite to start again"
                )
            self._fh = open(path, "r+b")  # noqa: SIM115
            self._fh.truncate(offset)
            self._fh.seek(offset)

    def write_encoded(self, data: Any, queries: int) -> None:
        self._fh.write(data)

    def commit(self) -> dict[str, Any]:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._last_commit = time.monotonic()
        return {"offset": self._fh.tell()}

    def close(self) -> dict[str, Any]:
        state = self.commit()
        self._fh.close()
        return state

    def abandon(self) -> None:
        if not self._fh.closed:
            self._fh.close()


class ParquetDirWriter(ResultWriter):
    """Flat rows into numbered Parquet part files in a directory, one committed part at a time."""

    def __init__(
        self,
        path: Path,
        encoder: Encoder,
        resume: dict[str, Any] | None,
        part_rows: int = PART_ROWS,
    ) -> None:
        super().__init__(path, encoder)
        self.schema = encoder.schema()
        self._part_rows = part_rows
        if path.exists() and not path.is_dir():
            raise OutputError(f"{path}: exists and is not a directory (Parquet output is a folder)")
        path.mkdir(parents=True, exist_ok=True)
        self._parts = int(resume["parts"]) if resume is not None else 0
        self._clean(keep=self._parts)
        self._writer: Any = None
        self._open_name: Path | None = None
        self._buffer: list[Any] = []  # Arrow tables not yet written
        self._buffered = 0

    def _part(self, n: int) -> Path:
        return self.path / f"part-{n:05d}.parquet"

    def _hidden(self, n: int) -> Path:
        return self.path / f".part-{n:05d}.parquet.inprogress"

    def _clean(self, keep: int) -> None:
        """Delete parts after the committed ones and unfinished parts; refuse foreign files."""
        for entry in self.path.iterdir():
            m = _PART.match(entry.name)
            if m:
                if int(m.group(1)) >= keep:
                    entry.unlink()
            elif entry.name.startswith(".part-") and entry.name.endswith(".inprogress"):
                entry.unlink()
            else:
                raise OutputError(
                    f"{self.path}: holds {entry.name}, which this run did not write; "
                    "choose an empty or new folder for Parquet output"
                )
        missing = [n for n in range(keep) if not self._part(n).exists()]
        if missing:
            raise OutputError(
                f"{self.path}: cannot resume: committed part {self._part(missing[0]).name} "
                "is missing. Use --overwrite to start again"
            )

    def write_encoded(self, data: Any, queries: int) -> None:
        self._buffer.append(data)
        self._buffered += data.num_rows
        self._queries += queries
        if self._buffered >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            self._open_name = self._hidden(self._parts)
            self._writer = pq.ParquetWriter(self._open_name, self.schema, compression="zstd")
        table = pa.concat_tables(self._buffer)
        self._writer.write_table(table, row_group_size=max(table.num_rows, 1))
        self._buffer = []
        self._buffered = 0

    def commit_due(self) -> bool:
        return self._queries >= self._part_rows

    def commit(self) -> dict[str, Any]:
        self._flush()
        if self._writer is not None:
            assert self._open_name is not None
            self._writer.close()
            with open(self._open_name, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(self._open_name, self._part(self._parts))
            self._writer = None
            self._open_name = None
            self._parts += 1
        self._queries = 0
        self._last_commit = time.monotonic()
        return {"parts": self._parts}

    def close(self) -> dict[str, Any]:
        state = self.commit()
        if self._parts == 0:  # no query at all: still leave a readable (empty) table
            import pyarrow.parquet as pq

            pq.write_table(self.schema.empty_table(), self._part(0))
            self._parts = 1
            state = {"parts": 1}
        return state

    def abandon(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):  # the unfinished part is deleted on resume
                self._writer.close()
            self._writer = None


def open_writer(
    path: Path,
    fmt: str,
    resume: dict[str, Any] | None,
    passthrough: list[str],
    obligations: bool = False,
    part_rows: int = PART_ROWS,
) -> ResultWriter:
    """A writer for `fmt`; `resume` is the state of the last commit of a killed run, or None."""
    if fmt not in OUTPUT_FORMATS:
        raise OutputError(f"output format {fmt!r} is not one of {', '.join(OUTPUT_FORMATS)}")
    if fmt != "jsonl":
        check_flat_columns(passthrough, obligations)
    encoder = Encoder(fmt, tuple(passthrough), obligations)
    if fmt == "parquet":
        return ParquetDirWriter(path, encoder, resume, part_rows)
    return FileWriter(path, encoder, resume)

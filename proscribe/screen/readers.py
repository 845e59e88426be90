"""Query files in: CSV, JSONL and Parquet, read as a stream of rows that can stop and resume anywhere.

A batch of millions of rows must never be held in memory, must survive a
bad row, and must be able to continue exactly where a killed run stopped. So
every reader here yields one row at a time, turns a row it cannot read into
an `InputRow` with an `error` (the batch writes it out as such and goes on),
and exposes a `Position` after each row that a later run can seek back to:
a byte offset and line number for the text formats, a row count for Parquet.

Row values are text whatever the format (numbers as written, null as empty,
JSON objects and arrays as their JSON), so the same queries give the same
output from any input format.
"""

from __future__ import annotations

import csv
import json
import math
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from proscribe.screen.rows import QUERY_FIELDS

INPUT_FORMATS = ("csv", "jsonl", "parquet")
REQUIRED = ("id", "name")
# A quoted CSV field may hold line breaks; one still open after this many
# lines is taken for an unbalanced quote, and reading restarts on the next line.
MAX_RECORD_LINES = 100
MAX_RECORD_BYTES = 1 << 20
# How far into a JSONL file to look for the first object (which names the columns).
JSONL_PEEK_LINES = 1000
PARQUET_BATCH = 1024


class InputError(ValueError):
    """A query file that cannot be read at all (missing, empty, no id/name column, not Parquet)."""


@dataclass(slots=True)
class InputRow:
    """One data row: where it is in the file, its values as text, and why it could not be read."""

    number: int  # CSV/JSONL: the (first) line of the row; Parquet: row number from 1
    row: dict[str, str] = field(default_factory=dict)
    error: str | None = None  # without the location, e.g. "name is empty"


@dataclass(frozen=True, slots=True)
class Position:
    """How far a reader got: what a resumed run seeks back to."""

    rows: int = 0  # data rows consumed (good and bad)
    offset: int = 0  # CSV/JSONL: byte offset after the last row; Parquet: equal to rows
    line: int = 0  # CSV/JSONL: number of the last line consumed; Parquet: equal to rows

    def to_dict(self) -> dict[str, int]:
        return {"rows": self.rows, "offset": self.offset, "line": self.line}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Position:
        return cls(int(data["rows"]), int(data["offset"]), int(data["line"]))


def detect_input_format(path: Path, override: str | None = None) -> str:
    """csv, jsonl or parquet: as told, else from the file name, else from the first bytes."""
    if override:
        fmt = override.strip().lower()
        if fmt not in INPUT_FORMATS:
            raise InputError(f"input format {override!r} is not one of {', '.join(INPUT_FORMATS)}")
        return fmt
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc}") from exc
    if head == b"PAR1":
        return "parquet"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return "jsonl"
    return "csv"


def as_text(value: Any) -> str:
    """A value of any input format as the text the CSV would have held."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _missing(path: Path, columns: list[str], where: str) -> None:
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        found = ", ".join(columns) if columns else "nothing"
        raise InputError(f"{path}: {where}missing column(s) {', '.join(missing)}; found {found}")


class QueryReader(ABC):
    """Common shape of the readers: iterate for rows; `position` is valid after each one."""

    format = ""
    where = "line"  # how an error names the row: "line N" or "row N"
    unit = "bytes"  # what `total` and `progress` count

    def __init__(self, path: Path) -> None:
        self.path = path
        self.columns: list[str] = []
        self.total: int | None = None
        self.rows = 0  # data rows consumed (good and bad)

    @property
    def passthrough(self) -> list[str]:
        """Input columns that are not query fields: carried to the output untouched."""
        return [c for c in self.columns if c not in QUERY_FIELDS]

    @property
    def position(self) -> Position:
        """Where the reader is: after the last row it gave (and any blank lines after it)."""
        return Position(self.rows, self.rows, self.rows)

    @property
    def progress(self) -> int:
        """How far through `total` the reader is (bytes, or rows for Parquet)."""
        return self.position.offset

    @abstractmethod
    def __iter__(self) -> Iterator[InputRow]:
        """The rows, in file order, bad ones as rows carrying their error."""

    def close(self) -> None:
        return None

    def __enter__(self) -> QueryReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- CSV --------------------------------------------------------------------------------


class _Lines:
    """Physical lines of a binary file with their numbers and byte offsets, and push-back.

    Push-back is what lets a broken quote be reported on its own line: the
    lines the CSV parser swallowed after it are read again.
    """

    def __init__(self, fh: IO[bytes], offset: int, line: int) -> None:
        self._fh = fh
        self._back: list[bytes] = []
        self.offset = offset  # byte offset of the next line
        self.line = line  # number of the last line returned

    def next(self) -> bytes | None:
        raw = self._back.pop() if self._back else self._fh.readline()
        if not raw:
            return None
        if self.offset == 0 and raw.startswith(b"\xef\xbb\xbf"):
            self.offset += 3
            raw = raw[3:]
        self.offset += len(raw)
        self.line += 1
        return raw

    def push_back(self, raws: list[bytes]) -> None:
        for raw in reversed(raws):
            self._back.append(raw)
            self.offset -= len(raw)
            self.line -= 1


class _TooLong(Exception):
    pass


@dataclass(slots=True)
class _Record:
    line: int
    fields: list[str] | None
    raws: list[bytes]
    error: str | None = None
    partial: dict[str, str] = field(default_factory=dict)  # what a broken line still tells (its id)
    bad_bytes: bool = False  # some line was not UTF-8 (decoded with surrogate escapes)


class CsvReader(QueryReader):
    """RFC 4180 CSV with a header; quoted fields may hold commas, quotes and line breaks.

    Python's csv module, given an unbalanced quote, reads on to the next
    quote, possibly swallowing thousands of rows into one field. Each record
    here is parsed in strict mode from lines fed one at a time; a record that
    fails (a stray character after a closing quote, end of file inside
    quotes, more than MAX_RECORD_LINES lines, more fields than the header, or
    a line break inside a query field, which no name or date ever holds) is
    reported as broken quoting on its first line, and reading restarts on
    the line after it.
    """

    format = "csv"

    def __init__(self, path: Path, start: Position | None = None) -> None:
        super().__init__(path)
        try:
            self._fh: IO[bytes] = open(path, "rb")  # noqa: SIM115 (lives as long as the reader)
        except OSError as exc:
            raise InputError(f"{path}: cannot open: {exc}") from exc
        try:
            self.total = path.stat().st_size
            self._lines = _Lines(self._fh, 0, 0)
            header = self._next_record()
            while header is not None and header.fields == []:
                header = self._next_record()
            if header is None:
                raise InputError(
                    f"{path}: empty file (expected a header with {', '.join(REQUIRED)})"
                )
            if header.error or header.fields is None:
                raise InputError(f"{path}: line {header.line}: unreadable header: {header.error}")
            self.columns = [h.strip() for h in header.fields]
            _missing(path, self.columns, f"line {header.line}: ")
            if start is not None and start.offset > self._lines.offset:
                self._fh.seek(start.offset)
                self._lines = _Lines(self._fh, start.offset, start.line)
                self.rows = start.rows
        except BaseException:
            self._fh.close()
            raise

    def close(self) -> None:
        self._fh.close()

    @property
    def position(self) -> Position:
        return Position(self.rows, self._lines.offset, self._lines.line)

    def _next_record(self) -> _Record | None:
        lines = self._lines
        first = lines.line + 1
        head = lines.next()
        if head is None:
            return None
        bad = False

        def decode(raw: bytes) -> str:
            nonlocal bad
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                bad = True
                return raw.decode("utf-8", "surrogateescape")

        if b'"' not in head:  # most lines: no quoting, so no parser needed
            text = decode(head).rstrip("\r\n")
            return _Record(first, text.split(",") if text else [], [head], bad_bytes=bad)
        raws: list[bytes] = [head]
        size = len(head)

        def feed() -> Iterator[str]:
            nonlocal size
            yield decode(head)
            while True:
                raw = lines.next()
                if raw is None:
                    return
                raws.append(raw)
                size += len(raw)
                if len(raws) > MAX_RECORD_LINES or size > MAX_RECORD_BYTES:
                    raise _TooLong
                yield decode(raw)

        try:
            fields = next(csv.reader(feed(), strict=True))
        except StopIteration:
            return None
        except (csv.Error, _TooLong) as exc:
            return self._broken(first, raws, exc)
        if len(raws) > 1:
            width = len(self.columns) if self.columns else len(fields)
            if len(fields) > width or any(
                "\n" in v or "\r" in v
                for k, v in zip(self.columns, fields, strict=False)
                if k in QUERY_FIELDS
            ):
                return self._broken(first, raws, None)
        return _Record(first, fields, raws, bad_bytes=bad)

    def _broken(self, first: int, raws: list[bytes], exc: BaseException | None) -> _Record:
        """Report the first line as broken and give the lines after it back to the reader."""
        self._lines.push_back(raws[1:])
        text = raws[0].decode("utf-8", "replace") if raws else ""
        partial = next(csv.reader([text]), [])  # lenient: how far the line goes before the quote
        where = ""
        if self.columns and partial:
            i = len(partial) - 1
            if i < len(self.columns):
                where = f" in field {self.columns[i]!r}"
        if len(raws) > 1 or not isinstance(exc, csv.Error) or "end of data" in str(exc):
            reason = f"broken CSV quoting: a quote opened{where} is not closed on this line"
        else:
            reason = f"broken CSV quoting{where}: {exc}"
        row = {k: v for k, v in zip(self.columns, partial[:-1], strict=False)}
        return _Record(first, None, raws[:1], reason + " (line skipped)", row)

    def __iter__(self) -> Iterator[InputRow]:
        width = len(self.columns)
        while True:
            rec = self._next_record()
            if rec is None:
                return
            if rec.fields == []:  # a blank line: not a row
                continue
            self.rows += 1
            if rec.fields is None:
                yield InputRow(rec.line, rec.partial, rec.error)
                continue
            fields = rec.fields
            row = {k: v for k, v in zip(self.columns, fields, strict=False)}
            for k in self.columns[len(fields) :]:
                row[k] = ""
            error = None
            if len(fields) > width:
                error = f"{len(fields)} fields where the header has {width} (an unquoted comma?)"
            elif rec.bad_bytes:
                bad = [k for k, v in row.items() if not _is_utf8(v)]
                if bad:
                    error = f"field {bad[0]!r} is not UTF-8 text"
                    row = {k: _repair(v) for k, v in row.items()}
            yield InputRow(rec.line, row, error)


def _repair(value: str) -> str:
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _is_utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- JSONL ------------------------------------------------------------------------------


class JsonlReader(QueryReader):
    """One JSON object per line; the first object's keys are the columns (for flat outputs)."""

    format = "jsonl"

    def __init__(self, path: Path, start: Position | None = None) -> None:
        super().__init__(path)
        try:
            self._fh: IO[bytes] = open(path, "rb")  # noqa: SIM115 (lives as long as the reader)
        except OSError as exc:
            raise InputError(f"{path}: cannot open: {exc}") from exc
        try:
            self.total = path.stat().st_size
            self.columns = self._peek_columns()
            self._fh.seek(0)
            self._lines = _Lines(self._fh, 0, 0)
            if start is not None:
                self._fh.seek(start.offset)
                self._lines = _Lines(self._fh, start.offset, start.line)
                self.rows = start.rows
        except BaseException:
            self._fh.close()
            raise

    def close(self) -> None:
        self._fh.close()

    @property
    def position(self) -> Position:
        return Position(self.rows, self._lines.offset, self._lines.line)

    def _peek_columns(self) -> list[str]:
        lines = _Lines(self._fh, 0, 0)
        for _ in range(JSONL_PEEK_LINES):
            raw = lines.next()
            if raw is None:
                break
            if not raw.strip():
                continue
            try:
                doc = json.loads(raw)
            except ValueError:
                continue
            if isinstance(doc, dict):
                columns = [str(k) for k in doc]
                _missing(self.path, columns, f"line {lines.line}: first object: ")
                return columns
        if lines.line == 0:
            raise InputError(f"{self.path}: empty file (expected JSON objects with id and name)")
        raise InputError(
            f"{self.path}: no JSON object with id and name in the first {lines.line} lines"
        )

    def __iter__(self) -> Iterator[InputRow]:
        lines = self._lines
        while True:
            raw = lines.next()
            if raw is None:
                return
            if not raw.strip():
                continue
            self.rows += 1
            try:
                doc = json.loads(raw)
            except UnicodeDecodeError:
                yield InputRow(lines.line, {}, "not UTF-8 text")
                continue
            except json.JSONDecodeError as exc:
                yield InputRow(lines.line, {}, f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(doc, dict):
                yield InputRow(lines.line, {}, f"not a JSON object (found {type(doc).__name__})")
                continue
            yield InputRow(lines.line, {str(k): as_text(v) for k, v in doc.items()})


# --- Parquet ----------------------------------------------------------------------------


class ParquetReader(QueryReader):
    """Row batches from `ParquetFile.iter_batches`; a resumed run skips whole row groups first."""

    format = "parquet"
    where = "row"
    unit = "rows"

    def __init__(self, path: Path, start: Position | None = None) -> None:
        import pyarrow.parquet as pq

        super().__init__(path)
        try:
            self._file = pq.ParquetFile(path)
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: not a readable Parquet file: {exc}") from exc
        self.columns = list(self._file.schema_arrow.names)
        _missing(path, self.columns, "")
        self.total = self._file.metadata.num_rows
        if start is not None:
            self.rows = start.rows

    def close(self) -> None:
        self._file.close()

    def __iter__(self) -> Iterator[InputRow]:
        meta = self._file.metadata
        skip = self.rows
        groups: list[int] = []
        seen = 0
        for i in range(meta.num_row_groups):
            n = meta.row_group(i).num_rows
            if not groups and seen + n <= skip:  # a whole group done before the resume
                seen += n
                continue
            groups.append(i)
        drop = skip - seen  # rows of the first kept group already done
        number = seen
        if not groups:
            return
        for batch in self._file.iter_batches(batch_size=PARQUET_BATCH, row_groups=groups):
            for values in batch.to_pylist():
                number += 1
                if drop > 0:
                    drop -= 1
                    continue
                self.rows = number
                yield InputRow(number, {str(k): as_text(v) for k, v in values.items()})


def open_reader(path: Path, fmt: str, start: Position | None = None) -> QueryReader:
    """A reader for `path` in format `fmt`, positioned at `start` (a resumed run) or the first row."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if fmt == "csv":
        return CsvReader(path, start)
    if fmt == "jsonl":
        return JsonlReader(path, start)
    if fmt == "parquet":
        return ParquetReader(path, start)
    raise InputError(f"input format {fmt!r} is not one of {', '.join(INPUT_FORMATS)}")

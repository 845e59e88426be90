"""`proscribe screen --engine spark`: a query file screened on Spark, written as the local batch writes it.

The file is read once on the driver by the local batch's own reader
(`proscribe.screen.readers`), so line numbers, broken-quote recovery and the
text of every value are those of the local engine; the rows are staged as
Parquet part files with a row number, a line number and the reader's
verdict. Spark reads the staged rows in parallel, range-partitions them by
row number, screens each partition on the executors (`frame.screen_partition`,
through the local batch's `screen_items` and so `screen_rows`) and writes
its partitions as Parquet parts. The
driver then reads the parts in row order and writes the output with the
local batch's writer. Reading and writing are streaming and cost little
next to screening, which is what Spark spreads over the cluster.

The staging folder is on the driver's disk (beside the output unless told
otherwise), so this function suits a local[N] master or a cluster whose
executors share that file system; for data already in cluster storage, read
it with Spark and call `screen_dataframe` (see docs/scale.md).
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proscribe.screen.batch import BatchError, BatchSummary
from proscribe.screen.engine import DEFAULT_CANDIDATES
from proscribe.screen.readers import InputError, InputRow, detect_input_format, open_reader
from proscribe.screen.writers import OUTPUT_FORMATS, OutputError, open_writer
from proscribe.spark.frame import PartitionSpec, run_partitions
from proscribe.spark.session import get_session, require_pyspark
from proscribe.spark.ship import ship_index

ROW = "__proscribe_row"
LINE = "__proscribe_line"
UNREAD = "__proscribe_unread"
# Rows per staged Parquet part file, and the rows a Spark partition should hold at most.
STAGE_ROWS = 20_000
PARTITION_ROWS = 20_000
# Results read back per batch on the driver (a record with explanations is a few kB).
WRITE_BATCH = 1024


@dataclass(slots=True)
class SparkBatchSummary(BatchSummary):
    """The local batch's summary, counted the same way, and how many Spark tasks screened."""

    partitions: int = 0


@dataclass(slots=True)
class Staged:
    """The staged input: how many rows, and the input's field names in order (staged as c0, c1, ...)."""

    rows: int
    fields: list[str]
    stray: int = 0  # rows with a field the reader's columns do not name (JSON lines)


def stage_rows(
    rows: Iterator[InputRow], folder: Path, known: set[str], chunk: int = STAGE_ROWS
) -> Staged:
    """Write the reader's rows as Parquet parts in `folder`: row number, line, verdict, values.

    Field names become c0, c1, ... so that no input name (dots, spaces,
    names differing only in case) means anything to Spark's column
    resolution; a row that lacks a field (a JSON line without it) has null.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    slots: dict[str, int] = {}
    buffer: list[InputRow] = []
    count = 0
    part = 0
    stray = 0

    def flush() -> None:
        nonlocal part
        if not buffer:
            return
        columns: dict[str, Any] = {
            ROW: pa.array(range(count - len(buffer), count), pa.int64()),
            LINE: pa.array([r.number for r in buffer], pa.int64()),
            UNREAD: pa.array([r.error for r in buffer], pa.string()),
        }
        for name, slot in slots.items():
            columns[f"c{slot}"] = pa.array([r.row.get(name) for r in buffer], pa.string())
        pq.write_table(pa.table(columns), folder / f"part-{part:05d}.parquet")
        part += 1
        buffer.clear()

    for item in rows:
        for name in item.row:
            if name not in slots:
                slots[name] = len(slots)
        stray += not known.issuperset(item.row)
        buffer.append(item)
        count += 1
        if len(buffer) >= chunk:
            flush()
    flush()
    return Staged(count, list(slots), stray)


def _parts_in_order(folder: Path) -> list[Path]:
    """Spark's output parts sorted by their first row number (each part is one sorted range)."""
    import pyarrow.parquet as pq

    firsts = []
    for path in folder.glob("*.parquet"):
        meta = pq.ParquetFile(path).metadata
        if meta.num_rows == 0:
            continue
        head = pq.ParquetFile(path).read_row_group(0, columns=[ROW]).column(0)[0].as_py()
        firsts.append((int(head), path))
    return [p for _, p in sorted(firsts)]


def _results(folder: Path, total: int) -> Iterator[list[str]]:
    """Each row's output record (as JSON) in input order, checking no row is lost or repeated."""
    import pyarrow.parquet as pq

    expected = 0
    for path in _parts_in_order(folder):
        for batch in pq.ParquetFile(path).iter_batches(
            batch_size=WRITE_BATCH, columns=[ROW, "record"]
        ):
            rows = batch.column(0).to_pylist()
            if rows != list(range(expected, expected + len(rows))):
                raise RuntimeError(
                    f"Spark output out of order in {path.name}: expected row {expected}, "
                    f"found {rows[0]}"
                )
            expected += len(rows)
            yield batch.column(1).to_pylist()
    if expected != total:
        raise RuntimeError(f"Spark returned {expected} results for {total} rows")


def screen_path_spark(
    queries: Path,
    output: Path,
    index_path: Path | None,
    *,
    input_format: str | None,
    output_format: str,
    threshold: float,
    limit: int,
    explain: bool,
    master: str | None = None,
    partitions: int | None = None,
    candidates: int = DEFAULT_CANDIDATES,
    staging_dir: Path | None = None,
    annotate: Callable[[list[dict[str, Any]]], None] | None = None,
) -> SparkBatchSummary:
    """Screen the query file `queries` on Spark into `output`, as the local batch would write it.

    `master` is a Spark master URL (default: the active session, else
    local[*]); a session this call starts is stopped at the end.
    `partitions` overrides the number of Spark tasks (default: enough for
    every core twice over, and at most PARTITION_ROWS rows each).
    """
    if not 0.0 <= threshold <= 1.0:
        raise BatchError(f"threshold {threshold} is not between 0 and 1")
    if limit < 1:
        raise BatchError(f"limit {limit} is not a positive number")
    if output_format not in OUTPUT_FORMATS:
        raise BatchError(
            f"output format {output_format!r} is not one of {', '.join(OUTPUT_FORMATS)}"
        )
    require_pyspark()
    if index_path is None:
        raise BatchError(
            "the Spark engine ships a saved index file to the executors; "
            "this index was built in memory (--no-cache?): save it first"
        )
    if not Path(index_path).exists():
        raise BatchError(f"{index_path}: no such index")
    start = time.perf_counter()
    summary = SparkBatchSummary()
    try:
        fmt = detect_input_format(queries, input_format)
        reader = open_reader(queries, fmt)
    except InputError as exc:
        raise BatchError(str(exc)) from exc
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{output.name}.spark-", dir=staging_dir or output.parent)
    )
    try:
        with reader:
            staged = stage_rows(iter(reader), staging / "in", set(reader.columns))
            where, passthrough = reader.where, reader.passthrough
        if staged.stray and output_format != "jsonl":
            summary.warnings.append(
                f"{staged.stray} row(s) had keys that the first row did not; the {output_format} "
                "output has the first row's columns only"
            )
        if staged.rows:
            _screen_staged(
                staging,
                staged,
                index_path,
                where=where,
                threshold=threshold,
                limit=limit,
                explain=explain,
                master=master,
                partitions=partitions,
                candidates=candidates,
                summary=summary,
            )
        # Only now, with every row screened, is the old output replaced.
        try:
            writer = open_writer(output, output_format, None, passthrough, annotate is not None)
        except OutputError as exc:
            raise BatchError(str(exc)) from exc
        try:
            results = _results(staging / "out", staged.rows) if staged.rows else iter(())
            for chunk in results:
                records = [json.loads(text) for text in chunk]
                if annotate is not None:
                    annotate(records)
                writer.write(records)
                for record in records:
                    summary.count(record, queries)
            writer.close()
        except BaseException:
            writer.abandon()
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary.seconds = time.perf_counter() - start
    return summary


def _screen_staged(
    staging: Path,
    staged: Staged,
    index_path: Path,
    *,
    where: str,
    threshold: float,
    limit: int,
    explain: bool,
    master: str | None,
    partitions: int | None,
    candidates: int,
    summary: SparkBatchSummary,
) -> None:
    """Run the Spark job over the staged rows in `staging/in`; results go to `staging/out`."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    spark, created = get_session(master)
    try:
        name = ship_index(spark, index_path)
        cores = spark.sparkContext.defaultParallelism
        n = partitions or max(2 * cores, math.ceil(staged.rows / PARTITION_ROWS))
        n = max(1, min(n, staged.rows))
        summary.partitions = n
        df = (
            spark.read.option("mergeSchema", "true")
            .parquet(str(staging / "in"))
            .repartitionByRange(n, ROW)
            .sortWithinPartitions(ROW)
        )
        present = set(df.columns)
        spec = PartitionSpec(
            index_name=name,
            threshold=threshold,
            candidates=candidates,
            limit=limit,
            explain=explain,
            line_column=LINE,
            fields=tuple((f"c{i}", f) for i, f in enumerate(staged.fields) if f"c{i}" in present),
            keep=(ROW,),
            passthrough=(),
            mode="record",
            where=where,
            error_column=UNREAD,
        )
        schema = StructType(
            [
                StructField(ROW, LongType()),
                StructField("record", StringType()),
            ]
        )
        run_partitions(df, spec, schema).write.mode("overwrite").parquet(str(staging / "out"))
    finally:
        if created:
            spark.stop()

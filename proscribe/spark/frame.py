"""Screening a Spark DataFrame: every partition goes through `screen_rows`, as the local batch does.

The per-row work is the local batch's `screen_items` (a row the reader
could not read becomes an error record, the rest go through
`proscribe.screen.rows.screen_rows`) on the executors, over a `Screener`
opened from the shipped index (see `ship`), so a row gets
exactly the record the local batch writes for it: same query parsing, same
error text, same matches. `mapInPandas` hands each partition over as Arrow
batches, so the JVM-Python hop costs little next to the scoring.

Every input column reaches the row as a string (Spark's own cast: dates as
ISO dates, numbers as digits) and a null is a missing field, as an absent
key in a JSON line is for the local batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from proscribe.match.score import DEFAULT_THRESHOLD
from proscribe.screen.batch import BatchError, screen_items
from proscribe.screen.engine import DEFAULT_CANDIDATES, DEFAULT_LIMIT
from proscribe.screen.readers import InputRow
from proscribe.screen.rows import QUERY_FIELDS
from proscribe.spark.session import require_pyspark
from proscribe.spark.ship import ship_index, shipped_screener

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import Column, DataFrame
    from pyspark.sql.types import StructType

# Output columns this module adds; input columns of these names do not pass through
# (the local batch drops them from a row's pass-through too).
OUTPUT_COLUMNS = ("matches", "error")
_PID = "__proscribe_pid"
_MID = "__proscribe_mid"
_LINE = "__proscribe_line"


@dataclass(frozen=True, slots=True)
class PartitionSpec:
    """Everything a partition needs to screen its rows; pickled to the executors."""

    index_name: str
    threshold: float
    candidates: int
    limit: int
    explain: bool
    line_column: str
    fields: tuple[tuple[str, str], ...]  # (Spark column, the row's field name)
    keep: tuple[str, ...]  # columns copied to the output unchanged
    passthrough: tuple[str, ...]  # record keys written as output columns
    mode: Literal["columns", "record"]
    where: str = "line"  # how error messages name the number: "line N" or "row N"
    error_column: str | None = None  # why the reader could not read the row, if it could not


def quoted(name: str) -> str:
    """A column reference Spark reads literally, whatever dots, spaces or backticks the name holds."""
    return "`" + name.replace("`", "``") + "`"


def col(name: str) -> Column:
    from pyspark.sql import functions as F

    return F.col(quoted(name))


def check_columns(columns: Sequence[str], where: str = "DataFrame") -> None:
    missing = [c for c in ("id", "name") if c not in columns]
    if missing:
        raise BatchError(
            f"{where}: missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'}"
        )


def with_row_numbers(df: DataFrame, name: str, start: int = 1) -> DataFrame:
    """`df` with a column `name` numbering its rows start, start + 1, ... in partition order.

    One small counting job gives each partition's offset; each row adds its
    position within the partition (`monotonically_increasing_id` is the
    partition id in the upper bits and that position in the lower 33). So
    `df` must yield the same partitions each time it is computed, as a file
    read does; cache it first otherwise.
    """
    from pyspark.sql import functions as F

    tagged = df.withColumn(_PID, F.spark_partition_id()).withColumn(
        _MID, F.monotonically_increasing_id()
    )
    counts = sorted(
        (int(r[_PID]), int(r["n"])) for r in tagged.groupBy(_PID).count().toDF(_PID, "n").collect()
    )
    offsets: list[Any] = []
    total = start
    for pid, n in counts:
        offsets += [F.lit(pid), F.lit(total - (pid << 33))]
        total += n
    if not offsets:
        return df.withColumn(name, F.lit(None).cast("long"))
    number = F.element_at(F.create_map(*offsets), F.col(_PID)) + F.col(_MID)
    return tagged.withColumn(name, number.cast("long")).drop(_PID, _MID)


def screen_partition(
    spec: PartitionSpec, batches: Iterator[pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    """The mapInPandas function: one output row per input row, from the local batch's `screen_items`.

    `screen_items` is `screen_rows` plus what the local batch does around
    it: a row the reader could not read becomes an error record, and a row
    that makes the matcher fail becomes one instead of failing the task.
    """
    import pandas as pd

    screener = shipped_screener(spec.index_name, spec.threshold, spec.candidates)
    for frame in batches:
        lines = frame[spec.line_column].tolist()
        values = [(field, frame[column].tolist()) for column, field in spec.fields]
        unread = frame[spec.error_column].tolist() if spec.error_column else [None] * len(lines)
        items = [
            InputRow(
                int(line),
                {field: vals[i] for field, vals in values if vals[i] is not None},
                unread[i],
            )
            for i, line in enumerate(lines)
        ]
        records = screen_items(
            screener, items, spec.threshold, spec.limit, spec.explain, spec.where
        )
        out: dict[str, Any] = {k: frame[k].to_numpy() for k in spec.keep}
        if spec.mode == "record":
            out["record"] = [json.dumps(r, ensure_ascii=False) for r in records]
        else:
            out["id"] = [r["id"] for r in records]
            for key in spec.passthrough:
                out[key] = [r.get(key) for r in records]
            out["matches"] = [json.dumps(r["matches"], ensure_ascii=False) for r in records]
            out["error"] = [r.get("error") for r in records]
        yield pd.DataFrame(out, columns=list(out))


def run_partitions(df: DataFrame, spec: PartitionSpec, schema: StructType) -> DataFrame:
    return df.mapInPandas(partial(screen_partition, spec), schema)


def screen_dataframe(
    df: DataFrame,
    index_path: Path | str,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = DEFAULT_LIMIT,
    explain: bool = True,
    *,
    line_column: str | None = None,
    where: str = "line",
    unread_column: str | None = None,
    as_records: bool = False,
    candidates: int = DEFAULT_CANDIDATES,
) -> DataFrame:
    """Screen every row of `df` (columns id, name, optional schema, birth_date, country, id_number, gender).

    Returns one row per input row: `id`, every other input column as a
    string (pass-through, never matched on), `matches` (the JSON list the
    local batch writes under "matches", best first) and `error` (null, or
    why the row could not be screened: "line N: name is empty").

    `line_column`, a numeric column, gives the number error messages name
    (`where` says what it counts: "line" or "row") and is kept first in the
    output; without it rows are numbered 1, 2, ... in partition order (one
    extra counting pass over `df`). `unread_column`, when given, is a string
    column that is set on rows the reader could not read, saying why (such a
    row gets an error record). With `as_records` the output is instead
    `record`: each row's JSON line exactly as the local batch writes it.
    """
    require_pyspark()
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold {threshold} is not between 0 and 1")
    if limit < 1:
        raise ValueError(f"limit {limit} is not a positive number")
    check_columns(df.columns)
    for special in (line_column, unread_column):
        if special is not None and (special not in df.columns or special in QUERY_FIELDS):
            raise BatchError(f"DataFrame: {special!r} cannot be a line or unread column")
    index_name = ship_index(df.sparkSession, Path(index_path))
    inputs = [c for c in df.columns if c not in (line_column, unread_column)]
    passthrough = tuple(c for c in inputs if c not in QUERY_FIELDS and c not in OUTPUT_COLUMNS)
    selected = [col(c).cast("string").alias(c) for c in inputs]
    if unread_column is not None:
        selected.append(col(unread_column).cast("string").alias(unread_column))
    keep: tuple[str, ...] = ()
    out_fields: list[StructField] = []
    if line_column is None:
        prepared = with_row_numbers(df.select(*selected), _LINE)
        line = _LINE
    else:
        prepared = df.select(col(line_column).cast("long").alias(line_column), *selected)
        line, keep = line_column, (line_column,)
        out_fields.append(StructField(line_column, LongType()))
    if as_records:
        out_fields.append(StructField("record", StringType()))
    else:
        out_fields.append(StructField("id", StringType()))
        out_fields += [StructField(c, StringType()) for c in passthrough]
        out_fields += [StructField("matches", StringType()), StructField("error", StringType())]
    spec = PartitionSpec(
        index_name=index_name,
        threshold=threshold,
        candidates=candidates,
        limit=limit,
        explain=explain,
        line_column=line,
        fields=tuple((c, c) for c in inputs),
        keep=keep,
        passthrough=passthrough,
        mode="record" if as_records else "columns",
        where=where,
        error_column=unread_column,
    )
    return run_partitions(prepared, spec, StructType(out_fields))

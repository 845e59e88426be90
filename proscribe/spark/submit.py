"""The `spark-submit` entry point: `python -m proscribe.spark QUERIES OUTPUT --index IDX | --lists FILES`.

    spark-submit --master yarn --py-files proscribe.zip \\
        proscribe/spark/submit.py s3a://bank/customers.parquet s3a://bank/hits \\
        --index lists.idx --format parquet

Local paths (no URL scheme) go through `screen_path_spark`: the output is
one file (or Parquet folder) written exactly as `proscribe screen` writes it.
Queries and output given as URLs (hdfs://, s3a://, abfss://, dbfs:/,
file://) stay in cluster storage: Spark reads the queries in parallel and
writes part files, in input order, into the output folder; JSON lines out
are the local batch's lines, Parquet out has the `screen_dataframe`
columns. Rows are then numbered by position ("row N" in error messages),
since a distributed reader knows no line numbers. See docs/scale.md.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from proscribe.match.score import DEFAULT_THRESHOLD
from proscribe.screen.engine import DEFAULT_LIMIT

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")
ROW = "__proscribe_row"
UNREAD = "__proscribe_unread"
PARTITION_ROWS = 20_000


def is_url(value: str) -> bool:
    return bool(_URL.match(value))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m proscribe.spark",
        description="Screen a file of queries (id,name,...) on Spark against saved lists.",
    )
    p.add_argument("queries", help="CSV, JSON lines or Parquet of queries: a path or a URL")
    p.add_argument("output", help="where to write the results: a path or a URL")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--index", type=Path, help="a saved index file (on the driver)")
    source.add_argument(
        "--lists", type=Path, nargs="+", help="list files to build the index from on the driver"
    )
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT)
    p.add_argument("--no-explain", action="store_true", help="leave explanations out")
    p.add_argument("--input-format", choices=("csv", "jsonl", "parquet"), default=None)
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    p.add_argument("--partitions", type=int, default=None, help="Spark tasks for screening")
    return p


def _index(args: argparse.Namespace) -> Path:
    if args.index is not None:
        return Path(args.index)
    from proscribe.screen.lists import load_list_files

    loaded = load_list_files(args.lists)
    assert loaded.path is not None
    return loaded.path


def read_queries(spark: SparkSession, url: str, fmt: str) -> DataFrame:
    """The queries at `url` with every column as text, plus UNREAD for JSON lines Spark could not parse."""
    from pyspark.sql import functions as F

    from proscribe.spark.frame import col

    if fmt == "csv":
        df = (
            spark.read.option("header", "true")
            .option("multiLine", "true")
            .option("inferSchema", "false")
            .option("encoding", "UTF-8")
            .csv(url)
        )
    elif fmt == "jsonl":
        df = spark.read.option("mode", "PERMISSIVE").json(url)
    else:
        df = spark.read.parquet(url)
    if "_corrupt_record" in df.columns:
        df = df.withColumn(
            UNREAD,
            F.when(F.col("_corrupt_record").isNotNull(), F.lit("not valid JSON")),
        ).drop("_corrupt_record")
    if fmt != "jsonl":
        # The local readers give an empty cell as "", where Spark gives null.
        df = df.select(*(col(c).cast("string").alias(c) for c in df.columns)).na.fill("")
    return df


def url_format(url: str, override: str | None) -> str:
    """The input format of a URL: as told, else from its extension (it cannot be sniffed here)."""
    if override:
        return override
    suffix = Path(url.rstrip("/")).suffix.lower()
    formats = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
    formats.update({".parquet": "parquet", ".pq": "parquet"})
    if suffix not in formats:
        raise ValueError(f"{url}: cannot tell the format from the name; pass --input-format")
    return formats[suffix]


def screen_urls(
    spark: SparkSession,
    queries: str,
    output: str,
    index: Path,
    *,
    input_format: str,
    output_format: str,
    threshold: float,
    limit: int,
    explain: bool,
    partitions: int | None = None,
) -> None:
    """Queries from cluster storage to a folder of part files in input order."""
    from proscribe.spark.frame import check_columns, with_row_numbers
    from proscribe.spark.frame import screen_dataframe as screen

    if output_format == "csv":
        raise SystemExit("--format csv is for local paths; use jsonl or parquet for URLs")
    df = read_queries(spark, queries, input_format)
    check_columns(df.columns, queries)
    numbered = with_row_numbers(df, ROW).cache()
    rows = numbered.count()
    n = partitions or max(
        2 * spark.sparkContext.defaultParallelism, math.ceil(rows / PARTITION_ROWS)
    )
    ordered = numbered.repartitionByRange(max(1, min(n, rows or 1)), ROW).sortWithinPartitions(ROW)
    screened = screen(
        ordered,
        index,
        threshold,
        limit,
        explain,
        line_column=ROW,
        where="row",
        unread_column=UNREAD if UNREAD in df.columns else None,
        as_records=output_format == "jsonl",
    )
    if output_format == "jsonl":
        screened.select("record").write.mode("overwrite").text(output)
    else:
        screened.drop(ROW).write.mode("overwrite").parquet(output)
    numbered.unpersist()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from proscribe.screen.batch import BatchError
    from proscribe.screen.readers import InputError
    from proscribe.spark.session import SparkUnavailable, get_session

    explain = not args.no_explain
    try:
        index = _index(args)
        if not is_url(args.queries) and not is_url(args.output):
            from proscribe.spark.batch import screen_path_spark

            summary = screen_path_spark(
                Path(args.queries),
                Path(args.output),
                index,
                input_format=args.input_format,
                output_format=args.format,
                threshold=args.threshold,
                limit=args.limit,
                explain=explain,
                master=args.master,
                partitions=args.partitions,
            )
            for message in summary.messages[:10]:
                print(f"skipped {message}", file=sys.stderr)
            print(
                f"{summary.rows} queries, {summary.alerts} with alerts, {summary.errors} errors, "
                f"{summary.seconds:.1f}s ({summary.rows_per_second:.0f} rows/s, "
                f"{summary.partitions} Spark tasks) -> {args.output}",
                file=sys.stderr,
            )
            return 0
        fmt = url_format(args.queries, args.input_format)
        spark, created = get_session(args.master)
        try:
            screen_urls(
                spark,
                args.queries,
                args.output,
                index,
                input_format=fmt,
                output_format=args.format,
                threshold=args.threshold,
                limit=args.limit,
                explain=explain,
                partitions=args.partitions,
            )
        finally:
            if created:
                spark.stop()
        print(f"screened {args.queries} -> {args.output}", file=sys.stderr)
        return 0
    except (BatchError, InputError, SparkUnavailable, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""Spark equals local: the same queries screened on a local[2] SparkSession and by the local batch.

Real list data (the OFAC ICC-EO14203 rows and the UN consolidated list),
about 200 queries: hits in several spellings and scripts, misses, and bad
rows of each kind. Every comparison is row for row against the local batch
(`screen_file` / `screen_path`) or `screen_rows` itself. pyspark and Java
are installed by `make test`; without them these tests fail, saying so.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from proscribe.index.arrays import IndexFileError
from proscribe.screen.batch import BatchError, BatchOptions, screen_file, screen_path
from proscribe.screen.engine import DEFAULT_LIMIT, Screener
from proscribe.screen.lists import LoadedLists, load_list_files
from proscribe.screen.rows import screen_rows
from proscribe.sources.registry import open_list
from proscribe.spark.session import SparkUnavailable, get_session, require_java, require_pyspark

pytestmark = pytest.mark.xdist_group("spark")

THRESHOLD = 0.7
FIELDS = ["id", "name", "schema", "birth_date", "country", "segment", "note"]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    try:
        require_pyspark()
        require_java()
    except SparkUnavailable as exc:
        pytest.fail(f"{exc}. `make test` installs the spark extra ('.[dev,bench,spark]').")
    session, created = get_session(
        "local[2]",
        app_name="proscribe-tests",
        config={
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            # A short-lived JVM: the quick compiler alone starts faster on two cores.
            "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        },
    )
    yield session
    if created:
        session.stop()


@pytest.fixture(scope="module")
def list_files(lists_dir: Path) -> list[Path]:
    """Small real lists: the OFAC ICC-EO14203 rows, an OFAC sample, an EU excerpt (Arabic names)."""
    return [
        lists_dir / "ofac" / "icc_eo14203_extract_2026-04" / "sdn.csv",
        lists_dir / "ofac" / "sample_2025-05" / "sdn.csv",
        lists_dir / "eu" / "fsf_excerpt_2026-08-05_a.xml",
    ]


@pytest.fixture(scope="module")
def loaded(list_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> LoadedLists:
    return load_list_files(list_files, cache_dir=tmp_path_factory.mktemp("spark-index"))


@pytest.fixture(scope="module")
def index_file(loaded: LoadedLists) -> Path:
    """The saved index file that is shipped to the executors."""
    assert loaded.path is not None and loaded.path.is_file()
    return loaded.path


def _query_rows(list_files: list[Path]) -> list[dict[str, str]]:
    """~200 query rows: every listed name as written, lower-cased or reordered; misses; bad rows.

    A row's id says what it is; for the names as written it carries the
    entity's list id, which must come back as the best match.
    """
    entities = [e for f in list_files for e in open_list(f).entities()]
    rows: list[dict[str, str]] = []
    for i, (entity, name) in enumerate((e, n) for e in entities for n in e.names):
        variant = [name.full, name.full.lower(), " ".join(reversed(name.full.split()))][i % 3]
        born = entity.birth_dates[0].value if entity.birth_dates else ""
        rows.append(
            {
                "id": f"hit-{i}-{entity.source_id}" if i % 3 == 0 else f"near-{i}",
                "name": variant,
                "schema": entity.schema if i % 4 == 0 else "",
                "birth_date": born if i % 2 else "",
                "segment": f"seg{i % 5}",
            }
        )
        if born and i % 3 == 1:  # the same name born twenty years later
            later = f"{int(born[:4]) + 20}{born[4:]}"
            rows.append({"id": f"later-{i}", "name": name.full, "birth_date": later})
    forenames = ["Maren", "Tobias", "Ilse", "Quentin", "Solveig", "Anselm", "Birte", "Casimir"]
    surnames = ["Oberholzer", "Vandermeulen", "Kristiansen", "Lindqvist", "Marchetti", "Ekwueme"]
    for i, (f, s) in enumerate((f, s) for f in forenames for s in surnames):
        rows.append({"id": f"miss-{i}", "name": f"{f} {s}", "country": "DE" if i % 2 else ""})
    rows.append({"id": "bad-empty", "name": "  ", "segment": "x"})
    rows.append({"id": "bad-date", "name": "Karim Khan", "birth_date": "31/31/1999"})
    rows.append({"id": "bad-schema", "name": "Karim Khan", "schema": "Planet"})
    rows.append({"id": "multiline", "name": "Karim Asad Ahmad Khan", "note": "two\nlines"})
    return [{k: row.get(k, "") for k in FIELDS} for row in rows]


@pytest.fixture(scope="module")
def queries(list_files: list[Path]) -> list[dict[str, str]]:
    rows = _query_rows(list_files)
    assert 150 <= len(rows) <= 260
    return rows


def _write_csv(path: Path, rows: list[dict[str, str]], broken_after: str) -> dict[str, int]:
    """Write rows as CSV with one broken-quote line after row `broken_after`; line of each id."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, FIELDS, lineterminator="\n")
    writer.writeheader()
    lines: dict[str, int] = {}
    line = 2
    for row in rows:
        lines[row["id"]] = line
        writer.writerow(row)
        line = buf.getvalue().count("\n") + 1
        if row["id"] == broken_after:
            buf.write('bad-quote,"Unclosed name,,,,,\n')
            lines["bad-quote"] = line
            line += 1
    path.write_text(buf.getvalue(), encoding="utf-8")
    return lines


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _spark_batch(queries: Path, output: Path, loaded: LoadedLists, **kw: Any) -> Any:
    from proscribe.spark.batch import screen_path_spark

    assert loaded.path is not None
    options: dict[str, Any] = {
        "input_format": None,
        "output_format": "jsonl",
        "threshold": THRESHOLD,
        "limit": DEFAULT_LIMIT,
        "explain": True,
    }
    options.update(kw)
    return screen_path_spark(queries, output, loaded.path, **options)


def test_csv_spark_equals_local_line_for_line(
    spark: Any, loaded: LoadedLists, queries: list[dict[str, str]], tmp_path: Path
) -> None:
    q = tmp_path / "q.csv"
    lines = _write_csv(q, queries, broken_after="miss-3")
    local, remote = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    s_local = screen_file(q, Screener(loaded.index, threshold=THRESHOLD), local, THRESHOLD)
    s_spark = _spark_batch(q, remote, loaded, partitions=5)

    assert remote.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")
    assert (s_spark.rows, s_spark.alerts, s_spark.errors) == (
        s_local.rows,
        s_local.alerts,
        s_local.errors,
    )
    assert s_spark.messages == s_local.messages and s_spark.partitions == 5

    records = {r["id"]: r for r in _records(remote)}
    assert len(records) == len(queries) + 1
    assert records["bad-empty"]["error"] == f"line {lines['bad-empty']}: name is empty"
    assert records["bad-date"]["error"].startswith(f"line {lines['bad-date']}: birth_date")
    assert records["bad-schema"]["error"].startswith(f"line {lines['bad-schema']}: schema")
    assert records["bad-quote"]["error"].startswith(
        f"line {lines['bad-quote']}: broken CSV quoting"
    )
    # The row after the multi-line note keeps its own (later) line number in errors.
    assert records["multiline"]["note"] == "two\nlines"
    assert records["multiline"]["matches"][0]["source_id"] == "52965"
    hits = [r for r in records.values() if r["id"].startswith("hit-")]
    assert len(hits) > 30
    for r in hits:
        best = r["matches"][0]
        assert best["match"] and best["source_id"] == r["id"].split("-", 2)[2], r
    misses = [r for r in records.values() if r["id"].startswith("miss-")]
    assert not any(m["match"] for r in misses for m in r["matches"])
    assert s_spark.errors == 4 and all("segment" in r for r in hits)


def test_parquet_and_jsonl_inputs_equal_local(
    spark: Any, loaded: LoadedLists, queries: list[dict[str, str]], tmp_path: Path
) -> None:
    screener = Screener(loaded.index, threshold=THRESHOLD)

    # Parquet in, Parquet out (the flat table), with a null name.
    pq_rows = [dict(r) for r in queries]
    pq_rows[5]["name"] = None  # type: ignore[assignment]
    q_parquet = tmp_path / "q.parquet"
    pq.write_table(pa.Table.from_pylist(pq_rows), q_parquet, row_group_size=64)
    local_dir, spark_dir = tmp_path / "local.parquet", tmp_path / "spark.parquet"
    options = BatchOptions(threshold=THRESHOLD, output_format="parquet", overwrite=True)
    s_local = screen_path(q_parquet, local_dir, screener, options)
    s_spark = _spark_batch(q_parquet, spark_dir, loaded, output_format="parquet")
    local_table = pq.read_table(local_dir)
    spark_table = pq.read_table(spark_dir)
    assert spark_table.schema == local_table.schema
    assert spark_table.to_pylist() == local_table.to_pylist()
    assert (s_spark.rows, s_spark.alerts, s_spark.errors) == (
        s_local.rows,
        s_local.alerts,
        s_local.errors,
    )
    null_id = pq_rows[5]["id"]
    assert any(
        r["id"] == null_id and r["error"] == "row 6: name is empty" for r in spark_table.to_pylist()
    )

    # JSON lines in (keys missing on some lines, one line that is not JSON), JSON lines out.
    q_jsonl = tmp_path / "q.jsonl"
    with open(q_jsonl, "w", encoding="utf-8") as fh:
        for i, row in enumerate(queries):
            fh.write(json.dumps({k: v for k, v in row.items() if v or k in ("id", "name")}) + "\n")
            if i == 10:
                fh.write('{"id": "broken", "name": \n')
    local, remote = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    options = BatchOptions(threshold=THRESHOLD, output_format="jsonl", overwrite=True)
    screen_path(q_jsonl, local, screener, options)
    _spark_batch(q_jsonl, remote, loaded)
    assert remote.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")
    assert _records(remote)[11]["error"].startswith("line 12: not valid JSON")


def test_screen_dataframe_rows_equal_screen_rows(
    spark: Any, loaded: LoadedLists, index_file: Path
) -> None:
    from datetime import date

    from pyspark.sql import functions as F
    from pyspark.sql.types import DateType, IntegerType, StringType, StructField, StructType

    from proscribe.spark import screen_dataframe

    schema = StructType(
        [
            StructField("id", StringType()),
            StructField("name", StringType()),
            StructField("birth_date", DateType()),
            StructField("country", StringType()),
            StructField("score band", IntegerType()),
        ]
    )
    data = [
        ("a", "KHAN, Karim Asad Ahmad", date(1970, 3, 30), "GB", 1),
        ("b", "Nicolas Guillou", None, None, 2),
        ("c", None, None, "FR", 3),
        ("d", "Mokhtar Belmokhtar", None, "DZ", None),
        ("e", "Quentin Lindqvist", None, None, 5),
    ]
    df = spark.createDataFrame(data, schema)
    numbered = df.withColumn("line", F.ascii("id") * 10).repartition(2, "id")
    out = screen_dataframe(numbered, index_file, THRESHOLD, limit=3, line_column="line")
    assert out.columns == ["line", "id", "score band", "matches", "error"]
    got = {r["id"]: r for r in out.collect()}
    screener = Screener(loaded.index, threshold=THRESHOLD)
    for row in numbered.collect():
        # The row as the executors see it: Spark's text of each value, nulls left out.
        fields = {
            "id": row["id"],
            "name": row["name"],
            "birth_date": row["birth_date"].isoformat() if row["birth_date"] else None,
            "country": row["country"],
            "score band": None if row["score band"] is None else str(row["score band"]),
        }
        fields = {k: v for k, v in fields.items() if v is not None}
        (want,) = screen_rows(screener, [(row["line"], fields)], THRESHOLD, 3, True)
        have = got[row["id"]]
        assert json.loads(have["matches"]) == want["matches"]
        assert have["error"] == want.get("error")
        assert have["score band"] == want.get("score band") and have["line"] == row["line"]
    assert got["a"]["error"] is None and json.loads(got["a"]["matches"])[0]["match"] is True
    assert got["c"]["error"] == f"line {got['c']['line']}: name is empty"

    # Without a line column rows are numbered 1, 2, ... in partition order.
    ordered = spark.createDataFrame(data, schema).coalesce(1)
    plain = screen_dataframe(ordered, index_file, THRESHOLD, limit=3).collect()
    assert [r["id"] for r in plain] == ["a", "b", "c", "d", "e"]
    assert plain[2]["error"] == "line 3: name is empty"


def test_row_numbers_are_consecutive_across_partitions(spark: Any) -> None:
    from proscribe.spark import with_row_numbers

    df = spark.range(0, 1000, numPartitions=7)
    rows = with_row_numbers(df, "n").collect()
    assert [r["n"] for r in rows] == list(range(1, 1001))
    assert [r["id"] for r in rows] == list(range(1000))


def test_bad_inputs_fail_with_their_names(
    spark: Any, loaded: LoadedLists, index_file: Path, tmp_path: Path
) -> None:
    from proscribe.spark import screen_dataframe

    no_name = spark.createDataFrame([("1", "x")], "id string, label string")
    with pytest.raises(BatchError, match=r"missing column\(s\) name; found id, label"):
        screen_dataframe(no_name, index_file)
    q = tmp_path / "q.csv"
    q.write_text("id,label\n1,x\n", encoding="utf-8")
    with pytest.raises(BatchError, match=r"q\.csv: line 1: missing column\(s\) name"):
        _spark_batch(q, tmp_path / "out.jsonl", loaded)
    bogus = tmp_path / "bogus.idx"
    bogus.write_bytes(b"not an index at all")
    with pytest.raises(IndexFileError, match=r"bogus\.idx: not a proscribe index"):
        screen_dataframe(spark.createDataFrame([("1", "x")], "id string, name string"), bogus)
    q.write_text("id,name\n1,Karim Khan\n", encoding="utf-8")
    with pytest.raises(BatchError, match="output format 'xml'"):
        _spark_batch(q, tmp_path / "out.xml", loaded, output_format="xml")


def test_submit_entry_point(
    spark: Any,
    loaded: LoadedLists,
    queries: list[dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`python -m proscribe.spark`: local paths as `proscribe screen`, URLs as part files in order."""
    from proscribe.spark.submit import main

    assert loaded.path is not None
    q = tmp_path / "q.parquet"
    pq.write_table(pa.Table.from_pylist(queries), q, row_group_size=50)
    local = tmp_path / "local.jsonl"
    options = BatchOptions(threshold=THRESHOLD, output_format="jsonl", overwrite=True)
    screen_path(q, local, Screener(loaded.index, threshold=THRESHOLD), options)

    out = tmp_path / "out.jsonl"
    args = [str(q), str(out), "--index", str(loaded.path), "--threshold", str(THRESHOLD)]
    assert main(args) == 0
    assert out.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")
    assert f"{len(queries)} queries" in capsys.readouterr().err

    folder = tmp_path / "parts"
    args = [q.as_uri(), folder.as_uri(), "--index", str(loaded.path), "--partitions", "3"]
    assert main([*args, "--threshold", str(THRESHOLD)]) == 0
    parts = sorted(folder.glob("part-*"))
    assert 2 <= len(parts) <= 3
    lines = "".join(p.read_text(encoding="utf-8") for p in parts)
    assert lines == local.read_text(encoding="utf-8")

    assert main([str(q), str(out), "--index", str(tmp_path / "missing.idx")]) == 2
    assert "missing.idx" in capsys.readouterr().err

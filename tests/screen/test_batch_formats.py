"""Every input format (CSV, JSONL, Parquet) x every output format (jsonl, csv, parquet): the same results."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from proscribe.cli.main import app
from proscribe.screen.batch import BatchError, BatchOptions, screen_path
from proscribe.screen.engine import Screener
from proscribe.screen.lists import LoadedLists
from proscribe.screen.readers import as_text, detect_input_format
from proscribe.screen.writers import flat_columns
from tests.screen.conftest import query_rows, read_flat, read_jsonl, write_queries

FORMATS = ("csv", "jsonl", "parquet")
runner = CliRunner()


def _rows() -> list[dict[str, str]]:
    rows = query_rows(24, seed=3)
    rows[5]["name"] = ""  # missing name
    rows[9]["birth_date"] = "1970-13-45"  # not a date
    rows[14]["schema"] = "Spaceship"  # not a schema
    return rows


def _norm(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Empty text and null are the same thing in a flat file."""
    return [{k: (None if v == "" else v) for k, v in r.items()} for r in rows]


@pytest.fixture(scope="module")
def outputs(
    icc: LoadedLists, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Path]:
    tmp = tmp_path_factory.mktemp("formats")
    screener = Screener(icc.index)
    out = {}
    for fin in FORMATS:
        queries = write_queries(tmp / f"q.{fin}", _rows(), fin)
        for fout in FORMATS:
            target = tmp / f"out-{fin}.{fout}"
            summary = screen_path(
                queries, target, screener, BatchOptions(limit=3, output_format=fout), icc.path
            )
            assert (summary.rows, summary.errors) == (24, 3)
            out[(fin, fout)] = target
    return out


def _unplaced(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors without their location, which each format counts its own way."""
    return [
        {**r, "error": re.sub(r"^(line|row) \d+: ", "", r["error"])} if r.get("error") else r
        for r in rows
    ]


def test_every_input_and_output_format_gives_the_same_results(
    outputs: dict[tuple[str, str], Path],
) -> None:
    reference = read_jsonl(outputs[("csv", "jsonl")])
    assert [r["id"] for r in reference] == [f"c{i}" for i in range(24)]
    assert [r["ticket"] for r in reference] == [f"T-{i}" for i in range(24)]  # pass-through
    assert sum(any(m["match"] for m in r["matches"]) for r in reference) >= 5
    # c5 has no name: line 7 of the CSV (after the header), line 6 of the JSONL, row 6 of Parquet.
    located = {fin: read_jsonl(outputs[(fin, "jsonl")])[5]["error"] for fin in FORMATS}
    assert located == {
        "csv": "line 7: name is empty",
        "jsonl": "line 6: name is empty",
        "parquet": "row 6: name is empty",
    }
    for fin in FORMATS:
        assert _unplaced(read_jsonl(outputs[(fin, "jsonl")])) == _unplaced(reference), fin
    flat_reference = _unplaced(_norm(read_flat(outputs[("csv", "jsonl")], "jsonl")))
    for (fin, fout), path in outputs.items():
        assert _unplaced(_norm(read_flat(path, fout))) == flat_reference, (fin, fout)


def test_flat_output_has_one_row_per_match_and_keeps_every_query(
    outputs: dict[tuple[str, str], Path],
) -> None:
    records = read_jsonl(outputs[("csv", "jsonl")])
    flat = read_flat(outputs[("parquet", "csv")], "csv")
    import pyarrow.parquet as pq

    table = pq.read_table(outputs[("csv", "parquet")])  # a folder of parts, read as one table
    assert table.column_names == flat_columns(["ticket"])
    assert list(flat[0]) == flat_columns(["ticket"])
    assert len(flat) == table.num_rows == sum(max(1, len(r["matches"])) for r in records)
    assert {r["id"] for r in flat} == {r["id"] for r in records}  # no query disappears
    errors = [r for r in flat if r["error"]]
    assert [(r["id"], r["rank"]) for r in errors] == [("c5", None), ("c9", None), ("c14", None)]
    assert errors[0]["error"] == "row 6: name is empty"  # Parquet input: rows counted from 1
    first = [r for r in flat if r["id"] == "c0"]
    assert [r["rank"] for r in first] == list(range(1, len(first) + 1))
    scores = [r["score"] for r in first]
    assert scores == sorted(scores, reverse=True)
    explanation = json.loads(first[0]["explanation"])
    assert explanation == records[0]["matches"][0]["explanation"]


def test_parquet_rows_are_numbered_from_one(icc: LoadedLists, tmp_path: Path) -> None:
    rows = query_rows(5)
    rows[3]["name"] = None  # type: ignore[assignment]
    queries = write_queries(tmp_path / "q.parquet", rows, "parquet")
    out = tmp_path / "o.jsonl"
    screen_path(queries, out, Screener(icc.index), BatchOptions(limit=1), icc.path)
    assert read_jsonl(out)[3]["error"] == "row 4: name is empty"


def test_format_detection_and_override(
    icc_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    assert detect_input_format(Path("a.CSV")) == "csv"
    assert detect_input_format(Path("a.ndjson")) == "jsonl"
    assert detect_input_format(Path("a.pq")) == "parquet"
    odd = write_queries(tmp_path / "queries.txt", query_rows(3), "jsonl")  # JSON lines named .txt
    out = tmp_path / "o.jsonl"
    base = ["screen", str(odd), "--lists", str(icc_list), "--output", str(out)]
    wrong = runner.invoke(app, base)  # read as CSV: the header has no id,name columns
    assert wrong.exit_code == 2 and "missing column(s)" in wrong.output
    right = runner.invoke(app, [*base, "--input-format", "jsonl"], catch_exceptions=False)
    assert right.exit_code == 0, right.output
    assert [r["id"] for r in read_jsonl(out)] == ["c0", "c1", "c2"]
    bad = runner.invoke(app, [*base, "--input-format", "xlsx"])
    assert bad.exit_code == 2 and "--input-format 'xlsx'" in bad.output


def test_cli_writes_csv_and_parquet(
    icc_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    queries = write_queries(tmp_path / "q.csv", query_rows(6), "csv")
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"o.{fmt}"
        result = runner.invoke(
            app,
            [
                "screen",
                str(queries),
                "--lists",
                str(icc_list),
                "--output",
                str(out),
                "--format",
                fmt,
                "-k",
                "2",
            ],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        assert "6 queries" in result.output
        rows = read_flat(out, fmt)
        assert {r["id"] for r in rows} == {f"c{i}" for i in range(6)}
    assert sorted(p.name for p in (tmp_path / "o.parquet").iterdir()) == ["part-00000.parquet"]


def test_flat_output_refuses_a_pass_through_column_named_like_a_result(
    icc: LoadedLists, tmp_path: Path
) -> None:
    rows = [{"id": "1", "name": "Karim Khan", "score": "high"}]
    queries = write_queries(tmp_path / "q.csv", rows, "csv")
    with pytest.raises(BatchError, match="score"):
        screen_path(
            queries, tmp_path / "o.csv", Screener(icc.index), BatchOptions(output_format="csv")
        )
    # JSON lines have no such clash: the column passes through.
    screen_path(queries, tmp_path / "o.jsonl", Screener(icc.index), BatchOptions())
    assert read_jsonl(tmp_path / "o.jsonl")[0]["score"] == "high"


def test_values_are_read_as_text_whatever_the_format() -> None:
    from datetime import date, datetime

    assert as_text(None) == ""
    assert as_text(1970.0) == "1970"
    assert as_text(12) == "12"
    assert as_text(True) == "true"
    assert as_text(date(1970, 3, 30)) == "1970-03-30"
    assert as_text(datetime(1970, 3, 30)) == "1970-03-30"
    assert as_text({"a": [1]}) == '{"a": [1]}'

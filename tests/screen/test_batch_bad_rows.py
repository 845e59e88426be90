"""Bad rows of every kind get an error record naming their line (or Parquet row), and the run goes on."""

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
from proscribe.screen.readers import MAX_RECORD_LINES, CsvReader
from tests.screen.conftest import read_jsonl, write_queries

runner = CliRunner()


def _screen(icc: LoadedLists, queries: Path, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "out.jsonl"
    screen_path(queries, out, Screener(icc.index), BatchOptions(limit=2), icc.path)
    return read_jsonl(out)


def _by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


def test_csv_bad_rows_are_reported_by_line_and_the_rest_is_screened(
    icc: LoadedLists, tmp_path: Path
) -> None:
    queries = tmp_path / "q.csv"
    queries.write_bytes(
        b"id,name,schema,birth_date,ticket\n"  # line 1
        b"q1,Karim Khan,Person,1970-03-30,T1\n"  # 2
        b"q2,,Person,,T2\n"  # 3: no name
        b'q3,"Karim Khan,Person,,T3\n'  # 4: unbalanced quote
        b"q4,Nicolas Guillou,Person,,T4\n"  # 5: would be swallowed by q3's quote
        b'q5,"Kimberly Prost",Person,,"T5"\n'  # 6
        b"q6,Karim Khan,,yesterday,T6\n"  # 7: not a date
        b"q7,Jane Doe,Spaceship,,T7\n"  # 8: not a schema
        b'q8,"Khan" Karim,Person,,T8\n'  # 9: text after a closing quote
        b"q9,Karim Khan,Person,,T9,surplus\n"  # 10: one field too many
        b"q10,Kar\xefm Khan,Person,,T10\n"  # 11: not UTF-8
        b'q11,"KHAN, Karim",Person,,"two\nlines"\n'  # 12-13: a legitimate quoted line break
        b"\n"  # 14: blank, not a row
        b"q12,Francesca Albanese,Person,,T12\n"  # 15
    )
    records = _screen(icc, queries, tmp_path)
    assert [r["id"] for r in records] == [f"q{i}" for i in range(1, 13)]
    by_id = _by_id(records)
    assert by_id["q2"]["error"] == "line 3: name is empty"
    assert by_id["q3"]["error"].startswith("line 4: broken CSV quoting")
    assert "field 'name'" in by_id["q3"]["error"]
    assert by_id["q6"]["error"].startswith("line 7: birth_date 'yesterday' is not a date")
    assert by_id["q7"]["error"].startswith("line 8: schema 'Spaceship'")
    assert by_id["q8"]["error"].startswith("line 9: broken CSV quoting")
    assert by_id["q9"]["error"] == "line 10: 6 fields where the header has 5 (an unquoted comma?)"
    assert by_id["q10"]["error"] == "line 11: field 'name' is not UTF-8 text"
    for good in ("q1", "q4", "q5", "q11", "q12"):
        assert "error" not in by_id[good], by_id[good]
        assert by_id[good]["matches"] and by_id[good]["matches"][0]["match"], good
    assert by_id["q4"]["matches"][0]["source_id"] == "54211"  # GUILLOU: not swallowed
    assert by_id["q11"]["ticket"] == "two\nlines"
    assert all(r["matches"] == [] for r in records if "error" in r)
    assert by_id["q5"]["ticket"] == "T5"


def test_a_quote_left_open_to_the_end_of_the_file(icc: LoadedLists, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(
        'id,name\nq1,Karim Khan\nq2,"Nicolas Guillou\nq3,Kimberly Prost\n', encoding="utf-8"
    )
    records = _screen(icc, queries, tmp_path)
    assert [r["id"] for r in records] == ["q1", "q2", "q3"]
    assert records[1]["error"] == (
        "line 3: broken CSV quoting: a quote opened in field 'name' is not closed on this line "
        "(line skipped)"
    )
    assert "error" not in records[2]


def test_a_quote_never_closed_costs_one_line_not_the_file(tmp_path: Path) -> None:
    """Without quotes to close it, the parser would read to the end; the reader gives up after a bound."""
    queries = tmp_path / "q.csv"
    lines = ["id,name,note", 'q0,"Karim Khan,x']
    lines += [f"q{i},Name {i},plain" for i in range(1, MAX_RECORD_LINES * 3)]
    queries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with CsvReader(queries) as reader:
        items = list(reader)
    assert len(items) == MAX_RECORD_LINES * 3
    assert items[0].error is not None and items[0].number == 2
    assert items[0].row == {"id": "q0"}  # the id is still known, so the error can be traced
    assert all(it.error is None for it in items[1:])
    assert items[-1].number == MAX_RECORD_LINES * 3 + 1


def test_jsonl_bad_lines(icc: LoadedLists, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"id": "j1", "name": "Karim Khan"}\n'
        '{"id": "j2", "name": null}\n'
        '{"id": "j3", "name": "Karim Khan", "birth_date": "soon"}\n'
        '{"id": "j4", name: "x"}\n'
        "[1, 2]\n"
        "\n"
        '{"id": 6, "name": "Nicolas Guillou", "birth_date": 1960}\n',
        encoding="utf-8",
    )
    records = _screen(icc, queries, tmp_path)
    assert [r["id"] for r in records] == ["j1", "j2", "j3", "", "", "6"]
    assert records[1]["error"] == "line 2: name is empty"
    assert records[2]["error"].startswith("line 3: birth_date 'soon'")
    assert records[3]["error"].startswith("line 4: not valid JSON (")
    assert records[4]["error"] == "line 5: not a JSON object (found list)"
    assert "error" not in records[5]  # line 7: numbers read as text


def test_parquet_null_name_and_bad_date(icc: LoadedLists, tmp_path: Path) -> None:
    rows: list[dict[str, Any]] = [
        {"id": "p1", "name": "Karim Khan", "birth_date": None},
        {"id": "p2", "name": None, "birth_date": None},
        {"id": "p3", "name": "Karim Khan", "birth_date": "1970-13-45"},
        {"id": "p4", "name": "Nicolas Guillou", "birth_date": None},
    ]
    records = _screen(icc, write_queries(tmp_path / "q.parquet", rows, "parquet"), tmp_path)
    assert records[1]["error"] == "row 2: name is empty"
    assert records[2]["error"].startswith("row 3: birth_date '1970-13-45'")
    assert "error" not in records[0] and "error" not in records[3]


def test_unreadable_files_stop_before_writing(icc: LoadedLists, tmp_path: Path) -> None:
    screener = Screener(icc.index)
    out = tmp_path / "o.jsonl"
    cases = {
        "empty.csv": (b"", "empty file"),
        "cols.csv": (b"identifier,fullname\n1,x\n", "line 1: missing column(s) id, name"),
        "nothing.jsonl": (b'{"key": 1}\n', "missing column(s) id, name"),
        "broken.parquet": (b"PAR1 not really", "not a readable Parquet file"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(BatchError, match=re.escape(message)):
            screen_path(path, out, screener)
        assert not out.exists()
    with pytest.raises(BatchError, match="no such file"):
        screen_path(tmp_path / "missing.csv", out, screener)
    queries = tmp_path / "q.csv"
    queries.write_text("id,name\n1,Karim Khan\n", encoding="utf-8")
    with pytest.raises(BatchError, match="would overwrite the queries"):
        screen_path(queries, queries, screener)
    assert queries.read_text(encoding="utf-8") == "id,name\n1,Karim Khan\n"


def test_cli_prints_the_first_errors_and_writes_the_summary(
    icc_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name\n" + "".join(f"e{i},\n" for i in range(12)) + "ok,Karim Khan\n", encoding="utf-8"
    )
    summary = tmp_path / "summary.json"
    out = tmp_path / "o.jsonl"
    result = runner.invoke(
        app,
        [
            "screen",
            str(queries),
            "--lists",
            str(icc_list),
            "--output",
            str(out),
            "--summary",
            str(summary),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert (
        "line 2: name is empty" in result.output and "and 2 more rows with errors" in result.output
    )
    assert "13 queries, 1 with alerts, 12 errors" in result.output
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert (data["rows"], data["alerts"], data["errors"]) == (13, 1, 12)
    assert data["first_errors"][0].endswith("line 2: name is empty")
    assert data["seconds"] >= 0 and data["rows_per_second"] >= 0 and data["recorded"] is None
    quiet = runner.invoke(
        app,
        ["screen", str(queries), "--lists", str(icc_list), "--output", str(out), "--quiet"],
        catch_exceptions=False,
    )
    assert quiet.exit_code == 0 and quiet.output == ""

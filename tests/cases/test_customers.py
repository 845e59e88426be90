"""Importing the monitored set: three formats, re-import as update and removal, all-or-nothing checks."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from proscribe.cases import audit
from proscribe.cases.customers import (
    count_customers,
    get_customer,
    import_customers,
    list_customers,
)
from proscribe.cases.errors import AlertNotFoundError, CustomerFileError
from proscribe.cases.namekeys import decode_forms, make_token
from proscribe.index.prepare import prepare_name
from proscribe.store import Store

ROWS = [
    {
        "id": "C1",
        "name": "John Smith",
        "schema": "Person",
        "birth_date": "1970-01-01",
        "country": "US",
        "id_number": "",
    },
    {
        "id": "C2",
        "name": "Vladimir Petrov",
        "schema": "person",
        "birth_date": "1965",
        "country": "Russia",
        "id_number": "X1;X2",
    },
    {
        "id": "C3",
        "name": "Artmarine LLC",
        "schema": "Organization",
        "birth_date": "",
        "country": "",
        "id_number": "",
    },
]


def _csv(path: Path, rows: list[dict[str, str]], extra: str = "") -> Path:
    cols = ["id", "name", "schema", "birth_date", "country", "id_number"] + (
        [extra] if extra else []
    )
    lines = [",".join(cols)] + [",".join(r.get(c, "") for c in cols) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_import_stores_checked_values_and_prepared_names(store: Store, tmp_path: Path) -> None:
    result = import_customers(store.engine, _csv(tmp_path / "c.csv", ROWS), "ops", workers=1)
    assert (result.rows, result.added, result.updated, result.removed) == (3, 3, 0, 0)
    c2 = get_customer(store.engine, "C2")
    assert (c2.schema, c2.birth_date, c2.country, c2.id_number) == ("Person", "1965", "RU", "X1;X2")
    assert c2.query().identifiers == ("X1", "X2")
    assert not c2.screened
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql(
            "SELECT name_forms FROM customers WHERE customer_id = 'C3'"
        ).scalar_one()
    decoded = decode_forms(stored)
    forms = tuple(tuple(make_token(t) for t in words) for words, _runs in decoded)
    assert forms == prepare_name("Artmarine LLC", "Organization").forms
    # Adjacent name words are also stored read as one word, as the aligner reads them (not a legal form).
    assert decoded[0][1] == []
    with store.engine.connect() as conn:
        smith = conn.exec_driver_sql(
            "SELECT name_forms FROM customers WHERE customer_id = 'C1'"
        ).scalar_one()
    [(_words, runs)] = decode_forms(smith)
    assert [(run[:2], make_token(run[2:]).text) for run in runs] == [("02", "johnsmith")]
    [record] = [r for r in audit.records(store.engine) if r.action == "customers.imported"]
    assert (
        record.actor == "ops"
        and record.content["added"] == 3
        and len(record.content["file_hash"]) == 64
    )


def test_jsonl_gzip_and_parquet_give_the_same_set(store: Store, tmp_path: Path) -> None:
    jsonl = tmp_path / "c.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as fh:
        for row in ROWS:
            fh.write(json.dumps({k: v for k, v in row.items() if v}) + "\n")
    first = import_customers(store.engine, jsonl, "ops", workers=1)
    assert first.added == 3
    parquet = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), parquet)
    again = import_customers(store.engine, parquet, "ops", workers=1)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_reimport_updates_removes_and_brings_back(store: Store, tmp_path: Path) -> None:
    import_customers(store.engine, _csv(tmp_path / "a.csv", ROWS), "ops", workers=1)
    changed = [dict(ROWS[0], name="John A. Smith"), ROWS[1]]
    result = import_customers(store.engine, _csv(tmp_path / "b.csv", changed), "ops", workers=1)
    assert (result.added, result.updated, result.unchanged, result.removed) == (0, 1, 1, 1)
    assert count_customers(store.engine) == {"active": 2, "removed": 1}
    assert get_customer(store.engine, "C1").name == "John A. Smith"
    assert not get_customer(store.engine, "C3").active
    assert [c.customer_id for c in list_customers(store.engine, include_removed=True)] == [
        "C1",
        "C2",
        "C3",
    ]
    # Upsert adds and updates only; a removed customer comes back.
    result = import_customers(
        store.engine, _csv(tmp_path / "c.csv", [ROWS[2]]), "ops", mode="upsert", workers=1
    )
    assert (result.reactivated, result.removed) == (1, 0)
    assert count_customers(store.engine) == {"active": 3, "removed": 0}
    assert [c.customer_id for c in list_customers(store.engine, search="smith")] == ["C1"]


def test_extra_columns_are_kept(store: Store, tmp_path: Path) -> None:
    rows = [dict(ROWS[0], branch="Leeds")]
    import_customers(store.engine, _csv(tmp_path / "c.csv", rows, extra="branch"), "ops", workers=1)
    assert get_customer(store.engine, "C1").extra == {"branch": "Leeds"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,name\nA,Ann\nA,Ann Again\n", "line 3: id 'A' repeats the customer of line 2"),
        ("id,name,birth_date\nA,Ann,31/31/1970\n", "line 2: birth_date"),
        ("id,name,country\nA,Ann,Narnia\n", "line 2: country 'Narnia'"),
        ("id,name,schema\nA,Ann,Dragon\n", "line 2: schema 'Dragon'"),
        ("id,name\n,Ann\n", "line 2: id is empty"),
        ("name,birth_date\nAnn,1970\n", "line 1: missing column(s) id"),
        ("id,name\n", "no customer rows"),
    ],
)
def test_bad_rows_fail_the_whole_import_naming_file_and_line(
    store: Store, tmp_path: Path, content: str, expected: str
) -> None:
    import_customers(store.engine, _csv(tmp_path / "ok.csv", ROWS), "ops", workers=1)
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(CustomerFileError) as info:
        import_customers(store.engine, bad, "ops", workers=1)
    assert str(bad) in str(info.value)
    assert expected in str(info.value)
    # Nothing changed: a half-read replace would have removed customers.
    assert count_customers(store.engine) == {"active": 3, "removed": 0}


def test_bad_jsonl_and_parquet_rows_are_named(store: Store, tmp_path: Path) -> None:
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text('{"id": "A", "name": "Ann"}\nnot json\n', encoding="utf-8")
    with pytest.raises(CustomerFileError, match="line 2: not a JSON object"):
        import_customers(store.engine, jsonl, "ops", workers=1)
    parquet = tmp_path / "c.parquet"
    pq.write_table(
        pa.Table.from_pylist([{"id": "A", "name": "Ann"}, {"id": "B", "name": ""}]), parquet
    )
    with pytest.raises(CustomerFileError, match="row 2: name is empty"):
        import_customers(store.engine, parquet, "ops", workers=1)
    with pytest.raises(CustomerFileError, match="no such file"):
        import_customers(store.engine, tmp_path / "missing.csv", "ops")
    with pytest.raises(AlertNotFoundError):
        get_customer(store.engine, "nobody")

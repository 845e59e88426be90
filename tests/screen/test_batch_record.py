"""Screening the store in batch records the hits as alerts (once per customer and party); list files do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from proscribe.cases import alerts
from proscribe.cli import batch_cli
from proscribe.cli.main import app
from proscribe.sources.registry import open_list
from proscribe.store import Store
from tests.screen.conftest import read_jsonl, write_queries

runner = CliRunner()


@pytest.fixture()
def store_url(icc_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PROSCRIBE_DB_URL", url)
    monkeypatch.delenv("PROSCRIBE_ALERT_THRESHOLD", raising=False)
    with Store.open(url) as store:
        store.import_list(open_list(icc_list))
    return url


def _queries(tmp_path: Path) -> Path:
    rows = [
        {"id": "C1", "name": "Karim Khan", "birth_date": "1970-03-30"},
        {"id": "C2", "name": "Nicolas Guillou", "birth_date": ""},
        {"id": "C3", "name": "Maria Garcia", "birth_date": ""},
        {"id": "C4", "name": "", "birth_date": ""},
    ]
    return write_queries(tmp_path / "customers.csv", rows, "csv")


def _screen(*args: str) -> str:
    result = runner.invoke(app, ["screen", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_store_batch_records_alerts_once_per_pair(store_url: str, tmp_path: Path) -> None:
    queries, out = _queries(tmp_path), tmp_path / "o.jsonl"
    printed = _screen(str(queries), "--output", str(out), "--workers", "2", "--as-user", "nightly")
    alerting = {r["id"] for r in read_jsonl(out) if any(m["match"] for m in r["matches"])}
    assert alerting == {"C1", "C2"}
    with Store.open(store_url) as store:
        raised = alerts.list_alerts(store.engine)
        assert {(a.subject_id, a.entity_id) for a in raised} == {
            ("C1", "ofac:52965"),
            ("C2", "ofac:54211"),
        }
        assert {(a.origin, a.subject_type) for a in raised} == {("batch", "customer")}
    assert "2 new" in printed
    again = _screen(str(queries), "--output", str(out))  # the same customers: no second alert
    assert "0 new, 2 already open" in again
    _screen(str(queries), "--output", str(out), "--no-record")
    with Store.open(store_url) as store:
        assert len(alerts.list_alerts(store.engine)) == 2


def test_list_files_record_nothing(store_url: str, icc_list: Path, tmp_path: Path) -> None:
    queries, out = _queries(tmp_path), tmp_path / "o.jsonl"
    printed = _screen(str(queries), "--lists", str(icc_list), "--output", str(out))
    assert "recorded" not in printed
    with Store.open(store_url) as store:
        assert alerts.list_alerts(store.engine) == []


def test_spark_engine_without_pyspark_says_so(
    icc_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    real = batch_cli.importlib.util.find_spec
    monkeypatch.setattr(
        batch_cli.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "pyspark" else real(name, *a),
    )
    queries = _queries(tmp_path)
    args = ["screen", str(queries), "--lists", str(icc_list), "--output", str(tmp_path / "o")]
    result = runner.invoke(app, [*args, "--engine", "spark"])
    assert result.exit_code == 2 and "needs pyspark" in result.output
    unknown = runner.invoke(app, [*args, "--engine", "dask"])
    assert unknown.exit_code == 2 and "--engine 'dask'" in unknown.output

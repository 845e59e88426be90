"""`proscribe check` against the store records its hits as alerts (origin cli), on the real ICC
extract; `--no-record` and list files given with `--lists` record nothing, and say so."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from proscribe.cases import alerts
from proscribe.cases.goodguys import list_suppressions
from proscribe.cases.raising import record_screening
from proscribe.cases.settings import CaseSettings
from proscribe.cli.main import app
from proscribe.cli.state import STATE
from proscribe.match.query import Query
from proscribe.screen.engine import Screener
from proscribe.screen.lists import load_store
from proscribe.sources.registry import open_list
from proscribe.store import Store

runner = CliRunner()
ICC = Path("ofac/icc_eo14203_extract_2026-04/sdn.csv")
KHAN_ID = "ofac:52965"


@pytest.fixture(autouse=True)
def _cli_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """`proscribe`'s callback keeps --db in a module global: put it back after each test, so the
    case commands that other tests run without the callback open their own store, not ours."""
    monkeypatch.setattr(STATE, "db_url", STATE.db_url)


@pytest.fixture
def icc_store(lists_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store holding the ICC extract, named by $PROSCRIBE_DB_URL as a deployment would."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("PROSCRIBE_DB_URL", url)
    with Store.open(url) as store:
        store.import_list(open_list(lists_dir / ICC))
        yield store


def check(*args: str) -> dict[str, Any]:
    result = runner.invoke(
        app, ["check", "Karim Khan", "--dob", "1970-03-30", "--json", *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_check_records_an_alert_once_per_customer(icc_store: Store) -> None:
    out = check("--customer", "C-1", "--actor", "alice")
    assert out["matches"][0]["entity_id"] == KHAN_ID
    recording = out["recording"]
    assert recording["recorded"] is True and recording["alerts"] == 1
    [alert] = alerts.list_alerts(icc_store.engine)
    assert (alert.id, alert.subject_id, alert.entity_id, alert.origin) == (
        recording["alert_ids"][0],
        "C-1",
        KHAN_ID,
        "cli",
    )
    assert alert.query["birth_date"]["value"] == "1970-03-30"
    [created] = alerts.get_alert(icc_store.engine, alert.id).events
    assert created.actor == "alice"

    # The same customer again: the standing alert is not raised twice.
    again = check("--customer", "C-1", "--as-user", "alice")["recording"]
    assert (again["alerts"], again["existing"]) == (0, 1)
    assert len(alerts.list_alerts(icc_store.engine)) == 1


def test_no_record_and_list_files_record_nothing(
    icc_store: Store, lists_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROSCRIBE_USER", "bob")
    looked = check("--no-record")
    assert looked["matches"][0]["entity_id"] == KHAN_ID
    assert looked["recording"] == {"recorded": False, "reason": "--no-record"}
    assert alerts.list_alerts(icc_store.engine) == []

    from_files = check("--lists", str(lists_dir / ICC))
    assert from_files["recording"]["recorded"] is False
    assert "--lists" in from_files["recording"]["reason"]
    assert alerts.list_alerts(icc_store.engine) == []
    table = runner.invoke(
        app, ["check", "Karim Khan", "--lists", str(lists_dir / ICC)], terminal_width=200
    )
    assert table.exit_code == 0 and "not recorded as alerts: lists from files" in table.output

    # Without a customer id, each screening is its own subject: every check is a new alert.
    recorded = runner.invoke(
        app, ["check", "Karim Khan", "--dob", "1970-03-30"], terminal_width=200
    )
    assert recorded.exit_code == 0, recorded.output
    assert "recorded: 1 new alert(s)" in recorded.output
    check()
    found = alerts.list_alerts(icc_store.engine)
    assert len(found) == 2 and {a.subject_type for a in found} == {"query"}
    assert {alerts.get_alert(icc_store.engine, a.id).events[0].actor for a in found} == {"bob"}


def test_cleared_customer_is_suppressed_on_the_next_check(icc_store: Store) -> None:
    alert_id = check("--customer", "C-2")["recording"]["alert_ids"][0]
    settings = CaseSettings.from_env()
    alerts.decide(icc_store.engine, alert_id, "false_positive", "ann", "other person", settings)
    alerts.decide(icc_store.engine, alert_id, "false_positive", "ben", "agreed", settings)
    recording = check("--customer", "C-2")["recording"]
    assert (recording["alerts"], recording["suppressed"]) == (0, 1)
    [held] = list_suppressions(icc_store.engine, subject_id="C-2")
    assert (held.entity_id, held.origin) == (KHAN_ID, "cli")


def test_bad_case_settings_fail_before_screening(
    icc_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROSCRIBE_ALERT_THRESHOLD", "high")
    result = runner.invoke(app, ["check", "Karim Khan"])
    assert result.exit_code == 2 and "PROSCRIBE_ALERT_THRESHOLD" in result.output
    assert check("--no-record")["recording"]["recorded"] is False  # a look-up needs no settings


def test_hits_below_the_alert_threshold_are_not_alerts(icc_store: Store) -> None:
    index = load_store(icc_store.url).index
    results = Screener(index).screen(
        Query.make("Karim Khan", birth_date="1990-01-01"), limit=5, min_score=0.0
    )
    assert results and results[0].entity_id == KHAN_ID
    strict = CaseSettings(threshold=0.99)
    assert all(r.score < 0.99 for r in results)
    outcome = record_screening(
        icc_store.engine, Query.make("Karim Khan"), results, "carl", "cli", "C-3", strict
    )
    assert outcome.to_dict()["alerts"] == 0 and alerts.list_alerts(icc_store.engine) == []

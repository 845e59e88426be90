"""Two reviewers, two database connections, one alert: only one decision lands (PostgreSQL and SQLite)."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from proscribe.cases import alerts
from proscribe.cases.customers import import_customers
from proscribe.cases.errors import AlertStateError, VersionConflictError
from proscribe.cases.goodguys import list_good_guys
from proscribe.cases.monitor import run_monitoring
from proscribe.cases.settings import CaseSettings
from proscribe.cases.tables import alerts as alerts_table
from proscribe.store import Store
from tests.cases.conftest import base_entities
from tests.store.conftest import make_store_url


def _alert(store: Store, customers_file: Path, settings: CaseSettings) -> int:
    import_customers(store.engine, customers_file, "ops", workers=1)
    store.import_entities("testlist", "test", [], base_entities())
    run_monitoring(store, "scheduler", settings, workers=1)
    return alerts.list_alerts(store.engine, subject_id="C3")[0].id


@pytest.mark.parametrize(
    ("decisions", "version"),
    [
        # Two final decisions: whoever comes second finds the alert decided.
        (("false_positive", "false_positive"), None),
        # An escalation and a decision, each made on the version the reviewer read.
        (("escalated", "false_positive"), 1),
    ],
)
def test_two_reviewers_racing_on_separate_connections(
    store_url: str,
    store: Store,
    customers_file: Path,
    settings: CaseSettings,
    decisions: tuple[str, str],
    version: int | None,
) -> None:
    alert_id = _alert(store, customers_file, settings)
    single = replace(settings, four_eyes_score=1.0)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def review(name: str, decision: str) -> None:
        with Store.open(store_url) as own:  # its own engine: its own connection pool
            barrier.wait()
            try:
                outcomes[name] = alerts.decide(
                    own.engine,
                    alert_id,
                    decision,
                    name,
                    f"{name} decides",
                    single,
                    expected_version=version,
                )
            except (AlertStateError, VersionConflictError) as exc:
                outcomes[name] = exc

    threads = [
        threading.Thread(target=review, args=(name, d))
        for name, d in zip(("alice", "bob"), decisions, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    won = [n for n, o in outcomes.items() if isinstance(o, alerts.Alert)]
    lost = [n for n, o in outcomes.items() if isinstance(o, Exception)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    final = alerts.get_alert(store.engine, alert_id).alert
    assert final.decided_by == won[0] and final.version == 2
    # Exactly one decision event: the loser changed nothing.
    assert [e.kind for e in alerts.get_alert(store.engine, alert_id).events] == [
        "created",
        "decided",
    ]
    assert len(list_good_guys(store.engine)) == (1 if final.decision == "false_positive" else 0)


@pytest.fixture
def pg_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A PostgreSQL store only: row locks are PostgreSQL's (SQLite serialises whole write transactions)."""
    return make_store_url("postgres", tmp_path, request)


@pytest.mark.postgres
def test_a_decision_waits_for_the_row_lock_then_sees_the_other_decision(
    pg_url: str, customers_file: Path, settings: CaseSettings
) -> None:
    store_url = pg_url
    store = Store.open(store_url)
    alert_id = _alert(store, customers_file, settings)
    single = replace(settings, four_eyes_score=1.0)
    holder = Store.open(store_url)
    other = Store.open(store_url)
    locked = threading.Event()
    release = threading.Event()
    result: dict[str, object] = {}

    def first() -> None:
        # Reviewer A's transaction: lock the row, decide, and hold the transaction open a moment.
        with holder.engine.connect() as conn, conn.begin():
            row = alerts._lock(conn, alert_id, 1)
            alerts._final(conn, row, "false_positive", "alice", None, "A decides while B waits")
            locked.set()
            release.wait(timeout=30)

    def second() -> None:
        locked.wait(timeout=30)
        try:
            result["b"] = alerts.decide(
                other.engine, alert_id, "escalated", "bob", "B decides", single, expected_version=1
            )
        except (AlertStateError, VersionConflictError) as exc:
            result["b"] = exc

    a = threading.Thread(target=first)
    b = threading.Thread(target=second)
    a.start()
    b.start()
    locked.wait(timeout=30)
    b.join(timeout=1.0)
    assert b.is_alive(), "B must block on A's row lock, not read a stale row"
    release.set()
    a.join(timeout=30)
    b.join(timeout=30)
    holder.close()
    other.close()
    assert isinstance(result["b"], VersionConflictError)
    with store.engine.connect() as conn:
        row = conn.execute(select(alerts_table).where(alerts_table.c.id == alert_id)).one()
    store.close()
    assert (row.decision, row.decided_by, row.version) == ("false_positive", "alice", 2)

"""Monitoring runs on small lists: deltas, removals, changes, new customers, failures and re-runs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from proscribe.cases import alerts, audit, monitor
from proscribe.cases.customers import import_customers
from proscribe.cases.monitor import monitor_runs_list, run_monitoring
from proscribe.cases.settings import CaseSettings
from proscribe.model import Entity
from proscribe.store import Store
from tests.cases.conftest import CUSTOMERS_CSV, base_entities, company, person


def _without(*source_ids: str) -> list[Entity]:
    return [e for e in base_entities() if e.source_id not in source_ids]


def _start(store: Store, customers_file: Path, settings: CaseSettings) -> dict[str, int]:
    import_customers(store.engine, customers_file, "ops", workers=1)
    store.import_entities("testlist", "test", [], base_entities())
    run_monitoring(store, "scheduler", settings, workers=1)
    return {a.subject_id or "": a.id for a in alerts.list_alerts(store.engine)}


def test_removed_entries_close_open_alerts_and_annotate_decided_ones(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    ids = _start(store, customers_file, settings)
    alerts.decide(store.engine, ids["C3"], "true_match", "alice", "same company", settings)
    alerts.decide(store.engine, ids["C3"], "true_match", "bob", "confirmed", settings)
    store.import_entities("testlist", "test", [], _without("200", "201"))
    report = run_monitoring(store, "scheduler", settings, workers=1)
    assert report.deltas[0].removed == 2
    assert (report.hits, report.closed, report.annotated) == (0, 1, 1)
    emperor = alerts.get_alert(store.engine, ids["C5"])
    assert (emperor.alert.state, emperor.alert.resolution) == ("closed", "delisted")
    assert emperor.events[-1].content["note"] == "the entity was removed from the list"
    artmarine = alerts.get_alert(store.engine, ids["C3"])
    assert (artmarine.alert.state, artmarine.alert.decision) == ("decided", "true_match")
    assert artmarine.events[-1].kind == "annotated"
    assert artmarine.events[-1].content["snapshot_id"] == report.deltas[0].to_snapshot
    assert audit.verify(store.engine).ok


def test_changed_entries_annotate_standing_alerts_once(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    ids = _start(store, customers_file, settings)
    entities = [e for e in base_entities() if e.source_id != "100"]
    # Petrov's entry gains an alias (C2 still hits: annotated through the hit);
    # Artmarine's entry is renamed beyond recognition (no hit: annotated as a change).
    entities.append(
        person(
            "100",
            "PETROV, Vladimir Ivanovich",
            "1965-05-05",
            aliases=("PETROV, Volodya",),
            nationality="RU",
        )
    )
    entities = [e for e in entities if e.source_id != "200"] + [
        company("200", "BLUE HORIZON SHIPPING LLC")
    ]
    store.import_entities("testlist", "test", [], entities)
    report = run_monitoring(store, "scheduler", settings, workers=1)
    assert report.deltas[0].changed == 2
    assert (len(report.outcome.created), report.outcome.annotated, report.annotated) == (0, 1, 1)
    petrov = alerts.get_alert(store.engine, ids["C2"]).events
    assert [e.kind for e in petrov] == ["created", "annotated"]
    assert any("aka 'PETROV, Volodya'" in c for c in petrov[-1].content["list_changes"]["changes"])
    artmarine = alerts.get_alert(store.engine, ids["C3"]).events
    assert [e.kind for e in artmarine] == ["created", "annotated"]
    assert artmarine[-1].content["note"] == "the list entry changed"


def test_reruns_new_customers_and_stale_forms(
    store: Store, customers_file: Path, settings: CaseSettings, tmp_path: Path
) -> None:
    _start(store, customers_file, settings)
    quiet = run_monitoring(store, "scheduler", settings, workers=1)
    assert (quiet.deltas, quiet.delta_screened, quiet.full_screened, quiet.hits) == ([], 0, 0, 0)
    more = tmp_path / "more.csv"
    more.write_text(CUSTOMERS_CSV + "C7,Bashir Mansur,Person,1980-02-09,,\n", encoding="utf-8")
    import_customers(store.engine, more, "ops", workers=1)
    report = run_monitoring(store, "scheduler", settings, workers=1)
    assert (report.full_screened, report.delta_screened, len(report.outcome.created)) == (1, 0, 1)
    assert alerts.list_alerts(store.engine, subject_id="C7")[0].entity_id == "testlist:102"
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE customers SET forms_version = 'old'")
    again = run_monitoring(store, "scheduler", settings, workers=1)
    assert again.reprepared == 7 and again.hits == 0
    runs = monitor_runs_list(store)
    assert [r["status"] for r in runs] == ["done"] * 4
    assert runs[-1]["snapshots"][0]["to_snapshot"] == store.latest("testlist").id  # type: ignore[union-attr]


def test_a_failed_run_is_recorded_and_the_next_one_catches_up_without_duplicates(
    store: Store, customers_file: Path, settings: CaseSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_customers(store.engine, customers_file, "ops", workers=1)
    store.import_entities("testlist", "test", [], base_entities())
    real_close = monitor._list_changes

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(monitor, "_list_changes", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        run_monitoring(store, "scheduler", settings, workers=1)
    [failed] = monitor_runs_list(store)
    assert failed["status"] == "failed" and "disk full" in failed["message"]
    raised = len(alerts.list_alerts(store.engine))
    assert raised == 4, "alerts raised before the failure stay"
    monkeypatch.setattr(monitor, "_list_changes", real_close)
    report = run_monitoring(store, "scheduler", settings, workers=1)
    assert report.full_screened == 6 and report.outcome.existing == 4 and not report.outcome.created
    assert len(alerts.list_alerts(store.engine)) == 4


def test_threshold_is_configurable(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    import_customers(store.engine, customers_file, "ops", workers=1)
    store.import_entities("testlist", "test", [], base_entities())
    report = run_monitoring(store, "scheduler", replace(settings, threshold=0.97), workers=1)
    assert all(
        alerts.get_alert(store.engine, i).alert.score >= 0.97 for i in report.outcome.created
    )
    assert len(report.outcome.created) < 4

"""Working alerts: states, four-eyes decisions enforced in the service, versions, history and audit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from proscribe.cases import alerts, audit
from proscribe.cases.customers import import_customers
from proscribe.cases.errors import (
    AlertNotFoundError,
    AlertStateError,
    FourEyesError,
    VersionConflictError,
)
from proscribe.cases.goodguys import list_good_guys
from proscribe.cases.model import Alert
from proscribe.cases.monitor import run_monitoring
from proscribe.cases.settings import CaseSettings
from proscribe.store import InvalidRequestError, Store
from tests.cases.conftest import base_entities


def _alerts(store: Store, customers_file: Path, settings: CaseSettings) -> dict[str, Alert]:
    import_customers(store.engine, customers_file, "ops", workers=1)
    store.import_entities("testlist", "test", [], base_entities())
    report = run_monitoring(store, "scheduler", settings, workers=1)
    assert len(report.outcome.created) == 4
    return {a.subject_id or "": a for a in alerts.list_alerts(store.engine)}


def test_monitoring_alert_carries_query_entity_snapshot_and_obligations(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    petrov = _alerts(store, customers_file, settings)["C2"]
    assert petrov.state == "open" and petrov.version == 1 and petrov.origin == "monitoring"
    assert (
        petrov.query["name"] == "Vladimir Petrov"
        and petrov.query["birth_date"]["value"] == "1965-05-05"
    )
    assert (petrov.entity_id, petrov.source_id, petrov.schema) == ("testlist:100", "100", "Person")
    snap = store.latest("testlist")
    assert snap is not None and petrov.snapshot_id == snap.id
    assert petrov.content_hash == store.entity_history("testlist:100")[0].content_hash
    assert petrov.score >= 0.9 and petrov.threshold == 0.7
    assert petrov.explanation["birth_date"]["verdict"] == "same_day"
    assert "birth date same day" in petrov.summary
    assert (
        petrov.obligations is not None and petrov.obligations["perspective"]["jurisdiction"] == "US"
    )
    assert petrov.obligations["actions"], "an OFAC SDGT hit obliges a US party to act"
    [created] = [
        r for r in audit.records(store.engine, object_type="alert", object_id=str(petrov.id))
    ]
    assert (
        created.action == "alert.created" and created.content["content_hash"] == petrov.content_hash
    )


def test_true_match_needs_a_second_distinct_reviewer(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    a = _alerts(store, customers_file, settings)["C2"]
    proposed = alerts.decide(
        store.engine, a.id, "true_match", "alice", "DOB and nationality agree", settings
    )
    assert (
        proposed.state,
        proposed.proposed_decision,
        proposed.proposed_by,
        proposed.decision,
    ) == (
        "pending_approval",
        "true_match",
        "alice",
        None,
    )
    with pytest.raises(FourEyesError, match="second reviewer"):
        alerts.decide(store.engine, a.id, "true_match", "alice", "sure", settings)
    with pytest.raises(FourEyesError):
        alerts.decide(
            store.engine, a.id, "true_match", "  alice ", "whitespace is no second person", settings
        )
    done = alerts.decide(store.engine, a.id, "true_match", "bob", "agree", settings)
    assert (done.state, done.decision, done.decided_by, done.approved_by) == (
        "decided",
        "true_match",
        "alice",
        "bob",
    )
    assert list_good_guys(store.engine) == []
    with pytest.raises(AlertStateError, match="already decided"):
        alerts.decide(store.engine, a.id, "false_positive", "carol", "changed my mind", settings)
    closed = alerts.close(store.engine, a.id, "bob", "blocked and reported to OFAC")
    assert (closed.state, closed.resolution) == ("closed", "true_match")
    with pytest.raises(AlertStateError, match="closed"):
        alerts.decide(store.engine, a.id, "escalated", "carol", "too late", settings)
    kinds = [
        (r.action, r.actor)
        for r in audit.records(store.engine, object_type="alert", object_id=str(a.id))
    ]
    assert kinds == [
        ("alert.created", "scheduler"),
        ("alert.proposed", "alice"),
        ("alert.decided", "bob"),
        ("alert.closed", "bob"),
    ]
    assert audit.verify(store.engine).ok


def test_clearing_needs_four_eyes_only_above_the_level(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    found = _alerts(store, customers_file, settings)
    high = found["C2"]
    strict = replace(settings, four_eyes_score=high.score - 0.01)
    pending = alerts.decide(
        store.engine, high.id, "false_positive", "alice", "different person", strict
    )
    assert pending.state == "pending_approval"
    assert list_good_guys(store.engine) == []
    done = alerts.decide(
        store.engine, high.id, "false_positive", "bob", "agree: other passport", strict
    )
    assert (done.decision, done.decided_by, done.approved_by) == ("false_positive", "alice", "bob")
    [gg] = list_good_guys(store.engine)
    assert (gg.subject_id, gg.entity_id, gg.alert_id, gg.decided_by, gg.approved_by) == (
        "C2",
        "testlist:100",
        high.id,
        "alice",
        "bob",
    )
    assert gg.entity_facts["birth_dates"] == ["1965-05-05"]
    assert gg.subject_facts["names"] == ["vladimir petrov"]

    low = found["C3"]
    lenient = replace(settings, four_eyes_score=low.score + 0.01)
    single = alerts.decide(
        store.engine, low.id, "false_positive", "alice", "our customer is a yacht broker", lenient
    )
    assert (single.state, single.decided_by, single.approved_by) == ("decided", "alice", None)
    assert len(list_good_guys(store.engine)) == 2


def test_overruling_a_proposal_needs_its_own_second_reviewer(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    a = _alerts(store, customers_file, settings)["C4"]
    lenient = replace(settings, four_eyes_score=1.0)
    alerts.decide(store.engine, a.id, "true_match", "alice", "looks like him", lenient)
    overruled = alerts.decide(
        store.engine, a.id, "false_positive", "bob", "different father's name", lenient
    )
    assert (overruled.state, overruled.proposed_decision, overruled.proposed_by) == (
        "pending_approval",
        "false_positive",
        "bob",
    )
    with pytest.raises(FourEyesError):
        alerts.decide(store.engine, a.id, "false_positive", "bob", "still me", lenient)
    done = alerts.decide(store.engine, a.id, "false_positive", "carol", "agree with bob", lenient)
    assert (done.decision, done.decided_by, done.approved_by) == ("false_positive", "bob", "carol")
    kinds = [e.kind for e in alerts.get_alert(store.engine, a.id).events]
    assert kinds == ["created", "proposed", "overruled", "proposed", "decided"]


def test_escalation_then_final_decision(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    a = _alerts(store, customers_file, settings)["C5"]
    up = alerts.decide(
        store.engine, a.id, "escalated", "alice", "needs the sanctions officer", settings
    )
    assert (up.state, up.decision) == ("decided", "escalated")
    with pytest.raises(AlertStateError, match="final decision"):
        alerts.close(store.engine, a.id, "alice", "done?")
    final = alerts.decide(store.engine, a.id, "true_match", "officer", "same company", settings)
    assert final.state == "pending_approval"


def test_assign_comment_and_version_checks(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    a = _alerts(store, customers_file, settings)["C3"]
    assigned = alerts.assign(store.engine, a.id, "bob", "lead", expected_version=1)
    assert (assigned.state, assigned.assignee, assigned.version) == ("in_review", "bob", 2)
    with pytest.raises(VersionConflictError, match="changed since you read it"):
        alerts.decide(
            store.engine, a.id, "escalated", "bob", "stale view", settings, expected_version=1
        )
    noted = alerts.comment(store.engine, a.id, "asked the branch for the certificate", "bob")
    assert noted.version == 3
    with pytest.raises(InvalidRequestError, match="say why"):
        alerts.decide(store.engine, a.id, "true_match", "bob", "   ", settings)
    with pytest.raises(InvalidRequestError, match="not one of"):
        alerts.decide(store.engine, a.id, "maybe", "bob", "unsure", settings)
    with pytest.raises(InvalidRequestError, match="actor"):
        alerts.comment(store.engine, a.id, "anonymous", " ")
    with pytest.raises(AlertNotFoundError):
        alerts.assign(store.engine, 9999, "bob", "lead")
    detail = alerts.get_alert(store.engine, a.id)
    assert [(e.kind, e.actor) for e in detail.events] == [
        ("created", "scheduler"),
        ("assigned", "lead"),
        ("comment", "bob"),
    ]
    assert detail.events[2].content["text"] == "asked the branch for the certificate"
    assert [x.id for x in alerts.list_alerts(store.engine, state="in_review")] == [a.id]
    assert [x.id for x in alerts.list_alerts(store.engine, assignee="bob")] == [a.id]
    assert len(alerts.list_alerts(store.engine, state="open")) == 3

"""The good-guy list: cleared pairs stay quiet until a name, birth date or identifier changes, and never silently."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from proscribe.cases import alerts, audit
from proscribe.cases.customers import import_customers
from proscribe.cases.goodguys import list_good_guys, list_suppressions
from proscribe.cases.lists import current_index
from proscribe.cases.model import Alert
from proscribe.cases.monitor import run_monitoring
from proscribe.cases.raising import record_batch, record_screening
from proscribe.cases.settings import CaseSettings
from proscribe.match.query import Query
from proscribe.model import Address, Entity, PartialDate
from proscribe.screen.engine import Screener
from proscribe.store import Store
from tests.cases.conftest import CUSTOMERS_CSV, base_entities, person


def _cleared(store: Store, customers_file: Path, settings: CaseSettings) -> Alert:
    """Monitor the base list and clear the Al-Zein alert (two reviewers)."""
    import_customers(store.engine, customers_file, "ops", workers=1)
    store.import_entities("testlist", "test", [], base_entities())
    run_monitoring(store, "scheduler", settings, workers=1)
    [a] = alerts.list_alerts(store.engine, subject_id="C4")
    alerts.decide(
        store.engine,
        a.id,
        "false_positive",
        "alice",
        "our customer is a different Mazen",
        replace(settings, four_eyes_score=0.0),
    )
    alerts.decide(
        store.engine,
        a.id,
        "false_positive",
        "bob",
        "agreed",
        replace(settings, four_eyes_score=0.0),
    )
    return a


def _list_with(changed: Entity) -> list[Entity]:
    return [changed if e.source_id == changed.source_id else e for e in base_entities()]


def test_unchanged_facts_suppress_and_every_suppression_is_kept(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    cleared = _cleared(store, customers_file, settings)
    # The entry changes, but not in its names, birth dates or identifiers: a new address.
    moved = person("101", "AL-ZEIN, Mazen Hassan", "1974-06-21", aliases=("EL ZEIN, Mazen",))
    moved.addresses.append(Address(city="Beirut", country="LB"))
    store.import_entities("testlist", "test", [], _list_with(moved))
    report = run_monitoring(store, "scheduler", settings, workers=1)
    assert report.deltas[0].changed == 1
    assert report.hits == 1
    assert (len(report.outcome.created), report.outcome.suppressed, report.outcome.lifted) == (
        0,
        1,
        0,
    )
    [supp] = list_suppressions(store.engine)
    assert (supp.subject_id, supp.entity_id, supp.run_id, supp.origin) == (
        "C4",
        "testlist:101",
        report.run_id,
        "monitoring",
    )
    assert supp.score >= settings.threshold
    assert [a.id for a in alerts.list_alerts(store.engine, subject_id="C4")] == [cleared.id]
    assert [r.action for r in audit.records(store.engine, object_type="good_guy")] == [
        "goodguy.created",
        "goodguy.suppressed",
    ]


def test_a_changed_birth_date_on_the_list_lifts_the_entry(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    cleared = _cleared(store, customers_file, settings)
    redated = person("101", "AL-ZEIN, Mazen Hassan", "1974-06-21", aliases=("EL ZEIN, Mazen",))
    redated.birth_dates.append(PartialDate("1975-06-21"))
    store.import_entities("testlist", "test", [], _list_with(redated))
    report = run_monitoring(store, "scheduler", settings, workers=1)
    assert (len(report.outcome.created), report.outcome.suppressed, report.outcome.lifted) == (
        1,
        0,
        1,
    )
    [gg] = list_good_guys(store.engine, include_lifted=True)
    assert not gg.active and gg.lifted_reason == "changed: list entry birth_dates"
    new = alerts.get_alert(store.engine, report.outcome.created[0])
    assert new.alert.subject_id == "C4" and new.alert.entity_id == "testlist:101"
    assert new.events[0].content["reopens_alert"] == cleared.id
    assert new.events[0].content["changed"] == ["list entry birth_dates"]
    # The earlier decision and its good-guy entry stay on record.
    assert alerts.get_alert(store.engine, cleared.id).alert.decision == "false_positive"
    assert audit.verify(store.engine).ok


def test_a_changed_customer_name_lifts_the_entry_but_a_new_country_does_not(
    store: Store, customers_file: Path, settings: CaseSettings, tmp_path: Path
) -> None:
    _cleared(store, customers_file, settings)
    moved = tmp_path / "moved.csv"
    moved.write_text(
        CUSTOMERS_CSV.replace(
            "C4,Mazen Al Zein,Person,1974-06-21,,", "C4,Mazen Al Zein,Person,1974-06-21,LB,"
        )
    )
    import_customers(store.engine, moved, "ops", workers=1)
    report = run_monitoring(store, "scheduler", settings, workers=1)
    assert report.full_screened == 1
    assert (len(report.outcome.created), report.outcome.suppressed) == (0, 1)
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(CUSTOMERS_CSV.replace("C4,Mazen Al Zein,", "C4,Mazen Hassan Al Zein,"))
    import_customers(store.engine, renamed, "ops", workers=1)
    report = run_monitoring(store, "scheduler", settings, workers=1)
    assert (len(report.outcome.created), report.outcome.lifted) == (1, 1)
    [gg] = list_good_guys(store.engine, include_lifted=True)
    assert gg.lifted_reason == "changed: customer names"


def test_one_off_screenings_raise_alerts_and_respect_the_good_guy_list(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    _cleared(store, customers_file, settings)
    screener = Screener(current_index(store))
    query = Query.make("Mazen Al Zein", schema="Person", birth_date="1974-06-21", id="C4")
    results = screener.screen(query)
    audited = replace(settings, audit_screening=True)
    held = record_screening(
        store.engine, query, results, "api-key-1", "api", subject_id="C4", settings=audited
    )
    assert (held.created, held.suppressed) == ([], 1)
    anonymous = record_screening(
        store.engine, replace(query, id=None), results, "api-key-1", "api", settings=audited
    )
    assert len(anonymous.created) == 1
    petrov = Query.make("Vladimir Petrov", birth_date="1965-05-05")
    again = record_screening(
        store.engine,
        petrov,
        screener.screen(petrov),
        "api-key-1",
        "api",
        subject_id="C2",
        settings=audited,
    )
    assert (again.created, again.existing) == ([], 1), (
        "C2 already has a standing alert on this entity"
    )
    requests = [r for r in audit.records(store.engine) if r.action == "screening.request"]
    assert len(requests) == 3
    assert (
        requests[0].content["query"]["name"] == "Mazen Al Zein"
        and requests[0].content["suppressed"] == 1
    )
    quiet = record_screening(
        store.engine, query, results, "api-key-1", "api", subject_id="C4", settings=settings
    )
    assert quiet.suppressed == 1
    assert len([r for r in audit.records(store.engine) if r.action == "screening.request"]) == 3


def test_batch_screenings_raise_alerts_once_per_pair_and_respect_the_good_guy_list(
    store: Store, customers_file: Path, settings: CaseSettings
) -> None:
    _cleared(store, customers_file, settings)
    screener = Screener(current_index(store))
    rows = [
        Query.make("Mazen Al Zein", schema="Person", birth_date="1974-06-21", id="C4"),
        Query.make("Bashir Mansur", schema="Person", birth_date="1980-02-09", id="B1"),
        Query.make("Jane Doe", schema="Person", id="B2"),
    ]
    first = record_batch(
        store.engine,
        ((q, screener.screen(q)) for q in rows),
        "batch-job",
        settings=settings,
        batch=2,
    )
    assert (len(first.created), first.suppressed) == (1, 1)
    [new] = alerts.list_alerts(store.engine, subject_id="B1")
    assert (new.origin, new.entity_id, new.subject_type) == ("batch", "testlist:102", "customer")
    again = record_batch(
        store.engine, ((q, screener.screen(q)) for q in rows), "batch-job", settings=settings
    )
    assert (again.created, again.existing, again.suppressed) == ([], 1, 1)

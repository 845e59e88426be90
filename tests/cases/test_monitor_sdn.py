"""End to end on the real OFAC SDN: 10,000 customers, the 2024-04-26 list, reviews, then the 2024-05-03 update.

Between the two captures 305 entries were added and 8 removed (computed
from the files here, not assumed). The monitored set is 10,000 synthetic
customers with realistic names, a few customers named as entries added in
the update, and two customers of a company the update removed. The story:

1. import the customers and the 04-26 list; monitoring screens everyone in full;
2. reviewers clear every alert on a synthetic customer as a false positive
   (two reviewers where the score asks for four eyes), decide one removed
   company's alert as a true match and leave the other open;
3. import 05-03; monitoring re-screens everyone against the 305 added entries
   only: alerts only for customers those entries hit, none on cleared pairs;
   the open alert on the removed company is closed, the decided one annotated;
4. every monitoring alert equals what a full screening of that customer
   against the 05-03 list gives (same entity, same score), for the alerted
   customers, the planted ones and a random sample of the rest.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from proscribe.cases import alerts, audit
from proscribe.cases.customers import import_customers, list_customers
from proscribe.cases.lists import current_index
from proscribe.cases.model import Alert
from proscribe.cases.monitor import MonitorReport, run_monitoring
from proscribe.cases.settings import CaseSettings
from proscribe.model import Entity
from proscribe.screen.engine import Screener
from proscribe.sources.registry import open_list
from proscribe.store import Store
from tests.cases.conftest import SETTINGS
from tests.cases.synthetic import generate_customers, match_rows, write_csv
from tests.store.conftest import make_store_url

SYNTHETIC = 10_000
PLANT_EVERY = 25  # every 25th added entry gets a customer named after it
SAMPLE = 300
pytestmark = pytest.mark.xdist_group("sdn_e2e")


@dataclass(slots=True)
class Scenario:
    store: Store
    added: set[str]
    removed: set[str]
    planted: dict[str, str]  # customer id -> added entity id
    gone: dict[str, str]  # customer id -> removed entity id
    first: MonitorReport
    second: MonitorReport
    cleared: set[tuple[str, str]] = field(default_factory=set)
    true_match: int = 0
    left_open: int = 0
    after_first: dict[int, Alert] = field(default_factory=dict)


def _sdn(lists_dir: Path, day: str) -> Path:
    return lists_dir / "ofac" / f"sdn_{day}" / "sdn.csv"


def _decide(store: Store, alert: Alert, decision: str, settings: CaseSettings) -> None:
    done = alerts.decide(
        store.engine, alert.id, decision, "alice", "reviewed against the customer file", settings
    )
    if done.state == "pending_approval":
        alerts.decide(store.engine, alert.id, decision, "bob", "second review agrees", settings)


def build(url: str, lists_dir: Path, names_dir: Path, folder: Path) -> Scenario:
    before = {e.id: e for e in open_list(_sdn(lists_dir, "2024-04-26")).entities()}
    after = {e.id: e for e in open_list(_sdn(lists_dir, "2024-05-03")).entities()}
    added = [after[k] for k in after if k not in before]
    removed = [before[k] for k in before if k not in after]
    plants: list[Entity] = added[::PLANT_EVERY]
    companies = [e for e in removed if e.schema == "Organization"]
    assert companies, "the 04-26 -> 05-03 update removes a company"
    gone_rows = match_rows([companies[0], companies[0]], prefix="GONE")
    gone_rows[1]["name"] = gone_rows[1]["name"].replace("LTD", "Limited").title()
    rows = list(generate_customers(SYNTHETIC, names_dir, seed=20240426, matches=plants))
    customers = folder / "customers.csv"
    write_csv(iter(rows + gone_rows), customers)
    planted = {f"MATCH-{i:05d}": e.id for i, e in enumerate(plants, 1)}
    gone = {r["id"]: companies[0].id for r in gone_rows}

    store = Store.open(url)
    settings = SETTINGS
    import_customers(store.engine, customers, "onboarding", workers=2)
    store.import_list(open_list(_sdn(lists_dir, "2024-04-26")))
    first = run_monitoring(store, "scheduler", settings, workers=2)
    scenario = Scenario(
        store, set(after) - set(before), set(before) - set(after), planted, gone, first, first
    )
    for a in alerts.list_alerts(store.engine, limit=100_000):
        subject = a.subject_id or ""
        if subject.startswith("C"):
            _decide(store, a, "false_positive", settings)
            scenario.cleared.add((subject, a.entity_id))
        elif subject == "GONE-00001" and a.entity_id == companies[0].id:
            _decide(store, a, "true_match", settings)
            scenario.true_match = a.id
        elif subject == "GONE-00002" and a.entity_id == companies[0].id:
            scenario.left_open = a.id
    scenario.after_first = {a.id: a for a in alerts.list_alerts(store.engine, limit=100_000)}
    store.import_list(open_list(_sdn(lists_dir, "2024-05-03")))
    scenario.second = run_monitoring(store, "scheduler", settings, workers=2)
    return scenario


@pytest.fixture(scope="module")
def scenario(
    lists_dir: Path, shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scenario]:
    folder = tmp_path_factory.mktemp("sdn_e2e")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PROSCRIBE_HOME", str(folder / "home"))
        built = build(
            f"sqlite:///{folder / 'store.sqlite'}", lists_dir, shared_data / "names", folder
        )
        yield built
        built.store.close()


def _new_alerts(s: Scenario) -> list[Alert]:
    return [
        a for a in alerts.list_alerts(s.store.engine, limit=100_000) if a.run_id == s.second.run_id
    ]


def test_the_first_run_screens_everyone_in_full(scenario: Scenario) -> None:
    first = scenario.first
    assert first.full_screened == SYNTHETIC + len(scenario.planted) + len(scenario.gone)
    assert first.deltas[0].added == 14_668 and first.deltas[0].from_snapshot is None
    assert scenario.true_match and scenario.left_open, (
        "both customers of the removed company were alerted"
    )
    assert scenario.cleared, "some synthetic customers resemble listed parties and were cleared"


def test_the_update_alerts_only_customers_hit_by_added_entries(scenario: Scenario) -> None:
    delta = scenario.second.deltas[0]
    assert (delta.added, delta.removed, delta.changed) == (305, 8, 0)
    second = scenario.second
    assert second.delta_screened == second.customers and second.full_screened == 0
    new = _new_alerts(scenario)
    assert new, "the planted customers are alerted"
    assert {a.entity_id for a in new} <= scenario.added
    alerted = {(a.subject_id, a.entity_id) for a in new}
    for customer, entity in scenario.planted.items():
        assert (customer, entity) in alerted, f"{customer} is named as {entity}, added on 05-03"
    assert not alerted & scenario.cleared
    assert second.outcome.suppressed == 0 and not second.outcome.existing
    # Nothing else changed on the alerts raised before the update, except what the removal did.
    for a in alerts.list_alerts(scenario.store.engine, limit=100_000):
        if a.id in scenario.after_first and a.id not in (scenario.true_match, scenario.left_open):
            assert a.version == scenario.after_first[a.id].version


def test_alerts_on_removed_entries_are_closed_or_annotated(scenario: Scenario) -> None:
    engine = scenario.store.engine
    open_one = alerts.get_alert(engine, scenario.left_open)
    assert (open_one.alert.state, open_one.alert.resolution) == ("closed", "delisted")
    assert open_one.events[-1].content["snapshot_id"] == scenario.second.deltas[0].to_snapshot
    decided = alerts.get_alert(engine, scenario.true_match)
    assert (decided.alert.state, decided.alert.decision) == ("decided", "true_match")
    assert decided.events[-1].kind == "annotated"
    assert decided.events[-1].content["note"] == "the entity was removed from the list"
    assert scenario.second.closed >= 1 and scenario.second.annotated >= 1


def test_monitoring_alerts_equal_a_full_screening(scenario: Scenario) -> None:
    store = scenario.store
    new = _new_alerts(scenario)
    everyone = {c.customer_id: c for c in list_customers(store.engine, limit=100_000)}
    sample = set(random.Random(5).sample(sorted(k for k in everyone if k.startswith("C")), SAMPLE))
    checked = (
        sample
        | set(scenario.planted)
        | set(scenario.gone)
        | {a.subject_id for a in new if a.subject_id}
    )
    screener = Screener(current_index(store), threshold=SETTINGS.threshold)
    full: dict[tuple[str, str], float] = {}
    for cid in sorted(checked):
        for r in screener.screen(everyone[cid].query(), limit=100):
            if r.entity_id in scenario.added and r.match:
                full[(cid, r.entity_id)] = r.score
    monitored = {(a.subject_id, a.entity_id): a.score for a in new if a.subject_id in checked}
    assert set(monitored) == set(full)
    for pair, score in full.items():
        assert monitored[pair] == pytest.approx(score, abs=1e-9)


def test_every_step_is_in_the_verified_audit_trail(scenario: Scenario) -> None:
    engine = scenario.store.engine
    assert audit.verify(engine).ok
    actions = [r.action for r in audit.records(engine)]
    assert actions.count("list.imported") == 2
    assert actions.count("monitor.run") == 2
    assert actions.count("customers.imported") == 1
    assert actions.count("alert.created") == len(alerts.list_alerts(engine, limit=100_000))
    assert actions.count("goodguy.created") == len(scenario.cleared)


@pytest.mark.slow
def test_monitoring_equals_full_screening_for_2000_customers(scenario: Scenario) -> None:
    """The same comparison on a larger random sample (about a minute of full screening)."""
    store = scenario.store
    new = _new_alerts(scenario)
    everyone = list_customers(store.engine, limit=100_000)
    sample = random.Random(9).sample(everyone, 2000)
    ids = {c.customer_id for c in sample}
    screener = Screener(current_index(store), threshold=SETTINGS.threshold)
    full = {
        (c.customer_id, r.entity_id): r.score
        for c in sample
        for r in screener.screen(c.query(), limit=100)
        if r.entity_id in scenario.added and r.match
    }
    monitored = {(a.subject_id, a.entity_id): a.score for a in new if a.subject_id in ids}
    assert monitored.keys() == full.keys()
    assert all(monitored[k] == pytest.approx(v, abs=1e-9) for k, v in full.items())


@pytest.mark.slow
@pytest.mark.postgres
def test_the_same_story_on_postgresql(
    lists_dir: Path,
    shared_data: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path / "home"))
    url = make_store_url("postgres", tmp_path, request)
    s = build(url, lists_dir, shared_data / "names", tmp_path)
    try:
        new = _new_alerts(s)
        assert {a.entity_id for a in new} <= s.added
        assert {(c, e) for c, e in s.planted.items()} <= {(a.subject_id, a.entity_id) for a in new}
        assert alerts.get_alert(s.store.engine, s.left_open).alert.resolution == "delisted"
        assert audit.verify(s.store.engine).ok
        lenient = replace(SETTINGS, threshold=0.99)
        assert run_monitoring(s.store, "scheduler", lenient, workers=1).hits == 0
    finally:
        s.store.close()

"""/lists, /lists/{source}/changes and /lists/reload on a store that gets a real list update.

The EU excerpts a and b are two real exports of the same list: importing b
after a is a list update (4 added, 4 removed). A small fictional FtM file
(tests/fixtures/api) adds stated relations, which the real lists here lack.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from proscribe.api.engine import build_engine
from proscribe.sources.registry import open_list
from proscribe.store import Store
from proscribe.store.keys import create_key
from tests.api.conftest import ICC_EXTRACT, make_app

pytestmark = pytest.mark.xdist_group("api")

EU_A = Path("eu/fsf_excerpt_2026-08-05_a.xml")
EU_B = Path("eu/fsf_excerpt_2026-08-05_b.xml")
RELATIONS = Path(__file__).resolve().parents[1] / "fixtures" / "api" / "relations.ftm.jsonl"


@pytest.fixture(scope="module")
def lists_store(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('lists') / 'store.sqlite'}")
    for path in (lists_dir / ICC_EXTRACT, lists_dir / EU_A, RELATIONS):
        store.import_list(open_list(path))
    yield store
    store.close()


@pytest.fixture(scope="module")
def admin(lists_store: Store) -> dict[str, str]:
    return {"X-API-Key": create_key(lists_store.engine, "lists admin", "admin").token}


@pytest.fixture(scope="module")
def lists_client(lists_store: Store) -> Iterator[TestClient]:
    app = make_app(lists_store, build_engine(lists_store, use_cache=False))
    with TestClient(app) as c:
        yield c


def test_lists_show_sources_snapshots_and_what_is_served(
    lists_client: TestClient, admin: dict[str, str]
) -> None:
    body = lists_client.get("/lists", headers=admin).json()
    by_source = {s["source"]: s for s in body["sources"]}
    assert set(by_source) == {"ofac", "eu", "ftm"}
    for source in by_source.values():
        assert source["serving"] == source["latest"]["id"] == source["snapshots"][-1]["id"]
    assert by_source["eu"]["latest"]["entity_count"] == 5
    assert by_source["eu"]["latest"]["published"] == "2026-08-05"
    assert body["index"]["entities"] == 15 + 5 + 4


def test_relations_are_shown_from_both_ends(
    lists_client: TestClient, admin: dict[str, str]
) -> None:
    spouse = lists_client.get("/entities/ftm:fx-spouse", headers=admin).json()
    incoming = [r for r in spouse["relations"] if r["direction"] == "incoming"]
    assert [(r["kind"], r["role"], r["target_id"]) for r in incoming] == [
        ("family", "spouse", "ftm:fx-director")
    ]
    assert incoming[0]["target"]["caption"] == "Ivan Example-Director"
    director = lists_client.get("/entities/ftm:fx-director", headers=admin).json()
    assert (
        director["properties"]["familyPerson"][0]["properties"]["relative"][0]["id"]
        == "ftm:fx-spouse"
    )


def test_ownership_reaches_an_undesignated_subsidiary(
    lists_client: TestClient, admin: dict[str, str]
) -> None:
    """OFAC's 50 Percent Rule, applied through the relations the engine holds."""
    body = lists_client.get(
        "/entities/ftm:fx-subsidiary",
        params={"jurisdiction": "US", "activity": "payment"},
        headers=admin,
    ).json()
    assert body["designations"] == []
    findings = body["assessment"]["ownership"]
    assert findings and "ftm:fx-holding" in str(findings)


def test_list_update_changes_and_reload(
    lists_client: TestClient, lists_store: Store, admin: dict[str, str], lists_dir: Path
) -> None:
    first = lists_store.latest("eu")
    assert first is not None
    lists_store.import_list(open_list(lists_dir / EU_B))
    second = lists_store.latest("eu")
    assert second is not None and second.id != first.id

    # Until the index reloads, the new snapshot is stored but not served.
    listed = {s["source"]: s for s in lists_client.get("/lists", headers=admin).json()["sources"]}
    assert listed["eu"]["latest"]["id"] == second.id and listed["eu"]["serving"] == first.id
    match = {
        "queries": {"q": {"schema": "Organization", "properties": {"name": ["Al Rashid Trust"]}}}
    }
    before = lists_client.post("/match/eu", json=match, headers=admin).json()["responses"]["q"][
        "results"
    ]
    assert "eu:330" not in [r["id"] for r in before]

    changes = lists_client.get("/lists/eu/changes", headers=admin).json()
    expected = lists_store.diff("eu").to_dict()
    assert changes["from_snapshot"]["id"] == first.id and changes["to_snapshot"]["id"] == second.id
    assert {e["entity_id"] for e in changes["added"]} == {e["entity_id"] for e in expected["added"]}
    assert {e["entity_id"] for e in changes["added"]} == {"eu:13", "eu:980", "eu:330", "eu:999999"}
    assert {e["entity_id"] for e in changes["removed"]} == {
        "eu:521",
        "eu:3822",
        "eu:6106",
        "eu:6177",
    }
    assert changes["unchanged"] + len(changes["changed"]) == 1

    since_id = lists_client.get(
        "/lists/eu/changes", params={"since": str(first.id)}, headers=admin
    ).json()
    assert since_id["added"] == changes["added"] and since_id["since"] == str(first.id)
    long_ago = lists_client.get(
        "/lists/eu/changes", params={"since": "2001-01-01"}, headers=admin
    ).json()
    assert (
        long_ago["from_snapshot"] is None
        and len(long_ago["added"]) == 5
        and long_ago["removed"] == []
    )
    today = lists_client.get(
        "/lists/eu/changes", params={"since": second.imported_at.date().isoformat()}, headers=admin
    ).json()
    assert today["added"] == [] and today["removed"] == []

    reload = lists_client.post("/lists/reload", headers=admin).json()
    assert reload["changed"] is True and reload["error"] is None
    after = lists_client.post("/match/eu", json=match, headers=admin).json()["responses"]["q"][
        "results"
    ]
    assert after[0]["id"] == "eu:330"
    listed = {s["source"]: s for s in lists_client.get("/lists", headers=admin).json()["sources"]}
    assert listed["eu"]["serving"] == second.id
    again = lists_client.post("/lists/reload", headers=admin).json()
    assert again["changed"] is False


def test_changes_errors(lists_client: TestClient, admin: dict[str, str]) -> None:
    assert lists_client.get("/lists/nowhere/changes", headers=admin).status_code == 404
    bad = lists_client.get("/lists/eu/changes", params={"since": "last tuesday"}, headers=admin)
    assert bad.status_code == 400 and "neither a snapshot id nor a date" in bad.json()["detail"]
    other = lists_client.get("/lists/eu/changes", params={"since": "1"}, headers=admin)
    assert other.status_code == 400 and "is of source" in other.json()["detail"]

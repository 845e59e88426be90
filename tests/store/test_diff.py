"""Diffs between snapshots: added, removed, and field-level changes of changed entities."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import proscribe.store.diff as diff_module
from proscribe.store import InvalidRequestError, NotFoundError, Store
from proscribe.store.diff import FieldChange, field_changes
from tests.store.psv import base_rows, open_psv, row, write_list

OLD = [
    *base_rows(12),
    row("R1", "REORDER ME", aliases="aka:FIRST;aka:SECOND"),
]


def _new_rows() -> list[str]:
    rows = [*OLD]
    rows[1] = row("1001", "PERSON 1", dob="1951-01-02", aliases="aka:P ONE")
    rows[2] = row("1002", "PERSON 2", dob="1952-01-04")
    rows[3] = row("1003", "PERSON 3", dob="1953-01-04", programmes="SDGT;IRAN")
    rows[4] = row("1004", "PERSON 4", dob="1954-01-05", schema="Organization")
    rows[5] = row("1005", "PERSON 5", dob="1955-01-06", nationality="RU")
    rows[12] = row("R1", "REORDER ME", aliases="aka:SECOND;aka:FIRST")
    del rows[7]  # 1007
    rows.append(row("3000", "NEWLY LISTED", schema="Organization"))
    return rows


@pytest.fixture
def two_snapshots(store: Store, tmp_path: Path) -> tuple[int, int]:
    old = store.import_list(open_psv(write_list(tmp_path / "old.psv", OLD))).snapshot
    new = store.import_list(open_psv(write_list(tmp_path / "new.psv", _new_rows()))).snapshot
    return old.id, new.id


def test_diff_finds_added_removed_and_field_changes(
    store: Store, two_snapshots: tuple[int, int]
) -> None:
    old_id, new_id = two_snapshots
    d = store.diff("testlist")

    assert (d.from_id, d.to_id) == (old_id, new_id)
    assert [(e.entity_id, e.caption, e.schema) for e in d.added] == [
        ("testlist:3000", "NEWLY LISTED", "Organization")
    ]
    assert [(e.entity_id, e.source_id, e.caption) for e in d.removed] == [
        ("testlist:1007", "1007", "PERSON 7")
    ]
    changes = {c.entity_id: c.describe() for c in d.changed}
    assert changes == {
        "testlist:1001": ["names: added aka 'P ONE'"],
        "testlist:1002": ["birth_dates: 1952-01-03 -> 1952-01-04"],
        "testlist:1003": ["designations: added programme IRAN"],
        "testlist:1004": ["schema: 'Person' -> 'Organization'"],
        "testlist:1005": ["nationalities: added 'RU'"],
        "testlist:R1": ["names: reordered"],
    }
    assert d.unchanged == 12 - 1 - 5
    assert (
        d.summary()
        == f"testlist #{old_id} -> #{new_id}: 1 added, 1 removed, 6 changed, 6 unchanged"
    )


def test_diff_dict_form_is_json(store: Store, two_snapshots: tuple[int, int]) -> None:
    data = json.loads(json.dumps(store.diff("testlist").to_dict()))
    [designation] = [c for c in data["changed"] if c["entity_id"] == "testlist:1003"]
    assert designation["changes"] == [
        {
            "field": "designations",
            "kind": "items",
            "added": [{"authority": "TEST", "programme": "IRAN"}],
            "removed": [],
            "description": "designations: added programme IRAN",
        }
    ]
    assert data["removed"][0]["entity_id"] == "testlist:1007"
    assert data["to_snapshot"]["id"] == two_snapshots[1]


def test_only_changed_pairs_are_decoded(
    store: Store, two_snapshots: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = diff_module.field_changes

    def counting(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
        calls.append(new["source_id"])
        return real(old, new)

    monkeypatch.setattr(diff_module, "field_changes", counting)
    store.diff("testlist")
    assert sorted(calls) == ["1001", "1002", "1003", "1004", "1005", "R1"]


def test_diff_defaults_and_explicit_ids(
    store: Store, two_snapshots: tuple[int, int], tmp_path: Path
) -> None:
    old_id, new_id = two_snapshots
    third = store.import_list(open_psv(write_list(tmp_path / "third.psv", OLD))).snapshot.id

    latest = store.diff("testlist")
    assert (latest.from_id, latest.to_id) == (new_id, third)
    back = store.diff("testlist", to_id=new_id)
    assert (back.from_id, back.to_id) == (old_id, new_id)
    full = store.diff("testlist", from_id=old_id, to_id=third)
    assert (full.added, full.removed, full.changed) == ([], [], [])
    assert full.unchanged == len(OLD)
    reverse = store.diff("testlist", from_id=new_id, to_id=old_id)
    assert [e.entity_id for e in reverse.added] == ["testlist:1007"]
    assert [e.entity_id for e in reverse.removed] == ["testlist:3000"]


def test_first_snapshot_diffs_against_nothing(store: Store, tmp_path: Path) -> None:
    snap = store.import_list(open_psv(write_list(tmp_path / "only.psv", base_rows(3)))).snapshot
    d = store.diff("testlist")
    assert d.from_snapshot is None and d.to_id == snap.id
    assert [e.source_id for e in d.added] == ["1000", "1001", "1002"]
    assert (d.removed, d.changed, d.unchanged) == ([], [], 0)


def test_diff_refuses_unknown_or_foreign_snapshots(store: Store, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no snapshot of source 'testlist'"):
        store.diff("testlist")
    a = store.import_list(
        open_psv(write_list(tmp_path / "a.psv", base_rows(2)), source="alpha")
    ).snapshot
    b = store.import_list(
        open_psv(write_list(tmp_path / "b.psv", base_rows(2)), source="beta")
    ).snapshot
    with pytest.raises(
        InvalidRequestError, match=f"snapshot {a.id} is of source 'alpha', not 'beta'"
    ):
        store.diff("beta", from_id=a.id, to_id=b.id)
    with pytest.raises(NotFoundError, match="no snapshot 999"):
        store.diff("beta", to_id=999)


def test_field_changes_cover_properties_scalars_and_lookalike_items() -> None:
    old = {
        "schema": "Vessel",
        "source_id": "9",
        "names": [{"full": "SEA STAR"}],
        "designations": [{"authority": "OFAC", "programme": "IRAN", "legal_basis": "EO 13846"}],
        "properties": {"vessel_flag": ["Panama"], "imo": ["IMO 1234567"]},
        "remarks": ["old remark"],
    }
    new = {
        "schema": "Vessel",
        "source_id": "9",
        "gender": "other",
        "names": [{"full": "SEA STAR"}, {"full": "ЗВЕЗДА", "kind": "aka", "script": "Cyrl"}],
        "designations": [{"authority": "OFAC", "programme": "IRAN", "legal_basis": "EO 13902"}],
        "properties": {"vessel_flag": ["Togo"], "imo": ["IMO 1234567"], "tonnage": ["1000"]},
    }
    assert [c.describe() for c in field_changes(old, new)] == [
        "gender: none -> 'other'",
        "names: added aka 'ЗВЕЗДА' [Cyrl]",
        "designations: programme IRAN: legal_basis 'EO 13846' -> 'EO 13902'",
        "remarks: removed 'old remark'",
        "properties.tonnage: added '1000'",
        "properties.vessel_flag: 'Panama' -> 'Togo'",
    ]
    assert field_changes(new, new) == []


def test_field_change_descriptions_of_every_item_kind() -> None:
    cases = {
        "birth_dates": ({"value": "1961", "end": "1963", "circa": True}, "circa 1961 to 1963"),
        "birth_places": ({"text": "Tehran, Iran", "country": "IR"}, "'Tehran, Iran' (IR)"),
        "addresses": (
            {"city": "Moscow", "country": "RU", "street": "Tverskaya 1"},
            "'Tverskaya 1, Moscow' (RU)",
        ),
        "identifiers": (
            {"type": "passport", "number": "A123", "country": "IR"},
            "passport A123 (IR)",
        ),
        "relations": ({"kind": "family", "target_id": "77", "role": "son"}, "family 77 (son)"),
        "designations": ({"authority": "UN"}, "UN designation"),
    }
    for name, (item, text) in cases.items():
        [change] = field_changes({name: []}, {name: [item]})
        assert change.describe() == f"{name}: added {text}"
        assert change.to_dict()["added"] == [item]
    long = "x" * 200
    [change] = field_changes({"remarks": [long]}, {})
    assert change.describe() == "remarks: removed '" + "x" * 79 + "…'"

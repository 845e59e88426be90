"""FollowTheMoney JSON lines in (flat and nested, plain and gzip) and out (ftm_export)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model
from followthemoney.types import registry as ftm_types

from proscribe.model import Entity
from proscribe.sources.base import ParseReport
from proscribe.sources.errors import ListError
from proscribe.sources.ftm_export import entities_to_ftm, entity_to_ftm, ftm_id
from proscribe.sources.ftm_json import detect_script
from proscribe.sources.registry import detect, open_list

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ftm"
FLAT = FIXTURES / "entities.ftm.json"
NESTED = FIXTURES / "targets.nested.json"


def _parse(path: Path, source: str | None = None) -> tuple[dict[str, Entity], ParseReport]:
    parsed = open_list(path, source=source)
    return {e.source_id: e for e in parsed.entities()}, parsed.report


def _lines(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.fixture(scope="module")
def flat() -> tuple[dict[str, Entity], ParseReport]:
    return _parse(FLAT)


# --- reading ----------------------------------------------------------------------------


def test_things_become_entities_and_links_attach(
    flat: tuple[dict[str, Entity], ParseReport],
) -> None:
    entities, report = flat
    lines = _lines(FLAT)
    things = [d["id"] for d in lines if d["schema"] in ("Person", "Company", "Vessel", "Airplane")]
    assert list(entities) == things
    assert report.issues == []
    assert report.counts["entities"] == len(things) == 11
    assert report.counts["links"] == len(lines) - len(things)
    assert {e.source for e in entities.values()} == {"ftm"}
    schemas = {k: e.schema for k, e in entities.items()}
    assert schemas["company-c-caspian"] == "Organization"
    assert schemas["airplane-ra-12345"] == "Aircraft"
    assert schemas["vessel-sea-falcon"] == "Vessel"
    for entity in entities.values():
        assert entity.provenance is not None
        assert entity.provenance.record_id == entity.source_id
        assert lines[entity.provenance.line - 1]["id"] == entity.source_id  # type: ignore[operator]


def test_sanctioned_icc_official_and_spouse(flat: tuple[dict[str, Entity], ParseReport]) -> None:
    entities = flat[0]
    okafor = entities["person-amina-okafor"]
    primary = okafor.names[0]
    assert (primary.full, primary.given, primary.middle, primary.family) == (
        "Amina Grace Okafor",
        "Amina",
        "Grace",
        "Okafor",
    )
    assert [d.value for d in okafor.birth_dates] == ["1968-07-21"]
    assert okafor.nationalities == ["NG"]
    assert okafor.gender == "female"
    [designation] = okafor.designations
    assert (
        designation.authority,
        designation.programme,
        designation.listed_on,
        designation.reference,
    ) == (
        "Office of Foreign Assets Control",
        "ICC-EO14203",
        "2025-02-13",
        "77001",
    )
    assert designation.legal_basis == "Executive Order 14203"
    # The Sanction line comes before the Person line: order does not matter.
    assert [(r.kind, r.target_id, r.role) for r in okafor.relations] == [
        ("family", "person-daniel-okafor", "spouse")
    ]
    # The address entity comes after the person that references it.
    assert [(a.full, a.city, a.country) for a in okafor.addresses] == [
        ("Oude Waalsdorperweg 10, 2597 AK The Hague, Netherlands", "The Hague", "NL")
    ]
    spouse = entities["person-daniel-okafor"]
    assert spouse.designations == [] and spouse.properties["target"] == ["false"]


def test_scripts_aliases_documents_and_associates(
    flat: tuple[dict[str, Entity], ParseReport],
) -> None:
    entities = flat[0]
    sidorov = entities["person-ivan-sidorov"]
    assert [(n.full, n.kind, n.script) for n in sidorov.names] == [
        ("Ivan Petrovich Sidorov", "primary", "Latn"),
        ("Иван Петрович Сидоров", "aka", "Cyrl"),
        ("Ivan Sidorov", "aka", "Latn"),
        ("Vanya", "weak", "Latn"),
    ]
    assert sidorov.names[0].patronymic == "Petrovich"
    assert sidorov.citizenships == ["RU", "CY"]
    assert [(i.type, i.number, i.country, i.expires) for i in sidorov.identifiers] == [
        ("passport", "753912468", None, None),
        ("tax_id", "771234567890", None, None),
        ("passport", "120456789", "CY", "2029-01-09"),
    ]
    assert [(d.authority, d.programme, d.listed_on) for d in sidorov.designations] == [
        ("Office of Foreign Assets Control", "RUSSIA-EO14024", "2022-04-06"),
        ("Office of Financial Sanctions Implementation", "Russia", "2022-05-04"),
    ]
    assert ("associate", "person-khalid-rashid", "business partner") in [
        (r.kind, r.target_id, r.role) for r in sidorov.relations
    ]
    rashid = entities["person-khalid-rashid"]
    assert [(n.full, n.kind, n.script) for n in rashid.names] == [
        ("Khalid Hassan Al-Rashid", "primary", "Latn"),
        ("خالد حسن الراشد", "aka", "Arab"),
        ("Khalid Hassan", "fka", "Latn"),
    ]
    assert [(r.kind, r.target_id, r.role) for r in rashid.relations] == [
        ("associate", "company-e-eastgate", "managing director")
    ]
    assert rashid.designations[0].reference == "QDi.999"


def test_ownership_chain_on_both_ends(flat: tuple[dict[str, Entity], ParseReport]) -> None:
    entities = flat[0]

    def owners(asset: str) -> list[tuple[str | None, float | None]]:
        return [(r.target_id, r.share) for r in entities[asset].relations if r.kind == "owner"]

    def assets(owner: str) -> list[tuple[str | None, float | None]]:
        return [(r.target_id, r.share) for r in entities[owner].relations if r.kind == "owned_by"]

    assert owners("company-c-caspian") == [
        ("company-a-arctic", 30.0),
        ("person-ivan-sidorov", 25.0),
    ]
    assert owners("company-d-dvina") == [("company-a-arctic", 49.0)]
    assert owners("company-e-eastgate") == [("company-a-arctic", 60.0)]
    assert owners("company-f-fjord") == [("company-e-eastgate", 50.0)]
    assert owners("vessel-sea-falcon") == [("company-f-fjord", 100.0)]
    assert assets("company-a-arctic") == [
        ("company-c-caspian", 30.0),
        ("company-d-dvina", 49.0),
        ("company-e-eastgate", 60.0),
    ]
    assert assets("person-ivan-sidorov") == [("company-c-caspian", 25.0)]
    caspian = entities["company-c-caspian"]
    assert [(i.type, i.number) for i in caspian.identifiers] == [
        ("registration", "180940012345"),
        ("lei", "984500ABCDEF12345634"),
    ]
    assert caspian.addresses[0].full == "Abai Avenue 52, 050008, Almaty"
    arctic = entities["company-a-arctic"]
    assert [(n.full, n.script) for n in arctic.names] == [
        ("Arctic Meridian Holdings JSC", "Latn"),
        ("АО Арктик Меридиан Холдингс", "Cyrl"),
    ]
    assert [(i.type, i.number, i.label) for i in arctic.identifiers] == [
        ("registration", "1027700000012", "registrationNumber"),
        ("tax_id", "7700000016", "innCode"),
    ]


def test_vessel_and_aircraft(flat: tuple[dict[str, Entity], ParseReport]) -> None:
    vessel = flat[0]["vessel-sea-falcon"]
    assert [(n.full, n.kind) for n in vessel.names] == [
        ("SEA FALCON", "primary"),
        ("NORDIC STAR", "fka"),
    ]
    assert [(i.type, i.number) for i in vessel.identifiers] == [
        ("imo", "9123453"),
        ("mmsi", "273123456"),
    ]
    assert vessel.properties["vessel_flag"] == ["RU"]
    assert vessel.properties["call_sign"] == ["UBCD7"]
    assert vessel.properties["vessel_type"] == ["Crude Oil Tanker"]
    assert vessel.designations[0].listed_on == "2024-02-23"
    plane = flat[0]["airplane-ra-12345"]
    assert plane.properties["aircraft_model"] == ["Boeing 737-800"]
    assert [(i.type, i.number) for i in plane.identifiers] == [("registration", "RA-12345")]


def test_gzip_whatever_the_name(
    tmp_path: Path, flat: tuple[dict[str, Entity], ParseReport]
) -> None:
    for name in ("entities.ftm.json.gz", "entities.ftm.json"):
        packed = tmp_path / name
        packed.write_bytes(gzip.compress(FLAT.read_bytes()))
        assert detect(packed).name == "ftm_json"
        entities, report = _parse(packed)
        assert list(entities) == list(flat[0])
        assert [e.designations for e in entities.values()] == [
            e.designations for e in flat[0].values()
        ]
        assert report.counts == flat[1].counts
    nested = tmp_path / "targets.nested.json.gz"
    nested.write_bytes(gzip.compress(NESTED.read_bytes()))
    assert list(_parse(nested)[0]) == ["person-amina-okafor", "company-a-arctic"]


def test_source_override(flat: tuple[dict[str, Entity], ParseReport]) -> None:
    entities, report = _parse(FLAT, source="opensanctions")
    assert report.source == "opensanctions"
    assert entities["person-ivan-sidorov"].id == "opensanctions:person-ivan-sidorov"


def test_nested_targets() -> None:
    entities, report = _parse(NESTED)
    assert report.issues == []
    assert list(entities) == ["person-amina-okafor", "company-a-arctic"]
    okafor = entities["person-amina-okafor"]
    assert [(n.full, n.script) for n in okafor.names] == [
        ("Amina Grace Okafor", "Latn"),
        ("أمينة أوكافور", "Arab"),
    ]
    assert [(d.programme, d.listed_on) for d in okafor.designations] == [
        ("ICC-EO14203", "2025-02-13")
    ]
    assert [(r.kind, r.target_id, r.target_name, r.role, r.share) for r in okafor.relations] == [
        ("family", "person-daniel-okafor", "Daniel Chukwuemeka Okafor", "spouse", None),
        ("owned_by", "company-okafor-holding", "Okafor Family Holdings Ltd", None, 75.0),
    ]
    assert [(i.type, i.number, i.country) for i in okafor.identifiers] == [
        ("passport", "A01234567", "NG")
    ]
    assert [a.country for a in okafor.addresses] == ["NL"]
    # The reverse properties that carried the nested entities are not kept as properties.
    assert "sanctions" not in okafor.properties and "family_person" not in okafor.properties
    arctic = entities["company-a-arctic"]
    assert [(r.kind, r.target_id, r.share) for r in arctic.relations] == [
        ("owned_by", "company-e-eastgate", 60.0)
    ]


def _write_lines(path: Path, lines: list[dict[str, Any] | str]) -> Path:
    path.write_text(
        "\n".join(
            line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
            for line in lines
        )
        + "\n",
        encoding="utf-8",
    )
    return path


PERSON = {"id": "p1", "schema": "Person", "properties": {"name": ["Test Person"]}}


def test_unknown_schemas_missing_links_and_properties_are_reported(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "issues.json",
        [
            PERSON,
            {
                "id": "s1",
                "schema": "Sanction",
                "properties": {"entity": ["p-missing"], "program": ["X"]},
            },
            {"id": "s2", "schema": "Sanction", "properties": {"program": ["Y"]}},
            {"id": "x1", "schema": "Spaceship", "properties": {"name": ["Nostromo"]}},
            {"id": "x2", "schema": "Spaceship", "properties": {"name": ["Sulaco"]}},
            {
                "id": "n1",
                "schema": "Note",
                "properties": {"entity": ["p1"], "description": ["note"]},
            },
            {
                "id": "p2",
                "schema": "Person",
                "properties": {
                    "name": ["Other"],
                    "shoeSize": ["44"],
                    "addressEntity": ["a-missing"],
                },
            },
        ],
    )
    entities, report = _parse(path)
    assert list(entities) == ["p1", "p2"]
    messages = [(i.line, i.message) for i in report.issues]
    assert (3, "Sanction s2 lacks entity: it links nothing; skipped") in messages
    assert (
        4,
        "2 entities of schema 'Spaceship' skipped: the schema is not a FollowTheMoney schema",
    ) in messages
    assert any(line == 6 and "schema 'Note' skipped" in m for line, m in messages)
    assert (7, "addressEntity a-missing is not in the file") in messages
    assert (2, "Sanction s1 refers to p-missing, which is not in the file") in messages
    assert any("property 'shoeSize'" in m for _l, m in messages)
    assert entities["p1"].designations == []


def test_bad_lines_raise_with_line(tmp_path: Path) -> None:
    cases: list[tuple[list[dict[str, Any] | str], int, str]] = [
        (
            [PERSON, '{"id": "p2", "schema": "Person", "properties": {"name": ["x"]'],
            2,
            "not valid JSON",
        ),
        ([PERSON, "[1, 2]"], 2, "one JSON object"),
        ([PERSON, {"schema": "Person", "properties": {}}], 2, "without an id"),
        ([PERSON, {"id": "p3", "properties": {}}], 2, "without a schema"),
        (
            [PERSON, {"id": "p3", "schema": "Person", "properties": {"name": "flat"}}],
            2,
            "lists of values",
        ),
    ]
    for i, (lines, line, words) in enumerate(cases):
        path = _write_lines(tmp_path / f"bad{i}.json", lines)
        with pytest.raises(ListError, match=words) as err:
            list(open_list(path, fmt="ftm_json").entities())
        assert err.value.line == line
        assert str(path) in str(err.value)


def test_wrong_encoding_raises_with_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(
        json.dumps(PERSON).encode()
        + b"\n"
        + '{"id": "p2", "schema": "Person", "properties": {"name": ["Jos\xe9"]}}\n'.encode(
            "latin-1"
        )
    )
    assert detect(path).name == "ftm_json"
    with pytest.raises(ListError, match="not valid utf-8") as err:
        list(open_list(path).entities())
    assert err.value.line == 2


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Ivan Sidorov", "Latn"),
        ("Иван Сидоров", "Cyrl"),
        ("محمد حسن أخوند", "Arab"),
        ("习近平", "Hans"),
        ("習近平", "Hant"),
        ("山田", "Hani"),
        ("山田 たろう", "Jpan"),
        ("김정은", "Kore"),
        ("שלום", "Hebr"),
        ("Αλέξης", "Grek"),
        ("ამირან", "Geor"),
        ("Արամ", "Armn"),
        ("ዮሐንስ", "Ethi"),
        ("Ivan Иванович Иванов", "Cyrl"),
        ("123 - ()", None),
    ],
)
def test_detect_script(text: str, script: str | None) -> None:
    assert detect_script(text) == script


# --- writing ----------------------------------------------------------------------------


def _check_ftm(data: dict[str, Any]) -> None:
    """FtM accepts the entity as it is: known schema and properties, values that survive cleaning."""
    schema = model.get(data["schema"])
    assert schema is not None, data["schema"]
    for prop in data["properties"]:
        assert prop in schema.properties, (data["schema"], prop)
    schema.validate({"properties": data["properties"]})
    proxy = model.get_proxy(data)
    assert proxy.id == data["id"]
    cleaned = model.get_proxy(data, cleaned=False)
    for prop, values in data["properties"].items():
        assert sorted(cleaned.get(prop)) == sorted(values), (data["id"], prop)


def _export(entities: list[Entity], path: Path) -> list[dict[str, Any]]:
    out = list(entities_to_ftm(entities))
    for data in out:
        _check_ftm(data)
    assert len({d["id"] for d in out}) == len(out)
    _write_lines(path, list(out))
    return out


def test_export_of_the_fixture_is_valid_ftm(
    tmp_path: Path, flat: tuple[dict[str, Entity], ParseReport]
) -> None:
    entities = list(flat[0].values())
    out = _export(entities, tmp_path / "out.json")
    things = [
        d
        for d in out
        if d["schema"] in ("Person", "Organization", "Vessel", "Airplane", "LegalEntity")
    ]
    assert [d["id"] for d in things] == [ftm_id("ftm", e.source_id) for e in entities]
    okafor = entity_to_ftm(flat[0]["person-amina-okafor"])
    assert okafor[0]["properties"]["firstName"] == ["Amina"]
    assert okafor[0]["properties"]["nationality"] == ["ng"]
    assert okafor[0]["properties"]["topics"] == ["sanction"]
    assert [d["schema"] for d in okafor] == ["Person", "Sanction", "Family"]
    # An ownership is exported once though both of its ends carry it.
    ownerships = [d for d in out if d["schema"] == "Ownership"]
    assert len(ownerships) == 6
    back, report = _parse(tmp_path / "out.json")
    assert report.issues == []
    caspian = back[ftm_id("ftm", "company-c-caspian")]
    assert sorted((r.target_id, r.share) for r in caspian.relations if r.kind == "owner") == [
        ("ftm-company-a-arctic", 30.0),
        ("ftm-person-ivan-sidorov", 25.0),
    ]


def _same_after_round_trip(original: Entity, back: Entity) -> None:
    kinds = {"nka": "aka"}  # FtM has no now-known-as: it is an alias
    # Names come back as FtM cleans them ('"HASSAN, Sheikh"' loses its quotes).
    assert {(ftm_types.name.clean(n.full), kinds.get(n.kind, n.kind)) for n in original.names} == {
        (n.full, n.kind) for n in back.names
    }
    assert {v for d in original.birth_dates for v in (d.value, d.end) if v} == {
        d.value for d in back.birth_dates
    }
    assert original.nationalities == back.nationalities
    assert set(original.citizenships) == set(back.citizenships)
    exported = {(i.type, i.number, i.country) for i in back.identifiers}
    for ident in original.identifiers:
        if (ident.type, ident.number, ident.country) not in exported:
            # FtM refuses it as an identifier (too long for its identifier type): it is a note.
            assert any(ident.number in remark for remark in back.remarks), ident
    designations = {
        (d.authority, d.programme, d.listed_on, d.reference, d.legal_basis)
        for d in original.designations
    }
    assert designations == {
        (d.authority, d.programme, d.listed_on, d.reference, d.legal_basis)
        for d in back.designations
    }
    assert back.schema == original.schema


@pytest.mark.parametrize(
    "relative",
    ["un/consolidated_2026-02-27.xml", "ofac/icc_eo14203_extract_2026-04/sdn.csv"],
)
def test_round_trip_of_real_lists(tmp_path: Path, lists_dir: Path, relative: str) -> None:
    originals = list(open_list(lists_dir / relative).entities())
    assert originals
    _export(originals, tmp_path / "export.json")
    back, report = _parse(tmp_path / "export.json")
    assert report.issues == []
    assert len(back) == len(originals)
    for original in originals:
        _same_after_round_trip(original, back[ftm_id(original.source, original.source_id)])


def test_ftm_ids_are_stable_and_safe() -> None:
    assert ftm_id("un", "QDi.001") == "un-QDi.001"
    assert ftm_id("ofac", "52965") == "ofac-52965"
    assert re.fullmatch(r"[A-Za-z0-9._-]+", ftm_id("inhouse", "A/17 (old)"))

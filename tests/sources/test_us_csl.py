"""US Consolidated Screening List CSV: the real trade.gov sample, every row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from proscribe.model import Entity
from proscribe.sources.base import ParseReport
from proscribe.sources.errors import ListError
from proscribe.sources.registry import detect, open_list


@pytest.fixture(scope="module")
def csl_path(lists_dir: Path) -> Path:
    return lists_dir / "us_csl" / "consolidated_sample_2025-06.csv"


@pytest.fixture(scope="module")
def parsed(csl_path: Path) -> tuple[dict[str, Entity], ParseReport]:
    parsed_list = open_list(csl_path)
    entities = {e.source_id: e for e in parsed_list.entities()}
    return entities, parsed_list.report


def test_every_row_is_an_entity(
    csl_path: Path, parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    entities, report = parsed
    with csl_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # The manifest says 12 rows; the file holds 13 records (its last line has no newline).
    assert len(rows) == 13
    assert sorted(entities) == sorted(r["_id"] for r in rows)
    assert report.counts["entities"] == len(rows)
    assert report.counts["names"] == sum(
        1 + len([a for a in r["alt_names"].split(";") if a.strip()]) for r in rows
    )
    assert report.issues == []
    assert detect(csl_path).name == "us_csl"
    for entity in entities.values():
        assert entity.source == "us_csl"
        assert entity.provenance is not None and entity.provenance.record_id == entity.source_id
        sub_list = next(r["source"] for r in rows if r["_id"] == entity.source_id)
        assert {d.authority for d in entity.designations} == {sub_list}


def test_sdn_person_with_ids(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    rim = parsed[0]["52291"]
    assert rim.schema == "Person"
    assert [(n.full, n.kind, n.family, n.given) for n in rim.names] == [
        ("RIM, Ryong Nam", "primary", "RIM", "Ryong Nam")
    ]
    assert [d.value for d in rim.birth_dates] == ["1978-12-05"]
    assert rim.nationalities == ["KP"]
    assert rim.gender == "male"
    assert [(i.type, i.number, i.country, i.label) for i in rim.identifiers] == [
        ("passport", "836238033", "KP", "Passport")
    ]
    assert [(a.full, a.country) for a in rim.addresses] == [
        ("Shenyang, CN", "CN"),
        ("Pyongyang, KP", "KP"),
    ]
    assert (
        rim.remarks[0]
        == "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210"
    )
    [designation] = rim.designations
    assert (designation.authority, designation.programme, designation.reference) == (
        "Specially Designated Nationals (SDN) - Treasury Department",
        "NPWMD",
        "52291",
    )


def test_aliases_split_and_programmes(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entities = parsed[0]
    plc = entities["9673"]
    assert [n.full for n in plc.names if n.kind == "aka"] == [
        "Mohammad Mutlaq ABU JHESHEH",
        "Mohammed ABU JEHEISHA",
    ]
    assert [d.value for d in plc.birth_dates] == ["1955"]
    assert [p.text for p in plc.birth_places] == ["Izna, Hebron"]
    tnk = entities["28603"]
    assert tnk.schema == "Organization"
    assert [d.programme for d in tnk.designations] == ["VENEZUELA-EO13850", "UKRAINE-EO13662"]
    assert [(i.type, i.number, i.country) for i in tnk.identifiers] == [
        ("tax_id", "CHE-267.936.404", "CH"),
        ("registration", "CH-660.0.559.011-2", "CH"),
    ]
    sme = entities["18283"]
    assert [(i.type, i.number) for i in sme.identifiers] == [
        ("registration", "1027739108649"),
        ("swift", "RUDVRUMM"),
        ("website", "mspbank.ru"),
    ]
    assert len([n for n in sme.names if n.kind == "aka"]) == 5
    cetc = entities["99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be"]
    # "...; and CETC Research Institute 13": the joining "and" is not part of the name.
    assert cetc.names[-1].full == "CETC Research Institute 13"
    assert [a.full for a in cetc.addresses][:2] == [
        "113 Hezuo Road, Shijiazhuang, Hebei, China",
        "21 Changsheng Street, Shijiazhuang, Hebei, China",
    ]
    assert {a.country for a in cetc.addresses} == {"CN"}
    [designation] = cetc.designations
    assert (designation.listed_on, designation.legal_basis) == (
        "2018-08-01",
        "83 FR 37423; 87 FR 77505",
    )


def test_sub_lists_without_type_or_programme(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entities = parsed[0]
    isn = entities["233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b"]
    # ISN writes the designation's scope into the name; the name is the company's.
    assert isn.names[0].full == "Sinobright Import and Export Company"
    assert isn.remarks == [
        "Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof"
    ]
    assert isn.schema == "LegalEntity"
    assert [(d.programme, d.listed_on, d.legal_basis) for d in isn.designations] == [
        ("INKSNA", "2023-07-19", "Vol. 88, No. 151, 08/08/2023")
    ]
    dpl = entities["b601cbf2841d0aaedfe63661581ffbc3d54b6ba39d7e3a9027cff50e"]
    assert dpl.properties["listing_end_date"] == ["2056-06-29"]
    assert dpl.properties["standard_order"] == ["Y"]
    assert [(a.full, a.country) for a in dpl.addresses] == [
        ("605 TRAIL LAKE DRIVE, RICHARDSON, TX, 75081, US", "US")
    ]
    fse = entities["26182"]
    assert fse.citizenships == ["TR"]
    assert [(a.full, a.country) for a in fse.addresses] == [(None, "TR")]
    uvl = entities["1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42"]
    assert [(d.authority, d.programme) for d in uvl.designations] == [
        ("Unverified List (UVL) - Bureau of Industry and Security", None)
    ]


def test_bad_input(tmp_path: Path, csl_path: Path) -> None:
    header = csl_path.read_text(encoding="utf-8").splitlines()[0]
    broken = tmp_path / "csl.csv"
    broken.write_text(header + '\n"1","SDN","1","Individual","X","NAME ""Q\n', encoding="utf-8")
    with pytest.raises(ListError) as err:
        list(open_list(broken).entities())
    assert err.value.line == 2
    short = tmp_path / "short.csv"
    short.write_text(
        header + '\n"1","Specially Designated Nationals (SDN) - Treasury Department","1"\n',
        encoding="utf-8",
    )
    with pytest.raises(ListError, match="3 fields but the header has 29"):
        list(open_list(short).entities())

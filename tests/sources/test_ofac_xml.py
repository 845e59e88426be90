"""OFAC sdn.xml, on a fixture written in the official structure from real CSV rows.

No full sdn.xml is available, so tests/fixtures/ofac_xml/sdn.xml carries the
real ICC-EO14203 rows (and a vessel and an entity with weak aliases from the
2025 sample). The expected facts are read here from the CSV files themselves,
so the XML parse must yield what OFAC's CSV states.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pytest

from proscribe.model import Entity
from proscribe.sources import ofac_xml
from proscribe.sources.base import ParseReport
from proscribe.sources.errors import ListError
from proscribe.sources.io import read_head

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ofac_xml" / "sdn.xml"


def _parse(path: Path) -> tuple[dict[str, Entity], ParseReport]:
    report = ParseReport(source="ofac", format="ofac_xml", files=[str(path)])
    return {e.source_id: e for e in ofac_xml.parse([path], report)}, report


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="latin-1", newline="") as fh:
        return [
            [c.strip() for c in row] for row in csv.reader(fh) if row and row[0].strip().isdigit()
        ]


def _null(value: str) -> str | None:
    return None if value in ("-0-", "") else value


def _remark(remarks: str, label: str) -> str | None:
    for part in remarks.rstrip(".").split(";"):
        part = part.strip()
        if part.startswith(label + " "):
            return part[len(label) + 1 :]
    return None


@pytest.fixture(scope="module")
def parsed() -> tuple[dict[str, Entity], ParseReport]:
    return _parse(FIXTURE)


@pytest.fixture(scope="module")
def icc_dir(lists_dir: Path) -> Path:
    return lists_dir / "ofac" / "icc_eo14203_extract_2026-04"


@pytest.fixture(scope="module")
def sample_dir(lists_dir: Path) -> Path:
    return lists_dir / "ofac" / "sample_2025-05"


def test_khan_as_the_csv_states_him(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    khan = parsed[0]["52965"]
    assert khan.schema == "Person"
    primary = khan.names[0]
    assert (primary.kind, primary.given, primary.family, primary.full) == (
        "primary",
        "Karim Asad Ahmad",
        "KHAN",
        "KHAN, Karim Asad Ahmad",
    )
    assert [d.value for d in khan.birth_dates] == ["1970-03-30"]
    assert [(p.text, p.country) for p in khan.birth_places] == [("Edinburgh, United Kingdom", "GB")]
    assert khan.nationalities == ["GB"]
    assert khan.gender == "male"
    assert [(i.type, i.number, i.country, i.label) for i in khan.identifiers] == [
        ("passport", "518353876", "GB", "Passport")
    ]
    assert [(d.authority, d.programme) for d in khan.designations] == [("OFAC", "ICC-EO14203")]
    assert [(a.city, a.country) for a in khan.addresses] == [("The Hague", "NL")]
    assert khan.provenance is not None and khan.provenance.line == 12


def test_every_icc_row_matches_the_csv(
    parsed: tuple[dict[str, Entity], ParseReport], icc_dir: Path
) -> None:
    entities, _ = parsed
    addresses: dict[str, list[list[str]]] = {}
    for row in _csv(icc_dir / "add.csv"):
        addresses.setdefault(row[0], []).append(row)
    rows = _csv(icc_dir / "sdn.csv")
    assert len(rows) == 15
    for uid, name, sdn_type, programme, *_rest, remarks in rows:
        entity = entities[uid]
        assert [d.programme for d in entity.designations] == [programme]
        if sdn_type == "individual":
            family, given = (p.strip() for p in name.split(",", 1))
            assert (entity.names[0].family, entity.names[0].given) == (family, given)
            dob = datetime.strptime(_remark(remarks, "DOB") or "", "%d %b %Y").date().isoformat()
            assert [d.value for d in entity.birth_dates] == [dob]
            assert [p.text for p in entity.birth_places] == [
                x for x in [_remark(remarks, "POB")] if x
            ]
            assert entity.gender == (_remark(remarks, "Gender") or "").lower()
            passport = re.search(
                r"(?:Diplomatic )?Passport (\S+) \(([^)]+)\)(?: expires (.+?))?(?:;|\.$)", remarks
            )
            if passport:
                [identifier] = entity.identifiers
                assert identifier.type == "passport"
                assert identifier.number == passport.group(1)
                expires = passport.group(3)
                assert identifier.expires == (
                    datetime.strptime(expires, "%d %b %Y").date().isoformat() if expires else None
                )
            else:
                assert entity.identifiers == []
        else:
            assert entity.schema == "Organization"
            assert entity.caption == name
            assert entity.properties["established_date"] == [
                _remark(remarks, "Organization Established Date")
            ]
            assert entity.properties["target_type"] == [_remark(remarks, "Target Type")]
        expected = [
            (_null(a[2]), _null(a[3]), _null(a[4]))
            for a in addresses.get(uid, [])
            if any(map(_null, a[2:5]))
        ]
        got = [
            (a.street, a.city, a.country_name or (f"Region: {a.region}" if a.region else None))
            for a in entity.addresses
        ]
        assert got == expected, uid


def test_nationalities_resolve_to_codes(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entities, report = parsed
    persons = [e for e in entities.values() if e.schema == "Person"]
    assert len(persons) == 12
    assert all(len(e.nationalities) == 1 and len(e.nationalities[0]) == 2 for e in persons)
    assert entities["54213"].nationalities == ["BJ"]
    assert entities["54213"].birth_places[0].country == "CI"  # "Cote D'Ivoire"
    assert not report.issues


def test_region_only_addresses(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    [address] = parsed[0]["55414"].addresses
    assert (address.street, address.city, address.region, address.country) == (
        "Al Mena, Omar El Mukhtar Street",
        "Gaza City",
        "Gaza",
        "PS",
    )


def test_vessel(parsed: tuple[dict[str, Entity], ParseReport], sample_dir: Path) -> None:
    [row] = [r for r in _csv(sample_dir / "sdn.csv") if r[0] == "47371"]
    vessel = parsed[0]["47371"]
    assert vessel.schema == "Vessel"
    assert vessel.caption == row[1]
    assert vessel.properties["call_sign"] == [row[5]]
    assert vessel.properties["vessel_type"] == [row[6]]
    assert vessel.properties["vessel_flag"] == ["GA"]  # row[9] "Gabon"
    ids = {(i.type, i.number) for i in vessel.identifiers}
    assert ids == {("imo", "9339301"), ("mmsi", "636013272")}
    assert "Secondary sanctions risk: See Section 11 of Executive Order 14024." in vessel.remarks
    assert [(r.kind, r.target_name) for r in vessel.relations] == [
        ("linked_to", "NS LEADER SHIPPING INCORPORATED")
    ]
    assert vessel.addresses == []  # its add.csv row is all -0-


def test_strong_and_weak_aliases(
    parsed: tuple[dict[str, Entity], ParseReport], sample_dir: Path
) -> None:
    entity = parsed[0]["11195"]
    strong = [r[3] for r in _csv(sample_dir / "alt.csv") if r[0] == "11195"]
    [row] = [r for r in _csv(sample_dir / "sdn.csv") if r[0] == "11195"]
    weak = re.findall(r"a\.k\.a\. '([^']+)'", row[11])
    assert [n.full for n in entity.names if n.kind == "aka"] == strong
    assert [n.full for n in entity.names if n.kind == "weak"] == weak
    assert [d.programme for d in entity.designations] == ["NPWMD", "IFSR", "IRAN-CON-ARMS-EO"]
    assert {(i.type, i.number, i.country) for i in entity.identifiers} == {
        ("national_id", "10100722073", "IR"),
        ("registration", "26740", "IR"),
    }
    assert "Additional Sanctions Information - Subject to Secondary Sanctions" in entity.remarks
    assert [r.target_name for r in entity.relations] == [
        "MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS",
        "ISLAMIC REVOLUTIONARY GUARD CORPS",
    ]
    tehran = [a for a in entity.addresses if a.postal_code]
    assert [(a.city, a.postal_code, a.country) for a in tehran] == [("Tehran", "15946", "IR")]


def test_report(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entities, report = parsed
    assert report.published == "2026-04-14"
    assert report.counts["record_count_stated"] == len(entities) == report.counts["entities"] == 17
    assert report.counts["aliases_weak"] == 9


def test_older_namespace(tmp_path: Path, parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    old = tmp_path / "sdn.xml"
    old.write_text(
        FIXTURE.read_text().replace(
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML",
            "http://tempuri.org/sdnList.xsd",
        )
    )
    assert ofac_xml.sniff(old, read_head(old))
    entities, _ = _parse(old)
    for uid, entity in entities.items():
        assert entity.names == parsed[0][uid].names
        assert entity.identifiers == parsed[0][uid].identifiers


def test_sniff(lists_dir: Path) -> None:
    assert ofac_xml.sniff(FIXTURE, read_head(FIXTURE))
    un = lists_dir / "un" / "consolidated_2026-02-27.xml"
    assert not ofac_xml.sniff(un, read_head(un))
    advanced = FIXTURE.with_name("sdn_advanced.xml")
    assert not ofac_xml.sniff(advanced, read_head(advanced))


def test_truncated_file_names_the_line(tmp_path: Path) -> None:
    cut = tmp_path / "sdn.xml"
    text = FIXTURE.read_text()
    cut.write_text(text[: text.index("<uid>47371</uid>")])
    with pytest.raises(ListError) as err:
        list(_parse(cut)[0])
    assert err.value.line is not None and err.value.line >= 660


def test_entry_without_uid_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "sdn.xml"
    bad.write_text(
        "<sdnList>\n<sdnEntry><lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry>\n</sdnList>"
    )
    with pytest.raises(ListError) as err:
        _parse(bad)
    assert err.value.line == 2


@pytest.mark.parametrize(
    ("label", "number", "kind"),
    [
        ("Passport", "518353876", "passport"),
        ("Diplomatic Passport", "10DP04141", "passport"),
        ("National ID No.", "10100722073", "national_id"),
        ("Cedula No.", "208079", "national_id"),
        ("C.U.R.P.", "AAPR960621HSLLLD02", "national_id"),
        ("Tax ID No.", "52-2083095", "tax_id"),
        ("V.A.T. Number", "CHE-267.936.404", "tax_id"),
        ("Registration Number", "26740", "registration"),
        ("Business Registration Number", "CH-660.0.559.011-2", "registration"),
        ("UK Company Number", "03632365", "registration"),
        ("Unified Social Credit Code (USCC)", "91131082MA0DJYYW35", "registration"),
        ("Vessel Registration Identification", "IMO 9486910", "imo"),
        ("Identification Number", "IMO 9339301", "imo"),
        ("MMSI", "636013272", "mmsi"),
        ("SWIFT/BIC", "BKMTIRTH", "swift"),
        ("Email Address", "info@gicdf.org", "email"),
        ("Website", "www.gicdf.org", "website"),
        ("Phone Number", "79110354982", "phone"),
        ("Digital Currency Address - XBT", "12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz", "crypto_wallet"),
        ("Aircraft Manufacturer's Serial Number (MSN)", "1023409321", "other"),
    ],
)
def test_identifier_types(label: str, number: str, kind: str) -> None:
    assert ofac_xml.identifier_type(label, number) == kind


def test_facts_that_are_not_identifiers() -> None:
    entity = Entity(source="ofac", source_id="1", schema="Organization")
    assert ofac_xml.apply_fact(entity, "Organization Established Date", "21 Jul 2020") is None
    assert ofac_xml.apply_fact(entity, "Aircraft Model", "Ilyushin IL-76TD") is None
    assert (
        ofac_xml.apply_fact(
            entity, "Executive Order 13662 Directive Determination -", "Subject to Directive 2"
        )
        is None
    )
    assert ofac_xml.apply_fact(entity, "Gender", "Unknown") == "unknown gender 'Unknown'"
    assert ofac_xml.apply_fact(entity, "Title", "Minister of Industry") is None
    assert ofac_xml.apply_fact(entity, "Former Vessel Flag", "Panama") is None
    assert entity.properties == {
        "established_date": ["2020-07-21"],
        "aircraft_model": ["Ilyushin IL-76TD"],
        "former_vessel_flag": ["PA"],
    }
    assert entity.positions == ["Minister of Industry"]
    assert entity.remarks == [
        "Executive Order 13662 Directive Determination - Subject to Directive 2"
    ]
    assert entity.identifiers == []


def test_us_date() -> None:
    assert ofac_xml.us_date("04/14/2026") == "2026-04-14"
    assert ofac_xml.us_date("4/1/2026") == "2026-04-01"
    assert ofac_xml.us_date("14/04/2026") is None
    assert ofac_xml.us_date("2026-04-14") is None


def comparable(entity: Entity) -> dict[str, object]:
    """The facts both OFAC formats state, in a form that compares across formats."""
    return {
        "schema": entity.schema,
        "names": [(n.full, n.kind, n.given, n.family) for n in entity.names],
        "birth_dates": entity.birth_dates,
        "birth_places": entity.birth_places,
        "nationalities": entity.nationalities,
        "gender": entity.gender,
        "identifiers": sorted((i.type, i.number, i.country, i.expires) for i in entity.identifiers),
        "designations": [(d.authority, d.programme, d.legal_basis) for d in entity.designations],
        "addresses": [(a.street, a.city, a.country) for a in entity.addresses],
        "countries": entity.countries,
        "properties": entity.properties,
    }


def test_same_facts_as_the_csv_parser(
    parsed: tuple[dict[str, Entity], ParseReport], icc_dir: Path
) -> None:
    """The project's sdn.csv parser, on the real ICC rows, must agree with the XML parse."""
    from proscribe.sources.registry import open_list

    csv_list = open_list(icc_dir / "sdn.csv")
    from_csv = {e.source_id: e for e in csv_list.entities()}
    assert len(from_csv) == 15
    for uid, entity in from_csv.items():
        assert comparable(parsed[0][uid]) == comparable(entity), uid


def test_record_count_mismatch_is_reported(tmp_path: Path) -> None:
    edited = tmp_path / "sdn.xml"
    edited.write_text(
        FIXTURE.read_text().replace(
            "<Record_Count>17</Record_Count>", "<Record_Count>18</Record_Count>"
        )
    )
    entities, report = _parse(edited)
    assert len(entities) == 17
    assert [i.message for i in report.issues] == ["Record_Count says 18 entries, the file holds 17"]


def test_registry_detects_by_content(tmp_path: Path) -> None:
    from proscribe.sources.registry import detect, open_list

    renamed = tmp_path / "download.dat"
    renamed.write_bytes(FIXTURE.read_bytes())
    assert detect(renamed).name == "ofac_xml"
    parsed = open_list(renamed)
    assert parsed.report.source == "ofac"
    assert len(list(parsed.entities())) == 17
    assert parsed.report.published == "2026-04-14"

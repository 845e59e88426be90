"""OFAC sdn_advanced.xml, on a fixture written in the official structure from real CSV rows.

tests/fixtures/ofac_xml/sdn_advanced.xml holds KHAN, ALBANESE and AL HAQ of
the ICC-EO14203 extract, the vessel NS LEADER and an entity with weak
aliases. The expected facts are read from OFAC's CSV rows here, and the
same facts must come out whatever ID numbers the file uses.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from proscribe.model import Entity, PartialDate
from proscribe.sources import ofac_advanced
from proscribe.sources.base import ParseReport
from proscribe.sources.errors import ListError
from proscribe.sources.io import read_head
from proscribe.sources.registry import open_list
from tests.sources.test_ofac_xml import comparable

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ofac_xml" / "sdn_advanced.xml"
NEW_NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"


def _parse(path: Path) -> tuple[dict[str, Entity], ParseReport]:
    report = ParseReport(source="ofac", format="ofac_advanced", files=[str(path)])
    return {e.source_id: e for e in ofac_advanced.parse([path], report)}, report


def _csv(path: Path) -> dict[str, list[str]]:
    with open(path, encoding="latin-1", newline="") as fh:
        return {
            row[0].strip(): [c.strip() for c in row]
            for row in csv.reader(fh)
            if row and row[0].strip().isdigit()
        }


def _remark(remarks: str, label: str) -> str | None:
    for part in remarks.rstrip(".").split(";"):
        part = part.strip()
        if part.startswith(label + " "):
            return part[len(label) + 1 :]
    return None


def _iso(text: str) -> str:
    return datetime.strptime(text, "%d %b %Y").date().isoformat()


@pytest.fixture(scope="module")
def parsed() -> tuple[dict[str, Entity], ParseReport]:
    return _parse(FIXTURE)


@pytest.fixture(scope="module")
def icc(lists_dir: Path) -> dict[str, list[str]]:
    return _csv(lists_dir / "ofac" / "icc_eo14203_extract_2026-04" / "sdn.csv")


@pytest.fixture(scope="module")
def sample_dir(lists_dir: Path) -> Path:
    return lists_dir / "ofac" / "sample_2025-05"


@pytest.mark.parametrize("uid", ["52965", "54707"])
def test_persons_as_the_csv_states_them(
    uid: str, parsed: tuple[dict[str, Entity], ParseReport], icc: dict[str, list[str]]
) -> None:
    row = icc[uid]
    remarks = row[11]
    entity = parsed[0][uid]
    family, given = (p.strip() for p in row[1].split(",", 1))
    primary = entity.names[0]
    assert (primary.kind, primary.given, primary.family, primary.script) == (
        "primary",
        given,
        family,
        "Latn",
    )
    assert [d.value for d in entity.birth_dates] == [_iso(_remark(remarks, "DOB") or "")]
    assert [p.text for p in entity.birth_places] == [_remark(remarks, "POB")]
    assert entity.gender == (_remark(remarks, "Gender") or "").lower()
    assert [d.programme for d in entity.designations] == [row[3]]
    passport = re.search(r"Passport (\S+) \(([^)]+)\)(?: expires (.+?))?(?:;|\.$)", remarks)
    assert passport is not None
    [identifier] = entity.identifiers
    assert (identifier.type, identifier.number, identifier.label) == (
        "passport",
        passport.group(1),
        "Passport",
    )
    assert identifier.expires == (_iso(passport.group(3)) if passport.group(3) else None)


def test_khan(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    khan = parsed[0]["52965"]
    assert khan.schema == "Person"
    assert khan.caption == "KHAN, Karim Asad Ahmad"
    assert khan.birth_dates == [PartialDate("1970-03-30")]
    assert [(p.text, p.country) for p in khan.birth_places] == [("Edinburgh, United Kingdom", "GB")]
    assert khan.nationalities == ["GB"]
    assert [(i.number, i.country) for i in khan.identifiers] == [("518353876", "GB")]
    assert [(a.city, a.country, a.country_name) for a in khan.addresses] == [
        ("The Hague", "NL", "Netherlands")
    ]
    [designation] = khan.designations
    assert (
        designation.authority,
        designation.programme,
        designation.legal_basis,
        designation.listed_on,
    ) == (
        "OFAC",
        "ICC-EO14203",
        "Executive Order 14203",
        "2025-02-13",
    )
    assert khan.properties["ofac_list"] == ["SDN List"]


def test_albanese_has_no_address(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    assert parsed[0]["54707"].addresses == []  # as in add.csv, which has no row for her


def test_organisation(
    parsed: tuple[dict[str, Entity], ParseReport], icc: dict[str, list[str]]
) -> None:
    row = icc["55413"]
    entity = parsed[0]["55413"]
    assert entity.schema == "Organization"
    assert entity.caption == row[1]
    # a year written as 1 Jan .. 31 Dec comes back as the year alone
    assert entity.properties["established_date"] == [
        _remark(row[11], "Organization Established Date")
    ]
    assert entity.properties["target_type"] == [_remark(row[11], "Target Type")]
    [address] = entity.addresses
    assert (address.street, address.city, address.region, address.country) == (
        "54 Main Street 2nd Fl., Protestant Hall Bldg.",
        "Ramallah",
        "West Bank",
        "PS",
    )


def test_vessel(parsed: tuple[dict[str, Entity], ParseReport], sample_dir: Path) -> None:
    row = _csv(sample_dir / "sdn.csv")["47371"]
    vessel = parsed[0]["47371"]
    assert vessel.schema == "Vessel"
    assert vessel.caption == row[1]
    assert vessel.properties["call_sign"] == [row[5]]
    assert vessel.properties["vessel_type"] == [row[6]]
    assert vessel.properties["vessel_flag"] == ["GA"]
    assert {(i.type, i.number) for i in vessel.identifiers} == {
        ("imo", "9339301"),
        ("mmsi", "636013272"),
    }
    assert [d.programme for d in vessel.designations] == [row[3]]


def test_strong_and_weak_aliases(
    parsed: tuple[dict[str, Entity], ParseReport], sample_dir: Path
) -> None:
    entity = parsed[0]["11195"]
    with open(sample_dir / "alt.csv", encoding="latin-1", newline="") as fh:
        strong = [r[3].strip() for r in csv.reader(fh) if r and r[0].strip() == "11195"]
    weak = re.findall(r"a\.k\.a\. '([^']+)'", _csv(sample_dir / "sdn.csv")["11195"][11])
    assert [n.full for n in entity.names if n.kind == "aka"] == strong
    assert [n.full for n in entity.names if n.kind == "weak"] == weak
    # the legal basis belongs to NPWMD only; it must not spill onto the other programmes
    assert [(d.programme, d.legal_basis) for d in entity.designations] == [
        ("NPWMD", "Executive Order 13382"),
        ("IFSR", None),
        ("IRAN-CON-ARMS-EO", None),
    ]
    assert len(entity.addresses) == 5


def test_report(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entities, report = parsed
    assert report.published == "2026-04-14"
    assert report.counts["entities"] == len(entities) == 5
    assert report.counts["aliases_weak"] == 9
    assert not report.issues
    for entity in entities.values():
        assert entity.provenance is not None and entity.provenance.line
        assert entity.provenance.record_id == entity.source_id


def _shift_ids(text: str, offset: int) -> str:
    """Renumber every numeric ID and ID reference (FixedRefs stay: they are the parties' identity)."""
    return re.sub(
        r'(\b[\w-]*ID)="(\d+)"',
        lambda m: f'{m.group(1)}="{int(m.group(2)) + offset}"',
        text,
    )


def test_ids_are_read_from_the_file(
    tmp_path: Path, parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    shifted = tmp_path / "sdn_advanced.xml"
    shifted.write_text(_shift_ids(FIXTURE.read_text(), 500_000))
    assert 'AliasTypeID="501403"' in shifted.read_text()
    entities, report = _parse(shifted)
    assert not report.issues
    for uid, entity in parsed[0].items():
        moved = entities[uid]
        moved.provenance = entity.provenance
        assert moved == entity


def test_older_namespace(tmp_path: Path, parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    old = tmp_path / "sdn_advanced.xml"
    old.write_text(FIXTURE.read_text().replace(NEW_NS, "http://www.un.org/sanctions/1.0"))
    assert ofac_advanced.sniff(old, read_head(old))
    entities, _ = _parse(old)
    assert {uid: e.names for uid, e in entities.items()} == {
        uid: e.names for uid, e in parsed[0].items()
    }


def test_relationship_resolves_to_the_party(tmp_path: Path) -> None:
    # Synthetic: the fixture's real rows link to parties outside it, so this
    # test adds one relationship between two of its own profiles.
    text = FIXTURE.read_text().replace(
        "<ProfileRelationships/>",
        '<ProfileRelationships><ProfileRelationship ID="1" From-ProfileID="47371" To-ProfileID="11195" '
        'RelationTypeID="15003" RelationQualityID="1" Former="false" SanctionsEntryID="1"/>'
        "</ProfileRelationships>",
    )
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text)
    entities, _ = _parse(path)
    [relation] = entities["47371"].relations
    assert (relation.kind, relation.target_id, relation.role) == (
        "owned_by",
        "11195",
        "Owned or Controlled By",
    )


def test_unknown_reference_is_reported(tmp_path: Path) -> None:
    text = FIXTURE.read_text().replace(
        '<FeatureType ID="224" FeatureTypeGroupID="1">Gender</FeatureType>', ""
    )
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text)
    entities, report = _parse(path)
    assert entities["52965"].gender is None
    assert any(i.record == "52965" and "FeatureTypeID 224" in i.message for i in report.issues)


def test_truncated_file_names_the_line(tmp_path: Path) -> None:
    cut = tmp_path / "sdn_advanced.xml"
    text = FIXTURE.read_text()
    cut.write_text(text[: text.index('<DistinctParty FixedRef="47371">')])
    with pytest.raises(ListError) as err:
        _parse(cut)
    assert err.value.line is not None and err.value.line > 500


def test_sniff(lists_dir: Path) -> None:
    assert ofac_advanced.sniff(FIXTURE, read_head(FIXTURE))
    sdn = FIXTURE.with_name("sdn.xml")
    assert not ofac_advanced.sniff(sdn, read_head(sdn))
    un = lists_dir / "un" / "consolidated_2026-02-27.xml"
    assert not ofac_advanced.sniff(un, read_head(un))
    # another "Sanctions" root without OFAC's namespace is not this format
    assert not ofac_advanced.sniff(FIXTURE, b'<?xml version="1.0"?><Sanctions xmlns="urn:other"/>')


def _period(xml: str) -> PartialDate | None:
    return ofac_advanced.date_period(
        etree.fromstring(f'<DatePeriod xmlns="{NEW_NS}">{xml}</DatePeriod>')
    )


def _bound(
    tag: str, low: tuple[int, int, int], high: tuple[int, int, int], approx: bool = False
) -> str:
    def point(p: tuple[int, int, int]) -> str:
        return f"<Year>{p[0]}</Year><Month>{p[1]}</Month><Day>{p[2]}</Day>"

    return f'<{tag} Approximate="{str(approx).lower()}"><From>{point(low)}</From><To>{point(high)}</To></{tag}>'


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (
            _bound("Start", (1970, 3, 30), (1970, 3, 30))
            + _bound("End", (1970, 3, 30), (1970, 3, 30)),
            PartialDate("1970-03-30"),
        ),
        (
            _bound("Start", (1970, 1, 1), (1970, 1, 1))
            + _bound("End", (1970, 12, 31), (1970, 12, 31)),
            PartialDate("1970"),
        ),
        (
            _bound("Start", (1961, 1, 1), (1961, 1, 1))
            + _bound("End", (1963, 12, 31), (1963, 12, 31)),
            PartialDate("1961", end="1963"),
        ),
        (
            _bound("Start", (1980, 2, 1), (1980, 2, 1))
            + _bound("End", (1980, 2, 29), (1980, 2, 29)),
            PartialDate("1980-02"),
        ),
        (
            _bound("Start", (1965, 1, 1), (1965, 1, 1), approx=True)
            + _bound("End", (1965, 12, 31), (1965, 12, 31), approx=True),
            PartialDate("1965", circa=True),
        ),
        (
            "<Start><From><Year>1948</Year><Month>12</Month><Day>10</Day></From></Start>",
            PartialDate("1948-12-10"),
        ),
        ("", None),
    ],
)
def test_date_period(xml: str, expected: PartialDate | None) -> None:
    assert _period(xml) == expected


def test_same_facts_as_the_csv_parser(
    parsed: tuple[dict[str, Entity], ParseReport], lists_dir: Path
) -> None:
    """The project's sdn.csv parser, on the real ICC rows, must agree with the advanced parse."""
    csv_list = open_list(lists_dir / "ofac" / "icc_eo14203_extract_2026-04" / "sdn.csv")
    from_csv = {e.source_id: e for e in csv_list.entities()}
    for uid in ("52965", "54707", "55413"):
        advanced = comparable(parsed[0][uid])
        advanced["properties"] = {
            k: v for k, v in parsed[0][uid].properties.items() if k != "ofac_list"
        }
        assert advanced == comparable(from_csv[uid]), uid


def test_registry_detects_by_content(tmp_path: Path) -> None:
    from proscribe.sources.registry import detect

    renamed = tmp_path / "download.dat"
    renamed.write_bytes(FIXTURE.read_bytes())
    assert detect(renamed).name == "ofac_advanced"
    parsed = open_list(renamed)
    assert len(list(parsed.entities())) == 5
    assert parsed.report.published == "2026-04-14"

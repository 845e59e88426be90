"""UK lists: OFSI ConList CSV (full 2025-04-14 list) and the FCDO UK Sanctions List XML and CSV."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from pathlib import Path

import pytest
from lxml import etree

from proscribe.model import Entity, Identifier, PartialDate, Place, Relation, entity_to_dict
from proscribe.sources.errors import ListError
from proscribe.sources.registry import ParsedList, detect, open_list
from proscribe.sources.uk_ofsi import numbered, parse_other_information, uk_countries, uk_date

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uk"
FCDO_CSV = FIXTURES / "uk_sanctions_list_excerpt_2026-08-14.csv"


# ---------------------------------------------------------------------------
# OFSI ConList
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def conlist(lists_dir: Path) -> Path:
    return lists_dir / "uk/ofsi_conlist_2025-04-14.csv"


@pytest.fixture(scope="module")
def raw_rows(conlist: Path) -> list[dict[str, str]]:
    """The data rows read with the csv module alone (line 1 is 'Last Updated', line 2 the header)."""
    with open(conlist, encoding="utf-8", newline="") as fh:
        fh.readline()
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def ofsi(conlist: Path) -> tuple[ParsedList, dict[str, Entity]]:
    parsed = open_list(conlist)
    entities: dict[str, Entity] = {}
    for entity in parsed.entities():
        assert entity.source_id not in entities
        entities[entity.source_id] = entity
    return parsed, entities


def full_name(row: dict[str, str]) -> str:
    return " ".join(" ".join(row[f"Name {i}"] for i in (1, 2, 3, 4, 5, 6)).split())


def test_ofsi_detected_and_dated(conlist: Path, ofsi: tuple[ParsedList, dict[str, Entity]]) -> None:
    assert detect(conlist).name == "uk_ofsi_csv"
    assert ofsi[0].report.published == "2025-04-14"


def test_ofsi_every_group_and_row_lands(
    raw_rows: list[dict[str, str]], ofsi: tuple[ParsedList, dict[str, Entity]]
) -> None:
    parsed, entities = ofsi
    groups = {r["Group ID"] for r in raw_rows}
    assert len(raw_rows) == 18798
    assert len(groups) == 4688
    assert set(entities) == groups
    assert parsed.report.counts["rows"] == len(raw_rows)
    assert parsed.report.counts["entities"] == len(groups)
    # Every row's name (and non-Latin name) is a name of its group's entity.
    expected: dict[str, set[str]] = defaultdict(set)
    for row in raw_rows:
        expected[row["Group ID"]].add(full_name(row))
        non_latin = " ".join(row["Name Non-Latin Script"].split())
        if non_latin:
            expected[row["Group ID"]].add(non_latin)
    for gid, names in expected.items():
        assert {n.full for n in entities[gid].names} == names, gid
    # Rows repeat a name once per address, birth date and regime; one Name per spelling.
    assert parsed.report.counts["names"] == sum(len(n) for n in expected.values()) == 15966


def test_ofsi_groups_are_not_adjacent_in_the_file(raw_rows: list[dict[str, str]]) -> None:
    """Why the parser cannot stream group by group: rows of one party are interleaved."""
    seen: set[str] = set()
    previous = None
    reopened = 0
    for row in raw_rows:
        gid = row["Group ID"]
        if gid != previous and gid in seen:
            reopened += 1
        seen.add(gid)
        previous = gid
    assert reopened > 1000


def test_ofsi_regimes(
    raw_rows: list[dict[str, str]], ofsi: tuple[ParsedList, dict[str, Entity]]
) -> None:
    regimes = {r["Regime"] for r in raw_rows}
    assert len(regimes) == 31
    parsed = {d.programme for e in ofsi[1].values() for d in e.designations}
    assert parsed == regimes
    assert {d.authority for e in ofsi[1].values() for d in e.designations} == {"UK"}
    # One designation per regime of the group, each with its own UK Sanctions List ref.
    by_group: dict[str, set[str]] = defaultdict(set)
    for row in raw_rows:
        by_group[row["Group ID"]].add(row["Regime"])
    for gid, group_regimes in by_group.items():
        assert {d.programme for d in ofsi[1][gid].designations} == group_regimes


def test_ofsi_multi_regime_references(ofsi: tuple[ParsedList, dict[str, Entity]]) -> None:
    qods = ofsi[1]["11241"]
    assert qods.schema == "Organization"
    refs = {d.programme: (d.reference, d.listed_on) for d in qods.designations}
    assert refs == {"Iran (Nuclear)": ("INU0082", "2010-07-27"), "Syria": ("SYR0310", "2011-08-24")}
    assert [n.full for n in qods.names if n.kind == "primary"] == [
        "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) QODS FORCE",
        "ISLAMIC REVOLUTIONARY GUARDS CORPS - QODS FORCE",
    ]
    assert {"QUDS FORCE", "IRGC-QF", "JERUSALEM FORCE", "PASDARAN"} <= {n.full for n in qods.names}
    persian = [n for n in qods.names if n.script == "Arab"]
    assert [n.full for n in persian] == ["سپاه قدس"]
    assert (
        Relation("owned_by", target_name="Iranian Revolutionary Guard Corps", role="parent company")
        in qods.relations
    )


def test_ofsi_person_with_aliases_and_cyrillic_name(
    ofsi: tuple[ParsedList, dict[str, Entity]],
) -> None:
    roman = ofsi[1]["14212"]
    assert roman.schema == "Person"
    assert [(n.full, n.kind, n.script) for n in roman.names] == [
        ("Roman ABRAMOVICH", "aka", None),
        ("Roman Arkadyevich ABRAMOVICH", "primary", None),
        ("Роман Аркадьевич АБРАМОВИЧ", "aka", "Cyrl"),
    ]
    primary = roman.names[1]
    assert (primary.given, primary.middle, primary.family) == ("Roman", "Arkadyevich", "ABRAMOVICH")
    assert roman.birth_dates == [PartialDate(value="1966-10-24")]
    assert roman.birth_places == [Place(text="Saratov, Russia", country="RU")]
    assert roman.nationalities == ["RU", "IL", "PT"]
    passports = [(i.number, i.country) for i in roman.identifiers if i.type == "passport"]
    assert passports == [("CB982788", "PT"), ("24132276", "IL")]
    assert roman.gender == "male"
    (designation,) = roman.designations
    assert (designation.programme, designation.reference, designation.listed_on) == (
        "Russia",
        "RUS0270",
        "2022-03-10",
    )
    cyrillic = next(n for n in ofsi[1]["15052"].names if n.script == "Cyrl")
    assert (cyrillic.full, cyrillic.lang) == ("АРЕШЕВ Андрей Григорьевич", "ru")


def test_ofsi_ship_with_imo_number(ofsi: tuple[ParsedList, dict[str, Entity]]) -> None:
    ship = ofsi[1]["13651"]
    assert ship.schema == "Vessel"
    assert ship.caption == "SAM JONG 2"
    assert len(ship.names) == 9
    assert Identifier("imo", "7408873", label="IMO number") in ship.identifiers
    assert ship.properties["vessel_flag"] == ["KP"]
    assert ship.properties["vessel_past_flag"] == ["RU"]
    assert ship.properties["vessel_type"] == ["Oil tanker"]
    assert ship.properties["tonnage"] == ["1676"]
    assert ship.properties["build_year"] == ["1975"]
    assert (
        Relation("owned_by", target_name="Korea Samjong Shipping", role="current owner")
        in ship.relations
    )
    assert ship.designations[0].reference == "DPR0100"


def test_ofsi_numbered_birth_places_and_dates(ofsi: tuple[ParsedList, dict[str, Entity]]) -> None:
    kony = ofsi[1]["13344"]
    assert [p.text for p in kony.birth_places] == [
        "Palaro Village, Palaro Parish, Omoro County, Gulu District, Uganda",
        "Odek, Omoro, Gulu, Uganda",
        "Atyak, Uganda",
    ]
    assert {p.country for p in kony.birth_places} == {"UG"}
    values = [d.value for d in kony.birth_dates]
    assert values[0] == "1959" and "1964-09-18" in values and "1961-08" in values
    assert Identifier("un_reference", "CFi.009", label="UN Ref") in kony.identifiers
    assert len(kony.addresses) == 8


def test_ofsi_anomalies_are_reported(ofsi: tuple[ParsedList, dict[str, Entity]]) -> None:
    issues = ofsi[0].report.issues
    assert {(i.record, i.message) for i in issues} >= {
        ("15878", "no (UK Sanctions List Ref) in Other Information"),
        ("15661", "nationality 'Repubic of Moldova' is not a known country"),
    }
    assert all(i.line is not None for i in issues)


def test_ofsi_cross_links_with_fcdo(
    ofsi: tuple[ParsedList, dict[str, Entity]], fcdo_xml: tuple[ParsedList, dict[str, Entity]]
) -> None:
    """The FCDO record keeps the OFSI Group ID; the OFSI record carries the FCDO UniqueID."""
    for uid, entity in fcdo_xml[1].items():
        group = next((i.number for i in entity.identifiers if i.type == "ofsi_group_id"), None)
        if group is None:
            continue
        assert uid in {d.reference for d in ofsi[1][group].designations}


def test_ofsi_truncated_row_names_its_line(tmp_path: Path, conlist: Path) -> None:
    lines = conlist.read_bytes().splitlines(keepends=True)
    path = tmp_path / "ConList.csv"
    path.write_bytes(b"".join(lines[:100]) + lines[100][:40] + b"\r\n")
    with pytest.raises(ListError) as info:
        list(open_list(path).entities())
    assert info.value.line == 101
    assert "fields" in info.value.message


def test_ofsi_missing_column_and_bad_preamble(tmp_path: Path, conlist: Path) -> None:
    lines = conlist.read_text(encoding="utf-8").splitlines(keepends=True)
    no_group = tmp_path / "nogroup.csv"
    no_group.write_text(
        lines[0] + lines[1].replace(",Group ID", ",Group") + "".join(lines[2:5]), encoding="utf-8"
    )
    with pytest.raises(ListError) as info:
        list(open_list(no_group, fmt="uk_ofsi_csv").entities())
    assert (info.value.line, "Group ID" in info.value.message) == (2, True)
    no_date = tmp_path / "nodate.csv"
    no_date.write_text("Last Updated,soon\r\n" + "".join(lines[1:5]), encoding="utf-8")
    with pytest.raises(ListError) as info:
        list(open_list(no_date, fmt="uk_ofsi_csv").entities())
    assert info.value.line == 1


def test_numbered_fields() -> None:
    assert numbered("(1) Russia (2) Ukraine") == {1: "Russia", 2: "Ukraine"}
    assert numbered("(1-3) Libya (4) Morocco") == {1: "Libya", 2: "Libya", 3: "Libya", 4: "Morocco"}
    assert numbered("(1) Minister (2009) (2) Governor") == {1: "Minister (2009)", 2: "Governor"}
    assert numbered("Pakistan") == {1: "Pakistan"}
    assert numbered("  ") == {}


def test_uk_country_wording() -> None:
    assert uk_countries("Former USSR Currently Belarus") == ["BY"]
    assert uk_countries("Ukrainian SSR (now Ukraine)") == ["UA"]
    assert uk_countries("Iraq (previous address)") == ["IQ"]
    assert uk_countries("Congo (Democratic Republic)") == ["CD"]
    assert uk_countries("Estonia, Russia") == ["EE", "RU"]


def test_uk_dates() -> None:
    assert uk_date("00/00/1959") == PartialDate(value="1959")
    assert uk_date("dd/mm/1968") == PartialDate(value="1968")
    assert uk_date("dd/07/1978") == PartialDate(value="1978-07")
    assert uk_date("08/1961") == PartialDate(value="1961-08")
    assert uk_date("12/11/1967") == PartialDate(value="1967-11-12")


def test_other_information_segments() -> None:
    info = parse_other_information(
        "(UK Sanctions List Ref):INU0082 and SYR0310. Listed under two regimes. "
        "(UN Ref):QDi.276. Cousin of X. (Gender):Male (IMO number):7408873 "
    )
    assert info.refs == ["INU0082", "SYR0310"]
    assert info.un_refs == ["QDi.276"]
    assert info.facts == {"Gender": ["Male"], "IMO number": ["7408873"]}
    assert info.text == ["Listed under two regimes.", "Cousin of X."]


# ---------------------------------------------------------------------------
# FCDO UK Sanctions List
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fcdo_xml_path(lists_dir: Path) -> Path:
    return lists_dir / "uk/uk_sanctions_list_excerpt_2026-08-14.xml"


@pytest.fixture(scope="module")
def fcdo_xml(fcdo_xml_path: Path) -> tuple[ParsedList, dict[str, Entity]]:
    parsed = open_list(fcdo_xml_path)
    return parsed, {e.source_id: e for e in parsed.entities()}


@pytest.fixture(scope="module")
def fcdo_csv() -> tuple[ParsedList, dict[str, Entity]]:
    parsed = open_list(FCDO_CSV)
    return parsed, {e.source_id: e for e in parsed.entities()}


def test_fcdo_detected(fcdo_xml_path: Path) -> None:
    assert detect(fcdo_xml_path).name == "uk_fcdo_xml"
    assert detect(FCDO_CSV).name == "uk_fcdo_csv"


def test_fcdo_xml_designations(
    fcdo_xml_path: Path, fcdo_xml: tuple[ParsedList, dict[str, Entity]]
) -> None:
    parsed, entities = fcdo_xml
    root = etree.parse(str(fcdo_xml_path)).getroot()
    designations = root.findall("Designation")
    with_id = [d.findtext("UniqueID") for d in designations if d.findtext("UniqueID")]
    without_id = [d for d in designations if d.find("UniqueID") is None]
    assert len(with_id) == 4 and len(without_id) == 1
    assert list(entities) == with_id
    assert parsed.report.published == "2026-08-14"
    assert parsed.report.counts["entities"] == 4
    # The record without UniqueID is reported at its own line, not dropped silently.
    (issue,) = parsed.report.issues
    assert issue.line == without_id[0].sourceline
    assert "UniqueID" in issue.message


def test_fcdo_individual_with_placeholder_dates(
    fcdo_xml: tuple[ParsedList, dict[str, Entity]],
) -> None:
    mansur = fcdo_xml[1]["AFG0011"]
    assert mansur.schema == "Person"
    assert mansur.caption == "ABDUL LATIF MANSUR"
    assert [(n.full, n.kind) for n in mansur.names] == [
        ("ABDUL LATIF MANSUR", "primary"),
        ("Abdul Latif MANSOOR", "aka"),
        ("Wali MOHAMMAD", "aka"),
        ("عبد اللطيف منصور", "aka"),
    ]
    assert mansur.names[3].script == "Arab"
    # "dd/mm/1968" is 1968; "12/11/1967" is listed twice and kept once.
    assert mansur.birth_dates == [PartialDate(value="1968"), PartialDate(value="1967-11-12")]
    assert [i.number for i in mansur.identifiers if i.type == "passport"] == [
        "D0009720",
        "D0010442",
    ]
    assert Identifier("ofsi_group_id", "7270", label="OFSI Group ID") in mansur.identifiers
    assert Identifier("un_reference", "TAi.007", label="UN Reference Number") in mansur.identifiers
    assert [p.text for p in mansur.birth_places] == [
        "Zurmat District, Paktia Province, Afghanistan",
        "Garda Saray District, Paktia Province, Afghanistan",
        "Afghanistan",
    ]
    assert mansur.nationalities == ["AF"]
    assert mansur.titles == ["Maulavi"]
    assert [a.full for a in mansur.addresses] == ["Darul Aman, Kabul, Afghanistan"]
    (designation,) = mansur.designations
    assert (designation.programme, designation.reference, designation.listed_on) == (
        "The Afghanistan (Sanctions) (EU Exit) Regulations 2020",
        "AFG0011",
        "2001-01-31",
    )
    assert mansur.properties["measures"] == ["Asset freeze", "Travel Ban"]
    assert mansur.properties["designation_source"] == ["UN"]


def test_fcdo_name_type_case_and_leading_zero_id(
    fcdo_xml: tuple[ParsedList, dict[str, Entity]],
) -> None:
    akram = fcdo_xml[1]["AQD0128"]
    assert akram.caption == "AKRAM TURKI HISHAN AL-MAZIDIH"  # NameType "Primary name"
    assert {n.full for n in akram.names if n.kind == "weak"} == {"Abu Akram", "Abu Jarrah"}
    national = next(i for i in akram.identifiers if i.type == "national_id")
    assert (national.number, national.remarks) == ("0075258", "Ration card no.")
    assert [d.value for d in akram.birth_dates] == ["1974", "1975", "1979"]
    assert [a.country for a in akram.addresses] == ["IQ", "SY"]


def test_fcdo_entity_and_ship(fcdo_xml: tuple[ParsedList, dict[str, Entity]]) -> None:
    ktj = fcdo_xml[1]["AQD0377"]
    assert ktj.schema == "Organization"
    assert [n.full for n in ktj.names] == [
        "Khatiba al-Tawhid wal-Jihad (KTJ)",
        "Jama'at al-Tawhid wal-Jihad",
        "Jannat Oshiklari",
        "Катиба ат-Таухид валь-Джихад",
    ]
    assert ktj.names[3].script == "Cyrl"
    assert ktj.properties["legal_form"] == ["Terrorist Group"]
    ship = fcdo_xml[1]["DPR0075"]
    assert ship.schema == "Vessel"
    assert ship.identifiers == [Identifier("imo", "9562233", label="IMO number")]
    assert ship.properties["vessel_flag"] == ["KM"]
    assert ship.properties["vessel_past_flag"] == ["IN"]
    assert ship.properties["vessel_length"] == ["134.5"]
    assert ship.properties["measures"] == ["Prohibition of port entry"]
    assert ship.relations == [
        Relation(
            "owned_by", target_name="Global United Shipping India", role="current owner/operator"
        )
    ]


def test_fcdo_csv_and_xml_give_the_same_facts(
    fcdo_xml: tuple[ParsedList, dict[str, Entity]], fcdo_csv: tuple[ParsedList, dict[str, Entity]]
) -> None:
    assert fcdo_csv[0].report.published == "2026-08-14"
    assert fcdo_csv[0].report.issues == []
    assert list(fcdo_csv[1]) == list(fcdo_xml[1])
    for uid, entity in fcdo_xml[1].items():
        assert entity_to_dict(fcdo_csv[1][uid], provenance=False) == entity_to_dict(
            entity, provenance=False
        ), uid


def test_fcdo_csv_rows_need_not_be_adjacent(
    tmp_path: Path, fcdo_csv: tuple[ParsedList, dict[str, Entity]]
) -> None:
    with open(FCDO_CSV, encoding="utf-8", newline="") as fh:
        report_date = fh.readline()
        header, *body = list(csv.reader(fh))
    random.Random(7).shuffle(body)
    path = tmp_path / "shuffled.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(report_date)
        csv.writer(fh).writerows([header, *body])
    shuffled = {e.source_id: e for e in open_list(path).entities()}
    assert set(shuffled) == set(fcdo_csv[1])
    for uid, entity in shuffled.items():
        # Names keep the order of their rows, so compare them as sets.
        got, want = (
            entity_to_dict(entity, provenance=False),
            entity_to_dict(fcdo_csv[1][uid], provenance=False),
        )
        assert sorted(map(repr, got.pop("names"))) == sorted(map(repr, want.pop("names")))
        for key in ("birth_dates", "birth_places", "identifiers", "addresses", "countries"):
            assert sorted(map(repr, got.pop(key, []))) == sorted(map(repr, want.pop(key, [])))
        assert got == want, uid


def test_fcdo_csv_row_without_unique_id_is_reported(tmp_path: Path) -> None:
    with open(FCDO_CSV, encoding="utf-8", newline="") as fh:
        report_date = fh.readline()
        header, *body = list(csv.reader(fh))
    orphan = list(body[3])
    orphan[header.index("Unique ID")] = ""
    path = tmp_path / "noid.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(report_date)
        csv.writer(fh).writerows([header, *body])
    orphan_line = path.read_bytes().count(b"\n") + 1
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(orphan)
    parsed = open_list(path)
    assert len(list(parsed.entities())) == 4
    (issue,) = parsed.report.issues
    assert (issue.line, "UniqueID" in issue.message) == (orphan_line, True)


def test_fcdo_csv_without_unique_id_column_is_an_error(tmp_path: Path) -> None:
    lines = FCDO_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "bad.csv"
    path.write_text(lines[0] + lines[1].replace("Unique ID", "UID") + lines[2], encoding="utf-8")
    with pytest.raises(ListError) as info:
        list(open_list(path, fmt="uk_fcdo_csv").entities())
    assert info.value.line == 2


def test_fcdo_xml_unknown_element_is_reported(tmp_path: Path, fcdo_xml_path: Path) -> None:
    data = fcdo_xml_path.read_text(encoding="utf-8").replace(
        "<UniqueID>AQD0377</UniqueID>", "<UniqueID>AQD0377</UniqueID><Aircraft>X1</Aircraft>"
    )
    path = tmp_path / "extra.xml"
    path.write_text(data, encoding="utf-8")
    parsed = open_list(path)
    assert len(list(parsed.entities())) == 4
    assert any("<Aircraft>" in i.message and i.record == "AQD0377" for i in parsed.report.issues)


def test_fcdo_csv_cut_mid_row_names_its_line(tmp_path: Path) -> None:
    data = FCDO_CSV.read_bytes()
    cut = data.index(b"Darul Aman")  # inside the first data row's address
    path = tmp_path / "cut.csv"
    path.write_bytes(data[:cut])
    with pytest.raises(ListError) as info:
        list(open_list(path).entities())
    assert info.value.line == 3

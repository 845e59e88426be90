"""EU Financial Sanctions Files XML 1.1, on the two real excerpts of the 2026-08-05 export."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from proscribe.model import Entity, Identifier, PartialDate, Place
from proscribe.sources.errors import ListError, UnsafeXMLError
from proscribe.sources.eu_fsf import script_of
from proscribe.sources.registry import ParsedList, detect, open_list

NS = "{http://eu.europa.ec/fpi/fsd/export}"


@pytest.fixture(scope="module")
def file_a(lists_dir: Path) -> Path:
    return lists_dir / "eu/fsf_excerpt_2026-08-05_a.xml"


@pytest.fixture(scope="module")
def file_b(lists_dir: Path) -> Path:
    return lists_dir / "eu/fsf_excerpt_2026-08-05_b.xml"


def parse(path: Path) -> tuple[ParsedList, dict[str, Entity]]:
    parsed = open_list(path)
    entities = {e.source_id: e for e in parsed.entities()}
    return parsed, entities


@pytest.fixture(scope="module")
def a(file_a: Path) -> tuple[ParsedList, dict[str, Entity]]:
    return parse(file_a)


@pytest.fixture(scope="module")
def b(file_b: Path) -> tuple[ParsedList, dict[str, Entity]]:
    return parse(file_b)


def raw_entities(path: Path) -> list[etree._Element]:
    """The sanctionEntity elements, read with plain lxml (independent of the parser)."""
    return etree.parse(str(path)).getroot().findall(f"{NS}sanctionEntity")


def test_detected_by_content(file_a: Path, file_b: Path) -> None:
    assert detect(file_a).name == "eu_fsf"
    assert detect(file_b).name == "eu_fsf"


@pytest.mark.parametrize("which", ["a", "b"])
def test_every_sanction_entity_parsed(which: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(f"file_{which}")
    parsed, entities = request.getfixturevalue(which)
    raw = raw_entities(path)
    assert len(raw) == 5
    assert list(entities) == [e.get("logicalId") for e in raw]
    assert parsed.report.counts["entities"] == len(raw)
    assert parsed.report.published == "2026-08-05"
    for elem, entity in zip(raw, entities.values(), strict=True):
        assert entity.provenance is not None
        assert entity.provenance.line == elem.sourceline
        assert entity.provenance.record_id == entity.source_id
        # Every nameAlias of the file lands on its entity.
        whole = {" ".join(n.get("wholeName", "").split()) for n in elem.findall(f"{NS}nameAlias")}
        assert whole <= {n.full for n in entity.names}
        assert len(entity.names) == len(whole)


def test_arabic_names_and_islamic_calendar_birth_date(
    a: tuple[ParsedList, dict[str, Entity]],
) -> None:
    asiri = a[1]["6177"]
    assert asiri.schema == "Person"
    assert asiri.caption == "Ibrahim Hassan Tali Al-Asiri"
    arabic = [n for n in asiri.names if n.script == "Arab"]
    assert [n.full for n in arabic] == ["إبراهيم حسن طالع عسيري", "إبراهيم حسن طالع العسيري"]
    assert {n.lang for n in arabic} == {"ar"}
    # "low quality alias" in the remark (the EU leaves strong="true") -> weak.
    assert {n.full for n in asiri.names if n.kind == "weak"} == {
        "Abu-Salaah",
        "Abosslah",
        "Abu Saleh",
    }
    # The Islamic-calendar record (24/06/1402) carries its own Gregorian date 1982-04-19,
    # which the Gregorian record repeats: one date, with the Hijri text kept.
    assert [d.value for d in asiri.birth_dates] == ["1982-04-18", "1982-04-19"]
    hijri = asiri.birth_dates[1]
    assert hijri.text is not None and "1402-06-24 (Islamic calendar)" in hijri.text
    assert asiri.birth_places == [Place(text="Riyadh, SAUDI ARABIA", country="SA")]
    assert asiri.citizenships == ["SA"]
    passport = next(i for i in asiri.identifiers if i.type == "passport")
    assert (passport.number, passport.country, passport.issued, passport.expires) == (
        "F654645",
        "SA",
        "2005-04-30",
        "2010-03-07",
    )
    assert passport.remarks is not None and passport.remarks.endswith("known expired")
    national = next(i for i in asiri.identifiers if i.type == "national_id")
    assert (national.number, national.country) == ("1028745097", "SA")
    (designation,) = asiri.designations
    assert (designation.authority, designation.programme, designation.reference) == (
        "EU",
        "TAQA",
        "EU.3092.36",
    )
    assert designation.legal_basis == "2023/329 (OJ L43I)"
    assert designation.listed_on == "2011-03-24"


def test_islamic_date_without_gregorian_equivalent_is_kept_as_text(
    tmp_path: Path, file_a: Path
) -> None:
    data = file_a.read_text(encoding="utf-8").replace(
        'calendarType="ISLAMIC" city="" zipCode="" birthdate="1982-04-19"',
        'calendarType="ISLAMIC" city="" zipCode=""',
    )
    path = tmp_path / "eu.xml"
    path.write_text(data, encoding="utf-8")
    asiri = parse(path)[1]["6177"]
    assert [d.value for d in asiri.birth_dates] == ["1982-04-18", "1982-04-19"]
    assert asiri.birth_dates[1].text is None  # the Gregorian record's own date
    assert asiri.properties["birth_date_text"] == ["1402-06-24 (Islamic calendar); hijri calendar"]


def test_circa_year_range(a: tuple[ParsedList, dict[str, Entity]]) -> None:
    jan = a[1]["521"]
    assert jan.birth_dates == [
        PartialDate(value="1953", end="1958", circa=True, text="between 1953 and 1958")
    ]
    assert [p.text for p in jan.birth_places] == [
        "Tirin Kot District, Uruzgan Province, AFGHANISTAN",
        "Kandahar province, AFGHANISTAN",
    ]
    assert jan.titles == ["Maulavi"]
    assert jan.positions == ["Minister of Water and Electricity under the Taliban regime"]
    assert jan.designations[0].programme == "AFG"
    assert jan.designations[0].listed_on == "2001-01-25"  # designationDate, not the amendment


def test_passports_and_primary_name(a: tuple[ParsedList, dict[str, Entity]]) -> None:
    ksm = a[1]["191"]
    # The oldest alias record (lowest logicalId) is the name of the listing.
    assert ksm.caption == "Khalid Sheikh MOHAMMED"
    assert [n.kind for n in ksm.names].count("primary") == 1
    primary = next(n for n in ksm.names if n.kind == "primary")
    assert (primary.given, primary.family, primary.lang) == ("Khalid Sheikh", "MOHAMMED", "en")
    assert ksm.gender == "male"
    assert [d.value for d in ksm.birth_dates] == ["1965-04-14", "1964-03-01"]
    assert ksm.identifiers == [Identifier("passport", "488555", label="National passport")]
    dorda = a[1]["6106"]
    passport = next(i for i in dorda.identifiers if i.type == "passport")
    assert (passport.number, passport.country, passport.issued, passport.expires) == (
        "FK117RK0",
        "LY",
        "2018-11-25",
        "2026-11-24",
    )
    assert Identifier("un_reference", "LYi.006", label="UN reference") in dorda.identifiers
    assert dorda.addresses[0].remarks == "Libya (Believed status/location: residing in Egypt)"


def test_six_addresses_with_contacts(a: tuple[ParsedList, dict[str, Entity]]) -> None:
    pci = a[1]["3822"]
    assert pci.schema == "Organization"
    assert pci.caption == "Parchin Chemical Industries (PCI)"
    assert len(pci.addresses) == 6
    first = pci.addresses[0]
    assert first.full == "Pasdaran Square, PO Box 16765/358, Tehran, IRAN (ISLAMIC REPUBLIC OF)"
    assert (first.street, first.city, first.country) == ("Pasdaran Square", "Tehran", "IR")
    assert [a.postal_code for a in pci.addresses if a.postal_code] == ["15765-358"]
    assert pci.addresses[2].remarks == "Factory"
    phones = [i.number for i in pci.identifiers if i.type == "phone"]
    assert phones == ["+98 21 2258929", "+98 21 35243153", "+98 21 3130626"]
    assert Identifier("website", "http://icig.ir/", label="web") in pci.identifiers
    registration = next(i for i in pci.identifiers if i.type == "registration")
    assert registration.number == "892"
    farsi = [n for n in pci.names if n.script == "Arab"]
    assert [(n.full, n.lang) for n in farsi] == [("صنایع شیمیایی پارچین", "fa")]


def test_file_b_real_records_and_synthetic_entity(
    b: tuple[ParsedList, dict[str, Entity]], file_b: Path
) -> None:
    parsed, entities = b
    saddam = entities["13"]
    assert saddam.caption == "Saddam Hussein Al-Tikriti"
    assert saddam.birth_dates == [PartialDate(value="1937-04-28")]
    assert saddam.birth_places == [Place(text="al-Awja, near Tikrit, IRAQ", country="IQ")]
    trust = entities["330"]
    assert trust.caption == "Al Rashid Trust"
    bulgarian = next(n for n in trust.names if n.script == "Cyrl")
    assert (bulgarian.full, bulgarian.lang) == (
        "Организация за подпомагане на Ulema, Пакистан",
        "bg",
    )
    raw_330 = next(e for e in raw_entities(file_b) if e.get("logicalId") == "330")
    assert len(trust.addresses) == len(raw_330.findall(f"{NS}address")) == 11
    grf = entities["980"]
    assert [a.postal_code for a in grf.addresses] == ["PO Box 1406 - 60455", "60455"]
    # The synthetic entity (logicalId 999999, EU.0.0) has no name: it is kept, with its
    # designation reference, and both gaps are reported at its line.
    synthetic = entities["999999"]
    assert synthetic.names == []
    assert synthetic.designations[0].reference == "EU.0.0"
    line = next(e.sourceline for e in raw_entities(file_b) if e.get("logicalId") == "999999")
    issues = [i for i in parsed.report.issues if i.record == "999999"]
    assert {i.line for i in issues} == {line}
    assert any("no nameAlias" in i.message for i in issues)


def test_script_detection() -> None:
    assert script_of("Khalid Sheikh MOHAMMED") is None
    assert script_of("إبراهيم حسن") == "Arab"
    assert script_of("Организация за подпомагане на Ulema") == "Cyrl"
    assert script_of("金正恩") == "Hani"
    assert script_of("김정은") == "Kore"
    assert script_of("ひらがな漢字") == "Jpan"


def test_truncated_file_names_the_line(tmp_path: Path, file_a: Path) -> None:
    data = file_a.read_bytes()
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListError) as info:
        list(open_list(path).entities())
    assert info.value.file == str(path)
    assert info.value.line is not None and info.value.line > 50


def test_doctype_is_refused(tmp_path: Path, file_a: Path) -> None:
    data = file_a.read_text(encoding="utf-8").replace(
        "?>\n", '?>\n<!DOCTYPE export [<!ENTITY x "y">]>\n', 1
    )
    path = tmp_path / "hostile.xml"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(UnsafeXMLError):
        list(open_list(path, fmt="eu_fsf").entities())


def test_entity_without_logical_id_is_an_error(tmp_path: Path, file_a: Path) -> None:
    data = file_a.read_text(encoding="utf-8").replace(' logicalId="521">', ">", 1)
    path = tmp_path / "noid.xml"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(ListError) as info:
        list(open_list(path).entities())
    assert info.value.element == "sanctionEntity"
    assert info.value.line == next(
        e.sourceline for e in raw_entities(file_a) if e.get("logicalId") == "521"
    )

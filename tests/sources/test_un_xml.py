"""UN Security Council consolidated list XML, parsed from the real file.

Expected figures are counted here straight from the raw XML with lxml, so the
test checks the parser against the file, not against numbers it produced.
"""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from proscribe.model import Entity, PartialDate, Place
from proscribe.sources import un_xml
from proscribe.sources.base import ParseReport
from proscribe.sources.errors import ListError, UnsafeXMLError
from proscribe.sources.io import read_head

_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _parse(path: Path) -> tuple[dict[str, Entity], ParseReport]:
    report = ParseReport(source="un", format="un_xml", files=[str(path)])
    entities = {e.source_id: e for e in un_xml.parse([path], report)}
    return entities, report


def _raw(path: Path) -> etree._Element:
    return etree.parse(str(path), _SAFE).getroot()


def _nonempty(elem: etree._Element, tag: str) -> list[str]:
    return [" ".join(x.text.split()) for x in elem.iter(tag) if x.text and x.text.strip()]


@pytest.fixture(scope="module")
def un_path(lists_dir: Path) -> Path:
    return lists_dir / "un" / "consolidated_2026-02-27.xml"


@pytest.fixture(scope="module")
def raw(un_path: Path) -> etree._Element:
    return _raw(un_path)


@pytest.fixture(scope="module")
def parsed(un_path: Path) -> tuple[dict[str, Entity], ParseReport]:
    return _parse(un_path)


def test_every_record_is_parsed(
    raw: etree._Element, parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    entities, report = parsed
    individuals = raw.findall("INDIVIDUALS/INDIVIDUAL")
    organisations = raw.findall("ENTITIES/ENTITY")
    assert (len(individuals), len(organisations)) == (730, 273)  # the manifest's figures
    schemas = Counter(e.schema for e in entities.values())
    assert schemas == {"Person": len(individuals), "Organization": len(organisations)}
    references = {
        (x.findtext("REFERENCE_NUMBER") or "").strip() for x in [*individuals, *organisations]
    }
    assert set(entities) == references
    assert report.counts["entities"] == len(references)
    assert report.published == "2026-02-27"


def test_every_alias_lands(
    raw: etree._Element, parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    entities, report = parsed
    expected: dict[str, Counter[str]] = {}
    originals: dict[str, list[str]] = {}
    qualities: Counter[str] = Counter()
    for record in [*raw.iter("INDIVIDUAL"), *raw.iter("ENTITY")]:
        ref = (record.findtext("REFERENCE_NUMBER") or "").strip()
        originals[ref] = _nonempty(record, "NAME_ORIGINAL_SCRIPT")
        names = Counter[str]()
        for alias in [*record.iter("INDIVIDUAL_ALIAS"), *record.iter("ENTITY_ALIAS")]:
            text = alias.findtext("ALIAS_NAME")
            if text and text.strip():
                names[" ".join(text.split())] += 1
                qualities[(alias.findtext("QUALITY") or "").strip()] += 1
        expected[ref] = names
    total = sum(sum(c.values()) for c in expected.values())
    assert total == 2752  # the manifest's figure, counted from the raw file above
    for ref, names in expected.items():
        got = Counter(
            n.full for n in entities[ref].names if n.kind in ("aka", "weak", "fka", "nka")
        )
        # the original-script name is an aka too; take it out before comparing
        for original in originals[ref]:
            got[original] -= 1
        assert +got == names, ref
    kinds = Counter(n.kind for e in entities.values() for n in e.names)
    assert kinds["weak"] == qualities["Low"]
    assert kinds["fka"] == qualities["f.k.a."]
    assert report.counts["aliases"] == total


def test_original_script_names(
    raw: etree._Element, parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    entities, report = parsed
    originals = _nonempty(raw, "NAME_ORIGINAL_SCRIPT")
    # The manifest says 380; the file holds 378 non-empty NAME_ORIGINAL_SCRIPT
    # elements (grep -c agrees), and every one of them must land.
    assert len(originals) == 378
    assert report.counts["original_script_names"] == len(originals)
    landed = Counter(n.full for e in entities.values() for n in e.names if n.kind == "aka")
    for text in originals:
        assert landed[text] >= 1, text
    scripts = Counter(un_xml.detect_script(text) for text in originals)
    assert scripts["Arab"] >= 360 and scripts["Cyrl"] >= 10


def test_record_with_arabic_original_script(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entity = parsed[0]["IQi.002"]
    assert entity.schema == "Person"
    assert entity.caption == "QUSAY SADDAM HUSSEIN AL-TIKRITI"
    arabic = [n for n in entity.names if n.script == "Arab"]
    assert [(n.full, n.kind) for n in arabic] == [("قصي صدام حسين التكريتي", "aka")]
    assert entity.birth_dates == [PartialDate("1965"), PartialDate("1966")]
    assert entity.birth_places == [Place("Baghdad, Iraq", "IQ")]
    assert entity.nationalities == ["IQ"]
    [designation] = entity.designations
    assert (
        designation.authority,
        designation.programme,
        designation.reference,
        designation.listed_on,
    ) == (
        "UN",
        "Iraq",
        "IQi.002",
        "2003-06-27",
    )
    assert entity.provenance is not None
    assert (entity.provenance.record_id, entity.provenance.line) == ("IQi.002", 4364)


def test_record_with_approximate_ranges(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entity = parsed[0]["TAi.002"]
    assert entity.caption == "MOHAMMAD HASSAN AKHUND"
    assert entity.birth_dates == [
        PartialDate("1955", end="1958", circa=True),
        PartialDate("1945", end="1950", circa=True),
    ]
    assert entity.titles == ["Mullah", "Haji"]
    assert "Foreign Minister under the Taliban regime" in entity.positions
    assert entity.birth_places == [
        Place("Pashmul village, Panjwai District, Kandahar Province, Afghanistan", "AF")
    ]


def test_dates_given_in_notes(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entities, report = parsed
    # NOTE "Between Aug. and Sep. 1977" next to an exact YEAR 1976
    assert entities["QDi.306"].birth_dates[0] == PartialDate(
        "1977-08", end="1977-09", text="Between Aug. and Sep. 1977"
    )
    # "30-35 years old" is no date: kept as a remark and reported, not dropped
    assert "date of birth: 30-35 years old" in entities["LYi.022"].remarks
    assert any(i.record == "LYi.022" and "30-35 years old" in i.message for i in report.issues)


def test_documents_and_listing_dates(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entities, _ = parsed
    passport = next(i for i in entities["LYi.023"].identifiers if i.number == "LY53FP76")
    assert (passport.type, passport.number, passport.country, passport.issued) == (
        "passport",
        "LY53FP76",
        "LY",
        "2015-09-29",
    )
    assert passport.remarks == "issued in Tripoli"
    # LISTED_ON carries a time zone in a few records: "2015-04-07-04:00"
    assert entities["QDi.352"].designations[0].listed_on == "2015-04-07"
    cyrillic = [n for n in entities["QDi.290"].names if n.script == "Cyrl"]
    assert [n.full for n in cyrillic] == ["Умаров Доку Хаматович"]


def test_entity_aliases_and_unresolved_country(
    parsed: tuple[dict[str, Entity], ParseReport],
) -> None:
    entities, report = parsed
    adf = entities["CDe.001"]
    assert adf.schema == "Organization"
    assert any(
        n.kind == "fka" and n.full.startswith("Forces Démocratiques Alliées") for n in adf.names
    )
    # "former Soviet Union" has no ISO code: reported and kept, never dropped
    umarov = entities["QDi.290"]
    assert "RU" in umarov.nationalities
    assert "nationality: former Soviet Union" in umarov.remarks
    assert any(i.record == "QDi.290" and "former Soviet Union" in i.message for i in report.issues)


def test_every_entity_has_provenance_and_designation(
    parsed: tuple[dict[str, Entity], ParseReport],
) -> None:
    for entity in parsed[0].values():
        assert entity.provenance is not None and entity.provenance.line
        assert entity.provenance.record_id == entity.source_id
        assert entity.designations[0].authority == "UN"
        assert entity.designations[0].programme
        assert sum(n.kind == "primary" for n in entity.names) == 1


def test_evaluation_copy_parses(shared_data: Path) -> None:
    path = shared_data / "eval" / "public" / "lists" / "un" / "consolidated_2026-02-27.xml"
    raw = _raw(path)
    entities, report = _parse(path)
    assert len(entities) == len(raw.findall("INDIVIDUALS/INDIVIDUAL")) + len(
        raw.findall("ENTITIES/ENTITY")
    )
    assert report.counts["aliases"] == len(_nonempty(raw, "ALIAS_NAME"))
    assert report.counts.get("original_script_names", 0) == len(
        _nonempty(raw, "NAME_ORIGINAL_SCRIPT")
    )
    assert report.published == "2026-02-27"


def test_sniff_by_content(un_path: Path, tmp_path: Path) -> None:
    assert un_xml.sniff(un_path, read_head(un_path))
    renamed = tmp_path / "list.bin"
    with open(un_path, "rb") as src, gzip.open(renamed, "wb") as dst:
        dst.write(src.read())
    assert un_xml.sniff(renamed, read_head(renamed))  # gzip and name do not matter
    entities, _ = _parse(renamed)
    assert len(entities) == 1003
    other = Path(__file__).parents[1] / "fixtures" / "ofac_xml" / "sdn.xml"
    assert not un_xml.sniff(other, read_head(other))


def test_truncated_file_names_the_line(un_path: Path, tmp_path: Path) -> None:
    data = un_path.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListError) as err:
        _parse(cut)
    assert err.value.file == str(cut)
    assert err.value.line is not None and err.value.line > 1000


def test_doctype_is_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.xml"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        "<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>\n"
    )
    with pytest.raises(UnsafeXMLError):
        _parse(evil)


def test_wrong_root_and_missing_reference(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.xml"
    wrong.write_text("<export><INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></export>")
    with pytest.raises(ListError, match="not <CONSOLIDATED_LIST>"):
        _parse(wrong)
    missing = tmp_path / "missing.xml"
    missing.write_text(
        "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>\n"
        "</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    with pytest.raises(ListError) as err:
        _parse(missing)
    assert err.value.line == 3 and "REFERENCE_NUMBER" in str(err.value)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("قصي صدام", "Arab"),
        ("Умаров", "Cyrl"),
        ("朝鲜联合机械贸易会社", "Hani"),
        ("キム", "Jpan"),
        ("김정은", "Kore"),
        ("Jin Tiesan (金铁三)", "Latn"),
        ("12-34", None),
    ],
)
def test_detect_script(text: str, script: str | None) -> None:
    assert un_xml.detect_script(text) == script


def test_registry_detects_by_content(un_path: Path) -> None:
    from proscribe.sources.registry import detect, open_list

    assert detect(un_path).name == "un_xml"
    parsed = open_list(un_path)
    assert parsed.report.source == "un"
    first = next(parsed.entities())
    assert first.source_id == "CDi.001"
    assert parsed.report.published == "2026-02-27"

"""Canada SEMA consolidated autonomous sanctions XML, on the full 2020-04 file."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from proscribe.model import Designation, Entity, Name, PartialDate
from proscribe.sources.ca_sema import bilingual, person_alias, record_id, split_aliases
from proscribe.sources.errors import ListError
from proscribe.sources.registry import ParsedList, detect, open_list


@pytest.fixture(scope="module")
def sema(lists_dir: Path) -> Path:
    return lists_dir / "ca/sema_2020-04.xml"


@pytest.fixture(scope="module")
def raw(sema: Path) -> list[dict[str, str]]:
    """Every record as a dict of its child elements, read with plain lxml."""
    root = etree.parse(str(sema)).getroot()
    return [{c.tag: c.text or "" for c in rec} for rec in root.findall("record")]


@pytest.fixture(scope="module")
def parsed(sema: Path) -> tuple[ParsedList, dict[str, Entity]]:
    result = open_list(sema)
    entities: dict[str, Entity] = {}
    for entity in result.entities():
        assert entity.source_id not in entities
        entities[entity.source_id] = entity
    return result, entities


def test_detected(sema: Path) -> None:
    assert detect(sema).name == "ca_sema_xml"


def test_every_record_parsed_with_a_unique_id(
    raw: list[dict[str, str]], parsed: tuple[ParsedList, dict[str, Entity]]
) -> None:
    report, entities = parsed[0].report, parsed[1]
    assert len(raw) == 1369
    assert len(entities) == len(raw)
    assert report.counts["entities"] == len(raw)
    assert report.published is None  # the file states no date
    ids = [record_id(r["Country"], r.get("Schedule"), r["Item"]) for r in raw]
    assert len(set(ids)) == len(ids)
    assert set(ids) == set(entities)
    persons = sum(1 for r in raw if "GivenName" in r or "LastName" in r)
    assert sum(1 for e in entities.values() if e.schema == "Person") == persons
    assert sum(1 for e in entities.values() if e.schema == "Organization") == len(raw) - persons
    # Only the two bilingual alias lists of unequal length are reported.
    assert {i.record for i in parsed[0].report.issues} == {"Iran/1/136", "Iran/1/146"}


def test_every_alias_lands(
    raw: list[dict[str, str]], parsed: tuple[ParsedList, dict[str, Entity]]
) -> None:
    for r in raw:
        if not r.get("Aliases", "").strip():
            continue
        entity = parsed[1][record_id(r["Country"], r.get("Schedule"), r["Item"])]
        names = {n.full for n in entity.names}
        for alias, _lang in split_aliases(r["Aliases"]):
            assert alias in names or any(n.endswith(alias) or alias in n for n in names), alias


def test_person_record(parsed: tuple[ParsedList, dict[str, Entity]]) -> None:
    girkin = parsed[1]["Russia/1/43"]
    assert girkin.schema == "Person"
    assert girkin.names == [
        Name(full="Igor GIRKIN", kind="primary", given="Igor", family="GIRKIN"),
        Name(full="Igor STRELKOV", kind="aka"),
    ]
    assert girkin.designations == [
        Designation(authority="CA", programme="Russia", reference="Schedule 1, Item 43")
    ]
    assert girkin.provenance is not None and girkin.provenance.line == 2776
    abahussain = parsed[1]["JVCFOR/1/54"]
    assert abahussain.birth_dates == [
        PartialDate(value="1972-08-10"),
        PartialDate(value="1972-08-11"),
    ]
    assert abahussain.designations[0].legal_basis == (
        "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)"
    )
    aslan = parsed[1]["Syria/2/63"]
    assert aslan.titles == ["General", "général"]
    assert aslan.caption == "Aous Aslan"  # no-break spaces in the file are removed
    assert parsed[1]["Venezuela/55"].designations[0].reference == "Item 55"


def test_person_aliases(parsed: tuple[ParsedList, dict[str, Entity]]) -> None:
    akimov = next(e for e in parsed[1].values() if e.caption == "Andrey Igorevich AKIMOV")
    assert [(n.full, n.kind) for n in akimov.names] == [
        ("Andrey Igorevich AKIMOV", "primary"),
        ("Andrei Igorevich AKIMOV", "aka"),
    ]
    dremov = parsed[1]["Ukraine/1/69"]
    assert [(n.full, n.kind) for n in dremov.names] == [
        ("Pavel DREMOV", "primary"),
        ("Batya", "weak"),
        ("Kazak", "weak"),
    ]
    hajizadeh = next(e for e in parsed[1].values() if e.caption == "Amir Ali Haji Zadeh")
    assert [n.full for n in hajizadeh.names] == ["Amir Ali Haji Zadeh", "Amir Ali Hajizadeh"]


def test_entity_records(parsed: tuple[ParsedList, dict[str, Entity]]) -> None:
    iami = parsed[1]["Iran/1/25"]
    assert iami.schema == "Organization"
    assert [n.full for n in iami.names] == [
        "Iran Aircraft Manufacturing Industries",
        "IAMI",
        "IAMCO",
        "HESA",
        "HASA",
        "Iran Aircraft Manufacturing Company",
        "Iran Aircraft Mfg. In. Co.",
        "Iran Aircraft Manufacturing Industries Corporation",
        "Havapeyma Sazhran",
        "Hava Payma Sazi-E Iran",
        "Havapeyma Sazi Iran",
        "HESA Trade Center",
        "Karkhanejate Sanaye Havapaymaie Iran",
    ]
    mahrukat = parsed[1]["Syria/1/41"]
    assert [(n.full, n.lang) for n in mahrukat.names] == [
        ("Mahrukat Company", None),
        ("Syrian Company for the Storage and Distribution of Petroleum Products", None),
        (
            "Entreprise syrienne en charge du stockage et de la distribution des produits pétroliers",
            "fr",
        ),
    ]
    assert parsed[1]["Burma/1/16"].caption == "MEC Steel Mills (Hmaw Bi/Pyi/Ywama)"
    irgc = parsed[1]["Iran/1/136"]
    assert {"IRGC", "Sepah-e Pasdaran-e Enghelab-e Eslami", "CGRI", "Pasdaran"} <= {
        n.full for n in irgc.names
    }
    assert next(n for n in irgc.names if n.full == "Pasdaran").lang == "fr"
    rosselkhoz = next(e for e in parsed[1].values() if e.caption == "Russian Agricultural Bank")
    assert [n.full for n in rosselkhoz.names] == ["Russian Agricultural Bank", "Rosselkhozbank"]
    assert parsed[1]["Russia/1-Part-2/4"].designations[0].reference == (
        "Schedule 1, Part 2, Item 4"
    )


def test_helpers() -> None:
    assert bilingual("Iranian Army/Armée iranienne") == ["Iranian Army", "Armée iranienne"]
    assert bilingual("MEC Steel Mills (Hmaw Bi/Pyi/Ywama)") == [
        "MEC Steel Mills (Hmaw Bi/Pyi/Ywama)"
    ]
    assert split_aliases("A, B/C, D et E") == [
        ("A", None),
        ("B", None),
        ("C", "fr"),
        ("D", "fr"),
        ("E", "fr"),
    ]
    assert record_id("Burma / Birmanie", "1", "1") == "Burma/1/1"
    assert record_id("Zimbabwe", "N/A", "161") == "Zimbabwe/161"
    assert person_alias("PASHENKO", "Natalya Aleksandrovna", "PASHCHENKO") == Name(
        full="Natalya Aleksandrovna PASHENKO",
        kind="aka",
        given="Natalya Aleksandrovna",
        family="PASHENKO",
    )


def test_record_without_item_is_reported(tmp_path: Path, sema: Path) -> None:
    data = sema.read_text(encoding="utf-8").replace("\t\t<Item>2</Item>\n", "", 1)
    path = tmp_path / "sema.xml"
    path.write_text(data, encoding="utf-8")
    result = open_list(path)
    assert len(list(result.entities())) == 1368
    # The second record starts on line 10 of the file.
    assert any(
        "without Country or Item" in i.message and i.line == 10 for i in result.report.issues
    )


def test_truncated_file_names_the_line(tmp_path: Path, sema: Path) -> None:
    data = sema.read_bytes()
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ListError) as info:
        list(open_list(path).entities())
    assert info.value.line is not None and info.value.line > 1000

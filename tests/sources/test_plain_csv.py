"""The in-house plain CSV format: documented header, strict validation with line and column."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from proscribe.model import Entity
from proscribe.sources.errors import ListError, UnknownFormatError
from proscribe.sources.registry import detect, open_list

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plain_csv"
LIST = FIXTURES / "inhouse_list.csv"
DOC = Path(__file__).resolve().parents[2] / "docs" / "formats.md"

HEADER = "id,schema,name,birth_date,nationality,gender,id_type,id_number,id_country\n"


def _parse(path: Path, source: str | None = None) -> tuple[list[Entity], list[str]]:
    parsed = open_list(path, source=source)
    entities = list(parsed.entities())
    return entities, [str(i) for i in parsed.report.issues]


def _write(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_is_detected_and_parsed_whole() -> None:
    assert detect(LIST).name == "plain_csv"
    parsed = open_list(LIST)
    entities = {e.source_id: e for e in parsed.entities()}
    assert list(entities) == ["P-001", "O-002", "V-003", "P-004", "E-005"]
    assert parsed.report.counts == {"entities": 5, "names": 14, "identifiers": 4, "addresses": 2}
    assert parsed.report.issues == []
    assert {e.source for e in entities.values()} == {"inhouse"}
    assert [e.schema for e in entities.values()] == [
        "Person",
        "Organization",
        "Vessel",
        "Person",
        "LegalEntity",
    ]


def test_person_row_values() -> None:
    person = next(e for e in open_list(LIST).entities() if e.source_id == "P-001")
    assert [(n.full, n.kind) for n in person.names] == [
        ("Jonathan Edward Marlow", "primary"),
        ("Jon Marlow", "aka"),
        ("J. E. Marlow", "aka"),
        ("Johnny M", "weak"),
    ]
    assert (person.names[0].given, person.names[0].family) == ("Jonathan", "Marlow")
    assert [(d.value, d.circa) for d in person.birth_dates] == [
        ("1971-04-12", False),
        ("1970", True),
    ]
    assert person.nationalities == ["GB", "IE"]
    assert person.gender == "male"
    assert [(i.type, i.number, i.country) for i in person.identifiers] == [
        ("passport", "533912877", "GB"),
        ("national_id", "JM710412", "IE"),
    ]
    assert [a.full for a in person.addresses] == [
        "12 Harbour Road, Bristol BS1 4RT, United Kingdom"
    ]
    # `remarks` is free text: its semicolon does not split it.
    assert person.remarks == ["Former customer; account closed after confirmed invoice fraud."]
    [designation] = person.designations
    assert (
        designation.authority,
        designation.programme,
        designation.listed_on,
        designation.reference,
    ) == (
        "Acme Bank Compliance",
        "INTERNAL-FRAUD",
        "2023-09-01",
        "CASE-2023-117",
    )
    assert person.properties == {"risk_level": ["high"]}
    assert person.provenance is not None
    assert (person.provenance.record_id, person.provenance.line) == ("P-001", 2)


def test_scripts_programmes_and_defaults() -> None:
    entities = {e.source_id: e for e in open_list(LIST).entities()}
    org = entities["O-002"]
    assert [(n.full, n.kind, n.script) for n in org.names] == [
        ("Blue Lantern Trading FZE", "primary", "Latn"),
        ("Blue Lantern Trading", "aka", "Latn"),
        ("Фонарь Трейдинг", "aka", "Cyrl"),
        ("Blue Lantern General Trading LLC", "fka", "Latn"),
    ]
    assert [d.programme for d in org.designations] == ["PEP-LINKED", "SHELL-RISK"]
    arabic = entities["P-004"]
    assert (arabic.names[0].full, arabic.names[0].script) == ("سامي الحداد", "Arab")
    assert (arabic.birth_dates[0].value, arabic.birth_dates[0].end) == ("1980", "1985")
    assert arabic.gender == "male"
    # Without an authority the list itself is the authority.
    assert [(d.authority, d.programme) for d in arabic.designations] == [("inhouse", "PEP")]
    vessel = entities["V-003"]
    assert vessel.countries == ["PA"]
    assert [(i.type, i.number) for i in vessel.identifiers] == [("imo", "9876543")]
    assert entities["E-005"].designations == []


def test_source_override_and_gzip(tmp_path: Path) -> None:
    packed = tmp_path / "inhouse.csv.gz"
    packed.write_bytes(gzip.compress(LIST.read_bytes()))
    assert detect(packed).name == "plain_csv"
    entities, issues = _parse(packed, source="acme_pep")
    assert len(entities) == 5 and issues == []
    assert {e.source for e in entities} == {"acme_pep"}
    assert entities[0].id == "acme_pep:P-001"


def test_documented_columns_are_the_parsed_columns() -> None:
    from proscribe.sources.plain_csv import COLUMNS

    doc = DOC.read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"`{column}`" in doc, column


@pytest.mark.parametrize(
    ("row", "line", "column", "words"),
    [
        ("A1,Spaceship,Zed,,,,,,\n", 2, "schema", "unknown schema 'Spaceship'"),
        ("A1,Person,Zed,31/02/19x0,,,,,\n", 2, "birth_date", "is not a date"),
        ("A1,Person,Zed,,Atlantis,,,,\n", 2, "nationality", "'Atlantis' is not a country"),
        ("A1,Person,Zed,,,robot,,,\n", 2, "gender", "is not male, female or other"),
        ("A1,Person,Zed,,,,visa,123,\n", 2, "id_type", "unknown identifier type 'visa'"),
        ("A1,Person,Zed,,,,passport;passport,123,\n", 2, "id_type", "2 types for 1 numbers"),
        (
            "A1,Person,Zed,,,,passport;passport,123;456,GB;FR;DE\n",
            2,
            "id_country",
            "3 countries for 2 numbers",
        ),
        ("A1,Person,,,,,,,\n", 2, "name", "empty name"),
        (",Person,Zed,,,,,,\n", 2, "id", "empty id"),
        (
            "A1,Person,Zed,,,,,,\nB2,Person,Yan,,,,,,\nA1,Person,Zed,,,,,,\n",
            4,
            "id",
            "duplicate id 'A1' (first used on line 2)",
        ),
    ],
)
def test_validation_names_line_and_column(
    tmp_path: Path, row: str, line: int, column: str, words: str
) -> None:
    path = _write(tmp_path, HEADER + row)
    with pytest.raises(ListError) as err:
        _parse(path)
    assert err.value.line == line
    assert f"column {column!r}" in err.value.message
    assert words in err.value.message
    assert str(path) in str(err.value)


def test_missing_required_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "id,full_name\nA1,Zed\n")
    with pytest.raises(UnknownFormatError):
        detect(path)
    with pytest.raises(ListError, match="lacks the required column") as err:
        list(open_list(path, fmt="plain_csv").entities())
    assert err.value.line == 1


def test_broken_quoting_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + 'A1,Person,Zed,,,,,,\nB2,Person,"Yan ""Q,,,,,,\n')
    with pytest.raises(ListError) as err:
        _parse(path)
    assert err.value.line == 3
    assert "broken CSV" in err.value.message or "fields" in err.value.message


def test_field_count_mismatch(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "A1,Person,Zed,1970,GB\n")
    with pytest.raises(ListError, match="5 fields but the header has 9") as err:
        _parse(path)
    assert err.value.line == 2


def test_wrong_encoding_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(
        HEADER.encode() + b"A1,Person,Zed,,,,,,\n" + "B2,Person,Jos\xe9,,,,,,\n".encode("latin-1")
    )
    with pytest.raises(ListError) as err:
        list(open_list(path, fmt="plain_csv").entities())
    assert err.value.line == 3
    assert "not valid utf-8" in err.value.message


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    path = _write(
        tmp_path, HEADER + "A1,Person,Zed,,,,,,\n,,,,,,,,\n\nB2,Organization,Yan Ltd,,,,,,\n"
    )
    entities, issues = _parse(path)
    assert [e.source_id for e in entities] == ["A1", "B2"]
    assert issues == []

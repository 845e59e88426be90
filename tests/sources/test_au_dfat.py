"""Australia DFAT Consolidated List: the full real CSV, its evaluation copy, and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import re
from collections import Counter
from pathlib import Path

import pytest

from proscribe.model import Entity, entity_to_dict
from proscribe.sources.au_dfat import parse_birth_dates, parse_countries
from proscribe.sources.base import ParseReport
from proscribe.sources.errors import ListError
from proscribe.sources.registry import detect, open_list

HEADER = [
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "Committees",
    "Control Date",
]


def _raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _base(reference: str) -> str:
    match = re.match(r"\d+", reference.strip())
    assert match, reference
    return match.group()


def _parse(path: Path) -> tuple[dict[str, Entity], ParseReport]:
    parsed = open_list(path)
    return {e.source_id: e for e in parsed.entities()}, parsed.report


@pytest.fixture(scope="module")
def au_csv(lists_dir: Path) -> Path:
    return lists_dir / "au" / "dfat_consolidated_2024-11-11.csv"


@pytest.fixture(scope="module")
def raw(au_csv: Path) -> list[dict[str, str]]:
    return _raw_rows(au_csv)


@pytest.fixture(scope="module")
def parsed(au_csv: Path) -> tuple[dict[str, Entity], ParseReport]:
    return _parse(au_csv)


def test_counts_match_the_raw_file(
    raw: list[dict[str, str]], parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    entities, report = parsed
    bases = {_base(r["Reference"]) for r in raw}
    assert len(raw) == 9553
    assert len(bases) == 3062
    assert set(entities) == bases
    assert sum(len(e.names) for e in entities.values()) == len(raw)
    assert report.counts["entities"] == 3062
    assert report.counts["names"] == 9553
    assert report.published == max(r["Control Date"] for r in raw) == "2024-11-11"


def test_every_alias_row_lands_on_its_base_reference(
    raw: list[dict[str, str]], parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    entities, _ = parsed
    expected: dict[str, Counter[str]] = {}
    for row in raw:
        name = " ".join(row["Name of Individual or Entity"].split())
        name = re.sub(r"\s*\((?:previously|formerly) listed as\)$", "", name, flags=re.I)
        expected.setdefault(_base(row["Reference"]), Counter())[name] += 1
    for base, names in expected.items():
        assert Counter(n.full for n in entities[base].names) == names, base
    # 2940j is 300 lines away from the other rows of 2940, yet joins them.
    assert "Chernomorneftegaz CJSC" in [n.full for n in entities["2940"].names]


def test_every_entity_names_its_source_and_primary_row(
    raw: list[dict[str, str]], parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    entities, _ = parsed
    schemas = Counter(e.schema for e in entities.values())
    individuals = {_base(r["Reference"]) for r in raw if r["Type"].strip().lower() == "individual"}
    assert schemas == {"Person": len(individuals), "Organization": 3062 - len(individuals)}
    for entity in entities.values():
        assert entity.source == "au"
        assert entity.provenance is not None
        assert entity.provenance.record_id == entity.source_id
        assert entity.names[0].kind == "primary"
        assert entity.designations and {d.authority for d in entity.designations} == {"AU"}
    # The provenance line is the line of the primary row.
    assert entities["2"].provenance is not None and entities["2"].provenance.line == 2


def test_person_with_approximate_ranges_and_arabic_name(
    parsed: tuple[dict[str, Entity], ParseReport],
) -> None:
    akhund = parsed[0]["2"]
    assert akhund.schema == "Person"
    assert [(n.full, n.kind, n.script) for n in akhund.names] == [
        ("MOHAMMAD HASSAN AKHUND", "primary", "Latn"),
        ("محمد حسن أخوند", "aka", "Arab"),
    ]
    assert [(d.value, d.end, d.circa, d.text) for d in akhund.birth_dates] == [
        ("1955", "1958", True, "Approximately 1955- 1958"),
        ("1945", "1950", True, "Approximately 1945-1950"),
    ]
    assert [(p.text, p.country) for p in akhund.birth_places] == [
        ("Pashmul village, Panjwai District, Kandahar Province, Afghanistan", "AF")
    ]
    assert akhund.citizenships == ["AF"]
    assert akhund.addresses == []
    assert akhund.titles == ["Mullah", "Haji"]
    assert akhund.positions[0] == "First Deputy, Council of Ministers under the Taliban regime"
    assert len(akhund.positions) == 4
    assert akhund.remarks[0].startswith("Title: a) Mullah b) Haji. Designation:")
    [designation] = akhund.designations
    assert (
        designation.authority,
        designation.programme,
        designation.listed_on,
        designation.reference,
    ) == (
        "AU",
        "1988 (Taliban)",
        "2001-01-25",
        "2",
    )
    assert akhund.properties["control_date"] == ["2014-12-15"]


def test_alias_rows_with_their_own_dates_and_scripts(
    parsed: tuple[dict[str, Entity], ParseReport],
) -> None:
    haqqani = parsed[0]["34"]
    assert [(n.full, n.kind, n.script) for n in haqqani.names] == [
        ("Abdul Jalil Haqqani Wali Mohammad", "primary", "Latn"),
        ("عبد الجليل حقانی ولی محمد", "aka", "Arab"),
        ("Abdul Jalil Akhund", "aka", "Latn"),
        ("Akhter Mohmad son of Noor Mohmad", "aka", "Latn"),
        ("اختر محمد ولد نور محمد", "aka", "Arab"),
        ("Abdul Jalil Haqqani", "fka", "Latn"),
        ("Nazar Jan", "aka", "Latn"),
        ("Haji Gulab Gul", "aka", "Latn"),
        ("حاجی گلاب گل ولد حاجی حضرت گل", "aka", "Arab"),
    ]
    # Alias rows 34c and 34f carry their own years of birth.
    assert [(d.value, d.circa) for d in haqqani.birth_dates] == [
        ("1963", True),
        ("1965", False),
        ("1955", False),
    ]
    assert [(i.type, i.number) for i in haqqani.identifiers] == [
        ("passport", "OR1961825"),
        ("passport", "TR024417"),
    ]
    assert {i.country for i in haqqani.identifiers} == {"AF"}
    assert haqqani.titles == ["Maulavi", "Mullah"]


def test_entity_with_structured_information(parsed: tuple[dict[str, Entity], ParseReport]) -> None:
    entity = parsed[0]["2940"]
    assert entity.schema == "Organization"
    assert entity.caption == "Chernomorneftegaz"
    assert len(entity.names) == 11
    assert [(a.full, a.country) for a in entity.addresses] == [
        ("Prospekt Kirov 52, Simferopol, Crimea, 295000", "UA"),
        ("Zalki Street, 1/9, Simferopol, Crimea, 295053", "UA"),
    ]
    assert [(i.type, i.number, i.country) for i in entity.identifiers] == [
        ("tax_id", "9102048801", "RU"),
        ("registration", "1149102099717", "RU"),
        ("email", "office@gas.crimea.ru", None),
        ("website", "http://gas.crimea.ru/", None),
        ("phone", "+7 (3652) 66-70-00", None),
        ("phone", "+7 (3652) 66-78-00", None),
    ]
    [designation] = entity.designations
    assert (designation.programme, designation.listed_on) == ("Autonomous (Russia)", "2017-06-16")
    assert entity.birth_dates == [] and entity.citizenships == []


def test_committees_cell_with_two_regimes(
    raw: list[dict[str, str]], parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    [row] = [r for r in raw if r["Committees"] == "1970 (Libya) 1973 (Libya)"]
    entity = parsed[0][_base(row["Reference"])]
    assert [d.programme for d in entity.designations] == ["1970 (Libya)", "1973 (Libya)"]
    isil = next(
        e for e in parsed[0].values() if any("ISIL" in (d.programme or "") for d in e.designations)
    )
    assert isil.designations[0].programme == "1267/1989/2253 (ISIL (Da'esh) and Al-Qaida)"


def test_unreadable_values_are_reported_with_line_and_record(
    parsed: tuple[dict[str, Entity], ParseReport],
) -> None:
    entities, report = parsed
    assert report.issues, "the real file has values no parser can read"
    for issue in report.issues:
        assert issue.line is not None and issue.record in entities
    messages = {(i.record, i.message) for i in report.issues}
    [hijri] = [r for r, m in messages if "Hijri" in m and r is not None]
    assert "Date of birth: 24/06/1402 (Hijri Calendar)" in entities[hijri].remarks
    assert any("'Approximately (30-35 years old)'" in m for _r, m in messages)
    assert any("'Kuwaiti citizenship withdrawn in 2002'" in m for _r, m in messages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a) Approximately 1955- 1958 b) Approximately 1945-1950",
            [("1955", "1958", True), ("1945", "1950", True)],
        ),
        ("12/03/1960", [("1960-03-12", None, False)]),
        ("Between 1963 to 1968", [("1963", "1968", False)]),
        ("c. 1957 or 14 March 1942", [("1957", None, True), ("1942-03-14", None, False)]),
        (
            "27/05/1979 (this aka only, alt DOB 1973)",
            [("1979-05-27", None, False), ("1973", None, False)],
        ),
        ("a) 1/01/1968 b) 23-Apr-68", [("1968-01-01", None, False), ("1968-04-23", None, False)]),
        ("29-Aprl-1967", [("1967-04-29", None, False)]),
        ("March 16, 1972", [("1972-03-16", None, False)]),
        (
            "a) Between Aug. and Sep 1977    b) 1976",
            [("1977-08", "1977-09", False), ("1976", None, False)],
        ),
        ("5/06/1953   15/06/1953", [("1953-06-05", None, False), ("1953-06-15", None, False)]),
        ("a) 03/1965; b) 04/1965", [("1965-03", None, False), ("1965-04", None, False)]),
        ("na", []),
    ],
)
def test_birth_date_texts(text: str, expected: list[tuple[str, str | None, bool]]) -> None:
    dates, unread = parse_birth_dates(text)
    assert [(d.value, d.end, d.circa) for d in dates] == expected
    assert unread == []


def test_citizenship_texts() -> None:
    assert parse_countries("Russian and Ukrainian") == (["RU", "UA"], [])
    assert parse_countries("a) Pakistani       b) Saudi Arabian") == (["PK", "SA"], [])
    assert parse_countries("Trinidad and Tobago") == (["TT"], [])
    assert parse_countries("Saudi Arabian (this aka only, alt Citizenship Yemeni)") == (
        ["SA", "YE"],
        [],
    )
    assert parse_countries("Moldovan, Russian and Ukrainian") == (["MD", "RU", "UA"], [])
    # "na" is DFAT's "not available", never Namibia.
    assert parse_countries("na") == ([], [])


def test_evaluation_copy(shared_data: Path) -> None:
    path = shared_data / "eval" / "public" / "lists" / "au" / "dfat_consolidated_2024-11-11.csv"
    raw = _raw_rows(path)
    entities, report = _parse(path)
    assert len(entities) == len({_base(r["Reference"]) for r in raw}) == 3062
    assert report.counts["names"] == len(raw) < 9553
    assert report.published == "2024-11-11"


def test_base_reference_without_primary_row_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "dfat.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerow(
            [
                "10",
                "Alpha Person",
                "Individual",
                "Primary Name",
                "1970",
                "",
                "",
                "",
                "",
                "",
                "1988 (Taliban)",
                "2020-01-02",
            ]
        )
        writer.writerow(
            [
                "10a",
                "Alpha P",
                "Individual",
                "aka",
                "1970",
                "",
                "",
                "",
                "",
                "",
                "1988 (Taliban)",
                "2020-01-02",
            ]
        )
        writer.writerow(
            [
                "11a",
                "Beta Orphan",
                "Entity",
                "Aka ",
                "",
                "",
                "",
                "",
                "",
                "",
                "Autonomous (Iran)",
                "2021-05-06",
            ]
        )
        writer.writerow(
            [
                "11b",
                "Beta O",
                "Entity",
                "AKA",
                "",
                "",
                "",
                "",
                "",
                "",
                "Autonomous (Iran)",
                "2021-05-06",
            ]
        )
    entities, report = _parse(path)
    assert [(e.source_id, [n.full for n in e.names]) for e in entities.values()] == [
        ("10", ["Alpha Person", "Alpha P"]),
        ("11", ["Beta Orphan", "Beta O"]),
    ]
    [issue] = report.issues
    assert (issue.record, issue.line) == ("11", 4)
    assert "no Primary Name row" in issue.message
    assert report.published == "2021-05-06"


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (
            [
                "x1",
                "Name",
                "Individual",
                "Primary Name",
                "",
                "",
                "",
                "",
                "",
                "",
                "1988 (Taliban)",
                "",
            ],
            "does not start",
        ),
        (
            ["12", "Name", "Ship", "Primary Name", "", "", "", "", "", "", "1988 (Taliban)", ""],
            "neither Individual nor Entity",
        ),
    ],
)
def test_bad_rows_raise_with_line(tmp_path: Path, row: list[str], words: str) -> None:
    path = tmp_path / "dfat.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerow(row)
    with pytest.raises(ListError, match=words) as err:
        _parse(path)
    assert err.value.line == 2


def test_broken_quoting_and_encoding(tmp_path: Path, au_csv: Path) -> None:
    head = au_csv.read_bytes()[:200_000].rsplit(b"\n2", 1)[0] + b"\n"
    quoted = tmp_path / "quoted.csv"
    quoted.write_bytes(
        head + b'99,"Open ""quote,Individual,Primary Name,,,,,,,1988 (Taliban),2020-01-01\n'
    )
    with pytest.raises(ListError) as err:
        _parse(quoted)
    assert err.value.line is not None and err.value.line > head.count(b"\n")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        head
        + "99,Jos\xe9,Individual,Primary Name,,,,,,,1988 (Taliban),2020-01-01\n".encode("latin-1")
    )
    with pytest.raises(ListError, match="not valid utf-8") as err:
        _parse(latin)
    assert err.value.line == head.count(b"\n") + 1


@pytest.mark.slow
def test_gzip_copy(
    tmp_path: Path, au_csv: Path, parsed: tuple[dict[str, Entity], ParseReport]
) -> None:
    packed = tmp_path / "dfat.csv.gz"
    packed.write_bytes(gzip.compress(au_csv.read_bytes()))
    assert detect(packed).name == "au_dfat"
    entities, report = _parse(packed)
    assert report.counts == parsed[1].counts
    assert entities["2"].names == parsed[0]["2"].names


def _cell(column: str, value: str) -> object:
    """The value as Excel holds it: control dates and ISO dates of birth are date cells."""
    if column in ("Control Date", "Date of Birth") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.datetime.fromisoformat(value)
    return value


@pytest.mark.slow
def test_xlsx_gives_the_same_entities(
    tmp_path: Path,
    au_csv: Path,
    raw: list[dict[str, str]],
    parsed: tuple[dict[str, Entity], ParseReport],
) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Consolidated List")
    sheet.append(HEADER)
    for row in raw:
        sheet.append([_cell(c, row[c]) for c in HEADER])
    path = tmp_path / "regulation8_consolidated.xlsx"
    workbook.save(path)

    assert detect(path).name == "au_dfat"
    entities, report = _parse(path)
    assert report.counts == parsed[1].counts
    assert report.published == "2024-11-11"
    csv_entities = parsed[0]
    assert list(entities) == list(csv_entities)
    for source_id, entity in entities.items():
        assert entity_to_dict(entity, provenance=False) == entity_to_dict(
            csv_entities[source_id], provenance=False
        )
    # Rows are counted as spreadsheet rows; the header is row 1.
    assert entities["2"].provenance is not None and entities["2"].provenance.line == 2
    assert [str(i.message) for i in report.issues] == [str(i.message) for i in parsed[1].issues]


def test_xlsx_without_dfat_header_is_not_detected(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.create_sheet("Names", 0)
    sheet.append(["Name", "Date"])
    path = tmp_path / "other.xlsx"
    workbook.save(path)
    with pytest.raises(ListError):
        detect(path)

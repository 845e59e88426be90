"""OFAC CSV sets on the real files: every row of every file lands where it belongs, or is reported."""

from __future__ import annotations

import csv
import gzip
import shutil
from collections import Counter
from pathlib import Path

import pytest

from proscribe.model import Entity
from proscribe.sources.errors import ListError
from proscribe.sources.ofac_csv import FORMATS
from proscribe.sources.registry import ParsedList, detect, open_list

SDN_CAPTURES = [
    "sdn_2023-05-02",
    "sdn_2024-04-26",
    "sdn_2024-05-01",
    "sdn_2024-05-02",
    "sdn_2024-05-03",
]
STRONG = ("aka", "fka", "nka")


# ------------------------------------------------------------ independent readers


def raw_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line, cells) straight from the csv module, without the trailing 0x1A record."""
    with open(path, encoding="latin-1", newline="") as fh:
        lines = fh.read().split("\n")
    out = []
    for lineno, text in enumerate(lines, start=1):
        if not text.strip("\r\x1a"):
            continue
        out.append((lineno, next(csv.reader([text.rstrip("\r")]))))
    return out


def null(cell: str) -> str | None:
    t = cell.strip()
    return None if t in ("", "-0-") else t


def parse_all(path: Path) -> tuple[ParsedList, list[Entity]]:
    parsed = open_list(path)
    return parsed, list(parsed.entities())


@pytest.fixture(scope="module")
def ofac_dir(lists_dir: Path) -> Path:
    return lists_dir / "ofac"


@pytest.fixture(scope="module")
def sdn_20240503(ofac_dir: Path) -> tuple[ParsedList, list[Entity]]:
    return parse_all(ofac_dir / "sdn_2024-05-03" / "sdn.csv")


# ------------------------------------------------------------ detection


def test_every_real_file_is_recognised_from_its_content(ofac_dir: Path) -> None:
    expected = {
        "sdn.csv": "ofac_sdn_csv",
        "context_rows.csv": "ofac_sdn_csv",
        "add.csv": "ofac_sdn_add_csv",
        "alt.csv": "ofac_sdn_alt_csv",
        "sdn_comments.csv": "ofac_sdn_comments_csv",
        "cons_prim.csv": "ofac_cons_csv",
        "cons_add.csv": "ofac_cons_add_csv",
        "cons_alt.csv": "ofac_cons_alt_csv",
        "cons_comments.csv": "ofac_cons_comments_csv",
    }
    files = sorted(ofac_dir.glob("*/*.csv"))
    assert len(files) == 19
    for path in files:
        assert detect(path).name == expected[path.name], path


def test_the_cons_prefix_is_only_a_tie_break(ofac_dir: Path, tmp_path: Path) -> None:
    # The same SDN content under a cons_ name is the consolidated set; a
    # cons_ name on content that is no OFAC file is nothing.
    shutil.copy(ofac_dir / "icc_eo14203_extract_2026-04" / "sdn.csv", tmp_path / "cons_prim.csv")
    assert detect(tmp_path / "cons_prim.csv").name == "ofac_cons_csv"
    (tmp_path / "cons_other.csv").write_text("name,country\nACME,Iran\n")
    assert all(
        not f.sniff(tmp_path / "cons_other.csv", b"name,country\nACME,Iran\n") for f in FORMATS
    )


def test_a_companion_alone_is_refused_and_companions_are_found(ofac_dir: Path) -> None:
    with pytest.raises(ListError, match="companion file"):
        open_list(ofac_dir / "companion_2025-12" / "alt.csv")
    with pytest.raises(ListError, match="companion file"):
        open_list(ofac_dir / "consolidated_nonsdn_2025-12" / "cons_add.csv")
    sample = ofac_dir / "sample_2025-05"
    assert open_list(sample / "sdn.csv").files == [
        sample / "sdn.csv",
        sample / "add.csv",
        sample / "alt.csv",
        sample / "sdn_comments.csv",
    ]
    cons = ofac_dir / "consolidated_nonsdn_2025-12"
    assert open_list(cons / "cons_prim.csv").files == [
        cons / "cons_prim.csv",
        cons / "cons_add.csv",
        cons / "cons_alt.csv",
        cons / "cons_comments.csv",
    ]
    assert open_list(ofac_dir / "sdn_2024-05-03" / "sdn.csv").files == [
        ofac_dir / "sdn_2024-05-03" / "sdn.csv"
    ]


# ------------------------------------------------------------ full SDN captures


@pytest.mark.parametrize("capture", SDN_CAPTURES)
def test_every_sdn_capture_parses_completely(ofac_dir: Path, capture: str) -> None:
    path = ofac_dir / capture / "sdn.csv"
    rows = raw_rows(path)
    distinct = {cells[0] for _line, cells in rows}
    types = Counter(null(cells[2]) for _line, cells in rows)

    parsed, entities = parse_all(path)
    assert parsed.report.source == "ofac"
    assert len(entities) == len(distinct) == parsed.report.counts["entities"]
    assert {e.source_id for e in entities} == distinct
    schemas = Counter(e.schema for e in entities)
    assert schemas == {
        "Person": types["individual"],
        "Organization": types[None],
        "Vessel": types["vessel"],
        "Aircraft": types["aircraft"],
    }
    by_id = {e.source_id: e for e in entities}
    for line, cells in rows:
        entity = by_id[cells[0]]
        assert entity.provenance is not None
        assert (entity.provenance.line, entity.provenance.record_id) == (line, cells[0])
        assert entity.names[0].full == cells[1] and entity.names[0].kind == "primary"
        programmes = [p.strip(" []") for p in cells[3].split("] [")]
        assert [d.programme for d in entity.designations] == programmes


def test_the_2024_05_03_capture_has_the_published_counts(
    sdn_20240503: tuple[ParsedList, list[Entity]],
) -> None:
    parsed, entities = sdn_20240503
    assert len(entities) == 14965
    assert Counter(e.schema for e in entities) == {
        "Person": 6854,
        "Organization": 6884,
        "Vessel": 851,
        "Aircraft": 376,
    }
    programmes = {d.programme for e in entities for d in e.designations}
    assert len(programmes) == 75
    # Nearly every Remarks statement is read into a fact; the rest are kept as remarks.
    counts = parsed.report.counts
    assert counts["remark_statements_unread"] / counts["remark_statements"] < 0.05
    assert sum(len(e.remarks) for e in entities) == counts["remark_statements_unread"]


def test_person_names_split_family_and_given(sdn_20240503: tuple[ParsedList, list[Entity]]) -> None:
    _parsed, entities = sdn_20240503
    people = [e for e in entities if e.schema == "Person"]
    for person in people:
        primary = person.names[0]
        if "," in primary.full:
            assert primary.family == primary.full.split(",", 1)[0].strip()
            assert primary.given == primary.full.split(",", 1)[1].strip()
    assert all(e.names[0].family is None for e in entities if e.schema != "Person")


def test_a_vessel_with_its_imo_number(
    ofac_dir: Path, sdn_20240503: tuple[ParsedList, list[Entity]]
) -> None:
    _parsed, entities = sdn_20240503
    by_id = {e.source_id: e for e in entities}
    artavil = by_id["15036"]
    assert artavil.schema == "Vessel"
    assert artavil.caption == "ARTAVIL"
    assert [(i.type, i.number) for i in artavil.identifiers] == [
        ("imo", "9187629"),
        ("mmsi", "572469210"),
    ]
    assert artavil.properties["call_sign"] == ["T2EU4"]
    assert artavil.properties["vessel_type"] == ["Crude/Oil Products Tanker"]
    assert artavil.properties["tonnage"] == ["99,144"]
    assert artavil.properties["gross_registered_tonnage"] == ["56,068"]
    assert artavil.properties["vessel_flag"] == ["Iran"]
    assert artavil.countries == ["IR"]
    assert artavil.properties["former_vessel_flag"] == [
        "Malta",
        "Tuvalu",
        "None Identified",
        "Tanzania",
    ]
    assert [(n.full, n.kind) for n in artavil.names] == [("ARTAVIL", "primary"), ("ALPHA", "weak")]
    # The link resolves to the one party of the file with that primary name.
    nitc = [
        c[0]
        for _l, c in raw_rows(ofac_dir / "sdn_2024-05-03" / "sdn.csv")
        if c[1] == "NATIONAL IRANIAN TANKER COMPANY"
    ]
    assert len(nitc) == 1
    assert [(r.kind, r.target_name, r.target_id) for r in artavil.relations] == [
        ("linked_to", "NATIONAL IRANIAN TANKER COMPANY", nitc[0])
    ]


def test_every_vessel_imo_in_the_remarks_is_an_identifier(
    ofac_dir: Path, sdn_20240503: tuple[ParsedList, list[Entity]]
) -> None:
    _parsed, entities = sdn_20240503
    by_id = {e.source_id: e for e in entities}
    checked = 0
    for _line, cells in raw_rows(ofac_dir / "sdn_2024-05-03" / "sdn.csv"):
        if null(cells[2]) != "vessel" or "Vessel Registration Identification IMO " not in cells[11]:
            continue
        number = (
            cells[11].split("Vessel Registration Identification IMO ", 1)[1].split()[0].rstrip(".;")
        )
        assert ("imo", number) in [(i.type, i.number) for i in by_id[cells[0]].identifiers]
        checked += 1
    assert checked > 800


def test_parsing_is_repeatable_and_links_are_settled(
    sdn_20240503: tuple[ParsedList, list[Entity]],
) -> None:
    parsed, entities = sdn_20240503
    counts = parsed.report.counts
    relations = [r for e in entities for r in e.relations]
    assert len(relations) == counts["relations"]
    assert sum(r.target_id is not None for r in relations) == counts["relations_resolved"]
    unresolved = [i for i in parsed.report.issues if i.message.startswith("Linked To")]
    assert (
        len(unresolved)
        == counts["relations_unresolved"]
        == len(relations) - counts["relations_resolved"]
    )
    assert all(i.line is not None and i.record for i in unresolved)


def test_cut_remarks_are_reported_and_their_last_statement_kept(
    ofac_dir: Path, sdn_20240503: tuple[ParsedList, list[Entity]]
) -> None:
    parsed, entities = sdn_20240503
    cut = {
        cells[0]
        for _line, cells in raw_rows(ofac_dir / "sdn_2024-05-03" / "sdn.csv")
        if null(cells[11]) and (len(cells[11]) >= 1000 or not cells[11].rstrip().endswith("."))
    }
    reported = {i.record for i in parsed.report.issues if "were cut off" in i.message}
    assert reported == cut
    by_id = {e.source_id: e for e in entities}
    assert by_id["39796"].remarks[-1].startswith("alt. Digital Currency A")


# ------------------------------------------------------------ companions of a later list


def test_later_companions_beside_an_earlier_sdn(ofac_dir: Path, tmp_path: Path) -> None:
    shutil.copy(ofac_dir / "sdn_2024-05-03" / "sdn.csv", tmp_path / "sdn.csv")
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        shutil.copy(ofac_dir / "companion_2025-12" / name, tmp_path / name)

    remarks_of = {c[0]: c[11] for _l, c in raw_rows(tmp_path / "sdn.csv")}
    known = set(remarks_of)
    alt_rows = raw_rows(tmp_path / "alt.csv")
    add_rows = raw_rows(tmp_path / "add.csv")
    comment_rows = raw_rows(tmp_path / "sdn_comments.csv")
    assert (len(add_rows), len(alt_rows), len(comment_rows)) == (24244, 20107, 28)

    parsed, entities = parse_all(tmp_path / "sdn.csv")
    assert len(entities) == len(known)
    by_id = {e.source_id: e for e in entities}

    expected_aliases: dict[str, list[tuple[str, str]]] = {}
    for _line, c in alt_rows:
        if c[0] in known:
            expected_aliases.setdefault(c[0], []).append((c[3], c[2]))
    for ent_num, entity in by_id.items():
        strong = [(n.full, n.kind) for n in entity.names if n.kind in STRONG]
        assert strong == expected_aliases.get(ent_num, [])
    assert sum(len(v) for v in expected_aliases.values()) == parsed.report.counts["aliases"]

    expected_addresses = Counter(
        c[0] for _line, c in add_rows if c[0] in known and any(null(x) for x in c[2:6])
    )
    assert (
        Counter({k: len(e.addresses) for k, e in by_id.items() if e.addresses})
        == expected_addresses
    )
    assert parsed.report.counts["addresses"] == sum(expected_addresses.values())
    assert parsed.report.counts["empty_address_rows"] == sum(
        1 for _line, c in add_rows if c[0] in known and not any(null(x) for x in c[2:6])
    )

    # OFAC's one "City State Postal" column is split where it can be.
    anglo = by_id["173"].addresses[0]
    assert (anglo.street, anglo.city, anglo.postal_code, anglo.country, anglo.country_name) == (
        "Ibex House, The Minories",
        "London",
        "EC3N 1DY",
        "GB",
        "United Kingdom",
    )
    assert [(a.city, a.postal_code, a.country) for a in by_id["306"].addresses][:2] == [
        ("Zurich", "CH-8022", "CH"),
        ("Madrid", "E-28036", "ES"),
    ]

    # Rows for parties the 2024 list does not have: one issue each, with file and line.
    for name, rows in (
        ("add.csv", add_rows),
        ("alt.csv", alt_rows),
        ("sdn_comments.csv", comment_rows),
    ):
        orphans = [(line, c[0]) for line, c in rows if c[0] not in known]
        issues = [
            (i.line, i.record)
            for i in parsed.report.issues
            if i.file == str(tmp_path / name) and "does not list" in i.message
        ]
        assert issues == orphans, name
        assert orphans
    assert parsed.report.counts["orphan_address_rows"] == sum(
        1 for _l, c in add_rows if c[0] not in known
    )
    assert parsed.report.counts["orphan_alias_rows"] == sum(
        1 for _l, c in alt_rows if c[0] not in known
    )
    assert parsed.report.counts["orphan_comment_rows"] == sum(
        1 for _l, c in comment_rows if c[0] not in known
    )

    # A continuation is appended only to Remarks that were cut; one for a
    # complete text belongs to another edition and is kept apart, reported.
    for _line, c in comment_rows:
        if c[0] not in known:
            continue
        original = remarks_of[c[0]]
        was_cut = len(original) >= 1000 or not original.rstrip().endswith(".")
        stray = [
            i for i in parsed.report.issues if i.record == c[0] and "already complete" in i.message
        ]
        assert bool(stray) != was_cut
        if not was_cut:
            assert c[1].strip() in by_id[c[0]].remarks


# ------------------------------------------------------------ the consistent sample set


def test_sample_set_every_row_lands(ofac_dir: Path) -> None:
    folder = ofac_dir / "sample_2025-05"
    parsed, entities = parse_all(folder / "sdn.csv")
    by_id = {e.source_id: e for e in entities}
    assert len(entities) == 17
    assert Counter(e.schema for e in entities) == {
        "Organization": 7,
        "Person": 4,
        "Vessel": 4,
        "Aircraft": 2,
    }

    alt_rows = raw_rows(folder / "alt.csv")
    add_rows = raw_rows(folder / "add.csv")
    landed_aliases = [c for _l, c in alt_rows if c[0] in by_id]
    assert len(landed_aliases) == 13 == parsed.report.counts["aliases"]
    for c in landed_aliases:
        assert (c[3], c[2]) in [(n.full, n.kind) for n in by_id[c[0]].names]
    landed_addresses = [c for _l, c in add_rows if c[0] in by_id and any(null(x) for x in c[2:6])]
    assert len(landed_addresses) == 19 == parsed.report.counts["addresses"]
    assert sum(len(e.addresses) for e in entities) == 19
    # The excerpt also holds rows of parties it does not include: reported.
    orphan_lines = sorted(
        (i.file.rsplit("/", 1)[1], i.line)
        for i in parsed.report.issues
        if "does not list" in i.message
    )
    assert orphan_lines == sorted(
        [("add.csv", line) for line, c in add_rows if c[0] not in by_id]
        + [("alt.csv", line) for line, c in alt_rows if c[0] not in by_id]
    )
    assert len(orphan_lines) == 9

    # The one comments row continues SUEX's cut wallet address.
    assert parsed.report.counts["remarks_continued"] == 1
    suex = by_id["33151"]
    wallets = [i.number for i in suex.identifiers if i.type == "crypto_wallet"]
    assert "1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi" in wallets
    assert ("lei", "5299007NTWCC3U23WM81", "CZ") in [
        (i.type, i.number, i.country) for i in suex.identifiers
    ]
    assert suex.properties["established_date"] == ["2018-09-25"]
    assert [n.full for n in suex.names if n.kind == "weak"] == ["SUCCESSFUL EXCHANGE"]
    assert suex.remarks == []


def test_sample_set_programmes_vessels_and_weak_aliases(ofac_dir: Path) -> None:
    _parsed, entities = parse_all(ofac_dir / "sample_2025-05" / "sdn.csv")
    by_id = {e.source_id: e for e in entities}

    hesa = by_id["11195"]
    assert [d.programme for d in hesa.designations] == ["NPWMD", "IFSR", "IRAN-CON-ARMS-EO"]
    assert [(n.full, n.kind) for n in hesa.names if n.kind in STRONG] == [
        ("HESA TRADE CENTER", "aka"),
        ("IRAN AIRCRAFT MANUFACTURING INDUSTRIES", "aka"),
        ("IRAN AIRCRAFT MANUFACTURING COMPANY", "aka"),
        ("KARKHANEJATE SANAYE HAVAPAYMAIE IRAN", "aka"),
    ]
    assert [n.full for n in hesa.names if n.kind == "weak"] == [
        "HESA",
        "HTC",
        "IAMI",
        "IAMCO",
        "HAVA PEYMA SAZI-E IRAN",
        "HAVAPEYMA SAZI IRAN",
        "HAVAPEYMA SAZHRAN",
        "HEVAPEIMASAZI",
        "SHAHIN CO.",
    ]
    assert len(by_id["48727"].designations) == 4

    khoroshev = by_id["48603"]
    assert [(n.full, n.kind, n.family, n.given) for n in khoroshev.names] == [
        ("KHOROSHEV, Dmitry Yuryevich", "primary", "KHOROSHEV", "Dmitry Yuryevich"),
        ("KHOROSHEV, Dmitriy Yurevich", "aka", "KHOROSHEV", "Dmitriy Yurevich"),
        ("YURIEVICH, Dmitry", "aka", "YURIEVICH", "Dmitry"),
        ("KHOROSHEV, Dmitrii Yuryevich", "aka", "KHOROSHEV", "Dmitrii Yuryevich"),
        ("LOCKBITSUPP", "weak", None, None),
    ]

    vessels = {e.source_id: e for e in entities if e.schema == "Vessel"}
    assert set(vessels) == {"40716", "47371", "50972", "52327"}
    for vessel in vessels.values():
        assert vessel.properties["vessel_type"]
        assert vessel.properties["vessel_flag"]
        assert [i.type for i in vessel.identifiers if i.type == "imo"] == ["imo"]
    ns_leader = vessels["47371"]
    assert ns_leader.properties["call_sign"] == ["A8LU7"]
    assert ns_leader.properties["vessel_type"] == ["Crude Oil Tanker"]
    assert ns_leader.countries == ["GA"]
    assert [(i.type, i.number) for i in ns_leader.identifiers] == [
        ("imo", "9339301"),
        ("mmsi", "636013272"),
    ]
    assert vessels["40716"].countries == ["IR"]
    assert [n.full for n in vessels["40716"].names if n.kind == "weak"] == ["MAKRAN"]

    bel_kap = by_id["44525"].addresses[0]
    assert (bel_kap.city, bel_kap.region, bel_kap.postal_code, bel_kap.country) == (
        "Miami",
        "FL",
        "33130",
        "US",
    )

    aircraft = by_id["48727"]
    assert aircraft.schema == "Aircraft"
    assert aircraft.properties["aircraft_model"] == ["Ilyushin IL-76TD"]
    assert aircraft.properties["aircraft_serial_number"] == ["1023409321"]


# ------------------------------------------------------------ consolidated non-SDN


def test_consolidated_non_sdn_set(ofac_dir: Path) -> None:
    folder = ofac_dir / "consolidated_nonsdn_2025-12"
    parsed, entities = parse_all(folder / "cons_prim.csv")
    assert parsed.format.name == "ofac_cons_csv"
    assert len(entities) == 442
    assert {e.source for e in entities} == {"ofac_cons"}
    assert Counter(e.schema for e in entities) == {"Organization": 363, "Person": 79}
    known = {e.source_id for e in entities}
    alt_rows = raw_rows(folder / "cons_alt.csv")
    add_rows = raw_rows(folder / "cons_add.csv")
    assert parsed.report.counts["aliases"] == sum(1 for _l, c in alt_rows if c[0] in known) == 1073
    assert parsed.report.counts["addresses"] == sum(
        1 for _l, c in add_rows if c[0] in known and any(null(x) for x in c[2:6])
    )
    assert (
        parsed.report.counts["remarks_continued"]
        == len(raw_rows(folder / "cons_comments.csv"))
        == 10
    )
    assert not [
        i for i in parsed.report.issues if "does not list" in i.message or "cut off" in i.message
    ]
    assert all(e.provenance is not None and e.provenance.source == "ofac_cons" for e in entities)


# ------------------------------------------------------------ ICC-EO14203 extract

# name, schema, DOB, POB (text, country), nationality, gender, passports (type label, number, country, expires)
ICC_ROWS: dict[
    str,
    tuple[
        str,
        str,
        str | None,
        tuple[str, str] | None,
        str | None,
        str | None,
        list[tuple[str, str, str, str | None]],
    ],
] = {
    "52965": (
        "KHAN, Karim Asad Ahmad",
        "Person",
        "1970-03-30",
        ("Edinburgh, United Kingdom", "GB"),
        "GB",
        "male",
        [("Passport", "518353876", "GB", None)],
    ),
    "54211": (
        "GUILLOU, Nicolas Yann",
        "Person",
        "1975-08-13",
        ("Vannes, France", "FR"),
        "FR",
        "male",
        [],
    ),
    "54213": (
        "ALAPINI GANSOU, Reine Adelaide Sophie",
        "Person",
        "1956-08-11",
        ("Treichville, Cote D'Ivoire", "CI"),
        "BJ",
        "female",
        [],
    ),
    "54215": (
        "BOSSA, Solomy Balungi",
        "Person",
        "1956-04-14",
        ("Kampala, Uganda", "UG"),
        "UG",
        "female",
        [("Passport", "DA023555", "UG", "2021-12-09")],
    ),
    "54216": (
        "IBANEZ CARRANZA, Luz Del Carmen",
        "Person",
        "1955-07-15",
        ("Trujillo, Peru", "PE"),
        "PE",
        "female",
        [("Passport", "D16005584", "PE", None)],
    ),
    "54217": (
        "PROST, Kimberly",
        "Person",
        "1958-06-04",
        ("Winnipeg, Canada", "CA"),
        "CA",
        "female",
        [],
    ),
    "54434": (
        "HOHLER, Beti",
        "Person",
        "1981-06-25",
        None,
        "SI",
        "female",
        [("Passport", "PB1777160", "SI", "2033-05-30")],
    ),
    "54707": (
        "ALBANESE, Francesca Paola",
        "Person",
        "1977-03-30",
        ("Ariano Irpino, Italy", "IT"),
        "IT",
        "female",
        [("Passport", "YA4652441", "IT", "2024-01-08")],
    ),
    "55242": (
        "NIANG, Mame Mandiaye",
        "Person",
        "1960-09-20",
        ("Dakar, Senegal", "SN"),
        "SN",
        "male",
        [("Passport", "A02027828", "SN", "2022-11-22")],
    ),
    "55243": (
        "KHAN, Nazhat Shameem",
        "Person",
        "1960-11-16",
        ("Suva, Fiji", "FJ"),
        "FJ",
        "female",
        [("Passport", "002258", "FJ", "2024-04-17")],
    ),
    "55413": ("AL HAQ - LAW IN THE SERVICE OF MANKIND", "Organization", None, None, None, None, []),
    "55414": ("AL MEZAN CENTER FOR HUMAN RIGHTS", "Organization", None, None, None, None, []),
    "55415": ("PALESTINIAN CENTRE FOR HUMAN RIGHTS", "Organization", None, None, None, None, []),
    "56681": (
        "LORDKIPANIDZE, Gocha",
        "Person",
        "1964-02-03",
        ("Poti, Georgia", "GE"),
        "GE",
        "male",
        [("Diplomatic Passport", "10DP04141", "GE", "2026-02-18")],
    ),
    "56682": (
        "DAMDIN, Erdenebalsuren",
        "Person",
        "1967-08-07",
        ("Ulaanbaatar, Mongolia", "MN"),
        "MN",
        "male",
        [("Diplomatic Passport", "D00004977", "MN", "2027-12-25")],
    ),
}

# city, postal street, country code, country name as written
ICC_ADDRESSES: dict[str, tuple[str | None, str | None, str, str]] = {
    **{
        k: ("The Hague", None, "NL", "Netherlands")
        for k in ("52965", "54211", "54213", "54215", "54216", "54217", "54434", "55242", "55243")
    },
    "55413": (
        "Ramallah",
        "54 Main Street 2nd Fl., Protestant Hall Bldg.",
        "PS",
        "Region: West Bank",
    ),
    "55414": ("Gaza City", "Al Mena, Omar El Mukhtar Street", "PS", "Region: Gaza"),
    "55415": ("Gaza City", None, "PS", "Region: Gaza"),
    "56681": (None, None, "NL", "Netherlands"),
    "56682": (None, None, "NL", "Netherlands"),
}


def test_icc_eo14203_rows_field_by_field(ofac_dir: Path) -> None:
    parsed, entities = parse_all(ofac_dir / "icc_eo14203_extract_2026-04" / "sdn.csv")
    assert parsed.report.issues == []
    assert [e.source_id for e in entities] == list(ICC_ROWS)
    for entity in entities:
        name, schema, dob, pob, nationality, gender, passports = ICC_ROWS[entity.source_id]
        assert entity.source == "ofac"
        assert [(n.full, n.kind) for n in entity.names] == [(name, "primary")]
        assert entity.schema == schema
        assert [d.value for d in entity.birth_dates] == ([dob] if dob else [])
        assert all(not d.circa and d.end is None for d in entity.birth_dates)
        assert [(p.text, p.country) for p in entity.birth_places] == ([pob] if pob else [])
        assert entity.nationalities == ([nationality] if nationality else [])
        assert entity.gender == gender
        assert [(i.label, i.number, i.country, i.expires) for i in entity.identifiers] == passports
        assert all(i.type == "passport" for i in entity.identifiers)
        assert [(d.authority, d.programme, d.legal_basis) for d in entity.designations] == [
            ("OFAC", "ICC-EO14203", "Executive Order 14203")
        ]
        assert entity.remarks == []
        if entity.source_id in ICC_ADDRESSES:
            city, street, country, country_name = ICC_ADDRESSES[entity.source_id]
            assert [(a.city, a.street, a.country, a.country_name) for a in entity.addresses] == [
                (city, street, country, country_name)
            ]
        else:
            assert entity.addresses == []
    khan = entities[0]
    assert khan.names[0].family == "KHAN" and khan.names[0].given == "Karim Asad Ahmad"
    assert entities[7].caption == "ALBANESE, Francesca Paola" and entities[7].addresses == []
    for org in entities[10:13]:
        assert org.properties["target_type"] == ["Charity or Nonprofit Organization"]
    assert [e.properties["established_date"] for e in entities[10:13]] == [
        ["1979"],
        ["1999"],
        ["1995"],
    ]


def test_icc_context_rows_are_a_separate_excerpt(ofac_dir: Path) -> None:
    # context_rows.csv holds five SDN rows that sit next to the ICC rows in
    # the official file: the same layout, so a list of its own. The folder's
    # add.csv belongs to its sdn.csv, so it is not joined to these rows.
    folder = ofac_dir / "icc_eo14203_extract_2026-04"
    parsed, entities = parse_all(folder / "context_rows.csv")
    assert parsed.format.name == "ofac_sdn_csv"
    assert parsed.files == [folder / "context_rows.csv"]
    assert [e.source_id for e in entities] == ["52952", "52967", "55412", "55416", "56683"]
    assert not {d.programme for e in entities for d in e.designations} & {"ICC-EO14203"}
    assert not {e.source_id for e in entities} & set(ICC_ROWS)
    oceanend = entities[1]
    assert oceanend.schema == "Organization"
    assert [(i.type, i.number) for i in oceanend.identifiers] == [("imo", "6348942")]
    assert oceanend.designations[0].legal_basis == "Executive Order 13846"
    assert [n.full for n in entities[3].names if n.kind == "weak"] == [
        "CALLE 18",
        "SURENOS",
        "THE REVOLUTIONARIES",
    ]


def test_gzipped_set_reads_the_same(ofac_dir: Path, tmp_path: Path) -> None:
    folder = ofac_dir / "icc_eo14203_extract_2026-04"
    for name in ("sdn.csv", "add.csv"):
        with open(folder / name, "rb") as src, gzip.open(tmp_path / (name + ".gz"), "wb") as dst:
            dst.write(src.read())
    parsed, entities = parse_all(tmp_path / "sdn.csv.gz")
    assert parsed.files == [tmp_path / "sdn.csv.gz", tmp_path / "add.csv.gz"]
    assert len(entities) == 15
    assert sum(len(e.addresses) for e in entities) == 14


# ------------------------------------------------------------ bad input

GOOD_ROW = '52965,"KHAN, Karim Asad Ahmad","individual","ICC-EO14203",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 30 Mar 1970."\r\n'
ROW_2 = '54211,"GUILLOU, Nicolas Yann","individual","ICC-EO14203",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 13 Aug 1975."\r\n'


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "sdn.csv"
    path.write_bytes(data)
    return path


def _parse_error(path: Path) -> ListError:
    with pytest.raises(ListError) as info:
        list(open_list(path, fmt="ofac_sdn_csv").entities())
    return info.value


def test_a_file_cut_inside_a_quoted_value(tmp_path: Path) -> None:
    cut = ROW_2[: ROW_2.index("DOB") + 6]
    path = _write(tmp_path, (GOOD_ROW + GOOD_ROW.replace("52965", "1") + cut).encode("latin-1"))
    err = _parse_error(path)
    assert err.file == str(path) and err.line == 3
    assert "cut off" in str(err) and f"{path}:3" in str(err)


def test_a_row_with_the_wrong_column_count(tmp_path: Path) -> None:
    short = ROW_2.replace(",-0- ,-0- ,", ",-0- ,", 1)
    path = _write(tmp_path, (GOOD_ROW + short).encode("latin-1"))
    err = _parse_error(path)
    assert (err.file, err.line) == (str(path), 2)
    assert "expected 12 columns, found 11" in str(err)


@pytest.mark.parametrize("bad", [b"\x00", b"\x81", b"\x1a"])
def test_invalid_bytes_name_the_line(tmp_path: Path, bad: bytes) -> None:
    row = ROW_2.encode("latin-1").replace(b"GUILLOU", b"GUIL" + bad + b"LOU")
    path = _write(tmp_path, GOOD_ROW.encode("latin-1") + row + b"\x1a")
    err = _parse_error(path)
    assert (err.file, err.line) == (str(path), 2)
    assert "invalid byte" in str(err)


def test_latin1_and_utf8_text_and_the_final_eof_byte(tmp_path: Path) -> None:
    latin = GOOD_ROW.replace("Karim", "Kärim").encode("latin-1")
    utf8 = ROW_2.replace("Nicolas", "Nicolás").encode("utf-8")
    path = _write(tmp_path, latin + utf8 + b"\x1a")
    entities = list(open_list(path).entities())
    assert [e.caption for e in entities] == ["KHAN, Kärim Asad Ahmad", "GUILLOU, Nicolás Yann"]


def test_unknown_sdn_type_and_bad_ent_num(tmp_path: Path) -> None:
    path = _write(tmp_path, (GOOD_ROW + ROW_2.replace('"individual"', '"ship"')).encode("latin-1"))
    err = _parse_error(path)
    assert err.line == 2 and "SDN_Type 'ship'" in str(err)
    path = _write(tmp_path, (GOOD_ROW + ROW_2.replace("54211", "54x11")).encode("latin-1"))
    err = _parse_error(path)
    assert err.line == 2 and "ent_num" in str(err)


def test_a_repeated_ent_num_is_reported_not_doubled(tmp_path: Path) -> None:
    path = _write(tmp_path, (GOOD_ROW + ROW_2 + GOOD_ROW).encode("latin-1"))
    parsed = open_list(path)
    entities = list(parsed.entities())
    assert [e.source_id for e in entities] == ["52965", "54211"]
    assert [(i.line, i.record) for i in parsed.report.issues] == [(3, "52965")]


def test_alias_remarks_and_types(tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_bytes((GOOD_ROW + ROW_2).encode("latin-1") + b"\x1a")
    (tmp_path / "alt.csv").write_bytes(
        b'52965,1,"aka","KHAN, Karim",-0- \r\n'
        b'52965,2,"aka","KHAN, K.","Low quality"\r\n'
        b'54211,3,"fka","GUILLOU, Nicolas",-0- \r\n'
        b'54211,4,"nka","GUILLOU, N.","as of 2020"\r\n'
        b'54211,5,"xyz","GUILLOU, Y.",-0- \r\n\x1a'
    )
    parsed = open_list(tmp_path / "sdn.csv")
    khan, guillou = parsed.entities()
    assert [(n.full, n.kind) for n in khan.names] == [
        ("KHAN, Karim Asad Ahmad", "primary"),
        ("KHAN, Karim", "aka"),
        ("KHAN, K.", "weak"),
    ]
    assert [(n.full, n.kind) for n in guillou.names] == [
        ("GUILLOU, Nicolas Yann", "primary"),
        ("GUILLOU, Nicolas", "fka"),
        ("GUILLOU, N.", "nka"),
        ("GUILLOU, Y.", "aka"),
    ]
    assert guillou.remarks == ["GUILLOU, N.: as of 2020"]
    assert [(i.file, i.line) for i in parsed.report.issues] == [(str(tmp_path / "alt.csv"), 5)]

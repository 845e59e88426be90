"""In-house lists as a plain CSV: one row per entity, a documented header.

Compliance teams keep their own lists (former customers, internal PEP
lists, a regulator's circular) in spreadsheets. This format lets them import
such a list without writing code: a header row naming the columns, one row
per listed party, `;` between the values of a multi-valued column. The
columns are documented in docs/formats.md (In-house lists). Detection needs only
the two required columns `id` and `name` in a header of plain column names.

In-house data is typed by people, so validation is strict: an unknown
schema, a date that is not a date, a country nobody can name or a repeated
id stops the import with the line and the column, instead of importing a
list that silently screens less than its owner believes.

The CSV reading helpers here (`iter_csv_rows`, `first_csv_row`) are shared
by the other CSV parsers of this package: they give every CSV list the same
strict decoding and the same line-numbered errors for broken quoting.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from proscribe.model import (
    SCHEMAS,
    Address,
    Designation,
    Entity,
    Identifier,
    Name,
    NameKind,
    PartialDate,
    Place,
    Provenance,
    Schema,
)
from proscribe.model.entity import Gender
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_date_value, parse_partial_date
from proscribe.sources.errors import ListError
from proscribe.sources.ftm_json import ID_TYPES, detect_script
from proscribe.sources.io import detect_encoding, iter_text_lines, read_head

SOURCE = "inhouse"
SEPARATOR = ";"
REQUIRED = ("id", "name")

# Every column the format gives a meaning to; any other column is kept as an
# entity property under its (normalised) header name.
COLUMNS = (
    "id",
    "schema",
    "name",
    "aliases",
    "weak_aliases",
    "previous_names",
    "given_name",
    "middle_name",
    "family_name",
    "title",
    "position",
    "gender",
    "birth_date",
    "death_date",
    "birth_place",
    "nationality",
    "citizenship",
    "country",
    "id_type",
    "id_number",
    "id_country",
    "address",
    "programme",
    "authority",
    "listed_on",
    "reference",
    "remarks",
)

# Spellings people use for the same column.
_HEADER_SYNONYMS = {
    "program": "programme",
    "type": "schema",
    "remark": "remarks",
    "notes": "remarks",
}

# FollowTheMoney names and list wordings for our schemas, so that a sheet
# exported from another tool imports unchanged.
_SCHEMA_WORDS: dict[str, Schema] = {s.lower(): s for s in SCHEMAS}
_SCHEMA_WORDS.update(
    {
        "individual": "Person",
        "company": "Organization",
        "organisation": "Organization",
        "entity": "Organization",
        "publicbody": "Organization",
        "airplane": "Aircraft",
        "ship": "Vessel",
    }
)

_GENDERS: dict[str, Gender] = {
    "male": "male",
    "m": "male",
    "female": "female",
    "f": "female",
    "other": "other",
}

_MULTI_KIND: tuple[tuple[str, NameKind], ...] = (
    ("aliases", "aka"),
    ("weak_aliases", "weak"),
    ("previous_names", "fka"),
)


# --- CSV reading shared by the CSV list formats ------------------------------------


def _csv_encoding(path: Path) -> str:
    encoding = detect_encoding(read_head(path))
    if encoding == "utf-16":
        raise ListError(str(path), "UTF-16 CSV is not supported: save the file as UTF-8", line=1)
    return encoding


def iter_csv_rows(path: Path, encoding: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on; broken quoting and bad bytes name their line.

    Decoding is strict and line by line, so a byte that is not valid in the
    encoding is reported at its line rather than as an offset in a stream.
    Quoted fields may span lines (DFAT addresses do); the line given is the
    first line of the record.
    """
    enc = encoding or _csv_encoding(path)
    lines = (line for _lineno, line in iter_text_lines(path, enc))
    reader = csv.reader(lines, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ListError(str(path), f"broken CSV ({exc})", line=reader.line_num) from exc
        yield start, row
        start = reader.line_num + 1


def first_csv_row(head: bytes) -> list[str] | None:
    """The header row of a CSV file from its first bytes, for sniffing; None if it is not CSV."""
    text = head.decode(detect_encoding(head), errors="replace").lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    if not first.strip() or first.lstrip().startswith(("{", "[", "<")):
        return None
    try:
        return next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return None


def normalise_header(cell: str) -> str:
    """A header cell as a snake_case key: "Birth Date " -> "birth_date"."""
    key = re.sub(r"[^0-9a-z]+", "_", cell.strip().lower()).strip("_")
    return _HEADER_SYNONYMS.get(key, key)


def check_width(path: Path, line: int, row: list[str], width: int) -> None:
    if len(row) != width:
        raise ListError(
            str(path),
            f"the record has {len(row)} fields but the header has {width}; check the quoting of this record",
            line=line,
        )


# --- the in-house format -----------------------------------------------------------


def _sniff(path: Path, head: bytes) -> bool:
    header = first_csv_row(head)
    if not header:
        return False
    keys = [normalise_header(c) for c in header]
    if not all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in keys):
        return False
    return all(k in keys for k in REQUIRED)


class _Row:
    """One data row with the helpers that turn its cells into model values or name the culprit."""

    def __init__(self, path: Path, line: int, cells: dict[str, str]) -> None:
        self.path = path
        self.line = line
        self.cells = cells

    def error(self, column: str, message: str) -> ListError:
        return ListError(str(self.path), f"column {column!r}: {message}", line=self.line)

    def one(self, column: str) -> str | None:
        value = " ".join(self.cells.get(column, "").split())
        return value or None

    def many(self, column: str) -> list[str]:
        raw = self.cells.get(column, "")
        return [v for v in (" ".join(p.split()) for p in raw.split(SEPARATOR)) if v]

    def date(self, column: str, text: str) -> PartialDate:
        parsed = parse_partial_date(text)
        if parsed is None:
            raise self.error(
                column,
                f"{text!r} is not a date (write 1970-03-30, 1970-03, 1970, circa 1970 or 1961 to 1963)",
            )
        return parsed

    def country(self, column: str, text: str) -> str:
        code = country_code(text)
        if code is None:
            raise self.error(column, f"{text!r} is not a country name or ISO code")
        return code


def _schema(row: _Row) -> Schema:
    text = row.one("schema")
    if text is None:
        return "LegalEntity"
    schema = _SCHEMA_WORDS.get(text.lower().replace(" ", ""))
    if schema is None:
        raise row.error("schema", f"unknown schema {text!r}; use one of {', '.join(SCHEMAS)}")
    return schema


def _names(row: _Row, primary: str) -> list[Name]:
    names = [
        Name(
            full=primary,
            kind="primary",
            given=row.one("given_name"),
            middle=row.one("middle_name"),
            family=row.one("family_name"),
            script=detect_script(primary),
        )
    ]
    for column, kind in _MULTI_KIND:
        names.extend(Name(full=v, kind=kind, script=detect_script(v)) for v in row.many(column))
    return names


def _identifiers(row: _Row) -> list[Identifier]:
    types, numbers, countries = row.many("id_type"), row.many("id_number"), row.many("id_country")
    if not numbers:
        if types:
            raise row.error("id_number", "id_type is given but id_number is empty")
        return []
    if len(types) not in (0, len(numbers)):
        raise row.error(
            "id_type", f"{len(types)} types for {len(numbers)} numbers; give one type per number"
        )
    if len(countries) not in (0, 1, len(numbers)):
        raise row.error("id_country", f"{len(countries)} countries for {len(numbers)} numbers")
    out = []
    for i, number in enumerate(numbers):
        label = types[i] if types else None
        id_type = "other" if label is None else label.lower().replace(" ", "_")
        if id_type not in ID_TYPES:
            raise row.error(
                "id_type",
                f"unknown identifier type {label!r}; use one of {', '.join(sorted(ID_TYPES))}",
            )
        country = None
        if countries:
            country = row.country(
                "id_country", countries[i] if len(countries) > 1 else countries[0]
            )
        out.append(Identifier(type=id_type, number=number, country=country, label=label))
    return out


def _designations(row: _Row, source: str) -> list[Designation]:
    authority = row.one("authority")
    programmes = row.many("programme")
    listed = row.one("listed_on")
    listed_on = None
    if listed is not None:
        listed_on = parse_date_value(listed)
        if listed_on is None:
            raise row.error("listed_on", f"{listed!r} is not a date (write 2024-05-03)")
    reference = row.one("reference")
    if authority is None and not programmes and listed_on is None and reference is None:
        return []
    # An in-house list is its own authority unless the row names another.
    authority = authority or source
    each: list[str | None] = list(programmes) or [None]
    return [
        Designation(authority=authority, programme=p, listed_on=listed_on, reference=reference)
        for p in each
    ]


def _entity(row: _Row, source: str, seen: dict[str, int]) -> Entity:
    entity_id = row.one("id")
    if entity_id is None:
        raise row.error("id", "empty id: every row needs the list's own identifier")
    if entity_id in seen:
        raise row.error("id", f"duplicate id {entity_id!r} (first used on line {seen[entity_id]})")
    seen[entity_id] = row.line
    primary = row.one("name")
    if primary is None:
        raise row.error("name", "empty name")
    entity = Entity(
        source=source,
        source_id=entity_id,
        schema=_schema(row),
        names=_names(row, primary),
        provenance=Provenance(source, str(row.path), entity_id, row.line),
    )
    gender = row.one("gender")
    if gender is not None:
        if gender.lower() not in _GENDERS:
            raise row.error("gender", f"{gender!r} is not male, female or other")
        entity.gender = _GENDERS[gender.lower()]
    entity.titles = row.many("title")
    entity.positions = row.many("position")
    entity.birth_dates = [row.date("birth_date", v) for v in row.many("birth_date")]
    entity.death_dates = [row.date("death_date", v) for v in row.many("death_date")]
    entity.birth_places = [Place(text=v) for v in row.many("birth_place")]
    entity.nationalities = [row.country("nationality", v) for v in row.many("nationality")]
    entity.citizenships = [row.country("citizenship", v) for v in row.many("citizenship")]
    entity.countries = [row.country("country", v) for v in row.many("country")]
    entity.addresses = [Address(full=v) for v in row.many("address")]
    entity.identifiers = _identifiers(row)
    entity.designations = _designations(row, source)
    remarks = row.one("remarks")
    if remarks is not None:
        entity.remarks.append(remarks)
    for column in row.cells:
        if column not in COLUMNS:
            for v in row.many(column):
                entity.add_property(column, v)
    return entity


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    # The format is UTF-8 by definition: a Latin-1 sheet fails at its first
    # non-ASCII line instead of importing mis-decoded names.
    bom = read_head(path, 3).startswith(b"\xef\xbb\xbf")
    rows = iter_csv_rows(path, "utf-8-sig" if bom else "utf-8")
    header_row = next(rows, None)
    if header_row is None:
        raise ListError(str(path), "file is empty")
    _line, header = header_row
    keys = [normalise_header(c) for c in header]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise ListError(
            str(path), f"header lacks the required column(s) {', '.join(missing)}", line=1
        )
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    if duplicated:
        raise ListError(str(path), f"header names column(s) {', '.join(duplicated)} twice", line=1)
    seen: dict[str, int] = {}
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        check_width(path, line, cells, len(keys))
        entity = _entity(_Row(path, line, dict(zip(keys, cells, strict=True))), report.source, seen)
        report.count("entities")
        report.count("names", len(entity.names))
        report.count("identifiers", len(entity.identifiers))
        report.count("addresses", len(entity.addresses))
        yield entity


FORMATS = [
    ListFormat(
        name="plain_csv",
        source=SOURCE,
        description="In-house list, plain CSV with a header (id, name, ...; one row per entity)",
        sniff=_sniff,
        parse=parse,
        # Any CSV with id and name columns matches; list-specific formats go first.
        priority=-10,
    )
]

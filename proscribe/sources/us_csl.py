"""US Consolidated Screening List (trade.gov), CSV.

The CSL merges eleven US export-control and sanctions lists (OFAC SDN and
non-SDN lists, BIS Entity List, Denied Persons, Unverified and Military End
User lists, State's ITAR debarments and nonproliferation sanctions) into one
table, one row per listed party. The `source` column names the sub-list;
it becomes the designation's authority, because what a hit obliges differs
per sub-list (an Entity List licence requirement is not an SDN block).

Rows are keyed by `_id` (the CSL's own identifier: the OFAC entity number
for Treasury lists, a hash for the others). Multi-valued cells are joined
with ";". The `ids` cell packs typed values as "Type, value[, country]";
identity documents and registrations become identifiers, sanction notes
("Secondary sanctions risk:", directive determinations) become remarks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from proscribe.model import (
    Address,
    Designation,
    Entity,
    Identifier,
    Name,
    Place,
    Provenance,
    Schema,
)
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_date_value, parse_partial_date
from proscribe.sources.errors import ListError
from proscribe.sources.ftm_json import detect_script
from proscribe.sources.plain_csv import check_width, first_csv_row, iter_csv_rows

SOURCE = "us_csl"
REQUIRED = ("_id", "source", "name", "type", "programs", "alt_names", "ids")

_TYPES: dict[str, Schema] = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
}

# ISN writes the scope of a designation into the name cell.
_SUCCESSORS = re.compile(r";\s*and any successor.*$", re.I)
_LEADING_AND = re.compile(r"^and\s+", re.I)

# Labels of the `ids` cell, matched on their lower-case text in order: our
# identifier type, or a property key (prefixed "property:").
_ID_LABELS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("passport",), "passport"),
    (("swift", "bic"), "swift"),
    (("email",), "email"),
    (("website",), "website"),
    (("phone", "telephone", "fax"), "phone"),
    (("digital currency address", "crypto"), "crypto_wallet"),
    (("legal entity number", "lei"), "lei"),
    (("mmsi",), "mmsi"),
    (("vessel registration identification", "imo"), "imo"),
    (("aircraft model",), "property:aircraft_model"),
    (("aircraft manufacturer", "serial number (msn)"), "property:aircraft_serial_number"),
    (("aircraft construction number",), "property:aircraft_construction_number"),
    (("aircraft operator",), "property:aircraft_operator"),
    (("organization established date",), "property:established_date"),
    (("organization type",), "property:organization_type"),
    (("vessel year of build",), "property:build_date"),
    (("other vessel flag",), "property:vessel_past_flag"),
    (("other vessel call sign",), "property:call_sign"),
    (("other vessel type",), "property:vessel_type"),
    (("target type",), "property:target_type"),
    (("tax", "v.a.t.", "vat", "rfc", "inn", "nit #", "fiscal"), "tax_id"),
    (
        (
            "registration",
            "registry",
            "company number",
            "business number",
            "trade license",
            "ogrn",
            "okpo",
        ),
        "registration",
    ),
    (
        ("national id", "identification number", "cedula", "c.u.r.p.", "curp", "id no", "id card"),
        "national_id",
    ),
)


def _split(text: str | None, separator: str = ";") -> list[str]:
    if not text:
        return []
    out = []
    for part in text.split(separator):
        value = _LEADING_AND.sub("", " ".join(part.split())).strip(" ,")
        if value:
            out.append(value)
    return out


def _country(text: str) -> str | None:
    """The country of an address or place: its last comma-separated part ("..., Yerevan, Armenia, AM")."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    for part in reversed(parts):
        if not any(ch.isdigit() for ch in part):
            return country_code(part)
    return None


def _id_kind(label: str) -> str:
    text = label.lower()
    for words, kind in _ID_LABELS:
        if any(w in text for w in words):
            return kind
    return "other"


class _Row:
    def __init__(self, path: Path, line: int, report: ParseReport, cells: dict[str, str]) -> None:
        self.path = path
        self.line = line
        self.report = report
        self.cells = cells

    def get(self, column: str) -> str | None:
        value = " ".join((self.cells.get(column) or "").split())
        return value or None

    def warn(self, record: str, message: str) -> None:
        self.report.warn(self.path, message, line=self.line, record=record)


def _schema(row: _Row, record: str) -> Schema:
    text = row.get("type")
    if text is None:
        return "LegalEntity"
    schema = _TYPES.get(text.lower())
    if schema is None:
        row.warn(record, f"unknown type {text!r}; imported as LegalEntity")
        return "LegalEntity"
    return schema


def _names(row: _Row, entity: Entity) -> None:
    name = row.get("name")
    if name is None:
        raise ListError(str(row.path), f"row {entity.source_id} has no name", line=row.line)
    primary = _SUCCESSORS.sub("", name).strip()
    if primary != name:
        entity.remarks.append(name)
    first = Name(full=primary, kind="primary", script=detect_script(primary))
    # Treasury writes people as "SURNAME, Given Names".
    if entity.schema == "Person" and primary.count(",") == 1:
        family, given = (p.strip() for p in primary.split(","))
        if family and given:
            first.family, first.given = family, given
    entity.names.append(first)
    for alias in _split(row.get("alt_names")):
        entity.names.append(Name(full=alias, kind="aka", script=detect_script(alias)))


def _ids(row: _Row, entity: Entity) -> None:
    for entry in _split(row.cells.get("ids")):
        label, _, value = entry.partition(",")
        label, value = label.strip(), value.strip()
        if not value:
            entity.remarks.append(label)
            continue
        if label.lower() == "gender":
            gender = value.lower()
            if gender in ("male", "female"):
                entity.gender = "male" if gender == "male" else "female"
            continue
        kind = _id_kind(label)
        if kind.startswith("property:"):
            entity.add_property(kind.split(":", 1)[1], value)
            continue
        if label.endswith((":", "-")) and kind == "other":
            # A statement about the listing, not a number.
            entity.remarks.append(f"{label} {value}")
            continue
        number, country = value, None
        if m := re.match(r"^(.*),\s*([A-Z]{2})$", value):
            number, country = m.group(1).strip(), country_code(m.group(2))
        entity.identifiers.append(
            Identifier(type=kind, number=number, country=country, label=label)
        )


def _entity(row: _Row) -> Entity:
    source_id = row.get("_id")
    if source_id is None:
        raise ListError(str(row.path), "row without an _id", line=row.line)
    source = row.report.source
    entity = Entity(
        source=source,
        source_id=source_id,
        schema=_schema(row, source_id),
        provenance=Provenance(source, str(row.path), source_id, row.line),
    )
    _names(row, entity)
    for text in _split(row.get("dates_of_birth")):
        date = parse_partial_date(text)
        if date is None:
            row.warn(source_id, f"date of birth {text!r} is not a date; kept as a remark")
            entity.remarks.append(f"Date of birth: {text}")
        else:
            entity.birth_dates.append(date)
    entity.birth_places = [
        Place(text=p, country=_country(p)) for p in _split(row.get("places_of_birth"))
    ]
    for column, target in (
        ("nationalities", entity.nationalities),
        ("citizenships", entity.citizenships),
    ):
        for text in _split(row.get(column)):
            code = country_code(text)
            if code is None:
                row.warn(source_id, f"{column} {text!r} names no country")
            elif code not in target:
                target.append(code)
    for text in _split(row.get("addresses")):
        country = _country(text)
        only_country = country is not None and "," not in text
        entity.addresses.append(Address(full=None if only_country else text, country=country))
    _ids(row, entity)
    entity.positions = _split(row.get("title"))
    remarks = row.get("remarks")
    if remarks:
        entity.remarks.append(remarks)
    for column, key in (
        ("call_sign", "call_sign"),
        ("vessel_type", "vessel_type"),
        ("gross_tonnage", "tonnage"),
        ("gross_registered_tonnage", "gross_registered_tonnage"),
        ("vessel_flag", "vessel_flag"),
        ("vessel_owner", "vessel_owner"),
        ("end_date", "listing_end_date"),
        ("standard_order", "standard_order"),
        ("license_requirement", "license_requirement"),
        ("license_policy", "license_policy"),
        ("source_list_url", "source_list_url"),
        ("source_information_url", "source_information_url"),
    ):
        entity.add_property(key, row.get(column))
    authority = row.get("source")
    if authority is None:
        raise ListError(str(row.path), f"row {source_id} names no source list", line=row.line)
    listed_on = parse_date_value(row.get("start_date") or "")
    programmes: list[str | None] = list(_split(row.get("programs"))) or [None]
    for programme in programmes:
        entity.designations.append(
            Designation(
                authority=authority,
                programme=programme,
                legal_basis=row.get("federal_register_notice"),
                listed_on=listed_on,
                reference=row.get("entity_number"),
            )
        )
    return entity


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    rows = iter_csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise ListError(str(path), "file is empty")
    keys = [c.strip().lstrip("\ufeff") for c in first[1]]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise ListError(
            str(path), f"header lacks the CSL column(s) {', '.join(missing)}", line=first[0]
        )
    seen: dict[str, int] = {}
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        check_width(path, line, cells, len(keys))
        entity = _entity(_Row(path, line, report, dict(zip(keys, cells, strict=True))))
        if entity.source_id in seen:
            report.warn(
                path,
                f"_id {entity.source_id} repeats the row of line {seen[entity.source_id]}; the repeat is skipped",
                line=line,
                record=entity.source_id,
            )
            continue
        seen[entity.source_id] = line
        report.count("entities")
        report.count("names", len(entity.names))
        report.count("addresses", len(entity.addresses))
        report.count("identifiers", len(entity.identifiers))
        yield entity


def _sniff(path: Path, head: bytes) -> bool:
    header = first_csv_row(head)
    return header is not None and all(c in {h.strip() for h in header} for c in REQUIRED)


FORMATS = [
    ListFormat(
        name="us_csl",
        source=SOURCE,
        description="US Consolidated Screening List (trade.gov), CSV",
        sniff=_sniff,
        parse=parse,
        priority=10,
    )
]

"""FCDO UK Sanctions List CSV (UK_Sanctions_List.csv).

Line 1 is `Report Date: <date>` (the list date), line 2 the header, then one
row per name, keyed by `Unique ID`; a designation's other facts are spread
over its rows, and a cell may hold several values joined by "|" (the FCDO
writes `Asset freeze|Travel Ban`). The columns are those of the published
file (58 of them, `Last Updated` .. `Hull identification number (HIN)`);
column names are matched case- and space-insensitively, and the older
heading `Individual, Entity, Ship` is read as `Designation Type`.

Rows of one designation need not be adjacent, so, as for ConList, a first
pass counts the rows of each Unique ID and the second yields each
designation at its last row. The rows fill a `FcdoRecord` and
`uk_fcdo.fcdo_entity` maps it, exactly as for the XML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import zip_longest
from pathlib import Path

from proscribe.model import Entity
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.dates import parse_date_value
from proscribe.sources.errors import ListError
from proscribe.sources.eu_fsf import clean
from proscribe.sources.uk_fcdo import SOURCE, FcdoAddress, FcdoName, FcdoRecord, fcdo_entity
from proscribe.sources.uk_ofsi import csv_rows, header_index

_SCALARS = {
    "Unique ID": "unique_id",
    "OFSI Group ID": "ofsi_group_id",
    "UN Reference Number": "un_reference",
    "Last Updated": "last_updated",
    "Date Designated": "date_designated",
    "Regime Name": "regime",
    "Designation Type": "designation_type",
    "Designation source": "designation_source",
    "Other Information": "other_information",
    "UK Statement of Reasons": "statement_of_reasons",
}

_LISTS = {
    "Sanctions Imposed": "sanctions_imposed",
    "Title": "titles",
    "Phone number": "phones",
    "Website": "websites",
    "Email address": "emails",
    "D.O.B": "dobs",
    "Nationality(/ies)": "nationalities",
    "Position": "positions",
    "Gender": "genders",
    "Type of entity": "entity_types",
    "Subsidiaries": "subsidiaries",
    "Parent company": "parents",
    "Business registration number (s)": "registrations",
    "IMO number": "imo_numbers",
    "Current owner/operator (s)": "owners",
    "Previous owner/operator (s)": "previous_owners",
    "Current believed flag of ship": "flags",
    "Previous flags": "previous_flags",
    "Type of ship": "ship_types",
    "Tonnage of ship": "tonnages",
    "Length of ship": "lengths",
    "Year Built": "years_built",
    "Hull identification number (HIN)": "hull_numbers",
}

_PAIRS = {
    ("Passport number", "Passport additional information"): "passports",
    ("National Identifier number", "National Identifier additional information"): "national_ids",
    ("Town of birth", "Country of birth"): "birth_places",
}

_NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
_ADDRESS_LINES = tuple(f"Address Line {i}" for i in range(1, 7))
_REQUIRED = ("Unique ID", "Name 6", "Name type", "Regime Name")
_RENAMED = {"individual, entity, ship": "designation type"}

_HEADER = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:\"?Report Date[^\n]*\n)?[^\n]*Unique ID[^\n]*Name type", re.I
)


def _sniff(path: Path, head: bytes) -> bool:
    return _HEADER.match(head) is not None


class _Row:
    """One CSV row read through the header (column names folded)."""

    def __init__(self, index: dict[str, int], cells: list[str]) -> None:
        self.index = index
        self.cells = cells

    def get(self, column: str) -> str | None:
        i = self.index.get(" ".join(column.split()).casefold())
        return clean(self.cells[i]) if i is not None and i < len(self.cells) else None

    def values(self, column: str) -> list[str]:
        """The "|"-separated values of a cell, as published (positions kept)."""
        i = self.index.get(" ".join(column.split()).casefold())
        if i is None or i >= len(self.cells) or not self.cells[i].strip():
            return []
        return [v.strip() for v in self.cells[i].split("|")]


def _table(path: Path, report: ParseReport, *, first_pass: bool) -> Iterator[tuple[int, _Row]]:
    """Data rows through the header; the Report Date is read on the first pass only."""
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise ListError(str(path), "file has no rows", line=1)
    line, cells = first
    if cells and cells[0].strip().casefold().startswith("report date"):
        stated = cells[0].split(":", 1)[1] if ":" in cells[0] else ",".join(cells[1:])
        if first_pass:
            report.published = parse_date_value(stated.strip())
            if report.published is None:
                report.warn(path, f"Report Date {stated.strip()!r} not readable", line=line)
        header = next(rows, None)
        if header is None:
            raise ListError(str(path), "no header line after the Report Date", line=line + 1)
        line, cells = header
    index = header_index(
        path, [_RENAMED.get(" ".join(c.split()).casefold(), c) for c in cells], _REQUIRED, line
    )
    width = len(cells)
    for row_line, row in rows:
        if len(row) != width:
            raise ListError(
                str(path), f"row has {len(row)} fields, the header has {width}", line=row_line
            )
        yield row_line, _Row(index, row)


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    counts: Counter[str] = Counter()
    for _line, row in _table(path, report, first_pass=True):
        counts[row.get("Unique ID") or ""] += 1
    open_records: dict[str, tuple[FcdoRecord, int]] = {}
    seen_fields: dict[str, set[str]] = {}
    for line, row in _table(path, report, first_pass=False):
        uid = row.get("Unique ID")
        report.count("rows")
        if uid is None:
            # Each row without an id is its own (unusable) designation, reported by its line.
            record = FcdoRecord(line=line)
            _fill(record, row, path, report, set())
            fcdo_entity(record, path, report)
            continue
        record, left = open_records.get(uid) or (FcdoRecord(line=line), counts[uid])
        _fill(record, row, path, report, seen_fields.setdefault(uid, set()))
        if left > 1:
            open_records[uid] = (record, left - 1)
            continue
        open_records.pop(uid, None)
        seen_fields.pop(uid, None)
        entity = fcdo_entity(record, path, report)
        if entity is not None:
            yield entity


def _fill(
    record: FcdoRecord, row: _Row, path: Path, report: ParseReport, conflicts: set[str]
) -> None:
    for column, attr in _SCALARS.items():
        value = row.get(column)
        current = getattr(record, attr)
        if current is None:
            setattr(record, attr, value)
        elif value is not None and value != current and column not in conflicts:
            conflicts.add(column)
            report.warn(
                path,
                f"{column} differs between rows of one designation "
                f"({current!r}, {value!r}); the first is kept",
                line=record.line,
                record=record.unique_id,
            )
    parts = tuple(row.get(c) for c in _NAME_PARTS)
    if any(parts):
        name = FcdoName(
            parts=parts, name_type=row.get("Name type"), strength=row.get("Alias strength")
        )
        if name not in record.names:
            record.names.append(name)
    non_latin = row.get("Name non-latin script")
    if non_latin:
        item = (non_latin, row.get("Non-latin script type"), row.get("Non-latin script language"))
        if item not in record.non_latin:
            record.non_latin.append(item)
    lines = tuple(row.get(c) for c in _ADDRESS_LINES)
    postcode, country = row.get("Address Postal Code"), row.get("Address Country")
    if any(lines) or postcode or country:
        address = FcdoAddress(lines=lines, postal_code=postcode, country=country)
        if address not in record.addresses:
            record.addresses.append(address)
    for column, attr in _LISTS.items():
        target: list[str] = getattr(record, attr)
        for value in row.values(column):
            if value:
                target.append(value)
    for (first, second), attr in _PAIRS.items():
        pairs: list[tuple[str | None, str | None]] = getattr(record, attr)
        for a, b in zip_longest(row.values(first), row.values(second)):
            pair = (a or None, b or None)
            if any(pair) and pair not in pairs:
                pairs.append(pair)


FORMATS = [
    ListFormat(
        name="uk_fcdo_csv",
        source=SOURCE,
        description="FCDO UK Sanctions List CSV",
        sniff=_sniff,
        parse=parse,
        priority=10,
    )
]

"""FCDO UK Sanctions List XML (UK_Sanctions_List.xml, schema SanctionsListSchema 4.x).

`<DateGenerated>` (dd/mm/yyyy) is the list date; every `<Designation>`
holds one party with its names, regime and details in nested containers
(`Names/Name`, `IndividualDetails/Individual/DOBs/DOB`, ...). This module
only reads the elements into a `FcdoRecord`; `uk_fcdo.fcdo_entity` maps them.
An element this reader does not know is reported once per file, so a schema
change shows up in the parse report instead of disappearing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from proscribe.model import Entity
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.dates import parse_date_value
from proscribe.sources.io import iter_xml, localname, read_head, source_line, xml_root_name
from proscribe.sources.uk_fcdo import (
    SOURCE,
    FcdoAddress,
    FcdoName,
    FcdoRecord,
    fcdo_entity,
)
from proscribe.sources.uk_ofsi import uk_day

_INDIVIDUAL = "IndividualDetails/Individual/"
_ENTITY = "EntityDetails/Entity/"
_SHIP = "ShipDetails/Ship/"

_SCALARS = {
    "UniqueID": "unique_id",
    "OFSIGroupID": "ofsi_group_id",
    "UNReferenceNumber": "un_reference",
    "LastUpdated": "last_updated",
    "DateDesignated": "date_designated",
    "RegimeName": "regime",
    "IndividualEntityShip": "designation_type",
    "DesignationSource": "designation_source",
    "OtherInformation": "other_information",
    "UKStatementofReasons": "statement_of_reasons",
}

_LISTS = {
    "SanctionsImposed": "sanctions_imposed",
    "Titles/Title": "titles",
    "PhoneNumbers/PhoneNumber": "phones",
    "EmailAddresses/EmailAddress": "emails",
    "Websites/Website": "websites",
    _INDIVIDUAL + "DOBs/DOB": "dobs",
    _INDIVIDUAL + "Nationalities/Nationality": "nationalities",
    _INDIVIDUAL + "Positions/Position": "positions",
    _INDIVIDUAL + "Genders/Gender": "genders",
    _ENTITY + "TypeOfEntities/TypeOfEntity": "entity_types",
    _ENTITY + "Subsidiaries/Subsidiary": "subsidiaries",
    _ENTITY + "ParentCompanies/ParentCompany": "parents",
    _ENTITY + "BusinessRegistrationNumbers/BusinessRegistrationNumber": "registrations",
    _SHIP + "IMONumbers/IMONumber": "imo_numbers",
    _SHIP + "CurrentOwnerOperators/CurrentOwnerOperator": "owners",
    _SHIP + "PreviousOwnerOperators/PreviousOwnerOperator": "previous_owners",
    _SHIP + "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip": "flags",
    _SHIP + "PreviousFlags/PreviousFlag": "previous_flags",
    _SHIP + "TypeOfShipDetails/TypeOfShip": "ship_types",
    _SHIP + "TonnageOfShipDetails/TonnageOfShip": "tonnages",
    _SHIP + "LengthOfShipDetails/LengthOfShip": "lengths",
    _SHIP + "YearsBuilt/YearBuilt": "years_built",
    _SHIP + "HullIdentificationNumbers/HullIdentificationNumber": "hull_numbers",
}

# Repeating groups: their container path and the fields read from each item.
_NAME = "Names/Name"
_NAME_FIELDS = ("Name1", "Name2", "Name3", "Name4", "Name5", "Name6", "NameType", "AliasStrength")
_NON_LATIN = "NonLatinNames/NonLatinName"
_NON_LATIN_FIELDS = ("NameNonLatinScript", "NonLatinScriptType", "NonLatinScriptLanguage")
_ADDRESS = "Addresses/Address"
_ADDRESS_FIELDS = (
    "AddressLine1",
    "AddressLine2",
    "AddressLine3",
    "AddressLine4",
    "AddressLine5",
    "AddressLine6",
    "AddressPostalCode",
    "AddressCountry",
)
_PASSPORT = _INDIVIDUAL + "PassportDetails/Passport"
_PASSPORT_FIELDS = ("PassportNumber", "PassportAdditionalInformation")
_NATIONAL_ID = _INDIVIDUAL + "NationalIdentifierDetails/NationalIdentifier"
_NATIONAL_ID_FIELDS = ("NationalIdentifierNumber", "NationalIdentifierAdditionalInformation")
_BIRTH = _INDIVIDUAL + "BirthDetails/Location"
_BIRTH_FIELDS = ("TownOfBirth", "CountryOfBirth")
_INDICATORS = "SanctionsImposedIndicators"

_KNOWN_LEAVES = (
    set(_SCALARS)
    | set(_LISTS)
    | {
        f"{group}/{f}"
        for group, fields in (
            (_NAME, _NAME_FIELDS),
            (_NON_LATIN, _NON_LATIN_FIELDS),
            (_ADDRESS, _ADDRESS_FIELDS),
            (_PASSPORT, _PASSPORT_FIELDS),
            (_NATIONAL_ID, _NATIONAL_ID_FIELDS),
            (_BIRTH, _BIRTH_FIELDS),
        )
        for f in fields
    }
)

_ROOT_DATE = re.compile(rb"<(?:\w+:)?Designations\b[^>]*\bdateGenerated=\"(\d{4}-\d{2}-\d{2})")


def _sniff(path: Path, head: bytes) -> bool:
    if xml_root_name(head) is None or b"<Designation>" not in head:
        return False
    return (
        b"<UniqueID>" in head or b"<IndividualEntityShip>" in head or b"SanctionsListSchema" in head
    )


def _text(elem: etree._Element) -> str | None:
    text = elem.text
    return text if text is not None and text.strip() else None


def _find(elem: etree._Element, path: str) -> list[etree._Element]:
    """Descendants along a path of local names (namespaces ignored)."""
    found = [elem]
    for step in path.split("/"):
        found = [
            c for parent in found for c in parent if isinstance(c.tag, str) and localname(c) == step
        ]
    return found


def _leaves(elem: etree._Element, prefix: str = "") -> Iterator[tuple[str, etree._Element]]:
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        path = prefix + localname(child)
        if len(child):
            yield from _leaves(child, path + "/")
        else:
            yield path, child


def _group(elem: etree._Element, path: str, fields: Sequence[str]) -> list[tuple[str | None, ...]]:
    items = []
    for item in _find(elem, path):
        values = []
        for name in fields:
            found = _find(item, name)
            values.append(_text(found[0]) if found else None)
        items.append(tuple(values))
    return items


def _record(elem: etree._Element, path: Path, report: ParseReport, unknown: set[str]) -> FcdoRecord:
    record = FcdoRecord(line=source_line(elem) or 0)
    for leaf_path, leaf in _leaves(elem):
        value = _text(leaf)
        if leaf_path in _SCALARS:
            attr = _SCALARS[leaf_path]
            if getattr(record, attr) is None:
                setattr(record, attr, value)
            elif value is not None and value != getattr(record, attr):
                report.warn(
                    path,
                    f"<{leaf_path}> appears twice with different values; the first is kept",
                    line=source_line(leaf),
                    record=record.unique_id,
                )
        elif leaf_path in _LISTS:
            if value is not None:
                getattr(record, _LISTS[leaf_path]).append(value)
        elif leaf_path.startswith(_INDICATORS + "/"):
            continue
        elif leaf_path not in _KNOWN_LEAVES and leaf_path not in unknown and value is not None:
            unknown.add(leaf_path)
            report.warn(
                path,
                f"element <{leaf_path}> is not read by this parser",
                line=source_line(leaf),
                record=record.unique_id,
            )
    for parts in _group(elem, _NAME, _NAME_FIELDS):
        record.names.append(FcdoName(parts=parts[:6], name_type=parts[6], strength=parts[7]))
    for text, script, language in _group(elem, _NON_LATIN, _NON_LATIN_FIELDS):
        if text is not None:
            record.non_latin.append((text, script, language))
    for values in _group(elem, _ADDRESS, _ADDRESS_FIELDS):
        record.addresses.append(
            FcdoAddress(lines=values[:6], postal_code=values[6], country=values[7])
        )
    record.passports.extend((n, i) for n, i in _group(elem, _PASSPORT, _PASSPORT_FIELDS))
    record.national_ids.extend((n, i) for n, i in _group(elem, _NATIONAL_ID, _NATIONAL_ID_FIELDS))
    record.birth_places.extend((t, c) for t, c in _group(elem, _BIRTH, _BIRTH_FIELDS))
    _indicated_measures(elem, record)
    return record


def _indicated_measures(elem: etree._Element, record: FcdoRecord) -> None:
    """Measures flagged true in SanctionsImposedIndicators but missing from SanctionsImposed.

    The indicators restate SanctionsImposed as booleans; one that says more
    is added in words ("TravelBan" -> "Travel Ban") so nothing is lost.
    """
    stated = {
        re.sub(r"[^a-z]", "", m.casefold())
        for item in record.sanctions_imposed
        for m in item.split("|")
    }
    for indicator in _find(elem, _INDICATORS):
        for flag in indicator:
            if not isinstance(flag.tag, str) or (flag.text or "").strip().lower() != "true":
                continue
            name = localname(flag)
            if name.casefold() not in stated:
                record.sanctions_imposed.append(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name))


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    if match := _ROOT_DATE.search(read_head(path)):
        report.published = parse_date_value(match.group(1).decode("ascii"))
    unknown: set[str] = set()
    seen: set[str] = set()
    for elem in iter_xml(path, ("DateGenerated", "Designation")):
        if localname(elem) == "DateGenerated":
            report.published = uk_day(elem.text) or report.published
            continue
        entity = fcdo_entity(_record(elem, path, report, unknown), path, report)
        if entity is None:
            continue
        if entity.source_id in seen:
            report.warn(
                path,
                f"UniqueID {entity.source_id} appears twice; both kept",
                line=source_line(elem),
                record=entity.source_id,
            )
        seen.add(entity.source_id)
        yield entity


FORMATS = [
    ListFormat(
        name="uk_fcdo_xml",
        source=SOURCE,
        description="FCDO UK Sanctions List XML",
        sniff=_sniff,
        parse=parse,
        priority=10,
    )
]

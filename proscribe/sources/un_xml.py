"""UN Security Council Consolidated List, XML (sc-sanctions.xsd, root CONSOLIDATED_LIST).

Every INDIVIDUAL becomes a Person and every ENTITY an Organization, keyed by
REFERENCE_NUMBER ("QDi.001"), the identifier the UN itself cites in press
releases and that other lists quote. The file is streamed: only one record
is in memory at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from proscribe.model import (
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
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_date_value, parse_partial_date
from proscribe.sources.errors import ListError
from proscribe.sources.io import (
    child_text,
    children,
    iter_xml,
    localname,
    source_line,
    xml_root_name,
)
from proscribe.text.scripts import dominant_script as detect_script

SOURCE = "un"
ROOT = "CONSOLIDATED_LIST"

# The UN writes "na" (not available) where a value is unknown, e.g. a
# FOURTH_NAME or a NATIONALITY; it is never a real value.
_NULLS = {"na", "n/a", "n.a."}  # lower case only: "NA" is a Korean surname

# ALIAS QUALITY as the UN writes it: individuals use Good/Low, entities use
# a.k.a./f.k.a. An alias element with neither quality nor name is an empty
# placeholder the UN emits for records without aliases.
_QUALITY: dict[str, NameKind] = {
    "good": "aka",
    "a.k.a.": "aka",
    "low": "weak",
    "f.k.a.": "fka",
    "n.k.a.": "nka",
}

_GENDER = {"male": "male", "female": "female"}

# xsd:date values may carry a time zone ("2015-04-07-04:00") or a time.
_XSD_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T[\d:.]+)?(?:Z|[+-]\d{2}:\d{2})?$")


def _clean(text: str | None) -> str | None:
    """Collapse the line breaks and runs of spaces the UN leaves inside values."""
    if text is None:
        return None
    value = " ".join(text.split())
    if not value or value in _NULLS:
        return None
    return value


def _text(elem: etree._Element, name: str) -> str | None:
    return _clean(child_text(elem, name))


def _values(elem: etree._Element, name: str) -> list[str]:
    """The VALUE children of every `name` child (NATIONALITY, TITLE, DESIGNATION, ...)."""
    out: list[str] = []
    for group in children(elem, name):
        for value in children(group, "VALUE"):
            text = _clean(value.text)
            if text is not None:
                out.append(text)
    return out


def xsd_date(text: str | None) -> str | None:
    """An xsd:date (or dateTime) as an ISO date, dropping any time zone."""
    value = _clean(text)
    if value is None:
        return None
    match = _XSD_DATE.match(value)
    if match:
        return match.group(1)
    return parse_date_value(value)


class _Record:
    """The parse of one INDIVIDUAL or ENTITY: the entity plus where to report problems."""

    def __init__(self, path: Path, report: ParseReport, elem: etree._Element) -> None:
        self.path = path
        self.report = report
        self.elem = elem
        self.line: int | None = source_line(elem)
        reference = _text(elem, "REFERENCE_NUMBER")
        if reference is None:
            raise ListError(
                str(path),
                f"{localname(elem)} without a REFERENCE_NUMBER",
                line=self.line,
                element=localname(elem),
            )
        self.reference = reference
        schema: Schema = "Person" if localname(elem) == "INDIVIDUAL" else "Organization"
        self.entity = Entity(
            source=report.source,
            source_id=reference,
            schema=schema,
            provenance=Provenance(report.source, str(path), reference, self.line),
        )

    def warn(self, message: str, line: int | None = None) -> None:
        self.report.warn(self.path, message, line=line or self.line, record=self.reference)

    def country(self, text: str | None, what: str, line: int | None) -> str | None:
        """ISO code for a country the UN names; an unknown name is reported and kept in remarks."""
        if text is None:
            return None
        code = country_code(text)
        if code is not None and len(code) == 2 and code.isalpha():
            return code
        self.warn(f"{what} {text!r} has no ISO 3166 code; kept in remarks", line)
        self.entity.remarks.append(f"{what}: {text}")
        return None


def _names(rec: _Record) -> None:
    elem, entity = rec.elem, rec.entity
    # FIRST..FOURTH_NAME are positional, not given/family: DPRK entries put the
    # family name first (KPi.001 YUN HO-JIN), Arabic ones a chain of
    # patronymics. The parts are therefore joined in order, not labelled.
    parts = [_text(elem, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    full = " ".join(p for p in parts if p)
    if not full:
        raise ListError(
            str(rec.path), "record without a name", line=rec.line, element=localname(elem)
        )
    entity.names.append(Name(full=full, kind="primary", script=detect_script(full)))
    rec.report.count("names")

    original = _text(elem, "NAME_ORIGINAL_SCRIPT")
    if original is not None:
        entity.names.append(Name(full=original, kind="aka", script=detect_script(original)))
        rec.report.count("names")
        rec.report.count("original_script_names")

    alias_tag = "INDIVIDUAL_ALIAS" if entity.schema == "Person" else "ENTITY_ALIAS"
    for alias in children(elem, alias_tag):
        _alias(rec, alias)


def _alias(rec: _Record, alias: etree._Element) -> None:
    entity = rec.entity
    name = _clean(child_text(alias, "ALIAS_NAME"))
    quality = _clean(child_text(alias, "QUALITY"))
    if name is None:
        if quality is not None:
            rec.warn(f"alias of quality {quality!r} without a name", source_line(alias))
        return
    kind = _QUALITY.get((quality or "").lower())
    if kind is None:
        rec.warn(
            f"alias {name!r} has unknown QUALITY {quality!r}; kept as a.k.a.", source_line(alias)
        )
        kind = "aka"
    entity.names.append(Name(full=name, kind=kind, script=detect_script(name)))
    rec.report.count("names")
    rec.report.count("aliases")
    rec.report.count(f"aliases_{kind}")

    # Individuals' aliases may state the birth date and place used under that name.
    dob = _clean(child_text(alias, "DATE_OF_BIRTH"))
    if dob is not None:
        date = parse_partial_date(xsd_date(dob) or dob)
        if date is None:
            rec.warn(
                f"alias {name!r}: unreadable DATE_OF_BIRTH {dob!r}; kept in remarks",
                source_line(alias),
            )
            entity.remarks.append(f"alias {name}: date of birth {dob}")
        elif date not in entity.birth_dates:
            entity.birth_dates.append(date)
            rec.report.count("birth_dates")
    city = _clean(child_text(alias, "CITY_OF_BIRTH"))
    country_text = _clean(child_text(alias, "COUNTRY_OF_BIRTH"))
    if city or country_text:
        place = Place(
            text=", ".join(p for p in (city, country_text) if p),
            country=rec.country(country_text, "alias country of birth", source_line(alias)),
        )
        if place not in entity.birth_places:
            entity.birth_places.append(place)
    note = _clean(child_text(alias, "NOTE"))
    if note is not None:
        entity.remarks.append(f"alias {name}: {note}")


_MONTHS_RANGE = re.compile(r"^between\s+(\S+)\s+and\s+(\S+)\s+(\d{4})$", re.I)


def _months_range(text: str) -> PartialDate | None:
    """ "Between Aug. and Sep. 1977": two months of one year written once."""
    match = _MONTHS_RANGE.match(text)
    if not match:
        return None
    first, second, year = match.groups()
    start = parse_date_value(f"{first} {year}")
    end = parse_date_value(f"{second} {year}")
    if start is None or end is None:
        return None
    return PartialDate(value=start, end=end)


def _birth_date(rec: _Record, dob: etree._Element) -> None:
    entity = rec.entity
    kind = (_clean(child_text(dob, "TYPE_OF_DATE")) or "").upper()
    date_text = _clean(child_text(dob, "DATE"))
    year = _clean(child_text(dob, "YEAR"))
    from_year = _clean(child_text(dob, "FROM_YEAR"))
    to_year = _clean(child_text(dob, "TO_YEAR"))
    note = _clean(child_text(dob, "NOTE"))
    line = source_line(dob)
    if not any((date_text, year, from_year, to_year, note)):
        return  # the empty placeholder the UN writes for an unknown date of birth
    if kind not in ("EXACT", "APPROXIMATELY", "BETWEEN", ""):
        rec.warn(f"unknown TYPE_OF_DATE {kind!r} for a date of birth", line)
    circa = kind == "APPROXIMATELY" or (note or "").lower() in ("approximately", "circa", "approx.")
    note_used = note is not None and note.lower() in ("approximately", "circa", "approx.")

    date: PartialDate | None = None
    if from_year or to_year:
        start = parse_date_value(from_year or to_year or "")
        end = parse_date_value(to_year or from_year or "")
        if start and end:
            date = PartialDate(value=start, end=end if end != start else None, circa=circa)
    elif date_text or year:
        value = xsd_date(date_text) if date_text else parse_date_value(year or "")
        if value is not None:
            date = PartialDate(value=value, circa=circa)
            # "YEAR 1958, NOTE Sep." states the month in the note.
            if note and not note_used and len(value) == 4:
                refined = parse_partial_date(f"{note} {value}")
                if refined is not None and refined.value[:4] == value and len(refined.value) > 4:
                    date = PartialDate(value=refined.value, circa=circa)
                    note_used = True
    elif note:
        # Only a note: "Nov. 1973", "August 1961", "Between Aug. and Sep. 1977",
        # "30-35 years old".
        date = parse_partial_date(note) or _months_range(note)
        if date is not None:
            date.circa = date.circa or circa
            date.text = note
            note_used = True

    if date is None:
        shown = note or date_text or year or f"{from_year} to {to_year}"
        rec.warn(f"date of birth {shown!r} is not a date; kept in remarks", line)
        entity.remarks.append(f"date of birth: {shown}")
        return
    if date not in entity.birth_dates:
        entity.birth_dates.append(date)
        rec.report.count("birth_dates")
    if note and not note_used:
        entity.remarks.append(f"date of birth {date.value}: {note}")


def _birth_place(rec: _Record, pob: etree._Element) -> None:
    parts = [_text(pob, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
    note = _text(pob, "NOTE")
    if not any(parts) and note is None:
        return
    text = ", ".join(p for p in parts if p) or note or ""
    place = Place(text=text, country=rec.country(parts[3], "country of birth", source_line(pob)))
    if place not in rec.entity.birth_places:
        rec.entity.birth_places.append(place)
    if note is not None and text != note:
        rec.entity.remarks.append(f"place of birth {text}: {note}")


def _address(rec: _Record, addr: etree._Element) -> None:
    street = _text(addr, "STREET")
    city = _text(addr, "CITY")
    region = _text(addr, "STATE_PROVINCE")
    postal = _text(addr, "ZIP_CODE")
    country_name = _text(addr, "COUNTRY")
    note = _text(addr, "NOTE")
    if not any((street, city, region, postal, country_name, note)):
        return
    full = ", ".join(p for p in (street, city, region, postal, country_name) if p) or None
    rec.entity.addresses.append(
        Address(
            full=full,
            street=street,
            city=city,
            postal_code=postal,
            region=region,
            country=rec.country(country_name, "address country", source_line(addr)),
            country_name=country_name,
            remarks=note,
        )
    )
    rec.report.count("addresses")


def document_type(label: str) -> str:
    """Normalised identifier type for the UN's free-text document labels."""
    low = label.lower()
    if "passport" in low or "pasaporte" in low or "passeport" in low:
        return "passport"
    if "fiscal" in low or "tax" in low:
        return "tax_id"
    if any(
        word in low
        for word in (
            "identi",
            "id card",
            "national number",
            "tazkira",
            "social security",
            "civil",
            "personal",
        )
    ):
        return "national_id"
    return "other"


def _document(rec: _Record, doc: etree._Element) -> None:
    label = _text(doc, "TYPE_OF_DOCUMENT")
    label2 = _text(doc, "TYPE_OF_DOCUMENT2")
    number = _text(doc, "NUMBER")
    country_name = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
    city = _text(doc, "CITY_OF_ISSUE")
    issued = _text(doc, "DATE_OF_ISSUE")
    note = _text(doc, "NOTE")
    if not any((label, label2, number, country_name, city, issued, note)):
        return
    full_label = " - ".join(p for p in (label, label2) if p) or None
    if number is None:
        # The UN sometimes writes the number only inside the note ("Libyan
        # passport number 347834, issued under name ..."): kept as a remark.
        rec.warn(f"document {full_label!r} without NUMBER; kept in remarks", source_line(doc))
        rec.entity.remarks.append(f"{full_label or 'document'}: {note or ''}".strip())
        return
    remarks = "; ".join(p for p in (f"issued in {city}" if city else None, note) if p) or None
    rec.entity.identifiers.append(
        Identifier(
            type=document_type(label2 or label or ""),
            number=number,
            country=rec.country(country_name, "document country", source_line(doc)),
            label=full_label,
            issued=xsd_date(issued),
            remarks=remarks,
        )
    )
    rec.report.count("identifiers")


def _entity(path: Path, report: ParseReport, elem: etree._Element) -> Entity:
    rec = _Record(path, report, elem)
    entity = rec.entity
    _names(rec)

    programme = _text(elem, "UN_LIST_TYPE")
    if programme is None:
        rec.warn("record without UN_LIST_TYPE")
    entity.designations.append(
        Designation(
            authority="UN",
            programme=programme,
            listed_on=xsd_date(child_text(elem, "LISTED_ON")),
            reference=rec.reference,
        )
    )
    comments = _text(elem, "COMMENTS1")
    if comments is not None:
        entity.remarks.append(comments)

    gender = _text(elem, "GENDER")
    if gender is not None:
        value = _GENDER.get(gender.lower())
        if value is None:
            rec.warn(f"unknown GENDER {gender!r}")
        else:
            entity.gender = value  # type: ignore[assignment]

    for nationality in _values(elem, "NATIONALITY"):
        code = rec.country(nationality, "nationality", rec.line)
        if code is not None and code not in entity.nationalities:
            entity.nationalities.append(code)
    entity.titles.extend(_values(elem, "TITLE"))
    entity.positions.extend(_values(elem, "DESIGNATION"))
    for updated in _values(elem, "LAST_DAY_UPDATED"):
        entity.add_property("last_updated", xsd_date(updated))

    prefix = "INDIVIDUAL" if entity.schema == "Person" else "ENTITY"
    for dob in children(elem, "INDIVIDUAL_DATE_OF_BIRTH"):
        _birth_date(rec, dob)
    for pob in children(elem, "INDIVIDUAL_PLACE_OF_BIRTH"):
        _birth_place(rec, pob)
    for addr in children(elem, f"{prefix}_ADDRESS"):
        _address(rec, addr)
    for doc in children(elem, "INDIVIDUAL_DOCUMENT"):
        _document(rec, doc)
    for address in entity.addresses:
        if address.country and address.country not in entity.countries:
            entity.countries.append(address.country)

    report.count("entities")
    report.count("persons" if entity.schema == "Person" else "organizations")
    return entity


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    """Stream the entities of one consolidated list file."""
    path = Path(files[0])
    root_checked = False
    for elem in iter_xml(path, ("INDIVIDUAL", "ENTITY", ROOT)):
        if not root_checked:
            root = elem.getroottree().getroot()
            if localname(root) != ROOT:
                raise ListError(
                    str(path),
                    f"root element is <{localname(root)}>, not <{ROOT}>",
                    line=source_line(root),
                )
            generated = root.get("dateGenerated")
            report.published = xsd_date(generated)
            if generated and report.published is None:
                report.warn(path, f"unreadable dateGenerated {generated!r}", line=source_line(root))
            root_checked = True
        if localname(elem) == ROOT:
            continue
        yield _entity(path, report, elem)


def sniff(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == ROOT


FORMATS = [
    ListFormat(
        name="un_xml",
        source=SOURCE,
        description="UN Security Council Consolidated List (XML)",
        sniff=sniff,
        parse=parse,
    )
]

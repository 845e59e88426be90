"""OFAC SDN list, classic XML (sdn.xml / cons.xml, root sdnList).

The namespace changed over the years (http://tempuri.org/sdnList.xsd, then
the Sanctions List Service's .../exports/XML); the element names did not, so
elements are matched by local name. `source_id` is the sdnEntry uid, the same
number as ent_num in sdn.csv, so CSV and XML imports of one list agree.

The OFAC fact helpers here (`apply_fact`, `identifier_type`) are shared with
the advanced-XML parser: both formats carry the same labelled facts ("Gender",
"Vessel Flag", "Digital Currency Address - XBT", ...), once as idList rows and
once as features, and they must land in the same fields.
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
    Place,
    Provenance,
    Relation,
    Schema,
)
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_partial_date
from proscribe.sources.errors import ListError
from proscribe.sources.io import (
    child_text,
    children,
    iter_xml,
    localname,
    source_line,
    xml_root_name,
)

SOURCE = "ofac"
ROOT = "sdnList"

_SDN_TYPES: dict[str, Schema] = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
}

_AKA_TYPES: dict[str, NameKind] = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}

_GENDER = {"male": "male", "female": "female"}

# Facts OFAC states under a label that are neither documents nor remarks.
_PROPERTY_LABELS = {
    "vessel call sign": "call_sign",
    "call sign": "call_sign",
    "other vessel call sign": "call_sign",
    "vessel type": "vessel_type",
    "other vessel type": "vessel_type",
    "vessel flag": "vessel_flag",
    "other vessel flag": "vessel_flag",
    "former vessel flag": "former_vessel_flag",
    "vessel owner": "vessel_owner",
    "vessel tonnage": "tonnage",
    "tonnage": "tonnage",
    "vessel gross registered tonnage": "gross_registered_tonnage",
    "gross registered tonnage": "gross_registered_tonnage",
    "vessel year of build": "build_year",
    "aircraft model": "aircraft_model",
    "aircraft manufacture date": "aircraft_build_date",
    "aircraft operator": "aircraft_operator",
    "organization established date": "established_date",
    "organization type": "organization_type",
    "target type": "target_type",
    "nationality of registration": "registration_country",
}
_COUNTRY_PROPERTIES = {"vessel_flag", "former_vessel_flag", "registration_country"}
_DATE_PROPERTIES = {"established_date", "aircraft_build_date"}

# Labels whose value is a statement about the listing, not an identifier:
# "Additional Sanctions Information -", "Secondary sanctions risk:",
# "Executive Order 13662 Directive Determination -", "Transactions Prohibited
# For Persons Owned or Controlled By U.S. Financial Institutions:", ...
_REMARK_LABEL = re.compile(
    r"sanction|directive|executive order|determination|caatsa|prohibited|effective date|"
    r"listing date|information",
    re.I,
)

# Identifier types by keywords of OFAC's labels; the first rule that matches wins,
# so more specific rules come first ("Tax ID No." is a tax id, not a national id).
_ID_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("crypto_wallet", re.compile(r"digital currency address", re.I)),
    ("email", re.compile(r"e-?mail", re.I)),
    ("website", re.compile(r"website|web site|url", re.I)),
    ("phone", re.compile(r"phone|telephone|fax", re.I)),
    ("swift", re.compile(r"swift|\bbic\b", re.I)),
    ("imo", re.compile(r"vessel registration identification|\bimo\b", re.I)),
    ("mmsi", re.compile(r"\bmmsi\b", re.I)),
    ("lei", re.compile(r"legal entity number|\blei\b", re.I)),
    ("passport", re.compile(r"passport", re.I)),
    (
        "tax_id",
        re.compile(
            r"\btax\b|r\.?f\.?c\b|\bnit\b|\bruc\b|c\.?u\.?i\.?t|v\.?a\.?t\b|\bfein\b|\binn\b|"
            r"tributari|fiscal",
            re.I,
        ),
    ),
    (
        "registration",
        re.compile(
            r"regist|company number|incorporation|commercial|business|trade licen[cs]e|chamber|"
            r"credit code|gazette|matricula|mercantil|\bogrn\b|\bokpo\b|tail number|charity",
            re.I,
        ),
    ),
    (
        "national_id",
        re.compile(
            r"national|cedula|c\.?u\.?r\.?p|d\.?n\.?i\b|\bssn\b|social security|identif|"
            r"\bid\b|identity|citizen|residen|birth certificate|\bnie\b|electoral|voter",
            re.I,
        ),
    ),
)

_IMO_VALUE = re.compile(r"^IMO\s*(\d{7})$", re.I)
_LINKED_TO = re.compile(r"Linked To:\s*([^;]+?)\s*(?:[;)]|\.?$)")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EO_IN_PROGRAMME = re.compile(r"EO(\d{5})\b")


def label_key(label: str) -> str:
    """OFAC labels end in ":" or " -" inconsistently; compare them without."""
    return " ".join(label.split()).strip(" :-").lower()


def identifier_type(label: str, number: str = "") -> str:
    """Normalised identifier type for an OFAC document/feature label."""
    if _IMO_VALUE.match(number.strip()):
        return "imo"
    for kind, pattern in _ID_RULES:
        if pattern.search(label):
            return kind
    return "other"


def country_or_none(text: str | None) -> str | None:
    """ISO alpha-2 for an OFAC country name, or None when it has no two-letter code."""
    if text is None:
        return None
    name = re.sub(r"^region:\s*", "", text.strip(), flags=re.I)
    code = country_code(name)
    if code is not None and len(code) == 2 and code.isalpha():
        return code
    return None


def apply_fact(
    entity: Entity,
    label: str,
    value: str,
    *,
    country: str | None = None,
    issued: str | None = None,
    expires: str | None = None,
    remarks: str | None = None,
) -> str | None:
    """File one labelled OFAC fact into the entity; returns a problem to report, or None.

    `country` is the issuing country as OFAC names it (for documents).
    """
    key = label_key(label)
    value = " ".join(value.split())
    if not value:
        return f"{label!r} without a value"
    if key == "gender":
        gender = _GENDER.get(value.lower())
        if gender is None:
            return f"unknown gender {value!r}"
        entity.gender = gender  # type: ignore[assignment]
        return None
    if key == "title":
        # The advanced format states sdn.xml's <title> (a position) as a feature.
        if value not in entity.positions:
            entity.positions.append(value)
        return None
    prop = _PROPERTY_LABELS.get(key)
    if prop is not None:
        if prop in _COUNTRY_PROPERTIES:
            entity.add_property(prop, country_or_none(value) or value)
        elif prop in _DATE_PROPERTIES:
            date = parse_partial_date(value)
            entity.add_property(prop, date.value if date else value)
        else:
            entity.add_property(prop, value)
        return None
    if _REMARK_LABEL.search(key):
        entity.remarks.append(f"{' '.join(label.split())} {value}")
        return None
    kind = identifier_type(label, value)
    number = value
    imo = _IMO_VALUE.match(value)
    if kind == "imo" and imo:
        number = imo.group(1)
    code = country_or_none(country)
    problem = None
    if country and code is None:
        problem = f"{label} {value}: country {country!r} has no ISO 3166 code"
        remarks = "; ".join(p for p in (remarks, f"country: {country}") if p)
    identifier = Identifier(
        type=kind,
        number=number,
        country=code,
        label=" ".join(label.split()),
        issued=issued,
        expires=expires,
        remarks=remarks,
    )
    if identifier not in entity.identifiers:
        entity.identifiers.append(identifier)
    return problem


def add_countries(entity: Entity) -> None:
    """The countries a party is tied to: its addresses' and its vessel flag's."""
    for code in [a.country for a in entity.addresses] + entity.properties.get("vessel_flag", []):
        if code and len(code) == 2 and code.isupper() and code not in entity.countries:
            entity.countries.append(code)


def linked_to(remarks: str) -> list[str]:
    """Names after "Linked To:" in OFAC remarks (the list links by name there, not by id)."""
    return [m.group(1).strip() for m in _LINKED_TO.finditer(remarks)]


def us_date(text: str | None) -> str | None:
    """OFAC's MM/DD/YYYY publication date as ISO, or None."""
    if not text:
        return None
    match = _US_DATE.match(text.strip())
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def person_name(first: str | None, last: str | None, kind: NameKind) -> Name | None:
    """An OFAC name from its lastName/firstName parts.

    `full` is written as OFAC writes it in sdn.csv ("KHAN, Karim Asad Ahmad"),
    so the same party reads the same whichever OFAC format it came from.
    """
    first = " ".join(first.split()) if first else None
    last = " ".join(last.split()) if last else None
    full = ", ".join(p for p in (last, first) if p)
    if not full:
        return None
    return Name(full=full, kind=kind, given=first, family=last if first else None, script="Latn")


def legal_basis(programme: str) -> str | None:
    """The Executive Order a programme tag names ("ICC-EO14203"), or None when it names none."""
    match = _EO_IN_PROGRAMME.search(programme)
    return f"Executive Order {match.group(1)}" if match else None


class _Entry:
    """One sdnEntry being turned into an entity, with where to report its problems."""

    def __init__(self, path: Path, report: ParseReport, elem: etree._Element) -> None:
        self.path = path
        self.report = report
        self.elem = elem
        self.line: int | None = source_line(elem)
        uid = child_text(elem, "uid")
        if uid is None:
            raise ListError(str(path), "sdnEntry without a uid", line=self.line, element="sdnEntry")
        self.uid = uid

    def warn(self, message: str, line: int | None = None) -> None:
        self.report.warn(self.path, message, line=line or self.line, record=self.uid)

    def text(self, elem: etree._Element, name: str) -> str | None:
        value = child_text(elem, name)
        return " ".join(value.split()) if value else None


def _schema(entry: _Entry) -> Schema:
    sdn_type = entry.text(entry.elem, "sdnType")
    schema = _SDN_TYPES.get((sdn_type or "").lower())
    if schema is None:
        entry.warn(f"unknown sdnType {sdn_type!r}; kept as LegalEntity")
        return "LegalEntity"
    return schema


def _names(entry: _Entry, entity: Entity) -> None:
    primary = person_name(
        entry.text(entry.elem, "firstName"), entry.text(entry.elem, "lastName"), "primary"
    )
    if primary is None:
        raise ListError(
            str(entry.path),
            f"sdnEntry {entry.uid} without a name",
            line=entry.line,
            element="sdnEntry",
        )
    entity.names.append(primary)
    entry.report.count("names")
    for aka_list in children(entry.elem, "akaList"):
        for aka in children(aka_list, "aka"):
            aka_type = (entry.text(aka, "type") or "").lower()
            category = (entry.text(aka, "category") or "").lower()
            kind: NameKind | None = "weak" if category == "weak" else _AKA_TYPES.get(aka_type)
            if kind is None:
                entry.warn(f"aka of unknown type {aka_type!r}; kept as a.k.a.", source_line(aka))
                kind = "aka"
            if category not in ("strong", "weak"):
                entry.warn(f"aka of unknown category {category!r}", source_line(aka))
            name = person_name(entry.text(aka, "firstName"), entry.text(aka, "lastName"), kind)
            if name is None:
                entry.warn("aka without a name", source_line(aka))
                continue
            entity.names.append(name)
            entry.report.count("names")
            entry.report.count("aliases")
            entry.report.count(f"aliases_{kind}")


def _ids(entry: _Entry, entity: Entity) -> None:
    for id_list in children(entry.elem, "idList"):
        for item in children(id_list, "id"):
            label = entry.text(item, "idType")
            number = entry.text(item, "idNumber")
            if label is None or number is None:
                entry.warn(
                    f"id without {'idType' if label is None else 'idNumber'}", source_line(item)
                )
                continue
            issued = parse_partial_date(entry.text(item, "issueDate"))
            expires = parse_partial_date(entry.text(item, "expirationDate"))
            problem = apply_fact(
                entity,
                label,
                number,
                country=entry.text(item, "idCountry"),
                issued=issued.value if issued else entry.text(item, "issueDate"),
                expires=expires.value if expires else entry.text(item, "expirationDate"),
            )
            if problem:
                entry.warn(problem, source_line(item))
    entry.report.count("identifiers", len(entity.identifiers))


def _addresses(entry: _Entry, entity: Entity) -> None:
    for address_list in children(entry.elem, "addressList"):
        for item in children(address_list, "address"):
            street = (
                ", ".join(p for p in (entry.text(item, f"address{i}") for i in (1, 2, 3)) if p)
                or None
            )
            city = entry.text(item, "city")
            region = entry.text(item, "stateOrProvince") or entry.text(item, "region")
            postal = entry.text(item, "postalCode")
            country_name = entry.text(item, "country")
            if not any((street, city, region, postal, country_name)):
                continue
            code = country_or_none(country_name)
            if country_name and code is None:
                entry.warn(
                    f"address country {country_name!r} has no ISO 3166 code", source_line(item)
                )
            state = entry.text(item, "stateOrProvince")
            extra_region = entry.text(item, "region") if state else None
            if country_name is None and entry.text(item, "region"):
                # OFAC names some places by region only ("West Bank", "Gaza");
                # a state or province is never read as a country.
                code = country_or_none(entry.text(item, "region"))
            entity.addresses.append(
                Address(
                    full=", ".join(p for p in (street, city, region, postal, country_name) if p),
                    street=street,
                    city=city,
                    postal_code=postal,
                    region=region,
                    country=code,
                    country_name=country_name,
                    remarks=f"region: {extra_region}" if extra_region else None,
                )
            )
            entry.report.count("addresses")


def _birth(entry: _Entry, entity: Entity) -> None:
    for group in children(entry.elem, "dateOfBirthList"):
        for item in children(group, "dateOfBirthItem"):
            text = entry.text(item, "dateOfBirth")
            if text is None:
                continue
            date = parse_partial_date(text)
            if date is None:
                entry.warn(
                    f"date of birth {text!r} is not a date; kept in remarks", source_line(item)
                )
                entity.remarks.append(f"date of birth: {text}")
            elif date not in entity.birth_dates:
                entity.birth_dates.append(date)
                entry.report.count("birth_dates")
    for group in children(entry.elem, "placeOfBirthList"):
        for item in children(group, "placeOfBirthItem"):
            text = entry.text(item, "placeOfBirth")
            if text is None:
                continue
            place = Place(text=text, country=country_or_none(text.rsplit(",", 1)[-1]))
            if place not in entity.birth_places:
                entity.birth_places.append(place)


def _vessel(entry: _Entry, entity: Entity) -> None:
    for info in children(entry.elem, "vesselInfo"):
        for tag, label in (
            ("callSign", "Vessel Call Sign"),
            ("vesselType", "Vessel Type"),
            ("vesselFlag", "Vessel Flag"),
            ("vesselOwner", "Vessel Owner"),
            ("tonnage", "Vessel Tonnage"),
            ("grossRegisteredTonnage", "Vessel Gross Registered Tonnage"),
        ):
            value = entry.text(info, tag)
            if value is not None:
                problem = apply_fact(entity, label, value)
                if problem:
                    entry.warn(problem, source_line(info))


def _entity(path: Path, report: ParseReport, elem: etree._Element) -> Entity:
    entry = _Entry(path, report, elem)
    entity = Entity(
        source=report.source,
        source_id=entry.uid,
        schema=_schema(entry),
        provenance=Provenance(report.source, str(path), entry.uid, entry.line),
    )
    _names(entry, entity)
    title = entry.text(elem, "title")
    if title is not None:
        entity.positions.append(title)
    programmes = [
        " ".join((prog.text or "").split())
        for group in children(elem, "programList")
        for prog in children(group, "program")
        if (prog.text or "").strip()
    ]
    if not programmes:
        entry.warn("sdnEntry without a program")
    for programme in programmes:
        entity.designations.append(
            Designation(authority="OFAC", programme=programme, legal_basis=legal_basis(programme))
        )
    _ids(entry, entity)
    _addresses(entry, entity)
    _nationality_lists(entry, entity)
    _birth(entry, entity)
    _vessel(entry, entity)
    add_countries(entity)
    remarks = entry.text(elem, "remarks")
    if remarks is not None:
        entity.remarks.append(remarks)
        for target in linked_to(remarks):
            entity.relations.append(
                Relation(kind="linked_to", target_name=target, role="Linked To")
            )
    report.count("entities")
    report.count(f"schema_{entity.schema}")
    return entity


def _nationality_lists(entry: _Entry, entity: Entity) -> None:
    for list_name, item_name, target in (
        ("nationalityList", "nationality", entity.nationalities),
        ("citizenshipList", "citizenship", entity.citizenships),
    ):
        for group in children(entry.elem, list_name):
            for item in children(group, item_name):
                name = entry.text(item, "country")
                if name is None:
                    continue
                code = country_or_none(name)
                if code is None:
                    entry.warn(
                        f"{item_name} {name!r} has no ISO 3166 code; kept in remarks",
                        source_line(item),
                    )
                    entity.remarks.append(f"{item_name}: {name}")
                elif code not in target:
                    target.append(code)


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    """Stream the entries of one sdn.xml (or cons.xml) file."""
    path = Path(files[0])
    checked = False
    parsed = 0
    for elem in iter_xml(path, ("publshInformation", "sdnEntry")):
        if not checked:
            root = elem.getroottree().getroot()
            if localname(root) != ROOT:
                raise ListError(
                    str(path),
                    f"root element is <{localname(root)}>, not <{ROOT}>",
                    line=source_line(root),
                )
            checked = True
        if localname(elem) == "publshInformation":
            raw = child_text(elem, "Publish_Date")
            report.published = us_date(raw)
            if raw and report.published is None:
                report.warn(path, f"unreadable Publish_Date {raw!r}", line=source_line(elem))
            count = child_text(elem, "Record_Count")
            if count and count.isdigit():
                report.counts["record_count_stated"] = int(count)
            continue
        parsed += 1
        yield _entity(path, report, elem)
    stated = report.counts.get("record_count_stated")
    if stated is not None and stated != parsed:
        # A cut or edited file: the publication states how many entries it holds.
        report.warn(path, f"Record_Count says {stated} entries, the file holds {parsed}")


def sniff(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == ROOT


FORMATS = [
    ListFormat(
        name="ofac_xml",
        source=SOURCE,
        description="OFAC SDN / Consolidated list, classic XML (sdnList)",
        sniff=sniff,
        parse=parse,
    )
]

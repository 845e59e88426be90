"""OFAC advanced XML (sdn_advanced.xml / cons_advanced.xml, root Sanctions).

The format is relational: parties point at reference values, locations,
identity documents and sanctions entries by numeric ID, and the IDs differ
between files. Every type is therefore resolved through the file's own
ReferenceValueSets; no ID number is assumed.

The file is read twice, streaming both times. The first pass keeps the
small tables (reference values, locations, documents, relationships,
sanctions entries, which come partly after the parties); the second streams
the DistinctParty records and turns each into an entity. `source_id` is the
DistinctParty FixedRef, the same number as the sdn.xml uid and sdn.csv ent_num.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from proscribe.model import (
    Address,
    Designation,
    Entity,
    Name,
    NameKind,
    PartialDate,
    Place,
    Provenance,
    Relation,
    Schema,
)
from proscribe.model.entity import RelationKind
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.errors import ListError
from proscribe.sources.io import (
    child_text,
    children,
    iter_xml,
    localname,
    source_line,
    xml_root_name,
)
from proscribe.sources.ofac_xml import (
    add_countries,
    apply_fact,
    country_or_none,
    label_key,
    legal_basis,
)
from proscribe.sources.un_xml import detect_script

SOURCE = "ofac"
ROOT = "Sanctions"
NAMESPACES = (
    b"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
    b"http://www.un.org/sanctions/1.0",
)

_ALIAS_KINDS: dict[str, NameKind] = {
    "a.k.a.": "aka",
    "f.k.a.": "fka",
    "n.k.a.": "nka",
    "name": "aka",
}

# Name part types written before the family name in a natural-order full name.
_GIVEN = "first name"
_MIDDLE = "middle name"
_PATRONYMIC = "patronymic"
_FAMILY = "last name"


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    value = " ".join(text.split())
    return value or None


@dataclass(slots=True)
class _Refs:
    """The file's ReferenceValueSets: kind ("AliasType", "Country", ...) -> ID -> text and attributes."""

    text: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    attrs: dict[str, dict[str, dict[str, str]]] = field(default_factory=lambda: defaultdict(dict))

    def load(self, sets: etree._Element) -> None:
        for value_set in sets:
            if not isinstance(value_set.tag, str):
                continue
            for item in value_set:
                if not isinstance(item.tag, str):
                    continue
                kind, ident = localname(item), item.get("ID")
                if ident is None:
                    continue
                self.text[kind][ident] = _clean(item.text) or ""
                self.attrs[kind][ident] = {str(k): str(v) for k, v in item.attrib.items()}

    def get(self, kind: str, ident: str | None) -> str | None:
        if ident is None:
            return None
        return self.text.get(kind, {}).get(ident)

    def attr(self, kind: str, ident: str | None, name: str) -> str | None:
        if ident is None:
            return None
        return self.attrs.get(kind, {}).get(ident, {}).get(name)

    def country(self, ident: str | None) -> tuple[str | None, str | None]:
        """(ISO alpha-2, name) of a CountryID; the file's ISO2 attribute wins over the name."""
        name = self.get("Country", ident)
        iso2 = (self.attr("Country", ident, "ISO2") or "").upper()
        code = iso2 if len(iso2) == 2 and iso2.isalpha() else country_or_none(name)
        return code, name


@dataclass(slots=True)
class _Location:
    address: Address
    text: str


@dataclass(slots=True)
class _Document:
    label: str
    number: str | None
    country: str | None
    issued: str | None
    expires: str | None
    remarks: str | None
    line: int | None


@dataclass(slots=True)
class _Listing:
    """One SanctionsEntry of a profile: which list, which programmes, when, on what legal basis."""

    list_name: str | None
    programmes: list[str]
    listed_on: str | None
    legal_bases: dict[str | None, str]
    measures: list[str]


@dataclass(slots=True)
class _Tables:
    published: str | None = None
    refs: _Refs = field(default_factory=_Refs)
    locations: dict[str, _Location] = field(default_factory=dict)
    documents: dict[str, list[_Document]] = field(default_factory=lambda: defaultdict(list))
    profile_party: dict[str, str] = field(default_factory=dict)
    relations: dict[str, list[tuple[str, str, bool]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    listings: dict[str, list[_Listing]] = field(default_factory=lambda: defaultdict(list))


def _point(elem: etree._Element | None) -> tuple[int, int, int] | None:
    if elem is None:
        return None
    try:
        year = int(child_text(elem, "Year") or 0)
        month = int(child_text(elem, "Month") or 0)
        day = int(child_text(elem, "Day") or 0)
    except ValueError:
        return None
    if not year:
        return None
    return year, month or 1, day or 1


def _first(elem: etree._Element | None, name: str) -> etree._Element | None:
    if elem is None:
        return None
    found = children(elem, name)
    return found[0] if found else None


def _iso(point: tuple[int, int, int], precision: str) -> str:
    year, month, day = point
    if precision == "year":
        return f"{year:04d}"
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_period(period: etree._Element) -> PartialDate | None:
    """A DatePeriod as a PartialDate.

    OFAC writes a known day as four equal points, a known year as 1 Jan to
    31 Dec, a known month as its first to last day, and "1961 to 1963" as
    1 Jan 1961 to 31 Dec 1963; the precision is read back from those bounds.
    """
    start, end = _first(period, "Start"), _first(period, "End")
    points = [
        p
        for p in (
            _point(_first(start, "From")),
            _point(_first(start, "To")),
            _point(_first(end, "From")),
            _point(_first(end, "To")),
        )
        if p is not None
    ]
    if not points:
        return None
    low, high = min(points), max(points)
    approximate = any(b is not None and b.get("Approximate") == "true" for b in (start, end))
    if low == high:
        return PartialDate(value=_iso(low, "day"), circa=approximate)
    last_day = calendar.monthrange(high[0], high[1])[1] if 1 <= high[1] <= 12 else 31
    if low[1:] == (1, 1) and high[1:] == (12, 31):
        precision = "year"
    elif low[2] == 1 and high[2] == last_day:
        precision = "month"
    else:
        precision = "day"
    value, end_value = _iso(low, precision), _iso(high, precision)
    return PartialDate(
        value=value, end=end_value if end_value != value else None, circa=approximate
    )


def _location(refs: _Refs, elem: etree._Element) -> _Location:
    parts: dict[str, str] = {}
    extra: list[str] = []
    for part in children(elem, "LocationPart"):
        kind = (refs.get("LocPartType", part.get("LocPartTypeID")) or "").upper()
        values = children(part, "LocationPartValue")
        chosen = next(
            (v for v in values if v.get("Primary") == "true"), values[0] if values else None
        )
        value = _clean(child_text(chosen, "Value")) if chosen is not None else None
        if value is None:
            continue
        if kind in (
            "ADDRESS1",
            "ADDRESS2",
            "ADDRESS3",
            "CITY",
            "STATE/PROVINCE",
            "POSTAL CODE",
            "REGION",
        ):
            parts[kind] = value
        else:
            extra.append(value)
    code, country_name = None, None
    for country in children(elem, "LocationCountry"):
        code, country_name = refs.country(country.get("CountryID"))
        break
    region = parts.get("REGION")
    if code is None and region:
        code = country_or_none(region)
    street = ", ".join(parts[k] for k in ("ADDRESS1", "ADDRESS2", "ADDRESS3") if k in parts) or None
    text = ", ".join(
        p
        for p in (
            street,
            parts.get("CITY"),
            parts.get("STATE/PROVINCE"),
            parts.get("POSTAL CODE"),
            region,
            *extra,
            country_name,
        )
        if p
    )
    address = Address(
        full=text or None,
        street=street,
        city=parts.get("CITY"),
        postal_code=parts.get("POSTAL CODE"),
        region=parts.get("STATE/PROVINCE") or region,
        country=code,
        country_name=country_name,
        remarks=_clean(child_text(elem, "Comment")),
    )
    return _Location(address=address, text=text)


def _document(refs: _Refs, elem: etree._Element) -> _Document:
    issued = expires = None
    for doc_date in children(elem, "DocumentDate"):
        kind = (refs.get("IDRegDocDateType", doc_date.get("IDRegDocDateTypeID")) or "").lower()
        period = _first(doc_date, "DatePeriod")
        date = date_period(period) if period is not None else None
        if date is None:
            continue
        if "expir" in kind:
            expires = date.value
        else:
            issued = date.value
    _code, country_name = refs.country(elem.get("IssuedBy-CountryID"))
    validity = refs.get("Validity", elem.get("ValidityID"))
    remarks = [
        _clean(child_text(elem, "IssuingAuthority")),
        _clean(child_text(elem, "Comment")),
        validity if validity and validity.lower() != "valid" else None,
    ]
    return _Document(
        label=refs.get("IDRegDocType", elem.get("IDRegDocTypeID")) or "",
        number=_clean(child_text(elem, "IDRegistrationNo")),
        country=country_name,
        issued=issued,
        expires=expires,
        remarks="; ".join(r for r in remarks if r) or None,
        line=source_line(elem),
    )


def _listing(refs: _Refs, elem: etree._Element) -> _Listing:
    programmes: list[str] = []
    measures: list[str] = []
    for measure in children(elem, "SanctionsMeasure"):
        kind = refs.get("SanctionsType", measure.get("SanctionsTypeID")) or ""
        comment = _clean(child_text(measure, "Comment"))
        if kind.lower() == "program" and comment:
            programmes.append(comment)
        elif kind:
            measures.append(f"{kind}: {comment}" if comment else kind)
    dates: list[str] = []
    legal_bases: dict[str | None, str] = {}
    for event in children(elem, "EntryEvent"):
        date = _first(event, "Date")
        point = _point(date)
        if point is not None:
            dates.append(_iso(point, "day"))
        basis_id = event.get("LegalBasisID")
        basis = refs.get("LegalBasis", basis_id)
        if basis:
            programme = refs.get(
                "SanctionsProgram", refs.attr("LegalBasis", basis_id, "SanctionsProgramID")
            )
            legal_bases[programme] = basis
    return _Listing(
        list_name=refs.get("List", elem.get("ListID")),
        programmes=programmes,
        listed_on=min(dates) if dates else None,
        legal_bases=legal_bases,
        measures=measures,
    )


# The repeated records of the file; naming them to iter_xml frees each after use.
_SECTIONS = (
    "ReferenceValueSets",
    "Location",
    "IDRegDocument",
    "DistinctParty",
    "ProfileRelationship",
    "SanctionsEntry",
    "SanctionsEntryLink",
)


def _read_tables(path: Path, report: ParseReport) -> _Tables:
    tables = _Tables()
    root_checked = False
    for elem in iter_xml(path, ("DateOfIssue", *_SECTIONS)):
        if not root_checked:
            root = elem.getroottree().getroot()
            if localname(root) != ROOT:
                raise ListError(
                    str(path),
                    f"root element is <{localname(root)}>, not <{ROOT}>",
                    line=source_line(root),
                )
            root_checked = True
        name = localname(elem)
        if name == "DateOfIssue":
            point = _point(elem)
            tables.published = _iso(point, "day") if point else None
            if point is None:
                report.warn(path, "unreadable DateOfIssue", line=source_line(elem))
        elif name == "ReferenceValueSets":
            tables.refs.load(elem)
        elif name == "Location":
            ident = elem.get("ID")
            if ident is not None:
                tables.locations[ident] = _location(tables.refs, elem)
        elif name == "IDRegDocument":
            identity = elem.get("IdentityID")
            if identity is None:
                report.warn(
                    path,
                    f"IDRegDocument {elem.get('ID')} without IdentityID",
                    line=source_line(elem),
                )
            else:
                document = _document(tables.refs, elem)
                if not document.label:
                    report.warn(
                        path,
                        f"IDRegDocument {elem.get('ID')} of unknown IDRegDocTypeID "
                        f"{elem.get('IDRegDocTypeID')}",
                        line=source_line(elem),
                    )
                    document.label = "Document"
                tables.documents[identity].append(document)
        elif name == "DistinctParty":
            fixed = elem.get("FixedRef")
            for profile in children(elem, "Profile"):
                if fixed is not None and profile.get("ID") is not None:
                    tables.profile_party[profile.get("ID") or ""] = fixed
        elif name == "ProfileRelationship":
            source, target = elem.get("From-ProfileID"), elem.get("To-ProfileID")
            kind = tables.refs.get("RelationType", elem.get("RelationTypeID")) or ""
            if source and target:
                tables.relations[source].append((target, kind, elem.get("Former") == "true"))
        elif name == "SanctionsEntry":
            profile_id = elem.get("ProfileID")
            if profile_id is not None:
                tables.listings[profile_id].append(_listing(tables.refs, elem))
    if not root_checked:
        raise ListError(str(path), f"no <{ROOT}> content found")
    return tables


def _relation_kind(wording: str) -> RelationKind:
    low = wording.lower()
    if "owned or controlled by" in low:
        return "owned_by"
    if "owner" in low or "owns" in low:
        return "owner"
    if "family" in low or "relative" in low:
        return "family"
    if "associate" in low:
        return "associate"
    if "linked" in low:
        return "linked_to"
    return "other"


class _Party:
    """One DistinctParty being turned into an entity."""

    def __init__(
        self, path: Path, report: ParseReport, tables: _Tables, elem: etree._Element
    ) -> None:
        self.path, self.report, self.tables, self.refs = path, report, tables, tables.refs
        self.line: int | None = source_line(elem)
        fixed = elem.get("FixedRef")
        if not fixed:
            raise ListError(
                str(path), "DistinctParty without FixedRef", line=self.line, element="DistinctParty"
            )
        self.fixed = fixed
        self.elem = elem

    def warn(self, message: str, line: int | None = None) -> None:
        self.report.warn(self.path, message, line=line or self.line, record=self.fixed)

    def schema(self, profile: etree._Element) -> Schema:
        sub_id = profile.get("PartySubTypeID")
        subtype = (self.refs.get("PartySubType", sub_id) or "").lower()
        party_type = (
            self.refs.get("PartyType", self.refs.attr("PartySubType", sub_id, "PartyTypeID")) or ""
        ).lower()
        if subtype == "vessel":
            return "Vessel"
        if subtype == "aircraft":
            return "Aircraft"
        if party_type == "individual":
            return "Person"
        if party_type == "entity":
            return "Organization"
        self.warn(
            f"unknown party type {party_type!r}/{subtype!r} (PartySubTypeID {sub_id}); kept as LegalEntity"
        )
        return "LegalEntity"


def _documented_name(
    party: _Party, docname: etree._Element, groups: dict[str, str], kind: NameKind
) -> Name | None:
    typed: dict[str, list[str]] = defaultdict(list)
    ordered: list[str] = []
    scripts: list[str] = []
    for part in children(docname, "DocumentedNamePart"):
        for value in children(part, "NamePartValue"):
            text = _clean(value.text)
            if text is None:
                continue
            group = value.get("NamePartGroupID")
            part_type = groups.get(group or "")
            if part_type is None:
                party.warn(
                    f"name part {text!r} refers to unknown NamePartGroup {group}",
                    source_line(value),
                )
                part_type = ""
            typed[part_type].append(text)
            ordered.append(text)
            script = party.refs.attr("Script", value.get("ScriptID"), "ScriptCode")
            if script:
                scripts.append(script)
    if not ordered:
        return None
    given = " ".join(typed.get(_GIVEN, [])) or None
    middle = " ".join(typed.get(_MIDDLE, [])) or None
    patronymic = " ".join(typed.get(_PATRONYMIC, [])) or None
    family = " ".join(typed.get(_FAMILY, [])) or None
    if given or family or middle or patronymic:
        # Written as OFAC writes it in sdn.csv and sdn.xml: "FAMILY, Given Middle".
        known = {_GIVEN, _MIDDLE, _PATRONYMIC, _FAMILY}
        rest = [t for key, values in typed.items() if key not in known for t in values]
        forenames = " ".join(p for p in (given, middle, patronymic, *rest) if p)
        full = ", ".join(p for p in (family, forenames) if p)
    else:
        full = " ".join(ordered)
    script = scripts[0] if scripts else detect_script(full)
    return Name(
        full=full,
        kind=kind,
        given=given,
        middle=middle,
        family=family,
        patronymic=patronymic,
        script=script,
    )


def _identity(party: _Party, entity: Entity, identity: etree._Element) -> None:
    groups: dict[str, str] = {}
    for group in identity.iter("{*}NamePartGroup"):
        groups[group.get("ID") or ""] = label_key(
            party.refs.get("NamePartType", group.get("NamePartTypeID")) or ""
        )
    identity_primary = identity.get("Primary") != "false"
    for alias in children(identity, "Alias"):
        alias_type = label_key(party.refs.get("AliasType", alias.get("AliasTypeID")) or "")
        is_primary = alias.get("Primary") == "true" and identity_primary
        kind = _ALIAS_KINDS.get(alias_type)
        if kind is None:
            party.warn(f"alias of unknown type {alias_type!r}; kept as a.k.a.", source_line(alias))
            kind = "aka"
        if alias.get("LowQuality") == "true":
            kind = "weak"
        names = [
            n
            for n in (
                _documented_name(party, d, groups, kind) for d in children(alias, "DocumentedName")
            )
            if n is not None
        ]
        if is_primary and names:
            # The primary alias may be written in several scripts; the Latin
            # spelling is the one the list designates under.
            main = next((n for n in names if n.script in (None, "Latn")), names[0])
            main.kind = "primary"
        for name in names:
            entity.names.append(name)
            party.report.count("names")
            if name.kind != "primary":
                party.report.count("aliases")
                party.report.count(f"aliases_{name.kind}")
    for doc in party.tables.documents.get(identity.get("ID") or "", []):
        if doc.number is None:
            party.warn(f"document {doc.label!r} without IDRegistrationNo", doc.line)
            continue
        problem = apply_fact(
            entity,
            doc.label,
            doc.number,
            country=doc.country,
            issued=doc.issued,
            expires=doc.expires,
            remarks=doc.remarks,
        )
        if problem:
            party.warn(problem, doc.line)


def _feature(party: _Party, entity: Entity, feature: etree._Element) -> None:
    label = party.refs.get("FeatureType", feature.get("FeatureTypeID"))
    if label is None:
        party.warn(
            f"feature of unknown FeatureTypeID {feature.get('FeatureTypeID')}", source_line(feature)
        )
        return
    key = label_key(label)
    for version in children(feature, "FeatureVersion"):
        dates = [
            d for d in (date_period(p) for p in children(version, "DatePeriod")) if d is not None
        ]
        details: list[str] = []
        for detail in children(version, "VersionDetail"):
            text = _clean(detail.text) or party.refs.get(
                "DetailReference", detail.get("DetailReferenceID")
            )
            if text:
                details.append(text)
            elif detail.get("DetailReferenceID"):
                party.warn(
                    f"{label}: unknown DetailReferenceID {detail.get('DetailReferenceID')}",
                    source_line(detail),
                )
        locations: list[_Location] = []
        for ref in children(version, "VersionLocation"):
            location = party.tables.locations.get(ref.get("LocationID") or "")
            if location is None:
                party.warn(f"{label}: unknown LocationID {ref.get('LocationID')}", source_line(ref))
            else:
                locations.append(location)
        comment = _clean(child_text(version, "Comment"))
        _file_feature(party, entity, label, key, dates, details, locations, source_line(version))
        if comment:
            entity.remarks.append(f"{label}: {comment}")


def _file_feature(
    party: _Party,
    entity: Entity,
    label: str,
    key: str,
    dates: list[PartialDate],
    details: list[str],
    locations: list[_Location],
    line: int | None,
) -> None:
    if key == "birthdate":
        for date in dates:
            if date not in entity.birth_dates:
                entity.birth_dates.append(date)
                party.report.count("birth_dates")
        return
    if key == "place of birth":
        places = [
            Place(text=loc.text, country=loc.address.country) for loc in locations if loc.text
        ]
        places += [Place(text=d, country=country_or_none(d.rsplit(",", 1)[-1])) for d in details]
        for place in places:
            if place not in entity.birth_places:
                entity.birth_places.append(place)
        return
    if key in ("nationality country", "citizenship country"):
        target = entity.nationalities if key.startswith("nationality") else entity.citizenships
        names = [loc.address.country_name or loc.text for loc in locations] + details
        codes = [loc.address.country for loc in locations] + [country_or_none(d) for d in details]
        for name, code in zip(names, codes, strict=True):
            if code is None:
                party.warn(f"{label} {name!r} has no ISO 3166 code; kept in remarks", line)
                entity.remarks.append(f"{label}: {name}")
            elif code not in target:
                target.append(code)
        return
    if key == "location":
        for loc in locations:
            if loc.text and loc.address not in entity.addresses:
                entity.addresses.append(loc.address)
                party.report.count("addresses")
        return
    values = [d.value if d.end is None else f"{d.value}/{d.end}" for d in dates] + details
    values += [loc.text for loc in locations if loc.text]
    for value in values:
        problem = apply_fact(entity, label, value)
        if problem:
            party.warn(problem, line)


def _designations(party: _Party, entity: Entity, profile_id: str) -> None:
    listings = party.tables.listings.get(profile_id, [])
    if not listings:
        party.warn(f"profile {profile_id} has no SanctionsEntry")
    for listing in listings:
        if listing.list_name:
            entity.add_property("ofac_list", listing.list_name)
        remarks = "; ".join(listing.measures) or None
        if not listing.programmes:
            party.warn(f"SanctionsEntry of profile {profile_id} names no programme")
        for programme in listing.programmes:
            # A legal basis names its programme; one that names none applies to all;
            # without either, the Executive Order the programme tag names.
            basis = (
                listing.legal_bases.get(programme)
                or listing.legal_bases.get(None)
                or legal_basis(programme)
            )
            entity.designations.append(
                Designation(
                    authority="OFAC",
                    programme=programme,
                    legal_basis=basis,
                    listed_on=listing.listed_on,
                    remarks=remarks,
                )
            )


def _relations(party: _Party, entity: Entity, profile_id: str) -> None:
    for target, wording, former in party.tables.relations.get(profile_id, []):
        target_id = party.tables.profile_party.get(target)
        if target_id is None:
            party.warn(f"relation {wording!r} to unknown profile {target}")
            target_id = target
        role = f"{wording} (former)" if former else wording
        entity.relations.append(
            Relation(kind=_relation_kind(wording), target_id=target_id, role=role)
        )
        party.report.count("relations")


def _entity(path: Path, report: ParseReport, tables: _Tables, elem: etree._Element) -> Entity:
    party = _Party(path, report, tables, elem)
    profiles = children(elem, "Profile")
    if not profiles:
        raise ListError(
            str(path),
            f"DistinctParty {party.fixed} without a Profile",
            line=party.line,
            element="DistinctParty",
        )
    if len(profiles) > 1:
        party.warn(f"DistinctParty has {len(profiles)} profiles; merged into one entity")
    entity = Entity(
        source=report.source,
        source_id=party.fixed,
        schema=party.schema(profiles[0]),
        provenance=Provenance(report.source, str(path), party.fixed, party.line),
    )
    for comment in children(elem, "Comment"):
        if _clean(comment.text):
            entity.remarks.append(_clean(comment.text) or "")
    for profile in profiles:
        for comment in children(profile, "Comment"):
            if _clean(comment.text):
                entity.remarks.append(_clean(comment.text) or "")
        for identity in children(profile, "Identity"):
            _identity(party, entity, identity)
        for feature in children(profile, "Feature"):
            _feature(party, entity, feature)
        _designations(party, entity, profile.get("ID") or "")
        _relations(party, entity, profile.get("ID") or "")
    add_countries(entity)
    if not any(n.kind == "primary" for n in entity.names):
        if not entity.names:
            raise ListError(
                str(path),
                f"DistinctParty {party.fixed} without a name",
                line=party.line,
                element="DistinctParty",
            )
        party.warn("no primary alias; the first name is used as primary")
        entity.names[0].kind = "primary"
    report.count("identifiers", len(entity.identifiers))
    report.count("entities")
    report.count(f"schema_{entity.schema}")
    return entity


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    """Stream the parties of one advanced XML file (two streaming passes, see module doc)."""
    path = Path(files[0])
    tables = _read_tables(path, report)
    report.published = tables.published
    # The other sections are named too, so that they are freed as they stream past.
    for elem in iter_xml(path, _SECTIONS):
        if localname(elem) == "DistinctParty":
            yield _entity(path, report, tables, elem)


def sniff(path: Path, head: bytes) -> bool:
    return xml_root_name(head) == ROOT and any(ns in head for ns in NAMESPACES)


FORMATS = [
    ListFormat(
        name="ofac_advanced",
        source=SOURCE,
        description="OFAC SDN / Consolidated list, advanced XML (Sanctions)",
        sniff=sniff,
        parse=parse,
    )
]

"""The FCDO UK Sanctions List: one designation, whichever file it came from.

The FCDO publishes the same list as XML (one `<Designation>` per party) and
as CSV (one row per name, keyed by `Unique ID`). Both readers fill a
`FcdoRecord` with the values exactly as published; `fcdo_entity` alone
decides what they mean, so the two files give the same entity by
construction.

- `source_id` is the `UniqueID` (e.g. AFG0011), the FCDO's own key. The OFSI
  Group ID (being retired since 2026) and the UN reference are kept as
  identifiers (`ofsi_group_id`, `un_reference`) for linking across lists.
- `NameType` is compared case-insensitively ("Primary Name", "Primary name");
  a "Primary Name Variation" is an alias; "Low quality a.k.a" is weak.
- A birth date whose unknown parts are spelt "dd"/"mm" keeps what is known
  ("dd/mm/1968" is 1968); repeated dates are kept once.
- `SanctionsImposed` ("Asset freeze|Travel Ban") becomes the `measures`
  property and the designation's remarks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from proscribe.model import Designation, Entity, Identifier, Name, Provenance, Relation
from proscribe.model.entity import RelationKind
from proscribe.sources.base import ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.eu_fsf import add_name, clean, language_code, script_of
from proscribe.sources.uk_ofsi import (
    add_date,
    add_unique,
    imo_number,
    uk_address,
    uk_countries,
    uk_country,
    uk_date,
    uk_day,
    uk_gender,
    uk_name,
    uk_name_kind,
    uk_place,
)

SOURCE = "uk_fcdo"

_SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}


@dataclass(slots=True)
class FcdoName:
    parts: tuple[str | None, ...]  # Name1 .. Name6
    name_type: str | None = None
    strength: str | None = None


@dataclass(slots=True)
class FcdoAddress:
    lines: tuple[str | None, ...]  # AddressLine1 .. AddressLine6
    postal_code: str | None = None
    country: str | None = None


@dataclass(slots=True)
class FcdoRecord:
    """One designation's published values, before any interpretation."""

    line: int
    unique_id: str | None = None
    ofsi_group_id: str | None = None
    un_reference: str | None = None
    last_updated: str | None = None
    date_designated: str | None = None
    regime: str | None = None
    designation_type: str | None = None
    designation_source: str | None = None
    other_information: str | None = None
    statement_of_reasons: str | None = None
    sanctions_imposed: list[str] = field(default_factory=list)
    names: list[FcdoName] = field(default_factory=list)
    non_latin: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    addresses: list[FcdoAddress] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    dobs: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    passports: list[tuple[str | None, str | None]] = field(default_factory=list)
    national_ids: list[tuple[str | None, str | None]] = field(default_factory=list)
    birth_places: list[tuple[str | None, str | None]] = field(default_factory=list)
    entity_types: list[str] = field(default_factory=list)
    subsidiaries: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    registrations: list[str] = field(default_factory=list)
    imo_numbers: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    previous_owners: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_flags: list[str] = field(default_factory=list)
    ship_types: list[str] = field(default_factory=list)
    tonnages: list[str] = field(default_factory=list)
    lengths: list[str] = field(default_factory=list)
    years_built: list[str] = field(default_factory=list)
    hull_numbers: list[str] = field(default_factory=list)


def fcdo_entity(record: FcdoRecord, path: Path, report: ParseReport) -> Entity | None:
    """The entity of one designation; None (reported) when it has no UniqueID."""
    uid = clean(record.unique_id)
    if uid is None:
        report.warn(path, "designation without a UniqueID; skipped", line=record.line)
        return None
    kind_text = clean(record.designation_type)
    schema = _SCHEMAS.get((kind_text or "").casefold())
    if schema is None:
        report.warn(
            path,
            f"designation type {kind_text!r} is not Individual, Entity or Ship; "
            "kept as LegalEntity",
            line=record.line,
            record=uid,
        )
    entity = Entity(
        source=report.source,
        source_id=uid,
        schema=schema or "LegalEntity",  # type: ignore[arg-type]
        provenance=Provenance(report.source, str(path), uid, record.line),
    )
    _names(record, entity, path, report)
    _designation(record, entity)
    _person(record, entity, path, report)
    _contacts(record, entity)
    _organisation(record, entity)
    _ship(record, entity)
    report.count("entities")
    report.count("addresses", len(entity.addresses))
    report.count("birth_dates", len(entity.birth_dates))
    return entity


def _names(record: FcdoRecord, entity: Entity, path: Path, report: ParseReport) -> None:
    person = entity.schema == "Person"
    for published in record.names:
        kind = uk_name_kind(published.name_type, published.strength)
        if kind is None:
            report.warn(
                path,
                f"NameType {published.name_type!r} not known; kept as an alias",
                line=record.line,
                record=entity.source_id,
            )
            kind = "aka"
        name = uk_name(published.parts, kind, person)
        if name is not None and add_name(entity, name):
            report.count("names")
    for text, _script_label, language in record.non_latin:
        full = clean(text)
        if full and add_name(
            entity,
            Name(full=full, kind="aka", script=script_of(full), lang=language_code(language)),
        ):
            report.count("names")
    if not entity.names:
        report.warn(path, "designation without a name", line=record.line, record=entity.source_id)
    elif not any(n.kind == "primary" for n in entity.names):
        report.warn(path, "no Primary Name", line=record.line, record=entity.source_id)
    for title in record.titles:
        add_unique(entity.titles, clean(title))


def _designation(record: FcdoRecord, entity: Entity) -> None:
    measures: list[str] = []
    for item in record.sanctions_imposed:
        for measure in item.split("|"):
            add_unique(measures, clean(measure))
    for measure in measures:
        entity.add_property("measures", measure)
    entity.designations.append(
        Designation(
            authority="UK",
            programme=clean(record.regime),
            listed_on=uk_day(record.date_designated),
            reference=entity.source_id,
            remarks="; ".join(measures) or None,
        )
    )
    entity.add_property("designation_source", clean(record.designation_source))
    entity.add_property("last_updated", uk_day(record.last_updated))
    group_id = clean(record.ofsi_group_id)
    if group_id:
        entity.identifiers.append(Identifier("ofsi_group_id", group_id, label="OFSI Group ID"))
    un_ref = clean(record.un_reference)
    if un_ref:
        entity.identifiers.append(Identifier("un_reference", un_ref, label="UN Reference Number"))
    for text in (record.other_information, record.statement_of_reasons):
        add_unique(entity.remarks, clean(text))


def _person(record: FcdoRecord, entity: Entity, path: Path, report: ParseReport) -> None:
    for dob in record.dobs:
        date = uk_date(dob)
        if date is not None:
            add_date(entity, date)
        elif clean(dob):
            report.warn(
                path,
                f"DOB {dob!r} not readable; kept as text",
                line=record.line,
                record=entity.source_id,
            )
            entity.add_property("birth_date_text", clean(dob))
    for town, country in record.birth_places:
        add_unique(entity.birth_places, uk_place(town, country))
    for nationality in record.nationalities:
        codes = uk_countries(nationality)
        if not codes and clean(nationality):
            report.warn(
                path,
                f"nationality {nationality!r} is not a known country",
                line=record.line,
                record=entity.source_id,
            )
        for code in codes:
            add_unique(entity.nationalities, code)
    for position in record.positions:
        add_unique(entity.positions, clean(position))
    for gender in record.genders:
        value = uk_gender(gender)
        if value and entity.gender is None:
            entity.gender = value  # type: ignore[assignment]
    for label, kind, documents in (
        ("Passport", "passport", record.passports),
        ("National Identifier", "national_id", record.national_ids),
    ):
        for number, info in documents:
            value = clean(number)
            if value:
                # Details that are only a country name ("Portugal") say which state issued it.
                add_unique(
                    entity.identifiers,
                    Identifier(
                        kind, value, label=label, country=country_code(info), remarks=clean(info)
                    ),
                )


def _contacts(record: FcdoRecord, entity: Entity) -> None:
    for address in record.addresses:
        built = uk_address(address.lines, address.postal_code, address.country)
        if built is not None and built not in entity.addresses:
            entity.addresses.append(built)
            add_unique(entity.countries, built.country)
    for kind, label, values in (
        ("phone", "Phone number", record.phones),
        ("website", "Website", record.websites),
        ("email", "Email address", record.emails),
    ):
        for value in values:
            if text := clean(value):
                add_unique(entity.identifiers, Identifier(kind, text, label=label))


def _organisation(record: FcdoRecord, entity: Entity) -> None:
    for value in record.entity_types:
        entity.add_property("legal_form", clean(value))
    for value in record.registrations:
        if number := clean(value):
            add_unique(
                entity.identifiers,
                Identifier("registration", number, label="Business registration number"),
            )
    for value in record.parents:
        if name := clean(value):
            add_unique(
                entity.relations, Relation("owned_by", target_name=name, role="parent company")
            )
    for value in record.subsidiaries:
        if name := clean(value):
            add_unique(entity.relations, Relation("owner", target_name=name, role="subsidiary"))


def _ship(record: FcdoRecord, entity: Entity) -> None:
    for value in record.imo_numbers:
        number = imo_number(value)
        if number:
            add_unique(entity.identifiers, Identifier("imo", number, label="IMO number"))
    for value in record.hull_numbers:
        if number := clean(value):
            add_unique(
                entity.identifiers,
                Identifier("other", number, label="Hull identification number (HIN)"),
            )
    owners: tuple[tuple[RelationKind, str, list[str]], ...] = (
        ("owned_by", "current owner/operator", record.owners),
        ("other", "previous owner/operator", record.previous_owners),
    )
    for kind, role, names in owners:
        for value in names:
            if name := clean(value):
                add_unique(entity.relations, Relation(kind, target_name=name, role=role))
    for prop, values in (
        ("vessel_flag", record.flags),
        ("vessel_past_flag", record.previous_flags),
    ):
        for value in values:
            text = clean(value)
            entity.add_property(prop, uk_country(text) or text)
    for prop, values in (
        ("vessel_type", record.ship_types),
        ("tonnage", record.tonnages),
        ("vessel_length", record.lengths),
        ("build_year", record.years_built),
    ):
        for value in values:
            entity.add_property(prop, clean(value))

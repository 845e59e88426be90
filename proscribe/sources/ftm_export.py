"""Entities as FollowTheMoney JSON: the reverse of `ftm_json`.

Used by `proscribe lists export --format ftm` and by the benchmark that
feeds nomenklatura the very lists proscribe screens against, so both see the
same names, dates and identifiers. One entity becomes its thing (Person,
Organization, Vessel, Airplane, LegalEntity) plus the FtM entities that
carry what a thing property cannot: a Sanction per designation, a Family,
Associate, Ownership or UnknownLink per relation to a known target, and an
Identification or Passport per identifier whose issuing country is known
(or that no thing property can hold), a CryptoWallet per wallet address.

Ids are `source-source_id` with characters FtM ids avoid replaced, so the
same entity always gets the same id and relations can name their targets
without a lookup. The ids of the link entities are hashes of their content,
so the two ends of an ownership export the same Ownership once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema as FtmSchema

from proscribe.model import Designation, Entity, Identifier, Relation
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_partial_date
from proscribe.sources.ftm_json import IDENTIFIER_PROPS

FTM_SCHEMAS = {
    "Person": "Person",
    "Organization": "Organization",
    "LegalEntity": "LegalEntity",
    "Vessel": "Vessel",
    "Aircraft": "Airplane",
}

_NAME_PROPS = {
    "primary": "name",
    "aka": "alias",
    "nka": "alias",
    "weak": "weakAlias",
    "fka": "previousName",
}

# Our identifier type -> the FtM thing property, when the identifier's own
# label is not already an FtM property name.
_TYPE_PROPS = {
    "passport": "passportNumber",
    "national_id": "idNumber",
    "tax_id": "taxNumber",
    "registration": "registrationNumber",
    "imo": "imoNumber",
    "mmsi": "mmsi",
    "swift": "swiftBic",
    "lei": "leiCode",
    "email": "email",
    "website": "website",
    "phone": "phone",
}

# Our entity property keys -> FtM property (the reverse of ftm_json's mapping).
_PROPERTY_PROPS = {
    "vessel_flag": "flag",
    "vessel_past_flag": "pastFlags",
    "vessel_type": "type",
    "aircraft_type": "type",
    "call_sign": "callSign",
    "tonnage": "tonnage",
    "gross_registered_tonnage": "grossRegisteredTonnage",
    "build_date": "buildDate",
    "aircraft_model": "model",
    "aircraft_serial_number": "serialNumber",
    "aircraft_manufacturer": "manufacturer",
    "established_date": "incorporationDate",
    "dissolved_date": "dissolutionDate",
    "legal_form": "legalForm",
}

# Identifiers a thing property cannot hold: issued by a known country, of no
# FtM property's kind, or a wallet. Contact details stay thing properties.
_DOCUMENT_TYPES = frozenset({"other", "crypto_wallet"})
_CONTACT_TYPES = frozenset({"email", "website", "phone"})

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def _schema(name: str) -> FtmSchema:
    schema = model.get(name)
    if schema is None:
        raise KeyError(f"followthemoney has no schema {name!r}")
    return schema


def ftm_id(source: str, source_id: str) -> str:
    """The FtM id of an entity: stable, and built from what a relation knows of its target."""
    return _UNSAFE_ID.sub("-", f"{source}-{source_id}").strip("-")


def _link_id(kind: str, *parts: str | None) -> str:
    digest = hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()
    return f"{kind}-{digest[:24]}"


class _Props:
    """The properties of one FtM entity, refusing what its schema does not define and cleaning typed values."""

    def __init__(self, schema: FtmSchema) -> None:
        self.schema = schema
        self.values: dict[str, list[str]] = {}

    def add(self, name: str, value: str | None) -> bool:
        """Add the value if the schema has the property and FtM accepts the value; say whether it did."""
        prop = self.schema.get(name)
        if prop is None or value is None:
            return False
        text = " ".join(str(value).split())
        if not text:
            return False
        kind = prop.type.name
        if kind == "country":
            code = (
                text.lower()
                if re.fullmatch(r"[A-Za-z]{2}", text)
                else (country_code(text) or "").lower()
            )
            if not code:
                return False
            text = code
        elif kind == "date":
            parsed = parse_partial_date(text)
            if parsed is None:
                return False
            text = parsed.value
        # FtM's own cleaning (checksums of IMO, LEI, INN; phone formats): what
        # FtM would refuse is not written, what it would rewrite is written rewritten.
        cleaned = prop.type.clean(text, format=prop.format)
        if not cleaned or not prop.type.validate(cleaned, format=prop.format):
            return False
        values = self.values.setdefault(name, [])
        if cleaned not in values:
            values.append(cleaned)
        return True


def _entity_dict(entity_id: str, schema: str, props: _Props) -> dict[str, Any]:
    return {"id": entity_id, "schema": schema, "properties": props.values}


def _thing(
    entity: Entity, thing_id: str, schema: FtmSchema
) -> tuple[dict[str, Any], list[Identifier]]:
    """The thing itself, and the identifiers it leaves to Identification entities."""
    props = _Props(schema)
    for name in entity.names:
        props.add(_NAME_PROPS[name.kind], name.full)
        props.add("firstName", name.given)
        props.add("middleName", name.middle)
        props.add("lastName", name.family)
        props.add("fatherName", name.patronymic)
        props.add("title", name.title)
    for date in entity.birth_dates:
        props.add("birthDate", date.value)
        props.add("birthDate", date.end)
    for date in entity.death_dates:
        props.add("deathDate", date.value)
    for place in entity.birth_places:
        props.add("birthPlace", place.text)
    for code in entity.nationalities:
        props.add("nationality", code)
    for code in entity.citizenships:
        props.add("citizenship", code)
    for code in entity.countries:
        props.add("country", code)
    props.add("gender", entity.gender)
    for title in entity.titles:
        props.add("title", title)
    for position in entity.positions:
        props.add("position", position)
    for remark in entity.remarks:
        props.add("notes", remark)
    for address in entity.addresses:
        parts = [
            address.street,
            address.postal_code,
            address.city,
            address.region,
            address.country_name,
        ]
        props.add("address", address.full or ", ".join(p for p in parts if p))
    documents = []
    for ident in entity.identifiers:
        if ident.type in _DOCUMENT_TYPES or (
            ident.country is not None and ident.type not in _CONTACT_TYPES
        ):
            documents.append(ident)
            continue
        label_prop = ident.label if ident.label in IDENTIFIER_PROPS else None
        candidates = [p for p in (label_prop, _TYPE_PROPS.get(ident.type)) if p and schema.get(p)]
        if not any(props.add(p, ident.number) for p in candidates):
            # No property of this schema takes it, or FtM refuses the value
            # (too long, a failed checksum): kept as a note.
            props.add("notes", f"{ident.label or ident.type}: {ident.number}")
    for key, values in entity.properties.items():
        prop = _PROPERTY_PROPS.get(key)
        if prop is not None:
            for value in values:
                props.add(prop, value)
    if entity.designations:
        props.add("topics", "sanction")
        for designation in entity.designations:
            props.add("program", designation.programme)
    return _entity_dict(thing_id, schema.name, props), documents


def _sanction(thing_id: str, designation: Designation) -> dict[str, Any]:
    props = _Props(_schema("Sanction"))
    props.add("entity", thing_id)
    props.add("authority", designation.authority)
    props.add("program", designation.programme)
    props.add("programId", designation.programme)
    props.add("listingDate", designation.listed_on)
    props.add("startDate", designation.listed_on)
    props.add("provisions", designation.legal_basis)
    props.add("authorityId", designation.reference)
    props.add("reason", designation.remarks)
    link = _link_id(
        "sanction",
        thing_id,
        designation.authority,
        designation.programme,
        designation.listed_on,
        designation.reference,
    )
    return _entity_dict(link, "Sanction", props)


def _document(thing_id: str, ident: Identifier) -> dict[str, Any]:
    if ident.type == "crypto_wallet":
        props = _Props(_schema("CryptoWallet"))
        props.add("holder", thing_id)
        props.add("publicKey", ident.number)
        props.add("currencySymbol", ident.label)
        return _entity_dict(_link_id("wallet", thing_id, ident.number), "CryptoWallet", props)
    schema = "Passport" if ident.type == "passport" else "Identification"
    props = _Props(_schema(schema))
    props.add("holder", thing_id)
    props.add("number", ident.number)
    props.add("country", ident.country)
    # Our normalised type, so that a re-import types it the same; the list's wording beside it.
    props.add("type", ident.type)
    props.add("summary", ident.label)
    props.add("startDate", ident.issued)
    props.add("endDate", ident.expires)
    props.add("authority", ident.remarks)
    return _entity_dict(
        _link_id(schema.lower(), thing_id, ident.type, ident.number, ident.country), schema, props
    )


def _relation(entity: Entity, thing_id: str, relation: Relation) -> dict[str, Any] | None:
    if relation.target_id is None:
        return None
    target = ftm_id(entity.source, relation.target_id)
    share = None if relation.share is None else f"{relation.share:g}"
    if relation.kind in ("owner", "owned_by"):
        owner, asset = (target, thing_id) if relation.kind == "owner" else (thing_id, target)
        props = _Props(_schema("Ownership"))
        props.add("owner", owner)
        props.add("asset", asset)
        props.add("percentage", share)
        props.add("role", relation.role)
        return _entity_dict(
            _link_id("ownership", owner, asset, share, relation.role), "Ownership", props
        )
    if relation.kind in ("family", "associate") and entity.schema == "Person":
        schema, other = (
            ("Family", "relative") if relation.kind == "family" else ("Associate", "associate")
        )
        props = _Props(_schema(schema))
        props.add("person", thing_id)
        props.add(other, target)
        props.add("relationship", relation.role)
        return _entity_dict(
            _link_id(schema.lower(), thing_id, target, relation.role), schema, props
        )
    props = _Props(_schema("UnknownLink"))
    props.add("subject", thing_id)
    props.add("object", target)
    props.add("role", relation.role or relation.kind)
    return _entity_dict(
        _link_id("link", thing_id, target, relation.role or relation.kind), "UnknownLink", props
    )


def entity_to_ftm(entity: Entity) -> list[dict[str, Any]]:
    """The FtM entities (as JSON-able dicts) for one entity: its thing first, then its links."""
    schema = _schema(FTM_SCHEMAS[entity.schema])
    thing_id = ftm_id(entity.source, entity.source_id)
    thing, documents = _thing(entity, thing_id, schema)
    out = [thing]
    out.extend(_sanction(thing_id, d) for d in entity.designations)
    out.extend(_document(thing_id, ident) for ident in documents)
    for relation in entity.relations:
        edge = _relation(entity, thing_id, relation)
        if edge is not None:
            out.append(edge)
    return out


def entities_to_ftm(entities: Iterable[Entity]) -> Iterator[dict[str, Any]]:
    """Every FtM entity of a list, each link once even when both its ends are in the list."""
    seen_links: set[str] = set()
    for entity in entities:
        thing, *links = entity_to_ftm(entity)
        yield thing
        for link in links:
            if link["id"] not in seen_links:
                seen_links.add(link["id"])
                yield link

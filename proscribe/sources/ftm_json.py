"""FollowTheMoney entities as JSON lines (OpenSanctions `entities.ftm.json`), flat or nested.

In FtM a listed person is a *thing* (Person, Company, Vessel, ...) and most
of what a sanctions list says about it lives in *other* entities that point
at it: a Sanction (entity -> the listed party), a Family or Ownership edge,
an Address or Passport entity. They may come in any order in the file, so
the parse makes two passes over it:

1. index the non-thing entities (sanctions, links, addresses, identity
   documents, positions), converted at once into the model pieces they
   become and keyed by the id of the thing they attach to; thing lines are
   skipped unparsed when a cheap look at the line shows a single thing schema;
2. stream the things, attaching what the index holds for each.

Memory is therefore proportional to the link entities, never to the things:
a file of a million people and ten thousand sanctions holds ten thousand
designations in memory. A thing that a link points to but that is not in
the file is reported at the end (only ids the links name are tracked).

OpenSanctions' nested format (`targets.nested.json`: adjacent entities as
objects inside the target's properties) is read line by line: the nested
objects of a line are flattened and attached to that line's target; nested
things (a relative, an owner) give their name to the relation but are not
imported as entities of their own, as they are not lines of the list.

Links become relations on the entity at their source end (the `person` of
a Family or Associate, the `director` of a Directorship), with the target's
FtM id. An Ownership gives both ends a relation: the asset gets kind
`owner` (target: its owner), the owner kind `owned_by` (target: the asset),
both with the percentage as `share`. Identification, Passport and
CryptoWallet entities become identifiers of their holder, Sanctions become
designations, Occupancy + Position become positions.

Unknown schemas, schemas proscribe does not import (Note, Payment, Debt,
...) and properties the schema does not define are reported with counts;
links to missing entities are reported one by one.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from followthemoney import model
from rigour.text.scripts import codepoint_script

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
    Relation,
    Schema,
)
from proscribe.model.entity import Gender, RelationKind
from proscribe.sources.base import ListFormat, ParseReport
from proscribe.sources.countries import country_code
from proscribe.sources.dates import parse_partial_date
from proscribe.sources.errors import ListError
from proscribe.sources.io import iter_text_lines
from proscribe.text.scripts import dominant_script

SOURCE = "ftm"

# FtM schemas that are listed parties, and the model schema each becomes.
THING_SCHEMAS: dict[str, Schema] = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Organization",
    "PublicBody": "Organization",
    "LegalEntity": "LegalEntity",
    "Vessel": "Vessel",
    "Airplane": "Aircraft",
}

# Edges that become relations: (source property, target property, kind, default role).
# The relation is put on the source end ("person", "director", ...).
_EDGES: dict[str, tuple[str, str, RelationKind, str | None]] = {
    "Family": ("person", "relative", "family", None),
    "Associate": ("person", "associate", "associate", None),
    "Directorship": ("director", "organization", "associate", "director"),
    "Employment": ("employee", "employer", "associate", "employee"),
    "Membership": ("member", "organization", "associate", "member"),
    "Representation": ("agent", "client", "associate", "agent"),
    "UnknownLink": ("subject", "object", "other", None),
}

# The properties a link must name for it to link anything.
_ANCHORS: dict[str, tuple[str, ...]] = {
    **{schema: (source, target) for schema, (source, target, _k, _r) in _EDGES.items()},
    "Sanction": ("entity",),
    "Ownership": ("owner", "asset"),
    "Identification": ("holder",),
    "Passport": ("holder",),
    "CryptoWallet": ("holder",),
    "Occupancy": ("holder",),
}

LINK_SCHEMAS = frozenset(
    {
        *_EDGES,
        "Sanction",
        "Ownership",
        "Address",
        "Identification",
        "Passport",
        "CryptoWallet",
        "Occupancy",
        "Position",
    }
)

_NAME_PROPS: tuple[tuple[str, NameKind], ...] = (
    ("name", "primary"),
    ("alias", "aka"),
    ("weakAlias", "weak"),
    ("previousName", "fka"),
)

# FtM identifier properties: our normalised type. The FtM property name is
# kept as the identifier's label, so an export can write it back exactly.
IDENTIFIER_PROPS: dict[str, str] = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "taxNumber": "tax_id",
    "innCode": "tax_id",
    "vatCode": "tax_id",
    "registrationNumber": "registration",
    "ogrnCode": "registration",
    "okpoCode": "registration",
    "dunsCode": "registration",
    "uniqueEntityId": "registration",
    "bikCode": "registration",
    "npiCode": "registration",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "swiftBic": "swift",
    "leiCode": "lei",
    "email": "email",
    "website": "website",
    "phone": "phone",
}

# FtM properties kept as entity properties under our snake_case keys; a key
# depends on the schema where FtM reuses a name (`type` of a vessel or plane).
_PROPERTY_KEYS: dict[str, str] = {
    "flag": "vessel_flag",
    "pastFlags": "vessel_past_flag",
    "pastTypes": "vessel_past_type",
    "callSign": "call_sign",
    "tonnage": "tonnage",
    "grossRegisteredTonnage": "gross_registered_tonnage",
    "buildDate": "build_date",
    "model": "aircraft_model",
    "serialNumber": "aircraft_serial_number",
    "manufacturer": "aircraft_manufacturer",
    "incorporationDate": "established_date",
    "dissolutionDate": "dissolved_date",
    "birthCountry": "birth_country",
    "programId": "program_id",
}
_TYPE_KEYS = {"Vessel": "vessel_type", "Airplane": "aircraft_type"}

# Properties read into model fields (or deliberately not imported, e.g. the
# reverse stubs that only appear in nested exports and are flattened first).
_HANDLED = frozenset(
    {
        *(p for p, _ in _NAME_PROPS),
        *IDENTIFIER_PROPS,
        "firstName",
        "lastName",
        "middleName",
        "fatherName",
        "secondName",
        "birthDate",
        "deathDate",
        "birthPlace",
        "nationality",
        "citizenship",
        "country",
        "jurisdiction",
        "mainCountry",
        "gender",
        "address",
        "addressEntity",
        "position",
        "title",
        "notes",
        "summary",
        "description",
        "type",
        "owner",
        "operator",
        "parent",
        "indexText",
    }
)

_GENDERS: dict[str, Gender] = {"male": "male", "female": "female", "other": "other"}

# Thing properties that are references making a relation: (kind, role).
_REFERENCE_RELATIONS: dict[str, tuple[RelationKind, str | None]] = {
    "owner": ("owner", None),
    "parent": ("owner", "parent"),
    "operator": ("other", "operator"),
}

# Our normalised identifier types (see proscribe.model.Identifier).
ID_TYPES = frozenset(
    {
        "passport",
        "national_id",
        "tax_id",
        "registration",
        "imo",
        "mmsi",
        "swift",
        "lei",
        "email",
        "website",
        "phone",
        "crypto_wallet",
        "other",
    }
)

_IMO_PREFIX = re.compile(r"^IMO\s*", re.I)
_SCHEMA_KEY = re.compile(r'"schema"\s*:\s*"([A-Za-z]+)"')
_PERCENT = re.compile(r"-?\d+(?:[.,]\d+)?")


# --- scripts -----------------------------------------------------------------------


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _han_variant(text: str) -> str:
    """Hans or Hant when the characters tell, else Hani.

    A character GB2312 (simplified) can encode and Big5 (traditional) cannot
    is a simplified form, and vice versa; characters both encode say nothing.
    """
    simplified = traditional = False
    for char in text:
        if codepoint_script(ord(char)) != "Han":
            continue
        gb, big5 = _encodes(char, "gb2312"), _encodes(char, "big5")
        simplified |= gb and not big5
        traditional |= big5 and not gb
    if simplified != traditional:
        return "Hans" if simplified else "Hant"
    return "Hani"


@lru_cache(maxsize=65536)
def detect_script(text: str) -> str | None:
    """The name's script (proscribe.text.scripts), with Han told apart as simplified or traditional.

    FtM data mixes mainland and Taiwanese/Hong Kong names; the variant helps
    an analyst read them and costs nothing.
    """
    code = dominant_script(text)
    return _han_variant(text) if code == "Hani" else code


# --- reading lines -----------------------------------------------------------------


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    for lineno, raw in iter_text_lines(path, "utf-8"):
        text = raw.strip().lstrip("\ufeff")
        if text:
            yield lineno, text


def _load(path: Path, lineno: int, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ListError(
            str(path), f"not valid JSON ({exc.msg} at column {exc.colno})", line=lineno
        ) from exc
    _check_entity(path, lineno, data)
    return data


def _check_entity(path: Path, lineno: int, data: Any) -> None:
    if not isinstance(data, dict):
        raise ListError(str(path), "a line must be one JSON object (an FtM entity)", line=lineno)
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise ListError(str(path), "FtM entity without an id", line=lineno)
    if not isinstance(data.get("schema"), str):
        raise ListError(str(path), f"FtM entity {data['id']} without a schema", line=lineno)
    props = data.get("properties", {})
    if not isinstance(props, dict) or not all(isinstance(v, list) for v in props.values()):
        raise ListError(
            str(path),
            f"FtM entity {data['id']}: properties must map names to lists of values",
            line=lineno,
        )


def _strings(props: dict[str, Any], name: str) -> list[str]:
    """The text values of a property (nested objects are replaced by ids before this is used)."""
    values = props.get(name)
    if not values:
        return []
    out = []
    for value in values:
        if isinstance(value, str):
            text = (
                " ".join(value.split())
                if "  " in value or not value.isprintable()
                else value.strip()
            )
            if text:
                out.append(text)
        elif isinstance(value, dict) and isinstance(value.get("id"), str):
            out.append(value["id"])
    return out


def _first(props: dict[str, Any], name: str) -> str | None:
    values = _strings(props, name)
    return values[0] if values else None


# --- the index of link entities ----------------------------------------------------


def _percentage(text: str | None) -> float | None:
    if text is None:
        return None
    match = _PERCENT.search(text)
    return float(match.group().replace(",", ".")) if match else None


def _iso_day(text: str | None) -> str | None:
    parsed = parse_partial_date(text)
    return parsed.value if parsed else None


def identifier_type(label: str) -> str:
    """Our identifier type for a document type as an FtM Identification writes it."""
    text = label.lower()
    if text in ID_TYPES:
        return text
    for words, kind in (
        (("passport",), "passport"),
        (("tax", "inn", "vat", "fiscal"), "tax_id"),
        (("registration", "ogrn", "company", "business"), "registration"),
        (
            ("national", "identity", "identification", "id card", "personal", "cedula"),
            "national_id",
        ),
        (("imo",), "imo"),
        (("swift", "bic"), "swift"),
        (("lei",), "lei"),
    ):
        if any(w in text for w in words):
            return kind
    return "other"


@dataclass(slots=True)
class _Links:
    """Non-thing entities, already turned into model pieces, keyed by the thing they attach to."""

    designations: dict[str, list[Designation]] = field(default_factory=dict)
    relations: dict[str, list[Relation]] = field(default_factory=dict)
    identifiers: dict[str, list[Identifier]] = field(default_factory=dict)
    addresses: dict[str, Address] = field(default_factory=dict)
    occupancies: dict[str, list[str]] = field(default_factory=dict)
    positions: dict[str, str] = field(default_factory=dict)
    # id a link points at -> (link schema, link id, line): to report links to missing things.
    references: dict[str, list[tuple[str, str, int | None]]] = field(default_factory=dict)
    # A link exported from both of its ends (an Ownership) is read once.
    seen: set[str] = field(default_factory=set)
    # Links that name none of the entities they should link: (schema, id, line).
    orphans: list[tuple[str, str, int | None]] = field(default_factory=list)

    def _refer(self, target: str, schema: str, link_id: str, line: int | None) -> None:
        self.references.setdefault(target, []).append((schema, link_id, line))

    def _relate(self, on: str, relation: Relation) -> None:
        self.relations.setdefault(on, []).append(relation)

    def add(self, data: dict[str, Any], line: int | None) -> None:
        schema: str = data["schema"]
        props: dict[str, Any] = data.get("properties", {})
        link_id: str = data["id"]
        if link_id in self.seen:
            return
        self.seen.add(link_id)
        if schema in _ANCHORS and not all(_strings(props, p) for p in _ANCHORS[schema]):
            self.orphans.append((schema, link_id, line))
            return
        if schema == "Sanction":
            designation = _designation(props)
            for target in _strings(props, "entity"):
                self.designations.setdefault(target, []).append(designation)
                self._refer(target, schema, link_id, line)
        elif schema in _EDGES:
            source_prop, target_prop, kind, default_role = _EDGES[schema]
            role = _first(props, "relationship") or _first(props, "role") or default_role
            for source in _strings(props, source_prop):
                self._refer(source, schema, link_id, line)
                for target in _strings(props, target_prop):
                    self._relate(source, Relation(kind=kind, target_id=target, role=role))
            for target in _strings(props, target_prop):
                self._refer(target, schema, link_id, line)
        elif schema == "Ownership":
            share = _percentage(_first(props, "percentage"))
            role = _first(props, "role") or _first(props, "ownershipType")
            owners, assets = _strings(props, "owner"), _strings(props, "asset")
            for asset in assets:
                self._refer(asset, schema, link_id, line)
                for owner in owners:
                    self._relate(
                        asset, Relation(kind="owner", target_id=owner, role=role, share=share)
                    )
                    self._relate(
                        owner, Relation(kind="owned_by", target_id=asset, role=role, share=share)
                    )
            for owner in owners:
                self._refer(owner, schema, link_id, line)
        elif schema == "Address":
            self.addresses[link_id] = _address(props)
        elif schema in ("Identification", "Passport"):
            number = _first(props, "number") or _first(props, "passportNumber")
            if number is None:
                return
            type_text = _first(props, "type") or schema
            id_type = "passport" if schema == "Passport" else identifier_type(type_text)
            # proscribe's own export writes the normalised type and the list's wording as summary.
            summary = _first(props, "summary")
            own_export = type_text in ID_TYPES and summary is not None
            ident = Identifier(
                type=id_type,
                number=number,
                country=_country(_first(props, "country")),
                label=summary if own_export else type_text,
                issued=_iso_day(_first(props, "startDate")),
                expires=_iso_day(_first(props, "endDate")),
                remarks=_first(props, "authority") or (None if own_export else summary),
            )
            for holder in _strings(props, "holder"):
                self.identifiers.setdefault(holder, []).append(ident)
                self._refer(holder, schema, link_id, line)
        elif schema == "CryptoWallet":
            key = _first(props, "publicKey") or _first(props, "cryptoAddress")
            if key is None:
                return
            ident = Identifier(
                type="crypto_wallet",
                number=key,
                label=_first(props, "currencySymbol") or _first(props, "currency"),
            )
            for holder in _strings(props, "holder"):
                self.identifiers.setdefault(holder, []).append(ident)
                self._refer(holder, schema, link_id, line)
        elif schema == "Occupancy":
            for holder in _strings(props, "holder"):
                self.occupancies.setdefault(holder, []).extend(_strings(props, "post"))
                self._refer(holder, schema, link_id, line)
        elif schema == "Position":
            name = _first(props, "name")
            if name:
                self.positions[link_id] = name


def _designation(props: dict[str, Any]) -> Designation:
    program, program_id = _first(props, "program"), _first(props, "programId")
    remarks = _strings(props, "reason") + _strings(props, "summary")
    if program and program_id and program_id != program:
        remarks.append(f"programId: {program_id}")
    authority = (
        _first(props, "authority")
        or _first(props, "publisher")
        or _first(props, "country")
        or "unknown"
    )
    return Designation(
        authority=authority,
        programme=program or program_id,
        legal_basis=_first(props, "provisions"),
        listed_on=_iso_day(
            _first(props, "listingDate") or _first(props, "startDate") or _first(props, "date")
        ),
        reference=_first(props, "authorityId") or _first(props, "unscId"),
        remarks="; ".join(remarks) or None,
    )


def _address(props: dict[str, Any]) -> Address:
    street = ", ".join(_strings(props, "street") + _strings(props, "street2")) or None
    full = _first(props, "full")
    country_text = _first(props, "country")
    address = Address(
        full=full,
        street=street,
        city=_first(props, "city"),
        postal_code=_first(props, "postalCode"),
        region=_first(props, "region") or _first(props, "state"),
        country=_country(country_text),
        remarks=_first(props, "remarks"),
    )
    if address.full is None:
        parts = [address.street, address.postal_code, address.city, address.region]
        address.full = ", ".join(p for p in parts if p) or None
    return address


@lru_cache(maxsize=4096)
def _country(text: str | None) -> str | None:
    """FtM writes ISO codes in lower case ("ru") and a few of its own ("suhh", "ge-ab")."""
    if text is None:
        return None
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return country_code(text)


# --- nested lines ------------------------------------------------------------------


def _is_nested(data: dict[str, Any]) -> bool:
    return any(
        isinstance(v, dict) for values in data.get("properties", {}).values() for v in values
    )


def _flatten(
    path: Path, line: int, data: dict[str, Any], out: list[dict[str, Any]], captions: dict[str, str]
) -> None:
    """Replace nested entity objects by their ids, collecting them in `out`.

    A nested object under a reverse property (a Sanction under `sanctions`,
    a Family under `familyPerson`) is given the back reference to its parent
    when the export left it out, so it indexes like a flat line.
    """
    schema = model.get(data["schema"])
    for prop_name, values in data.get("properties", {}).items():
        prop = schema.get(prop_name) if schema is not None else None
        for i, value in enumerate(values):
            if not isinstance(value, dict):
                continue
            _check_entity(path, line, value)
            child_props = value.setdefault("properties", {})
            if prop is not None and prop.reverse is not None:
                back = child_props.setdefault(prop.reverse.name, [])
                if data["id"] not in back:
                    back.append(data["id"])
            if value["schema"] in THING_SCHEMAS:
                caption = _first(child_props, "name")
                if caption:
                    captions[value["id"]] = caption
            _flatten(path, line, value, out, captions)
            out.append(value)
            values[i] = value["id"]


# --- things ------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    path: Path
    report: ParseReport
    links: list[_Links]
    unknown_props: Counter[tuple[str, str]] = field(default_factory=Counter)
    # ids of things seen that some link points at (bounded by the links).
    found: set[str] = field(default_factory=set)


def _names(schema: str, props: dict[str, Any]) -> list[Name]:
    names = [
        Name(full=value, kind=kind, script=detect_script(value))
        for prop, kind in _NAME_PROPS
        for value in _strings(props, prop)
    ]
    primaries = [n for n in names if n.kind == "primary"]
    if schema == "Person" and len(primaries) == 1:
        primary = primaries[0]
        primary.given = _first(props, "firstName")
        primary.middle = _first(props, "middleName") or _first(props, "secondName")
        primary.family = _first(props, "lastName")
        primary.patronymic = _first(props, "fatherName")
    return names


def _dates(ctx: _Context, entity: Entity, values: list[str], what: str) -> list[PartialDate]:
    out = []
    for value in values:
        parsed = parse_partial_date(value)
        if parsed is None:
            ctx.report.warn(
                ctx.path,
                f"{what} {value!r} is not a date; kept as a remark",
                record=entity.source_id,
            )
            entity.remarks.append(f"{what}: {value}")
        else:
            out.append(parsed)
    return out


def _countries(ctx: _Context, entity: Entity, values: list[str], line: int) -> list[str]:
    out = []
    for value in values:
        code = _country(value)
        if code is None:
            ctx.report.warn(
                ctx.path, f"unknown country code {value!r}", line=line, record=entity.source_id
            )
        elif code not in out:
            out.append(code)
    return out


def _thing(ctx: _Context, data: dict[str, Any], line: int) -> Entity:
    ftm_schema: str = data["schema"]
    props: dict[str, Any] = data.get("properties", {})
    thing_id: str = data["id"]
    source = ctx.report.source
    entity = Entity(
        source=source,
        source_id=thing_id,
        schema=THING_SCHEMAS[ftm_schema],
        names=_names(ftm_schema, props),
        provenance=Provenance(source, str(ctx.path), thing_id, line),
    )
    if not entity.names:
        ctx.report.warn(ctx.path, f"{ftm_schema} without a name", line=line, record=thing_id)
    entity.birth_dates = _dates(ctx, entity, _strings(props, "birthDate"), "birth date")
    entity.death_dates = _dates(ctx, entity, _strings(props, "deathDate"), "death date")
    entity.birth_places = [Place(text=v) for v in _strings(props, "birthPlace")]
    entity.nationalities = _countries(ctx, entity, _strings(props, "nationality"), line)
    entity.citizenships = _countries(ctx, entity, _strings(props, "citizenship"), line)
    entity.countries = _countries(
        ctx,
        entity,
        _strings(props, "country")
        + _strings(props, "jurisdiction")
        + _strings(props, "mainCountry"),
        line,
    )
    gender = _first(props, "gender")
    if gender is not None:
        entity.gender = _GENDERS.get(gender.lower())
    entity.titles = _strings(props, "title")
    entity.positions = _strings(props, "position")
    entity.remarks.extend(
        _strings(props, "notes") + _strings(props, "summary") + _strings(props, "description")
    )
    for prop in props:
        kind = IDENTIFIER_PROPS.get(prop)
        if kind is None:
            continue
        for value in _strings(props, prop):
            # FtM writes IMO numbers as "IMO9123453"; the model keeps the digits.
            number = _IMO_PREFIX.sub("", value) if kind == "imo" else value
            entity.identifiers.append(Identifier(type=kind, number=number, label=prop))
    entity.addresses = [Address(full=v) for v in _strings(props, "address")]
    _attach(ctx, entity, props, line)
    _other_properties(ctx, entity, ftm_schema, props)
    for key in ("datasets", "referents"):
        for value in data.get(key) or ():
            entity.add_property(key[:-1], str(value))
    for key in ("first_seen", "last_seen", "last_change"):
        if data.get(key):
            entity.add_property(key, str(data[key]))
    if "target" in data:
        entity.add_property("target", "true" if data["target"] else "false")
    return entity


def _attach(ctx: _Context, entity: Entity, props: dict[str, Any], line: int) -> None:
    """Add what the link entities say about this thing, and the links its own properties make."""
    thing_id = entity.source_id
    for links in ctx.links:
        if thing_id in links.references:
            ctx.found.add(thing_id)
        entity.designations.extend(links.designations.get(thing_id, ()))
        entity.relations.extend(links.relations.get(thing_id, ()))
        entity.identifiers.extend(links.identifiers.get(thing_id, ()))
        for post in links.occupancies.get(thing_id, ()):
            name = next((ls.positions[post] for ls in ctx.links if post in ls.positions), None)
            if name is None:
                ctx.report.warn(
                    ctx.path,
                    f"Occupancy refers to Position {post}, which is not in the file",
                    record=thing_id,
                )
            elif name not in entity.positions:
                entity.positions.append(name)
    for address_id in _strings(props, "addressEntity"):
        address = next(
            (ls.addresses[address_id] for ls in ctx.links if address_id in ls.addresses), None
        )
        if address is None:
            ctx.report.warn(
                ctx.path,
                f"addressEntity {address_id} is not in the file",
                line=line,
                record=thing_id,
            )
        else:
            entity.addresses.append(address)
    for prop, (kind, role) in _REFERENCE_RELATIONS.items():
        for target in _strings(props, prop):
            entity.relations.append(Relation(kind=kind, target_id=target, role=role))


def _other_properties(
    ctx: _Context, entity: Entity, ftm_schema: str, props: dict[str, Any]
) -> None:
    schema = model.get(ftm_schema)
    for prop in props:
        definition = schema.properties.get(prop) if schema is not None else None
        if definition is None:
            ctx.unknown_props[(ftm_schema, prop)] += 1
            continue
        if prop in _HANDLED and not (prop == "type" and ftm_schema in _TYPE_KEYS):
            continue
        if definition.stub:
            # A reverse reference (`sanctions`, `familyPerson`): its entities were read as links.
            continue
        if definition.type.name == "entity":
            for target in _strings(props, prop):
                entity.relations.append(Relation(kind="linked_to", target_id=target, role=prop))
            continue
        key = _TYPE_KEYS[ftm_schema] if prop == "type" else _PROPERTY_KEYS.get(prop) or _snake(prop)
        for value in _strings(props, prop):
            if definition.type.name == "country":
                value = _country(value) or value
            entity.add_property(key, value)


@lru_cache(maxsize=1024)
def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# --- the two passes ----------------------------------------------------------------


def _single_schema(text: str) -> str | None:
    """The schema of a flat line without parsing it: the one `"schema"` key, else None.

    A string search is an order of magnitude cheaper than json.loads; a line
    with a second `"schema"` (a nested line) or an escaped one is parsed.
    """
    at = text.find('"schema"')
    if at <= 0 or text[at - 1] == "\\" or text.find('"schema"', at + 8) >= 0:
        return None
    match = _SCHEMA_KEY.match(text, at)
    return match.group(1) if match else None


def _index(path: Path, report: ParseReport) -> _Links:
    links = _Links()
    skipped: Counter[str] = Counter()
    first_line: dict[str, int] = {}
    for lineno, text in _lines(path):
        if _single_schema(text) in THING_SCHEMAS:
            continue
        data = _load(path, lineno, text)
        schema = data["schema"]
        if schema in THING_SCHEMAS:
            continue
        if schema in LINK_SCHEMAS:
            links.add(data, lineno)
            report.count("links")
        else:
            skipped[schema] += 1
            first_line.setdefault(schema, lineno)
    for schema, link_id, line in links.orphans:
        report.warn(
            path,
            f"{schema} {link_id} lacks {' or '.join(_ANCHORS[schema])}: it links nothing; skipped",
            line=line,
            record=link_id,
        )
    for schema, n in sorted(skipped.items()):
        why = (
            "is not imported (not a listed party nor a link proscribe reads)"
            if model.get(schema)
            else "is not a FollowTheMoney schema"
        )
        report.warn(
            path,
            f"{n} entities of schema {schema!r} skipped: the schema {why}",
            line=first_line[schema],
        )
    return links


def parse(files: Sequence[Path], report: ParseReport) -> Iterator[Entity]:
    path = files[0]
    ctx = _Context(path=path, report=report, links=[_index(path, report)])
    for lineno, text in _lines(path):
        hint = _single_schema(text)
        if hint is not None and hint not in THING_SCHEMAS:
            continue
        data = _load(path, lineno, text)
        if data["schema"] not in THING_SCHEMAS:
            continue
        entity = _nested_thing(ctx, data, lineno) if _is_nested(data) else _thing(ctx, data, lineno)
        report.count("entities")
        report.count("names", len(entity.names))
        report.count("designations", len(entity.designations))
        report.count("relations", len(entity.relations))
        report.count("identifiers", len(entity.identifiers))
        report.count("addresses", len(entity.addresses))
        yield entity
    for target, refs in ctx.links[0].references.items():
        if target in ctx.found:
            continue
        for schema, link_id, line in refs:
            report.warn(
                path,
                f"{schema} {link_id} refers to {target}, which is not in the file",
                line=line,
                record=link_id,
            )
    for (schema, prop), n in sorted(ctx.unknown_props.items()):
        report.warn(
            path,
            f"{n} {schema} entities have property {prop!r}, which FtM's {schema} does not define; skipped",
        )


def _nested_thing(ctx: _Context, data: dict[str, Any], line: int) -> Entity:
    nested: list[dict[str, Any]] = []
    captions: dict[str, str] = {}
    _flatten(ctx.path, line, data, nested, captions)
    local = _Links()
    for child in nested:
        if child["schema"] in LINK_SCHEMAS:
            local.add(child, line)
    line_ctx = _Context(
        path=ctx.path,
        report=ctx.report,
        links=[*ctx.links, local],
        unknown_props=ctx.unknown_props,
        found=ctx.found,
    )
    entity = _thing(line_ctx, data, line)
    for relation in entity.relations:
        if relation.target_id in captions and relation.target_name is None:
            relation.target_name = captions[relation.target_id]
    return entity


def _sniff(path: Path, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"{"):
        return False
    first = text.split(b"\n", 1)[0]
    return all(
        re.search(pattern, first)
        for pattern in (rb'"id"\s*:\s*"', rb'"schema"\s*:\s*"[A-Za-z]+"', rb'"properties"\s*:\s*\{')
    )


FORMATS = [
    ListFormat(
        name="ftm_json",
        source=SOURCE,
        description="FollowTheMoney entities, JSON lines (OpenSanctions entities.ftm.json, flat or nested)",
        sniff=_sniff,
        parse=parse,
    )
]

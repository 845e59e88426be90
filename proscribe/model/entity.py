"""The one model every list format is parsed into.

Plain dataclasses: parsers build them, the store serialises them to JSON
(`proscribe.model.codec`), matching reads them. Every field keeps the
source's meaning; nothing here knows about a particular list format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Schema = Literal["Person", "Organization", "Vessel", "Aircraft", "LegalEntity"]
SCHEMAS: tuple[Schema, ...] = ("Person", "Organization", "Vessel", "Aircraft", "LegalEntity")

# primary: the name the list designates under; aka: strong alias ("a.k.a." of
# good quality); weak: low-quality alias (OFAC weak a.k.a., UN "Low" quality,
# OFSI "Good quality" = No); fka: formerly known as; nka: now known as.
NameKind = Literal["primary", "aka", "weak", "fka", "nka"]
NAME_KINDS: tuple[NameKind, ...] = ("primary", "aka", "weak", "fka", "nka")

Gender = Literal["male", "female", "other"]


@dataclass(slots=True)
class Name:
    """One name of an entity, as the list states it.

    `full` is always set (parts joined by the parser when the list gives only
    parts). `script` is an ISO 15924 code ("Latn", "Arab", "Cyrl", ...) and
    `lang` an ISO 639 code, when known or detectable.
    """

    full: str
    kind: NameKind = "primary"
    given: str | None = None
    middle: str | None = None
    family: str | None = None
    patronymic: str | None = None
    title: str | None = None
    script: str | None = None
    lang: str | None = None


@dataclass(slots=True)
class PartialDate:
    """A date known to year, month or day precision, possibly approximate or a range.

    `value` is an ISO-8601 prefix: "1970", "1970-03" or "1970-03-30".
    `end`, when set, makes it a range from `value` to `end` (e.g. OFAC
    "DOB 1961 to 1963"). `circa` marks "circa"/"approximately". `text` keeps
    the source's wording when it could not be fully parsed.
    """

    value: str
    end: str | None = None
    circa: bool = False
    text: str | None = None

    @property
    def year(self) -> int:
        return int(self.value[:4])

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return {4: "year", 7: "month"}.get(len(self.value), "day")  # type: ignore[return-value]


@dataclass(slots=True)
class Place:
    """A place of birth or similar: the text as given and its country when known."""

    text: str
    country: str | None = None


@dataclass(slots=True)
class Address:
    full: str | None = None
    street: str | None = None
    city: str | None = None
    postal_code: str | None = None
    region: str | None = None
    country: str | None = None
    country_name: str | None = None
    remarks: str | None = None


@dataclass(slots=True)
class Identifier:
    """An identifying document or registration number.

    `type` is a normalised kind ("passport", "national_id", "tax_id",
    "registration", "imo", "mmsi", "swift", "lei", "email", "website",
    "crypto_wallet", "other", ...); `label` keeps the source's own wording.
    """

    type: str
    number: str
    country: str | None = None
    label: str | None = None
    issued: str | None = None
    expires: str | None = None
    remarks: str | None = None


@dataclass(slots=True)
class Designation:
    """One listing of the entity by an authority under a programme or regime."""

    authority: str
    programme: str | None = None
    legal_basis: str | None = None
    listed_on: str | None = None
    reference: str | None = None
    remarks: str | None = None


RelationKind = Literal["linked_to", "family", "associate", "owner", "owned_by", "other"]


@dataclass(slots=True)
class Relation:
    """A relation the source itself states.

    `target_id` is the target's source id when the list links by id;
    otherwise `target_name` holds the name as written. `role` carries the
    source's wording ("spouse", "son", "director", ...). `share` is an
    ownership share in percent.
    """

    kind: RelationKind
    target_id: str | None = None
    target_name: str | None = None
    role: str | None = None
    share: float | None = None


@dataclass(slots=True)
class Provenance:
    source: str
    file: str
    record_id: str
    line: int | None = None


@dataclass(slots=True)
class Entity:
    """One listed party as one source lists it.

    `source_id` is exactly the list's own identifier (OFAC ent_num, UN
    REFERENCE_NUMBER, UK Group ID, EU logicalId, AU base reference, FtM id);
    `id` is `source:source_id`, unique in the store.
    """

    source: str
    source_id: str
    schema: Schema
    names: list[Name] = field(default_factory=list)
    birth_dates: list[PartialDate] = field(default_factory=list)
    death_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[Place] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    gender: Gender | None = None
    titles: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    designations: list[Designation] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    # Facts with no field of their own: vessel flag, tonnage, call sign,
    # aircraft model, website, organisation established date, ...
    properties: dict[str, list[str]] = field(default_factory=dict)
    provenance: Provenance | None = None

    @property
    def id(self) -> str:
        return f"{self.source}:{self.source_id}"

    @property
    def caption(self) -> str:
        """The name to show: the first primary name, else the first name."""
        for name in self.names:
            if name.kind == "primary":
                return name.full
        return self.names[0].full if self.names else self.source_id

    def add_property(self, key: str, value: str | None) -> None:
        if value is None or not value.strip():
            return
        values = self.properties.setdefault(key, [])
        if value not in values:
            values.append(value)

"""yente-style query entities (FtM schema + properties) turned into proscribe queries.

A yente client sends an *example entity*: `{"schema": "Person", "properties":
{"name": [...], "birthDate": [...], "nationality": [...]}}`. As in yente, an
unknown schema or a property the schema does not have is an error (400),
while a value FollowTheMoney's cleaning refuses (a birth date of
"1970-13-01", a country of "xx") is dropped, and the response echoes the
query as it was understood so the client can see what was used.

Every name of the example is screened (primary names, aliases, and names
assembled from first/last-name parts); the best score per listed party wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema as FtmSchema

from proscribe.match.query import Query, QueryError
from proscribe.sources.countries import country_code

# Most distinct names of one example that are screened: each costs one index search.
MAX_NAMES = 8
MAX_VALUE_CHARS = 1000

_NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
_COUNTRY_PREFERENCE = (
    "nationality",
    "citizenship",
    "country",
    "jurisdiction",
    "mainCountry",
    "birthCountry",
    "registrationCountry",
    "flag",
)


class ExampleError(ValueError):
    """An example entity that cannot be screened; the message says which part and why."""


@dataclass(slots=True)
class MatchSpec:
    """What one example says, ready to screen: its names and one Query per name."""

    schema: str
    ftm_schema: str
    names: list[str]
    queries: list[Query]
    properties: dict[str, list[str]] = field(default_factory=dict)


def _proscribe_schema(schema: FtmSchema) -> str | None:
    """Our schema for an FtM one; None for schemata we hold no parties of (no schema evidence)."""
    if schema.is_a("Person"):
        return "Person"
    if schema.is_a("Organization"):
        return "Organization"
    if schema.is_a("Vessel"):
        return "Vessel"
    if schema.is_a("Airplane"):
        return "Aircraft"
    if schema.name == "LegalEntity":
        return "LegalEntity"
    return None


def _values(prop: str, raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise ExampleError(f"property {prop!r}: values must be text, got {type(item).__name__}")
        text = str(item)
        if len(text) > MAX_VALUE_CHARS:
            raise ExampleError(
                f"property {prop!r}: a value is longer than {MAX_VALUE_CHARS} characters"
            )
        out.append(text)
    return out


def clean_example(
    schema_name: str, properties: dict[str, Any]
) -> tuple[FtmSchema, dict[str, list[str]]]:
    """The FtM schema and the properties as FtM cleans them (refused values dropped)."""
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        raise ExampleError(f"unknown schema {schema_name!r}")
    if not schema.matchable:
        raise ExampleError(
            f"schema {schema.name} cannot be matched; use Person, Organization, Company, LegalEntity, "
            "Vessel or Airplane"
        )
    cleaned: dict[str, list[str]] = {}
    for name, raw in properties.items():
        prop = schema.get(name)
        if prop is None:
            raise ExampleError(f"schema {schema.name} has no property {name!r}")
        for text in _values(name, raw):
            value = prop.type.clean(text, format=prop.format)
            if value is None:
                continue
            values = cleaned.setdefault(prop.name, [])
            if value not in values:
                values.append(value)
    return schema, cleaned


def _names(schema: FtmSchema, props: dict[str, list[str]]) -> list[str]:
    names: list[str] = []
    for name, values in props.items():
        prop = schema.get(name)
        if prop is not None and prop.type.name == "name":
            names.extend(values)
    parts = [props[p][0] for p in _NAME_PARTS if props.get(p)]
    if parts:
        names.append(" ".join(parts))
    seen: dict[str, None] = {}
    for n in names:
        key = " ".join(n.split())
        if key:
            seen.setdefault(key, None)
    return list(seen)[:MAX_NAMES]


def _first_country(schema: FtmSchema, props: dict[str, list[str]]) -> str | None:
    """The first country the example states that maps to an ISO code (FtM also knows e.g. "suhh")."""
    ordered = [n for n in _COUNTRY_PREFERENCE if n in props]
    ordered += [n for n in props if n not in ordered]
    for name in ordered:
        prop = schema.get(name)
        if prop is None or prop.type.name != "country":
            continue
        for value in props[name]:
            code = country_code(value)
            if code is not None:
                return code
    return None


def _identifiers(schema: FtmSchema, props: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    for name, values in props.items():
        prop = schema.get(name)
        if prop is not None and prop.type.name == "identifier":
            out.extend(values)
    return out


def match_spec(
    schema_name: str, properties: dict[str, Any], query_id: str | None = None
) -> MatchSpec:
    """Turn one example into queries; raises ExampleError saying what is wrong."""
    schema, props = clean_example(schema_name, properties)
    names = _names(schema, props)
    if not names:
        raise ExampleError("the example has no name (give name, alias, or firstName/lastName)")
    ours = _proscribe_schema(schema)
    birth = props.get("birthDate", [None])[0] if ours == "Person" else None
    gender = props.get("gender", [None])[0] if ours == "Person" else None
    if gender not in (None, "male", "female", "other"):
        gender = None
    country = _first_country(schema, props)
    identifiers = _identifiers(schema, props)
    queries = []
    for name in names:
        try:
            queries.append(
                Query.make(
                    name=name,
                    schema=ours,
                    birth_date=birth,
                    country=country,
                    id_number=identifiers or None,
                    gender=gender,
                    id=query_id,
                )
            )
        except QueryError as exc:
            raise ExampleError(str(exc)) from exc
    return MatchSpec(schema.name, ours or "", names, queries, props)

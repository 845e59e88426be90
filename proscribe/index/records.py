"""What the index keeps about each listed party besides its names.

Scoring needs the facts that confirm or contradict a name match (birth
dates, countries, identifiers, gender, schema) and the result needs the
party's identity (source, source id, caption, programmes). They are stored
per entity as one compact JSON document, decoded only for the candidates a
query reaches, so a saved index is all a screening process needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from proscribe.model import Entity, PartialDate

SCHEMA_CODES = ("Person", "Organization", "Vessel", "Aircraft", "LegalEntity")


@dataclass(frozen=True, slots=True)
class EntityRecord:
    id: str
    source: str
    source_id: str
    schema: str
    caption: str
    gender: str | None
    birth_dates: tuple[PartialDate, ...]
    countries: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]
    programmes: tuple[str, ...]


def entity_countries(entity: Entity) -> list[str]:
    """Every country the list links to the party, in a stable order, without repeats."""
    seen: dict[str, None] = {}
    for code in [*entity.nationalities, *entity.citizenships, *entity.countries]:
        if code:
            seen.setdefault(code.upper(), None)
    for addr in entity.addresses:
        if addr.country:
            seen.setdefault(addr.country.upper(), None)
    for place in entity.birth_places:
        if place.country:
            seen.setdefault(place.country.upper(), None)
    for flag in entity.properties.get("vessel_flag", []):
        if len(flag) == 2 and flag.isalpha():
            seen.setdefault(flag.upper(), None)
    return list(seen)


def _programmes(entity: Entity) -> list[str]:
    out: dict[str, None] = {}
    for d in entity.designations:
        label = f"{d.authority}:{d.programme}" if d.programme else d.authority
        out.setdefault(label, None)
    return list(out)


def record_json(entity: Entity) -> str:
    doc = {
        "id": entity.id,
        "source": entity.source,
        "source_id": entity.source_id,
        "schema": entity.schema,
        "caption": entity.caption,
        "gender": entity.gender,
        "dob": [[d.value, d.end, d.circa] for d in entity.birth_dates],
        "countries": entity_countries(entity),
        "ids": [[i.type, i.number] for i in entity.identifiers if i.number],
        "programmes": _programmes(entity),
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def record_from_json(text: str) -> EntityRecord:
    doc = json.loads(text)
    return EntityRecord(
        id=doc["id"],
        source=doc["source"],
        source_id=doc["source_id"],
        schema=doc["schema"],
        caption=doc["caption"],
        gender=doc.get("gender"),
        birth_dates=tuple(
            PartialDate(value=v, end=e, circa=bool(c)) for v, e, c in doc.get("dob", [])
        ),
        countries=tuple(doc.get("countries", [])),
        identifiers=tuple((t, n) for t, n in doc.get("ids", [])),
        programmes=tuple(doc.get("programmes", [])),
    )

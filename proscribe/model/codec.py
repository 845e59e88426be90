"""Entities to and from plain JSON-able dicts.

The store keeps each entity as canonical JSON: empty fields are dropped and
keys sorted, so two parses of the same record give byte-identical JSON and a
content hash can tell whether a record changed between snapshots.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any

from proscribe.model.entity import (
    Address,
    Designation,
    Entity,
    Identifier,
    Name,
    PartialDate,
    Place,
    Provenance,
    Relation,
)

_LIST_TYPES: dict[str, type] = {
    "names": Name,
    "birth_dates": PartialDate,
    "death_dates": PartialDate,
    "birth_places": Place,
    "addresses": Address,
    "identifiers": Identifier,
    "designations": Designation,
    "relations": Relation,
}


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _compact(obj: Any) -> Any:
    if isinstance(obj, (str, int, float)) or obj is None:
        return obj
    if is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for name in _field_names(type(obj)):
            value = _compact(getattr(obj, name))
            if value is None or value == [] or value == {} or value is False:
                continue
            out[name] = value
        return out
    if isinstance(obj, list):
        return [_compact(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _compact(v) for k, v in obj.items() if v not in (None, [], {})}
    return obj


def entity_to_dict(entity: Entity, *, provenance: bool = True) -> dict[str, Any]:
    """A compact dict of the entity; without provenance it is the entity's *content*."""
    data: dict[str, Any] = _compact(entity)
    if not provenance:
        data.pop("provenance", None)
    return data


def entity_from_dict(data: dict[str, Any]) -> Entity:
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key in _LIST_TYPES:
            cls = _LIST_TYPES[key]
            kwargs[key] = [cls(**item) for item in value]
        elif key == "provenance":
            kwargs[key] = Provenance(**value)
        elif key == "properties":
            kwargs[key] = {k: list(v) for k, v in value.items()}
        else:
            kwargs[key] = value
    return Entity(**kwargs)


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(entity: Entity) -> str:
    """SHA-256 of the entity's content, provenance excluded (line numbers move)."""
    return hashlib.sha256(
        canonical_json(entity_to_dict(entity, provenance=False)).encode()
    ).hexdigest()

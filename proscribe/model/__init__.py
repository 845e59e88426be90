"""The data model shared by every stage: entities, names, dates, designations."""

from proscribe.model.codec import content_hash, entity_from_dict, entity_to_dict
from proscribe.model.entity import (
    NAME_KINDS,
    SCHEMAS,
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

__all__ = [
    "NAME_KINDS",
    "SCHEMAS",
    "Address",
    "Designation",
    "Entity",
    "Identifier",
    "Name",
    "NameKind",
    "PartialDate",
    "Place",
    "Provenance",
    "Relation",
    "Schema",
    "content_hash",
    "entity_from_dict",
    "entity_to_dict",
]

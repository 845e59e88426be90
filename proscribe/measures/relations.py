"""The neighbourhood of a hit: relatives, associates and owners, as the lists state them.

A measure can reach a party that is not designated itself: the immediate
family of a person designated under EO 14203 at the US border, an entity
owned 50% by blocked persons. `RelationContext` holds the entities around a
hit (fetched from the store, or a whole FtM file) and answers those
questions in both directions, because sources state a relation on one side
only (an FtM Family puts it on the designated person, not on the relative).

Relations link by the source's own ids (`Relation.target_id`, within the
same source); a relation that gives only a name (OFAC "Linked To: NAME") is
linked when exactly one entity in the context bears that name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from proscribe.measures.ownership import OwnershipGraph
from proscribe.measures.programmes import normalise_code
from proscribe.model import Entity, Relation


@dataclass(frozen=True, slots=True)
class Related:
    """Another entity and how it relates to the one asked about (role in the source's words)."""

    entity: Entity
    kind: str
    role: str | None


def target_id(entity: Entity, relation: Relation) -> str | None:
    """The store id (`source:source_id`) a relation points at, when it links by id."""
    if relation.target_id is None:
        return None
    return f"{entity.source}:{relation.target_id}"


def related_ids(entity: Entity) -> set[str]:
    """Ids the entity's own relations point at: what a caller fetches to build a context."""
    return {tid for r in entity.relations if (tid := target_id(entity, r)) is not None}


class RelationContext:
    """Entities around a hit, with relations indexed both ways and an ownership graph."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._by_id: dict[str, Entity] = {}
        self._by_name: dict[str, set[str]] = {}
        for entity in entities:
            self._by_id[entity.id] = entity
            for name in entity.names:
                self._by_name.setdefault(normalise_code(name.full), set()).add(entity.id)
        self._links: dict[str, list[tuple[str, str, str | None]]] = {}
        self.ownership = OwnershipGraph()
        for entity in self._by_id.values():
            for relation in entity.relations:
                other = self._resolve(entity, relation)
                if other is None:
                    continue
                self._index(entity.id, other, relation)

    def _resolve(self, entity: Entity, relation: Relation) -> str | None:
        tid = target_id(entity, relation)
        if tid is not None:
            return tid
        if relation.target_name:
            ids = self._by_name.get(normalise_code(relation.target_name), set())
            if len(ids) == 1:
                return next(iter(ids))
        return None

    def _index(self, subject: str, other: str, relation: Relation) -> None:
        if relation.kind == "owner":
            self.ownership.add(other, subject, relation.share)
        elif relation.kind == "owned_by":
            self.ownership.add(subject, other, relation.share)
        else:
            self._links.setdefault(subject, []).append((other, relation.kind, relation.role))
            self._links.setdefault(other, []).append((subject, relation.kind, relation.role))

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, entity_id: str) -> Entity | None:
        return self._by_id.get(entity_id)

    def entities(self) -> list[Entity]:
        return list(self._by_id.values())

    def _related(self, entity_id: str, kinds: set[str]) -> list[Related]:
        out: list[Related] = []
        seen: set[str] = set()
        for other, kind, role in self._links.get(entity_id, []):
            if kind not in kinds or other in seen:
                continue
            entity = self._by_id.get(other)
            if entity is None:
                continue
            seen.add(other)
            out.append(Related(entity, kind, role))
        return out

    def relatives(self, entity_id: str) -> list[Related]:
        """Family members in either direction of the stated relation."""
        return self._related(entity_id, {"family"})

    def associates(self, entity_id: str) -> list[Related]:
        """Associates and "linked to" parties, in either direction."""
        return self._related(entity_id, {"associate", "linked_to"})

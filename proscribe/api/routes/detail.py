"""One entity in full: yente's shape, proscribe's record, designations with their programmes,
relations both ways, and (given a perspective) what the listing obliges.

Relations are shown from both ends because lists state a link on one side
only: OFAC puts "Linked To" on the subsidiary, an FtM Family on the
designated person.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from proscribe.api.engine import ScreeningEngine
from proscribe.api.serialize import entity_response, ftm_schema
from proscribe.measures import assess, assessment_to_dict, lookup, perspective
from proscribe.measures.relations import target_id
from proscribe.model import Designation, Entity, Relation, entity_to_dict


def _programme(entity: Entity, designation: Designation) -> dict[str, Any] | None:
    found = lookup(designation.authority, designation.programme, source=entity.source)
    if found is None:
        return None
    return {
        "authority": found.authority,
        "code": found.code,
        "title": found.title,
        "legal_basis": found.legal_basis,
        "measures": [
            {"type": m.type, "reach": list(m.reach), "basis": m.basis, "note": m.note}
            for m in found.measures
        ],
        "ended": found.ended.isoformat() if found.ended else None,
        "url": found.url,
        "secondary_sanctions": found.secondary_sanctions,
    }


def _designations(entity: Entity) -> list[dict[str, Any]]:
    return [
        {
            "authority": d.authority,
            "programme": d.programme,
            "legal_basis": d.legal_basis,
            "listed_on": d.listed_on,
            "reference": d.reference,
            "remarks": d.remarks,
            "programme_info": _programme(entity, d),
        }
        for d in entity.designations
    ]


def _related(other: Entity | None) -> dict[str, Any] | None:
    if other is None:
        return None
    return {"id": other.id, "caption": other.caption, "schema": ftm_schema(other)}


def _relation(
    relation: Relation, direction: str, target: Entity | None, target_ref: str | None
) -> dict[str, Any]:
    return {
        "kind": relation.kind,
        "direction": direction,
        "role": relation.role,
        "share": relation.share,
        "target_id": target_ref,
        "target_name": relation.target_name,
        "target": _related(target),
    }


def _relations(engine: ScreeningEngine, entity: Entity) -> list[dict[str, Any]]:
    out = []
    for relation in entity.relations:
        ref = target_id(entity, relation)
        out.append(_relation(relation, "outgoing", engine.entities.get(ref) if ref else None, ref))
    for subject, relation in engine.incoming(entity.id):
        out.append(_relation(relation, "incoming", subject, subject.id))
    return out


def entity_detail(
    engine: ScreeningEngine,
    entity: Entity,
    nested: bool,
    jurisdiction: str | None,
    activity: str,
    on: str | None,
) -> dict[str, Any]:
    out = entity_response(engine, entity, nested=nested)
    snap = engine.snapshots.get(entity.source)
    out.update(
        {
            "source": entity.source,
            "source_id": entity.source_id,
            "snapshot_id": snap.id if snap is not None else None,
            "entity": entity_to_dict(entity),
            "designations": _designations(entity),
            "relations": _relations(engine, entity),
            "assessment": None,
        }
    )
    if jurisdiction:
        try:
            view = perspective(jurisdiction, activity, on)
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from exc
        out["assessment"] = assessment_to_dict(assess(entity, view, related=engine.relations()))
    return out

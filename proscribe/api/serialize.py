"""Entities and hits in yente's wire shape: FtM schema and properties, datasets, referents, scores.

The `id` of every result is proscribe's own (`source:source_id`, what the
store, the CLI and /entities use); the FtM id a yente client may already
hold (`source-source_id`) is listed in `referents`, and /entities accepts
either. Properties are those of `proscribe.sources.ftm_export`, so a hit
shows exactly what an FtM export of the same list would.

Explanations map proscribe's evidence onto yente's `FeatureResult`
(score, detail, query, candidate): `name` carries the name similarity and
the one-line summary of the whole comparison; every other feature carries
the log-odds weight it added to or took from the score, and its verdict.
"""

from __future__ import annotations

from typing import Any

from followthemoney import model

from proscribe.api.engine import ScreeningEngine
from proscribe.api.matching import Hit
from proscribe.match.score import NAME_SLOPE
from proscribe.model import Entity
from proscribe.sources.ftm_export import FTM_SCHEMAS, ftm_id

ALGORITHM = "proscribe-v1"
DOCS_URL = "docs/matching.md"

FEATURES: dict[str, dict[str, Any]] = {
    "name": {
        "description": "Best alignment of the query's names with the party's names (0-1), weak aliases penalised.",
        "coefficient": NAME_SLOPE,
        "url": f"{DOCS_URL}#names",
    },
    "birth_date": {
        "description": "Birth dates: same day, month or year raise the score; a conflict lowers it (log-odds weight).",
        "coefficient": 1.0,
        "url": f"{DOCS_URL}#birth-dates",
    },
    "country": {
        "description": "Nationality, citizenship or country in common or in conflict (log-odds weight).",
        "coefficient": 1.0,
        "url": f"{DOCS_URL}#countries",
    },
    "identifier": {
        "description": "An identifier number in common is near-proof; a conflicting one lowers the score.",
        "coefficient": 1.0,
        "url": f"{DOCS_URL}#identifiers",
    },
    "gender": {
        "description": "Gender in common or in conflict (log-odds weight).",
        "coefficient": 1.0,
        "url": f"{DOCS_URL}#gender",
    },
    "schema": {
        "description": "A person matched against an organisation (or similar) lowers the score.",
        "coefficient": 1.0,
        "url": f"{DOCS_URL}#schema",
    },
}


def ftm_schema(entity: Entity) -> str:
    return FTM_SCHEMAS[entity.schema]


def _last_seen(engine: ScreeningEngine, entity: Entity) -> str | None:
    snap = engine.snapshots.get(entity.source)
    return snap.imported_at.isoformat() if snap is not None else None


def entity_response(
    engine: ScreeningEngine, entity: Entity, nested: bool = False
) -> dict[str, Any]:
    """The entity as yente's EntityResponse; with `nested`, its sanctions, documents and links inside."""
    thing, *links = engine.ftm(entity.id)
    properties: dict[str, list[Any]] = {k: list(v) for k, v in thing["properties"].items()}
    if nested:
        for link in links:
            _nest(engine, entity, thing["id"], link, properties)
    return {
        "id": entity.id,
        "caption": entity.caption,
        "schema": thing["schema"],
        "properties": properties,
        "datasets": [entity.source],
        "referents": [thing["id"]],
        "target": bool(entity.designations),
        "first_seen": None,
        "last_seen": _last_seen(engine, entity),
        "last_change": None,
    }


def _shallow(engine: ScreeningEngine, ftm_ref: str) -> dict[str, Any] | str:
    """A linked entity as a nested EntityResponse when this engine holds it, else its id."""
    found = engine.entity(ftm_ref)
    if found is None:
        return ftm_ref
    return entity_response(engine, found, nested=False)


def _nest(
    engine: ScreeningEngine,
    entity: Entity,
    thing_id: str,
    link: dict[str, Any],
    into: dict[str, list[Any]],
) -> None:
    schema = model.get(link["schema"])
    if schema is None:
        return
    reverse: str | None = None
    props: dict[str, list[Any]] = {}
    for name, values in link["properties"].items():
        prop = schema.get(name)
        if prop is not None and prop.type.name == "entity":
            if thing_id in values and reverse is None and prop.reverse is not None:
                reverse = prop.reverse.name
                others = [v for v in values if v != thing_id]
            else:
                others = list(values)
            if others:
                props[name] = [_shallow(engine, v) for v in others]
        else:
            props[name] = list(values)
    if reverse is None:
        return
    proxy = model.get_proxy(
        {"id": link["id"], "schema": link["schema"], "properties": link["properties"]}
    )
    into.setdefault(reverse, []).append(
        {
            "id": link["id"],
            "caption": proxy.caption,
            "schema": link["schema"],
            "properties": props,
            "datasets": [entity.source],
            "referents": [],
            "target": False,
            "first_seen": None,
            "last_seen": _last_seen(engine, entity),
            "last_change": None,
        }
    )


def explanations(explanation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """proscribe's explanation as yente FeatureResults, keyed by feature."""
    out: dict[str, dict[str, Any]] = {}
    name = explanation.get("name")
    if isinstance(name, dict):
        out["name"] = {
            "score": float(name.get("similarity", 0.0)),
            "detail": explanation.get("summary"),
            "query": name.get("query"),
            "candidate": name.get("candidate"),
        }
    for feature in FEATURES:
        if feature == "name":
            continue
        verdict = explanation.get(feature)
        if isinstance(verdict, dict):
            out[feature] = {
                "score": float(verdict.get("weight", 0.0)),
                "detail": str(verdict.get("verdict")),
                "query": _text(verdict.get("query")),
                "candidate": _text(verdict.get("candidate")),
            }
    return out


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def scored_response(engine: ScreeningEngine, hit: Hit, threshold: float) -> dict[str, Any]:
    """A hit as yente's ScoredEntityResponse (with `features` too, for clients of older yente)."""
    out = entity_response(engine, hit.entity)
    explained = explanations(hit.result.explanation)
    out["score"] = round(hit.score, 4)
    out["match"] = hit.score >= threshold
    out["features"] = {k: v["score"] for k, v in explained.items()}
    out["explanations"] = explained
    return out


def feature_docs() -> dict[str, dict[str, Any]]:
    return {k: dict(v) for k, v in FEATURES.items()}


def referent_of(entity: Entity) -> str:
    return ftm_id(entity.source, entity.source_id)

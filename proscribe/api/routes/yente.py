"""The yente-compatible endpoints: /match/{dataset}, /search/{dataset}, /entities/{id}, /algorithms, /catalog.

Datasets are proscribe's sources (`ofac`, `un`, `uk`, ...); `default`,
`sanctions` and `all` mean every list the server holds. Parameters follow
yente's: `limit` is clamped to the server's maximum as yente does, and
yente's algorithm names are accepted and served by proscribe's matcher
(the response says which ran, in the `x-algorithm` header and `matcher`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import JSONResponse
from followthemoney import model

from proscribe.api import metrics
from proscribe.api.auth import Principal
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.engine import ScreeningEngine
from proscribe.api.ftm_query import ExampleError, match_spec
from proscribe.api.holder import EngineNotReady
from proscribe.api.matching import (
    ALL_DATASETS,
    DatasetError,
    Filters,
    countries_of,
    resolve_sources,
    screen,
    topics_of,
)
from proscribe.api.models import (
    AlgorithmResponse,
    DataCatalogModel,
    EntityDetailResponse,
    EntityMatchQuery,
    EntityMatchResponse,
    ErrorResponse,
    SearchResponse,
)
from proscribe.api.routes.detail import entity_detail
from proscribe.api.serialize import ALGORITHM, entity_response, feature_docs, scored_response
from proscribe.match.query import Query as ScreenQuery
from proscribe.match.score import DEFAULT_THRESHOLD
from proscribe.sources.ftm_export import FTM_SCHEMAS

router = APIRouter()

# yente's algorithm names; a client that asks for one gets proscribe's matcher (see `matcher` in the response).
YENTE_ALGORITHMS = frozenset(
    {
        "best",
        "default",
        "logic-v1",
        "logic-v2",
        "name-based",
        "name-qualified",
        "regression-v1",
        "regression-v2",
    }
)
MATCH_PAGE = 5
SEARCH_PAGE = 10
# A search box shows the parties whose names contain a word of the query (nearly) as typed, even when
# the rest of the name makes them a poor *match*: "khan" must find "KHAN, Karim Asad Ahmad".
SEARCH_WORD_SIMILARITY = 0.8
_FTM_TO_OURS = {v: k for k, v in FTM_SCHEMAS.items()}

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Invalid query"},
    401: {"model": ErrorResponse, "description": "No valid API key"},
    403: {"model": ErrorResponse, "description": "The key's role may not do this"},
    404: {"model": ErrorResponse, "description": "No such dataset or entity"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
    429: {"model": ErrorResponse, "description": "Rate limit exceeded"},
    503: {"model": ErrorResponse, "description": "The screening index is not loaded yet"},
}


def engine_for(ctx: AppContext) -> ScreeningEngine:
    try:
        return ctx.holder.require()
    except EngineNotReady as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "5"}) from exc


def check_algorithm(algorithm: str) -> None:
    if algorithm != ALGORITHM and algorithm not in YENTE_ALGORITHMS:
        raise HTTPException(
            400,
            f"unknown algorithm {algorithm!r}: use {ALGORITHM} (yente's names are accepted as aliases)",
        )


def our_schemata(names: list[str], *, descendants: bool) -> frozenset[str]:
    """Our schemata for FtM schema names; with `descendants`, those that are a kind of them (Thing: all)."""
    out: set[str] = set()
    for name in names:
        schema = model.get(name)
        if schema is None:
            raise HTTPException(400, f"unknown schema {name!r}")
        for ours, ftm_name in FTM_SCHEMAS.items():
            candidate = model.get(ftm_name)
            if candidate is None:
                continue
            if candidate.name == schema.name or (descendants and candidate.is_a(schema.name)):
                out.add(ours)
    return frozenset(out)


def _filters(
    engine: ScreeningEngine,
    dataset: str,
    include_dataset: list[str],
    exclude_dataset: list[str],
    topics: list[str],
    exclude_schema: list[str],
    **extra: Any,
) -> Filters:
    try:
        sources = resolve_sources(engine, dataset, include_dataset)
    except DatasetError as exc:
        raise HTTPException(404, str(exc)) from exc
    return Filters(
        sources=sources,
        exclude_sources=frozenset(d for d in exclude_dataset if d not in ALL_DATASETS),
        topics=frozenset(t for t in topics if t),
        exclude_schemata=our_schemata([s for s in exclude_schema if s], descendants=False),
        **extra,
    )


@router.post(
    "/match/{dataset}",
    response_model=EntityMatchResponse,
    tags=["Matching"],
    summary="Query-by-example matcher (yente-compatible)",
    responses=ERRORS,
)
def match(
    body: EntityMatchQuery,
    dataset: str = Path(
        ..., max_length=100, description="A source (ofac, un, ...) or default/sanctions for all"
    ),
    limit: int = Query(
        MATCH_PAGE, ge=1, description="Results per query (clamped to the server maximum)"
    ),
    threshold: float = Query(
        DEFAULT_THRESHOLD, ge=0.0, le=1.0, description="Score at which `match` is true"
    ),
    cutoff: float = Query(
        0.0, ge=0.0, le=1.0, description="Results scoring below this are left out"
    ),
    algorithm: str = Query(
        "best", max_length=100, description=f"{ALGORITHM}; yente's names are aliases of it"
    ),
    include_dataset: list[str] = Query([], description="Only results from these datasets"),
    exclude_dataset: list[str] = Query([], description="No results from these datasets"),
    exclude_schema: list[str] = Query([], description="No results of these FtM schemata"),
    topics: list[str] = Query(
        [], description="Only results with any of these topics (e.g. sanction)"
    ),
    exclude_entity_ids: list[str] = Query(
        [], description="Leave these entities out (ids or referents)"
    ),
    principal: Principal = Depends(requires("screener")),
    ctx: AppContext = Depends(get_context),
) -> JSONResponse:
    """Screen a batch of example entities, each keyed by a name the caller chooses.

    Send FtM entities as yente expects them, e.g.
    `{"queries": {"c1": {"schema": "Person", "properties": {"name": ["Karim Khan"], "birthDate": ["1970"]}}}}`.
    Each response lists the best-scoring listed parties with their FtM properties, `score`,
    `match` (score >= threshold) and `explanations` per feature.
    """
    check_algorithm(algorithm)
    if body.config:
        raise HTTPException(
            400, f"invalid configuration parameter(s) {', '.join(body.config)} for {ALGORITHM}"
        )
    settings = ctx.settings
    if not body.queries:
        raise HTTPException(400, "No queries provided.")
    if len(body.queries) > settings.max_batch:
        raise HTTPException(400, f"Too many queries in one batch (limit: {settings.max_batch})")
    ctx.throttle(principal, len(body.queries) - 1)
    engine = engine_for(ctx)
    limit = min(limit, settings.max_limit)
    filters = _filters(engine, dataset, include_dataset, exclude_dataset, topics, exclude_schema)
    excluded = {engine.resolve(e) or e for e in exclude_entity_ids}
    specs = {}
    for key, example in body.queries.items():
        try:
            specs[key] = match_spec(example.schema_, example.properties, example.id)
        except ExampleError as exc:
            raise HTTPException(400, f"Cannot parse example entity {key!r}: {exc}") from exc
    responses: dict[str, Any] = {}
    matched = 0
    for key, spec in specs.items():
        hits = [
            h
            for h in screen(
                engine, spec.queries, threshold=threshold, filters=filters, cutoff=cutoff
            )
            if h.entity.id not in excluded
        ]
        results = [scored_response(engine, h, threshold) for h in hits[:limit]]
        matched += sum(1 for r in results if r["match"])
        responses[key] = {
            "status": 200,
            "results": results,
            "total": {"value": len(hits), "relation": "eq"},
            "query": {
                "id": body.queries[key].id,
                "schema": spec.schema,
                "properties": spec.properties,
            },
        }
    metrics.QUERIES.labels("match").inc(len(specs))
    metrics.MATCHES.labels("match").inc(matched)
    if ctx.audit is not None:
        ctx.audit.record(
            principal.key_id,
            f"/match/{dataset}",
            body.model_dump(by_alias=True),
            {
                k: [{"id": r["id"], "score": r["score"], "match": r["match"]} for r in v["results"]]
                for k, v in responses.items()
            },
        )
    content = {"responses": responses, "matcher": feature_docs(), "limit": limit}
    return JSONResponse(
        content,
        headers={
            "x-batch-size": str(len(responses)),
            "x-algorithm": ALGORITHM,
            "x-index-version": engine.version,
        },
    )


def _shares_a_word(explanation: dict[str, Any]) -> bool:
    name = explanation.get("name")
    pairs = name.get("pairs", []) if isinstance(name, dict) else []
    return any(float(p.get("similarity", 0.0)) >= SEARCH_WORD_SIMILARITY for p in pairs)


def _facets(entities: list[Any], wanted: list[str]) -> dict[str, Any]:
    counters: dict[str, Counter[str]] = {name: Counter() for name in wanted}
    for entity in entities:
        if "countries" in counters:
            counters["countries"].update(countries_of(entity))
        if "topics" in counters:
            counters["topics"].update(topics_of(entity))
        if "datasets" in counters:
            counters["datasets"].update([entity.source])
        if "schema" in counters:
            counters["schema"].update([FTM_SCHEMAS[entity.schema]])
    labels = {
        "countries": "Countries",
        "topics": "Topics",
        "datasets": "Data sources",
        "schema": "Entity types",
    }
    return {
        name: {
            "label": labels[name],
            "values": [{"name": k, "label": k, "count": n} for k, n in counter.most_common(30)],
        }
        for name, counter in counters.items()
    }


@router.get(
    "/search/{dataset}",
    response_model=SearchResponse,
    tags=["Matching"],
    summary="Simple name search (yente-compatible)",
    responses=ERRORS,
)
def search(
    dataset: str = Path(..., max_length=100),
    q: str = Query("", max_length=1000, description="Name or part of a name; empty lists entities"),
    schema: str = Query(
        "Thing", max_length=40, description="Only entities of this FtM schema or its descendants"
    ),
    countries: list[str] = Query(
        [], description="Only entities linked to these countries (ISO codes)"
    ),
    topics: list[str] = Query([], description="Only entities with these topics"),
    datasets: list[str] = Query([], description="Only entities from these datasets"),
    include_dataset: list[str] = Query([]),
    exclude_dataset: list[str] = Query([]),
    exclude_schema: list[str] = Query([]),
    limit: int = Query(SEARCH_PAGE, ge=0),
    offset: int = Query(0, ge=0, le=10_000),
    facets: list[str] = Query(["countries", "topics", "datasets"]),
    principal: Principal = Depends(requires("screener")),
    ctx: AppContext = Depends(get_context),
) -> JSONResponse:
    """Find listed parties by name, ranked by proscribe's name matching, with facet counts."""
    engine = engine_for(ctx)
    limit = min(limit, ctx.settings.max_limit)
    unknown = [f for f in facets if f not in ("countries", "topics", "datasets", "schema")]
    if unknown:
        raise HTTPException(
            400, f"unknown facet(s) {', '.join(unknown)}: use countries, topics, datasets, schema"
        )
    filters = _filters(
        engine,
        dataset,
        [*include_dataset, *datasets],
        exclude_dataset,
        topics,
        exclude_schema,
        schemata=our_schemata([schema], descendants=True),
        countries=frozenset(c.lower() for c in countries if c),
    )
    if q.strip():
        hits = screen(engine, [ScreenQuery.make(q)], threshold=None, filters=filters)
        found = [h.entity for h in hits if _shares_a_word(h.result.explanation)]
    else:
        found = [e for e in engine.entities.values() if filters.allows(e)]
    metrics.QUERIES.labels("search").inc()
    if ctx.audit is not None:
        ctx.audit.record(
            principal.key_id,
            f"/search/{dataset}",
            {"q": q},
            [e.id for e in found[offset : offset + limit]],
        )
    content = {
        "limit": limit,
        "offset": offset,
        "total": {"value": len(found), "relation": "eq"},
        "results": [entity_response(engine, e) for e in found[offset : offset + limit]],
        "facets": _facets(found, facets),
    }
    return JSONResponse(content, headers={"x-index-version": engine.version})


@router.get(
    "/entities/{entity_id:path}",
    response_model=EntityDetailResponse,
    tags=["Data access"],
    summary="One listed party with its designations, measures and relations",
    responses=ERRORS,
)
def fetch_entity(
    entity_id: str = Path(
        ..., max_length=400, description="proscribe id (ofac:52965) or FtM id (ofac-52965)"
    ),
    nested: bool = Query(
        True, description="Nest sanctions, documents and linked parties in properties"
    ),
    jurisdiction: str | None = Query(
        None, max_length=10, description="Assess measures from this jurisdiction"
    ),
    activity: str = Query(
        "general", max_length=20, description="payment, onboarding, entry or general"
    ),
    on: str | None = Query(None, max_length=10, description="Date of the assessment (YYYY-MM-DD)"),
    principal: Principal = Depends(requires("screener")),
    ctx: AppContext = Depends(get_context),
) -> JSONResponse:
    """The entity as yente returns it, plus proscribe's record, designations (with their programmes'
    measures), relations in both directions, and an assessment of the measures from a perspective."""
    engine = engine_for(ctx)
    entity = engine.entity(entity_id)
    if entity is None:
        raise HTTPException(404, f"no entity {entity_id!r} in the lists this server serves")
    content = entity_detail(
        engine, entity, nested, jurisdiction or ctx.settings.default_jurisdiction, activity, on
    )
    return JSONResponse(content, headers={"x-index-version": engine.version})


@router.get(
    "/algorithms",
    response_model=AlgorithmResponse,
    tags=["Matching"],
    summary="The matching algorithm and its features",
    responses=ERRORS,
    dependencies=[Depends(requires("screener"))],
)
def algorithms() -> AlgorithmResponse:
    """One algorithm: proscribe's. yente's algorithm names are accepted by /match as aliases of it."""
    docs = feature_docs()
    description = (
        "Name alignment (transliteration, phonetics, token rarity) plus birth date, country, identifier, "
        "gender and schema evidence in log-odds; explained per feature."
    )
    return AlgorithmResponse.model_validate(
        {
            "algorithms": [
                {
                    "name": ALGORITHM,
                    "description": description,
                    "features": docs,
                    "docs": {
                        "name": ALGORITHM,
                        "description": description,
                        "config": {},
                        "features": docs,
                    },
                }
            ],
            "default": ALGORITHM,
            "best": ALGORITHM,
        }
    )


@router.get(
    "/catalog",
    response_model=DataCatalogModel,
    tags=["Data access"],
    summary="The datasets this server holds (yente-compatible)",
    responses=ERRORS,
    dependencies=[Depends(requires("screener"))],
)
def catalog(ctx: AppContext = Depends(get_context)) -> DataCatalogModel:
    """Each source as a dataset, with the snapshot being served; `default` contains them all."""
    engine = engine_for(ctx)
    datasets: list[dict[str, Any]] = []
    for source, snap in engine.snapshots.items():
        datasets.append(
            {
                "name": source,
                "title": f"{source} ({snap.format})",
                "summary": f"snapshot {snap.id}"
                + (f", list date {snap.published}" if snap.published else ""),
                "version": str(snap.id),
                "index_version": engine.version,
                "last_change": snap.imported_at.isoformat(),
                "entity_count": snap.entity_count,
            }
        )
    children = list(engine.snapshots)
    for name in sorted(ALL_DATASETS):
        datasets.append(
            {
                "name": name,
                "title": "All lists",
                "version": engine.version,
                "index_version": engine.version,
                "children": children,
                "entity_count": len(engine),
            }
        )
    names = [d["name"] for d in datasets]
    return DataCatalogModel.model_validate({"datasets": datasets, "current": names, "outdated": []})

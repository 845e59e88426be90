"""POST /screen: proscribe's own format — explained hits and, for matches, what they oblige.

One request screens a batch of parties described in plain fields (name,
schema, birth date, country, identifier numbers, gender). A query that
cannot be understood gets an `error` in its own result and the rest of the
batch is screened, as in batch screening. Every hit carries the full
explanation; every match (score at or above the threshold) carries the
assessment of its designations from the request's perspective (or the
server's default jurisdiction): measures, actions with their legal basis
and deadlines, exposures.

Every hit at or above the alert threshold (`PROSCRIBE_ALERT_THRESHOLD`,
whatever `threshold` the request asks for: that one only sets `match`)
becomes an alert for reviewers, through `cases.raising.record_screening`,
acting as the API key. A query's `customer_id` names the subject, so a
cleared pair is suppressed next time instead of alerting again; what was
recorded comes back in each result's `alerts`. Hits are recorded before
the answer is sent: when recording fails the request fails, rather than
answer with hits no reviewer will see.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import JSONResponse

from proscribe.api import metrics
from proscribe.api.auth import Principal
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.matching import DatasetError, Filters, resolve_sources, screen
from proscribe.api.models import ScreenRequest, ScreenResponse
from proscribe.api.routes.casework import actor, case_settings
from proscribe.api.routes.yente import ERRORS, engine_for
from proscribe.api.serialize import ALGORITHM
from proscribe.cases.raising import record_screening
from proscribe.match.query import Query, QueryError
from proscribe.match.score import DEFAULT_THRESHOLD
from proscribe.measures import DISCLAIMER, Perspective, assess, assessment_to_dict, perspective

router = APIRouter()


@router.post(
    "/screen",
    response_model=ScreenResponse,
    tags=["Screening"],
    summary="Screen parties: explained hits with measures and obligations",
    responses=ERRORS,
)
def screen_parties(
    body: ScreenRequest,
    principal: Principal = Depends(requires("screener")),
    ctx: AppContext = Depends(get_context),
) -> JSONResponse:
    settings = ctx.settings
    if len(body.queries) > settings.max_batch:
        raise HTTPException(
            400, f"too many queries in one batch ({len(body.queries)}; limit {settings.max_batch})"
        )
    ctx.throttle(principal, len(body.queries) - 1)
    recording = case_settings()
    view: Perspective | None = None
    wanted = body.perspective
    jurisdiction = wanted.jurisdiction if wanted is not None else settings.default_jurisdiction
    if jurisdiction:
        try:
            view = perspective(
                jurisdiction,
                wanted.activity if wanted is not None else "general",
                wanted.on if wanted is not None else None,
            )
        except ValueError as exc:
            raise HTTPException(400, f"perspective: {exc}") from exc
    engine = engine_for(ctx)
    sources: frozenset[str] | None = None
    if body.datasets:
        chosen: set[str] = set()
        for name in body.datasets:
            try:
                resolved = resolve_sources(engine, name)
            except DatasetError as exc:
                raise HTTPException(404, str(exc)) from exc
            chosen |= set(engine.sources) if resolved is None else resolved
        sources = frozenset(chosen)
    filters = Filters(sources=sources)
    threshold = DEFAULT_THRESHOLD if body.threshold is None else body.threshold
    limit = min(body.limit, settings.max_limit)
    results: list[dict[str, Any]] = []
    matched = 0
    for item in body.queries:
        echo = item.model_dump(by_alias=True, exclude_none=True)
        try:
            query = Query.make(
                name=item.name,
                schema=item.schema_,
                birth_date=item.birth_date,
                country=item.country,
                id_number=item.id_number,
                gender=item.gender,
                id=item.id,
            )
        except QueryError as exc:
            results.append(
                {
                    "id": item.id,
                    "query": echo,
                    "error": str(exc),
                    "matches": 0,
                    "hits": [],
                    "alerts": None,
                }
            )
            continue
        found = screen(engine, [query], threshold=threshold, filters=filters)
        # Every hit reaching the alert threshold is recorded, not only the `limit` shown.
        recorded = record_screening(
            ctx.store.engine,
            query,
            [hit.result for hit in found],
            actor=actor(principal),
            origin="api",
            subject_id=item.customer_id,
            settings=recording,
        )
        out_hits = []
        for hit in found[:limit]:
            out = hit.result.to_dict(explain=body.explain)
            out.setdefault("explanation", None)
            out.setdefault("programmes", [])
            out["summary"] = hit.result.summary
            out["assessment"] = None
            if view is not None and hit.result.match:
                out["assessment"] = assessment_to_dict(
                    assess(hit.entity, view, related=engine.relations())
                )
            out_hits.append(out)
        count = sum(1 for h in out_hits if h["match"])
        matched += count
        results.append(
            {
                "id": item.id,
                "query": echo,
                "error": None,
                "matches": count,
                "hits": out_hits,
                "alerts": recorded.to_dict(),
            }
        )
    metrics.QUERIES.labels("screen").inc(len(body.queries))
    metrics.MATCHES.labels("screen").inc(matched)
    if ctx.audit is not None:
        ctx.audit.record(
            principal.key_id,
            "/screen",
            body.model_dump(by_alias=True, mode="json"),
            [
                {
                    "id": r["id"],
                    "hits": [
                        {"entity_id": h["entity_id"], "score": h["score"], "match": h["match"]}
                        for h in r["hits"]
                    ],
                }
                for r in results
            ],
        )
    content = {
        "results": results,
        "threshold": threshold,
        "algorithm": ALGORITHM,
        "index_version": engine.version,
        "snapshots": {source: snap.id for source, snap in engine.snapshots.items()},
        "disclaimer": DISCLAIMER if view is not None else None,
    }
    return JSONResponse(content, headers={"x-index-version": engine.version})

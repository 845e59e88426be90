"""Request and response models: yente's wire format for /match, /search and /entities, ours beside it.

The yente models follow yente's `yente/data/common.py` field by field
(EntityExample, EntityMatchQuery, ScoredEntityResponse with `explanations`
of FeatureResult, EntityMatches, EntityMatchResponse, SearchResponse), so
existing clients parse our answers unchanged; fields only proscribe has are
additions that yente clients ignore. Endpoints build plain dicts and return
them without re-validation (the hot path); these models document the
schema, validate requests, and let the schema tests check every response.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# --- errors and status ---------------------------------------------------------


class ErrorResponse(BaseModel):
    detail: str = Field(..., examples=["Detailed error message"])


class StatusResponse(BaseModel):
    status: str = "ok"


class ReadyResponse(BaseModel):
    status: str
    index_version: str | None = None
    entities: int = 0
    datasets: list[str] = []
    detail: str | None = None


# --- yente entities ------------------------------------------------------------


class EntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(..., examples=["ofac:52965"])
    caption: str = Field(..., examples=["KHAN, Karim Asad Ahmad"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, list[str | EntityResponse]] = Field(
        ..., examples=[{"name": ["KHAN, Karim Asad Ahmad"]}]
    )
    datasets: list[str] = Field([], examples=[["ofac"]])
    referents: list[str] = Field([], examples=[["ofac-52965"]])
    target: bool = False
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None


EntityResponse.model_rebuild()


class FeatureResult(BaseModel):
    score: float
    detail: str | None = None
    query: str | None = None
    candidate: str | None = None


class ScoredEntityResponse(EntityResponse):
    score: float = Field(..., examples=[0.93])
    match: bool
    features: dict[str, float] = Field(
        {}, description="Feature scores (the older yente field; see explanations)."
    )
    explanations: dict[str, FeatureResult] = Field(
        ..., description="Per feature: its score, and how it was calculated (the values compared)."
    )


class TotalSpec(BaseModel):
    value: int
    relation: Literal["eq", "gte"] = "eq"


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["customer-123"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(
        ..., examples=[{"name": ["Karim Khan"], "birthDate": ["1970-03-30"], "nationality": ["gb"]}]
    )


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field(
        {}, description="Accepted for yente compatibility; proscribe's weights are fixed."
    )
    config: dict[str, str | int | float | bool | None] = Field(
        {},
        description="Accepted for yente compatibility; must be empty (proscribe's algorithm has no parameters).",
    )
    queries: dict[str, EntityExample]


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str | None
    coefficient: float
    url: str


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


class SearchFacetItem(BaseModel):
    name: str
    label: str
    count: int = 1


class SearchFacet(BaseModel):
    label: str
    values: list[SearchFacetItem]


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, SearchFacet]


class AlgorithmDocs(BaseModel):
    name: str
    description: str | None = None
    config: dict[str, Any] = {}
    features: dict[str, FeatureDoc]


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]
    docs: AlgorithmDocs


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str


class DatasetModel(BaseModel):
    name: str
    title: str
    summary: str | None = None
    load: bool = True
    version: str
    index_version: str | None = None
    index_current: bool = True
    children: list[str] = []
    last_change: str | None = None
    entity_count: int = 0


class DataCatalogModel(BaseModel):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


# --- proscribe entities ----------------------------------------------------------


class ProgrammeOut(BaseModel):
    authority: str
    code: str
    title: str
    legal_basis: str
    measures: list[dict[str, Any]]
    ended: str | None = None
    url: str | None = None
    secondary_sanctions: str | None = None


class DesignationOut(BaseModel):
    authority: str
    programme: str | None = None
    legal_basis: str | None = None
    listed_on: str | None = None
    reference: str | None = None
    remarks: str | None = None
    programme_info: ProgrammeOut | None = Field(
        None,
        description="The programme as proscribe's measures catalogue knows it; null when unmapped.",
    )


class RelatedOut(BaseModel):
    id: str
    caption: str
    schema_: str = Field(..., alias="schema")


class RelationOut(BaseModel):
    kind: str
    direction: Literal["outgoing", "incoming"]
    role: str | None = None
    share: float | None = None
    target_id: str | None = None
    target_name: str | None = None
    target: RelatedOut | None = None


class EntityDetailResponse(EntityResponse):
    source: str
    source_id: str
    snapshot_id: int | None = None
    entity: dict[str, Any] = Field(..., description="The entity in proscribe's own model.")
    designations: list[DesignationOut]
    relations: list[RelationOut]
    assessment: dict[str, Any] | None = Field(
        None,
        description="What a hit means from the requested perspective (measures, actions, exposures).",
    )


# --- lists -------------------------------------------------------------------------


class SnapshotOut(BaseModel):
    id: int
    source: str
    format: str
    files: list[str]
    file_hash: str
    published: str | None = None
    imported_at: str
    entity_count: int
    counts: dict[str, int] = {}
    issue_count: int = 0


class SourceOut(BaseModel):
    source: str
    latest: SnapshotOut
    serving: int | None = Field(None, description="The snapshot the screening index serves now.")
    snapshots: list[SnapshotOut]


class IndexOut(BaseModel):
    version: str | None = None
    entities: int = 0
    built_at: str | None = None
    build_seconds: float | None = None
    reloads: int = 0
    last_error: str | None = None


class ListsResponse(BaseModel):
    sources: list[SourceOut]
    index: IndexOut


class ChangesResponse(BaseModel):
    source: str
    since: str | None = None
    from_snapshot: SnapshotOut | None
    to_snapshot: SnapshotOut
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[dict[str, Any]]
    unchanged: int


class ReloadResponse(BaseModel):
    changed: bool
    version: str | None
    seconds: float
    error: str | None = None


# --- keys --------------------------------------------------------------------------


class KeyOut(BaseModel):
    key_id: str
    name: str
    role: str
    created_at: str
    revoked_at: str | None = None
    rate_limit: int | None = None
    active: bool


class KeyCreate(BaseModel):
    name: str = Field(..., min_length=1, max_length=200)
    role: Literal["screener", "reviewer", "admin"]
    rate_limit: int | None = Field(None, gt=0, le=1_000_000)


class KeyCreated(BaseModel):
    key: KeyOut
    token: str = Field(..., description="The full key; shown this once and never again.")


class KeysResponse(BaseModel):
    keys: list[KeyOut]


# --- /screen -----------------------------------------------------------------------


class PerspectiveIn(BaseModel):
    jurisdiction: str = Field(..., min_length=2, max_length=10, examples=["FR"])
    activity: Literal["general", "payment", "onboarding", "entry"] = "general"
    on: date | None = None


class ScreenQuery(BaseModel):
    id: str | None = Field(None, max_length=200)
    customer_id: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="The customer's own id: alerts are raised for this customer, a cleared pair "
        "(good-guy list) is recognised next time, and an alert is never raised twice. Without it "
        "every hit is an alert of its own.",
    )
    name: str = Field(..., min_length=1, max_length=1000)
    schema_: str | None = Field(None, alias="schema", max_length=40)
    birth_date: str | None = Field(None, max_length=40)
    country: str | None = Field(None, max_length=100)
    id_number: str | list[str] | None = None
    gender: str | None = Field(None, max_length=20)

    model_config = ConfigDict(populate_by_name=True)


class ScreenRequest(BaseModel):
    queries: list[ScreenQuery] = Field(..., min_length=1)
    limit: int = Field(10, ge=1)
    threshold: float | None = Field(None, ge=0.0, le=1.0)
    datasets: list[str] | None = None
    perspective: PerspectiveIn | None = None
    explain: bool = True


class ScreenHit(BaseModel):
    entity_id: str
    source: str
    source_id: str
    schema_: str = Field(..., alias="schema")
    name: str
    score: float
    match: bool
    programmes: list[str] = []
    summary: str
    explanation: dict[str, Any] | None = None
    assessment: dict[str, Any] | None = None


class RecordedAlerts(BaseModel):
    """What the screening left for reviewers: hits at or above the alert threshold become alerts."""

    alerts: int = Field(..., description="New alerts raised")
    alert_ids: list[int]
    suppressed: int = Field(..., description="Hits held back by the good-guy list")
    lifted: int = Field(..., description="Good-guy entries lifted because facts changed")
    annotated: int = Field(..., description="Standing alerts annotated with changed data")
    existing: int = Field(..., description="Hits that already have a standing alert")


class ScreenQueryResult(BaseModel):
    id: str | None
    query: dict[str, Any]
    error: str | None = None
    matches: int = 0
    hits: list[ScreenHit]
    alerts: RecordedAlerts | None = None


class ScreenResponse(BaseModel):
    results: list[ScreenQueryResult]
    threshold: float
    algorithm: str
    index_version: str
    snapshots: dict[str, int]
    disclaimer: str | None = None

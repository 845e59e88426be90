"""Request and response models of the alert-work endpoints: alerts, customers, good-guy list,
monitoring, audit.

The shapes are those of the service's own `to_dict()`s (`proscribe.cases`),
so the CLI's `--json` output and the API answer alike. Requests are bounded
here (lengths, counts, id ranges) so a bad one is a 422 naming the field,
and never reaches the database as something it cannot store.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# SQLite and PostgreSQL integer keys are 64-bit; larger path values are refused as invalid.
MAX_ID = 2**63 - 1

StateName = Literal["open", "in_review", "pending_approval", "decided", "closed"]
DecisionName = Literal["true_match", "false_positive", "escalated"]

# --- alerts --------------------------------------------------------------------


class AlertOut(BaseModel):
    id: int
    state: StateName
    subject_type: str = Field(..., description="customer (screened with an id) or query")
    subject_id: str | None = Field(
        None, description="The customer's own id, when screened with one"
    )
    query: dict[str, Any] = Field(..., description="What was screened, exactly as screened")
    entity_id: str = Field(..., examples=["ofac:52965"])
    source: str
    source_id: str
    schema_: str = Field(..., alias="schema")
    caption: str
    snapshot_id: int = Field(..., description="The list snapshot the alert was raised on")
    content_hash: str = Field(..., description="The version of the list entry it was raised on")
    score: float
    threshold: float
    summary: str
    origin: str = Field(..., description="monitoring, api, cli or batch")
    run_id: int | None = None
    decision: DecisionName | None = None
    proposed_decision: DecisionName | None = None
    proposed_by: str | None = None
    decided_by: str | None = None
    approved_by: str | None = None
    assignee: str | None = None
    resolution: str | None = None
    version: int = Field(
        ..., description="Send it back as expected_version to act on what you read"
    )
    created_at: str
    updated_at: str
    closed_at: str | None = None
    explanation: dict[str, Any] | None = Field(
        None, description="The full explanation of the score (detail only)"
    )
    obligations: dict[str, Any] | None = Field(
        None, description="What the hit obliges, from the configured perspective (detail only)"
    )

    model_config = ConfigDict(populate_by_name=True)


class AlertsResponse(BaseModel):
    alerts: list[AlertOut]
    total: int = Field(..., description="Alerts matching the filters, over all pages")
    limit: int
    offset: int


class AlertEventOut(BaseModel):
    id: int
    alert_id: int
    at: str
    actor: str
    kind: str = Field(
        ..., examples=["created", "assigned", "comment", "proposed", "decided", "closed"]
    )
    content: dict[str, Any]


class GoodGuyOut(BaseModel):
    id: int
    subject_id: str
    entity_id: str
    alert_id: int
    decided_by: str
    approved_by: str | None = None
    created_at: str
    active: bool
    lifted: bool = Field(..., description="True once the customer's or the entry's facts changed")
    lifted_at: str | None = None
    lifted_reason: str | None = None
    subject_facts: dict[str, Any]
    entity_facts: dict[str, Any]


class AlertDetailResponse(BaseModel):
    alert: AlertOut
    events: list[AlertEventOut]
    good_guy: GoodGuyOut | None = None


class AssignRequest(BaseModel):
    assignee: str = Field(..., min_length=1, max_length=200)
    expected_version: int | None = Field(
        None, ge=1, le=MAX_ID, description="The version you read; 409 if the alert changed since"
    )


class CommentRequest(BaseModel):
    text: str = Field(..., min_length=1, max_length=10_000)


class DecideRequest(BaseModel):
    decision: DecisionName
    reason: str = Field(..., min_length=1, max_length=10_000)
    expected_version: int | None = Field(None, ge=1, le=MAX_ID)


class CloseRequest(BaseModel):
    reason: str = Field(..., min_length=1, max_length=10_000)
    expected_version: int | None = Field(None, ge=1, le=MAX_ID)


# --- good-guy list and suppressions ------------------------------------------------


class GoodGuysResponse(BaseModel):
    good_guys: list[GoodGuyOut]
    limit: int
    offset: int


class SuppressionOut(BaseModel):
    id: int
    good_guy_id: int
    subject_id: str
    entity_id: str
    snapshot_id: int
    score: float
    origin: str
    run_id: int | None = None
    at: str


class SuppressionsResponse(BaseModel):
    suppressions: list[SuppressionOut]
    limit: int
    offset: int


# --- customers ------------------------------------------------------------------------

Scalar = str | int | float | bool | None


class CustomerIn(BaseModel):
    """One row of the batch-screening contract; further fields are kept with the customer."""

    id: str | int = Field(..., examples=["C-1001"])
    name: str = Field(..., max_length=1000, examples=["Karim Asad Ahmad Khan"])
    schema_: str | None = Field(None, alias="schema", max_length=40)
    birth_date: str | None = Field(None, max_length=40)
    country: str | None = Field(None, max_length=100)
    id_number: str | None = Field(None, max_length=200)
    gender: str | None = Field(None, max_length=20)

    model_config = ConfigDict(populate_by_name=True, extra="allow")

    @model_validator(mode="after")
    def _flat_extras(self) -> CustomerIn:
        # Extra columns are kept as text, as a CSV column would be; nested values have no such form.
        for key, value in (self.model_extra or {}).items():
            if not isinstance(value, str | int | float | bool | None):
                raise ValueError(
                    f"field {key!r} must be text or a number, not {type(value).__name__}"
                )
            if isinstance(value, str) and len(value) > 1000:
                raise ValueError(f"field {key!r} is longer than 1000 characters")
        return self

    def row(self) -> dict[str, Scalar]:
        """The row as a batch file would carry it (extra fields included)."""
        out: dict[str, Scalar] = {
            "id": self.id,
            "name": self.name,
            "schema": self.schema_,
            "birth_date": self.birth_date,
            "country": self.country,
            "id_number": self.id_number,
            "gender": self.gender,
        }
        out.update(self.model_extra or {})
        return out


class CustomersImport(BaseModel):
    customers: list[CustomerIn] = Field(..., min_length=1)
    mode: Literal["upsert", "replace"] = Field(
        "upsert",
        description="upsert: add and update these customers; replace: these are the whole "
        "monitored set (every other customer is removed)",
    )


class CustomerImportResponse(BaseModel):
    file: str
    mode: str
    rows: int
    added: int
    updated: int
    reactivated: int
    unchanged: int
    removed: int
    seconds: float


class CustomerProblem(BaseModel):
    index: int | None = Field(..., description="Position of the row in `customers`")
    field: str | None = Field(None, description="The field at fault, when one is")
    message: str


class CustomerImportError(BaseModel):
    detail: str
    problems: list[CustomerProblem] = Field(
        [], description="Every row problem (none when the body itself is not JSON)"
    )


class CustomerOut(BaseModel):
    id: str
    name: str
    schema_: str | None = Field(None, alias="schema")
    birth_date: str | None = None
    country: str | None = None
    id_number: str | None = None
    gender: str | None = None
    extra: dict[str, Any]
    active: bool
    screened: bool = Field(..., description="Screened by monitoring since its last change")
    updated_at: str | None = None

    model_config = ConfigDict(populate_by_name=True)


class CustomerCounts(BaseModel):
    active: int
    removed: int


class CustomersResponse(BaseModel):
    customers: list[CustomerOut]
    counts: CustomerCounts
    limit: int
    offset: int


class CustomerDetailResponse(BaseModel):
    customer: CustomerOut
    alerts: list[AlertOut] = Field(..., description="The customer's alerts, newest first")
    good_guys: list[GoodGuyOut] = Field(..., description="Cleared pairs, lifted ones included")


# --- monitoring -----------------------------------------------------------------------


class MonitorRunResponse(BaseModel):
    run_id: int
    deltas: list[dict[str, Any]]
    customers: int
    delta_screened: int
    full_screened: int
    hits: int
    alerts: int
    alert_ids: list[int]
    suppressed: int
    lifted: int
    annotated: int
    existing: int
    closed_delisted: int
    annotated_changed_or_removed: int
    seconds: dict[str, float]

    model_config = ConfigDict(extra="allow")


class MonitorRunOut(BaseModel):
    id: int
    actor: str
    status: str
    started_at: str
    finished_at: str | None = None
    snapshots: list[dict[str, Any]]
    counts: dict[str, Any]
    message: str | None = None


class MonitorRunsResponse(BaseModel):
    runs: list[MonitorRunOut]


# --- audit ------------------------------------------------------------------------------


class AuditProblemOut(BaseModel):
    seq: int
    message: str


class AuditVerifyResponse(BaseModel):
    ok: bool
    records: int
    first_seq: int | None = None
    last_seq: int | None = None
    head_seq: int
    problems: list[AuditProblemOut]

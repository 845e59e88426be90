"""The monitored customers over HTTP (role reviewer): import a batch as JSON, list, show one.

Rows follow the batch-screening contract (`id, name, schema, birth_date,
country, id_number, gender`, further fields kept as `extra`) and go through
the same all-or-nothing import as `proscribe customers import`: one bad row
fails the request with the index and field of every problem, and nothing
is written.

The default mode is `upsert`, not the CLI's `replace`: a request body is
bounded (`--max-body`), so it usually carries a segment of the customer
base, and replacing the whole monitored set with a segment would remove
everyone else. `mode: replace` is there for small deployments that send
their whole set at once.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

from proscribe.api.auth import Principal
from proscribe.api.case_models import (
    CustomerDetailResponse,
    CustomerImportError,
    CustomerImportResponse,
    CustomersImport,
    CustomersResponse,
)
from proscribe.api.context import AppContext, get_context, requires
from proscribe.api.routes.alerts import with_good_guy_flag
from proscribe.api.routes.casework import CASE_ERRORS, actor, service_errors
from proscribe.cases.alerts import list_alerts
from proscribe.cases.customers import (
    FIELDS,
    count_customers,
    get_customer,
    import_rows,
    list_customers,
)
from proscribe.cases.errors import CustomerFileError
from proscribe.cases.goodguys import list_good_guys

router = APIRouter(tags=["Customers"])

IMPORT_LABEL = "POST /customers"
DETAIL_ALERTS = 100

IMPORT_ERRORS: dict[int | str, dict[str, Any]] = {
    **CASE_ERRORS,
    400: {
        "model": CustomerImportError,
        "description": "Rows that cannot be imported, by index and field; nothing was written",
    },
}


def _field(message: str) -> str | None:
    """The field a row problem is about: the service's messages start with the field's name."""
    first = message.split(" ", 1)[0]
    return first if first in FIELDS else None


@router.post(
    "/customers",
    response_model=CustomerImportResponse,
    summary="Import customers to monitor (all or nothing)",
    responses=IMPORT_ERRORS,
)
def import_customers(
    body: CustomersImport,
    principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> Any:
    """New customers are screened by the next monitoring run (`POST /monitor/run`, the schedule,
    or the run after every list update)."""
    rows = [c.row() for c in body.customers]
    try:
        result = import_rows(ctx.store.engine, rows, actor(principal), body.mode, IMPORT_LABEL)
    except CustomerFileError as exc:
        problems = [
            {"index": index, "field": _field(message), "message": message}
            for index, message in exc.problems
        ]
        shown = "; ".join(
            f"customers[{index}]: {message}" if index is not None else message
            for index, message in exc.problems[:10]
        )
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        return JSONResponse(
            {"detail": f"{shown}{more}; nothing was imported", "problems": problems},
            status_code=400,
        )
    return result.to_dict()


@router.get(
    "/customers",
    response_model=CustomersResponse,
    summary="The monitored customers, by id",
    responses=CASE_ERRORS,
)
def customers(
    search: str | None = Query(None, max_length=200, description="Part of a name or id"),
    include_removed: bool = Query(False, description="Also customers no longer monitored"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    _principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    engine = ctx.store.engine
    found = list_customers(engine, include_removed, limit, offset, search)
    return {
        "customers": [c.to_dict() for c in found],
        "counts": count_customers(engine),
        "limit": limit,
        "offset": offset,
    }


@router.get(
    "/customers/{customer_id:path}",
    response_model=CustomerDetailResponse,
    summary="One customer, with its alerts and good-guy entries",
    responses=CASE_ERRORS,
)
def customer(
    customer_id: Annotated[str, Path(max_length=200, description="The customer's own id")],
    _principal: Principal = Depends(requires("reviewer")),
    ctx: AppContext = Depends(get_context),
) -> dict[str, Any]:
    """Removed customers are shown too (`active: false`): their alerts still resolve. The newest
    100 alerts are included; `GET /alerts?customer=` pages through all of them."""
    engine = ctx.store.engine
    with service_errors():
        found = get_customer(engine, customer_id)
    alerts = list_alerts(engine, subject_id=customer_id, limit=DETAIL_ALERTS)
    cleared = list_good_guys(engine, include_lifted=True, subject_id=customer_id)
    return {
        "customer": found.to_dict(),
        "alerts": [a.to_dict(full=False) for a in alerts],
        "good_guys": [with_good_guy_flag(g.to_dict()) for g in cleared],
    }

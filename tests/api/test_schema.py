"""schemathesis against the OpenAPI schema: generated requests to every operation, no 5xx, and
every response conforms to the schema it documents.

The cases are generated from the schema of an app over an empty in-memory store (the schema
does not depend on the data) and sent to the real app over the real lists.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from proscribe.api import create_app
from proscribe.store import Store
from tests.api.conftest import TEST_SETTINGS, Keys

pytestmark = pytest.mark.xdist_group("api")

schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(TEST_SETTINGS, store=Store.open("sqlite://"))
)


def test_schema_covers_every_endpoint() -> None:
    paths = {op.path for op in (result.ok() for result in schema.get_all_operations())}
    assert {
        "/match/{dataset}",
        "/search/{dataset}",
        "/entities/{entity_id}",
        "/screen",
        "/lists",
        "/lists/{source}/changes",
        "/lists/reload",
        "/healthz",
        "/readyz",
        "/metrics",
        "/keys",
        "/keys/{key_id}",
        "/algorithms",
        "/catalog",
    } <= paths


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case, app: FastAPI, keys: Keys) -> None:
    """As an admin (every operation reachable), generated input never yields a 5xx and every
    answer matches its documented schema. Reloading is left out: each call rebuilds the index;
    test_lists.py and test_swap.py cover it."""
    if case.path == "/lists/reload":
        return
    case.call_and_validate(
        app=app,
        headers=keys.header("admin"),
        checks=[not_a_server_error, response_schema_conformance],
    )

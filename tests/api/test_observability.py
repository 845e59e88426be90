"""Metrics, logs without personal data, and the opt-in audit trail."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from proscribe.api import ApiSettings
from proscribe.api.engine import ScreeningEngine
from proscribe.store import Store
from tests.api.conftest import Keys, make_app

pytestmark = pytest.mark.xdist_group("api")

SECRET_NAME = "Karim Asad Ahmad Khan"
QUERY = {
    "queries": {
        "q": {
            "schema": "Person",
            "properties": {"name": [SECRET_NAME], "birthDate": ["1970-03-30"]},
        }
    }
}


def test_metrics_count_requests_by_route(client: TestClient, keys: Keys) -> None:
    client.post("/match/default", json=QUERY, headers=keys.header())
    client.get("/search/default", params={"q": SECRET_NAME}, headers=keys.header())
    client.get("/lists", headers=keys.header())
    text = client.get("/metrics", headers=keys.header("admin")).text
    assert (
        'proscribe_api_requests_total{method="POST",route="/match/{dataset}",status="200"}' in text
    )
    assert 'route="/lists",status="403"' in text
    assert "proscribe_api_request_seconds_bucket" in text
    assert 'proscribe_api_queries_total{endpoint="match"}' in text
    assert 'proscribe_api_auth_failures_total{status="403"}' in text
    assert "proscribe_api_index_entities 1018.0" in text
    assert "Khan" not in text and "khan" not in text


def test_logs_carry_no_query_content(
    client: TestClient, keys: Keys, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        client.post("/match/default", json=QUERY, headers=keys.header())
        client.get("/search/default", params={"q": SECRET_NAME}, headers=keys.header())
        client.post("/screen", json={"queries": [{"name": SECRET_NAME}]}, headers=keys.header())
    access = [r.getMessage() for r in caplog.records if r.name == "proscribe.api.access"]
    assert any(m.startswith("POST /match/{dataset} 200") for m in access)
    assert any(m.startswith("GET /search/{dataset} 200") for m in access)
    key_id = keys.screener.split("_")[1]
    assert all(f"key={key_id}" in m for m in access)
    # Everything the server side logged (the test's own HTTP client logs its URLs; that is not the server).
    everything = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))
    )
    assert "Khan" not in everything and "1970-03-30" not in everything
    assert keys.screener not in everything


def test_audit_log_records_content_only_when_enabled(
    api_store: Store, api_engine: ScreeningEngine, keys: Keys, tmp_path: Path
) -> None:
    audit = tmp_path / "audit" / "screening.jsonl"
    settings = ApiSettings(
        reload_interval=0, key_cache_seconds=0, rate_limit=0, index_cache=False, audit_log=audit
    )
    with TestClient(make_app(api_store, api_engine, settings)) as client:
        client.post("/match/default", json=QUERY, headers=keys.header())
        client.post(
            "/screen", json={"queries": [{"id": "c1", "name": SECRET_NAME}]}, headers=keys.header()
        )
        client.get("/search/default", params={"q": "khan"}, headers=keys.header())
    lines = [json.loads(line) for line in audit.read_text().splitlines()]
    assert [line["endpoint"] for line in lines] == ["/match/default", "/screen", "/search/default"]
    match = lines[0]
    assert match["key_id"] == keys.screener.split("_")[1]
    assert match["request"]["queries"]["q"]["properties"]["name"] == [SECRET_NAME]
    assert match["results"]["q"][0] == {
        "id": "ofac:52965",
        "score": match["results"]["q"][0]["score"],
        "match": True,
    }
    assert lines[1]["results"][0]["hits"][0]["entity_id"] == "ofac:52965"
    assert oct(audit.stat().st_mode & 0o777) == "0o600"

"""POST /screen: proscribe's own format, explanations and obligations in one response."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Keys

pytestmark = pytest.mark.xdist_group("api")


def test_screen_explains_and_assesses_matches(client: TestClient, keys: Keys) -> None:
    body = {
        "queries": [
            {
                "id": "c-1",
                "name": "Karim Asad Ahmad Khan",
                "birth_date": "1970-03-30",
                "country": "United Kingdom",
            },
            {"id": "c-2", "name": "Jane Example-Customer"},
        ],
        "perspective": {"jurisdiction": "US", "activity": "payment", "on": "2026-05-01"},
    }
    r = client.post("/screen", json=body, headers=keys.header())
    assert r.status_code == 200
    out = r.json()
    assert out["algorithm"] == "proscribe-v1" and out["threshold"] == 0.7
    assert out["snapshots"].keys() == {"ofac", "un"}
    assert "not legal advice" in out["disclaimer"]
    first, second = out["results"]
    assert first["id"] == "c-1" and first["error"] is None and first["matches"] == 1
    hit = first["hits"][0]
    assert hit["entity_id"] == "ofac:52965" and hit["match"] is True
    assert hit["programmes"] == ["OFAC:ICC-EO14203"]
    assert hit["explanation"]["birth_date"]["verdict"] == "same_day"
    assert hit["summary"].startswith('"Karim Asad Ahmad Khan" ~ "KHAN, Karim Asad Ahmad"')
    assessment = hit["assessment"]
    assert assessment["binding"] is True and assessment["perspective"]["jurisdiction"] == "US"
    report = [a for a in assessment["actions"] if a["kind"] == "report"]
    assert report and report[0]["due"] is not None
    # Hits below the threshold carry no assessment: there is nothing to oblige yet.
    assert all(h["assessment"] is None for h in first["hits"] if not h["match"])
    assert second["id"] == "c-2" and second["matches"] == 0


def test_a_bad_query_does_not_sink_the_batch(client: TestClient, keys: Keys) -> None:
    body = {
        "queries": [
            {"name": "Karim Khan", "birth_date": "not a date"},
            {"name": "Karim Asad Ahmad Khan"},
        ]
    }
    out = client.post("/screen", json=body, headers=keys.header()).json()
    assert "birth_date 'not a date' is not a date" in out["results"][0]["error"]
    assert out["results"][1]["hits"][0]["entity_id"] == "ofac:52965"
    assert out["results"][1]["hits"][0]["assessment"] is None
    assert out["disclaimer"] is None


def test_screen_options(client: TestClient, keys: Keys) -> None:
    h = keys.header()
    body = {
        "queries": [{"name": "Karim Khan"}],
        "datasets": ["un"],
        "limit": 2,
        "explain": False,
        "threshold": 0.3,
    }
    out = client.post("/screen", json=body, headers=h).json()
    hits = out["results"][0]["hits"]
    assert len(hits) <= 2 and all(x["source"] == "un" for x in hits)
    assert all(x["explanation"] is None for x in hits)
    assert out["threshold"] == 0.3
    bad = client.post(
        "/screen",
        json={"queries": [{"name": "x"}], "perspective": {"jurisdiction": "Atlantis"}},
        headers=h,
    )
    assert bad.status_code == 400 and "perspective" in bad.json()["detail"]
    assert client.post("/screen", json={"queries": []}, headers=h).status_code == 422
    assert (
        client.post(
            "/screen", json={"queries": [{"name": "x"}], "datasets": ["nowhere"]}, headers=h
        ).status_code
        == 404
    )

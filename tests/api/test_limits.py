"""Limits on body size, batch size and results, and per-key rate limiting."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from proscribe.api import ApiSettings
from proscribe.api.engine import ScreeningEngine
from proscribe.store import Store
from proscribe.store.keys import create_key
from tests.api.conftest import TEST_SETTINGS, Keys, make_app

pytestmark = pytest.mark.xdist_group("api")

KHAN = {"schema": "Person", "properties": {"name": ["Karim Khan"]}}


def _client(store: Store, engine: ScreeningEngine, **changes: object) -> TestClient:
    settings = ApiSettings(
        **{**{f: getattr(TEST_SETTINGS, f) for f in TEST_SETTINGS.__dataclass_fields__}, **changes}
    )
    return TestClient(make_app(store, engine, settings))


def test_body_over_the_limit_is_413(
    api_store: Store, api_engine: ScreeningEngine, keys: Keys
) -> None:
    with _client(api_store, api_engine, max_body_bytes=2048) as client:
        big = {"queries": {f"q{i}": KHAN for i in range(60)}}
        r = client.post("/match/default", json=big, headers=keys.header())
        assert r.status_code == 413 and "larger than 2048 bytes" in r.json()["detail"]
        # A chunked upload declares no length; the limit holds on the bytes received.
        payload = json.dumps(big).encode()

        def chunks() -> Iterator[bytes]:
            for i in range(0, len(payload), 512):
                yield payload[i : i + 512]

        r = client.post(
            "/match/default",
            content=chunks(),
            headers={**keys.header(), "content-type": "application/json"},
        )
        assert r.status_code == 413
        small = client.post("/match/default", json={"queries": {"q": KHAN}}, headers=keys.header())
        assert small.status_code == 200


def test_batch_over_the_limit_is_400(
    api_store: Store, api_engine: ScreeningEngine, keys: Keys
) -> None:
    with _client(api_store, api_engine, max_batch=3) as client:
        r = client.post(
            "/match/default",
            json={"queries": {f"q{i}": KHAN for i in range(4)}},
            headers=keys.header(),
        )
        assert (
            r.status_code == 400
            and "Too many queries in one batch (limit: 3)" in r.json()["detail"]
        )
        assert (
            client.post(
                "/match/default",
                json={"queries": {f"q{i}": KHAN for i in range(3)}},
                headers=keys.header(),
            ).status_code
            == 200
        )
        r = client.post("/screen", json={"queries": [{"name": "x"}] * 4}, headers=keys.header())
        assert r.status_code == 400 and "limit 3" in r.json()["detail"]


def test_limit_is_clamped_like_yente(
    api_store: Store, api_engine: ScreeningEngine, keys: Keys
) -> None:
    with _client(api_store, api_engine, max_limit=4) as client:
        r = client.post(
            "/match/default?limit=50", json={"queries": {"q": KHAN}}, headers=keys.header()
        )
        assert r.json()["limit"] == 4 and len(r.json()["responses"]["q"]["results"]) <= 4


def test_rate_limit_per_key(api_store: Store, api_engine: ScreeningEngine, keys: Keys) -> None:
    with _client(api_store, api_engine, rate_limit=1.0, rate_burst=3) as client:
        h = keys.header()
        statuses = [client.get("/search/default?q=khan", headers=h).status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
        r = client.get("/search/default?q=khan", headers=h)
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert f"rate limit of API key {keys.screener.split('_')[1]}" in r.json()["detail"]
        # Another key has its own bucket; a key's own rate overrides the server's.
        other = create_key(api_store.engine, "fast client", "screener", rate_limit=1000).token
        assert all(
            client.get("/search/default?q=khan", headers={"X-API-Key": other}).status_code == 200
            for _ in range(20)
        )
        # A batch costs one token per query.
        batch = create_key(api_store.engine, "batch client", "screener").token
        r = client.post(
            "/match/default",
            json={"queries": {f"q{i}": KHAN for i in range(3)}},
            headers={"X-API-Key": batch},
        )
        assert r.status_code == 200
        r = client.post(
            "/match/default", json={"queries": {"q": KHAN}}, headers={"X-API-Key": batch}
        )
        assert r.status_code == 429

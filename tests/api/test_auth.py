"""Every auth case: no key, malformed, wrong secret, revoked, wrong role; 401 and 403 told apart."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from proscribe.cases import audit
from proscribe.store import Store
from proscribe.store.keys import create_key, revoke_key
from tests.api.conftest import Keys

pytestmark = pytest.mark.xdist_group("api")

MATCH_BODY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Karim Khan"]}}}}


def test_health_needs_no_key(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["entities"] == 1018
    assert set(ready.json()["datasets"]) == {"ofac", "un"}


def test_no_key_is_401_and_says_how_to_send_one(client: TestClient) -> None:
    for method, path in [
        ("POST", "/match/default"),
        ("GET", "/search/default?q=khan"),
        ("GET", "/entities/ofac:52965"),
        ("GET", "/lists"),
        ("GET", "/metrics"),
        ("GET", "/keys"),
        ("POST", "/screen"),
    ]:
        r = client.request(method, path, json=MATCH_BODY if method == "POST" else None)
        assert r.status_code == 401, (path, r.text)
        assert "missing API key" in r.json()["detail"]
        assert r.headers["www-authenticate"].startswith("ApiKey")


def test_malformed_and_unknown_keys_are_401(client: TestClient, keys: Keys) -> None:
    r = client.post("/match/default", json=MATCH_BODY, headers={"X-API-Key": "not-a-key"})
    assert r.status_code == 401 and "malformed" in r.json()["detail"]
    key_id = keys.screener.split("_")[1]
    wrong_secret = f"psk_{key_id}_{'x' * 43}"
    r = client.post("/match/default", json=MATCH_BODY, headers={"X-API-Key": wrong_secret})
    assert r.status_code == 401 and "invalid API key" in r.json()["detail"]
    r = client.post(
        "/match/default", json=MATCH_BODY, headers={"X-API-Key": f"psk_{'0' * 12}_{'x' * 43}"}
    )
    assert r.status_code == 401 and "invalid API key" in r.json()["detail"]
    r = client.post(
        "/match/default", json=MATCH_BODY, headers={"Authorization": f"Basic {keys.screener}"}
    )
    assert r.status_code == 401 and "unsupported Authorization" in r.json()["detail"]


def test_key_accepted_in_every_documented_header(client: TestClient, keys: Keys) -> None:
    for headers in (
        {"Authorization": f"ApiKey {keys.screener}"},
        {"Authorization": f"Bearer {keys.screener}"},
        {"X-API-Key": keys.screener},
    ):
        assert client.post("/match/default", json=MATCH_BODY, headers=headers).status_code == 200


def test_revoked_key_is_401_naming_the_revocation(client: TestClient, api_store: Store) -> None:
    created = create_key(api_store.engine, "to be revoked", "screener")
    headers = {"X-API-Key": created.token}
    assert client.post("/match/default", json=MATCH_BODY, headers=headers).status_code == 200
    revoke_key(api_store.engine, created.key.key_id)
    r = client.post("/match/default", json=MATCH_BODY, headers=headers)
    assert r.status_code == 401
    assert f"API key {created.key.key_id} was revoked" in r.json()["detail"]


def test_revocation_over_http_takes_effect_at_once(
    client: TestClient, api_store: Store, keys: Keys
) -> None:
    created = create_key(api_store.engine, "revoked over http", "screener")
    assert (
        client.get("/search/default?q=khan", headers={"X-API-Key": created.token}).status_code
        == 200
    )
    r = client.delete(f"/keys/{created.key.key_id}", headers=keys.header("admin"))
    assert r.status_code == 200 and r.json()["active"] is False
    assert (
        client.get("/search/default?q=khan", headers={"X-API-Key": created.token}).status_code
        == 401
    )


def test_wrong_role_is_403_naming_the_role_needed(client: TestClient, keys: Keys) -> None:
    for path in ("/lists", "/lists/un/changes", "/metrics", "/keys"):
        r = client.get(path, headers=keys.header("screener"))
        assert r.status_code == 403, path
        assert "has role screener; this endpoint needs admin" in r.json()["detail"]
    r = client.get("/lists", headers=keys.header("reviewer"))
    assert r.status_code == 403 and "has role reviewer" in r.json()["detail"]
    r = client.post("/keys", json={"name": "x", "role": "admin"}, headers=keys.header("screener"))
    assert r.status_code == 403


def test_roles_are_ordered(client: TestClient, keys: Keys) -> None:
    for role in ("screener", "reviewer", "admin"):
        assert (
            client.post("/match/default", json=MATCH_BODY, headers=keys.header(role)).status_code
            == 200
        )
    assert client.get("/lists", headers=keys.header("admin")).status_code == 200


def test_keys_over_http(client: TestClient, keys: Keys) -> None:
    r = client.post(
        "/keys",
        json={"name": "partner bank", "role": "screener", "rate_limit": 5},
        headers=keys.header("admin"),
    )
    assert r.status_code == 201
    token = r.json()["token"]
    key_id = r.json()["key"]["key_id"]
    assert token.startswith(f"psk_{key_id}_")
    listed = {
        k["key_id"]: k for k in client.get("/keys", headers=keys.header("admin")).json()["keys"]
    }
    assert listed[key_id]["role"] == "screener" and listed[key_id]["rate_limit"] == 5
    assert "token" not in listed[key_id] and "secret_hash" not in listed[key_id]
    assert (
        client.post(
            "/keys", json={"name": "x", "role": "root"}, headers=keys.header("admin")
        ).status_code
        == 422
    )
    assert client.delete("/keys/000000000000", headers=keys.header("admin")).status_code == 404


def test_key_changes_over_http_are_audited_at_once(
    client: TestClient, keys: Keys, api_store: Store
) -> None:
    r = client.post(
        "/keys", json={"name": "audited", "role": "screener"}, headers=keys.header("admin")
    )
    key_id = r.json()["key"]["key_id"]
    assert client.delete(f"/keys/{key_id}", headers=keys.header("admin")).status_code == 200
    records = list(audit.records(api_store.engine, object_type="api_key", object_id=key_id))
    assert [rec.action for rec in records] == ["key.created", "key.revoked"]
    admin_id = keys.admin.removeprefix("psk_").split("_", 1)[0]
    assert all(rec.actor == admin_id for rec in records)
    assert records[0].content["role"] == "screener"
    assert audit.verify(api_store.engine).ok


def test_secrets_are_stored_hashed(api_store: Store) -> None:
    created = create_key(api_store.engine, "hash check", "screener")
    secret = created.token.split("_", 2)[2]
    with api_store.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT secret_hash FROM api_keys WHERE key_id = ?", (created.key.key_id,)
        ).one()
    assert secret not in row[0] and len(row[0]) == 64

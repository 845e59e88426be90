"""Alert work over HTTP on the real lists (OFAC ICC extract and UN list): /screen raises alerts,
reviewers assign, comment and decide under the four-eyes rule, a cleared pair is suppressed the
next time (by /screen and by monitoring), and the audit trail verifies.

The session's store is shared with the other API tests, so every test works on customers of its
own (a fresh id) and asserts on those.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from proscribe.store import Store
from proscribe.store.keys import create_key
from tests.api.conftest import TEST_SETTINGS, Keys, make_app

pytestmark = pytest.mark.xdist_group("api")

KHAN = {"name": "Karim Asad Ahmad Khan", "schema": "Person", "birth_date": "1970-03-30"}
KHAN_ID = "ofac:52965"


@pytest.fixture(autouse=True)
def _case_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """The documented defaults: alert threshold 0.70, four eyes from 0.85, US perspective."""
    for name in (
        "PROSCRIBE_ALERT_THRESHOLD",
        "PROSCRIBE_FOUR_EYES_SCORE",
        "PROSCRIBE_AUDIT_SCREENING",
        "PROSCRIBE_JURISDICTION",
        "PROSCRIBE_ACTIVITY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def second_reviewer(api_store: Store) -> str:
    return create_key(api_store.engine, "tests second reviewer", "reviewer").token


def key_id(token: str) -> str:
    return token.split("_")[1]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"ApiKey {token}"}


def fresh_id() -> str:
    return f"cust-{uuid.uuid4().hex[:12]}"


def screen_one(client: TestClient, keys: Keys, **query: Any) -> dict[str, Any]:
    r = client.post("/screen", json={"queries": [query]}, headers=keys.header("screener"))
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()["results"][0]
    return result


def test_screen_to_decision_to_suppression_over_http(
    client: TestClient, keys: Keys, second_reviewer: str
) -> None:
    cid = fresh_id()
    reviewer, other = keys.header("reviewer"), auth(second_reviewer)

    # The customer is monitored, then screened through /screen as a screener.
    r = client.post(
        "/customers",
        json={"customers": [{"id": cid, **KHAN, "segment": "private"}]},
        headers=reviewer,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["added"], r.json()["mode"]) == (1, "upsert")
    first = screen_one(client, keys, customer_id=cid, **KHAN)
    assert first["hits"][0]["entity_id"] == KHAN_ID and first["hits"][0]["match"]
    assert first["alerts"]["alerts"] == 1
    [alert_id] = first["alerts"]["alert_ids"]

    # The alert is there for reviewers, with the filters of the list.
    listed = client.get(f"/alerts?customer={cid}", headers=reviewer).json()
    assert listed["total"] == 1
    [summary] = listed["alerts"]
    assert (summary["id"], summary["entity_id"], summary["state"]) == (alert_id, KHAN_ID, "open")
    assert (summary["subject_id"], summary["origin"]) == (cid, "api")
    assert summary["explanation"] is None  # the list leaves it out; the detail has it
    for query in (f"entity={KHAN_ID}", "source=ofac", "state=open"):
        ids = [
            a["id"]
            for a in client.get(f"/alerts?{query}&limit=1000", headers=reviewer).json()["alerts"]
        ]
        assert alert_id in ids, query
    assert client.get(f"/alerts?customer={cid}&source=un", headers=reviewer).json()["total"] == 0

    # Screening the same customer again raises no second alert.
    again = screen_one(client, keys, customer_id=cid, **KHAN)
    assert (again["alerts"]["alerts"], again["alerts"]["existing"]) == (0, 1)

    detail = client.get(f"/alerts/{alert_id}", headers=reviewer).json()
    alert = detail["alert"]
    assert alert["query"]["name"] == KHAN["name"] and alert["score"] >= 0.85
    assert alert["explanation"]["birth_date"]["verdict"] == "same_day"
    assert alert["obligations"]["perspective"]["jurisdiction"] == "US"
    assert [e["kind"] for e in detail["events"]] == ["created"]
    assert detail["events"][0]["actor"] == key_id(keys.screener)

    # Assign (acting on the version read), comment; a stale version is a 409.
    version = alert["version"]
    r = client.post(
        f"/alerts/{alert_id}/assign",
        json={"assignee": "reviewer A", "expected_version": version},
        headers=reviewer,
    )
    assert r.status_code == 200 and r.json()["state"] == "in_review", r.text
    stale = client.post(
        f"/alerts/{alert_id}/assign",
        json={"assignee": "someone else", "expected_version": version},
        headers=other,
    )
    assert stale.status_code == 409 and "changed since you read it" in stale.json()["detail"]
    r = client.post(
        f"/alerts/{alert_id}/comment", json={"text": "same name, other person"}, headers=reviewer
    )
    assert r.status_code == 200

    # Clearing a 0.85+ alert needs four eyes: reviewer A proposes, A cannot confirm, B can.
    decision = {"decision": "false_positive", "reason": "different person: see passport"}
    proposed = client.post(f"/alerts/{alert_id}/decide", json=decision, headers=reviewer)
    assert proposed.status_code == 200, proposed.text
    assert proposed.json()["state"] == "pending_approval"
    assert proposed.json()["proposed_by"] == key_id(keys.reviewer)
    refused = client.post(f"/alerts/{alert_id}/decide", json=decision, headers=reviewer)
    assert refused.status_code == 409
    assert "a second reviewer, not the proposer, must confirm it" in refused.json()["detail"]
    confirmed = client.post(
        f"/alerts/{alert_id}/decide",
        json={**decision, "expected_version": proposed.json()["version"]},
        headers=other,
    )
    assert confirmed.status_code == 200, confirmed.text
    done = confirmed.json()
    assert (done["state"], done["decision"]) == ("decided", "false_positive")
    assert (done["decided_by"], done["approved_by"]) == (
        key_id(keys.reviewer),
        key_id(second_reviewer),
    )

    # The pair is on the good-guy list; the next screening of the customer is suppressed.
    [gg] = client.get(f"/goodguys?customer={cid}", headers=reviewer).json()["good_guys"]
    assert (gg["entity_id"], gg["alert_id"], gg["active"], gg["lifted"]) == (
        KHAN_ID,
        alert_id,
        True,
        False,
    )
    third = screen_one(client, keys, customer_id=cid, **KHAN)
    assert third["hits"][0]["entity_id"] == KHAN_ID  # the caller still sees the hit...
    assert (third["alerts"]["alerts"], third["alerts"]["suppressed"]) == (0, 1)  # ...held back
    [supp] = client.get(f"/suppressions?customer={cid}", headers=reviewer).json()["suppressions"]
    assert (supp["entity_id"], supp["good_guy_id"], supp["origin"]) == (KHAN_ID, gg["id"], "api")

    # Monitoring screens the imported customer in full: the cleared pair is suppressed there too.
    assert client.post("/monitor/run", headers=reviewer).status_code == 403
    run = client.post("/monitor/run", headers=keys.header("admin"))
    assert run.status_code == 200, run.text
    assert run.json()["full_screened"] >= 1 and run.json()["suppressed"] >= 1
    assert client.get(f"/alerts?customer={cid}", headers=reviewer).json()["total"] == 1
    by_origin = {
        s["origin"]
        for s in client.get(f"/suppressions?customer={cid}", headers=reviewer).json()[
            "suppressions"
        ]
    }
    assert by_origin == {"api", "monitoring"}
    runs = client.get("/monitor/runs?limit=5", headers=reviewer).json()["runs"]
    assert runs[0]["id"] == run.json()["run_id"] and runs[0]["status"] == "done"

    # Close the decided alert; the customer's page shows the history.
    closed = client.post(
        f"/alerts/{alert_id}/close", json={"reason": "cleared, nothing to report"}, headers=reviewer
    )
    assert closed.status_code == 200 and closed.json()["resolution"] == "false_positive"
    page = client.get(f"/customers/{cid}", headers=reviewer).json()
    assert page["customer"]["extra"] == {"segment": "private"}
    assert [a["id"] for a in page["alerts"]] == [alert_id]
    assert [g["id"] for g in page["good_guys"]] == [gg["id"]]
    kinds = [
        e["kind"] for e in client.get(f"/alerts/{alert_id}", headers=reviewer).json()["events"]
    ]
    assert kinds == ["created", "assigned", "comment", "proposed", "decided", "closed"]

    # A changed birth date lifts the entry (kept, flagged) and alerts again, naming the old alert.
    moved = screen_one(client, keys, customer_id=cid, **{**KHAN, "birth_date": "1970-03-31"})
    assert (moved["alerts"]["lifted"], moved["alerts"]["alerts"]) == (1, 1)
    [lifted] = client.get(f"/goodguys?customer={cid}", headers=reviewer).json()["good_guys"]
    assert (lifted["lifted"], lifted["active"]) == (True, False)
    assert "birth_dates" in lifted["lifted_reason"]
    assert (
        client.get(f"/goodguys?customer={cid}&include_lifted=false", headers=reviewer).json()[
            "good_guys"
        ]
        == []
    )
    [new_id] = moved["alerts"]["alert_ids"]
    created = client.get(f"/alerts/{new_id}", headers=reviewer).json()["events"][0]
    assert created["content"]["reopens_alert"] == alert_id

    # The audit trail holds all of it and verifies.
    check = client.get("/audit/verify", headers=keys.header("admin")).json()
    assert check["ok"] is True and check["problems"] == [] and check["records"] > 0
    export = client.get("/audit/export?format=json", headers=keys.header("admin"))
    assert export.status_code == 200 and export.headers["content-type"] == "application/json"
    records = json.loads(export.text)
    assert records["verification"]["ok"] is True
    about = [
        r
        for r in records["records"]
        if r["object_type"] == "alert" and r["object_id"] == str(alert_id)
    ]
    assert [r["action"] for r in about] == [
        "alert.created",
        "alert.assigned",
        "alert.comment",
        "alert.proposed",
        "alert.decided",
        "alert.closed",
    ]
    decided = next(r for r in about if r["action"] == "alert.decided")
    assert decided["actor"] == key_id(second_reviewer)
    assert decided["content"]["reason"] == decision["reason"]
    assert int(export.headers["x-audit-records"]) == len(records["records"])


def test_every_role_case(client: TestClient, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    """No key 401, screener 403 everywhere; reviewer 200 on alert work, 403 on monitor runs and
    audit; admin 200 everywhere."""
    # Clearing is final without a second reviewer below this level, so close can be reached.
    monkeypatch.setenv("PROSCRIBE_FOUR_EYES_SCORE", "1.0")
    cid = fresh_id()
    client.post(
        "/customers", json={"customers": [{"id": cid, **KHAN}]}, headers=keys.header("admin")
    )
    alert_ids = {
        role: screen_one(client, keys, customer_id=f"{cid}-{role}", **KHAN)["alerts"]["alert_ids"][
            0
        ]
        for role in ("reviewer", "admin")
    }

    def calls(alert_id: int) -> list[tuple[str, str, dict[str, Any] | None, str]]:
        """(method, path, body, lowest role) in an order that a reviewer's alert can go through."""
        return [
            ("GET", "/alerts", None, "reviewer"),
            ("GET", f"/alerts/{alert_id}", None, "reviewer"),
            ("POST", f"/alerts/{alert_id}/assign", {"assignee": "x"}, "reviewer"),
            ("POST", f"/alerts/{alert_id}/comment", {"text": "looked at it"}, "reviewer"),
            (
                "POST",
                f"/alerts/{alert_id}/decide",
                {"decision": "false_positive", "reason": "r"},
                "reviewer",
            ),
            ("POST", f"/alerts/{alert_id}/close", {"reason": "done"}, "reviewer"),
            ("POST", "/customers", {"customers": [{"id": cid, **KHAN}]}, "reviewer"),
            ("GET", "/customers", None, "reviewer"),
            ("GET", f"/customers/{cid}", None, "reviewer"),
            ("GET", "/goodguys", None, "reviewer"),
            ("GET", "/suppressions", None, "reviewer"),
            ("GET", "/monitor/runs", None, "reviewer"),
            ("POST", "/monitor/run", None, "admin"),
            ("GET", "/audit/verify", None, "admin"),
            ("GET", "/audit/export?format=csv", None, "admin"),
        ]

    for method, path, body, _lowest in calls(alert_ids["reviewer"]):
        r = client.request(method, path, json=body)
        assert r.status_code == 401 and "missing API key" in r.json()["detail"], (path, r.text)
        r = client.request(method, path, json=body, headers=keys.header("screener"))
        assert r.status_code == 403, (path, r.text)
        assert "has role screener; this endpoint needs" in r.json()["detail"]
    for role in ("reviewer", "admin"):
        for method, path, body, lowest in calls(alert_ids[role]):
            r = client.request(method, path, json=body, headers=keys.header(role))
            expected = 200 if role == "admin" or lowest == "reviewer" else 403
            assert r.status_code == expected, (role, path, r.text)
            if expected == 403:
                assert "this endpoint needs admin" in r.json()["detail"]


def test_customer_rows_are_checked_by_index_and_field(client: TestClient, keys: Keys) -> None:
    reviewer = keys.header("reviewer")
    good, bad_date, no_name = fresh_id(), fresh_id(), fresh_id()
    rows = [
        {"id": good, "name": "Maria Garcia"},
        {"id": bad_date, "name": "Ann Smith", "birth_date": "not a date"},
        {"id": no_name, "name": ""},
        {"id": good, "name": "Maria Garcia Lopez"},
        {"id": fresh_id(), "name": "Jo Bloggs", "country": "Atlantis"},
    ]
    r = client.post("/customers", json={"customers": rows}, headers=reviewer)
    assert r.status_code == 400, r.text
    problems = [(p["index"], p["field"]) for p in r.json()["problems"]]
    assert problems == [(1, "birth_date"), (2, "name"), (3, "id"), (4, "country")]
    assert "customers[1]: birth_date 'not a date' is not a date" in r.json()["detail"]
    assert "repeats the customer of row 0" in r.json()["problems"][2]["message"]
    assert r.json()["detail"].endswith("nothing was imported")
    # All or nothing: the good row was not written either.
    assert client.get(f"/customers/{good}", headers=reviewer).status_code == 404

    nested = client.post(
        "/customers",
        json={"customers": [{"id": good, "name": "Maria Garcia", "notes": {"a": 1}}]},
        headers=reviewer,
    )
    assert nested.status_code == 422
    assert nested.json()["detail"][0]["loc"][:3] == ["body", "customers", 0]
    assert client.post("/customers", json={"customers": []}, headers=reviewer).status_code == 422

    # Numbers are ids as a CSV would carry them; ids with a slash resolve.
    odd = f"EU/{uuid.uuid4().hex[:8]}"
    r = client.post(
        "/customers",
        json={
            "customers": [
                {"id": odd, "name": "Maria Garcia", "country": "es"},
                {"id": 123456789012, "name": "N Umber"},
            ]
        },
        headers=reviewer,
    )
    assert r.status_code == 200 and r.json()["rows"] == 2, r.text
    shown = client.get(f"/customers/{odd}", headers=reviewer).json()["customer"]
    assert (shown["id"], shown["country"], shown["active"]) == (odd, "ES", True)
    found = client.get(f"/customers?search={odd}", headers=reviewer).json()
    assert [c["id"] for c in found["customers"]] == [odd]
    assert found["counts"]["active"] >= 2
    assert client.get("/customers/123456789012", headers=reviewer).status_code == 200


def test_customer_import_keeps_the_body_limit(
    api_store: Store, api_engine: Any, keys: Keys
) -> None:
    app = make_app(api_store, api_engine, replace(TEST_SETTINGS, max_body_bytes=2048))
    rows = [{"id": f"big-{i}", "name": f"Person Number {i}"} for i in range(200)]
    with TestClient(app) as client:
        r = client.post("/customers", json={"customers": rows}, headers=keys.header("reviewer"))
    assert r.status_code == 413 and "larger than 2048 bytes" in r.json()["detail"]
    with TestClient(make_app(api_store, api_engine)) as client:
        assert client.get("/customers/big-0", headers=keys.header("reviewer")).status_code == 404


def test_screen_without_customer_id_alerts_every_time_and_errors_record_nothing(
    client: TestClient, keys: Keys
) -> None:
    tag = fresh_id()
    r = client.post(
        "/screen",
        json={
            "queries": [
                {"id": tag, **KHAN},
                {"id": tag, "name": "Karim Khan", "birth_date": "yesterday"},
                {"id": tag, "name": "Zzyzx Qwerty"},
            ],
            "threshold": 0.99,  # the request's threshold sets `match`; alerts follow the server's
            "limit": 1,
        },
        headers=keys.header("screener"),
    )
    assert r.status_code == 200, r.text
    listed, broken, nobody = r.json()["results"]
    assert listed["alerts"]["alerts"] >= 1 and broken["alerts"] is None
    assert nobody["alerts"] == {
        "alerts": 0,
        "alert_ids": [],
        "suppressed": 0,
        "lifted": 0,
        "annotated": 0,
        "existing": 0,
    }
    again = screen_one(client, keys, id=tag, **KHAN)
    assert again["alerts"]["alerts"] == listed["alerts"]["alerts"]  # no subject: no deduplication
    alert = client.get(
        f"/alerts/{again['alerts']['alert_ids'][0]}", headers=keys.header("reviewer")
    ).json()["alert"]
    assert (alert["subject_type"], alert["subject_id"], alert["query"]["id"]) == (
        "query",
        None,
        tag,
    )


def test_service_errors_map_to_statuses(client: TestClient, keys: Keys) -> None:
    reviewer = keys.header("reviewer")
    missing = client.get("/alerts/999999999", headers=reviewer)
    assert missing.status_code == 404 and missing.json()["detail"] == "no alert 999999999"
    decide = {"decision": "escalated", "reason": "x"}
    assert client.post("/alerts/999999999/decide", json=decide, headers=reviewer).status_code == 404
    assert client.get(f"/alerts/{2**63}", headers=reviewer).status_code == 422
    assert client.get("/customers/no-such-customer", headers=reviewer).status_code == 404
    alert_id = screen_one(client, keys, **KHAN)["alerts"]["alert_ids"][0]
    blank = client.post(
        f"/alerts/{alert_id}/decide",
        json={"decision": "escalated", "reason": "   "},
        headers=reviewer,
    )
    assert blank.status_code == 400 and "needs some text" in blank.json()["detail"]
    bad = client.post(
        f"/alerts/{alert_id}/decide", json={"decision": "maybe", "reason": "x"}, headers=reviewer
    )
    assert bad.status_code == 422
    early = client.post(f"/alerts/{alert_id}/close", json={"reason": "x"}, headers=reviewer)
    assert (
        early.status_code == 409 and "only an alert with a final decision" in early.json()["detail"]
    )
    assert client.get("/alerts?state=sleeping", headers=reviewer).status_code == 422


def test_audit_export_formats_and_bad_dates(client: TestClient, keys: Keys) -> None:
    admin = keys.header("admin")
    screen_one(client, keys, customer_id=fresh_id(), **KHAN)  # at least one record
    csv_export = client.get("/audit/export?format=csv&since=2000-01-01", headers=admin)
    assert csv_export.status_code == 200
    assert csv_export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_export.text)))
    assert rows and {"seq", "actor", "action", "hash", "prev_hash"} <= rows[0].keys()
    assert any(r["action"] == "alert.created" for r in rows)
    lines = client.get("/audit/export?format=jsonl", headers=admin).text.splitlines()
    assert len(lines) >= len(rows) and json.loads(lines[0])["seq"] >= 1
    future = client.get("/audit/export?format=jsonl&since=2999-01-01T00:00:00", headers=admin)
    assert (
        future.status_code == 200 and future.text == "" and future.headers["x-audit-records"] == "0"
    )
    bad = client.get("/audit/export?since=last+tuesday", headers=admin)
    assert bad.status_code == 400 and "since='last tuesday' is not a date" in bad.json()["detail"]
    assert client.get("/audit/export?format=xml", headers=admin).status_code == 422


def test_openapi_documents_the_alert_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/alerts",
        "/alerts/{alert_id}",
        "/alerts/{alert_id}/assign",
        "/alerts/{alert_id}/comment",
        "/alerts/{alert_id}/decide",
        "/alerts/{alert_id}/close",
        "/goodguys",
        "/suppressions",
        "/customers",
        "/customers/{customer_id}",
        "/monitor/run",
        "/monitor/runs",
        "/audit/verify",
        "/audit/export",
    } <= paths.keys()
    decide = paths["/alerts/{alert_id}/decide"]["post"]
    assert {"401", "403", "404", "409"} <= decide["responses"].keys()
    screen_query = client.get("/openapi.json").json()["components"]["schemas"]["ScreenQuery"]
    assert "customer_id" in screen_query["properties"]

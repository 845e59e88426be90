"""yente compatibility: requests in yente's documented /match format, responses checked field by field,
and the `yente-client` package used unchanged against a running server."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from followthemoney import model
from yente_client import Client as YenteClient
from yente_client._translation import unwrap_match_response
from yente_client.entities import Company, Person
from yente_client.exceptions import AuthenticationError, BadRequestError, NotFoundError
from yente_client.models import MatchResponse, ScoredEntity, SearchResponse

from tests.api.conftest import Keys, LiveServer

pytestmark = pytest.mark.xdist_group("api")

# The example from yente's /match documentation, as a client would send it.
YENTE_DOC_EXAMPLE: dict[str, Any] = {
    "queries": {
        "entity1": {
            "schema": "Person",
            "properties": {
                "name": ["John Doe"],
                "birthDate": ["1975-04-21"],
                "nationality": ["us"],
            },
        },
        "entity2": {
            "schema": "Company",
            "properties": {
                "name": ["Brilliant Amazing Limited"],
                "jurisdiction": ["hk"],
                "registrationNumber": ["84BA99810"],
            },
        },
    }
}

KHAN = {
    "schema": "Person",
    "properties": {"name": ["Karim Khan"], "birthDate": ["1970-03-30"], "nationality": ["gb"]},
}
KHAN_ID = "ofac:52965"


def _iso_or_none(value: object) -> None:
    assert value is None or isinstance(datetime.fromisoformat(str(value)), datetime)


def check_entity(entity: dict[str, Any], datasets: set[str]) -> None:
    """An EntityResponse as yente defines it, with FtM properties valid for the schema."""
    assert set(entity) >= {
        "id",
        "caption",
        "schema",
        "properties",
        "datasets",
        "referents",
        "target",
        "first_seen",
        "last_seen",
        "last_change",
    }
    assert isinstance(entity["id"], str) and entity["id"]
    assert isinstance(entity["caption"], str) and entity["caption"]
    schema = model.get(entity["schema"])
    assert schema is not None, entity["schema"]
    assert isinstance(entity["properties"], dict)
    for prop, values in entity["properties"].items():
        assert schema.get(prop) is not None, f"{schema.name} has no property {prop}"
        assert isinstance(values, list) and values
        for value in values:
            if isinstance(value, dict):
                check_entity(value, datasets)
            else:
                assert isinstance(value, str)
    assert isinstance(entity["datasets"], list) and set(entity["datasets"]) <= datasets
    assert all(isinstance(r, str) for r in entity["referents"])
    assert isinstance(entity["target"], bool)
    for stamp in ("first_seen", "last_seen", "last_change"):
        _iso_or_none(entity[stamp])


def check_match_response(
    body: dict[str, Any], queries: dict[str, Any], limit: int, threshold: float
) -> None:
    assert set(body) >= {"responses", "limit"}
    assert body["limit"] == limit
    assert isinstance(body["matcher"], dict)
    for doc in body["matcher"].values():
        assert isinstance(doc["coefficient"], float) and isinstance(doc["url"], str)
    assert set(body["responses"]) == set(queries)
    for key, matches in body["responses"].items():
        assert matches["status"] == 200
        assert matches["total"]["relation"] in ("eq", "gte")
        assert isinstance(matches["total"]["value"], int)
        assert matches["total"]["value"] >= len(matches["results"])
        query = matches["query"]
        assert query["schema"] == queries[key]["schema"]
        assert all(isinstance(v, list) for v in query["properties"].values())
        results = matches["results"]
        assert len(results) <= limit
        scores = [r["score"] for r in results]
        assert scores == sorted(scores, reverse=True)
        for result in results:
            check_entity(result, {"ofac", "un"})
            assert isinstance(result["score"], float) and 0.0 <= result["score"] <= 1.0
            assert result["match"] is (result["score"] >= threshold)
            assert isinstance(result["explanations"], dict) and "name" in result["explanations"]
            for feature in result["explanations"].values():
                assert set(feature) == {"score", "detail", "query", "candidate"}
                assert isinstance(feature["score"], float)
                for text in ("detail", "query", "candidate"):
                    assert feature[text] is None or isinstance(feature[text], str)
            assert result["features"] == {k: v["score"] for k, v in result["explanations"].items()}
        # What yente-client makes of the same answer.
        flat = MatchResponse.model_validate(
            unwrap_match_response({"responses": {"q": matches}, "limit": limit})
        )
        assert [r.id for r in flat.results] == [r["id"] for r in results]


def test_yente_documented_example(client: TestClient, keys: Keys) -> None:
    r = client.post("/match/default", json=YENTE_DOC_EXAMPLE, headers=keys.header())
    assert r.status_code == 200
    assert r.headers["x-batch-size"] == "2"
    check_match_response(r.json(), YENTE_DOC_EXAMPLE["queries"], limit=5, threshold=0.7)
    # Neither made-up party is on the real lists.
    for matches in r.json()["responses"].values():
        assert not any(result["match"] for result in matches["results"])


def test_real_hit_with_birth_date_and_nationality(client: TestClient, keys: Keys) -> None:
    r = client.post(
        "/match/sanctions?limit=3", json={"queries": {"k": KHAN}}, headers=keys.header()
    )
    body = r.json()
    check_match_response(body, {"k": KHAN}, limit=3, threshold=0.7)
    top = body["responses"]["k"]["results"][0]
    assert top["id"] == KHAN_ID and top["match"] is True
    assert top["referents"] == ["ofac-52965"]
    assert top["datasets"] == ["ofac"] and top["target"] is True
    assert top["properties"]["birthDate"] == ["1970-03-30"]
    assert top["properties"]["program"] == ["ICC-EO14203"]
    assert top["explanations"]["birth_date"]["detail"] == "same_day"
    assert top["explanations"]["birth_date"]["score"] > 0
    assert top["explanations"]["country"]["query"] == "GB"


def test_original_script_query_finds_the_un_listing(client: TestClient, keys: Keys) -> None:
    query = {"schema": "Person", "properties": {"name": ["حمزة أسامة محمد بن لادن"]}}
    r = client.post("/match/un", json={"queries": {"a": query}}, headers=keys.header())
    top = r.json()["responses"]["a"]["results"][0]
    assert top["id"] == "un:QDi.421"
    assert top["match"] is True


def test_dataset_and_result_filters(client: TestClient, keys: Keys) -> None:
    h = keys.header()
    only_un = client.post("/match/un", json={"queries": {"k": KHAN}}, headers=h).json()
    assert all(res["datasets"] == ["un"] for res in only_un["responses"]["k"]["results"])
    excluded = client.post(
        "/match/default?exclude_dataset=ofac", json={"queries": {"k": KHAN}}, headers=h
    ).json()
    assert KHAN_ID not in [res["id"] for res in excluded["responses"]["k"]["results"]]
    included = client.post(
        "/match/default?include_dataset=ofac", json={"queries": {"k": KHAN}}, headers=h
    ).json()
    assert {d for res in included["responses"]["k"]["results"] for d in res["datasets"]} == {"ofac"}
    for ref in (KHAN_ID, "ofac-52965"):
        skipped = client.post(
            f"/match/default?exclude_entity_ids={ref}", json={"queries": {"k": KHAN}}, headers=h
        ).json()
        assert KHAN_ID not in [res["id"] for res in skipped["responses"]["k"]["results"]]
    by_topic = client.post(
        "/match/default?topics=sanction", json={"queries": {"k": KHAN}}, headers=h
    ).json()
    assert by_topic["responses"]["k"]["results"][0]["id"] == KHAN_ID
    orgs_only = client.post(
        "/match/default?exclude_schema=Person", json={"queries": {"k": KHAN}}, headers=h
    ).json()
    assert all(res["schema"] != "Person" for res in orgs_only["responses"]["k"]["results"])


def test_query_is_echoed_as_understood(client: TestClient, keys: Keys) -> None:
    query = {
        "schema": "Person",
        "properties": {
            "name": "Karim Khan",
            "birthDate": ["1970-13-45"],
            "nationality": ["United Kingdom"],
        },
    }
    r = client.post("/match/default", json={"queries": {"k": query}}, headers=keys.header())
    echoed = r.json()["responses"]["k"]["query"]
    assert echoed["properties"] == {"name": ["Karim Khan"], "nationality": ["gb"]}


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        (
            "/match/default",
            {"queries": {"a": {"schema": "Spaceship", "properties": {"name": ["x"]}}}},
            400,
            "unknown schema",
        ),
        (
            "/match/default",
            {"queries": {"a": {"schema": "Person", "properties": {"colour": ["red"]}}}},
            400,
            "no property 'colour'",
        ),
        (
            "/match/default",
            {"queries": {"a": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}},
            400,
            "no name",
        ),
        (
            "/match/default",
            {"queries": {"a": {"schema": "Address", "properties": {"full": ["x"]}}}},
            400,
            "no name",
        ),
        (
            "/match/default",
            {"queries": {"a": {"schema": "Note", "properties": {"name": ["x"]}}}},
            400,
            "cannot be matched",
        ),
        ("/match/default", {"queries": {}}, 400, "No queries"),
        (
            "/match/default",
            {"queries": {"a": KHAN}, "config": {"nm_number_mismatch": 0.4}},
            400,
            "configuration",
        ),
        ("/match/default?algorithm=magic", {"queries": {"a": KHAN}}, 400, "unknown algorithm"),
        ("/match/eu_fsf", {"queries": {"a": KHAN}}, 404, "no dataset 'eu_fsf'"),
    ],
)
def test_bad_match_requests(
    client: TestClient, keys: Keys, path: str, body: dict[str, Any], status: int, message: str
) -> None:
    r = client.post(path, json=body, headers=keys.header())
    assert r.status_code == status, r.text
    assert message in r.json()["detail"]


def test_yente_algorithm_names_are_accepted(client: TestClient, keys: Keys) -> None:
    for name in ("best", "logic-v1", "logic-v2", "name-based", "proscribe-v1"):
        r = client.post(
            f"/match/default?algorithm={name}", json={"queries": {"k": KHAN}}, headers=keys.header()
        )
        assert r.status_code == 200 and r.headers["x-algorithm"] == "proscribe-v1"
    algos = client.get("/algorithms", headers=keys.header()).json()
    assert algos["default"] == algos["best"] == "proscribe-v1"


def test_through_yente_client(app: FastAPI, keys: Keys) -> None:
    """The published yente client, unchanged, against a real server on 127.0.0.1."""
    with LiveServer(app) as server, YenteClient(base_url=server.url, api_key=keys.screener) as yc:
        assert yc.healthz().status == "ok"
        assert yc.readyz().status == "ok"
        found = yc.match(
            Person(name=["Karim Khan"], birthDate=["1970-03-30"], nationality=["gb"]), threshold=0.7
        )
        top = found.top
        assert isinstance(top, ScoredEntity)
        assert top.id == KHAN_ID and top.match and top.schema_ == "Person"
        assert top.explanations["name"].candidate == "KHAN, Karim Asad Ahmad"
        assert top.last_seen is not None
        assert [m.id for m in found.matches] == [KHAN_ID]
        company = yc.match(
            Company(name=["Al-Haq Law in the Service of Man"]), datasets=["ofac"], limit=2
        )
        assert company.limit == 2 and company.results[0].datasets == ["ofac"]
        searched = yc.search("khan", datasets=["ofac"])
        assert isinstance(searched, SearchResponse)
        assert KHAN_ID in [e.id for e in searched.results]
        assert searched.total.value == len(searched.results)
        fetched = yc.fetch("ofac-52965")
        assert fetched.id == KHAN_ID
        sanctions = fetched.properties["sanctions"]
        assert sanctions and sanctions[0].schema_ == "Sanction"
        catalog = yc.datasets()
        assert {"ofac", "un", "default"} <= {d.name for d in catalog.datasets}
        assert yc.algorithms().best == "proscribe-v1"
        with pytest.raises(NotFoundError):
            yc.fetch("ofac:does-not-exist")
        with pytest.raises(BadRequestError):
            yc.match(Person(name=["x"]), algorithm="magic")
    wrong_key = "psk_000000000000_" + "x" * 43
    with (
        LiveServer(app) as server,
        YenteClient(base_url=server.url, api_key=wrong_key) as bad,
        pytest.raises(AuthenticationError),
    ):
        bad.match(Person(name=["Karim Khan"]))

"""Every client mistake gets a GraphQL error with a code (never a 500 or plain text), standard
clients' protocols work or fall back cleanly, and production hides the schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import kg
from api.app import create_app
from tests.conftest import curated


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    yield TestClient(create_app(curated()), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def prod() -> Iterator[TestClient]:
    yield TestClient(create_app(curated(), production=True), raise_server_exceptions=False)


def _code(r) -> str:  # type: ignore[no-untyped-def]
    assert r.headers["content-type"].startswith(("application/json",
                                                 "application/graphql-response+json"))
    errors = r.json()["errors"]
    assert len(errors) == 1
    return str(errors[0]["extensions"]["code"])


def test_wrong_variable_type_is_bad_user_input(client: TestClient, prod: TestClient) -> None:
    body = {"query": "query($f: Int) { arguments(first: $f) { totalCount } }",
            "variables": {"f": "abc"}}
    for c in (client, prod):
        r = c.post("/graphql", json=body)
        assert r.status_code == 200 and _code(r) == "BAD_USER_INPUT"
        assert "abc" in r.json()["errors"][0]["message"]


@pytest.mark.parametrize("body, code", [
    (b'{"query": "\xff\xfe"}', "BAD_REQUEST"),
    (b'{"query": "{ stats { arguments } }", "variables": {"x": ' + b"9" * 100_000 + b"}}",
     "BAD_REQUEST"),
    (b'[' + b','.join([b'{"query": "{ stats { arguments } }"}'] * 11) + b']', "BATCH_TOO_LARGE"),
    (b'{"query": ', "BAD_REQUEST"),
])
def test_malformed_bodies_get_json_errors(client: TestClient, body: bytes, code: str) -> None:
    r = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400 and _code(r) == code


def test_batch_is_answered_in_order(client: TestClient) -> None:
    r = client.post("/graphql", json=[
        {"query": "{ stats { arguments } }"},
        {"query": "query($id: ID!) { argument(id: $id) { id } }",
         "variables": {"id": "hubinger-sleeper-agents"}},
        {"query": "{ nope }"}])
    assert r.status_code == 200
    first, second, third = r.json()
    assert first["data"]["stats"]["arguments"] > 100
    assert second["data"]["argument"]["id"] == "hubinger-sleeper-agents"
    assert third["errors"]


def test_persisted_query_gets_the_standard_not_supported_answer(client: TestClient) -> None:
    r = client.post("/graphql", json={"extensions": {"persistedQuery": {
        "version": 1, "sha256Hash": "0" * 64}}})
    assert r.status_code == 200
    assert r.json()["errors"][0]["message"] == "PersistedQueryNotSupported"
    assert _code(r) == "PERSISTED_QUERY_NOT_SUPPORTED"


def test_several_operations_need_a_name(client: TestClient) -> None:
    doc = "query A { stats { arguments } } query B { stats { sources } }"
    r = client.post("/graphql", json={"query": doc})
    assert _code(r) == "OPERATION_NAME_REQUIRED" and r.json()["data"] is None
    r = client.post("/graphql", json={"query": doc, "operationName": "B"})
    assert list(r.json()["data"]["stats"]) == ["sources"]


def test_graphql_response_media_type(client: TestClient) -> None:
    accept = {"accept": "application/graphql-response+json, application/json;q=0.9"}
    ok = client.post("/graphql", json={"query": "{ stats { arguments } }"}, headers=accept)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    bad = client.post("/graphql", json={"query": "{ nope }"}, headers=accept)
    assert bad.status_code == 400 and "data" not in bad.json() and bad.json()["errors"]
    plain = client.post("/graphql", json={"query": "{ nope }"})
    assert plain.status_code == 200 and plain.headers["content-type"].startswith(
        "application/json")


def test_production_hides_the_schema(prod: TestClient) -> None:
    r = prod.post("/graphql", json={"query": "{ stat { arguments } }"})
    assert "Did you mean" not in r.text and "stats" not in r.text
    r = prod.post("/graphql", json={"query": '{ assumption(id: "sandboxed-in-training") '
                                    "{ arguments(direction: HOLD) { id } } }"})
    assert "Did you mean" not in r.text and "REQUIRES_HOLDS" not in r.text
    assert prod.get("/schema.graphql").status_code == 404
    exposed = TestClient(create_app(curated(), production=True, expose_schema=True))
    assert exposed.get("/schema.graphql").status_code == 200


def test_development_still_suggests(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "{ stat { arguments } }"})
    assert "Did you mean 'stats'?" in r.text


def test_graphml_edge_ids_are_unique_and_carry_the_dependency(graph: kg.KnowledgeGraph) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(graph.export("graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    edges = root.findall(".//g:edge", ns)
    ids = [e.get("id") for e in edges]
    assert len(ids) == len(set(ids)) == len(edges)
    keys = {k.get("attr.name"): k.get("id") for k in root.findall("g:key", ns)}
    assert "rationale" in keys and "locator" in keys

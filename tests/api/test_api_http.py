"""The FastAPI app over HTTP (TestClient)."""

from __future__ import annotations

from fastapi.testclient import TestClient

import kg
from api import create_app
from api.schema import sdl


def test_graphql_post(client: TestClient, graph: kg.KnowledgeGraph) -> None:
    r = client.post("/graphql", json={
        "query": "query($id: ID!) { argument(id: $id) { id title } }",
        "variables": {"id": "hubinger-sleeper-agents"}})
    assert r.status_code == 200
    assert r.json()["data"]["argument"]["title"] == graph.argument("hubinger-sleeper-agents").title


def test_graphql_get(client: TestClient) -> None:
    r = client.get("/graphql", params={"query": "{ stats { arguments } }"})
    assert r.status_code == 200 and r.json()["data"]["stats"]["arguments"] > 0


def test_bad_id_is_a_graphql_error_not_a_500(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": '{ argument(id: "hubinger-sleeper-agent") '
                                      "{ id } }"})
    assert r.status_code == 200
    err = r.json()["errors"][0]
    assert "hubinger-sleeper-agent" in err["message"]
    assert "hubinger-sleeper-agents" in err["extensions"]["suggestions"]


def test_oversized_first_and_depth_over_http(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": "{ arguments(first: 1000) { totalCount } }"})
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_PAGE_SIZE"
    deep = "id"
    for _ in range(10):
        deep = f"property {{ assumptions {{ {deep} }} }}"
    r = client.post("/graphql", json={
        "query": f'{{ assumption(id: "sandboxed-in-training") {{ {deep} }} }}'})
    assert "maximum operation depth" in r.json()["errors"][0]["message"]


def test_graphiql_in_development(client: TestClient) -> None:
    r = client.get("/graphql", headers={"accept": "text/html"})
    assert r.status_code == 200 and "graphiql" in r.text.lower()


def test_schema_sdl_endpoint(client: TestClient) -> None:
    r = client.get("/schema.graphql")
    assert r.status_code == 200 and r.text == sdl()
    assert r.headers["content-type"].startswith("text/plain")


def test_healthz(client: TestClient, graph: kg.KnowledgeGraph) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["triples"] == len(graph)


def test_production_app(graph: kg.KnowledgeGraph) -> None:
    c = TestClient(create_app(graph, production=True))
    assert c.get("/graphql", headers={"accept": "text/html"}).status_code == 404  # no GraphiQL
    r = c.post("/graphql", json={"query": "{ __schema { types { name } } }"})
    assert r.json()["errors"]
    r = c.post("/graphql", json={"query": '{ argument(id: "nope-nope") { id } }'})
    assert "nope-nope" in r.json()["errors"][0]["message"]
    assert c.get("/docs").status_code == 404
    assert c.get("/schema.graphql").status_code == 404  # the SDL is hidden like introspection


class Tiny:
    """A stand-in graph: enough for `stats`."""

    def stats(self) -> dict[str, int]:
        return dict.fromkeys(["Phase", "LifecycleProperty", "Level", "Archetype", "Assumption",
                              "Argument", "Dependency", "Source", "Exception", "Observation",
                              "triples"], 1)

    def __len__(self) -> int:
        return 1

    files = ()


def test_holder_swaps_the_graph_atomically(graph: kg.KnowledgeGraph) -> None:
    app = create_app(graph)
    c = TestClient(app)
    q = {"query": "{ stats { arguments } }"}
    assert c.post("/graphql", json=q).json()["data"]["stats"]["arguments"] > 1
    old = app.state.holder.swap(Tiny())
    assert old is graph
    assert c.post("/graphql", json=q).json()["data"]["stats"]["arguments"] == 1
    assert c.get("/healthz").json()["generation"] == 2


def test_a_loading_server_says_so_and_answers_once_ready(graph: kg.KnowledgeGraph) -> None:
    from api.app import create_app

    app = create_app(None, loading=True)
    c = TestClient(app)
    health = c.get("/healthz")
    assert health.status_code == 503 and health.json()["status"] == "loading"
    r = c.post("/graphql", json={"query": "{ assumptions { id } }"})
    assert r.status_code == 503 and r.headers["retry-after"]
    assert r.json()["errors"][0]["extensions"]["code"] == "LOADING"
    assert c.get("/sparql", params={"query": "ASK {}"}).status_code == 503
    assert app.state.holder.swap(graph) is None
    assert c.get("/healthz").json() == {**c.get("/healthz").json(), "status": "ok",
                                        "generation": 1}
    r = c.post("/graphql", json={"query": "{ assumptions { id } }"})
    assert r.status_code == 200 and r.json()["data"]["assumptions"]


def test_graphiql_examples_are_the_readmes() -> None:
    """GraphiQL opens with the README's example queries: the two lists are one list."""
    from pathlib import Path

    from api.explorer import EXAMPLES

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```graphql", 1)[1].split("```", 1)[0]
    assert [q.strip() for q in block.strip().split("\n\n")] == EXAMPLES

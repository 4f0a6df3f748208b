"""The response cache: the same operation on the same graph is answered from memory with the
same bytes; other variables, another Accept, a reload, an error or a refused query are not."""

from __future__ import annotations

from fastapi.testclient import TestClient

import kg
from api.app import create_app

Q = {"query": "query($id: ID!) { arguments(where: {assumes: $id}) { totalCount } }",
     "variables": {"id": "pre-deployment-gate"}}


def _client(graph: kg.KnowledgeGraph, **kw: int) -> tuple[TestClient, object]:
    app = create_app(graph, **kw)
    return TestClient(app), app


def test_repeat_is_a_hit_with_the_same_bytes(graph: kg.KnowledgeGraph) -> None:
    c, _ = _client(graph)
    first = c.post("/graphql", json=Q)
    again = c.post("/graphql", json={**Q, "query": "  " + Q["query"].replace(" ", "  ")})
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    assert again.content == first.content and again.headers["content-type"] == \
        first.headers["content-type"]
    other = c.post("/graphql", json={**Q, "variables": {"id": "sandboxed-in-training"}})
    assert other.headers["x-cache"] == "miss" and other.content != first.content
    typed = c.post("/graphql", json=Q, headers={"accept": "application/graphql-response+json"})
    assert typed.headers["x-cache"] == "miss"
    assert typed.headers["content-type"].startswith("application/graphql-response+json")


def test_errors_are_never_replayed(graph: kg.KnowledgeGraph) -> None:
    c, _ = _client(graph)
    bad = {"query": '{ argument(id: "no-such-argument") { id } }'}
    for _ in range(2):
        r = c.post("/graphql", json=bad)
        assert r.json()["errors"] and r.headers.get("x-cache") == "miss"
    costly = {"query": "{ arguments(first: 100) { nodes { dependencies { assumption { "
                       "arguments { dependencies { assumption { arguments { id } } } } } } } } }"}
    for _ in range(2):
        r = c.post("/graphql", json=costly)
        assert r.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
        assert r.headers.get("x-cache") == "miss"


def test_a_reload_drops_every_entry(graph: kg.KnowledgeGraph) -> None:
    c, app = _client(graph)
    c.post("/graphql", json=Q)
    assert c.post("/graphql", json=Q).headers["x-cache"] == "hit"
    app.state.holder.swap(kg.load(use_cache=True))  # type: ignore[attr-defined]
    assert c.post("/graphql", json=Q).headers["x-cache"] == "miss"


def test_off_when_asked(graph: kg.KnowledgeGraph) -> None:
    c, _ = _client(graph, response_cache_bytes=0)
    c.post("/graphql", json=Q)
    assert "x-cache" not in c.post("/graphql", json=Q).headers


def test_budget_evicts_least_recently_used(graph: kg.KnowledgeGraph) -> None:
    from api.response_cache import ResponseCache

    c, app = _client(graph, response_cache_bytes=1)  # every answer is over budget
    c.post("/graphql", json=Q)
    assert c.post("/graphql", json=Q).headers["x-cache"] == "miss"
    layer = app.middleware_stack  # type: ignore[attr-defined]
    while layer is not None and not isinstance(layer, ResponseCache):
        layer = getattr(layer, "app", None)
    assert isinstance(layer, ResponseCache) and layer._size <= 1

"""`lifecycle-kg serve` in a subprocess, queried with a real GraphQL client (gql)."""

from __future__ import annotations

import httpx
import pytest
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport

import kg
from api.devserver import running_server


@pytest.mark.slow
def test_serve_and_query_with_gql(graph: kg.KnowledgeGraph) -> None:
    # `graph` loads first, so the SHACL cache is warm and the server starts fast
    with running_server(startup_seconds=30) as server:
        transport = HTTPXTransport(url=f"{server.base}/graphql", timeout=10)
        with Client(transport=transport, fetch_schema_from_transport=True) as session:
            got = session.execute(
                gql("query($w: ArgumentWhere) { arguments(where: $w, first: 100) "
                    "{ totalCount nodes { id } } }"),
                variable_values={"w": {"assumes": "sandboxed-in-training"}})
            want = [a.id for a in graph.arguments_assuming("sandboxed-in-training", "holds")]
            assert [n["id"] for n in got["arguments"]["nodes"]] == want
            with pytest.raises(TransportQueryError) as e:
                session.execute(gql('{ argument(id: "hubinger-sleeper-agent") { id } }'))
            assert "hubinger-sleeper-agents" in str(e.value)
        assert httpx.get(f"{server.base}/schema.graphql").text.startswith('"""')

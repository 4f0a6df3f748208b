"""The FastAPI application: GraphQL at ``/graphql``, the SDL, and a health check."""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from strawberry.fastapi import GraphQLRouter

from api.context import Context
from api.schema import build_schema, sdl
from kg.graph import KnowledgeGraph


class GraphHolder:
    """Holds the graph the app serves; ``swap`` replaces it atomically.

    Each request takes the graph once (in its context), so a swap never mixes two graphs
    within one response.
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self._lock = threading.Lock()
        self._kg = kg
        self.loaded_at = time.time()
        self.generation = 1

    @property
    def kg(self) -> KnowledgeGraph:
        return self._kg

    def swap(self, kg: KnowledgeGraph) -> KnowledgeGraph:
        """Serve ``kg`` from now on; returns the graph it replaces."""
        with self._lock:
            old, self._kg = self._kg, kg
            self.loaded_at = time.time()
            self.generation += 1
            return old


def create_app(kg: KnowledgeGraph | None = None, *, production: bool = False) -> FastAPI:
    """An app serving ``kg`` (the curated graph by default).

    ``production`` turns off GraphiQL, introspection and the OpenAPI pages, and masks
    unexpected errors (bad ids and inputs still get their messages).
    """
    if kg is None:
        from kg.loader import load

        kg = load(use_cache=True)
    holder = GraphHolder(kg)
    schema = build_schema(production)
    docs: dict[str, Any] = (
        {"docs_url": None, "redoc_url": None, "openapi_url": None} if production else {}
    )
    app = FastAPI(title="lifecycle-kg", description="GraphQL API over the lifecycle knowledge "
                  "graph of AI-safety arguments and their assumptions.", **docs)
    app.state.holder = holder

    def context() -> Context:
        return Context(holder.kg)

    router: GraphQLRouter = GraphQLRouter(
        schema, context_getter=context, graphql_ide=None if production else "graphiql"
    )
    app.include_router(router, prefix="/graphql")
    text = sdl()

    @app.get("/schema.graphql", response_class=PlainTextResponse, summary="The GraphQL SDL")
    def schema_sdl() -> PlainTextResponse:
        return PlainTextResponse(text, media_type="text/plain; charset=utf-8")

    @app.get("/healthz", summary="Liveness and what is loaded")
    def healthz() -> dict[str, Any]:
        g = holder.kg
        return {"status": "ok", "triples": len(g), "files": len(g.files),
                "generation": holder.generation, "loadedAt": holder.loaded_at}

    return app

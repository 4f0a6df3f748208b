"""The FastAPI application: GraphQL at ``/graphql``, the SDL, and a health check.

Operational defaults: request bodies over ``MAX_BODY_BYTES`` get a 413 with a JSON error; each
query has a deadline (``api.schema.QUERY_TIMEOUT``); every request is logged as one JSON line
on the ``lifecycle_kg.access`` logger; CORS is off unless origins are given.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.fastapi import GraphQLRouter

from api.context import Context
from api.cost import COST_LIMIT
from api.request_checks import JSON_BODY, BadRequest, check_json_body
from api.schema import QUERY_TIMEOUT, build_schema, sdl
from kg.graph import KnowledgeGraph

#: Largest request body accepted (a query plus variables); larger gets 413.
MAX_BODY_BYTES = 2 * 1024 * 1024
#: A client that stops sending its body for this long gets 408 and its connection back.
BODY_SECONDS = 30.0

access_logger = logging.getLogger("lifecycle_kg.access")


def _json_error(status: int, message: str, code: str) -> JSONResponse:
    return JSONResponse({"data": None, "errors": [{"message": message,
                                                   "extensions": {"code": code}}]},
                        status_code=status)


class BodyLimit:
    """Refuse bodies over ``limit`` bytes (by Content-Length, or while reading a stream)."""

    def __init__(self, app: ASGIApp, limit: int, timeout: float = BODY_SECONDS) -> None:
        self.app = app
        self.limit = limit
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = _json_error(413, f"request body larger than {self.limit} bytes",
                              "PAYLOAD_TOO_LARGE")
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await too_big(scope, receive, send)
                    return
        # read the body here (it is bounded), then replay it to the app
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            try:
                message = await asyncio.wait_for(receive(), self.timeout)
            except TimeoutError:
                await _json_error(408, f"request body not received within {self.timeout:g} s",
                                  "REQUEST_TIMEOUT")(scope, receive, send)
                return
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                await too_big(scope, receive, send)
                return
            chunks.append(body)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if _is_json(scope) and scope.get("method") == "POST":
            try:
                doc, batch = check_json_body(body)
            except BadRequest as e:
                await _json_error(e.status, e.message, e.code)(scope, receive, send)
                return
            if batch is not None:
                await self._batch(scope, batch, send)
                return
            scope[JSON_BODY] = doc
        await self.app(scope, _replay([{"type": "http.request", "body": body,
                                        "more_body": False}], receive), send)


    async def _batch(self, scope: Scope, items: list[Any], send: Send) -> None:
        """Answer a batch as the array of the answers to each operation, in order (each run
        through the app as its own request, so every limit applies to each)."""
        answers = []
        for item in items:
            body = json.dumps(item).encode()
            headers = [(k, v) for k, v in scope.get("headers", ()) if k != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            sub = {**scope, "headers": headers, JSON_BODY: item}
            got: list[bytes] = []

            async def collect(message: Message, got: list[bytes] = got) -> None:
                if message["type"] == "http.response.body":
                    got.append(message.get("body", b""))

            await self.app(sub, _replay([{"type": "http.request", "body": body,
                                          "more_body": False}]), collect)
            try:
                answers.append(json.loads(b"".join(got)))
            except ValueError:
                answers.append({"errors": [{"message": "internal server error",
                                            "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]})
        await JSONResponse(answers)(scope, _replay([]), send)


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return b"json" in value.lower()
    return False


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    async def receive() -> Message:
        if messages:
            return messages.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


GRAPHQL_RESPONSE = "application/graphql-response+json"


class ResponseMediaType:
    """GraphQL over HTTP: a client that accepts ``application/graphql-response+json`` gets it,
    and a request error (no ``data`` at all) then comes with status 400, as the spec asks."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        accept = dict(scope.get("headers", ())).get(b"accept", b"").decode("latin-1")
        if scope["type"] != "http" or GRAPHQL_RESPONSE not in accept or not str(
                scope.get("path", "")).startswith("/graphql"):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffering(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-type"]
            status = start["status"]
            ctype = dict(start.get("headers", [])).get(b"content-type", b"")
            if b"json" in ctype:
                headers.append((b"content-type", (GRAPHQL_RESPONSE + "; charset=utf-8").encode()))
                try:
                    doc = json.loads(body)
                except ValueError:
                    doc = None
                if isinstance(doc, dict) and doc.get("errors") and doc.get("data") is None:
                    # a request error: no `data` entry at all, and a 4xx status
                    status = 400 if status == 200 else status
                    doc.pop("data", None)
                    body = json.dumps(doc, separators=(",", ":")).encode()
                    headers = [(k, v) for k, v in headers if k != b"content-length"]
                    headers.append((b"content-length", str(len(body)).encode()))
            else:
                headers.append((b"content-type", ctype))
            await send({**start, "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffering)


class AccessLog:
    """One JSON line per request on ``lifecycle_kg.access`` (INFO)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not access_logger.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        size = 0

        async def sending(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client")
            access_logger.info(json.dumps({
                "ts": round(time.time(), 3),
                "method": scope.get("method"),
                "path": scope.get("path"),
                "status": status,
                "ms": round((time.perf_counter() - start) * 1000, 2),
                "bytes": size,
                "client": client[0] if client else None,
            }, separators=(",", ":")))


class LocalGraphiQLRouter(GraphQLRouter):  # type: ignore[type-arg]
    """Serves the vendored GraphiQL (no CDN) to browsers that GET /graphql."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        from api.explorer import graphiql_page

        return HTMLResponse(graphiql_page())


class GraphHolder:
    """Holds the graph the app serves; ``swap`` replaces it atomically.

    Each request takes the graph once (in its context), so a swap never mixes two graphs
    within one response. Built with no graph, the holder is *loading*: ``ready`` is set by
    the first swap, and until then only ``/healthz`` answers (saying so).
    """

    def __init__(self, kg: KnowledgeGraph | None) -> None:
        self._lock = threading.Lock()
        self._kg = kg
        self.ready = threading.Event()
        self.loaded_at = time.time() if kg is not None else 0.0
        self.generation = 1 if kg is not None else 0
        if kg is not None:
            self.ready.set()

    @property
    def kg(self) -> KnowledgeGraph:
        if self._kg is None:
            raise RuntimeError("no graph yet: the server is still loading")
        return self._kg

    def swap(self, kg: KnowledgeGraph) -> KnowledgeGraph | None:
        """Serve ``kg`` from now on; returns the graph it replaces (none while loading)."""
        with self._lock:
            old, self._kg = self._kg, kg
            self.loaded_at = time.time()
            self.generation += 1
        self.ready.set()
        if old is not None and old is not kg:
            old.close()  # its SPARQL workers; a query still running on it finishes first
        return old


class WhileLoading:
    """Until the graph is loaded and indexed, answer everything but ``/healthz`` with 503."""

    def __init__(self, app: ASGIApp, holder: GraphHolder) -> None:
        self.app = app
        self.holder = holder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and not self.holder.ready.is_set()
                and scope.get("path") != "/healthz"):
            response = _json_error(503, "the graph is still loading; try again shortly",
                                   "LOADING")
            response.headers["retry-after"] = "2"
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_app(kg: KnowledgeGraph | None = None, *, production: bool = False,
               cors_origins: Sequence[str] = (), max_body_bytes: int = MAX_BODY_BYTES,
               query_timeout: float = QUERY_TIMEOUT,
               expose_schema: bool | None = None, cost_limit: int = COST_LIMIT,
               body_timeout: float = BODY_SECONDS,
               sparql_timeout: float | None = None,
               sparql_max_bytes: int | None = None, loading: bool = False,
               response_cache_bytes: int | None = None) -> FastAPI:
    """An app serving ``kg`` (the curated graph by default).

    ``production`` turns off GraphiQL, introspection and the OpenAPI pages, and masks
    unexpected errors (bad ids and inputs still get their messages). ``cors_origins`` allows
    those origins (``*`` for any) to call the API from a browser. ``/schema.graphql`` is
    served unless in production (where ``expose_schema`` turns it back on).
    ``sparql_timeout`` (seconds; 0 for none) and ``sparql_max_bytes`` bound ``/sparql``.
    With ``loading`` the app starts with no graph (503 ``LOADING`` until the first swap), so
    a server can listen, and say it is loading, before the graph is ready.
    ``response_cache_bytes`` bounds the GraphQL response cache (0 turns it off).
    """
    if kg is None and not loading:
        from kg.loader import load

        kg = load(use_cache=True)
    holder = GraphHolder(kg)
    schema = build_schema(production, query_timeout, cost_limit)
    docs: dict[str, Any] = (
        {"docs_url": None, "redoc_url": None, "openapi_url": None} if production else {}
    )
    app = FastAPI(title="lifecycle-kg", description="GraphQL API over the lifecycle knowledge "
                  "graph of AI-safety arguments and their assumptions.", **docs)
    app.state.holder = holder

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError) -> JSONResponse:
        return _json_error(400, "request is nested too deeply", "BAD_REQUEST")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        # the error is logged by the server; the client gets no details
        return _json_error(500, "internal server error", "INTERNAL_SERVER_ERROR")

    def context() -> Context:
        return Context(holder.kg)

    # GraphiQL comes from the package (api/explorer.py), not from a CDN
    router: GraphQLRouter = LocalGraphiQLRouter(
        schema, context_getter=context, graphql_ide=None if production else "graphiql"
    )
    app.include_router(router, prefix="/graphql")
    if expose_schema if expose_schema is not None else not production:
        text = sdl()

        @app.get("/schema.graphql", response_class=PlainTextResponse,
                 summary="The GraphQL SDL")
        def schema_sdl() -> PlainTextResponse:
            return PlainTextResponse(text, media_type="text/plain; charset=utf-8")

    from api.linked_data import add_linked_data
    from api.sparql import add_sparql
    from kg.sparql import MAX_RESULT_BYTES
    from kg.sparql_pool import DEFAULT_TIMEOUT

    add_sparql(app, lambda: holder.kg, sparql_max_bytes or MAX_RESULT_BYTES,
               DEFAULT_TIMEOUT if sparql_timeout is None else sparql_timeout)
    add_linked_data(app, lambda: holder.kg)
    from api.publishing import add_publishing

    add_publishing(app, lambda: holder.kg)
    from api.explorer import add_explorer

    add_explorer(app, graphiql=not production)

    @app.get("/healthz", summary="Liveness and what is loaded (503 while loading)")
    def healthz() -> Any:
        if not holder.ready.is_set():
            return JSONResponse({"status": "loading", "generation": 0}, status_code=503,
                                headers={"retry-after": "2"})
        g = holder.kg
        return {"status": "ok", "triples": len(g), "files": len(g.files),
                "generation": holder.generation, "loadedAt": holder.loaded_at,
                "pid": os.getpid()}

    from api.response_cache import DEFAULT_BYTES, ResponseCache

    cache_bytes = DEFAULT_BYTES if response_cache_bytes is None else response_cache_bytes
    app.state.wire_cache = None
    if cache_bytes > 0:
        from api.wire_cache import WireCache

        # the budget is shared: the app's cache (by normalised operation) and the same
        # answers by exact request bytes, for the HTTP protocol to replay (api/wire_cache.py)
        app.add_middleware(ResponseCache, generation=lambda: holder.generation,
                           max_bytes=cache_bytes - cache_bytes // 2)
        app.state.wire_cache = WireCache(lambda: holder.generation, cache_bytes // 2)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET", "POST", "OPTIONS"],
                           allow_headers=["content-type", "authorization"], max_age=600)
    app.add_middleware(BodyLimit, limit=max_body_bytes, timeout=body_timeout)
    app.add_middleware(ResponseMediaType)
    app.add_middleware(WhileLoading, holder=holder)
    app.add_middleware(AccessLog)
    return app

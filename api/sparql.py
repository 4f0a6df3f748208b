"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: GET with ``query=``, POST as a form or
with the query as the body (``application/sparql-query``). Read-only; the result format
follows ``Accept`` (JSON, XML, CSV, TSV for SELECT/ASK; Turtle, N-Triples, JSON-LD, RDF/XML
for CONSTRUCT/DESCRIBE). Without a query, GET answers with the service description.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import parse_qs

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from kg.graph import KnowledgeGraph
from kg.sparql import SparqlError

#: SPARQL queries evaluated at once: the rest wait, so a few heavy ones cannot starve GraphQL
CONCURRENT = 2
SERVICE = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_CSV> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV> ,
        <http://www.w3.org/ns/formats/Turtle> ,
        <http://www.w3.org/ns/formats/N-Triples> ,
        <http://www.w3.org/ns/formats/JSON-LD> ;
    sd:feature sd:UnionDefaultGraph ;
    dcterms:description "Read-only SPARQL over the lifecycle-kg graph; updates are refused." .
"""


def add_sparql(app: FastAPI, graph: Callable[[], KnowledgeGraph], max_bytes: int,
               timeout: float) -> None:
    """Mount ``/sparql``: results over ``max_bytes`` and queries running longer than
    ``timeout`` seconds (0: no limit, evaluated in-process) get an error, never a partial
    answer."""
    gate = threading.BoundedSemaphore(CONCURRENT)

    def answer(query: str | None, accept: str | None, endpoint: str) -> Response:
        if not query:
            return Response(SERVICE.format(endpoint=endpoint), media_type="text/turtle")
        with gate:
            try:
                got = graph().sparql(query, accept, max_bytes, timeout)
            except SparqlError as e:
                return JSONResponse({"error": str(e)}, status_code=e.status)
        return Response(got.body, media_type=got.media_type)

    @app.get("/sparql", summary="SPARQL 1.1 query (GET)", response_class=Response)
    def sparql_get(request: Request, query: str | None = None) -> Response:
        return answer(query, request.headers.get("accept"), _endpoint(request))

    @app.post("/sparql", summary="SPARQL 1.1 query (POST form or direct body)",
              response_class=Response)
    async def sparql_post(request: Request) -> Response:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if ctype == "application/sparql-query":
            query = body.decode("utf-8", "replace")
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"))
            if "update" in form:
                return JSONResponse({"error": "updates are refused: this endpoint is "
                                     "read-only"}, status_code=400)
            query = (form.get("query") or [""])[0]
        else:
            return JSONResponse({"error": "send the query as application/sparql-query or as "
                                 "an application/x-www-form-urlencoded `query`"},
                                status_code=415)
        return await anyio.to_thread.run_sync(answer, query, request.headers.get("accept"),
                                              _endpoint(request))


def _endpoint(request: Request) -> str:
    return str(request.url).split("?", 1)[0]

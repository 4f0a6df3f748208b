"""Dereferenceable IRIs: ``/id/{slug}`` answers with the record as Turtle, N-Triples, JSON-LD
or an HTML page, by ``Accept``; ``/ontology`` with the ontology. (The dataset's description
and dumps are in :mod:`api.publishing`.)"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.pages import argument_page, assumption_page, generic_page
from kg.accept import choose
from kg.errors import UnknownIdError
from kg.graph import KnowledgeGraph
from kg.linked import FORMATS

_ORDER = ["text/html", *FORMATS]


def _choose(accept: str | None) -> str:
    return choose(accept, _ORDER, "text/turtle") or ""


def add_linked_data(app: FastAPI, graph: Callable[[], KnowledgeGraph]) -> None:
    @app.get("/id/{slug}", summary="A record, by content negotiation")
    def record(slug: str, request: Request) -> Response:
        kg = graph()
        mt = _choose(request.headers.get("accept"))
        if not mt:
            return JSONResponse({"error": "offered: " + ", ".join(_ORDER)}, status_code=406)
        try:
            found = kg.resolve(slug)
        except UnknownIdError as e:
            return JSONResponse({"error": str(e), "suggestions": e.suggestions},
                                status_code=404)
        if mt != "text/html":
            return Response(kg.describe(slug, FORMATS[mt]), media_type=mt)
        kind = kg.kind_of(slug) or "record"
        if kind == "argument":
            return HTMLResponse(argument_page(kg, found))
        if kind == "assumption":
            return HTMLResponse(assumption_page(kg, found))
        title = getattr(found, "title", None) or getattr(found, "name", None) or \
            getattr(found, "label", slug)
        return HTMLResponse(generic_page(str(title), kg.describe(slug), kind, slug))

    @app.get("/ontology", summary="The ontology, by content negotiation")
    def ontology(request: Request) -> Response:
        from kg.ontology_docs import html_file
        from kg.resources import ontology_files

        mt = _choose(request.headers.get("accept")) or "text/turtle"
        if mt == "text/html" and html_file().exists():
            return HTMLResponse(html_file().read_text(encoding="utf-8"))
        # the document proper, then its vocabularies: concatenated Turtle stays Turtle
        text = "\n".join(f.read_text(encoding="utf-8") for f in ontology_files())
        if mt in ("text/turtle", "text/html"):
            return Response(text, media_type="text/turtle")
        import rdflib

        g = rdflib.Graph().parse(data=text, format="turtle")
        return Response(g.serialize(format="nt" if mt == "application/n-triples"
                                    else "json-ld"), media_type=mt)

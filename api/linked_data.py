"""Dereferenceable IRIs: ``/id/{slug}`` answers with the record as Turtle, N-Triples, JSON-LD
or an HTML page, by ``Accept``; ``/ontology`` with the ontology; ``/.well-known/void`` with a
VoID description of the dataset."""

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

    @app.get("/.well-known/void", summary="VoID description of the dataset")
    def void(request: Request) -> Response:
        kg = graph()
        s = kg.stats()
        base = str(request.base_url).rstrip("/")
        lc, lcd = "https://w3id.org/lifecycle-kg/ontology#", "https://w3id.org/lifecycle-kg/id/"
        parts = ", ".join(
            f"[ void:class <{lc}{c}> ; void:entities {s[c]} ]"
            for c in ("Argument", "Exception", "Source", "Assumption"))
        lines = [
            "@prefix void: <http://rdfs.org/ns/void#> .",
            "@prefix dcterms: <http://purl.org/dc/terms/> .",
            "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
            "",
            f"<{base}/.well-known/void#dataset> a void:Dataset , dcat:Dataset ;",
            '    dcterms:title "lifecycle-kg: lifecycle claims about ML models" ;',
            '    dcterms:description "Published AI-safety arguments linked to the lifecycle '
            'assumptions they rely on, and documented cases that break them; every link '
            'sourced and reviewed." ;',
            "    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;",
            f"    void:triples {s['triples']} ;",
            f"    void:entities {sum(s[c] for c in ('Argument', 'Exception', 'Source'))} ;",
            f'    void:uriSpace "{lcd}" ;',
            f"    void:vocabulary <{lc}> ;",
            f"    void:sparqlEndpoint <{base}/sparql> ;",
            f"    void:exampleResource <{lcd}hubinger-sleeper-agents> , "
            f"<{lcd}sandboxed-in-training> ;",
            f"    void:classPartition {parts} .",
            "",
        ]
        text = "\n".join(lines)
        return Response(text, media_type="text/turtle")

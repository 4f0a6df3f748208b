"""Publishing the dataset: dumps at stable URLs and a VoID + DCAT description of them.

``/dumps/lifecycle-kg.ttl`` (canonical Turtle), ``/dumps/lifecycle-kg.nt.gz`` (sorted
N-Triples, gzipped) and ``/dumps/lifecycle-kg.jsonld`` (JSON-LD with the published context)
are built from the served graph on first request and kept until the graph is swapped, with an
ETag so mirrors can revalidate. ``/.well-known/void`` (also ``/dumps/void.ttl``) describes
the dataset and every dump with its media type, byte size and triple count.
``/context.jsonld`` is the JSON-LD context (readable from any origin, as JSON-LD processors
fetch it), so documents that name it by URL expand.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from kg.graph import KnowledgeGraph

LC = "https://w3id.org/lifecycle-kg/ontology#"
LCD = "https://w3id.org/lifecycle-kg/id/"
#: file name -> (export format, media type, gzipped)
DUMPS: dict[str, tuple[str, str, bool]] = {
    "lifecycle-kg.ttl": ("ttl", "text/turtle", False),
    "lifecycle-kg.nt.gz": ("nt", "application/n-triples", True),
    "lifecycle-kg.jsonld": ("jsonld", "application/ld+json", False),
}


@dataclass(frozen=True)
class Dump:
    body: bytes
    media_type: str
    gzipped: bool
    etag: str


class DumpCache:
    """Dumps of one graph, built once each (a swap brings a new graph and so a new cache)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._graph: KnowledgeGraph | None = None
        self._built: dict[str, Dump] = {}

    def get(self, kg: KnowledgeGraph, name: str) -> Dump:
        fmt, media_type, gz = DUMPS[name]
        with self._lock:
            if self._graph is not kg:
                self._graph, self._built = kg, {}
            if name not in self._built:
                body = kg.export(fmt).encode("utf-8")
                if gz:
                    # mtime 0: the same graph gives the same bytes (and ETag) on every server
                    body = gzip.compress(body, mtime=0)
                tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                self._built[name] = Dump(body, media_type, gz, tag)
            return self._built[name]


def void_description(kg: KnowledgeGraph, base: str, dumps: dict[str, Dump]) -> str:
    """VoID + DCAT for the dataset served at ``base``, listing ``dumps``."""
    s = kg.stats()
    parts = ", ".join(f"[ void:class <{LC}{c}> ; void:entities {s[c]} ]"
                      for c in ("Argument", "Exception", "Source", "Assumption"))
    dataset = f"<{base}/.well-known/void#dataset>"
    lines = [
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"{dataset} a void:Dataset , dcat:Dataset ;",
        '    dcterms:title "lifecycle-kg: lifecycle claims about ML models" ;',
        '    dcterms:description "Published AI-safety arguments linked to the lifecycle '
        'assumptions they rely on, and documented cases that break them; every link '
        'sourced and reviewed." ;',
        "    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;",
        f"    void:triples {s['triples']} ;",
        f"    void:entities {sum(s[c] for c in ('Argument', 'Exception', 'Source'))} ;",
        f'    void:uriSpace "{LCD}" ;',
        f"    void:vocabulary <{LC}> ;",
        f"    void:sparqlEndpoint <{base}/sparql> ;",
        f"    void:exampleResource <{LCD}hubinger-sleeper-agents> , "
        f"<{LCD}sandboxed-in-training> ;",
    ]
    for name in DUMPS:
        lines.append(f"    void:dataDump <{base}/dumps/{name}> ;")
    for name, d in dumps.items():
        compress = ("\n        dcat:compressFormat <http://www.iana.org/assignments/"
                    "media-types/application/gzip> ;" if d.gzipped else "")
        lines.append(
            f"    dcat:distribution [ a dcat:Distribution ;\n"
            f"        dcat:downloadURL <{base}/dumps/{name}> ;\n"
            f"        dcat:mediaType <http://www.iana.org/assignments/media-types/"
            f"{d.media_type}> ;{compress}\n"
            f"        dcat:byteSize \"{len(d.body)}\"^^xsd:nonNegativeInteger ;\n"
            f"        void:triples {s['triples']} ] ;")
    lines.append(f"    void:classPartition {parts} .")
    lines.append("")
    return "\n".join(lines)


def add_publishing(app: FastAPI, graph: Callable[[], KnowledgeGraph]) -> None:
    cache = DumpCache()

    def all_dumps(kg: KnowledgeGraph) -> dict[str, Dump]:
        return {name: cache.get(kg, name) for name in DUMPS}

    async def void(request: Request) -> Response:
        kg = graph()
        dumps = await anyio.to_thread.run_sync(all_dumps, kg)
        base = str(request.base_url).rstrip("/")
        return Response(void_description(kg, base, dumps), media_type="text/turtle")

    app.add_api_route("/.well-known/void", void, methods=["GET"],
                      summary="VoID + DCAT description of the dataset and its dumps")
    app.add_api_route("/dumps/void.ttl", void, methods=["GET"],
                      summary="The dataset description, beside the dumps")

    @app.get("/context.jsonld", summary="The JSON-LD context: every ontology term")
    def context() -> Response:
        from kg.export import jsonld_context

        return JSONResponse(jsonld_context(), media_type="application/ld+json",
                            headers={"access-control-allow-origin": "*"})

    @app.api_route("/dumps/{name}", methods=["GET", "HEAD"], summary="A dump of the dataset")
    async def dump(name: str, request: Request) -> Response:
        if name not in DUMPS:
            return JSONResponse({"error": f"no dump {name!r}; offered: void.ttl, "
                                 + ", ".join(DUMPS)}, status_code=404)
        d = await anyio.to_thread.run_sync(cache.get, graph(), name)
        headers = {"etag": d.etag, "cache-control": "no-cache",
                   "content-disposition": f'attachment; filename="{name}"'}
        if request.headers.get("if-none-match") == d.etag:
            return Response(status_code=304, headers=headers)
        if request.method == "HEAD":
            headers["content-length"] = str(len(d.body))
        return Response(b"" if request.method == "HEAD" else d.body, headers=headers,
                        media_type="application/gzip" if d.gzipped else d.media_type)

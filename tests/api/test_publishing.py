"""Publishing: dumps at stable URLs that parse back to the served graph, a VoID/DCAT
description that lists them with true sizes, and the JSON-LD context at its own URL."""

from __future__ import annotations

import gzip
import json

import pytest
import rdflib
import rdflib.compare
from fastapi.testclient import TestClient
from rdflib.namespace import OWL, RDF

import kg
from api.app import create_app
from api.devserver import running_server
from kg.resources import ontology_files
from tests.conftest import curated

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
LC = "https://w3id.org/lifecycle-kg/ontology#"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(curated()), raise_server_exceptions=False)


def _graph_of(graph: kg.KnowledgeGraph) -> rdflib.Graph:
    return rdflib.Graph().parse(data=graph.export("nt"), format="nt")


@pytest.mark.parametrize("name,fmt", [("lifecycle-kg.ttl", "turtle"),
                                      ("lifecycle-kg.nt.gz", "nt"),
                                      ("lifecycle-kg.jsonld", "json-ld")])
def test_each_dump_is_the_served_graph(client: TestClient, graph: kg.KnowledgeGraph,
                                       name: str, fmt: str) -> None:
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200 and r.headers["etag"]
    body = gzip.decompress(r.content) if name.endswith(".gz") else r.content
    got = rdflib.Graph().parse(data=body, format=fmt)
    assert rdflib.compare.isomorphic(got, _graph_of(graph))
    again = client.get(f"/dumps/{name}", headers={"if-none-match": r.headers["etag"]})
    assert again.status_code == 304
    head = client.head(f"/dumps/{name}")
    assert head.status_code == 200 and int(head.headers["content-length"]) == len(r.content)


def test_void_lists_every_dump_with_its_true_size(client: TestClient,
                                                  graph: kg.KnowledgeGraph) -> None:
    void = rdflib.Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    beside = rdflib.Graph().parse(data=client.get("/dumps/void.ttl").text, format="turtle")
    assert rdflib.compare.isomorphic(beside, void)
    dumps = {str(o) for o in void.objects(None, VOID.dataDump)}
    assert len(dumps) == 3
    for dist in void.objects(None, DCAT.distribution):
        url = str(void.value(dist, DCAT.downloadURL))
        assert url in dumps
        size = int(void.value(dist, DCAT.byteSize))
        assert size == len(client.get(url.replace("http://testserver", "")).content)
        assert int(void.value(dist, VOID.triples)) == len(graph)


def test_unknown_dump_is_404(client: TestClient) -> None:
    r = client.get("/dumps/lifecycle-kg.rdf")
    assert r.status_code == 404 and "lifecycle-kg.ttl" in r.json()["error"]


def test_context_names_every_ontology_term(client: TestClient) -> None:
    ctx = client.get("/context.jsonld").json()["@context"]
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("#", "/"))}

    def iri(v: object) -> str:
        v = v["@id"] if isinstance(v, dict) else v
        assert isinstance(v, str)
        p, _, local = v.partition(":")
        return prefixes[p] + local if p in prefixes else v

    named = {iri(v) for k, v in ctx.items() if k not in prefixes}
    onto = rdflib.Graph()
    for f in ontology_files():
        onto.parse(f)
    terms = {str(s) for s in onto.subjects(RDF.type, None) if str(s).startswith(LC)}
    assert terms and not sorted(terms - named)
    # object properties point at records: the context says their values are IRIs
    for p in onto.subjects(RDF.type, OWL.ObjectProperty):
        entry = next(v for v in ctx.values() if isinstance(v, dict) and iri(v) == str(p))
        assert entry.get("@type") == "@id", p


def test_a_document_naming_the_context_by_url_expands() -> None:
    with running_server(["--no-access-log"]) as server:
        doc = {"@context": f"{server.base}/context.jsonld",
               "@id": "lcd:example", "@type": "Argument", "kind": "lc:Proposal"}
        g = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    ex = rdflib.URIRef("https://w3id.org/lifecycle-kg/id/example")
    assert (ex, RDF.type, rdflib.URIRef(LC + "Argument")) in g
    assert (ex, rdflib.URIRef(LC + "kind"), rdflib.URIRef(LC + "Proposal")) in g

"""Dereferenceable IRIs: a record answers as Turtle, N-Triples, JSON-LD or an HTML page by
Accept; the ontology and a VoID description are served too."""

from __future__ import annotations

import pytest
import rdflib
from fastapi.testclient import TestClient

import kg
from api.app import create_app
from tests.conftest import curated

LCD = "https://w3id.org/lifecycle-kg/id/"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(curated()), raise_server_exceptions=False)


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"),
                                         ("application/n-triples", "nt"),
                                         ("application/ld+json", "json-ld")])
def test_record_triples_by_accept(client: TestClient, graph: kg.KnowledgeGraph, accept: str,
                                  fmt: str) -> None:
    r = client.get("/id/hubinger-sleeper-agents", headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = rdflib.Graph().parse(data=r.text, format=fmt)
    arg = graph.argument("hubinger-sleeper-agents")
    subjects = {str(s) for s in g.subjects()}
    assert arg.iri in subjects
    assert {f"{arg.iri}.{d.assumption_id}" for d in arg.dependencies} <= subjects
    assert not any(s.startswith(LCD + "hubinger-2024") for s in subjects)  # not the source


def test_browser_gets_a_page_with_rationale_and_links(client: TestClient,
                                                      graph: kg.KnowledgeGraph) -> None:
    r = client.get("/id/hubinger-sleeper-agents",
                   headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.headers["content-type"].startswith("text/html")
    arg = graph.argument("hubinger-sleeper-agents")
    for d in arg.dependencies:
        assert f'href="/id/{d.assumption_id}"' in r.text
    assert "/graphql?query=" in r.text
    page = client.get("/id/sandboxed-in-training", headers={"accept": "text/html"}).text
    for a in graph.arguments_assuming("sandboxed-in-training", "holds"):
        assert f'href="/id/{a.id}"' in page


def test_unknown_id_is_404_with_suggestions(client: TestClient) -> None:
    r = client.get("/id/hubinger-sleeper-agent")
    assert r.status_code == 404 and "hubinger-sleeper-agents" in r.json()["suggestions"]


def test_ontology_and_void(client: TestClient, graph: kg.KnowledgeGraph) -> None:
    onto = client.get("/ontology", headers={"accept": "text/turtle"})
    g = rdflib.Graph().parse(data=onto.text, format="turtle")
    assert (None, rdflib.RDF.type, rdflib.OWL.Ontology) in g
    # the vocabularies come with it: every kind a record can have is described
    kind = rdflib.URIRef("https://w3id.org/lifecycle-kg/ontology#ThreatModel")
    assert (kind, rdflib.RDFS.label, None) in g
    page = client.get("/ontology", headers={"accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<title>Lifecycle claims ontology</title>" in page.text
    void = rdflib.Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    vns = rdflib.Namespace("http://rdfs.org/ns/void#")
    assert int(next(void.objects(None, vns.triples))) == len(graph)
    assert next(void.objects(None, vns.sparqlEndpoint)).endswith("/sparql")

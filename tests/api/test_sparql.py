"""The SPARQL 1.1 Protocol endpoint: GET, POST form and direct bodies, results by Accept,
updates refused, a byte cap, a service description; rdflib's SPARQLStore and the CLI use it."""

from __future__ import annotations

import subprocess

import pytest
import rdflib
from fastapi.testclient import TestClient

import kg
from api.app import create_app
from api.devserver import running_server, serve_command
from tests.conftest import curated

LC = "https://w3id.org/lifecycle-kg/ontology#"
LCD = "https://w3id.org/lifecycle-kg/id/"
HEADLINE = f"""SELECT ?arg WHERE {{
  ?arg <{LC}hasDependency> ?d . ?d <{LC}assumption> <{LCD}sandboxed-in-training> ;
       <{LC}direction> <{LC}RequiresHolds> }} ORDER BY ?arg"""


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(curated()), raise_server_exceptions=False)


def _want(graph: kg.KnowledgeGraph) -> list[str]:
    return [a.iri for a in graph.arguments_assuming("sandboxed-in-training", "holds")]


def test_get_post_and_direct_body_agree(client: TestClient, graph: kg.KnowledgeGraph) -> None:
    a = client.get("/sparql", params={"query": HEADLINE}).json()
    b = client.post("/sparql", data={"query": HEADLINE}).json()
    c = client.post("/sparql", content=HEADLINE,
                    headers={"content-type": "application/sparql-query"}).json()
    assert a == b == c
    assert [x["arg"]["value"] for x in a["results"]["bindings"]] == _want(graph)


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html, */*;q=0.1", "application/sparql-results+json"),
])
def test_result_formats(client: TestClient, accept: str, media: str) -> None:
    r = client.get("/sparql", params={"query": HEADLINE}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


def test_construct_by_accept(client: TestClient) -> None:
    q = f"CONSTRUCT {{ ?s a <{LC}Assumption> }} WHERE {{ ?s a <{LC}Assumption> }}"
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                        ("application/ld+json", "json-ld")):
        r = client.get("/sparql", params={"query": q}, headers={"accept": accept})
        assert r.headers["content-type"].startswith(accept)
        assert len(rdflib.Graph().parse(data=r.text, format=fmt)) == len(
            curated().assumptions())


def test_updates_and_mistakes_are_refused(client: TestClient) -> None:
    for r in (client.post("/sparql", data={"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}),
              client.post("/sparql", content="DELETE WHERE { ?s ?p ?o }",
                          headers={"content-type": "application/sparql-query"}),
              client.get("/sparql", params={"query": "SELEC x"})):
        assert r.status_code == 400 and r.json()["error"]
    assert len(curated()) > 1000  # nothing was deleted
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                   headers={"accept": "image/png"})
    assert r.status_code == 406


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef("http://testserver/sparql")) in g


def test_result_cap(graph: kg.KnowledgeGraph) -> None:
    from kg.sparql import SparqlError

    with pytest.raises(SparqlError) as err:
        graph.sparql("SELECT * WHERE { ?s ?p ?o }", max_bytes=10_000)
    assert err.value.status == 413


def test_rdflib_sparqlstore_and_cli(graph: kg.KnowledgeGraph) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    with running_server(["--no-access-log"]) as server:
        store = SPARQLStore(f"{server.base}/sparql")
        got = [str(r[0]) for r in store.query(HEADLINE)]
    assert got == _want(graph)
    out = subprocess.run([*serve_command(), "sparql", HEADLINE, "--format", "csv"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[1:] == _want(graph)


def test_runaway_query_gets_503_and_the_server_keeps_answering() -> None:
    import httpx

    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with running_server(["--no-access-log", "--sparql-timeout", "1"]) as server:
        r = httpx.get(f"{server.base}/sparql", params={"query": runaway}, timeout=60)
        assert r.status_code == 503 and "longer than 1 s" in r.json()["error"]
        assert httpx.get(f"{server.base}/healthz", timeout=10).status_code == 200
        r = httpx.get(f"{server.base}/sparql", params={"query": HEADLINE},
                      headers={"accept": "text/csv"}, timeout=60)
        assert r.status_code == 200 and len(r.text.splitlines()) > 1


def test_swapping_graphs_stops_the_old_graphs_workers() -> None:
    app = create_app(kg.load(use_cache=True), sparql_timeout=30)
    client = TestClient(app)
    assert client.get("/sparql", params={"query": HEADLINE}).status_code == 200
    old = app.state.holder.kg
    pids = old._sparql_pool().workers
    assert pids
    app.state.holder.swap(kg.load(use_cache=True))
    for pid in pids:
        assert not _running(pid)
    assert client.get("/sparql", params={"query": HEADLINE}).status_code == 200
    app.state.holder.kg.close()


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"  # a zombie has stopped running
    except FileNotFoundError:
        return False

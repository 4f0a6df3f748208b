"""The same API on real triple stores: the validated data published into Oxigraph server
(PyPI) and Virtuoso (Debian), then every competency question answered through the endpoint as
the embedded store answers it; publishing switches graphs atomically; a result the endpoint
cut short is refused, not served."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import httpx
import pytest

import kg
from api.devserver import running_server, serve_command
from api.engines import Engine, oxigraph_server, virtuoso_server
from kg.remote import Endpoint, RemoteError, RemoteStore, connect, publish
from tests import competency as C

pytestmark = pytest.mark.slow
WHY = {"oxigraph": "Oxigraph server is not installed (PyPI `oxigraph`, in the dev extra)",
       "virtuoso": "Virtuoso is not installed (Debian `virtuoso-opensource`; make test "
                   "installs it with apt-get where it may)"}


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine(request: pytest.FixtureRequest, graph: kg.KnowledgeGraph) -> Iterator[Engine]:
    starter = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with starter() as eng:
        if eng is None:
            pytest.skip(WHY[request.param])
        publish(graph.export("nt"), Endpoint(eng.query_url, eng.update_url), log=lambda m: None)
        yield eng


@pytest.fixture(scope="module")
def remote(engine: Engine) -> kg.KnowledgeGraph:
    g = connect(engine.query_url)
    g.warm()
    return g


@pytest.mark.parametrize("q", C.QUESTIONS, ids=[q.text[:70] for q in C.QUESTIONS])
def test_competency_question_on_the_endpoint(q: C.Question, graph: kg.KnowledgeGraph,
                                             remote: kg.KnowledgeGraph) -> None:
    assert C.answer(remote, q) == C.answer(graph, q)


def test_records_exports_and_pages_match(graph: kg.KnowledgeGraph,
                                         remote: kg.KnowledgeGraph) -> None:
    assert len(remote) == len(graph)
    assert remote.arguments() == graph.arguments()
    assert remote.exceptions() == graph.exceptions()
    assert remote.describe("hubinger-sleeper-agents") == graph.describe("hubinger-sleeper-agents")
    assert remote.export("ttl") == graph.export("ttl")


def test_a_list_costs_one_query_per_level_not_per_item(engine: Engine) -> None:
    fresh = connect(engine.query_url)
    before = fresh.query_count
    args = fresh.arguments()
    fresh.underminings()
    assert len(args) > 100 and fresh.query_count - before <= 12


def test_publishing_again_switches_and_drops_the_old_graph(engine: Engine,
                                                          graph: kg.KnowledgeGraph) -> None:
    ep = Endpoint(engine.query_url, engine.update_url)
    old = ep.current_graph()
    assert old is not None
    new = publish(graph.export("nt"), ep, log=lambda m: None)
    assert new != old and ep.current_graph() == new
    assert ep.count(new) == len(graph) and ep.count(old) == 0
    # a failed publish (here: an update endpoint that refuses) switches nothing
    bad = Endpoint(engine.query_url, engine.query_url.rsplit("/", 1)[0] + "/nowhere")
    with pytest.raises(RemoteError):
        publish(graph.export("nt"), bad, log=lambda m: None)
    assert ep.current_graph() == new and ep.count(new) == len(graph)


def test_nothing_published_is_a_clear_error() -> None:
    with oxigraph_server() as eng:
        if eng is None:
            pytest.skip(WHY["oxigraph"])
        with pytest.raises(RemoteError, match="no lifecycle-kg graph published"):
            RemoteStore(Endpoint(eng.query_url))


def test_virtuoso_cutting_results_short_is_refused(graph: kg.KnowledgeGraph) -> None:
    with virtuoso_server(max_rows=1000) as eng:
        if eng is None:
            pytest.skip(WHY["virtuoso"])
        publish(graph.export("nt"), Endpoint(eng.query_url, eng.update_url), log=lambda m: None)
        g = connect(eng.query_url)
        with pytest.raises(RemoteError, match="cut the result at 1000 rows"):
            g.arguments()


def test_cli_publish_then_serve_from_the_store(graph: kg.KnowledgeGraph) -> None:
    with oxigraph_server() as eng:
        if eng is None:
            pytest.skip(WHY["oxigraph"])
        out = subprocess.run([*serve_command(), "publish", "--endpoint", eng.query_url,
                              "--update-endpoint", eng.update_url], capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        assert f"published {len(graph)} triples" in out.stderr
        with running_server(["--no-access-log", "--store", eng.query_url]) as server:
            r = httpx.post(f"{server.base}/graphql", json={"query": "{ stats { arguments } }"},
                           timeout=60)
            assert r.json()["data"]["stats"]["arguments"] == len(graph.arguments())
            health = httpx.get(f"{server.base}/healthz", timeout=10).json()
            assert health["triples"] == len(graph) and health["files"] == 0
            page = httpx.get(f"{server.base}/id/hubinger-sleeper-agents",
                             headers={"accept": "text/turtle"}, timeout=60)
            assert page.status_code == 200 and "hubinger-sleeper-agents" in page.text
            sparql = httpx.get(f"{server.base}/sparql", timeout=60, params={
                "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                headers={"accept": "application/sparql-results+json"})
            n = sparql.json()["results"]["bindings"][0]["n"]["value"]
            assert int(n) == len(graph)
            refused = httpx.post(f"{server.base}/sparql", data={"update": "DROP ALL"},
                                 timeout=10)
            assert refused.status_code == 400

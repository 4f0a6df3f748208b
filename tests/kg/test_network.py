"""The networkx projection is typed, and the analyses read it correctly."""

from __future__ import annotations

import kg
from kg.network import load_bearing_assumptions, most_exposed_arguments, shared_assumptions


def test_projection_is_typed(graph: kg.KnowledgeGraph) -> None:
    g = graph.to_networkx()
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"phase", "property", "assumption", "source", "argument", "exception"}
    assert all("iri" in d and "label" in d for _, d in g.nodes(data=True))
    deps = [d for _, _, d in g.edges(data=True) if d["relation"] == "depends_on"]
    against = [d for _, _, d in g.edges(data=True) if d["relation"] == "argues_against"]
    assert len(deps) + len(against) == graph.stats()["Dependency"] and against
    assert all(d["direction"] in ("holds", "fails") and d["strength"] and d["evidence"]
               for d in deps)
    assert all(d["direction"] == "argues-fails" for d in against)
    # literals and classes are attributes, not hubs
    assert not any(str(n).startswith(("http://www.w3.org", "https://w3id.org/lifecycle-kg/ontology"))
                   for n in g.nodes)


def test_load_bearing_assumptions_count_arguments(graph: kg.KnowledgeGraph) -> None:
    ranked = load_bearing_assumptions(graph.to_networkx())
    top, n = ranked[0]
    assert n == len(graph.arguments_assuming(top))
    assert [c for _, c in ranked] == sorted((c for _, c in ranked), reverse=True)


def test_exposure_and_sharing(graph: kg.KnowledgeGraph) -> None:
    exposed = dict(most_exposed_arguments(graph))
    sa = {u.exception_id for u in graph.exceptions_undermining("hubinger-sleeper-agents")}
    assert exposed["hubinger-sleeper-agents"] == len(sa)
    pairs = shared_assumptions(graph.to_networkx(), min_shared=3)
    for a, b, n in pairs[:10]:
        da = {d.assumption_id for d in graph.argument(a).premises}
        db = {d.assumption_id for d in graph.argument(b).premises}
        assert len(da & db) == n >= 3

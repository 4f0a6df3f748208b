"""A typed networkx projection of the graph, and analyses on top of it.

Only records become nodes (arguments, assumptions, axes, phases, exceptions, sources); literals
and classes stay attributes, so they do not turn into hubs as in a raw triple dump.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph


def project(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for p in kg.phases():
        g.add_node(p.id, kind="phase", label=p.label, iri=p.iri)
    for x in kg.properties():
        g.add_node(x.id, kind="property", label=x.label, iri=x.iri, scale=x.scale)
    for a in kg.assumptions():
        g.add_node(a.id, kind="assumption", label=a.label, iri=a.iri)
        g.add_edge(a.id, a.property_id, key="about", relation="about")
        if a.phase_id:
            g.add_edge(a.id, a.phase_id, key="in_phase", relation="in_phase")
    for s in kg.sources():
        g.add_node(s.id, kind="source", label=s.title, iri=s.iri, year=s.year, url=s.url)
    for arg in kg.arguments():
        g.add_node(arg.id, kind="argument", label=arg.title, iri=arg.iri, argument_kind=arg.kind)
        g.add_edge(arg.id, arg.source.id, key="cites", relation="cites")
        for d in arg.dependencies:
            # a conclusion is an edge of its own kind, so premise analyses never count it
            rel = "depends_on" if d.is_premise else "argues_against"
            attrs = {"strength": d.strength} if d.strength else {}
            g.add_edge(arg.id, d.assumption_id, key=rel, relation=rel, direction=d.direction,
                       evidence=d.evidence, locator=d.locator, rationale=d.rationale, **attrs)
        for t in arg.responds_to:
            g.add_edge(arg.id, t, key="responds_to", relation="responds_to")
        for t in arg.disputes:
            g.add_edge(arg.id, t, key="disputes", relation="disputes")
    for e in kg.exceptions():
        g.add_node(e.id, kind="exception", label=e.name, iri=e.iri, year=e.year,
                   exception_kind=e.kind)
        g.add_edge(e.id, e.source.id, key="cites", relation="cites")
        for phase_id in e.phase_ids:
            g.add_edge(e.id, phase_id, key="in_phase", relation="in_phase")
        for o in e.observations:
            rel = "predicts" if o.is_forecast else "observes"
            g.add_edge(e.id, o.assumption_id, key=rel, relation=rel,
                       status=o.status, evidence=o.evidence, locator=o.locator,
                       rationale=o.rationale)
        for t in e.illustrates:
            g.add_edge(e.id, t, key="illustrates", relation="illustrates")
    return g


def load_bearing_assumptions(g: nx.MultiDiGraph) -> list[tuple[str, int]]:
    """Assumptions ranked by how many arguments have them as a premise."""
    counts = Counter(
        v for u, v, d in g.edges(data=True) if d.get("relation") == "depends_on"
    )
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def most_exposed_arguments(
    kg: KnowledgeGraph, include_forecasts: bool = False
) -> list[tuple[str, int]]:
    """Arguments ranked by how many documented exceptions undermine them (forecasts only when
    asked for: a prediction is not a documented case)."""
    counts = Counter(u.argument_id for u in {
        (x.argument_id, x.exception_id): x
        for x in kg.underminings(include_forecasts=include_forecasts)}.values())
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def shared_assumptions(g: nx.MultiDiGraph, min_shared: int = 2) -> list[tuple[str, str, int]]:
    """Pairs of arguments that have at least ``min_shared`` of the same premises."""
    needs: dict[str, set[str]] = {}
    for u, v, d in g.edges(data=True):
        if d.get("relation") == "depends_on":
            needs.setdefault(u, set()).add(v)
    pairs = [
        (a, b, len(needs[a] & needs[b]))
        for a, b in combinations(sorted(needs), 2)
        if len(needs[a] & needs[b]) >= min_shared
    ]
    return sorted(pairs, key=lambda t: (-t[2], t[0], t[1]))

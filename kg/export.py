"""Exports: canonical Turtle, N-Triples, JSON-LD with a published context, GraphML."""

from __future__ import annotations

import io
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from kg.turtle import store_turtle

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

FORMATS = ("ttl", "nt", "jsonld", "graphml")


@cache
def jsonld_context() -> dict[str, Any]:
    """The published JSON-LD context (``kg/context.jsonld``)."""
    text = resources.files("kg").joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def export(kg: KnowledgeGraph, format: str = "ttl") -> str:
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    raw = kg._raw_store()
    if format == "ttl":
        if raw is not None:
            return store_turtle(raw)
        return kg.rdf.serialize(format="turtle")
    if format == "nt":
        if raw is not None:
            import pyoxigraph as ox

            lines = sorted({str(ox.Triple(q.subject, q.predicate, q.object))
                            for q in raw.quads_for_pattern(None, None, None)})
            return "".join(line + " .\n" for line in lines)
        return kg.rdf.serialize(format="nt")
    if format == "jsonld":
        ctx = jsonld_context()
        return kg.rdf.serialize(format="json-ld", context=ctx["@context"], indent=2)
    import networkx as nx

    # GraphML edge ids must be unique in the file (graphology refuses repeats): the
    # projection's keys name the relation, so each edge gets its own id here
    g = kg.to_networkx()
    unique = nx.MultiDiGraph()
    unique.add_nodes_from(g.nodes(data=True))
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        unique.add_edge(u, v, key=f"e{i}", **d)
    buf = io.BytesIO()
    nx.write_graphml(unique, buf)
    return buf.getvalue().decode("utf-8")

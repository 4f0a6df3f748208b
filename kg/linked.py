"""One record as Linked Data: its triples and its parts' in Turtle, N-Triples or JSON-LD,
for dereferenceable IRIs (``/id/{slug}``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.turtle import canonical_turtle

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

FORMATS = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld"}


def describe(kg: KnowledgeGraph, iri: str, fmt: str) -> str:
    """The record's triples (the IRI must name a known record: the facade checks it)."""
    store = ox.Store()
    remote = getattr(kg._store, "select_terms", None)
    raw = None if remote is not None else kg._raw_store()
    if remote is not None:  # one query to the endpoint, not a copy of the whole graph
        for s, p, o in remote("describe", {"record": [iri]}):
            store.add(ox.Quad(s, p, o))
    elif raw is not None:
        from kg.store import bind, query_text

        text = bind(query_text("describe"), {"record": [iri]})
        for sol in raw.query(text, use_default_graph_as_union=True):
            store.add(ox.Quad(sol["s"], sol["p"], sol["o"]))
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None)]
    if fmt == "ttl":
        return canonical_turtle(triples)
    if fmt == "nt":
        return "".join(sorted(f"{t} .\n" for t in triples))
    if fmt == "jsonld":
        import rdflib

        from kg.export import jsonld_context

        g = rdflib.Graph().parse(data="".join(f"{t} .\n" for t in triples), format="nt")
        doc = json.loads(g.serialize(format="json-ld", context=jsonld_context()["@context"]))
        return json.dumps(doc, indent=2, ensure_ascii=False)
    raise ValueError(f"unknown format {fmt!r}")

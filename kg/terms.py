"""Conversion between pyoxigraph terms (the store) and rdflib terms (the user-facing graph)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from kg.namespaces import PREFIXES

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt))
    raise TypeError(f"unsupported term {term!r}")


def triples_to_rdflib(quads: Iterable[ox.Quad | ox.Triple]) -> Iterator[tuple[Node, Node, Node]]:
    for q in quads:
        yield (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))  # type: ignore[arg-type]


def to_graph(quads: Iterable[ox.Quad | ox.Triple]) -> rdflib.Graph:
    g = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for t in triples_to_rdflib(quads):
        g.add(t)
    return g

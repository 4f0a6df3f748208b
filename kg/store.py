"""The one small store interface every query goes through.

Queries are named files in ``kg/queries``. Parameters are bound as a ``VALUES`` block built
from validated IRIs (never user text pasted into the query), so that the embedded Oxigraph
store, rdflib, or later a remote SPARQL 1.1 endpoint can answer the same files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Protocol

import pyoxigraph as ox
import rdflib
from rdflib.plugins.sparql import prepareQuery

Value = str | int | bool | None
Row = tuple[Value, ...]

_IRI_OK = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_WHERE = re.compile(r"WHERE\s*\{", re.IGNORECASE)


class QueryStats:
    """Counts store queries, so tests can check that a request costs a bounded number."""

    def __init__(self) -> None:
        self.count = 0


@cache
def query_text(name: str) -> str:
    return resources.files("kg.queries").joinpath(f"{name}.rq").read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(
        p.name[:-3] for p in resources.files("kg.queries").iterdir() if p.name.endswith(".rq")
    )


def check_iri(iri: str) -> str:
    """Reject anything that is not a plain absolute IRI before it gets near a query."""
    if not isinstance(iri, str) or not _IRI_OK.match(iri):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return iri


def values_block(bindings: Mapping[str, Sequence[str]]) -> str:
    parts = []
    for var, iris in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
            raise ValueError(f"bad variable name {var!r}")
        terms = " ".join(f"<{check_iri(i)}>" for i in iris)
        parts.append(f"VALUES ?{var} {{ {terms} }}")
    return " ".join(parts)


def bind(text: str, bindings: Mapping[str, Sequence[str]]) -> str:
    """Insert a VALUES block as the first element of the query's WHERE group."""
    if not bindings:
        return text
    m = _WHERE.search(text)
    if m is None:
        raise ValueError("query has no WHERE clause to bind into")
    return text[: m.end()] + " " + values_block(bindings) + " " + text[m.end():]


class Store(Protocol):
    stats: QueryStats

    def select(self, name: str, bindings: Mapping[str, Sequence[str]] | None = None) -> list[Row]:
        """Run the named query; IRIs come back as strings, literals as Python values."""
        ...

    def __len__(self) -> int: ...


def _ox_value(term: object) -> Value:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith("#integer"):
            return int(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    raise TypeError(term)


class OxigraphStore:
    """The embedded store: fast parsing and joins, used for every query of the facade."""

    def __init__(self, store: ox.Store, union: bool = True) -> None:
        self._store = store
        self._union = union
        self.stats = QueryStats()

    @property
    def raw(self) -> ox.Store:
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    def select(self, name: str, bindings: Mapping[str, Sequence[str]] | None = None) -> list[Row]:
        self.stats.count += 1
        text = bind(query_text(name), bindings or {})
        result = self._store.query(text, use_default_graph_as_union=self._union)
        assert isinstance(result, ox.QuerySolutions)
        n = len(result.variables)
        return [tuple(_ox_value(sol[i]) for i in range(n)) for sol in result]


def _rdflib_value(term: object) -> Value:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return str(term)
    if isinstance(term, rdflib.Literal):
        v = term.toPython()
        if isinstance(v, bool | int):
            return v
        return str(term)
    if isinstance(term, rdflib.BNode):
        return "_:" + str(term)
    raise TypeError(term)


class RdflibStore:
    """The same queries on an rdflib graph, bound with prepareQuery and initBindings."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self._graph = graph
        self.stats = QueryStats()
        self._prepared: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self._graph)

    def select(self, name: str, bindings: Mapping[str, Sequence[str]] | None = None) -> list[Row]:
        self.stats.count += 1
        bindings = bindings or {}
        multi = {k: v for k, v in bindings.items() if len(v) != 1}
        single = {k: rdflib.URIRef(check_iri(v[0])) for k, v in bindings.items() if len(v) == 1}
        if multi:
            text = bind(query_text(name), multi)
            res = self._graph.query(text, initBindings=single)
        else:
            q = self._prepared.get(name)
            if q is None:
                q = self._prepared[name] = prepareQuery(query_text(name))
            res = self._graph.query(q, initBindings=single)  # type: ignore[arg-type]
        return [tuple(_rdflib_value(v) for v in row) for row in res]  # type: ignore[union-attr]

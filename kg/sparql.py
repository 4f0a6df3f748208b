"""Read-only SPARQL over the loaded graph, serialised in the format a client asks for.

The SPARQL 1.1 Protocol endpoint (``api/sparql.py``) and ``lifecycle-kg sparql`` both come
through :meth:`kg.graph.KnowledgeGraph.sparql`, which calls :func:`run` on the store.
Updates are refused; results larger than a byte cap are refused rather than truncated.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.accept import choose

#: largest serialised result returned (bytes); larger gets an error, never a cut-off answer
MAX_RESULT_BYTES = 16 * 1024 * 1024

_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
          "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
          "nt": "application/n-triples", "jsonld": "application/ld+json"}
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|"
                     r"ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


_GRAPH_FORM = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\s*)*(CONSTRUCT|DESCRIBE)\b",
                         re.IGNORECASE)


def result_kind(query: str) -> str:
    """``graph`` for CONSTRUCT/DESCRIBE, else ``solutions`` (before anything runs it)."""
    return "graph" if _GRAPH_FORM.match(query) else "solutions"


def refuse_update(query: str) -> None:
    """Raise for a missing query or an update: every read-only route checks the same way."""
    if not isinstance(query, str) or not query.strip():
        raise SparqlError("no query: send one as `query` (SPARQL 1.1 Protocol)")
    if _UPDATE.match(query):
        raise SparqlError("updates are refused: this endpoint is read-only")


class SparqlError(ValueError):
    """The client's query cannot be answered: says why (syntax, update, size, format)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


class _Capped(io.RawIOBase):
    def __init__(self, limit: int) -> None:
        self.buf = bytearray()
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.buf += b
        if len(self.buf) > self.limit:
            raise SparqlError(f"the result is larger than {self.limit} bytes: narrow the "
                              "query or add LIMIT", 413)
        return len(b)


def media_type_for(accept: str | None, kind: str) -> str:
    """The first acceptable media type for a result kind (``solutions`` or ``graph``)."""
    table = _GRAPHS if kind == "graph" else _RESULTS
    default = "text/turtle" if kind == "graph" else "application/sparql-results+json"
    if accept and accept.lower() in _NAMES:
        return _NAMES[accept.lower()]
    got = choose(accept, list(table), default)
    if got is not None:
        return got
    raise SparqlError(f"cannot answer this query as {accept}; offered: "
                      f"{', '.join(sorted(table))}", 406)


def run(store: ox.Store, query: str, accept: str | None = None,
        max_bytes: int = MAX_RESULT_BYTES) -> Answer:
    refuse_update(query)
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise SparqlError(f"SPARQL syntax error: {e}") from None
    out: Any = _Capped(max_bytes)
    if isinstance(result, ox.QueryTriples):
        mt = media_type_for(accept, "graph")
        result.serialize(out, _GRAPHS[mt])
    else:
        mt = media_type_for(accept, "solutions")
        result.serialize(out, _RESULTS[mt])
    return Answer(bytes(out.buf), mt)

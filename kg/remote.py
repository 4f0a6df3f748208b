"""The facade on a remote SPARQL 1.1 endpoint, and publishing validated data into one.

``publish`` writes the validated graph into a *new* named graph (SPARQL Update, in chunks),
checks the triple count, then switches a pointer triple in ``urn:lifecycle-kg:meta`` in one
update request and drops the graph it replaced: readers see the old graph or the new one,
never a half-loaded one. ``RemoteStore`` reads the pointer once and sends the facade's named
queries (``kg/queries``, bound with VALUES from validated IRIs) to that graph as the default
graph, one query per list level, so an API process holds no data of its own and any number of
replicas can serve one endpoint.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx
import pyoxigraph as ox

from kg.store import QueryStats, Row, Value, bind, check_iri, query_text

META = "urn:lifecycle-kg:meta"
DATASET = "urn:lifecycle-kg:dataset"
CURRENT = "urn:lifecycle-kg:current"
#: triples per INSERT DATA request to start with; halved while the endpoint refuses a request
#: as too large (Virtuoso caps the SQL one SPARQL request compiles to)
CHUNK = 2000
MIN_CHUNK = 25
_CURRENT_Q = f"SELECT ?g WHERE {{ GRAPH <{META}> {{ <{DATASET}> <{CURRENT}> ?g }} }}"


class RemoteError(RuntimeError):
    """The endpoint could not be used: says which endpoint and what it answered."""


def _value(b: Mapping[str, str] | None) -> Value:
    if b is None:
        return None
    kind, v = b.get("type"), b.get("value", "")
    if kind == "uri":
        return v
    if kind == "bnode":
        return "_:" + v
    dt = b.get("datatype", "")
    if dt.endswith("#integer") or dt.endswith("#int") or dt.endswith("#long"):
        return int(v)
    if dt.endswith("#boolean"):
        return v in ("true", "1")
    return v


def _term(b: Mapping[str, str]) -> Any:
    kind, v = b.get("type"), b.get("value", "")
    if kind == "uri":
        return ox.NamedNode(v)
    if kind == "bnode":
        return ox.BlankNode(v)
    if b.get("xml:lang"):
        return ox.Literal(v, language=b["xml:lang"])
    dt = b.get("datatype")
    return ox.Literal(v, datatype=ox.NamedNode(dt)) if dt else ox.Literal(v)


class Endpoint:
    """A SPARQL 1.1 Protocol endpoint (query, and optionally update) over HTTP."""

    def __init__(self, query_url: str, update_url: str | None = None, timeout: float = 60,
                 client: httpx.Client | None = None) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self._client = client or httpx.Client(timeout=timeout)

    def _fail(self, what: str, r: httpx.Response) -> RemoteError:
        return RemoteError(f"{self.query_url}: {what} answered {r.status_code}: "
                           f"{r.text[:300].strip()}")

    def query(self, text: str, accept: str, graph: str | None = None) -> httpx.Response:
        form = {"query": text}
        if graph is not None:
            form["default-graph-uri"] = graph
        try:
            r = self._client.post(self.query_url, data=form, headers={"accept": accept})
        except httpx.HTTPError as e:
            raise RemoteError(f"{self.query_url}: cannot reach the endpoint: {e}") from None
        if r.status_code != 200:
            raise self._fail("the query", r)
        return r

    def select(self, text: str, graph: str | None = None) -> tuple[list[str], list[dict]]:
        r = self.query(text, "application/sparql-results+json", graph)
        body = r.json()
        rows = body["results"]["bindings"]
        self._check_complete(r, len(rows))
        return body["head"]["vars"], rows

    def _check_complete(self, r: httpx.Response, n: int) -> None:
        # Virtuoso cuts results at ResultSetMaxRows without an error, saying so only in a
        # header: a cut answer would be a wrong answer, so refuse it
        cap = r.headers.get("x-sparql-maxrows")
        if cap is not None and cap.isdigit() and n >= int(cap):
            raise RemoteError(f"{self.query_url}: the endpoint cut the result at {cap} rows "
                              "(Virtuoso: raise ResultSetMaxRows in the [SPARQL] section of "
                              "virtuoso.ini above the graph's size)")

    def update(self, text: str) -> None:
        try:
            r = self._client.post(self.update_url, data={"update": text})
        except httpx.HTTPError as e:
            raise RemoteError(f"{self.update_url}: cannot reach the endpoint: {e}") from None
        if r.status_code not in (200, 204):
            raise RemoteError(f"{self.update_url}: the update answered {r.status_code}: "
                              f"{r.text[:300].strip()}")

    def current_graph(self) -> str | None:
        _, rows = self.select(_CURRENT_Q)
        return rows[0]["g"]["value"] if rows else None

    def count(self, graph: str) -> int:
        _, rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{check_iri(graph)}> "
                              "{ ?s ?p ?o } }")
        return int(rows[0]["n"]["value"])


class RemoteStore:
    """The facade's store interface (``select`` of named queries) on a published graph."""

    def __init__(self, endpoint: Endpoint, graph: str | None = None) -> None:
        self.endpoint = endpoint
        found = graph or endpoint.current_graph()
        if found is None:
            raise RemoteError(f"{endpoint.query_url}: no lifecycle-kg graph published there; "
                              "run `lifecycle-kg publish --endpoint URL` first")
        self.graph: str = check_iri(found)
        self.stats = QueryStats()
        self._len: int | None = None
        self._dump: ox.Store | None = None

    raw = None  # no local copy: exports and describes go through the endpoint

    def __len__(self) -> int:
        if self._len is None:
            self._len = self.endpoint.count(self.graph)
        return self._len

    def select(self, name: str, bindings: Mapping[str, Sequence[str]] | None = None) -> list[Row]:
        self.stats.count += 1
        names, rows = self.endpoint.select(bind(query_text(name), bindings or {}), self.graph)
        return [tuple(_value(r.get(v)) for v in names) for r in rows]

    def select_terms(self, name: str,
                     bindings: Mapping[str, Sequence[str]] | None = None) -> list[tuple[Any, ...]]:
        """Like :meth:`select`, keeping RDF terms (datatypes, languages) for re-serialising."""
        self.stats.count += 1
        names, rows = self.endpoint.select(bind(query_text(name), bindings or {}), self.graph)
        return [tuple(_term(r[v]) for v in names) for r in rows]

    def dump(self) -> ox.Store:
        """The whole published graph, fetched once (for exports)."""
        if self._dump is None:
            r = self.endpoint.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{self.graph}> "
                                    "{ ?s ?p ?o } }", "application/n-triples")
            store = ox.Store()
            store.load(r.content, format=ox.RdfFormat.N_TRIPLES)
            if len(store) != len(self):
                raise RemoteError(f"{self.endpoint.query_url}: the export returned {len(store)} "
                                  f"of {len(self)} triples (Virtuoso: raise ResultSetMaxRows "
                                  "in the [SPARQL] section of virtuoso.ini)")
            self._dump = store
        return self._dump

    def sparql(self, query: str, accept: str | None) -> tuple[bytes, str]:
        """Pass a read-only query through to the endpoint, on the published graph."""
        r = self.endpoint.query(query, accept or "application/sparql-results+json", self.graph)
        return r.content, r.headers.get("content-type", "application/octet-stream")


def publish(ntriples: str, endpoint: Endpoint, log: Callable[[str], None] = print,
            chunk: int = CHUNK) -> str:
    """Load N-Triples into a new named graph, check it, switch the pointer to it, then drop
    the graph it replaced. Returns the new graph's IRI. Nothing is switched on a failure."""
    lines = [line for line in ntriples.splitlines() if line.strip()]
    digest = hashlib.sha256(ntriples.encode("utf-8")).hexdigest()[:16]
    # a fresh graph every time (the same data published twice never lands in the live graph)
    graph = f"urn:lifecycle-kg:graph:{digest}:{int(time.time())}:{uuid.uuid4().hex[:12]}"
    old = endpoint.current_graph()
    if endpoint.count(graph):
        raise RemoteError(f"{endpoint.query_url}: <{graph}> already holds triples")
    try:
        i = 0
        while i < len(lines):
            part = lines[i:i + chunk]
            try:
                endpoint.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(part)
                                + "\n} }")
            except RemoteError as e:
                if chunk <= MIN_CHUNK or " 400:" not in str(e) and " 413:" not in str(e):
                    raise
                chunk //= 2  # too large for this endpoint: same triples, smaller requests
                continue
            i += len(part)
        got = endpoint.count(graph)
        if got != len(lines):
            raise RemoteError(f"{endpoint.query_url}: the new graph holds {got} triples, "
                              f"{len(lines)} were sent; the served graph was not switched")
    except RemoteError:
        endpoint.update(f"DROP SILENT GRAPH <{graph}>")
        raise
    # one request, two operations: executed as one transaction (Oxigraph, Virtuoso), so a
    # reader finds the old pointer or the new one
    endpoint.update(
        f"DELETE WHERE {{ GRAPH <{META}> {{ <{DATASET}> <{CURRENT}> ?old }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{META}> {{ <{DATASET}> <{CURRENT}> <{graph}> }} }}")
    if endpoint.current_graph() != graph:
        raise RemoteError(f"{endpoint.query_url}: the switch to {graph} did not take")
    log(f"published {len(lines)} triples as <{graph}>")
    if old and old != graph:
        endpoint.update(f"DROP SILENT GRAPH <{check_iri(old)}>")
        log(f"dropped the graph it replaced, <{old}>")
    return graph



def connect(query_url: str, update_url: str | None = None, graph: str | None = None,
            timeout: float = 60) -> Any:
    """A :class:`kg.graph.KnowledgeGraph` on the graph published at ``query_url``."""
    from kg.graph import KnowledgeGraph

    return KnowledgeGraph(RemoteStore(Endpoint(query_url, update_url, timeout), graph))


__all__ = ["Endpoint", "RemoteError", "RemoteStore", "connect", "publish"]

"""SPARQL in worker processes: the same answers as in-process, and a runaway query is stopped
at its deadline (its worker killed and replaced) instead of holding a core until it ends."""

from __future__ import annotations

import json
import os
import time

import pytest

import kg
from kg.sparql import SparqlError
from kg.sparql_pool import SparqlPool
from tests.conftest import curated

#: a triple cross product: 10^12 rows on the curated graph, far beyond any deadline here
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child not yet reaped by its parent is a zombie: not running any more
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(") ", 1)[1][0] != "Z"


@pytest.fixture()
def pooled() -> kg.KnowledgeGraph:
    g = curated()
    yield g
    g.close()


def test_same_answer_as_in_process(pooled: kg.KnowledgeGraph) -> None:
    here = pooled.sparql(COUNT)
    there = pooled.sparql(COUNT, timeout=30)
    assert json.loads(there.body) == json.loads(here.body)
    assert there.media_type == here.media_type
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 50"
    assert pooled.sparql(construct, "nt", timeout=30).body == pooled.sparql(construct, "nt").body


def test_runaway_query_is_stopped_and_its_worker_replaced(pooled: kg.KnowledgeGraph) -> None:
    pooled.sparql(COUNT, timeout=30)
    pool = pooled._sparql_pool()
    (first,) = pool.workers
    started = time.monotonic()
    with pytest.raises(SparqlError) as err:
        pooled.sparql(RUNAWAY, timeout=1)
    waited = time.monotonic() - started
    assert err.value.status == 503 and "longer than 1 s" in str(err.value)
    assert pool.stopped == 1
    assert not _alive(first), "the worker running the runaway query must be killed"
    assert waited < 20  # generous: only checks the call did not wait for the query to end
    # the next query gets a fresh worker and the right answer
    assert json.loads(pooled.sparql(COUNT, timeout=30).body) == json.loads(
        pooled.sparql(COUNT).body)
    assert pool.workers and pool.workers[0] != first


def test_client_mistakes_come_back_from_the_worker(pooled: kg.KnowledgeGraph) -> None:
    with pytest.raises(SparqlError) as err:
        pooled.sparql("SELECT ?x WHERE {", timeout=30)
    assert err.value.status == 400 and "syntax" in str(err.value)
    with pytest.raises(SparqlError) as err:
        pooled.sparql("SELECT * WHERE { ?s ?p ?o }", max_bytes=10_000, timeout=30)
    assert err.value.status == 413
    with pytest.raises(SparqlError) as err:
        pooled.sparql("INSERT DATA { <a:b> <a:c> <a:d> }", timeout=30)
    assert err.value.status == 400


def test_close_stops_the_workers(pooled: kg.KnowledgeGraph) -> None:
    pooled.sparql(COUNT, timeout=30)
    pids = pooled._sparql_pool().workers
    assert pids and all(_alive(p) for p in pids)
    pooled.close()
    assert not any(_alive(p) for p in pids)
    # a closed graph still answers: a new pool starts on demand
    assert pooled.sparql(COUNT, timeout=30).body


def test_a_pool_needs_a_worker() -> None:
    with pytest.raises(ValueError):
        SparqlPool(lambda: b"", size=0)

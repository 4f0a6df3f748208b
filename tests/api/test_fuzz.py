"""Schema fuzzing: queries generated from the committed SDL never crash the API.

Every generated query gets a GraphQL result or a GraphQL error whose cause is the client's
(parse, validation, bad id, bad page size): no exception escapes, no ``INTERNAL_SERVER_ERROR``,
and over HTTP no 500. ``FUZZ_EXAMPLES`` sets the number of examples (``make fuzz`` uses
thousands); the normal run uses a few hundred.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, queries

from api import create_app
from api.context import Context
from api.errors import is_client_error
from api.schema import build_schema
from tests.conftest import ROOT, curated

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
SDL = (ROOT / "schema.graphql").read_text(encoding="utf-8")

#: Real ids, so that generated queries reach past "unknown id" into the resolvers.
def _real_ids() -> list[str]:
    g = curated()
    ids = [a.id for a in g.arguments()[:15]] + [e.id for e in g.exceptions()[:10]]
    ids += [a.id for a in g.assumptions()[:15]] + [p.id for p in g.phases()]
    ids += [p.id for p in g.properties()] + [s.id for s in g.sources()[:5]]
    return ids


def _settings(n: int) -> settings:
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def _ids_swapped(query: str, ids: list[str], pick: int) -> str:
    """Replace every string literal after `id:`-like arguments with a real id (some of them)."""
    if pick % 2 or not ids:
        return query
    import re

    n = iter(range(10_000))
    return re.sub(r'(\b(?:id|assumes|assumesNot|dependsOn|property|phase|undermined[bB]y|'
                  r'observes|argument|exception|fromException|assumption):\s*)"(?:[^"\\]|\\.)*"',
                  lambda m: f'{m.group(1)}"{ids[(pick + next(n)) % len(ids)]}"', query)


def check_result(result: Any) -> None:
    """A GraphQL result or client errors; anything else is our bug."""
    for e in result.errors or ():
        assert is_client_error(e), (e.message, repr(e.original_error))
        assert (e.extensions or {}).get("code") != "INTERNAL_SERVER_ERROR", e.formatted
    if not result.errors:
        assert result.data is not None


@pytest.fixture(scope="module")
def real_ids() -> list[str]:
    return _real_ids()


@pytest.mark.slow
def test_generated_queries_in_process(real_ids: list[str]) -> None:
    schema = build_schema()
    graph = curated()

    @_settings(EXAMPLES)
    @given(query=queries(SDL), pick=st.integers(0, 1_000))
    def run(query: str, pick: int) -> None:
        q = _ids_swapped(query, real_ids, pick)
        result = schema.execute_sync(q, context_value=Context(graph))
        check_result(result)

    run()


@pytest.mark.slow
def test_invalid_generated_queries_in_process() -> None:
    """Negative mode: queries that violate the schema get validation errors, nothing else."""
    schema = build_schema()
    graph = curated()

    @_settings(max(EXAMPLES // 3, 50))
    @given(query=queries(SDL, mode=Mode.NEGATIVE))
    def run(query: str) -> None:
        result = schema.execute_sync(query, context_value=Context(graph))
        check_result(result)

    run()


@pytest.mark.slow
def test_generated_queries_over_http(real_ids: list[str]) -> None:
    """The same over the ASGI app: JSON with data or errors, never a 500."""
    client = TestClient(create_app(curated()), raise_server_exceptions=False)

    @_settings(max(EXAMPLES // 3, 50))
    @given(query=queries(SDL), pick=st.integers(0, 1_000))
    def run(query: str, pick: int) -> None:
        q = _ids_swapped(query, real_ids, pick)
        r = client.post("/graphql", json={"query": q})
        assert r.status_code in (200, 400), (r.status_code, r.text[:500])
        body = r.json()
        assert "data" in body or "errors" in body, body
        for e in body.get("errors") or ():
            assert (e.get("extensions") or {}).get("code") != "INTERNAL_SERVER_ERROR", e
            assert "Traceback" not in json.dumps(e)

    run()


def test_sdl_file_is_the_served_schema() -> None:
    # the fuzzer reads the committed SDL; it must be what the app serves
    from api.schema import sdl

    assert Path(ROOT / "schema.graphql").read_text(encoding="utf-8") == sdl()


# ---- the request families that once failed: bodies, variables, batches, several operations

_CLIENT: list[TestClient] = []


def _http_client() -> TestClient:
    if not _CLIENT:
        _CLIENT.append(TestClient(create_app(curated()), raise_server_exceptions=False))
    return _CLIENT[0]


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                              max_size=4),
    max_leaves=12)
_bodies = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda q, v: json.dumps({"query": q, "variables": v}).encode(),
              st.sampled_from(["query($f: Int) { arguments(first: $f) { totalCount } }",
                               "query($id: ID!) { node(id: $id) { id } }",
                               "query A { stats { arguments } } query B { stats { sources } }"]),
              _json_value),
    st.builds(lambda items: json.dumps(items).encode(),
              st.lists(st.fixed_dictionaries({"query": st.sampled_from(
                  ["{ stats { arguments } }", "{ nope }", ""])}), max_size=12)),
    st.builds(lambda n: b'{"query": "{ stats { arguments } }", "variables": {"x": '
              + b"7" * n + b"}}", st.integers(1, 6000)),
    st.builds(lambda h: json.dumps({"extensions": {"persistedQuery": {
        "version": 1, "sha256Hash": h}}}).encode(), st.text(max_size=64)),
)


@settings(max_examples=max(100, EXAMPLES // 3), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(body=_bodies)
def test_hostile_bodies_get_json_errors_never_500(body: bytes) -> None:
    client = _http_client()
    r = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert r.status_code < 500, (body[:200], r.status_code, r.text[:200])
    assert r.headers["content-type"].startswith("application/json")
    doc = r.json()
    if isinstance(doc, dict) and doc.get("errors"):
        for e in doc["errors"]:
            assert e.get("extensions", {}).get("code") != "INTERNAL_SERVER_ERROR", e

"""Hostile queries get a clear GraphQL error or an empty result: never a 500, a stack trace,
or data the query did not ask for."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)

from api import create_app
from api.schema import MAX_EXPANDED_FIELDS, MAX_FIRST, build_schema
from tests.conftest import curated

INJECTIONS = [
    '"', "'", '\\"', "}", "{", "} . ?s ?p ?o", "} UNION { ?s ?p ?o } #", "> ?p ?o . #",
    "x> ; ?p ?o }", '" } . ?s ?p ?o . FILTER(true) } #', "DROP ALL", "CLEAR GRAPH <x>",
    "SELECT * WHERE { ?s ?p ?o }", "<http://example.org/x>", "# comment", "${x}", "\\",
    "../../etc/passwd", "%00", "a\u0000b", "\u202eevil\u202c", "\ud800", "\udfff", "\ufeff",
    "\U0001f600", "x" * 10_000,
]


@pytest.fixture(scope="module")
def http() -> TestClient:
    return TestClient(create_app(curated()), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def prod() -> TestClient:
    return TestClient(create_app(curated(), production=True), raise_server_exceptions=False)


def post(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> dict:
    # json.dumps escapes lone surrogates as \\udXXX, which is valid JSON text
    r = client.post("/graphql", content=json.dumps({"query": query, "variables": variables}),
                    headers={"content-type": "application/json"})
    assert r.status_code in (200, 400), (r.status_code, r.text[:300])
    assert "Traceback" not in r.text and 'File "' not in r.text
    body = r.json()
    assert set(body) <= {"data", "errors", "extensions"}, body
    for e in body.get("errors") or ():
        assert (e.get("extensions") or {}).get("code") != "INTERNAL_SERVER_ERROR", e
        assert e["message"] and e["message"] != "Unexpected error.", e
    return body


def error(body: dict, *needles: str) -> dict:
    assert body.get("errors"), body
    text = " ".join(e["message"] for e in body["errors"])
    for n in needles:
        assert n in text, text
    return body["errors"][0]


# ------------------------------------------------------------------------ size and shape


def test_deep_nesting(http: TestClient) -> None:
    for n in (11, 50, 400):
        deep = "id"
        for _ in range(n):
            deep = f"property {{ assumptions {{ {deep} }} }}"
        body = post(http, f'{{ assumption(id: "sandboxed-in-training") {{ {deep} }} }}')
        assert body.get("data") is None
        assert body["errors"]


def test_parser_nesting_bomb(http: TestClient) -> None:
    body = post(http, "{" + " ... on Query {" * 600 + " stats { triples }" + " }" * 601)
    error(body, "nested too deeply")
    body = post(http, "{" * 5000 + "}" * 5000)
    assert body["errors"] and body.get("data") is None


def test_alias_bomb(http: TestClient) -> None:
    q = "{ " + " ".join(f"a{i}: stats {{ triples }}" for i in range(200)) + " }"
    body = post(http, q)
    assert body.get("data") is None and body["errors"]


def test_token_bomb(http: TestClient) -> None:
    q = "{ " + " ".join(f"a{i}: stats {{ triples }}" for i in range(5000)) + " }"
    error(post(http, q), "tokens")


@pytest.mark.parametrize("levels", [20, 40])
def test_fragment_bomb_is_refused_fast(http: TestClient, levels: int) -> None:
    frags = ["fragment F0 on Query { stats { triples } }"]
    frags += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels)]
    body = post(http, "\n".join(frags) + f"\n{{ ...F{levels - 1} }}")
    err = error(body, "fragments are expanded", str(MAX_EXPANDED_FIELDS))
    assert err["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_wide_fragment_bomb(http: TestClient) -> None:
    # one fragment spread many times under nested lists
    frag = "fragment A on Argument { id title summary kind year }"
    q = frag + " { " + " ".join(
        f"x{i}: arguments(first: 100) {{ nodes {{ ...A ...A ...A }} }}" for i in range(25)) + " }"
    body = post(http, q)
    assert body.get("data") is not None or body["errors"]


def test_cyclic_fragments(http: TestClient) -> None:
    error(post(http, "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }"),
          "within itself")
    error(post(http, "fragment A on Query { stats { triples } ...A } { ...A }"), "within itself")


def test_huge_first(http: TestClient) -> None:
    for q in ("{ arguments(first: 1000000) { totalCount } }",
              "{ exceptions(first: 1000000) { totalCount } }",
              '{ search(text: "a", first: 1000000) { id } }'):
        err = error(post(http, q), str(MAX_FIRST))
        assert err["extensions"]["code"] == "BAD_PAGE_SIZE"
    error(post(http, "{ arguments(first: 99999999999) { totalCount } }"), "32-bit")
    error(post(http, "{ arguments(first: -1) { totalCount } }"))


def test_megabyte_strings(http: TestClient) -> None:
    big = "x" * 1_000_000
    body = post(http, "query($t: String!) { search(text: $t) { id } }", {"t": big})
    assert body == {"data": {"search": []}}
    body = post(http, "query($id: ID!) { argument(id: $id) { id } }", {"id": big})
    err = error(body, "unknown argument id")
    assert len(json.dumps(err)) < 5 * len(big) // 2  # echoed at most a bounded number of times
    body = post(http, '{ search(text: "' + big + '") { id } }')
    assert body == {"data": {"search": []}}


@pytest.mark.parametrize("depth", [500, 100_000])
def test_deeply_nested_variables(http: TestClient, depth: int) -> None:
    query = json.dumps("query($f: [FactInput!]) { evaluateScenario(facts: $f) { "
                       "unaffectedCount } }")
    content = '{"query": ' + query + ', "variables": {"f": ' + "[" * depth + "]" * depth + "}}"
    r = http.post("/graphql", content=content, headers={"content-type": "application/json"})
    assert r.status_code in (200, 400), (r.status_code, r.text[:300])
    body = r.json()
    assert body["errors"] and body.get("data") is None


def test_odd_unicode_in_query_text(http: TestClient) -> None:
    for lit in ("\\u0000", "\\uD800", "\\uDFFF", "\u202e", "\\u202E", "\ufeff"):
        body = post(http, f'{{ search(text: "{lit}") {{ id }} }}')
        assert body.get("errors") or body == {"data": {"search": []}}
    # a raw NUL in the document is a syntax error
    error(post(http, "{ stats { triples } }\u0000"))


def test_not_json_and_wrong_shapes(http: TestClient) -> None:
    for content in (b"{", b"\xff\xfe", b"[]", b'{"query": 1}', b'{"query": null}', b"null",
                    b'{"query": "{ stats { triples } }", "variables": "x"}'):
        r = http.post("/graphql", content=content, headers={"content-type": "application/json"})
        assert r.status_code in (200, 400), (content, r.status_code, r.text)
        assert "Traceback" not in r.text


def test_mutation_and_subscription_are_refused(http: TestClient) -> None:
    assert post(http, "mutation { x }")["errors"]
    assert post(http, "subscription { x }")["errors"]
    r = http.get("/graphql", params={"query": "mutation { x }"})
    assert r.status_code in (200, 400, 405) and "Traceback" not in r.text


# ------------------------------------------------------------------------ injection


def _unwrap(t: Any) -> Any:
    while isinstance(t, GraphQLNonNull | GraphQLList):
        t = t.of_type
    return t


def text_and_id_arguments() -> Iterator[tuple[str, str, str]]:
    """(field, path to the argument, scalar type) for every String/ID argument of Query,
    including String/ID fields of input objects."""
    query = build_schema()._schema.query_type
    assert query is not None
    for fname, field in query.fields.items():
        for aname, arg in field.args.items():
            t = _unwrap(arg.type)
            if isinstance(t, GraphQLScalarType) and t.name in ("String", "ID"):
                yield fname, aname, t.name
            elif isinstance(t, GraphQLInputObjectType):
                for iname, ifield in t.fields.items():
                    it = _unwrap(ifield.type)
                    if isinstance(it, GraphQLScalarType) and it.name in ("String", "ID"):
                        yield fname, f"{aname}.{iname}", it.name


def _query_for(field: str, path: str, scalar: str) -> tuple[str, Any]:
    """A query passing $v at ``path`` (other required inputs filled with harmless values)."""
    query = build_schema()._schema.query_type
    assert query is not None
    f = query.fields[field]
    if "." in path:
        aname, iname = path.split(".")
        itype = _unwrap(f.args[aname].type)
        value: dict[str, Any] = {iname: "__V__"}
        for k, fld in itype.fields.items():
            if k != iname and isinstance(fld.type, GraphQLNonNull):
                value[k] = True if _unwrap(fld.type).name == "Boolean" else "x"
        is_list = isinstance(f.args[aname].type, GraphQLList) or isinstance(
            getattr(f.args[aname].type, "of_type", None), GraphQLList)
        return (f"query($v: {itype.name}) {{ {field}({aname}: $v) {{ __typename }} }}"
                if not is_list else
                f"query($v: [{itype.name}!]) {{ {field}({aname}: $v) {{ __typename }} }}"), (
            value, is_list)
    return f"query($v: {scalar}!) {{ {field}({path}: $v) {{ __typename }} }}", None


@pytest.mark.parametrize(("field", "path", "scalar"), list(text_and_id_arguments()))
def test_injection_in_every_text_and_id_argument(http: TestClient, field: str, path: str,
                                                 scalar: str) -> None:
    query, shape = _query_for(field, path, scalar)
    for s in INJECTIONS:
        if shape is None:
            variables = {"v": s}
        else:
            value, is_list = shape
            value = {k: (s if v == "__V__" else v) for k, v in value.items()}
            variables = {"v": [value] if is_list else value}
        body = post(http, query, variables)
        data = body.get("data")
        if body.get("errors"):
            # a clear client error, and no data beyond the field asked for
            for e in body["errors"]:
                assert e.get("extensions", {}).get("code") in (
                    "UNKNOWN_ID", "UNKNOWN_KIND", "BAD_USER_INPUT", "BAD_CURSOR", None), e
            assert data is None or set(data) == {field}
            assert data is None or data[field] in (None, [])
        else:
            # an empty result: the injection matched nothing and leaked nothing
            assert set(data) == {field}, data
            got = data[field]
            items = got if isinstance(got, list) else [got]
            assert all(set(i) == {"__typename"} for i in items if i is not None), (s, got)


def test_text_filters_with_injection_match_nothing(http: TestClient) -> None:
    graph = curated()
    for s in INJECTIONS:
        # search answers exactly what the facade finds for the literal text (an apostrophe
        # does occur in titles), nothing more
        body = post(http, "query($t: String!) { search(text: $t, first: 100) { id } }",
                    {"t": s})
        assert [h["id"] for h in body["data"]["search"]] == [
            h.id for h in graph.search(s, limit=100)], s
    # quote marks occur in real titles (an apostrophe; "Scheming" in quotes), so they may match
    for s in [s for s in INJECTIONS if s not in ("'", '"')]:
        for kind in ("arguments", "exceptions"):
            q = (f"query($t: String) {{ {kind}(where: {{text: $t}}) "
                 "{ totalCount nodes { id } } }")
            body = post(http, q, {"t": s})
            (conn,) = body["data"].values()
            assert conn == {"totalCount": 0, "nodes": []}, (s, conn)
        assert post(http, "query($t: String!) { search(text: $t) { id } }",
                    {"t": s}) == {"data": {"search": []}}, s


def test_production_masks_nothing_clear_and_leaks_nothing(prod: TestClient) -> None:
    body = post(prod, '{ argument(id: "} . ?s ?p ?o") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_ID"
    frags = ["fragment F0 on Query { stats { triples } }"]
    frags += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 30)]
    err = error(post(prod, "\n".join(frags) + "\n{ ...F29 }"), "fragments are expanded")
    assert err["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    error(post(prod, "{ __schema { types { name } } }"), "introspection")

"""Bad ids, oversized queries and production masking give clear GraphQL errors."""

from __future__ import annotations

import pytest
from graphql import get_introspection_query

import kg
from api.context import Context
from api.schema import MAX_ALIASES, MAX_DEPTH, MAX_FIRST, MAX_TOKENS, build_schema


def only_error(result):
    assert result.errors and len(result.errors) == 1, result.errors
    return result.errors[0]


@pytest.mark.parametrize(("query", "kind", "bad", "near"), [
    ('{ argument(id: "hubinger-sleeper-agent") { id } }', "argument",
     "hubinger-sleeper-agent", "hubinger-sleeper-agents"),
    ('{ arguments(where: {assumes: "sandboxed-in-trainin"}) { totalCount } }', "assumption",
     "sandboxed-in-trainin", "sandboxed-in-training"),
    ('{ arguments(where: {assumesNot: "parameters-fixed-in-deploy"}) { totalCount } }',
     "assumption", "parameters-fixed-in-deploy", "parameters-fixed-in-deployment"),
    ('{ arguments(where: {underminedBy: "bing-sidney"}) { totalCount } }', "exception",
     "bing-sidney", "bing-sydney"),
    ('{ arguments(where: {phase: "deploymnt"}) { totalCount } }', "phase", "deploymnt",
     "deployment"),
    ('{ exceptions(where: {observes: "sandboxed-in-trainin"}) { totalCount } }', "assumption",
     "sandboxed-in-trainin", "sandboxed-in-training"),
    ('{ evaluateScenario(facts: [{assumption: "sandboxed-in-trainin", holds: false}]) '
     '{ unaffectedCount } }', "assumption", "sandboxed-in-trainin", "sandboxed-in-training"),
])
def test_unknown_id_names_it_and_suggests(run, query, kind, bad, near) -> None:
    err = only_error(run(query))
    assert repr(bad) in err.message and kind in err.message
    assert near in err.message
    assert err.extensions == {"code": "UNKNOWN_ID", "kind": kind, "id": bad,
                              "suggestions": err.extensions["suggestions"]}
    assert near in err.extensions["suggestions"]


def test_node_of_an_unknown_id_is_null_as_relay_expects(run) -> None:
    result = run('{ node(id: "hubinger-sleeper-agent") { id } }')
    assert result.errors is None and result.data == {"node": None}


def test_id_of_another_kind_says_which_kind(run) -> None:
    err = only_error(run('{ argument(id: "sandboxed-in-training") { id } }'))
    assert "is an assumption" in err.message


def test_unknown_id_is_not_an_empty_list(run) -> None:
    result = run('{ arguments(where: {assumes: "no-such-thing"}) { totalCount } }')
    assert result.data is None
    assert "no-such-thing" in only_error(result).message


def test_unknown_kind(run) -> None:
    err = only_error(run('{ arguments(where: {kind: "threat"}) { totalCount } }'))
    assert "'threat'" in err.message and "threat-model" in err.message
    assert err.extensions["code"] == "UNKNOWN_KIND"


@pytest.mark.parametrize("first", [MAX_FIRST + 1, 1000, -1])
def test_first_beyond_the_cap_is_an_error(run, first) -> None:
    err = only_error(run("query($n: Int) { arguments(first: $n) { totalCount } }", {"n": first}))
    assert str(MAX_FIRST) in err.message and str(first) in err.message
    assert err.extensions["code"] == "BAD_PAGE_SIZE"
    err = only_error(run("query($n: Int) { exceptions(first: $n) { totalCount } }", {"n": first}))
    assert err.extensions["code"] == "BAD_PAGE_SIZE"


def test_first_at_the_cap_is_fine(run) -> None:
    assert run(f"{{ arguments(first: {MAX_FIRST}) {{ totalCount }} }}").errors is None


def test_bad_cursor(run) -> None:
    err = only_error(run('{ arguments(after: "not-a-cursor") { totalCount } }'))
    assert "invalid cursor" in err.message and err.extensions["code"] == "BAD_CURSOR"
    # a cursor from another list is refused too
    cursor = run("{ exceptions(first: 1) { pageInfo { endCursor } } }").data
    err = only_error(run("query($c: String) { arguments(after: $c) { totalCount } }",
                         {"c": cursor["exceptions"]["pageInfo"]["endCursor"]}))
    assert err.extensions["code"] == "BAD_CURSOR"


def nest(levels: int) -> str:
    inner = "id"
    for _ in range(levels):
        inner = f"property {{ assumptions {{ {inner} }} }}"
    return f'{{ assumption(id: "sandboxed-in-training") {{ {inner} }} }}'


def test_depth_limit(run) -> None:
    assert run(nest(4)).errors is None
    err = only_error(run(nest(MAX_DEPTH)))
    assert "exceeds maximum operation depth" in err.message and str(MAX_DEPTH) in err.message


def test_alias_limit(run) -> None:
    ok = " ".join(f"a{i}: stats {{ triples }}" for i in range(MAX_ALIASES))
    assert run(f"{{ {ok} }}").errors is None
    too_many = " ".join(f"a{i}: stats {{ triples }}" for i in range(MAX_ALIASES + 1))
    assert "aliases" in only_error(run(f"{{ {too_many} }}")).message


def test_token_limit(run) -> None:
    big = " ".join("stats { triples }" for _ in range(MAX_TOKENS // 4 + 1))
    err = only_error(run(f"{{ {big} }}"))
    assert f"more than {MAX_TOKENS} tokens" in err.message


def test_full_introspection_passes_the_guards(run) -> None:
    result = run(get_introspection_query(descriptions=True))
    assert result.errors is None


class Broken:
    """A stand-in graph whose every call fails unexpectedly."""

    def stats(self):
        raise RuntimeError("secret internal detail")

    def argument(self, id):
        raise kg.UnknownIdError("argument", id, ["close-one"])


def test_production_masks_unexpected_errors_only() -> None:
    schema = build_schema(production=True)
    result = schema.execute_sync("{ stats { triples } }", context_value=Context(Broken()))
    assert "secret" not in only_error(result).message
    result = schema.execute_sync('{ argument(id: "x") { id } }', context_value=Context(Broken()))
    assert "close-one" in only_error(result).message


def test_production_refuses_introspection(graph) -> None:
    schema = build_schema(production=True)
    result = schema.execute_sync("{ __schema { types { name } } }", context_value=Context(graph))
    assert result.errors and "introspection" in result.errors[0].message.lower()


def test_dev_reports_internal_errors_with_a_code() -> None:
    result = build_schema().execute_sync("{ stats { triples } }",
                                         context_value=Context(Broken()))
    assert only_error(result).extensions == {"code": "INTERNAL_SERVER_ERROR"}

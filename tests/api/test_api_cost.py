"""No N+1: listing many arguments with nested fields costs a bounded number of store queries;
the parser and validation caches are hit; extensions are built per request."""

from __future__ import annotations

import kg
from api.context import Context
from api.schema import CACHE_SIZE, MAX_FIRST, build_schema

DEEP_LIST = """query($n: Int) { arguments(first: $n) { totalCount nodes {
  id title source { title authors }
  dependencies { assumption { id label property { id label } phase { id } } direction evidence }
  underminedBy { exception { id name phases { id } } assumption { id } }
  responds { id } respondedBy { id }
} } }"""

#: Store queries a cold graph may need for DEEP_LIST, whatever the number of arguments (the
#: cost estimator reads each record kind once per graph, before the first query runs).
BOUND = 30


def cost(graph: kg.KnowledgeGraph, query: str, variables: dict | None = None) -> tuple[int, dict]:
    before = graph.query_count
    result = build_schema().execute_sync(query, variable_values=variables,
                                         context_value=Context(graph))
    assert result.errors is None, result.errors
    return graph.query_count - before, result.data


def test_list_of_100_arguments_costs_a_bounded_number_of_queries() -> None:
    cold_small = kg.load(use_cache=True)
    cold_big = kg.load(use_cache=True)
    small, _ = cost(cold_small, DEEP_LIST, {"n": 1})
    big, data = cost(cold_big, DEEP_LIST, {"n": MAX_FIRST})
    n = len(data["arguments"]["nodes"])
    assert n == min(MAX_FIRST, data["arguments"]["totalCount"]) and n > 50
    deps = sum(len(a["dependencies"]) for a in data["arguments"]["nodes"])
    assert deps > n  # the nested lists are really there
    # cost does not grow with the number of arguments or dependencies
    assert big <= BOUND, big
    assert big == small, (small, big)
    # a warm graph answers the same request again with at most a couple of queries
    again, _ = cost(cold_big, DEEP_LIST, {"n": MAX_FIRST})
    assert again <= 2, again


def test_filtered_list_cost_is_bounded(graph: kg.KnowledgeGraph) -> None:
    q = """query { arguments(where: {assumes: "sandboxed-in-training", phase: "training",
        underminedBy: "daydreamer-real-world-robots"}, first: 100) {
        nodes { id dependencies { assumption { id } } underminedBy { exception { id } } } } }"""
    cost(graph, q)  # warm the facade's caches
    n, data = cost(graph, q)
    assert data["arguments"]["nodes"]
    # one query per filter on an assumption or exception, plus the underminings for the page
    assert n <= 5, n


def test_parser_and_validation_caches_are_hit(graph: kg.KnowledgeGraph) -> None:
    from strawberry.extensions.parser_cache import _get_parse_cache
    from strawberry.extensions.validation_cache import _get_validate_cache

    parse, validate = _get_parse_cache(CACHE_SIZE), _get_validate_cache(CACHE_SIZE)
    query = "{ stats { arguments } phases { id } }"
    cost(graph, query)
    p0, v0 = parse.cache_info().hits, validate.cache_info().hits
    cost(graph, query)
    assert parse.cache_info().hits == p0 + 1
    assert validate.cache_info().hits == v0 + 1


def test_extensions_are_factories_not_shared_instances() -> None:
    from strawberry.extensions import SchemaExtension

    schema = build_schema()
    assert schema.extensions
    assert not any(isinstance(e, SchemaExtension) for e in schema.extensions)
    first, second = schema.get_extensions(), schema.get_extensions()
    assert all(a is not b for a, b in zip(first, second, strict=True))

"""The committed SDL matches the code, and everything in it is described."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
)

from api.export_schema import COMMAND, DEFAULT_PATH
from api.schema import build_schema, sdl

ROOT = Path(__file__).resolve().parents[2]


def test_committed_sdl_matches_the_code() -> None:
    committed = ROOT / "schema.graphql"
    assert committed == DEFAULT_PATH
    assert committed.exists(), f"schema.graphql is missing; run `{COMMAND}`"
    assert committed.read_text(encoding="utf-8") == sdl(), (
        f"schema.graphql is out of date with the code; regenerate it with `{COMMAND}`")


def test_export_check_mode(tmp_path: Path) -> None:
    from api.export_schema import main

    out = tmp_path / "schema.graphql"
    assert main(["--check", str(out)]) == 1
    assert main([str(out)]) == 0
    assert main(["--check", str(out)]) == 0


def test_every_type_field_and_value_is_described() -> None:
    schema = build_schema()._schema
    missing = []
    for name, t in schema.type_map.items():
        if name.startswith("__") or (isinstance(t, GraphQLScalarType)
                                     and name in {"String", "Int", "Float", "Boolean", "ID"}):
            continue
        if not t.description:
            missing.append(name)
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, d in t.fields.items() if not d.description]
        if isinstance(t, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, d in t.values.items() if not d.description]
    assert not missing, f"undocumented: {missing}"


def test_contract_names() -> None:
    text = sdl()
    for needle in [
        "arguments(where: ArgumentWhere, first: Int = 20, after: String): ArgumentConnection!",
        "evaluateScenario(facts: [FactInput!], fromException: ID): ScenarioReport!",
        "search(text: String!, first: Int = 20): [SearchHit!]!",
        "node(id: ID!): Node", "stats: Stats!", "enum Direction", "enum Evidence",
        "enum ObservationStatus", "interface Node",
    ]:
        assert needle in text, needle

"""Every competency question of tests/competency.py, asked over GraphQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.test_api_competency import all_argument_ids
from tests.competency import QUESTIONS, Question

EXCEPTIONS = """
query($where: ExceptionWhere, $after: String) {
  exceptions(where: $where, first: 100, after: $after) {
    nodes { id } pageInfo { hasNextPage endCursor }
  }
}"""


def ask(data: Callable[..., dict[str, Any]], question: Question) -> set[str]:
    a = question.args
    if question.op == "arguments":
        return set(all_argument_ids(data, a))
    if question.op == "exceptions":
        where = {"observes": a["observes"]}
        if a.get("status"):
            where["status"] = a["status"].upper()
        ids: set[str] = set()
        after = None
        while True:
            got = data(EXCEPTIONS, {"where": where, "after": after})["exceptions"]
            ids |= {n["id"] for n in got["nodes"]}
            if not got["pageInfo"]["hasNextPage"]:
                return ids
            after = got["pageInfo"]["endCursor"]
    if question.op == "underminers":
        got = data("query($id: ID!) { argument(id: $id) { underminedBy { exception { id } } } }",
                   {"id": a["argument"]})
        return {u["exception"]["id"] for u in got["argument"]["underminedBy"]}
    if question.op == "scenario":
        facts = [{"assumption": k, "holds": v} for k, v in a["facts"].items()]
        got = data("query($f: [FactInput!]) { evaluateScenario(facts: $f) { "
                   "undermined { argument { id } } } }", {"f": facts})
        return {u["argument"]["id"] for u in got["evaluateScenario"]["undermined"]}
    if question.op == "weakened":
        facts = [{"assumption": k, "holds": v} for k, v in a["facts"].items()]
        got = data("query($f: [FactInput!]) { evaluateScenario(facts: $f) { "
                   "weakened { argument { id } } } }", {"f": facts})
        return {u["argument"]["id"] for u in got["evaluateScenario"]["weakened"]}
    if question.op == "illustrations":
        got = data("query($id: ID!) { exception(id: $id) { illustratedBy { id } } }",
                   {"id": a["exception"]})
        return {e["id"] for e in got["exception"]["illustratedBy"]}
    raise ValueError(question.op)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.text[:60])
def test_question_over_graphql(data: Callable[..., dict[str, Any]], question: Question) -> None:
    got = ask(data, question)
    assert got == question.expected, (
        f"{question.text}\n  missing: {sorted(question.expected - got)}\n"
        f"  unexpected: {sorted(got - question.expected)}"
    )

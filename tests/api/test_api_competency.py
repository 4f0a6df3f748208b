"""The curation issue's competency questions, asked over GraphQL and checked against answers
computed independently through the facade."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import kg

PAGE = """
query($where: ArgumentWhere, $after: String) {
  arguments(where: $where, first: 100, after: $after) {
    totalCount nodes { id } pageInfo { hasNextPage endCursor }
  }
}"""


def all_argument_ids(data: Callable[..., dict[str, Any]], where: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        got = data(PAGE, {"where": where, "after": after})["arguments"]
        ids += [n["id"] for n in got["nodes"]]
        if not got["pageInfo"]["hasNextPage"]:
            assert len(ids) == got["totalCount"]
            return ids
        after = got["pageInfo"]["endCursor"]


def test_which_arguments_assume_sandboxed_in_training(data, graph: kg.KnowledgeGraph) -> None:
    got = all_argument_ids(data, {"assumes": "sandboxed-in-training"})
    want = sorted(a.id for a in graph.arguments()
                  if any(d.assumption_id == "sandboxed-in-training" and d.direction == "holds"
                         for d in a.dependencies))
    assert want, "the curated graph should have arguments assuming sandboxed-in-training"
    assert got == want
    assert got == sorted(a.id for a in graph.arguments_assuming("sandboxed-in-training", "holds"))


def test_which_arguments_need_parameters_fixed_in_deployment_to_fail(
    data, graph: kg.KnowledgeGraph
) -> None:
    got = all_argument_ids(data, {"assumesNot": "parameters-fixed-in-deployment"})
    want = sorted(a.id for a in graph.arguments()
                  if any(d.assumption_id == "parameters-fixed-in-deployment"
                         and d.direction == "fails" for d in a.dependencies))
    assert want
    assert got == want


def test_depends_on_is_either_direction(data, graph: kg.KnowledgeGraph) -> None:
    x = "parameters-fixed-in-deployment"
    got = all_argument_ids(data, {"dependsOn": x})
    assert got == sorted(a.id for a in graph.arguments()
                         if (d := a.depends_on(x)) is not None and d.is_premise)
    argues = all_argument_ids(data, {"arguesNot": "sandboxed-in-training"})
    assert argues == sorted(a.id for a in graph.arguments()
                            if (d := a.depends_on("sandboxed-in-training")) is not None
                            and d.direction == "argues-fails")


def test_which_exceptions_undermine_hubinger_sleeper_agents(
    data, graph: kg.KnowledgeGraph
) -> None:
    got = data("""{ argument(id: "hubinger-sleeper-agents") {
        underminedBy { exception { id name } assumption { id } } } }""")
    pairs = {(u["exception"]["id"], u["assumption"]["id"])
             for u in got["argument"]["underminedBy"]}
    # independently: an exception undermines the argument where a documented observation
    # shows a premise of the argument taking the opposite value (no forecasts, no conclusions)
    arg = graph.argument("hubinger-sleeper-agents")
    want = set()
    for e in graph.exceptions():
        for o in e.observations:
            d = arg.depends_on(o.assumption_id)
            if d is None or not d.is_premise or o.status == "predicted":
                continue
            holds = o.status == "holds"
            if holds != (d.direction == "holds"):
                want.add((e.id, o.assumption_id))
    assert want
    assert pairs == want
    # and the inverse view: those exceptions list the argument under `undermines`
    for eid, _ in want:
        ex = data("query($id: ID!) { exception(id: $id) { undermines { argument { id } } } }",
                  {"id": eid})
        assert "hubinger-sleeper-agents" in {u["argument"]["id"]
                                             for u in ex["exception"]["undermines"]}
    # and the filter
    for eid in {e for e, _ in want}:
        assert "hubinger-sleeper-agents" in all_argument_ids(data, {"underminedBy": eid})


def test_scenario_no_gate_and_not_sandboxed(data, graph: kg.KnowledgeGraph) -> None:
    facts = {"pre-deployment-gate": False, "sandboxed-in-training": False}
    got = data("""query($facts: [FactInput!]) { evaluateScenario(facts: $facts) {
        facts { assumption { id } holds }
        undermined { argument { id } brokenAssumptions { id } }
        weakened { argument { id } weakenedAssumptions { id } }
        supported { argument { id } supportingAssumptions { id } }
        unaffectedCount } }""",
               {"facts": [{"assumption": k, "holds": v} for k, v in facts.items()]})
    report = got["evaluateScenario"]
    undermined = {v["argument"]["id"]: sorted(a["id"] for a in v["brokenAssumptions"])
                  for v in report["undermined"]}
    supported = {v["argument"]["id"]: sorted(a["id"] for a in v["supportingAssumptions"])
                 for v in report["supported"]}
    want_u: dict[str, list[str]] = {}
    want_s: dict[str, list[str]] = {}
    weakened = 0
    for a in graph.arguments():
        hit = [d for d in a.premises if d.assumption_id in facts and not d.group]
        broken = sorted(d.assumption_id for d in hit
                        if d.direction == "holds" and d.strength == "necessary")
        soft = [d for d in hit if d.direction == "holds" and d.strength == "supporting"]
        agree = sorted(d.assumption_id for d in hit if d.direction == "fails")
        if any(d.group for d in a.premises if d.assumption_id in facts):
            continue  # any-of groups are covered by tests/kg/test_semantics.py
        if broken:
            want_u[a.id] = broken
        elif soft:
            weakened += 1
        elif agree:
            want_s[a.id] = agree
    assert want_u and weakened
    assert len(report["weakened"]) >= weakened
    assert {k: v for k, v in undermined.items() if k in want_u or k not in want_s} == want_u
    assert {k: v for k, v in supported.items() if k in want_s} == want_s
    assert {(f["assumption"]["id"], f["holds"]) for f in report["facts"]} == set(facts.items())


def test_scenario_from_exception(data, graph: kg.KnowledgeGraph) -> None:
    e = graph.exceptions()[0]
    got = data("query($e: ID) { evaluateScenario(fromException: $e) { undermined { argument "
               "{ id } } unaffectedCount } }", {"e": e.id})
    report = graph.evaluate(from_exception=e.id)
    assert [v["argument"]["id"] for v in got["evaluateScenario"]["undermined"]] == [
        v.argument_id for v in report.undermined]

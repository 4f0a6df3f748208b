"""Model v2 semantics: premises against conclusions, forecasts against documented cases,
strength and any-of groups, each checked on a small fixture graph and on the curated data."""

from __future__ import annotations

import pytest

import kg
from kg.network import most_exposed_arguments
from tests.conftest import CORE, FIXTURES

VALID = FIXTURES / "valid"


@pytest.fixture(scope="module")
def small() -> kg.KnowledgeGraph:
    return kg.load([CORE, VALID / "premise_group.ttl", VALID / "forecast.ttl"])


def test_conclusion_is_not_a_premise(small: kg.KnowledgeGraph) -> None:
    arg = small.argument("fixture-argument")
    conclusion = arg.depends_on("discrete-phases")
    assert conclusion is not None and conclusion.direction == "argues-fails"
    assert not conclusion.is_premise and conclusion.strength is None
    assert small.arguments_assuming("discrete-phases") == []
    assert small.arguments_assuming("discrete-phases", "fails") == []
    assert [a.id for a in small.arguments_assuming("discrete-phases", "argues-fails")] == [
        "fixture-argument"]
    # no fact about a conclusion moves the verdict
    for holds in (True, False):
        report = small.evaluate({"discrete-phases": holds})
        assert {v.argument_id: v.status for v in report.verdicts}["fixture-argument"] == \
            "unaffected"


def test_any_of_group_breaks_only_when_every_member_breaks(small: kg.KnowledgeGraph) -> None:
    arg = small.argument("fixture-argument")
    assert [(g.id, g.combination, g.members) for g in arg.groups] == [(
        "fixture-argument.containment-either", "any-of",
        ("access-limited-in-deployment", "sandboxed-in-deployment"))]

    def verdict(**facts: bool) -> kg.model.Verdict:
        report = small.evaluate({k.replace("_", "-"): v for k, v in facts.items()})
        return next(v for v in report.verdicts if v.argument_id == "fixture-argument")

    one = verdict(sandboxed_in_deployment=False)
    assert one.status == "weakened" and one.weakened_by == ("sandboxed-in-deployment",)
    both = verdict(sandboxed_in_deployment=False, access_limited_in_deployment=False)
    assert both.status == "undermined"
    assert both.broken == ("access-limited-in-deployment", "sandboxed-in-deployment")
    rescued = verdict(sandboxed_in_deployment=False, access_limited_in_deployment=True)
    assert rescued.status == "weakened" and rescued.supported_by == (
        "access-limited-in-deployment",)
    # a necessary premise outside the group still undermines on its own
    assert verdict(sandboxed_in_training=False).status == "undermined"


def test_forecasts_are_kept_but_not_evidence(small: kg.KnowledgeGraph) -> None:
    exc = small.exception("fixture-exception")
    assert exc.kind == "forecast" and all(o.is_forecast for o in exc.observations)
    assert small.exceptions_observing("sandboxed-in-training") == []
    assert [e.id for e in small.exceptions_observing(
        "sandboxed-in-training", include_forecasts=True)] == ["fixture-exception"]
    assert small.underminings() == []
    with_forecasts = small.underminings(include_forecasts=True)
    assert {(u.argument_id, u.assumption_id, u.status) for u in with_forecasts} == {
        ("fixture-argument", "sandboxed-in-training", "predicted")}
    assert most_exposed_arguments(small) == []
    assert most_exposed_arguments(small, include_forecasts=True) == [("fixture-argument", 1)]


def test_direction_spellings(small: kg.KnowledgeGraph) -> None:
    assert small.arguments_assuming("sandboxed-in-training", "requires-holds") == \
        small.arguments_assuming("sandboxed-in-training", "holds")
    with pytest.raises(ValueError):
        small.arguments_assuming("sandboxed-in-training", "sideways")


def test_curated_headline_answers_are_premises(graph: kg.KnowledgeGraph) -> None:
    for a in ("sandboxed-in-training", "sandboxed-in-deployment", "sandboxed-in-evaluation",
              "parameters-fixed-in-deployment",
              "model-can-distinguish-training-from-deployment"):
        for arg in graph.arguments_assuming(a):
            dep = arg.depends_on(a)
            assert dep is not None and dep.is_premise
            assert dep.review.reviewer and dep.review.reviewer != dep.review.curator
            assert dep.locator.strip().lower().rstrip(".") != "abstract"


def test_curated_forecasts_never_undermine(graph: kg.KnowledgeGraph) -> None:
    forecasts = {e.id for e in graph.exceptions() if any(o.is_forecast for o in e.observations)}
    assert forecasts, "the essay's forecasts are in the graph"
    assert not forecasts & {u.exception_id for u in graph.underminings()}
    assert forecasts & {u.exception_id for u in graph.underminings(include_forecasts=True)}
    exposed = dict(most_exposed_arguments(graph))
    with_forecasts = dict(most_exposed_arguments(graph, include_forecasts=True))
    assert sum(exposed.values()) < sum(with_forecasts.values())

"""The facade's read methods, unknown ids, scenario evaluation and the store boundary."""

from __future__ import annotations

import pytest

import kg
from kg.store import RdflibStore, bind, check_iri, query_names


def test_unknown_id_names_it_and_suggests(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(kg.UnknownIdError) as err:
        graph.arguments_assuming("sandboxed-in-trainng")
    assert "sandboxed-in-trainng" in str(err.value)
    assert "sandboxed-in-training" in err.value.suggestions


@pytest.mark.parametrize("bad", ["", "X", "a b", "<x>", "sandboxed-in-training>", "lcd:?"])
def test_malformed_ids_are_unknown_not_crashes(graph: kg.KnowledgeGraph, bad: str) -> None:
    with pytest.raises(kg.UnknownIdError):
        graph.assumption(bad)


def test_iri_and_slug_both_resolve(graph: kg.KnowledgeGraph) -> None:
    a = graph.assumption("sandboxed-in-training")
    assert graph.assumption(a.iri) == a
    assert graph.resolve(a.iri) == a
    assert graph.kind_of("training") == "phase"


def test_direction_filters(graph: kg.KnowledgeGraph) -> None:
    both = {a.id for a in graph.arguments_assuming("sandboxed-in-training")}
    holds = {a.id for a in graph.arguments_assuming("sandboxed-in-training", "holds")}
    fails = {a.id for a in graph.arguments_assuming("sandboxed-in-training", "fails")}
    argues = {a.id for a in graph.arguments_assuming("sandboxed-in-training", "argues-fails")}
    assert holds | fails == both and not holds & fails
    assert not argues & both, "a conclusion is not a premise"
    for a in graph.arguments_assuming("sandboxed-in-training", "holds"):
        dep = a.depends_on("sandboxed-in-training")
        assert dep is not None and dep.direction == "holds"


def test_undermining_means_opposite_values(graph: kg.KnowledgeGraph) -> None:
    for u in graph.underminings():
        arg = graph.argument(u.argument_id)
        dep = arg.depends_on(u.assumption_id)
        obs = next(o for o in graph.exception(u.exception_id).observations
                   if o.assumption_id == u.assumption_id)
        assert dep is not None and obs.status == u.status
        if dep.direction == "holds":
            assert obs.status in ("violated", "weakened")
        else:
            assert obs.status == "holds"


def test_evaluate_verdicts(graph: kg.KnowledgeGraph) -> None:
    report = graph.evaluate({"parameters-fixed-in-deployment": False})
    holders = graph.arguments_assuming("parameters-fixed-in-deployment", "holds")
    needs = {a.id for a in holders
             if a.depends_on("parameters-fixed-in-deployment").strength == "necessary"}  # type: ignore[union-attr]
    against = {a.id for a in graph.arguments_assuming("parameters-fixed-in-deployment", "fails")}
    assert {v.argument_id for v in report.undermined} == needs
    assert {v.argument_id for v in report.supported} == against
    assert len(report.verdicts) == len(graph.arguments())
    assert all(v.broken == ("parameters-fixed-in-deployment",) for v in report.undermined)


def test_evaluate_from_exception_uses_its_observations(graph: kg.KnowledgeGraph) -> None:
    report = graph.evaluate(from_exception="webgpt-live-browsing")
    hit = {v.argument_id for v in report.undermined + report.weakened}
    assert hit == {u.argument_id for u in graph.arguments_undermined_by("webgpt-live-browsing")}
    # a necessary premise undermines, a supporting one weakens
    for u in graph.arguments_undermined_by("webgpt-live-browsing"):
        status = {v.argument_id: v.status for v in report.verdicts}[u.argument_id]
        assert status == ("undermined" if u.strength == "necessary" else "weakened")
    # an explicit fact overrides what the exception shows
    hit = {v.argument_id for v in report.verdicts
           if "sandboxed-in-training" in v.broken + v.weakened_by}
    assert hit == {a.id for a in graph.arguments_assuming("sandboxed-in-training", "holds")}
    flipped = graph.evaluate({"sandboxed-in-training": True}, from_exception="webgpt-live-browsing")
    broken_by_fact = {v.argument_id for v in flipped.verdicts
                      if "sandboxed-in-training" in v.broken + v.weakened_by}
    assert broken_by_fact == {a.id for a in graph.arguments_assuming(
        "sandboxed-in-training", "fails")}
    assert dict((f.assumption_id, f.holds) for f in flipped.facts)["sandboxed-in-training"]


def test_evaluate_rejects_non_boolean_facts(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(ValueError):
        graph.evaluate({"sandboxed-in-training": "yes"})  # type: ignore[dict-item]


def test_properties_have_levels_and_archetypes(graph: kg.KnowledgeGraph) -> None:
    for p in graph.properties():
        assert len(p.levels) >= 2
        assert [lv.rank for lv in p.levels] == sorted(lv.rank for lv in p.levels)
        assert p.scale in ("binary", "ordinal", "rate")
        for arch in p.archetypes:
            assert arch.value in p.levels
    updating = graph.property("parameter-updating")
    values = {a.phase_id: a.value.id for a in updating.archetypes}
    assert values["training"] == "parameter-updating.continual"
    assert values["deployment"] == "parameter-updating.none"


def test_search_finds_across_kinds(graph: kg.KnowledgeGraph) -> None:
    kinds = {h.kind for h in graph.search("sandbox")}
    assert {"argument", "exception", "assumption"} <= kinds
    assert graph.search("   ") == []


def test_rdflib_store_answers_like_oxigraph(graph: kg.KnowledgeGraph) -> None:
    other = kg.KnowledgeGraph(RdflibStore(graph.rdf))
    for a in ("sandboxed-in-training", "pre-deployment-gate"):
        assert [x.id for x in other.arguments_assuming(a)] == [
            x.id for x in graph.arguments_assuming(a)]
    assert other.stats() == graph.stats()


def test_parameters_never_reach_the_query_text() -> None:
    with pytest.raises(ValueError):
        check_iri('https://x/> } ; DROP ALL ; #')
    with pytest.raises(ValueError):
        bind("SELECT ?s WHERE { ?s ?p ?o }", {"s": ["https://ok/\"x"]})
    text = bind("SELECT ?s WHERE { ?s ?p ?o }", {"s": ["https://w3id.org/x"]})
    assert "VALUES ?s { <https://w3id.org/x> }" in text


def test_every_named_query_parses(graph: kg.KnowledgeGraph) -> None:
    from rdflib.plugins.sparql import prepareQuery

    from kg.store import query_text

    names = query_names()
    assert "arguments_by_assumption" in names
    for n in names:
        prepareQuery(query_text(n))


def test_hydration_is_cached(graph: kg.KnowledgeGraph) -> None:
    graph.arguments()
    before = graph.query_count
    graph.arguments()
    [graph.argument(a.id) for a in graph.arguments()[:20]]
    assert graph.query_count == before


def test_undermining_rule_matches_its_sparql_statement(graph: kg.KnowledgeGraph) -> None:
    from kg.namespaces import slug_of

    rows = graph._store.select("underminings")
    sparql = {(slug_of(str(e)), slug_of(str(a)), slug_of(str(x))) for e, a, x, _s, _d in rows}
    python = {(u.exception_id, u.argument_id, u.assumption_id) for u in graph.underminings()}
    assert sparql == python and python
    # the filtered forms are slices of the whole
    u = graph.underminings()[0]
    assert u in graph.underminings(argument=u.argument_id)
    assert u in graph.underminings(exception=u.exception_id)
    assert graph.underminings(argument=u.argument_id, exception=u.exception_id) == [
        x for x in graph.underminings()
        if x.argument_id == u.argument_id and x.exception_id == u.exception_id]


def test_reverse_links(graph: kg.KnowledgeGraph) -> None:
    for s in graph.sources():
        assert graph.arguments_citing(s.id) == [a for a in graph.arguments() if a.source == s]
    assert {a.id for a in graph.responders_to("soares-sharp-left-turn")} >= {
        "pope-no-sharp-left-turn"}
    assert graph.exceptions_in_phase("evaluation") == [
        e for e in graph.exceptions() if "evaluation" in e.phase_ids]
    assert {e.id for e in graph.illustrations_of("costly-robot-rl-failures")} == {
        "daydreamer-real-world-robots", "qt-opt-real-robot-grasping",
        "real-world-legged-locomotion-rl"}

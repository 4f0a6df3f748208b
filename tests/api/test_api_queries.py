"""Contract queries in-process: fields, filters, paging, node, search, stats."""

from __future__ import annotations

import base64

import kg

ARG_FIELDS = """
  id iri title summary kind
  source { id title authors year url arxivId }
  dependencies { assumption { id label } direction evidence locator rationale }
  underminedBy { exception { id name } assumption { id } }
  responds { id }
"""


def test_argument_contract_fields(data, graph: kg.KnowledgeGraph) -> None:
    a = graph.argument("hubinger-sleeper-agents")
    got = data(f'{{ argument(id: "hubinger-sleeper-agents") {{ {ARG_FIELDS} }} }}')["argument"]
    assert got["id"] == a.id and got["iri"] == a.iri and got["title"] == a.title
    assert got["kind"] == a.kind
    assert got["source"]["title"] == a.source.title
    assert got["source"]["authors"] == list(a.source.authors)
    assert [(d["assumption"]["id"], d["direction"], d["evidence"]) for d in got["dependencies"]] \
        == [(d.assumption_id, {"holds": "REQUIRES_HOLDS", "fails": "REQUIRES_FAILS",
                                "argues-fails": "ARGUES_FAILS"}[d.direction], d.evidence.upper())
            for d in a.dependencies]
    assert [r["id"] for r in got["responds"]] == sorted(set(a.responds_to) | set(a.disputes))


def test_argument_by_iri(data, graph: kg.KnowledgeGraph) -> None:
    a = graph.arguments()[0]
    assert data(f'{{ argument(id: "{a.iri}") {{ id }} }}')["argument"]["id"] == a.id


def test_paging_is_relay_and_stable(data, graph: kg.KnowledgeGraph) -> None:
    every = [a.id for a in graph.arguments()]
    q = """query($after: String) { arguments(first: 7, after: $after) {
        totalCount nodes { id } edges { cursor node { id } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = data(q, {"after": after})["arguments"]
        assert page["totalCount"] == len(every)
        assert [e["node"]["id"] for e in page["edges"]] == [n["id"] for n in page["nodes"]]
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == every
    # cursors are opaque but stable: the same record always gets the same cursor
    cursor = data("{ arguments(first: 1) { edges { cursor } } }")["arguments"]["edges"][0]
    assert cursor["cursor"] == base64.urlsafe_b64encode(f"argument:{every[0]}".encode()).decode()


def test_first_default_is_20_and_zero_is_allowed(data, graph: kg.KnowledgeGraph) -> None:
    got = data("{ arguments { nodes { id } pageInfo { hasNextPage } } }")["arguments"]
    assert len(got["nodes"]) == min(20, len(graph.arguments()))
    got = data("{ arguments(first: 0) { totalCount nodes { id } } }")["arguments"]
    assert got["nodes"] == [] and got["totalCount"] == len(graph.arguments())


def test_filters_combine_with_and(data, graph: kg.KnowledgeGraph) -> None:
    q = """query($w: ArgumentWhere) { arguments(where: $w, first: 100) { nodes { id } } }"""
    kind = "threat-model"
    got = [n["id"] for n in data(q, {"w": {"kind": kind, "phase": "deployment"}})
           ["arguments"]["nodes"]]
    on_phase = {a.id for a in graph.arguments_on_property(phase="deployment")}
    want = sorted(a.id for a in graph.arguments() if a.kind == kind and a.id in on_phase)
    assert want and got == want


def test_property_and_text_filters(data, graph: kg.KnowledgeGraph) -> None:
    q = """query($w: ArgumentWhere) { arguments(where: $w, first: 100) { nodes { id } } }"""
    prop = graph.properties()[0].id
    got = [n["id"] for n in data(q, {"w": {"property": prop}})["arguments"]["nodes"]]
    assert got == sorted(a.id for a in graph.arguments_on_property(property=prop))
    got = [n["id"] for n in data(q, {"w": {"text": "SANDBOX"}})["arguments"]["nodes"]]
    want = sorted(a.id for a in graph.arguments()
                  if "sandbox" in (a.title + " " + a.summary).lower())
    assert want and got == want


def test_exceptions_where(data, graph: kg.KnowledgeGraph) -> None:
    q = """query($w: ExceptionWhere) { exceptions(where: $w, first: 100) {
        totalCount nodes { id name year kind source { id } observations { assumption { id }
        status } undermines { argument { id } assumption { id } } } } }"""
    got = data(q, {"w": {"observes": "sandboxed-in-training", "status": "VIOLATED"}})
    want = sorted(e.id for e in graph.exceptions()
                  if any(o.assumption_id == "sandboxed-in-training" and o.status == "violated"
                         for o in e.observations))
    assert want and [n["id"] for n in got["exceptions"]["nodes"]] == want
    got = data(q, {"w": {"phase": "deployment", "text": "a"}})["exceptions"]["nodes"]
    want = sorted(e.id for e in graph.exceptions() if "deployment" in e.phase_ids
                  and "a" in (e.name + e.summary).lower())
    assert [n["id"] for n in got] == want
    for n in got:
        want_u = {(u.argument_id, u.assumption_id) for u in graph.underminings(exception=n["id"])}
        assert {(u["argument"]["id"], u["assumption"]["id"]) for u in n["undermines"]} == want_u


def test_properties_phases_sources_assumptions(data, graph: kg.KnowledgeGraph) -> None:
    got = data("""{ properties { id iri label scale unit levels { id rank }
                   archetypes { phase { id } value { id } } assumptions { id } }
                 phases { id order } sources { id } assumptions { id property { id } } }""")
    assert [p["id"] for p in got["properties"]] == [p.id for p in graph.properties()]
    p0, g0 = got["properties"][0], graph.properties()[0]
    assert p0["scale"] == g0.scale.upper()
    assert [(a["phase"]["id"], a["value"]["id"]) for a in p0["archetypes"]] == [
        (a.phase_id, a.value.id) for a in g0.archetypes]
    assert [p["id"] for p in got["phases"]] == [p.id for p in graph.phases()]
    assert [s["id"] for s in got["sources"]] == [s.id for s in graph.sources()]
    assert len(got["assumptions"]) == len(graph.assumptions())
    one = data('{ property(id: "capability-drift") { id assumptions { id } } '
               'assumption(id: "sandboxed-in-training") { id phase { id } '
               'arguments(direction: REQUIRES_HOLDS) { id } v1: arguments(direction: HOLDS) { id } '
               'exceptions(status: VIOLATED) { id } } }')
    assert one["assumption"]["phase"]["id"] == "training"
    assert [a["id"] for a in one["assumption"]["arguments"]] == [
        a.id for a in graph.arguments_assuming("sandboxed-in-training", "holds")]
    assert [e["id"] for e in one["assumption"]["exceptions"]] == [
        e.id for e in graph.exceptions_observing("sandboxed-in-training", "violated")]


def test_node_resolves_every_kind(data, graph: kg.KnowledgeGraph) -> None:
    ids = {
        "Argument": graph.arguments()[0].id, "Exception": graph.exceptions()[0].id,
        "Assumption": "sandboxed-in-training", "Phase": "training",
        "Source": graph.sources()[0].id, "LifecycleProperty": graph.properties()[0].id,
        "Level": graph.properties()[0].levels[0].id,
    }
    for typename, id in ids.items():
        got = data("query($id: ID!) { node(id: $id) { __typename id iri } }", {"id": id})
        assert got["node"]["__typename"] == typename
        assert got["node"]["id"] == id
    iri = graph.arguments()[0].iri
    assert data(f'{{ node(id: "{iri}") {{ id }} }}')["node"]["id"] == graph.arguments()[0].id


def test_search(data, graph: kg.KnowledgeGraph) -> None:
    got = data('{ search(text: "sandbox", first: 5) { kind id label score '
               'node { __typename id } } }')["search"]
    want = graph.search("sandbox", limit=5)
    assert [(h["kind"], h["id"]) for h in got] == [(h.kind, h.id) for h in want]
    assert all(h["node"]["id"] == h["id"] for h in got)


def test_stats(data, graph: kg.KnowledgeGraph) -> None:
    got = data("{ stats { arguments exceptions assumptions sources triples dependencies } }")
    s = graph.stats()
    assert got["stats"] == {"arguments": s["Argument"], "exceptions": s["Exception"],
                            "assumptions": s["Assumption"], "sources": s["Source"],
                            "triples": s["triples"], "dependencies": s["Dependency"]}


def test_cli_query_entry_point(graph: kg.KnowledgeGraph) -> None:
    from api.schema import execute_query

    out = execute_query(graph, "query($id: ID!) { argument(id: $id) { id } }",
                        {"id": "hubinger-sleeper-agents"})
    assert out == {"data": {"argument": {"id": "hubinger-sleeper-agents"}}}
    bad = execute_query(graph, '{ argument(id: "nope-nope") { id } }')
    assert bad["errors"][0]["extensions"]["code"] == "UNKNOWN_ID"

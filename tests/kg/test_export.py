"""Exports round-trip, Turtle is canonical, and data files stay in canonical form."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

import kg
from kg.fmt import canonical_text
from kg.resources import data_files
from tests.conftest import ROOT


def test_turtle_export_round_trips(graph: kg.KnowledgeGraph) -> None:
    text = graph.export("ttl")
    again = rdflib.Graph().parse(data=text, format="turtle")
    assert isomorphic(again, graph.rdf)
    independent = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
    assert len(independent) == len(graph)


def test_turtle_export_is_canonical(graph: kg.KnowledgeGraph) -> None:
    text = graph.export("ttl")
    reloaded = kg.KnowledgeGraph(graph._store)  # same store, fresh facade
    assert reloaded.export("ttl") == text
    # shuffled input order gives the same bytes
    triples = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
    from kg.turtle import canonical_turtle

    assert canonical_turtle(reversed(triples)) == text


def test_ntriples_and_jsonld(graph: kg.KnowledgeGraph) -> None:
    nt = graph.export("nt")
    assert isomorphic(rdflib.Graph().parse(data=nt, format="nt"), graph.rdf)
    doc = json.loads(graph.export("jsonld"))
    assert "@context" in doc
    assert isomorphic(rdflib.Graph().parse(data=json.dumps(doc), format="json-ld"), graph.rdf)


def test_graphml_export(graph: kg.KnowledgeGraph) -> None:
    import io

    import networkx as nx

    g = nx.read_graphml(io.BytesIO(graph.export("graphml").encode()))
    assert g.number_of_nodes() == graph.to_networkx().number_of_nodes()


def test_data_files_are_canonical() -> None:
    drift = [str(f.relative_to(ROOT)) for f in data_files()
             if canonical_text(f.read_bytes()) != f.read_text("utf-8")]
    assert not drift, f"not in canonical form: {drift}; run `make fmt` to fix"


def test_fmt_check_cli_reports_drift(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.ttl"
    f.write_text("@prefix lcd: <https://w3id.org/lifecycle-kg/id/> .\nlcd:b lcd:p lcd:c . "
                 "lcd:a lcd:p lcd:c .\n", encoding="utf-8")
    run = [sys.executable, "-m", "kg.cli", "fmt"]
    r = subprocess.run([*run, "--check", str(f)], capture_output=True, text=True)
    assert r.returncode == 1 and "make fmt" in r.stderr
    assert subprocess.run([*run, str(f)], capture_output=True).returncode == 0
    assert subprocess.run([*run, "--check", str(f)], capture_output=True).returncode == 0


_any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_iri = st.sampled_from([
    "https://w3id.org/lifecycle-kg/id/a", "https://w3id.org/lifecycle-kg/id/a.b",
    "https://w3id.org/lifecycle-kg/id/a.b.c", "https://w3id.org/lifecycle-kg/id/bad.",
    "https://w3id.org/lifecycle-kg/ontology#Argument", "https://w3id.org/lifecycle-kg/ontology#x",
    "http://www.w3.org/2001/XMLSchema#integer", "http://example.org/other/thing",
    "http://example.org/a b".replace(" ", "%20"), "urn:x:y", "https://schema.org/url"])
_datatype = st.sampled_from([
    "http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#boolean",
    "http://www.w3.org/2001/XMLSchema#date", "http://www.w3.org/2001/XMLSchema#string",
    "http://example.org/dt"])
_object = st.one_of(
    _iri.map(ox.NamedNode),
    _any_text.map(ox.Literal),
    st.tuples(st.one_of(_any_text, st.sampled_from(["5", "+7", "007", "true", "1", "x"])),
              _datatype).map(lambda t: ox.Literal(t[0], datatype=ox.NamedNode(t[1]))),
    st.tuples(_any_text, st.sampled_from(["en", "en-GB", "de"])).map(
        lambda t: ox.Literal(t[0], language=t[1])),
    st.sampled_from(["b1", "b2"]).map(ox.BlankNode))
_subject = st.one_of(_iri.map(ox.NamedNode), st.sampled_from(["b1", "b2"]).map(ox.BlankNode))
_predicate = st.sampled_from([
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label",
    "https://w3id.org/lifecycle-kg/ontology#locator", "http://example.org/p",
    "https://w3id.org/lifecycle-kg/ontology#zzz"]).map(ox.NamedNode)
_graph = st.sampled_from([ox.DefaultGraph(), ox.NamedNode("file:///a.ttl"),
                          ox.NamedNode("file:///b%20c.ttl")])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_subject, _predicate, _object, _graph), max_size=25))
def test_the_store_writer_matches_the_reference_byte_for_byte(
        quads: list[tuple[Any, Any, Any, Any]]) -> None:
    from kg.turtle import canonical_turtle, store_turtle
    from tests.kg.reference_turtle import canonical_turtle as reference

    store = ox.Store()
    store.extend([ox.Quad(*q) for q in quads])
    expected = reference(store.quads_for_pattern(None, None, None))
    assert store_turtle(store) == expected
    assert canonical_turtle(store.quads_for_pattern(None, None, None)) == expected


def test_the_store_writer_survives_a_dump_of_many_pieces() -> None:
    from kg.turtle import store_turtle
    from tests.kg.reference_turtle import canonical_turtle as reference

    store = ox.Store()  # several MB, so the dump is read in more than one piece
    store.extend(ox.Quad(ox.NamedNode(f"https://w3id.org/lifecycle-kg/id/r{i // 7}"),
                         ox.NamedNode(f"http://example.org/p{i % 7}"),
                         ox.Literal(f"text {i} with \\ and \" and \n and é " + "x" * 500))
                 for i in range(20_000))
    assert store_turtle(store) == reference(store.quads_for_pattern(None, None, None))


@pytest.mark.parametrize("read_bytes", [1, 7, 4096])
def test_reads_that_end_mid_line_lose_nothing(monkeypatch: pytest.MonkeyPatch,
                                              read_bytes: int) -> None:
    """A read can catch up with the dumping thread anywhere, even inside a term."""
    import kg.turtle
    from tests.kg.reference_turtle import canonical_turtle as reference

    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"https://w3id.org/lifecycle-kg/id/r{i // 3}"),
                         ox.NamedNode(f"http://example.org/p{i % 3}"),
                         ox.Literal(f"é {i} .\n ok"))
                 for i in range(300))
    monkeypatch.setattr(kg.turtle, "READ_BYTES", read_bytes)
    assert kg.turtle.store_turtle(store) == reference(store.quads_for_pattern(None, None, None))

"""Exports round-trip, Turtle is canonical, and data files stay in canonical form."""

from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox
import rdflib
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
